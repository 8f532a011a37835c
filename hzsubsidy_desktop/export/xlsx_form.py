"""附件3 and 附件4 as an Excel workbook (openpyxl), plus a hidden copy of the application.

- Sheet 附件4 is the official table: 支持内容 merged over each category, 序号, 费用名称,
  已开支费用, 拟支出费用, 备注; amounts with two decimals; each category's 小计 and the 累计 row
  are SUM formulas; A4 portrait, fit to width, header row repeated and frozen.
- Sheet 附件3 lists the information as label / value rows; its 支持内容 lines are formulas that
  point at 附件4's subtotals, so the two sheets cannot disagree.
- Sheet ``hzsubsidy`` (very hidden) holds the application JSON (ASCII-escaped, in chunks under
  Excel's 32,767-character cell limit) with a SHA-256, read back by :mod:`hzsubsidy_desktop.interchange.spreadsheet`.

Text is cleaned of control characters and written as text even when it begins with = + - @.
"""

from __future__ import annotations

import hashlib
import json
import math
from copy import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export.docx_text import text_width
from hzsubsidy_desktop.files import atomic_write
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.validation.findings import Report
from hzsubsidy_desktop.values import amounts

DATA_SHEET = "hzsubsidy"
DATA_MARKER = "hzsubsidy-application"
DATA_VERSION = 1
CHUNK_CHARS = 30000  # below Excel's 32,767 characters per cell
MAX_CELL_CHARS = 32767
MONEY_FORMAT = "0.00##"
SHEET3_NAME = c.SHEET3_NUMBER
SHEET4_NAME = c.SHEET4_NUMBER

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BODY_FONT = Font(name="仿宋_GB2312", size=11)
STRONG_FONT = Font(name="黑体", size=11)
NUMBER_FONT = Font(name="黑体", size=14)
TITLE_FONT = Font(name="方正小标宋简体", size=16)
HEAD_FONT = Font(name="仿宋_GB2312", size=12)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
LINE_HEIGHT_PT = 15.0
# Excel stores at most 409 points per row.
MAX_ROW_HEIGHT_PT = 409.0


def write_xlsx(
    definition: FormDefinition, doc: dict[str, Any], path: Path, *, draft: bool = False, report: Report | None = None,
    code: Any = None,
) -> None:
    """Write the workbook of ``doc`` to ``path`` atomically (see :func:`build_workbook`); ``code``: the
    document-level page code (``papercode.payload.PageCode``) at the top right of 附件3 and 附件4."""
    workbook = build_workbook(definition, doc, draft=draft, report=report)
    if code is not None:
        from openpyxl.utils.cell import range_boundaries

        from hzsubsidy_desktop.export.page_codes import add_xlsx_code

        for name in (SHEET3_NAME, SHEET4_NAME):
            area = str(workbook[name].print_area).split(",")[0].split("!")[-1].replace("$", "")
            add_xlsx_code(workbook[name], code, range_boundaries(area)[2])
    atomic_write(Path(path), lambda p: workbook.save(str(p)))


def build_workbook(
    definition: FormDefinition, doc: dict[str, Any], *, draft: bool = False, report: Report | None = None
) -> Workbook:
    doc = docs.canonical(definition, doc)
    report = report if report is not None else validate(definition, doc)
    notes = c.explanation_notes(definition, doc, report)
    workbook = Workbook()
    from hzsubsidy_desktop.export.xlsx_sheet3 import CONDITIONS_SHEET, write_conditions_sheet, write_sheet3

    sheet3 = workbook.active
    sheet3.title = SHEET3_NAME
    sheet4 = workbook.create_sheet(SHEET4_NAME)
    subtotal_rows = _sheet4(definition, doc, sheet4, draft, notes)
    write_sheet3(definition, doc, sheet3, draft, notes, subtotal_rows)
    _data_sheet(workbook.create_sheet(DATA_SHEET), doc)  # third, as in every earlier export
    write_conditions_sheet(definition, doc, workbook.create_sheet(CONDITIONS_SHEET), draft)
    props = workbook.properties
    props.title = f"{c.text(docs.get(doc, '/project/name'))} 附件3-4" + ("（草稿）" if draft else "")
    props.creator = "hzsubsidy"
    props.keywords = c.DRAFT_MARK if draft else ""
    return workbook


# -- cells -------------------------------------------------------------------------------------
_UNSET = object()


