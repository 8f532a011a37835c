"""附件3 in Excel laid out as the official sheet: the same grid as the Word table.

The sheet's columns are the Word table's grid (``docx_sheet3.SHEET3_LAYOUTS``), so every row is the
Word row with its cells merged over the same columns: 单位性质 and 项目类型 as check-boxes, the
plan with its header, the 3 × 2 支持内容 grid (formulas pointing at 附件4's 小计 rows), the texts
of 项目建设情况 with the form's own headings, and 承诺意见 with 项目承担企业（盖章） and 年 月 日 under
seal room. A4 portrait, one page wide. The 基本条件自查 measures, which the official sheet does
not have, are on a sheet of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break as RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export import xlsx_form as xf
from hzsubsidy_desktop.export.docx_sheet3 import FULL, PAIRS2, PAIRS3, PLAN, SHEET3_LAYOUTS, SUPPORT, WIDE
from hzsubsidy_desktop.export.docx_table import grid_for
from hzsubsidy_desktop.export.docx_text import text_chunks
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.validation.engine import is_relevant

CONDITIONS_SHEET = "基本条件自查"
MM_PER_EXCEL_CHAR = 1.9  # an Excel width unit at 11 pt is about 1.9 mm on paper
GRID_MM = grid_for(SHEET3_LAYOUTS)
SEAL_ROOM_PT = 46 / 25.4 * 72  # a round seal (≥ 45 mm) above 项目承担企业（盖章）
RIGHT_WRAP = Alignment(horizontal="right", vertical="center", wrap_text=True)
TOP_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
PAGE_HEIGHT_PT = (297 / 25.4 - 0.9 - 0.8) * 72  # A4 less the top and bottom margins (xlsx_form._print_setup)
PAGE_WIDTH_MM = 210 - 2 * 0.6 * 25.4
DEFAULT_ROW_PT = 18.0  # one line of 11 pt CJK text, set on every row so the page count is known
LINES_PER_ROW = 22  # estimated lines of a long answer per sheet row (Excel rows: at most 409 pt)


def _spans(layout: Sequence[float]) -> list[tuple[int, int]]:
    """(first, last) sheet columns (1-based) of each cell of a row laid out as ``layout``."""
    edges, edge = [], 0.0
    for width in GRID_MM:
        edge = round(edge + width, 3)
        edges.append(edge)
    out, start, cursor = [], 1, 0.0
    for width in layout:
        cursor = round(cursor + width, 3)
        end = edges.index(cursor) + 1
        out.append((start, end))
        start = end + 1
    return out


class Sheet3:
    def __init__(self, definition: FormDefinition, doc: dict[str, Any], ws: Worksheet, draft: bool,
                 notes: list[c.Note], subtotal_rows: dict[str, int]) -> None:
        self.definition, self.doc, self.ws, self.draft = definition, doc, ws, draft
        self.notes = list(notes)
        self.subtotal_rows = subtotal_rows
        self.row = 1
        self.ncols = len(GRID_MM)
        self.keep: dict[int, int] = {}  # row → how many rows after it must be on its page

    # helpers
    def label(self, pointer: str) -> str:
        return self.definition.field(pointer).label

    def value(self, pointer: str) -> str:
        return c.value_text(self.definition.field(pointer), docs.get(self.doc, pointer))

    def line(self, text: str, *, font: Any = xf.HEAD_FONT, alignment: Alignment = xf.LEFT,
             height: float | None = None) -> None:
        """A line above the table, across the sheet, without borders."""
        xf.put_text(self.ws, self.row, 1, text, font=font, alignment=alignment)
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.ncols)
        if height:
            self.ws.row_dimensions[self.row].height = height
        else:
            xf._height(self.ws, self.row, [(text, self.chars(FULL[0]) * 0.85)])
        self.row += 1

    @staticmethod
    def chars(mm: float) -> float:
        return mm / MM_PER_EXCEL_CHAR

    def cells(self, layout: Sequence[float], cells: Sequence[tuple[Any, str]], *,
              height: float | None = None) -> None:
        """One bordered row: ``(value, kind)`` per cell; kind label/text/top/money/formula/right."""
        texts = []
        for (first, last), (value, kind), width in zip(_spans(layout), cells, layout, strict=True):
            if kind == "money":
                xf.put_money(self.ws, self.row, first, value)
            elif kind == "formula":
                xf.put_formula(self.ws, self.row, first, value)
            else:
                font = xf.STRONG_FONT if kind == "label" else xf.BODY_FONT
                alignment = {"label": xf.CENTER, "top": xf.TOP_LEFT, "right": RIGHT_WRAP}.get(kind, xf.LEFT)
                xf.put_text(self.ws, self.row, first, value, font=font, alignment=alignment)
                texts.append((c.text(value), self.chars(width)))
            if last > first:
                self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
        xf._borders(self.ws, self.row, self.row, self.ncols)
        if height:
            self.ws.row_dimensions[self.row].height = height
        else:
            xf._height(self.ws, self.row, texts)
        self.row += 1

    def pairs(self, layout: Sequence[float], *pointers: str, money: bool = False,
              values: dict[str, str] | None = None) -> None:
        cells: list[tuple[Any, str]] = []
        for pointer in pointers:
            cells.append((self.label(pointer), "label"))
            if values and pointer in values:
                cells.append((values[pointer], "text"))
            elif money:
                cells.append((docs.get(self.doc, pointer), "money"))
            else:
                cells.append((self.value(pointer), "text"))
        self.cells(layout, cells)

    def wide(self, label: str, value: str, kind: str = "text") -> None:
        self.cells(WIDE, [(label, "label"), (value, kind)])

    def long(self, label: str, blocks: Sequence[tuple[str, str]]) -> None:
        """A long answer: ``(heading, text)`` blocks in rows of at most :data:`LINES_PER_ROW` lines
        (Excel rows are at most 409 pt high and never break across pages), the label merged down
        over them and no rule between them."""
        pieces: list[str] = []
        for heading, text in blocks:
            head_lines = heading.count("\n") + 1 if heading else 0
            chunks = text_chunks(text, WIDE[1], max_lines=LINES_PER_ROW, indent=0, first_lines=head_lines)
            for i, chunk in enumerate(chunks):
                body = "\n".join(t for t, _indented in chunk)
                pieces.append(f"{heading}\n{body}" if heading and i == 0 else body)
        (label_first, label_last), (first, last) = _spans(WIDE)
        top = self.row
        for i, piece in enumerate(pieces):
            xf.put_text(self.ws, self.row, first, piece, alignment=xf.TOP_LEFT)
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)
            xf._borders(self.ws, self.row, self.row, self.ncols)
            xf._height(self.ws, self.row, [(piece, self.chars(WIDE[1]))])
            if i:  # one answer: no rule between its rows
                for col in range(first, last + 1):
                    cell = self.ws.cell(row=self.row, column=col)
                    cell.border = Border(left=cell.border.left, right=cell.border.right, bottom=cell.border.bottom)
                    above = self.ws.cell(row=self.row - 1, column=col)
                    above.border = Border(left=above.border.left, right=above.border.right, top=above.border.top)
            self.row += 1
        # the label at the top, so it is on the page where the answer starts
        xf.put_text(self.ws, top, label_first, label, font=xf.STRONG_FONT,
                    alignment=xf.CENTER if len(pieces) == 1 else TOP_CENTER)
        self.ws.merge_cells(start_row=top, start_column=label_first, end_row=self.row - 1, end_column=label_last)

    def section(self, title: str) -> None:
        self.cells(FULL, [(title, "label")])

    # the sheet
    def build(self) -> None:
        for i, width in enumerate(GRID_MM, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = round(self.chars(width), 2)
        self.heading()
        self.enterprise()
        self.project()
        self.plan()
        self.support()
        self.narrative()
        self.explanations()
        self.undertakings()
        self.page_breaks()
        xf._print_setup(self.ws, title_rows=None, draft=self.draft)
        self.ws.print_area = f"A1:{get_column_letter(self.ncols)}{self.row - 1}"

    def heading(self) -> None:
        self.line(c.SHEET3_NUMBER, font=xf.NUMBER_FONT, height=24)
        for line in c.SHEET3_TITLE[:-1]:
            self.line(line, font=xf.TITLE_FONT, alignment=xf.CENTER, height=26)
        self.line(xf._title(self.draft, c.SHEET3_TITLE[-1]), font=xf.TITLE_FONT, alignment=xf.CENTER, height=26)
        heads = [
            (c.BUILDER_LABEL, self.value("/enterprise/name")),
            (self.label("/project/name"), self.value("/project/name")),
            (self.label("/project/types"), self.value("/project/types")),
            (self.label("/enterprise/enterprise_type"), "　".join(
                c.choice_marks(self.definition.field("/enterprise/enterprise_type"),
                               docs.get(self.doc, "/enterprise/enterprise_type")))),
            (self.label("/enterprise/county"), self.value("/enterprise/county")),
        ]
        for label, value in heads:
            self.line(f"{label}：{value}")

    def enterprise(self) -> None:
        self.section(self.definition.group("enterprise").title)
        nature = "/enterprise/nature"
        marks = "　".join(c.choice_marks(self.definition.field(nature), docs.get(self.doc, nature)))
        self.pairs(PAIRS2, "/enterprise/name", nature, values={nature: marks})
        legal, address, code = "/enterprise/legal_representative", "/enterprise/address", "/enterprise/credit_code"
        top = self.row
        self.pairs(PAIRS2, legal, address)
        self.cells(PAIRS2, [("", "label"), ("", "text"), (self.label(code), "label"), (self.value(code), "text")])
        for first, last in _spans(PAIRS2)[:2]:  # 法定代表人 spans both rows, as on the official sheet
            self.ws.merge_cells(start_row=top, start_column=first, end_row=top + 1, end_column=last)
        self.pairs(PAIRS3, "/enterprise/registered_capital", "/enterprise/total_assets", "/enterprise/net_assets",
                   money=True)
        self.pairs(PAIRS3, "/enterprise/cbec_turnover", "/enterprise/revenue", "/enterprise/profit", money=True)
        self.long(self.label("/enterprise/profile") + c.PROFILE_NOTE, [("", self.value("/enterprise/profile"))])
        self.pairs(PAIRS3, "/enterprise/project_leader", "/enterprise/contact_person", "/enterprise/contact_phone")

    def project(self) -> None:
        self.section(self.definition.group("project").title)
        self.wide(self.label("/project/name"), self.value("/project/name"))
        types = "\n".join(c.choice_marks(self.definition.field("/project/types"), docs.get(self.doc, "/project/types")))
        self.wide(self.label("/project/types"), types)
        self.wide(c.PERIOD_LABEL, c.period_text(self.doc))
        self.pairs(PAIRS2, "/project/total_investment", "/project/period_investment", money=True)
        self.wide(self.label("/project/address"), self.value("/project/address"))
        self.long(self.label("/project/content"), [("", self.value("/project/content"))])

    def page_breaks(self) -> None:
        """Manual page breaks so that no block header ends a page without its first row, and
        承诺意见, the seal room and the date stay on one page (Excel rows never break, so the
        pages can be counted from the row heights)."""
        for r in range(1, self.row):
            if not self.ws.row_dimensions[r].height:
                self.ws.row_dimensions[r].height = DEFAULT_ROW_PT
        px = sum(int(self.chars(w) * 7 + 5) for w in GRID_MM)
        scale = min(1.0, PAGE_WIDTH_MM / (px * 25.4 / 96))
        page = PAGE_HEIGHT_PT / scale
        used = 0.0
        for r in range(1, self.row):
            height = self.ws.row_dimensions[r].height or DEFAULT_ROW_PT
            keep = self.keep.get(r, 0)
            together = sum(self.ws.row_dimensions[k].height or DEFAULT_ROW_PT for k in range(r, r + keep + 1))
            if used and used + together > page:
                self.ws.row_breaks.append(RowBreak(id=r - 1))
                used = 0.0
            used = used + height if used + height <= page else height

    def plan(self) -> None:
        plan = self.definition.plan
        self.keep[self.row] = 1  # the header row with the first deadline
        self.cells(PLAN, [(plan.title, "label"), (plan.column("invested").label, "label"),
                          (plan.column("progress").label, "label")])
        for row in docs.get(self.doc, plan.path) or []:
            row = row if isinstance(row, dict) else {}
            self.cells(PLAN, [(c.deadline_text(row.get("deadline")), "label"), (row.get("invested"), "money"),
                              (c.text(row.get("progress")), "text")])
        pointer = "/project/subsidy_requested"
        self.cells(WIDE, [(self.label(pointer), "label"), (docs.get(self.doc, pointer), "money")])
        self.ws.cell(row=self.row - 1, column=_spans(WIDE)[1][0]).alignment = xf.LEFT

    def support(self) -> None:
        """The 3 × 2 支持内容 grid: formulas pointing at 附件4's 小计 rows."""
        exp = self.definition.expenditure
        spent = get_column_letter(xf.sheet4_column(self.definition, exp.spent_column))
        planned = get_column_letter(xf.sheet4_column(self.definition, exp.planned_column))
        head = [c.SUPPORT_LABEL, exp.short_label(exp.spent_column), exp.short_label(exp.planned_column)] * 2
        self.keep[self.row] = 1
        self.cells(SUPPORT, [(h, "label") for h in head])
        labels = {cat.key: cat.label for cat in self.definition.categories}
        for keys in exp.support_rows:
            cells: list[tuple[Any, str]] = []
            for n in range(2):
                if n >= len(keys):
                    cells.extend([("", "text")] * 3)
                    continue
                r = self.subtotal_rows[keys[n]]
                cells += [(f"{labels[keys[n]]}\n（万元）", "label"), (f"='{xf.SHEET4_NAME}'!{spent}{r}", "formula"),
                          (f"='{xf.SHEET4_NAME}'!{planned}{r}", "formula")]
            self.cells(SUPPORT, cells)

    def narrative(self) -> None:
        parts: list[tuple[str, str]] = []

        def block(heading: str, pointer: str) -> None:
            parts.append((heading, c.text(docs.get(self.doc, pointer))))

        block(f"{self.label('/narrative/overview')}：", "/narrative/overview")
        block(f"{self.label('/narrative/practices')}：", "/narrative/practices")
        kpis = ("/narrative/kpi_economic", "/narrative/kpi_social", "/narrative/kpi_sustainable")
        for n, pointer in enumerate(kpis, start=1):
            prompt = c.OFFICIAL_PROMPTS.get(pointer, "")
            block((f"{c.KPI_LABEL}：\n" if n == 1 else "") + f"{n}.{self.label(pointer)}{prompt}：", pointer)
        self.long(self.definition.group("narrative").title, parts)
        for pointer in ("/narrative/government_funding", "/narrative/approvals", "/narrative/demonstration"):
            prompt = c.OFFICIAL_PROMPTS.get(pointer)
            text = self.value(pointer)
            self.long(self.label(pointer), [(prompt or "", text)])

    def explanations(self) -> None:
        for note in self.notes:
            self.long(c.EXPLANATION_LABEL, [(f"{c.EXPLANATION_LABEL}（{note.subject}）：", note.text)])

    def undertakings(self) -> None:
        group = self.definition.group("undertakings")
        lines = [c.UNDERTAKINGS_HEADING]
        for f in group.fields:
            value = docs.get(self.doc, f.path)
            suffix = "" if value is True or not self.draft else ("（未作出此项承诺）" if value is False else "（未确认）")
            lines.append("　　" + c.text(f.label) + suffix)
        self.keep[self.row] = 2  # 承诺意见, the seal room and the date on one page
        self.cells(FULL, [("\n".join(lines), "top")])
        self.cells(FULL, [(c.SEAL_TEXT + "　　　　", "right")], height=SEAL_ROOM_PT)
        self.ws.cell(row=self.row - 1, column=1).alignment = Alignment(horizontal="right", vertical="bottom")
        self.cells(FULL, [(c.DATE_TEXT + "　　　　　", "right")], height=24)
        for r in (self.row - 3, self.row - 2, self.row - 1):  # one block: no rules inside it
            for col in range(1, self.ncols + 1):
                cell = self.ws.cell(row=r, column=col)
                cell.border = Border(left=cell.border.left, right=cell.border.right,
                                     top=xf._THIN if r == self.row - 3 else None,
                                     bottom=xf._THIN if r == self.row - 1 else None)


