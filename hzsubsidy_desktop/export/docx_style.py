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

This module holds the fonts, paragraphs and runs; the page setup is :mod:`.docx_page`, the tables
:mod:`.docx_table` (rows appended as whole ``w:tr`` elements: python-docx's ``table.cell(r, c)`` is
quadratic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

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


def sub_element(parent: etree._Element, tag: str, **attrs: Any) -> etree._Element:
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
    fonts = sub_element(rpr, "w:rFonts")
    fonts.set(qn("w:ascii"), font.latin if east_asia is None else east_asia)
    fonts.set(qn("w:hAnsi"), font.latin if east_asia is None else east_asia)
    fonts.set(qn("w:eastAsia"), font.east_asia if east_asia is None else east_asia)
    fonts.set(qn("w:cs"), font.latin)
    if east_asia is None:
        fonts.set(qn("w:hint"), "eastAsia")
    if font.bold:
        sub_element(rpr, "w:b")
        sub_element(rpr, "w:bCs")
    if font.color:
        sub_element(rpr, "w:color", val=font.color)
    half_points = round(font.size * 2)
    sub_element(rpr, "w:sz", val=half_points)
    sub_element(rpr, "w:szCs", val=half_points)


def add_run(p: etree._Element, text: str, font: Font) -> None:
    """Runs for ``text``: ☑/☐ in a symbol font, line breaks as ``w:br``, tabs as ``w:tab``."""
    for piece, symbol in _split_symbols(text):
        r = sub_element(p, "w:r")
        set_run_fonts(sub_element(r, "w:rPr"), font, east_asia=SYMBOLS if symbol else None)
        for i, line in enumerate(piece.split("\n")):
            if i:
                sub_element(r, "w:br")
            for j, chunk in enumerate(line.split("\t")):
                if j:
                    sub_element(r, "w:tab")
                if chunk:
                    t = sub_element(r, "w:t")
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
    ppr = sub_element(p, "w:pPr")
    if para.keep_next:
        sub_element(ppr, "w:keepNext")
    if para.keep_lines:
        sub_element(ppr, "w:keepLines")
    if para.page_break_before:
        sub_element(ppr, "w:pageBreakBefore")
    if para.tabs:
        tabs = sub_element(ppr, "w:tabs")
        for alignment, position_mm in para.tabs:
            sub_element(tabs, "w:tab", val=alignment, pos=twips(position_mm))
    sub_element(ppr, "w:snapToGrid", val=0)
    sizes = [para.font.size] + ([f.size for _t, f in para.text] if not isinstance(para.text, str) else [])
    line = para.line_pt if para.line_pt is not None else max(sizes) * 1.5
    sub_element(ppr, "w:spacing", before=round(para.before_pt * 20), after=round(para.after_pt * 20),
        line=round(line * 20), lineRule="exact")
    if para.first_line_chars or para.indent_left_pt or para.indent_right_pt or para.hanging_pt:
        ind = sub_element(ppr, "w:ind")
        if para.indent_left_pt:
            ind.set(qn("w:left"), str(round(para.indent_left_pt * 20)))
        if para.indent_right_pt:
            ind.set(qn("w:right"), str(round(para.indent_right_pt * 20)))
        if para.hanging_pt:
            ind.set(qn("w:hanging"), str(round(para.hanging_pt * 20)))
        elif para.first_line_chars:
            ind.set(qn("w:firstLineChars"), str(para.first_line_chars * 100))
            ind.set(qn("w:firstLine"), str(round(para.first_line_chars * para.font.size * 20)))
    sub_element(ppr, "w:jc", val=para.align)
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