def style(cell: Cell, *, font: Any = _UNSET, alignment: Any = _UNSET, border: Any = _UNSET,
          number_format: Any = _UNSET) -> Cell:
    """Set a cell's style parts; repeated combinations reuse one style (openpyxl hashes each part
    on every assignment, which dominates the time of a 300-item workbook)."""
    cache = cell.parent.parent.__dict__.setdefault("_hzsubsidy_styles", {})
    # the parts are module constants, so their ids identify them
    key = (tuple(cell._style or ()), id(font), id(alignment), id(border), id(number_format) if number_format is _UNSET
           else number_format)
    cached = cache.get(key)
    if cached is not None:
        cell._style = copy(cached)
        return cell
    if font is not _UNSET:
        cell.font = font
    if alignment is not _UNSET:
        cell.alignment = alignment
    if border is not _UNSET:
        cell.border = border
    if number_format is not _UNSET:
        cell.number_format = number_format
    cache[key] = copy(cell._style)
    return cell


def put_text(ws: Worksheet, row: int, column: int, value: Any, *, font: Font = BODY_FONT,
             alignment: Alignment = LEFT) -> Cell:
    """Text that stays text: cleaned, capped, never a formula (= + - @ at the start)."""
    text = c.text(value)[:MAX_CELL_CHARS]
    cell = ws.cell(row=row, column=column)
    cell.value = text or None
    if text:
        cell.data_type = "s"
        if text[0] in "=+-@\t\r":
            cell.quotePrefix = True  # Excel keeps it as text when the cell is edited
    return style(cell, font=font, alignment=alignment)


