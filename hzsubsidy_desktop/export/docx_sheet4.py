"""附件4 (项目资金投入明细表) in Word, after 附件3 in the same document (see :mod:`.docx_form`).

The header row repeats on every page; each category's name is merged down its items; the last
items stay with their 小计, the 累计 row and the 注, so no page holds only totals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from docx.document import Document

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import totals as totals_mod
from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export.docx_form import (
    BODY,
    HEAD,
    LINE_PT,
    NUMBER,
    STRONG,
    TITLE,
    TITLE_CHARS,
    _label,
    _Notes,
    _text_paras,
    _value,
    _VerticalLabel,
)
from hzsubsidy_desktop.export.docx_style import Cell, Para, Table, add_paragraph, add_table
from hzsubsidy_desktop.export.docx_text import text_chunks, text_width
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition

DEFAULT_SHEET4_WIDTH = 22.0  # mm, for a 附件4 column the definition gives no Word width


def _sheet4_title_lines(title: str) -> list[str]:
    """Break a long 附件4 title before "项目资金投入明细表" rather than inside a word."""
    tail = c.SHEET4_TITLE_SUFFIX
    if text_width(title) <= TITLE_CHARS or not title.endswith(tail) or title == tail:
        return [title]
    return [title[: -len(tail)], tail]


class Sheet4:
    def __init__(self, definition: FormDefinition, doc: dict[str, Any], document: Document,
                 notes: list[c.Note]) -> None:
        self.definition, self.doc, self.document = definition, doc, document
        self.notes = _Notes(notes)
        self.totals = totals_mod.compute(definition, doc)

    def build(self) -> None:
        d = self.definition
        exp = d.expenditure
        columns = exp.columns
        w = sheet4_widths(d)
        add_paragraph(self.document, Para(c.SHEET4_NUMBER, NUMBER, line_pt=28, page_break_before=True))
        add_paragraph(self.document, Para("", HEAD, line_pt=20))
        for line in _sheet4_title_lines(c.sheet4_title(self.doc)):
            add_paragraph(self.document, Para(line, TITLE, align="center", line_pt=34))
        filler = c.text(docs.get(self.doc, "/enterprise/name"))
        add_paragraph(self.document, Para(f"（{c.FILLER_LABEL}：{filler}）", HEAD, align="center", line_pt=28))
        add_paragraph(self.document, Para(c.UNIT_TEXT, BODY, align="right", line_pt=24))
        table = add_table(self.document, w)
        labels = [c.SUPPORT_LABEL, c.SERIAL_LABEL, *(col.label for col in columns)]
        table.add_row([Cell(_label(label, width, font=STRONG)) for label, width in zip(labels, w, strict=True)],
                      header=True)
        note_width = sum(w[1:])
        # 小计 / 累计 span the columns before the first amount
        lead = next((i for i, col in enumerate(columns) if col.type == "money"), len(columns))
        for cat in d.categories:
            rows = [r if isinstance(r, dict) else {} for r in docs.get(self.doc, cat.table.path) or []]
            label_cell = _VerticalLabel(_label(cat.label, w[0])).cell
            for i, row in enumerate(rows or [{}]):
                table.add_row([
                    label_cell(),
                    Cell(_value(str(i + 1) if rows else "", "center")),
                    *(Cell(_value(c.money_text(row.get(col.key)), "center")) if col.type == "money"
                      else Cell(_value(c.text(row.get(col.key)))) for col in columns),
                ])
                self.note_rows(table, self.notes.take(f"{cat.table.path}/{i}"), label_cell, note_width)
            last = cat is d.categories[-1]
            if last:  # the last item stays with its 小计, 累计 and the 注: no page holds only totals
                table.keep_last_row_with_next()
            total = self.totals.category(cat.key)
            table.add_row([
                label_cell(),
                Cell(_label(c.SUBTOTAL_LABEL, sum(w[1:2 + lead])), span=1 + lead),
                *_sums_cells(columns[lead:], total.sums),
            ], keep_with_next=last)
            self.note_rows(table, self.notes.take(cat.table.path), label_cell, note_width)
        table.add_row([
            Cell(_label(c.TOTAL_LABEL, sum(w[:2 + lead]), font=STRONG), span=2 + lead),
            *_sums_cells(columns[lead:], self.totals.sums),
        ], keep_with_next=True)  # 累计 stays with the 注 under it
        add_paragraph(self.document, Para(c.sheet4_note(d), BODY, align="both", line_pt=LINE_PT, before_pt=6,
                                          keep_next=bool(self.notes.pending)))
        for note in self.notes.pending:
            add_paragraph(self.document, Para(note.line, BODY, align="both", line_pt=LINE_PT, before_pt=4))

    @staticmethod
    def note_rows(table: Table, notes: list[c.Note], label_cell: Callable[[], Cell], width: float) -> None:
        for note in notes:
            for chunk in text_chunks(note.line, width, indent=0):
                table.add_row([label_cell(), Cell(_text_paras(chunk, indent=0), span=len(table.widths) - 1)])


def _sums_cells(columns: Sequence[FieldDef], sums: Mapping[str, Decimal]) -> list[Cell]:
    """One cell per column: the sum of a money column, empty otherwise."""
    return [Cell(_value(c.money_text(sums.get(col.key)), "center")) if col.type == "money" else Cell([])
            for col in columns]


def sheet4_widths(definition: FormDefinition) -> tuple[float, ...]:
    """附件4 column widths in mm (支持内容, 序号, then the definition's columns)."""
    exp = definition.expenditure
    keys = ["category", "serial", *(col.key for col in exp.columns)]
    return tuple(exp.width(k).word or DEFAULT_SHEET4_WIDTH for k in keys)
