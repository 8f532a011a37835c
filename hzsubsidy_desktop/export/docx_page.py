"""A new official Word document: GB/T 9704 A4 page and margins, the default fonts (``w:eastAsia``
on docDefaults and the Normal style, ``themeFontLang`` fixed), the page number "— N —" at the
foot (odd pages right, even pages left) and a draft marker in the header.
"""

from __future__ import annotations

from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from hzsubsidy_desktop.export.docx_package import add_watermark
from hzsubsidy_desktop.export.docx_style import (
    FANGSONG,
    FOOTER_DISTANCE_MM,
    HEADER_DISTANCE_MM,
    HEITI,
    LATIN,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    SONGTI,
    Font,
    add_run,
    set_run_fonts,
    sub_element,
)


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
        npr = sub_element(normal, "w:rPr")
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
    sub_element(rpr, "w:sz", val=24)
    sub_element(rpr, "w:szCs", val=24)
    sub_element(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def _page_number(footer: Any, *, align: str) -> None:
    """"— N —" with a PAGE field, 4号 (14 pt) 宋体, one character in from the outer edge."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    ppr = sub_element(p, "w:pPr")
    sub_element(ppr, "w:spacing", before=0, after=0, line=320, lineRule="exact")
    indent = sub_element(ppr, "w:ind")
    indent.set(qn("w:right" if align == "right" else "w:left"), "280")  # one 14 pt character
    sub_element(ppr, "w:jc", val=align)
    font = Font(east_asia=SONGTI, latin=SONGTI, size=14)
    add_run(p, "— ", font)
    _field_char(p, font, "begin")
    r = sub_element(p, "w:r")
    set_run_fonts(sub_element(r, "w:rPr"), font)
    instr = sub_element(r, "w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _field_char(p, font, "separate")
    add_run(p, "1", font)
    _field_char(p, font, "end")
    add_run(p, " —", font)


def _field_char(p: etree._Element, font: Font, kind: str) -> None:
    r = sub_element(p, "w:r")
    set_run_fonts(sub_element(r, "w:rPr"), font)
    sub_element(r, "w:fldChar", fldCharType=kind)


def _draft_header(header: Any) -> None:
    from hzsubsidy_desktop.export.content import DRAFT_NOTICE

    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    ppr = sub_element(p, "w:pPr")
    sub_element(ppr, "w:jc", val="center")
    add_run(p, DRAFT_NOTICE, Font(east_asia=HEITI, size=14, bold=True, color="C00000"))
