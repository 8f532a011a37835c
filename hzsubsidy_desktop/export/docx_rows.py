"""The pieces the 附件3 and 附件4 Word sheets share: their fonts and line pitch, label and value
cells, vertical labels, and the explanations still to be placed (:class:`_Notes`).
"""

from __future__ import annotations

from collections.abc import Iterable

from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export.docx_style import HEITI, XIAOBIAOSONG, Cell, Font, Para
from hzsubsidy_desktop.export.docx_text import wrap_label

BODY = Font(size=12)
LABEL = Font(size=12)
STRONG = Font(east_asia=HEITI, size=12)
HEAD = Font(size=16)
NUMBER = Font(east_asia=HEITI, latin=HEITI, size=16)  # "附件3": the digit in 黑体 too
TITLE = Font(east_asia=XIAOBIAOSONG, size=22)
LINE_PT = 18.0  # exact line pitch in tables (12 pt text)
TAIL_LINES = 3  # the last lines of the last answer stay with the seal block
SEAL_ROOM_MM = 46.0  # blank height above "项目承担企业（盖章）" for a round seal (≥ 45 mm)
TITLE_CHARS = 20  # characters of 2号 title on one line of the 156 mm text block


# -- long-text rows ----------------------------------------------------------------------------
def _text_paras(chunk: list[tuple[str, bool]], *, indent: int = 2, align: str = "both") -> list[Para]:
    return [Para(t, BODY, align=align, line_pt=LINE_PT, first_line_chars=indent if ind and t else 0)
            for t, ind in chunk]


def _label(text: str, width_mm: float, *, font: Font = LABEL, align: str = "center") -> list[Para]:
    wrapped = wrap_label(text, width_mm, font.size)
    return [Para(line, font, align=align, line_pt=LINE_PT) for line in wrapped.split("\n")]


def _value(text: str, align: str = "left") -> list[Para]:
    return [Para(text, BODY, align=align, line_pt=LINE_PT)]


class _VerticalLabel:
    """A label cell merged down over the rows that follow: the first call starts the merge."""

    def __init__(self, paras: list[Para]) -> None:
        self.paras: list[Para] | None = paras

    def cell(self) -> Cell:
        if self.paras is None:
            return Cell([], vmerge="continue")
        paras, self.paras = self.paras, None
        return Cell(paras, vmerge="restart")


class _Notes:
    """Explanations waiting to be printed; each is taken once by the row that shows its field."""

    def __init__(self, notes: Iterable[c.Note]) -> None:
        self.pending = list(notes)

    def take(self, *pointers: str) -> list[c.Note]:
        def matches(path: str) -> bool:
            return any(path == p or path.startswith(p + "/") for p in pointers)

        taken = [n for n in self.pending if matches(n.path)]
        self.pending = [n for n in self.pending if n not in taken]
        return taken
