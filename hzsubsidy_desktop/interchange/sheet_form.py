"""A hand-filled spreadsheet (.xlsx; .xls/.et converted) read into the same blocks as a Word form.

Some enterprises fill 附件4 (or 附件3) in Excel or WPS 表格. Each worksheet becomes one table grid
(merged cells as spans and vertical continuations, like Word's), starting at the row that carries
the table's header, with the rows above it as paragraphs (title, 填报单位), so the Word readers
(:mod:`.word_attachment3`, :mod:`.word_attachment4`) read it unchanged. Positions name the
worksheet's own row and column numbers. The archive passes the same checks as a Word file first;
openpyxl parses through defusedxml.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.interchange.safe_archive import SafeArchive, SubmissionRejected
from hzsubsidy_desktop.interchange.word_form import WORD_LIMITS, Block, WordCell, WordParagraph, WordTable, norm

HEADER_WORDS = ("序号", "费用名称", "承担单位名称", "项目承担单位基本情况")
MAX_ROWS = 5000
MAX_COLUMNS = 40


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_sheet_blocks(path: Path, *, shown_name: str | None = None) -> list[Block]:
    """Every worksheet with a form table, as paragraphs and a table; raises :class:`SubmissionRejected`."""
    name = shown_name or path.name
    with SafeArchive(path, what="Excel 工作簿（.xlsx）", limits=WORD_LIMITS) as archive:
        if any(n.lower().endswith("vbaproject.bin") for n in archive.names):
            raise SubmissionRejected(f"“{name}”含有宏代码（vbaProject.bin），已拒收。请另存为不含宏的 .xlsx 后再导入。")
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise SubmissionRejected(f"无法打开“{name}”：文件不是有效的 Excel 工作簿，或已损坏。") from exc
    blocks: list[Block] = []
    paragraphs = 0
    try:
        for number, ws in enumerate(workbook.worksheets):
            rows = min(ws.max_row or 0, MAX_ROWS)
            columns = min(ws.max_column or 0, MAX_COLUMNS)
            values = [[_text(ws.cell(row=r, column=c).value) for c in range(1, columns + 1)] for r in range(1, rows + 1)]
            header = next((r for r, row in enumerate(values) if any(norm(v) in HEADER_WORDS for v in row)), None)
            if header is None:
                continue
            for row in values[:header]:
                text = " ".join(v for v in row if v.strip())
                blocks.append(WordParagraph(text, paragraphs))
                paragraphs += 1
            blocks.append(_table(ws, values, header, number))
    finally:
        workbook.close()
    return blocks


def _table(ws: Any, values: list[list[str]], header: int, number: int) -> WordTable:
    top_left: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) 0-based → (row span, col span)
    covered: dict[tuple[int, int], tuple[int, int, int]] = {}  # → (top row, first col, col span)
    for rng in ws.merged_cells.ranges:
        r0, c0, r1, c1 = rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1
        top_left[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered[(r, c)] = (r0, c0, c1 - c0 + 1)
    table = WordTable(number)
    width = len(values[0]) if values else 0
    for r in range(header, len(values)):
        cells: list[WordCell] = []
        c = 0
        while c < width:
            if (r, c) in covered:
                r0, c0, span = covered[(r, c)]
                if c == c0 and r0 < r:
                    cells.append(WordCell("", c, span, True, r, c))
                c = c0 + span if c == c0 else c + 1
                continue
            span = top_left.get((r, c), (1, 1))[1]
            cells.append(WordCell(values[r][c], c, span, False, r, c))
            c += span
        table.rows.append(cells)
    return table