def put_money(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """An amount as an exact number with two (or more, when entered) decimals."""
    cell = ws.cell(row=row, column=column)
    number = amounts.from_text(value) if isinstance(value, str) else value
    cell.value = _number(number) if number is not None else None
    return style(cell, number_format=MONEY_FORMAT, font=BODY_FONT, alignment=CENTER)


def _number(value: Decimal) -> int | Decimal:
    value = amounts.canonical(value)
    return int(value) if value == value.to_integral_value() else value


def put_formula(ws: Worksheet, row: int, column: int, formula: str) -> Cell:
    cell = ws.cell(row=row, column=column, value=formula)
    return style(cell, number_format=MONEY_FORMAT, font=BODY_FONT, alignment=CENTER)


def _borders(ws: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            style(cell, border=BORDER)


def _height(ws: Worksheet, row: int, texts: list[tuple[str, float]]) -> None:
    """Row height for wrapped text: ``(text, column width in characters)`` pairs."""
    lines = 1
    for text, width in texts:
        per_line = max(1.0, width / 2 - 0.5)  # an Excel width unit is about half a CJK character
        lines = max(lines, sum(max(1, math.ceil(text_width(p) / per_line)) for p in (text or "").split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT_PT, lines * LINE_HEIGHT_PT + 4)


def _print_setup(ws: Worksheet, *, title_rows: str | None, draft: bool) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top, ws.page_margins.bottom = 0.9, 0.8
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "— &P —"
    if draft:
        ws.oddHeader.center.text = c.DRAFT_NOTICE
        ws.oddHeader.center.color = "C00000"


def _title(draft: bool, title: str) -> str:
    return f"{title}（{c.DRAFT_MARK}）" if draft else title


# -- 附件4 --------------------------------------------------------------------------------------
DEFAULT_SHEET4_WIDTH = 13  # Excel characters, for a 附件4 column the definition gives no width
SHEET4_HEADER_ROW = 5
SHEET4_FIRST_COLUMN = 3  # after 支持内容 and 序号


def sheet4_widths(definition: FormDefinition) -> tuple[float, ...]:
    """附件4 column widths in Excel characters (支持内容, 序号, then the definition's columns)."""
    exp = definition.expenditure
    keys = ["category", "serial", *(col.key for col in exp.columns)]
    return tuple(exp.width(k).excel or DEFAULT_SHEET4_WIDTH for k in keys)


def sheet4_column(definition: FormDefinition, key: str) -> int:
    """The worksheet column (1-based) of a 附件4 column."""
    keys = [col.key for col in definition.expenditure.columns]
    return SHEET4_FIRST_COLUMN + keys.index(key)


def _sheet4(definition: FormDefinition, doc: dict[str, Any], ws: Worksheet, draft: bool,
            notes: list[c.Note]) -> dict[str, int]:
    """Fill 附件4; returns the row of each category's 小计 (for 附件3's formulas)."""
    widths = sheet4_widths(definition)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ncols = len(widths)
    put_text(ws, 1, 1, c.SHEET4_NUMBER, font=NUMBER_FONT)
    title = _title(draft, c.sheet4_title(doc))
    put_text(ws, 2, 1, title, font=TITLE_FONT, alignment=CENTER)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    _height(ws, 2, [(title, sum(widths) * 0.7)])
    filler = f"（{c.FILLER_LABEL}：{c.text(docs.get(doc, '/enterprise/name'))}）"
    put_text(ws, 3, 1, filler, font=HEAD_FONT, alignment=CENTER)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=ncols)
    put_text(ws, 4, ncols - 1, c.UNIT_TEXT, font=BODY_FONT, alignment=RIGHT)
    ws.merge_cells(start_row=4, start_column=ncols - 1, end_row=4, end_column=ncols)
    columns = definition.expenditure.columns
    money_cols = [SHEET4_FIRST_COLUMN + i for i, col in enumerate(columns) if col.type == "money"]
    lead = (money_cols[0] - 1) if money_cols else ncols  # 小计 / 累计 span the columns before the amounts
    header = [c.SUPPORT_LABEL, c.SERIAL_LABEL, *(col.label for col in columns)]
    for i, label in enumerate(header, start=1):
        put_text(ws, SHEET4_HEADER_ROW, i, label, font=STRONG_FONT, alignment=CENTER)
    ws.row_dimensions[SHEET4_HEADER_ROW].height = 22
    pending = list(notes)
    row = SHEET4_HEADER_ROW + 1
    subtotals: dict[str, int] = {}
    for cat in definition.categories:
        items = [r if isinstance(r, dict) else {} for r in docs.get(doc, cat.table.path) or []]
        first = row
        for i, item in enumerate(items or [{}]):
            if items:
                style(ws.cell(row=row, column=2, value=i + 1), alignment=CENTER, font=BODY_FONT)
            wrapped = []
            for n, col in enumerate(columns, start=SHEET4_FIRST_COLUMN):
                if col.type == "money":
                    put_money(ws, row, n, item.get(col.key))
                else:
                    shown = c.text(item.get(col.key))
                    put_text(ws, row, n, shown)
                    wrapped.append((shown, widths[n - 1]))
            _height(ws, row, wrapped)
            row += 1
        last_item = row - 1
        put_text(ws, row, 2, c.SUBTOTAL_LABEL, font=STRONG_FONT, alignment=CENTER)
        if lead > 2:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=lead)
        for col in money_cols:
            letter = get_column_letter(col)
            style(put_formula(ws, row, col, f"=SUM({letter}{first}:{letter}{last_item})"), font=STRONG_FONT)
        subtotals[cat.key] = row
        row += 1
        put_text(ws, first, 1, cat.label, font=BODY_FONT, alignment=CENTER)
        ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    put_text(ws, row, 1, c.TOTAL_LABEL, font=STRONG_FONT, alignment=CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=lead)
    for col in money_cols:
        letter = get_column_letter(col)
        cells = ",".join(f"{letter}{r}" for r in subtotals.values())
        style(put_formula(ws, row, col, f"=SUM({cells})"), font=STRONG_FONT)
    _borders(ws, SHEET4_HEADER_ROW, row, ncols)
    row += 1
    note = c.sheet4_note(definition)
    put_text(ws, row, 1, note, alignment=TOP_LEFT)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    _height(ws, row, [(note, sum(widths))])
    for item_note in (n for n in pending if n.path == "/expenditure" or n.path.startswith("/expenditure/")):
        row += 1
        put_text(ws, row, 1, item_note.line, alignment=TOP_LEFT)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        _height(ws, row, [(item_note.line, sum(widths))])
    ws.freeze_panes = ws.cell(row=SHEET4_HEADER_ROW + 1, column=1)
    _print_setup(ws, title_rows=f"{SHEET4_HEADER_ROW}:{SHEET4_HEADER_ROW}", draft=draft)
    ws.print_area = f"A1:{get_column_letter(ncols)}{row}"
    return subtotals


# -- machine-readable copy ---------------------------------------------------------------------
def embedded_json(doc: dict[str, Any]) -> str:
    """The document as ASCII JSON (every non-ASCII and control character escaped)."""
    return json.dumps(doc, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _data_sheet(ws: Worksheet, doc: dict[str, Any]) -> None:
    payload = embedded_json(doc)
    chunks = [payload[i:i + CHUNK_CHARS] for i in range(0, len(payload), CHUNK_CHARS)] or [""]
    head = [DATA_MARKER, DATA_VERSION, hashlib.sha256(payload.encode("ascii")).hexdigest(), len(chunks)]
    for i, value in enumerate(head, start=1):
        cell = ws.cell(row=i, column=1, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
    for i, chunk in enumerate(chunks, start=len(head) + 1):
        cell = ws.cell(row=i, column=1, value=chunk)
        cell.data_type = "s"  # a chunk may begin with "="
    ws.sheet_state = "veryHidden"
