"""附件5 in Word: column widths sized by the content, so long 建设内容 do not make rows a page tall.

Every column gets the least it needs (its longest unbreakable token — an amount, a date, a short
word — or two characters). Then the smallest line count ``L`` is found for which every column can
be wide enough to hold its texts (all but the longest tenth) in ``L`` lines within the page width;
what is left over is shared in proportion to the content. Rows are then about equally tall: no
column is a narrow tower beside a wide one. Without rows the definition's widths are used, scaled
to the page.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

MM_PER_PT = 25.4 / 72
_TOKEN = re.compile(r"[0-9A-Za-z.,%+\-]+")
MAX_LINES = 80
PERCENTILE = 0.9  # the longest tenth of a column's texts may take more lines


def text_ems(text: str) -> float:
    """Width in ems: CJK and full-width characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def content_widths(
    columns: Sequence[str], rows: Sequence[dict[str, str]], preferred: Sequence[float], total_mm: float,
    *, font_pt: float = 9.0, margin_mm: float = 1.0, totals: dict[str, str] | None = None,
) -> list[float]:
    """Widths (mm) for ``columns`` summing to ``total_mm``, sized by the texts of ``rows``
    (and ``totals``, whose amounts must not wrap either)."""
    if not rows:
        return [w * total_mm / sum(preferred) for w in preferred]
    em_mm = font_pt * MM_PER_PT
    pad = 2 * margin_mm + 0.5
    minimum, typical = [], []
    for key in columns:
        texts = [row.get(key, "") for row in rows]
        # digits are about 0.5 em in Times New Roman but up to 0.64 em in a stand-in: never wrap an amount
        tokens = [*texts, (totals or {}).get(key, "")]
        widest = max((len(t) * 0.64 for text in tokens for t in _TOKEN.findall(text)), default=0.0)
        minimum.append(max(widest, 2.0) * em_mm + pad)
        sizes = sorted(text_ems(text.replace("\n", "")) + 2 * text.count("\n") for text in texts)
        typical.append(sizes[min(len(sizes) - 1, int(PERCENTILE * len(sizes)))])
    if sum(minimum) > total_mm:  # cannot fit even the minimum: share out proportionally
        return [w * total_mm / sum(minimum) for w in minimum]
    widths = minimum
    for lines in range(1, MAX_LINES + 1):
        needed = [max(low, math.ceil(ems / lines) * em_mm + pad) for low, ems in zip(minimum, typical, strict=True)]
        if sum(needed) <= total_mm:
            widths = needed
            break
    # what is left goes to the columns that wrap, in proportion to their line length
    spare = total_mm - sum(widths)
    weights = [max(w - low, 0.0) + 0.01 for w, low in zip(widths, minimum, strict=True)]
    return [round(w + spare * k / sum(weights), 2) for w, k in zip(widths, weights, strict=True)]
