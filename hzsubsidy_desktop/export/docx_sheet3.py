"""附件3 (重点项目信息表) in Word: the row layouts (cell widths in mm, 156 in all; the table grid is
their union), long answers split into rows that may break across pages (the last lines kept with
the seal block), the "说明" rows, and the sheet built row by row from the definition's labels.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docx.document import Document

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import totals as totals_mod
from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export.docx_rows import (
    BODY,
    HEAD,
    LINE_PT,
    NUMBER,
    SEAL_ROOM_MM,
    STRONG,
    TAIL_LINES,
    TITLE,
    _label,
    _Notes,
    _value,
    _VerticalLabel,
)
from hzsubsidy_desktop.export.docx_style import Cell, Para, add_paragraph
from hzsubsidy_desktop.export.docx_table import Table, add_joined_table, add_table, grid_for
from hzsubsidy_desktop.export.docx_text import (
    CHUNK_LINES,
    chars_per_line,
    estimate_lines,
    split_long_paragraph,
    text_width,
)
from hzsubsidy_desktop.formdef import FormDefinition

# 附件3 row layouts (cell widths in mm, 156 in all); the table grid is their union.
FULL = (156.0,)
WIDE = (26.0, 130.0)  # label | value
PAIRS2 = (26.0, 50.0, 30.0, 50.0)  # label | value | label | value
PAIRS3 = (26.0, 24.0, 26.0, 24.0, 26.0, 30.0)
PLAN = (50.0, 26.0, 80.0)  # deadline | invested | progress
SUPPORT = (32.0, 22.0, 22.0, 30.0, 24.0, 26.0)
SHEET3_LAYOUTS = (FULL, WIDE, PAIRS2, PAIRS3, PLAN, SUPPORT)


def _paras_lines(paras: list[Para], width_mm: float) -> int:
    per_line = chars_per_line(width_mm)
    return sum(estimate_lines(p.text if isinstance(p.text, str) else "".join(t for t, _f in p.text), per_line,
                              p.first_line_chars) for p in paras)


def _long_rows(table: Table, label: str, paras: list[Para]) -> None:
    """One row for a long value (WIDE layout): unsplittable while short, else free to break across
    pages with the label at the top, so the text runs on without cuts, rules or blank bands."""
    splittable = _paras_lines(paras, WIDE[1]) > CHUNK_LINES
    valign = "top" if splittable else "center"
    table.add_row([Cell(_label(label, WIDE[0]), valign=valign), Cell(paras, valign=valign)], layout=WIDE,
                  cant_split=not splittable)


def _long_rows_with_tail(table: Table, label: str, paras: list[Para]) -> None:
    """Like :func:`_long_rows`, but the last lines of a long answer are a row of their own that stays
    with the next row (the seal block): the rows share the label and have no rule between them."""
    if _paras_lines(paras, WIDE[1]) <= CHUNK_LINES or not paras or not isinstance(paras[-1].text, str):
        _long_rows(table, label, paras)
        table.keep_last_row_with_next()
        return
    last = paras[-1]
    limit = TAIL_LINES * chars_per_line(WIDE[1]) - last.first_line_chars
    pieces = split_long_paragraph(last.text, limit) if text_width(last.text) > limit else [last.text]
    if len(pieces) > 1:
        body = [*paras[:-1], dataclasses.replace(last, text="".join(pieces[:-1]))]
        tail = [dataclasses.replace(last, text=pieces[-1], first_line_chars=0)]
    else:
        body, tail = paras[:-1], [last]
    label_cell = _VerticalLabel(_label(label, WIDE[0])).cell
    table.add_row([label_cell(), Cell(body, valign="top", open_edges=("bottom",))], layout=WIDE, cant_split=False)
    table.add_row([label_cell(), Cell(tail, valign="top", open_edges=("top",))], layout=WIDE, keep_with_next=True)


def _long_paras(text: str, *, indent: int = 2) -> list[Para]:
    """A long text's paragraphs, first lines indented, justified."""
    return [Para(line.rstrip(), BODY, align="both", line_pt=LINE_PT, first_line_chars=indent if line.strip() else 0)
            for line in text.split("\n")]