def write_conditions_sheet(definition: FormDefinition, doc: dict[str, Any], ws: Worksheet, draft: bool) -> None:
    """基本条件自查 (not on the official sheet): the measures for the basic conditions, label and value."""
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 40
    xf.put_text(ws, 1, 1, xf._title(draft, CONDITIONS_SHEET), font=xf.TITLE_FONT, alignment=xf.CENTER)
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 26
    row = 2
    group = definition.group("conditions")
    for f in group.fields:
        if not is_relevant(f.relevant, doc):
            continue
        value = docs.get(doc, f.path)
        xf.put_text(ws, row, 1, f.label, font=xf.STRONG_FONT, alignment=xf.CENTER)
        if f.type == "money":
            xf.put_money(ws, row, 2, value)
        else:
            xf.put_text(ws, row, 2, c.value_text(f, value))
        xf._borders(ws, row, row, 2)
        xf._height(ws, row, [(f.label, 40), (c.text(value), 40)])
        row += 1
    xf._print_setup(ws, title_rows=None, draft=draft)
    ws.print_area = f"A1:B{max(row - 1, 1)}"


def write_sheet3(definition: FormDefinition, doc: dict[str, Any], ws: Worksheet, draft: bool,
                 notes: list[c.Note], subtotal_rows: dict[str, int]) -> None:
    Sheet3(definition, doc, ws, draft, notes, subtotal_rows).build()


__all__ = ["CONDITIONS_SHEET", "write_conditions_sheet", "write_sheet3"]
