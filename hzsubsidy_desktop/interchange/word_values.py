"""Values as people type them into a Word form: choices, amounts, periods, dates.

Every function returns the stored value or raises :class:`WordValueError` with a Chinese reason
(without the label; the caller names the field). Nothing is guessed: a choice marked twice, two
readings of a period, an amount with words in it are reasons, not values.
"""

from __future__ import annotations

import re
from datetime import date

from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.values import amounts

MARKS = "☑☒√✓✔■●◉▣▪✅⊙◆★▲▼"  # a chosen option
EMPTY_MARKS = "☐□○◯◇"  # an option not chosen
_BRACKETED = re.compile(r"[（(]\s*[√✓✔☑]\s*[)）]")
_YM = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})(?!\d)")
_YMD = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})")


class WordValueError(AppError, ValueError):
    """A cell of a Word form that is not a value of its kind; ``message`` says why, without the label."""


def amount(text: str, *, allow_negative: bool = False) -> tuple[str | None, str | None]:
    """(amount in 万元 as canonical text or None when empty, a note such as a 元 conversion)."""
    cleaned = text.strip().strip("。").removesuffix("整").strip()  # "85万元整"
    if not cleaned or cleaned in ("/", "／", "—", "-", "无", "——"):
        return None, None
    try:
        parsed = amounts.parse_amount(cleaned, allow_negative=allow_negative)
    except amounts.AmountError as exc:
        raise WordValueError(f"{exc.message}（“{cleaned[:30]}”）") from exc
    return amounts.to_text(parsed.value), parsed.note


def _option_keys(option: str) -> list[str]:
    """How an option may be written: in full, or without the "跨境电商" every type starts with."""
    keys = [option]
    if option.startswith("跨境电商") and len(option) > 6:
        keys.append(option[len("跨境电商"):])
    if option in ("其它", "其他"):
        keys = ["其它", "其他"]
    return keys


def _occurrences(text: str, options: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, option) of every option written in ``text``, longest spelling first, no overlaps."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    spellings = sorted(((k, o) for o in options for k in _option_keys(o)), key=lambda ko: -len(ko[0]))
    for key, option in spellings:
        for m in re.finditer(re.escape(key), text):
            if not any(taken[m.start():m.end()]):
                found.append((m.start(), m.end(), option))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return sorted(found)


def choices(text: str, options: tuple[str, ...], *, printed: bool = True) -> list[str]:
    """The options chosen in ``text``: by a mark next to them, else by deleting the others.

    ``printed``: the form prints the options (单位性质, 企业类型), so all of them still there and none
    marked is nothing chosen (:class:`WordValueError`); otherwise (项目类型, whose cell only has the
    guidance) the options written are the ones chosen. Returns ``[]`` for an empty text.
    """
    text = _BRACKETED.sub("√", text)
    occ = _occurrences(text, options)
    marks = [i for i, ch in enumerate(text) if ch in MARKS]
    if marks:
        chosen: list[str] = []
        for pos in marks:
            option = _owner(text, pos, occ)
            if option is None:
                raise WordValueError(f"勾选标记“{text[pos]}”旁边没有可识别的选项")
            if option not in chosen:
                chosen.append(option)
        return [o for o in options if o in chosen]
    present = [o for o in options if any(x[2] == o for x in occ)]
    rest = text
    for start, end, _ in reversed(occ):
        rest = rest[:start] + rest[end:]
    leftover = re.sub(r"[\s、，,;；。/:：" + EMPTY_MARKS + r"]+", "", rest)
    if not present:
        if text.strip():
            raise WordValueError(f"“{text.strip()[:30]}”不是可选的项目（{'、'.join(options)}）")
        return []
    if leftover:
        raise WordValueError(f"“{text.strip()[:40]}”中有无法识别的内容“{leftover[:15]}”")
    if printed and len(present) == len(options) and len(options) > 1:
        raise WordValueError("所有选项都还在，没有勾选或删去其它选项")
    if any(ch in EMPTY_MARKS for ch in text) and len(present) > 1:
        raise WordValueError("选项前都是空框，没有勾选")
    return present


def _owner(text: str, pos: int, occ: list[tuple[int, int, str]]) -> str | None:
    """The option a mark at ``pos`` belongs to: the nearer neighbour; on a tie, boxes go forward,
    ticks back."""
    before = [o for o in occ if o[1] <= pos and not re.search(r"[^\s" + EMPTY_MARKS + "]", text[o[1]:pos])]
    after = [o for o in occ if o[0] > pos and not re.search(r"[^\s" + EMPTY_MARKS + "]", text[pos + 1:o[0]])]
    b = before[-1] if before else None
    a = after[0] if after else None
    if b and a:
        gap_b, gap_a = pos - b[1], a[0] - pos - 1
        if gap_b != gap_a:
            return b[2] if gap_b < gap_a else a[2]
        return a[2] if text[pos] in "☑☒■●◉▣▪⊙◆★" else b[2]
    return (b or a or (None, None, None))[2]


def single_choice(text: str, options: tuple[str, ...]) -> str | None:
    chosen = choices(text, options)
    if len(chosen) > 1:
        raise WordValueError(f"选了{len(chosen)}项（{'、'.join(chosen)}），只能选一项")
    return chosen[0] if chosen else None


def period(text: str) -> tuple[str | None, str | None]:
    """(start, end) year-months of "2024年5月至2025年8月", "2024.05-2025.08", "2024-05～2025-08"…"""
    raw = amounts.normalize_text(text).replace("～", "~").replace("〜", "~")
    if not raw:
        return None, None
    found = _YM.findall(raw)
    if len(found) != 2:
        raise WordValueError(f"“{text.strip()[:40]}”不是“2024年5月至2025年8月”这样的起止年月")
    out = []
    for year, month in found:
        y, m = int(year), int(month)
        if not (1 <= m <= 12 and 1990 <= y <= 2100):
            raise WordValueError(f"“{year}年{month}月”不是有效的年月")
        out.append(f"{y:04d}-{m:02d}")
    return out[0], out[1]


def deadline(text: str) -> str | None:
    """The date of "2024年12月31日前" (also 2024.12.31, 2024-12-31)."""
    raw = amounts.normalize_text(text)
    if not raw:
        return None
    m = _YMD.search(raw)
    if not m:
        raise WordValueError(f"“{text.strip()[:30]}”不是“2024年12月31日前”这样的日期")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError as exc:
        raise WordValueError(f"“{text.strip()[:30]}”不是有效的日期") from exc


def clean(text: str) -> str:
    """A text value: trailing blanks of every line and empty lines at both ends removed."""
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines).strip(" \t\u3000") if len(lines) <= 1 else "\n".join(lines)
