"""What each field type accepts: parsing typed text, checking stored values, display text.

``parse_input`` is the single door for what a person types (GUI, ``hzsubsidy set``);
``check_value`` re-checks values already in a document (imports, files);
``display`` turns a stored value back into text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.values import amounts, credit_code

if TYPE_CHECKING:  # annotations only: the GUI's first paint needs InputError, not the definitions
    from hzsubsidy_desktop.formdef import FieldDef

# ASCII: ``\d`` alone would take other scripts' digits (Arabic-Indic ٠١٢…) for a number one can dial.
_MOBILE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
_LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}(-\d{1,6})?$", re.ASCII)
_SERVICE = re.compile(r"^[48]00-?\d{3}-?\d{4}$", re.ASCII)
_YEARMONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
MONEY_PATTERN = r"^-?(0|[1-9]\d{0,11})(\.\d{1,4})?$"
YEARMONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
MAX_INTEGER = 10**12
TRUE_WORDS = {"是", "true", "1", "yes", "y", "√", "☑", "确认"}
FALSE_WORDS = {"否", "false", "0", "no", "n", ""}


class InputError(AppError, ValueError):
    """Rejected input; ``message`` names the field by its label and says what is expected."""


@dataclass(frozen=True)
class Parsed:
    value: Any  # the normalised stored value; None means "empty"
    note: str | None = None


def clean_text(text: str) -> str:
    """Remove control characters that no document format can hold; keep newlines and tabs."""
    return _CONTROL.sub("", text)


def check_characters(text: str, label: str) -> None:
    """Raise :class:`InputError` when ``text`` holds characters no file can store: lone surrogates,
    which is what bytes that were not UTF-8 become (a terminal in another encoding)."""
    if _LONE_SURROGATE.search(text):
        raise InputError(f"“{label}”含有无法识别的字符（输入的文字不是 UTF-8 编码，请检查终端或输入法的编码设置）。")


def expectation(field: FieldDef) -> str:
    """What a field expects, in Chinese, for messages and placeholders."""
    return {
        "money": "金额（万元），最多4位小数，例如 120.5" + ("，亏损可填负数" if field.allow_negative else ""),
        "area": "面积（平方米），例如 3200",
        "integer": "整数，例如 50",
        "yearmonth": "年月，例如 2024-03",
        "date": "日期，例如 2024-12-31",
        "phone": "11位手机号，或带区号的固定电话（如 0572-5123456）",
        "credit_code": "18位统一社会信用代码，例如 91330523MA2B7Q5K57",
        "choice": "以下之一：" + "、".join(field.choices),
        "multichoice": "以下一项或多项：" + "、".join(field.choices),
        "boolean": "勾选确认",
    }.get(field.type, f"文字，不超过{field.max_length}字" if field.max_length else "文字")


def _fail(field: FieldDef, reason: str, raw: str | None = None) -> InputError:
    shown = f"；收到“{raw[:30]}”" if raw else ""
    return InputError(f"“{field.label}”{reason}。应填写{expectation(field)}{shown}。")


def parse_input(field: FieldDef, text: Any) -> Parsed:
    """Turn what a person typed into the stored value, or raise :class:`InputError`."""
    if field.type == "multichoice":
        return _parse_multichoice(field, text)
    if field.type == "boolean":
        return _parse_boolean(field, text)
    check_characters(str(text), field.label)
    raw = clean_text(str(text))
    if not raw.strip():
        return Parsed(None)
    parser = _PARSERS.get(field.type, _parse_text)
    return parser(field, raw)


def _parse_text(field: FieldDef, raw: str) -> Parsed:
    value = raw if field.type == "longtext" else raw.strip()
    if field.max_length and len(value) > field.max_length:
        raise InputError(
            f"“{field.label}”最多{field.max_length}字，当前{len(value)}字，请精简。"
        )
    return Parsed(value)


def _parse_money(field: FieldDef, raw: str) -> Parsed:
    try:
        parsed = amounts.parse_amount(raw, allow_negative=field.allow_negative)
    except amounts.AmountError as exc:
        raise _fail(field, exc.message, raw) from exc
    _check_range(field, parsed.value, raw)
    return Parsed(amounts.to_text(parsed.value), parsed.note)


def _parse_area(field: FieldDef, raw: str) -> Parsed:
    text = amounts.normalize_text(raw)
    for unit in ("平方米", "平米", "㎡", "m2", "m²"):
        if text.endswith(unit):
            text = text[: -len(unit)]
            break
    if text.endswith("万"):
        raise _fail(field, "请直接填写平方米数（1万平方米填 10000）", raw)
    try:
        parsed = amounts.parse_amount(text, max_decimals=2)
    except amounts.AmountError as exc:
        raise _fail(field, exc.message, raw) from exc
    _check_range(field, parsed.value, raw)
    return Parsed(amounts.to_text(parsed.value))


def _parse_integer(field: FieldDef, raw: str) -> Parsed:
    text = amounts.normalize_text(raw).rstrip("家个款项人")
    text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) else text
    if not re.fullmatch(r"\d+", text):
        raise _fail(field, "只能填写不带小数的非负整数", raw)
    value = int(text)
    if value >= MAX_INTEGER:
        raise _fail(field, "数值过大", raw)
    _check_range(field, Decimal(value), raw)
    return Parsed(value)


def _parse_yearmonth(field: FieldDef, raw: str) -> Parsed:
    m = _YEARMONTH.match(amounts.normalize_text(raw))
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1990 <= int(m.group(1)) <= 2100:
        raise _fail(field, "不是有效的年月", raw)
    return Parsed(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}")


def _parse_date(field: FieldDef, raw: str) -> Parsed:
    m = _DATE.match(amounts.normalize_text(raw))
    try:
        if not m:
            raise ValueError
        value = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise _fail(field, "不是有效的日期", raw) from exc
    if not 1990 <= value.year <= 2100:
        raise _fail(field, "年份超出合理范围", raw)
    return Parsed(value.isoformat())


def normalize_phone(raw: str) -> str:
    text = amounts.normalize_text(raw)
    text = re.sub(r"^\+?86-?", "", text)
    text = re.sub(r"^\((0\d{2,3})\)-?", r"\1-", text)
    text = text.replace("—", "-").replace("－", "-")
    if re.fullmatch(r"0\d{9,11}", text) and not text.startswith(("01", "02")):
        # 0572xxxxxxx: four-digit area codes outside 01x/02x
        text = f"{text[:4]}-{text[4:]}"
    elif re.fullmatch(r"0[12]\d{8,9}", text):
        text = f"{text[:3]}-{text[3:]}"
    return text


def phone_ok(value: str) -> bool:
    return bool(_MOBILE.match(value) or _LANDLINE.match(value) or _SERVICE.match(value))


def _parse_phone(field: FieldDef, raw: str) -> Parsed:
    value = normalize_phone(raw)
    if not phone_ok(value):
        raise _fail(field, "不像有效的电话号码", raw)
    return Parsed(value)


def _parse_credit_code(field: FieldDef, raw: str) -> Parsed:
    value = credit_code.normalize(raw)
    problem = credit_code.format_problem(value)
    if problem:
        raise _fail(field, problem, raw)
    return Parsed(value)  # the check character is a rule (explain to proceed), not a rejection


def _parse_choice(field: FieldDef, raw: str) -> Parsed:
    value = raw.strip()
    if value not in field.choices:
        raise _fail(field, "不是可选项", raw)
    return Parsed(value)


def _parse_multichoice(field: FieldDef, text: Any) -> Parsed:
    if isinstance(text, str):
        items = [t.strip() for t in re.split(r"[、,，;；\n]", text) if t.strip()]
    elif isinstance(text, (list, tuple)):
        items = [str(t) for t in text]
    else:
        raise _fail(field, "不是可选项")
    bad = [i for i in items if i not in field.choices]
    if bad:
        raise _fail(field, f"含有不是可选项的“{bad[0]}”")
    ordered = [c for c in field.choices if c in items]  # canonical order, no duplicates
    return Parsed(ordered or None)


def _parse_boolean(field: FieldDef, text: Any) -> Parsed:
    if isinstance(text, bool):
        return Parsed(True if text else None)
    word = str(text).strip().lower()
    if word in TRUE_WORDS:
        return Parsed(True)
    if word in FALSE_WORDS:
        return Parsed(None)
    raise _fail(field, "只能是确认或不确认", str(text))


def _check_range(field: FieldDef, value: Decimal, raw: str) -> None:
    if field.min is not None and value < field.min:
        raise _fail(field, f"不应小于{field.min}", raw)
    if field.max is not None and value > field.max:
        raise _fail(field, f"不应大于{field.max}", raw)


_PARSERS = {
    "text": _parse_text,
    "longtext": _parse_text,
    "money": _parse_money,
    "area": _parse_area,
    "integer": _parse_integer,
    "yearmonth": _parse_yearmonth,
    "date": _parse_date,
    "phone": _parse_phone,
    "credit_code": _parse_credit_code,
    "choice": _parse_choice,
}


# Stored values already in canonical form, for which check_value's full parse is known to pass
# (range and sign aside): an import re-checks thousands of them. ASCII: ``\d`` would also match other
# scripts' digits, which the full parse does not keep.
_CANONICAL = {
    "money": re.compile(r"-?(0|[1-9]\d{0,11})(\.\d{0,3}[1-9])?", re.ASCII),
    "area": re.compile(r"(0|[1-9]\d{0,11})(\.\d?[1-9])?", re.ASCII),
    "credit_code": re.compile(r"[0-9A-HJ-NP-RTUWXY]{18}"),
    "phone": re.compile(r"1[3-9]\d{9}|0\d{2,3}-\d{7,8}(-\d{1,6})?|[48]00-?\d{3}-?\d{4}", re.ASCII),
}
_CANONICAL_YEARMONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])", re.ASCII)
_CANONICAL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# What parse_input removes or refuses in any text: control characters and lone surrogates.
_NOT_KEPT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def plain_test(field: FieldDef) -> Callable[[Any], bool]:
    """A test of stored values for ``field``: True only when :func:`check_value` would find nothing
    (``tests/test_field_types.py`` holds it to that); False says nothing. It takes a str, or for an
    integer field anything. Made once per field by a caller that checks many values (validation), so
    each value costs one call."""
    kind = field.type
    if kind == "integer":
        low, high = field.min, field.max  # an int compares with a Decimal exactly
        if low is None and high is None:
            return lambda value: type(value) is int and value >= 0
        return lambda value: (type(value) is int and value >= 0 and (low is None or value >= low)
                              and (high is None or value <= high))
    if kind == "text" or kind == "longtext":
        # the full parse only shortens a text (strips it, removes control characters): within the
        # limit as it stands, it is within the limit parsed; a lone surrogate is refused
        limit = field.max_length
        surrogate = _LONE_SURROGATE.search
        if limit:
            return lambda value: len(value) <= limit and not surrogate(value)
        return lambda value: not surrogate(value)
    if kind == "choice":
        choices = field.choices
        odd = _NOT_KEPT.search
        return lambda value: value in choices and value == value.strip() and not odd(value)
    if kind == "yearmonth":
        month = _CANONICAL_YEARMONTH.fullmatch
        return lambda value: month(value) is not None and 1990 <= int(value[:4]) <= 2100
    if kind == "date":
        return _plain_date
    pattern = _CANONICAL.get(kind)
    if pattern is None:
        return _never
    match = pattern.fullmatch
    if kind not in ("money", "area"):
        return lambda value: match(value) is not None
    negative = kind == "money" and field.allow_negative
    low, high = field.min, field.max

    def amount(value: str) -> bool:
        if match(value) is None or value == "-0" or (value[0] == "-" and not negative):
            return False
        if low is None and high is None:
            return True
        number = Decimal(value)
        return (low is None or number >= low) and (high is None or number <= high)

    return amount


def _plain_date(value: str) -> bool:
    if _CANONICAL_DATE.fullmatch(value) is None or not 1990 <= int(value[:4]) <= 2100:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _never(value: str) -> bool:
    return False


def _plainly_valid(field: FieldDef, value: Any) -> bool:
    """True only when :func:`check_value` would find nothing; False says nothing."""
    return (type(value) is str or field.type == "integer") and plain_test(field)(value)


def check_value(field: FieldDef, value: Any) -> str | None:
    """Re-check a stored value; a Chinese message when it is not what the type allows."""
    if value is None or _plainly_valid(field, value):
        return None
    return _check_fully(field, value)


def _check_fully(field: FieldDef, value: Any) -> str | None:
    try:
        if field.type in ("multichoice",):
            if not isinstance(value, list):
                raise _fail(field, "应为选项列表")
            parse_input(field, value)
        elif field.type == "boolean":
            if not isinstance(value, bool):
                raise _fail(field, "应为是或否")
        elif field.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _fail(field, "应为非负整数", str(value))
            _check_range(field, Decimal(value), str(value))
        else:
            if not isinstance(value, str):
                raise _fail(field, "应为文字", str(value))
            parsed = parse_input(field, value)
            if field.type in ("money", "area", "yearmonth", "date", "phone", "credit_code"):
                if parsed.value != value:
                    raise _fail(field, "格式不规范", value)
    except InputError as exc:
        return exc.message
    return None


def display(field: FieldDef, value: Any, *, grouping: bool = False) -> str:
    """Text for a stored value: money with two decimals, choices joined with 、."""
    if value is None:
        return ""
    if field.type == "money":
        return amounts.display(amounts.from_text(value), grouping=grouping)
    if field.type == "multichoice" and isinstance(value, list):
        return "、".join(value)
    if field.type == "boolean":
        return "是" if value else ""
    # only well-formed stored values are reformatted; anything else (from an untrusted file) shows as is
    if field.type == "yearmonth" and isinstance(value, str) and re.match(YEARMONTH_PATTERN, value):
        return f"{value[:4]}年{int(value[5:]):d}月"
    if field.type == "date" and isinstance(value, str) and re.match(DATE_PATTERN, value):
        return f"{value[:4]}年{int(value[5:7])}月{int(value[8:])}日"
    return str(value)