def _note_paras(notes: list[c.Note]) -> list[Para]:
    paras: list[Para] = []
    for note in notes:
        paras.append(Para(f"{c.EXPLANATION_LABEL}（{note.subject}）：", STRONG, line_pt=LINE_PT))
        paras.extend(_long_paras(note.text))
    return paras


def _note_rows(table: Table, notes: list[c.Note]) -> None:
    """"说明" rows under the row an explanation belongs to."""
    if notes:
        _long_rows(table, c.EXPLANATION_LABEL, _note_paras(notes))


def _head_line(label: str, value: str) -> Para:
    """A head line of the sheet ("项目名称：…"), continuation lines aligned after the label."""
    hang = text_width(label) + 1
    return Para([(f"{label}：", HEAD), (value, HEAD)], HEAD, line_pt=28,
                indent_left_pt=hang * HEAD.size, first_line_chars=0, hanging_pt=hang * HEAD.size)


# -- 附件3 --------------------------------------------------------------------------------------
class Sheet3:
    def __init__(self, definition: FormDefinition, doc: dict[str, Any], document: Document,
                 notes: list[c.Note], draft: bool) -> None:
        self.definition, self.doc, self.document, self.draft = definition, doc, document, draft
        self.notes = _Notes(notes)
        self.totals = totals_mod.compute(definition, doc)

    # helpers
    def label(self, pointer: str) -> str:
        return self.definition.field(pointer).label

    def value(self, pointer: str) -> str:
        return c.value_text(self.definition.field(pointer), docs.get(self.doc, pointer))

    def money(self, pointer: str) -> str:
        return c.money_text(docs.get(self.doc, pointer))

    def marks(self, pointer: str) -> list[str]:
        return c.choice_marks(self.definition.field(pointer), docs.get(self.doc, pointer))

    def build(self) -> None:
        self.heading()
        self.table = add_table(self.document, grid_for(SHEET3_LAYOUTS))
        self.enterprise()
        self.project()
        self.plan()
        self.support()
        self.narrative()
        self.undertakings()

    def heading(self) -> None:
        add_paragraph(self.document, Para(c.SHEET3_NUMBER, NUMBER, line_pt=28))
        add_paragraph(self.document, Para("", HEAD, line_pt=28))
        for line in c.SHEET3_TITLE:
            add_paragraph(self.document, Para(line, TITLE, align="center", line_pt=34))
        add_paragraph(self.document, Para("", HEAD, line_pt=20))
        head = [
            (c.BUILDER_LABEL, self.value("/enterprise/name")),
            (self.label("/project/name"), self.value("/project/name")),
            (self.label("/project/types"), self.value("/project/types")),
            (self.label("/enterprise/enterprise_type"), "　".join(self.marks("/enterprise/enterprise_type"))),
            (self.label("/enterprise/county"), self.value("/enterprise/county")),
        ]
        for label, value in head:
            add_paragraph(self.document, _head_line(label, value))
        add_paragraph(self.document, Para("", BODY, line_pt=12))

    def row(self, layout: tuple[float, ...], cells: list[Cell], *pointers: str) -> None:
        self.table.add_row(cells, layout=layout)
        _note_rows(self.table, self.notes.take(*pointers))

    def section(self, title: str) -> None:
        self.table.add_row([Cell([Para(title, STRONG, align="center", line_pt=LINE_PT)])], layout=FULL)

    def pairs(self, layout: tuple[float, ...], *pointers: str, money: bool = False,
              values: dict[str, list[Para]] | None = None) -> None:
        """A row of (label, value) pairs laid out as ``layout``."""
        cells: list[Cell] = []
        for i, pointer in enumerate(pointers):
            if values and pointer in values:
                paras = values[pointer]
            else:
                paras = _value(self.money(pointer) if money else self.value(pointer), "center" if money else "left")
            cells.append(Cell(_label(self.label(pointer), layout[2 * i])))
            cells.append(Cell(paras))
        self.row(layout, cells, *pointers)

    def wide(self, label: str, paras: list[Para], *pointers: str) -> None:
        self.row(WIDE, [Cell(_label(label, WIDE[0])), Cell(paras)], *pointers)

    def long(self, label: str, pointer: str, *, last: bool = False) -> None:
        text = c.text(docs.get(self.doc, pointer))
        prompt = c.OFFICIAL_PROMPTS.get(pointer)  # the form's own text in the value cell
        head = [Para(prompt, STRONG, line_pt=LINE_PT)] if prompt else []
        notes = self.notes.take(pointer)
        if last and not notes and not self.notes.pending:
            # the seal page also shows the end of the project's own content, so a stamped page
            # cannot pass for another application's
            _long_rows_with_tail(self.table, label, head + _long_paras(text))
            return
        _long_rows(self.table, label, head + _long_paras(text))
        _note_rows(self.table, notes)

    def enterprise(self) -> None:
        self.section(self.definition.group("enterprise").title)
        nature = "/enterprise/nature"
        self.pairs(PAIRS2, "/enterprise/name", nature,
                   values={nature: _value("　".join(self.marks(nature)))})
        # 法定代表人 spans two rows, beside 单位地址 and 社会信用代码 (as on the official sheet)
        legal, address, code = "/enterprise/legal_representative", "/enterprise/address", "/enterprise/credit_code"
        self.table.add_row([
            Cell(_label(self.label(legal), PAIRS2[0]), vmerge="restart"),
            Cell(_value(self.value(legal)), vmerge="restart"),
            Cell(_label(self.label(address), PAIRS2[2])), Cell(_value(self.value(address))),
        ], layout=PAIRS2)
        self.row(PAIRS2, [
            Cell([], vmerge="continue"), Cell([], vmerge="continue"),
            Cell(_label(self.label(code), PAIRS2[2])), Cell(_value(self.value(code))),
        ], legal, address, code)
        self.pairs(PAIRS3, "/enterprise/registered_capital", "/enterprise/total_assets", "/enterprise/net_assets",
                   money=True)
        self.pairs(PAIRS3, "/enterprise/cbec_turnover", "/enterprise/revenue", "/enterprise/profit", money=True)
        self.long(self.label("/enterprise/profile") + "\n" + c.PROFILE_NOTE, "/enterprise/profile")
        # the official sheet has no cell for the leader's own phone (it is for 附件5 only)
        self.pairs(PAIRS3, "/enterprise/project_leader", "/enterprise/contact_person", "/enterprise/contact_phone")

    def project(self) -> None:
        self.section(self.definition.group("project").title)
        self.wide(self.label("/project/name"), _value(self.value("/project/name")), "/project/name")
        types = [Para(mark, BODY, line_pt=LINE_PT) for mark in self.marks("/project/types")]
        # the basic-condition measures are not on the sheet: their explanations go with 项目类型
        self.wide(self.label("/project/types"), types, "/project/types", "/conditions")
        self.wide(c.PERIOD_LABEL, _value(c.period_text(self.doc)), "/project/start", "/project/end")
        self.pairs(PAIRS2, "/project/total_investment", "/project/period_investment", money=True)
        self.wide(self.label("/project/address"), _value(self.value("/project/address")), "/project/address")
        self.long(self.label("/project/content"), "/project/content")

    def plan(self) -> None:
        """The plan is a table of its own, joined to the rows above and below, so its header row
        repeats at the top of a continuation page (a table repeats only its top rows)."""
        plan = self.definition.plan
        invested, progress = plan.column("invested"), plan.column("progress")
        self.table = add_joined_table(self.document, self.table)
        self.table.add_row([
            Cell(_label(plan.title, PLAN[0])), Cell(_label(invested.label, PLAN[1])),
            Cell(_label(progress.label, PLAN[2])),
        ], layout=PLAN, header=True, keep_with_next=True)
        for i, row in enumerate(docs.get(self.doc, plan.path) or []):
            row = row if isinstance(row, dict) else {}
            paras = [Para(line, BODY, line_pt=LINE_PT) for line in c.text(row.get("progress")).split("\n")]
            self.row(PLAN, [
                Cell(_label(c.deadline_text(row.get("deadline")), PLAN[0])),
                Cell(_value(c.money_text(row.get("invested")), "center")),
                Cell(paras),
            ], f"{plan.path}/{i}")
        _note_rows(self.table, self.notes.take(plan.path))
        self.table = add_joined_table(self.document, self.table)
        pointer = "/project/subsidy_requested"
        self.wide(self.label(pointer), _value(self.money(pointer)), pointer)

    def support(self) -> None:
        exp = self.definition.expenditure
        head = [c.SUPPORT_LABEL, exp.short_label(exp.spent_column), exp.short_label(exp.planned_column)] * 2
        self.table.add_row([Cell(_label(h, w)) for h, w in zip(head, SUPPORT, strict=True)], layout=SUPPORT,
                           keep_with_next=True)
        rows = exp.support_rows
        for n_row, keys in enumerate(rows):
            cells: list[Cell] = []
            for n in range(2):
                if n >= len(keys):
                    cells.extend(Cell([]) for _ in range(3))
                    continue
                total = self.totals.category(keys[n])
                cells.append(Cell(_label(f"{total.label}\n（万元）", SUPPORT[3 * n])))
                cells.append(Cell(_value(c.money_text(total.spent), "center")))
                cells.append(Cell(_value(c.money_text(total.planned), "center")))
            self.table.add_row(cells, layout=SUPPORT, keep_with_next=n_row < len(rows) - 1)

    def narrative(self) -> None:
        paras: list[Para] = []

        def block(heading: str, text: str) -> None:
            paras.extend(Para(line, STRONG, line_pt=LINE_PT) for line in heading.split("\n"))
            paras.extend(_long_paras(text))

        overview, practices = "/narrative/overview", "/narrative/practices"
        block(f"{self.label(overview)}：", c.text(docs.get(self.doc, overview)))
        block(f"{self.label(practices)}：", c.text(docs.get(self.doc, practices)))
        kpis = ("/narrative/kpi_economic", "/narrative/kpi_social", "/narrative/kpi_sustainable")
        for n, pointer in enumerate(kpis, start=1):
            prompt = c.OFFICIAL_PROMPTS.get(pointer, "")
            heading = (f"{c.KPI_LABEL}：\n" if n == 1 else "") + f"{n}.{self.label(pointer)}{prompt}："
            block(heading, c.text(docs.get(self.doc, pointer)))
        _long_rows(self.table, self.definition.group("narrative").title, paras)
        _note_rows(self.table, self.notes.take(overview, practices, *kpis))
        for pointer in ("/narrative/government_funding", "/narrative/approvals"):
            self.long(self.label(pointer), pointer)
        self.long(self.label("/narrative/demonstration"), "/narrative/demonstration", last=True)

    def undertakings(self) -> None:
        _note_rows(self.table, self.notes.pending)  # whatever has no printed field of its own
        self.notes.pending = []
        # the seal page also shows the last row of the project's own content, so a stamped page
        # cannot pass for another application's
        self.table.keep_last_row_with_next()
        group = self.definition.group("undertakings")
        paras = [Para(c.UNDERTAKINGS_HEADING, STRONG, line_pt=LINE_PT, before_pt=6)]
        for f in group.fields:
            value = docs.get(self.doc, f.path)
            suffix = "" if value is True or not self.draft else ("（未作出此项承诺）" if value is False else "（未确认）")
            paras.append(Para(c.text(f.label) + suffix, BODY, line_pt=LINE_PT, first_line_chars=2))
        seal_pt = SEAL_ROOM_MM / 25.4 * 72
        paras.append(Para(c.SEAL_TEXT, BODY, align="right", line_pt=LINE_PT, before_pt=seal_pt,
                          indent_right_pt=BODY.size * 4))
        paras.append(Para(c.DATE_TEXT, BODY, align="right", line_pt=LINE_PT, after_pt=12,
                          indent_right_pt=BODY.size * 5))
        self.table.add_row([Cell(paras, valign="top")], layout=FULL)
