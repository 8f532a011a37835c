"""附件5 浙江省跨境电商高质量发展试点重点项目清单: the consolidated list as .xlsx and .docx.

Both follow the official table: the title, 单位：万元, the two-level header (与支持内容相关费用
over 已开支 / 拟支出, every other header merged over both header rows), 序号, one row per
project, a 合计 row, and the 填表说明 notes under the table. The workbook's totals are SUM
formulas (the office program computes them; :func:`hzsubsidy_desktop.county.column_totals`
computes the same sums exactly). Print setup: A4 landscape, fit to the page width, header rows
repeated on every page. Text from applications is written as text, never as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from hzsubsidy_desktop.county import ProjectRow, column_totals
from hzsubsidy_desktop.export.docx_package import finish_package
from hzsubsidy_desktop.export.list5_widths import content_widths
from hzsubsidy_desktop.files import atomic_write
from hzsubsidy_desktop.formdef import FormDefinition, ListColumn
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import clean_text

ATTACHMENT = "附件5"
HEADER_ROWS = (4, 5)
FIRST_DATA_ROW = 6
MAX_CELL = 32_767
# Two decimals, as the official list; an entered third or fourth decimal is shown, never hidden
# (the same rule as amounts.display).
MONEY_FORMAT = "0.00##"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# Column widths come from the definition (attachment5.toml); a column without one gets these.
DEFAULT_XLSX_WIDTH = 12  # Excel characters
DEFAULT_DOCX_WIDTH_MM = 12.0
XLSX_LINE_PT = 13.5  # one line of 10 pt 宋体


def estimated_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` Excel characters needs (CJK characters count about two).

    openpyxl cannot measure text and office programs do not grow rows when opening a file, so
    the data rows get a height from this estimate.
    """
    usable = int(max(width - 1.0, 1.0) * 100)
    lines = 0
    for part in text.split("\n"):
        units = 100 * len(part) + 85 * len(_WIDE.findall(part))  # hundredths of a character width
        lines += max(1, -(-units // usable))
    return lines


_WIDE = re.compile("[\u2e81-\U0010ffff]")  # characters counted as 1.85 widths
DOCX_CELL_MARGIN_MM = 1.0  # narrower than Word's default: 17 columns share 257 mm
DOCX_BODY_PT = 9.0  # 小五 (9 pt) on exact 11 pt lines: 21 projects with 150-character 建设内容 on 6 pages
DOCX_LINE_PT = 11.0


def safe_cell_text(value: Any) -> str:
    """Text a cell can hold: control characters removed, at most 32,767 characters."""
    text = clean_text(str(value))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def header_cells(definition: FormDefinition) -> list[tuple[str, str, ListColumn]]:
    """(upper header, lower header, column): upper == lower where a header spans both rows."""
    return [(c.group or c.label, c.label, c) for c in definition.list.columns]


def _number(value: Decimal) -> Decimal:
    # exact and without an exponent, so the cell holds the same number the application does
    return Decimal(amounts.format_plain(value))


# -- xlsx ------------------------------------------------------------------------------------------
def write_xlsx(definition: FormDefinition, rows: Sequence[ProjectRow], path: Path) -> Path:
    """Write the 附件5 workbook to ``path`` atomically; returns ``path``."""
    workbook = build_workbook(definition, rows)
    atomic_write(Path(path), lambda temp: workbook.save(temp))
    return Path(path)


def build_workbook(definition: FormDefinition, rows: Sequence[ProjectRow]) -> Workbook:
    spec = definition.list
    columns = spec.columns
    ncols = len(columns)
    last_col = get_column_letter(ncols)
    wb = Workbook()
    ws = wb.active
    ws.title = "重点项目清单"

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name="宋体", size=10)
    head_font = Font(name="黑体", size=10, bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center")

    # 附件5, title and unit
    ws["A1"] = ATTACHMENT
    ws["A1"].font = Font(name="黑体", size=12)
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = spec.title
    ws["A2"].font = Font(name="方正小标宋简体", size=18)
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[2].height = 36
    ws.merge_cells(f"A3:{last_col}3")
    ws["A3"] = spec.unit
    ws["A3"].font = Font(name="宋体", size=11)
    ws["A3"].alignment = Alignment(horizontal="right", vertical="center")
    ws.row_dimensions[3].height = 20

    # two-level header
    top, bottom = HEADER_ROWS
    for i, (upper, lower, col) in enumerate(header_cells(definition), start=1):
        ws.cell(top, i, upper)
        if col.group:
            ws.cell(bottom, i, lower)
        for r in HEADER_ROWS:
            cell = ws.cell(r, i)
            cell.font, cell.alignment, cell.border = head_font, center, border
        ws.column_dimensions[get_column_letter(i)].width = col.width.excel or DEFAULT_XLSX_WIDTH
    i = 1
    while i <= ncols:
        col = columns[i - 1]
        if col.group:
            j = i
            while j < ncols and columns[j].group == col.group:
                j += 1
            if j > i:
                ws.merge_cells(start_row=top, start_column=i, end_row=top, end_column=j)
            i = j + 1
        else:
            ws.merge_cells(start_row=top, start_column=i, end_row=bottom, end_column=i)
            i += 1
    ws.row_dimensions[top].height = 24
    ws.row_dimensions[bottom].height = 32

    # one row per project. Styles are set once per kind of cell and copied as openpyxl's style ids:
    # assigning Font/Border/Alignment objects cell by cell hashes them every time (most of the time).
    known: dict[tuple[Any, ...], Any] = {}

    def style(cell: Any, key: tuple[Any, ...]) -> None:
        ids = known.get(key)
        if ids is not None:
            cell._style = copy(ids)
            return
        kind = key[0]
        if kind == "number":
            cell.number_format = "0.0" if key[1] else MONEY_FORMAT
            cell.alignment = right
        elif kind == "int":
            cell.alignment = center
        else:
            cell.alignment = center if key[1] else left
            if key[2]:
                cell.quotePrefix = True
        cell.font, cell.border = body_font, border
        known[key] = copy(cell._style)

    centred = {"city", "county", "start", "end", "enterprise_type"}
    r = FIRST_DATA_ROW
    for row in rows:
        lines = 1
        for i, col in enumerate(columns, start=1):
            value = row.values.get(col.key)
            cell = ws.cell(r, i)
            if isinstance(value, Decimal):
                cell.value = _number(value)
                style(cell, ("number", col.percent))
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
                style(cell, ("int",))
            else:
                text = safe_cell_text(row.texts.get(col.key, "") if value is None else value)
                cell.value = text or None
                quoted = text.startswith(_FORMULA_START)
                if quoted:
                    cell.data_type = "s"  # text from an application is never a formula
                style(cell, ("text", col.key in centred, quoted))
            shown = row.texts.get(col.key, "")
            lines = max(lines, estimated_lines(shown, col.width.excel or DEFAULT_XLSX_WIDTH))
        ws.row_dimensions[r].height = min(409, lines * XLSX_LINE_PT + 4)
        r += 1
    last_data = r - 1

    # 合计
    total_row = r
    label_span = next((k for k, c in enumerate(columns, start=1) if c.total), 2) - 1
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(total_row, i)
        cell.font, cell.border = head_font, border
        if col.total:
            letter = get_column_letter(i)
            cell.value = f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{last_data})" if rows else 0
            cell.number_format = MONEY_FORMAT
            cell.alignment = right
    ws.cell(total_row, 1, "合计").alignment = center
    if label_span > 1:
        ws.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=label_span)
    ws.row_dimensions[total_row].height = 22

    # 填表说明
    note_row = total_row + 2
    notes = ["填表说明：", *spec.notes]
    for k, note in enumerate(notes):
        rr = note_row + k
        ws.merge_cells(start_row=rr, start_column=1, end_row=rr, end_column=ncols)
        cell = ws.cell(rr, 1, safe_cell_text(note))
        cell.font = Font(name="宋体", size=10, bold=(k == 0))
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)

    # view and print
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.auto_filter.ref = f"A{bottom}:{last_col}{max(last_data, bottom)}"
    ws.print_title_rows = f"{top}:{bottom}"
    ws.print_area = f"A1:{last_col}{note_row + len(notes) - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.properties.title = spec.title
    wb.properties.creator = "hzsubsidy"
    return wb


