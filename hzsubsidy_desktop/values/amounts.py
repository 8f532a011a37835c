"""Money in 万元 as ``Decimal``: parsing what people type, canonical text, display.

Accepted: full-width digits, spaces, thousands separators, a leading ¥, a trailing 万元/万
or 元 (元 is converted to 万元 and the caller is told). Rejected with a message: NaN,
infinities, exponents, words, more decimals than allowed, absurd magnitudes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext

from hzsubsidy_desktop.errors import AppError

MAX_DECIMALS = 4
MAX_INTEGER_DIGITS = 12  # 10^12 万元 is far beyond any project
MAX_TEXT = 40  # longer input cannot be a sane amount; keeps Decimal arithmetic exact

_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋（）　ＥｅＮＡＩａｎｉ",
    "0123456789.,-+() EeNAIani",
)
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_EXPONENT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+$")


class AmountError(AppError, ValueError):
    """The text is not an amount; ``message`` says why, in Chinese, without the field label."""


@dataclass(frozen=True)
class ParsedAmount:
    value: Decimal
    note: str | None = None  # e.g. a 元 → 万元 conversion the user should be told about


# Notes that start with this are hints (shown as 提示), not plain remarks.
UNIT_HINT = "提示："
# 万元 amounts from this size up look like 元 typed without the unit (100 亿元).
LIKELY_YUAN = Decimal(1_000_000)
# Amounts typed in 元 that come to less than this many 万元 look like 万元 typed with 元.
LIKELY_WANYUAN = Decimal("0.01")


def unit_hint(value: Decimal, *, typed_yuan: bool) -> str | None:
    """A 提示 when an amount looks typed in the wrong unit, else None."""
    if not typed_yuan and abs(value) >= LIKELY_YUAN:
        return (f"{UNIT_HINT}{format_plain(value)} 万元即 {format_plain(value / 10000)} 亿元，"
                "请核对单位：本表金额以万元为单位，按元填写请在数字后加“元”")
    if typed_yuan and value != 0 and abs(value) < LIKELY_WANYUAN:
        return (f"{UNIT_HINT}按元换算后只有 {format_plain(value)} 万元，"
                "请核对单位：如金额本就是万元，请去掉“元”")
    return None


def normalize_text(text: str) -> str:
    """Full-width to half-width, whitespace removed."""
    return re.sub(r"\s+", "", text.translate(_FULL_WIDTH))


def parse_amount(
    text: str, *, allow_negative: bool = False, max_decimals: int = MAX_DECIMALS
) -> ParsedAmount:
    """Parse typed text into 万元. Raises :class:`AmountError` with a Chinese reason."""
    raw = normalize_text(text)
    if not raw:
        raise AmountError("内容为空")
    if len(raw) > MAX_TEXT:
        raise AmountError("数额过大，请核对单位（万元）")
    raw = raw.lstrip("¥￥")
    note = None
    divisor = Decimal(1)
    if raw.endswith("万元"):
        raw = raw[:-2]
    elif raw.endswith("万"):
        raw = raw[:-1]
    elif raw.endswith("元"):
        raw = raw[:-1]
        divisor = Decimal(10000)
    raw = raw.replace("，", ",")
    if _GROUPED.match(raw):
        raw = raw.replace(",", "")
    lowered = raw.lower().lstrip("+-")
    if lowered in {"nan", "inf", "infinity", "snan"}:
        raise AmountError("不是有效的数字")
    if _EXPONENT.match(raw):
        raise AmountError("请直接写出数字，不要用科学计数法（如 1e5）")
    if not _PLAIN.match(raw):
        raise AmountError("只能填写数字")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid literals
        raise AmountError("只能填写数字") from exc
    if divisor != 1:
        yuan = value
        with localcontext() as ctx:
            ctx.prec = 100
            value = value / divisor
        note = f"已按元换算为 {format_plain(value)} 万元（输入 {format_plain(yuan)} 元）"
    if value < 0 and not allow_negative:
        raise AmountError("不能为负数")
    if value != 0 and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise AmountError("数额过大，请核对单位（万元）")
    value = canonical(value)
    if decimals(value) > max_decimals:
        if divisor != 1:
            raise AmountError(f"换算为万元后超过{max_decimals}位小数（精确到元即可）")
        raise AmountError(f"最多{max_decimals}位小数")
    hint = unit_hint(value, typed_yuan=divisor != 1)
    if hint:
        note = f"{hint}（{note}）" if note else hint
    return ParsedAmount(value, note)


def canonical(value: Decimal) -> Decimal:
    """Drop trailing zeros and negative zero, keeping the value exact."""
    if value == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 100  # wide enough that normalize() never rounds an accepted amount
        normalized = value.normalize()
        # normalize() turns 100 into 1E+2: requantize integers back to exponent 0.
        if normalized.as_tuple().exponent > 0:
            normalized = normalized.quantize(Decimal(1))
    return normalized


def decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def to_text(value: Decimal) -> str:
    """Canonical interchange text: exact, no exponent, no trailing zeros ("120.5")."""
    return format_plain(canonical(value))


# Text that to_text(Decimal(text)) returns unchanged: no sign on zero, no leading or trailing zeros.
_CANONICAL_TEXT = re.compile(r"-?(0|[1-9]\d{0,39})(\.\d{0,39}[1-9])?")


def canonical_text(text: str) -> str:
    """``to_text(Decimal(text))`` for the text of an amount, without arithmetic when it is canonical
    already (as nearly every stored amount is). Raises like ``Decimal(text)`` on other text."""
    if _CANONICAL_TEXT.fullmatch(text) and text != "-0":
        return text
    return to_text(Decimal(text))


def format_plain(value: Decimal) -> str:
    return format(canonical(value), "f")


def from_text(text: object) -> Decimal | None:
    """Read an amount stored by this program; ``None`` when absent or malformed."""
    if not isinstance(text, str) or not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or (value and not -MAX_TEXT <= value.adjusted() <= MAX_TEXT):
        return None  # "1e999999": no amount this program writes (the field's own check reports it)
    return value


def display(value: Decimal | None, *, min_decimals: int = 2, grouping: bool = False) -> str:
    """Display text: at least two decimals, never hiding an entered third or fourth."""
    if value is None:
        return ""
    places = max(min_decimals, decimals(canonical(value)))
    with localcontext() as ctx:  # every digit kept, however many (28 by default: "1e30" would not quantize)
        ctx.prec = max(ctx.prec, max(value.adjusted(), 0) + places + 2)
        quantized = value.quantize(Decimal(1).scaleb(-places))
    return f"{quantized:,.{places}f}" if grouping else f"{quantized:.{places}f}"
