"""Word building blocks for official Chinese forms: fonts, GB/T 9704 page, tables, page numbers.

python-docx has no API for most of what an official form needs (see docs TECH-NOTES), so the
paragraphs, runs and table rows are built here as WordprocessingML elements:

- fonts: ``w:eastAsia`` on docDefaults, the Normal style and every run (仿宋_GB2312, 黑体,
  方正小标宋简体), Latin digits in Times New Roman, ``w:lang eastAsia="zh-CN"`` and
  ``themeFontLang`` fixed so nothing falls back to a Japanese theme font;
- page: A4 portrait, margins 37/35/28/26 mm, page number "— N —" (4号 宋体) at the foot, odd pages
  right and even pages left, one character in;
- tables: full borders, fixed layout, rows that never split (``w:cantSplit``), repeated header
  rows (``w:tblHeader``), horizontal (``w:gridSpan``) and vertical (``w:vMerge``) merges;
- a draft marker in the page header.

Rows are appended as whole ``w:tr`` elements (:meth:`Table.add_row`): python-docx's ``table.cell(r, c)`` is quadratic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from hzsubsidy_desktop.export.docx_package import add_watermark

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"
SYMBOLS = "Segoe UI Symbol"  # ☑ ☐ are not in the GB2312 fonts

# GB/T 9704-2012
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225
FOOTER_DISTANCE_MM = 23  # page number 7 mm under the text block (14 pt ≈ 5 mm high)
HEADER_DISTANCE_MM = 15
CELL_MARGIN_MM = 1.9  # left and right padding inside table cells (Word's default 0.19 cm)

_BOXES = frozenset("☑☐")


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _el(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
    child = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), str(value))
    return child


@dataclass(frozen=True)
class Font:
    east_asia: str = FANGSONG
    size: float = 12.0  # points
    bold: bool = False
    latin: str = LATIN
    color: str | None = None  # "RRGGBB"


@dataclass(frozen=True)
class Para:
    """One paragraph: plain text (``\\n`` = line break) or ``(text, Font)`` pieces."""

    text: str | Sequence[tuple[str, Font]]
    font: Font = Font()
    align: str = "left"  # left | center | right | both | distribute
    line_pt: float | None = None  # exact line spacing; None = font size × 1.5
    before_pt: float = 0.0
    after_pt: float = 0.0
    first_line_chars: int = 0  # first-line indent in characters (200 = 2 chars in Word's units)
    indent_left_pt: float = 0.0
    indent_right_pt: float = 0.0
    hanging_pt: float = 0.0  # continuation lines indented under the text after a label
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    tabs: tuple[tuple[str, float], ...] = ()  # (alignment "left" | "center" | "right", position in mm)


@dataclass
class Cell:
    paras: list[Para]
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    valign: str = "center"
    shade: str | None = None  # fill "RRGGBB"
    open_edges: tuple[str, ...] = ()  # "top" / "bottom" drawn without a rule (one text in two rows)


# -- runs and paragraphs -----------------------------------------------------------------------
def set_run_fonts(rpr: etree._Element, font: Font, *, east_asia: str | None = None) -> None:
    """rFonts/b/color/sz in schema order; ``east_asia`` overrides for symbol runs."""
    fonts = _el(rpr, "w:rFonts")
    fonts.set(qn("w:ascii"), font.latin if east_asia is None else east_asia)
    fonts.set(qn("w:hAnsi"), font.latin if east_asia is None else east_asia)
    fonts.set(qn("w:eastAsia"), font.east_asia if east_asia is None else east_asia)
    fonts.set(qn("w:cs"), font.latin)
    if east_asia is None:
        fonts.set(qn("w:hint"), "eastAsia")
    if font.bold:
        _el(rpr, "w:b")
        _el(rpr, "w:bCs")
    if font.color:
        _el(rpr, "w:color", val=font.color)
    half_points = round(font.size * 2)
    _el(rpr, "w:sz", val=half_points)
    _el(rpr, "w:szCs", val=half_points)


def add_run(p: etree._Element, text: str, font: Font) -> None:
    """Runs for ``text``: ☑/☐ in a symbol font, line breaks as ``w:br``, tabs as ``w:tab``."""
    for piece, symbol in _split_symbols(text):
        r = _el(p, "w:r")
        set_run_fonts(_el(r, "w:rPr"), font, east_asia=SYMBOLS if symbol else None)
        for i, line in enumerate(piece.split("\n")):
            if i:
                _el(r, "w:br")
            for j, chunk in enumerate(line.split("\t")):
                if j:
                    _el(r, "w:tab")
                if chunk:
                    t = _el(r, "w:t")
                    t.text = chunk
                    if chunk != chunk.strip():
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _split_symbols(text: str) -> list[tuple[str, bool]]:
    if not any(ch in _BOXES for ch in text):
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    for ch in text:
        symbol = ch in _BOXES
        if out and out[-1][1] == symbol:
            out[-1] = (out[-1][0] + ch, symbol)
        else:
            out.append((ch, symbol))
    return out


def build_paragraph(parent: etree._Element, para: Para, *, before: etree._Element | None = None) -> etree._Element:
    p = etree.Element(qn("w:p"))
    if before is not None:
        before.addprevious(p)
    else:
        parent.append(p)
    ppr = _el(p, "w:pPr")
    if para.keep_next:
        _el(ppr, "w:keepNext")
    if para.keep_lines:
        _el(ppr, "w:keepLines")
    if para.page_break_before:
        _el(ppr, "w:pageBreakBefore")
    if para.tabs:
        tabs = _el(ppr, "w:tabs")
        for alignment, position_mm in para.tabs:
            _el(tabs, "w:tab", val=alignment, pos=twips(position_mm))
    _el(ppr, "w:snapToGrid", val=0)
    sizes = [para.font.size] + ([f.size for _t, f in para.text] if not isinstance(para.text, str) else [])
    line = para.line_pt if para.line_pt is not None else max(sizes) * 1.5
    _el(ppr, "w:spacing", before=round(para.before_pt * 20), after=round(para.after_pt * 20),
        line=round(line * 20), lineRule="exact")
    if para.first_line_chars or para.indent_left_pt or para.indent_right_pt or para.hanging_pt:
        ind = _el(ppr, "w:ind")
        if para.indent_left_pt:
            ind.set(qn("w:left"), str(round(para.indent_left_pt * 20)))
        if para.indent_right_pt:
            ind.set(qn("w:right"), str(round(para.indent_right_pt * 20)))
        if para.hanging_pt:
            ind.set(qn("w:hanging"), str(round(para.hanging_pt * 20)))
        elif para.first_line_chars:
            ind.set(qn("w:firstLineChars"), str(para.first_line_chars * 100))
            ind.set(qn("w:firstLine"), str(round(para.first_line_chars * para.font.size * 20)))
    _el(ppr, "w:jc", val=para.align)
    if isinstance(para.text, str):
        if para.text:
            add_run(p, para.text, para.font)
    else:
        for piece, font in para.text:
            if piece:
                add_run(p, piece, font)
    return p


def add_paragraph(document: Document, para: Para) -> etree._Element:
    """Append a paragraph to the body (before the final section properties)."""
    body = document.element.body
    return build_paragraph(body, para, before=body.sectPr)


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
        tr = _el(self.element, "w:tr")
        trpr = _el(tr, "w:trPr")
        if cant_split:
            _el(trpr, "w:cantSplit")
        if min_height_mm:
            _el(trpr, "w:trHeight", val=twips(min_height_mm), hRule="atLeast")
        if header:
            _el(trpr, "w:tblHeader")
        col = 0
        for cell, span in zip(cells, spans, strict=True):
            tc = _el(tr, "w:tc")
            tcpr = _el(tc, "w:tcPr")
            _el(tcpr, "w:tcW", w=sum(twips(w) for w in widths[col:col + span]), type="dxa")
            if span > 1:
                _el(tcpr, "w:gridSpan", val=span)
            if cell.vmerge == "restart":
                _el(tcpr, "w:vMerge", val="restart")
            elif cell.vmerge == "continue":
                _el(tcpr, "w:vMerge")
            if cell.open_edges:
                borders = _el(tcpr, "w:tcBorders")
                for edge in ("top", "bottom"):
                    if edge in cell.open_edges:
                        _el(borders, f"w:{edge}", val="nil")
            if cell.shade:
                _el(tcpr, "w:shd", val="clear", color="auto", fill=cell.shade)
            _el(tcpr, "w:vAlign", val=cell.valign)
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
    tpr = _el(tbl, "w:tblPr")
    _el(tpr, "w:tblW", w=sum(twips(w) for w in widths_mm), type="dxa")
    _el(tpr, "w:jc", val="center")
    borders = _el(tpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _el(borders, f"w:{side}", val="single", sz=4, space=0, color="000000")
    _el(tpr, "w:tblLayout", type="fixed")
    mar = _el(tpr, "w:tblCellMar")
    _el(mar, "w:left", w=twips(CELL_MARGIN_MM), type="dxa")
    _el(mar, "w:right", w=twips(CELL_MARGIN_MM), type="dxa")
    _el(tpr, "w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
    grid = _el(tbl, "w:tblGrid")
    for w in widths_mm:
        _el(grid, "w:gridCol", w=twips(w))
    return Table(tbl, tuple(float(w) for w in widths_mm))


# -- document and page -------------------------------------------------------------------------
def new_document(*, title: str, draft: bool) -> Document:
    """A blank A4 document set up for official Chinese forms (fonts, margins, page numbers)."""
    document = docx.Document()
    _set_default_fonts(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(HEADER_DISTANCE_MM), Mm(FOOTER_DISTANCE_MM)
    section.gutter = 0
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:  # the template's line grid would override exact line spacing
        section._sectPr.remove(grid)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, align="right")
    _page_number(section.even_page_footer, align="left")
    if draft:
        for n, header in enumerate((section.header, section.even_page_header), start=1):
            _draft_header(header)
            add_watermark(header, "草稿", n=n)
    props = document.core_properties
    props.title = title if not draft or "草稿" in title else f"{title}（草稿）"
    props.author = "hzsubsidy"
    props.language = "zh-CN"
    props.keywords = "草稿" if draft else ""
    props.comments = "由 hzsubsidy 根据申报数据生成"
    return document


def _set_default_fonts(document: Document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _reset_fonts(rpr)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        ppr.remove(spacing)
    normal = document.styles["Normal"].element
    npr = normal.find(qn("w:rPr"))
    if npr is None:
        npr = _el(normal, "w:rPr")
    _reset_fonts(npr)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _reset_fonts(rpr: etree._Element) -> None:
    """Explicit 仿宋_GB2312 / Times New Roman / zh-CN in place of the template's theme fonts."""
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    fonts = etree.Element(qn("w:rFonts"))
    for attr, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", FANGSONG), ("cs", LATIN)):
        fonts.set(qn(f"w:{attr}"), value)
    rpr.insert(0, fonts)
    _el(rpr, "w:sz", val=24)
    _el(rpr, "w:szCs", val=24)
    _el(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def _page_number(footer: Any, *, align: str) -> None:
    """"— N —" with a PAGE field, 4号 (14 pt) 宋体, one character in from the outer edge."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    ppr = _el(p, "w:pPr")
    _el(ppr, "w:spacing", before=0, after=0, line=320, lineRule="exact")
    indent = _el(ppr, "w:ind")
    indent.set(qn("w:right" if align == "right" else "w:left"), "280")  # one 14 pt character
    _el(ppr, "w:jc", val=align)
    font = Font(east_asia=SONGTI, latin=SONGTI, size=14)
    add_run(p, "— ", font)
    _field_char(p, font, "begin")
    r = _el(p, "w:r")
    set_run_fonts(_el(r, "w:rPr"), font)
    instr = _el(r, "w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _field_char(p, font, "separate")
    add_run(p, "1", font)
    _field_char(p, font, "end")
    add_run(p, " —", font)


def _field_char(p: etree._Element, font: Font, kind: str) -> None:
    r = _el(p, "w:r")
    set_run_fonts(_el(r, "w:rPr"), font)
    _el(r, "w:fldChar", fldCharType=kind)


def _draft_header(header: Any) -> None:
    from hzsubsidy_desktop.export.content import DRAFT_NOTICE

    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    ppr = _el(p, "w:pPr")
    _el(ppr, "w:jc", val="center")
    add_run(p, DRAFT_NOTICE, Font(east_asia=HEITI, size=14, bold=True, color="C00000"))