# -- docx ------------------------------------------------------------------------------------------
LANDSCAPE_MARGINS_MM = (20, 18, 15, 15)  # top, bottom, left, right: 267 mm for the table
LANDSCAPE_TEXT_WIDTH_MM = 297 - LANDSCAPE_MARGINS_MM[2] - LANDSCAPE_MARGINS_MM[3]


def landscape(document: Any) -> None:
    """Turn the first section of a new official document to A4 landscape."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    top, bottom, left, right = LANDSCAPE_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(10), Mm(8)


def write_docx(definition: FormDefinition, rows: Sequence[ProjectRow], path: Path) -> Path:
    """Write the 附件5 list as a Word document (landscape, bordered, header rows repeated)."""
    document = build_document(definition, rows)
    finish_package(document)
    atomic_write(Path(path), lambda temp: document.save(str(temp)))
    return Path(path)


def build_document(definition: FormDefinition, rows: Sequence[ProjectRow]) -> Any:
    from hzsubsidy_desktop.export import docx_style as ds
    from hzsubsidy_desktop.export.docx_page import new_document
    from hzsubsidy_desktop.export.docx_table import add_table

    spec = definition.list
    columns = spec.columns
    document = new_document(title=spec.title, draft=False)
    landscape(document)
    ds.add_paragraph(document, ds.Para(ATTACHMENT, ds.Font(east_asia=ds.HEITI, size=16), line_pt=24))
    ds.add_paragraph(document, ds.Para(
        spec.title, ds.Font(east_asia=ds.XIAOBIAOSONG, size=20), align="center", line_pt=32, after_pt=4,
    ))
    ds.add_paragraph(document, ds.Para(spec.unit, ds.Font(size=12), align="right", line_pt=20))

    sums = column_totals(definition, rows)
    preferred = [c.width.word or DEFAULT_DOCX_WIDTH_MM for c in columns]
    widths = content_widths([c.key for c in columns], [r.texts for r in rows], preferred, LANDSCAPE_TEXT_WIDTH_MM,
                            font_pt=DOCX_BODY_PT, margin_mm=DOCX_CELL_MARGIN_MM,
                            totals={key: amounts.display(value) for key, value in sums.items()})
    table = add_table(document, widths)
    margins = table.element.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    for side in margins:
        side.set(qn("w:w"), str(ds.twips(DOCX_CELL_MARGIN_MM)))
    head = ds.Font(east_asia=ds.HEITI, size=DOCX_BODY_PT)
    body = ds.Font(size=DOCX_BODY_PT)

    def para(text: str, font: Any = body, align: str = "center") -> list[Any]:
        return [ds.Para(safe_cell_text(text), font, align=align, line_pt=DOCX_LINE_PT)]

    upper: list[Any] = []
    lower: list[Any] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if col.group:
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == col.group:
                j += 1
            upper.append(ds.Cell(para(col.group, head), span=j - i + 1))
            lower.extend(ds.Cell(para(c.label, head)) for c in columns[i:j + 1])
            i = j + 1
        else:
            upper.append(ds.Cell(para(col.label, head), vmerge="restart"))
            lower.append(ds.Cell([], vmerge="continue"))
            i += 1
    table.add_row(upper, header=True, min_height_mm=9)
    table.add_row(lower, header=True, min_height_mm=9)

    left_keys = {"project_name", "enterprise", "content", "types", "leader", "location"}
    for row in rows:
        cells = []
        size = 0
        for col in columns:
            text = row.texts.get(col.key, "")
            size += len(text)
            align = "right" if col.money or col.percent else (
                "left" if col.key in left_keys else "center")
            cells.append(ds.Cell(para(text, body, align)))
        # a very long row may split across pages rather than overflow one; the last row stays
        # with the 合计 row, so 合计 is never alone on a page
        table.add_row(cells, cant_split=size < 600, min_height_mm=8, keep_with_next=row is rows[-1])

    span = next((k for k, c in enumerate(columns) if c.total), 1)
    total_cells = [ds.Cell(para("合计", head), span=span)]
    for col in columns[span:]:
        text = amounts.display(sums[col.key]) if col.key in sums else ""
        total_cells.append(ds.Cell(para(text, head, "right")))
    table.add_row(total_cells, min_height_mm=8)

    note = ds.Font(size=10.5)
    ds.add_paragraph(document, ds.Para("填表说明：", ds.Font(size=10.5, bold=True), line_pt=18, before_pt=6))
    for line in spec.notes:
        ds.add_paragraph(document, ds.Para(line, note, line_pt=18))
    return document


def check_totals(definition: FormDefinition, rows: Sequence[ProjectRow]) -> dict[str, Decimal]:
    """The exact sums the 合计 row's formulas must give (for the CLI and tests)."""
    return column_totals(definition, rows)
