"""Word tables for official forms, built as WordprocessingML rows: full borders, fixed layout, rows
that never split (``w:cantSplit``), repeated header rows (``w:tblHeader``), horizontal
(``w:gridSpan``) and vertical (``w:vMerge``) merges. Rows are appended as whole ``w:tr`` elements
(:meth:`Table.add_row`): python-docx's ``table.cell(r, c)`` is quadratic.

A part of a form that needs its own repeated header row (Word and LibreOffice repeat only a
table's top rows) is a table of its own joined under the one before (:func:`add_joined_table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from hzsubsidy_desktop.export.docx_style import (
    CELL_MARGIN_MM,
    Cell,
    Font,
    Para,
    add_paragraph,
    build_paragraph,
    sub_element,
    twips,
)


# -- tables ------------------------------------------------------------------------------------
def grid_for(layouts: Sequence[Sequence[float]]) -> tuple[float, ...]:
    """Grid column widths (mm) whose boundaries include every layout's cell boundaries."""
    bounds: set[float] = set()
    for layout in layouts:
        edge = 0.0
        for width in layout:
            edge = round(edge + width, 3)
            bounds.add(edge)
    edges = sorted(bounds)
    return tuple(round(b - a, 3) for a, b in zip([0.0, *edges[:-1]], edges, strict=True))


@dataclass
class Table:
    """A bordered table with a fixed grid (widths in mm); rows are appended whole."""

    element: etree._Element
    widths: tuple[float, ...]

    @property
    def width(self) -> float:
        return sum(self.widths)

    def spans(self, layout: Sequence[float]) -> list[int]:
        """Grid columns covered by each cell of a row laid out as ``layout`` (cell widths in mm)."""
        edges, edge = [], 0.0
        for width in self.widths:
            edge = round(edge + width, 3)
            edges.append(edge)
        spans, start, cursor = [], 0, 0.0
        for width in layout:
            cursor = round(cursor + width, 3)
            if cursor not in edges:
                raise ValueError(f"layout {tuple(layout)} does not fit the grid {self.widths}")
            end = edges.index(cursor) + 1
            spans.append(end - start)
            start = end
        if start != len(self.widths):
            raise ValueError(f"layout {tuple(layout)} does not fill the grid {self.widths}")
        return spans

    def add_row(
        self,
        cells: Sequence[Cell],
        *,
        layout: Sequence[float] | None = None,
        cant_split: bool = True,
        header: bool = False,
        min_height_mm: float | None = None,
        keep_with_next: bool = False,
    ) -> etree._Element:
        """Append one row: cells sized by ``layout`` (mm per cell) or by their grid ``span``.

        ``keep_with_next`` keeps the row on the same page as the next one (``w:keepNext``).
        """
        widths = self.widths
        spans = self.spans(layout) if layout is not None else [cell.span for cell in cells]
        if len(spans) != len(cells) or sum(spans) != len(widths):
            raise ValueError(f"row spans {sum(spans)} of {len(widths)} grid columns")
        tr = sub_element(self.element, "w:tr")
        trpr = sub_element(tr, "w:trPr")
        if cant_split:
            sub_element(trpr, "w:cantSplit")
        if min_height_mm:
            sub_element(trpr, "w:trHeight", val=twips(min_height_mm), hRule="atLeast")
        if header:
            sub_element(trpr, "w:tblHeader")
        col = 0
        for cell, span in zip(cells, spans, strict=True):
            tc = sub_element(tr, "w:tc")
            tcpr = sub_element(tc, "w:tcPr")
            sub_element(tcpr, "w:tcW", w=sum(twips(w) for w in widths[col:col + span]), type="dxa")
            if span > 1:
                sub_element(tcpr, "w:gridSpan", val=span)
            if cell.vmerge == "restart":
                sub_element(tcpr, "w:vMerge", val="restart")
            elif cell.vmerge == "continue":
                sub_element(tcpr, "w:vMerge")
            if cell.open_edges:
                borders = sub_element(tcpr, "w:tcBorders")
                for edge in ("top", "bottom"):
                    if edge in cell.open_edges:
                        sub_element(borders, f"w:{edge}", val="nil")
            if cell.shade:
                sub_element(tcpr, "w:shd", val="clear", color="auto", fill=cell.shade)
            sub_element(tcpr, "w:vAlign", val=cell.valign)
            paras = cell.paras if cell.vmerge != "continue" else []
            for para in paras or [Para("")]:
                build_paragraph(tc, para)
            col += span
        if keep_with_next:
            _keep_next(tr)
        return tr

    def keep_last_row_with_next(self) -> None:
        """Keep the last row so far on the same page as the row that will follow it."""
        rows = self.element.findall(qn("w:tr"))
        if rows:
            _keep_next(rows[-1])


def _keep_next(tr: etree._Element) -> None:
    """keepNext on the row's paragraphs; a row that may break across pages keeps only its end
    (the last paragraph of each cell) with the next row, so its start can stay where it is."""
    trpr = tr.find(qn("w:trPr"))
    splittable = trpr is None or trpr.find(qn("w:cantSplit")) is None
    for tc in tr.iter(qn("w:tc")):
        paras = tc.findall(qn("w:p"))
        for p in paras[-1:] if splittable else paras:
            ppr = p.find(qn("w:pPr"))
            if ppr is not None and ppr.find(qn("w:keepNext")) is None:
                ppr.insert(0, etree.Element(qn("w:keepNext")))


def add_table(document: Document, widths_mm: Sequence[float]) -> Table:
    """An empty bordered table with a fixed grid, centred, placed at the end of the body."""
    body = document.element.body
    tbl = etree.Element(qn("w:tbl"))
    body.sectPr.addprevious(tbl)
    tpr = sub_element(tbl, "w:tblPr")
    sub_element(tpr, "w:tblW", w=sum(twips(w) for w in widths_mm), type="dxa")
    sub_element(tpr, "w:jc", val="center")
    borders = sub_element(tpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub_element(borders, f"w:{side}", val="single", sz=4, space=0, color="000000")
    sub_element(tpr, "w:tblLayout", type="fixed")
    mar = sub_element(tpr, "w:tblCellMar")
    sub_element(mar, "w:left", w=twips(CELL_MARGIN_MM), type="dxa")
    sub_element(mar, "w:right", w=twips(CELL_MARGIN_MM), type="dxa")
    sub_element(tpr, "w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
    grid = sub_element(tbl, "w:tblGrid")
    for w in widths_mm:
        sub_element(grid, "w:gridCol", w=twips(w))
    return Table(tbl, tuple(float(w) for w in widths_mm))


JOINT_FONT = Font(size=1)
JOINT_PT = 0.05  # height of the paragraph between joined tables (Word draws at least 0.7 pt, still no visible gap)


def add_joined_table(document: Document, above: Table) -> Table:
    """A table that continues ``above`` (the last table added): same grid and borders, under it.

    Two tables with nothing between them are merged into one by Word (and a row inside a table is
    never a repeated header), so a paragraph of :data:`JOINT_PT` separates them: the bottom line of
    ``above`` and the top line of the new table fall together, and each table still has its own
    line wherever a page break parts them.
    """
    add_paragraph(document, Para("", JOINT_FONT, line_pt=JOINT_PT))
    return add_table(document, above.widths)
