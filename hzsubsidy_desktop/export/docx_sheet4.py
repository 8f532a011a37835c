"""附件4 (项目资金投入明细表) in Word, after 附件3 in the same document (see :mod:`.docx_form`).

The header row repeats on every page; each category's name is merged down its items; the last
items stay with their 小计, the 累计 row and the 注, so no page holds only totals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
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
    STRONG,
    TITLE,
    TITLE_CHARS,
    _label,
    _Notes,
    _text_paras,
    _value,
    _VerticalLabel,
)
from hzsubsidy_desktop.export.docx_style import CELL_MARGIN_MM, TEXT_HEIGHT_MM, Cell, Para, add_paragraph
from hzsubsidy_desktop.export.docx_table import add_table
from hzsubsidy_desktop.export.docx_text import estimate_lines, text_chunks, text_width
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
        title_lines = _sheet4_title_lines(c.sheet4_title(self.doc))
        for line in title_lines:
            add_paragraph(self.document, Para(line, TITLE, align="center", line_pt=34))
        filler = c.text(docs.get(self.doc, "/enterprise/name"))
        add_paragraph(self.document, Para(f"（{c.FILLER_LABEL}：{filler}）", HEAD, align="center", line_pt=28))
        add_paragraph(self.document, Para(c.UNIT_TEXT, BODY, align="right", line_pt=24))
        labels = [c.SUPPORT_LABEL, c.SERIAL_LABEL, *(col.label for col in columns)]
        header = [Cell(_label(label, width, font=STRONG)) for label, width in zip(labels, w, strict=True)]
        # 小计 / 累计 span the columns before the first amount
        lead = next((i for i, col in enumerate(columns) if col.type == "money"), len(columns))
        rows: list[_Row] = []
        for cat in d.categories:
            items = [r if isinstance(r, dict) else {} for r in docs.get(self.doc, cat.table.path) or []]
            for i, row in enumerate(items or [{}]):
                rows.append(_Row(cat.key, [
                    Cell(_value(str(i + 1) if items else "", "center")),
                    *(Cell(_value(c.money_text(row.get(col.key)), "center")) if col.type == "money"
                      else Cell(_value(c.text(row.get(col.key)))) for col in columns),
                ], item=True))
                rows.extend(self.note_rows(cat.key, self.notes.take(f"{cat.table.path}/{i}"), w))
            total = self.totals.category(cat.key)
            rows.append(_Row(cat.key, [
                Cell(_label(c.SUBTOTAL_LABEL, sum(w[1:2 + lead])), span=1 + lead),
                *_sums_cells(columns[lead:], total.sums),
            ]))
            rows.extend(self.note_rows(cat.key, self.notes.take(cat.table.path), w))
        rows.append(_Row(None, [
            Cell(_label(c.TOTAL_LABEL, sum(w[:2 + lead]), font=STRONG), span=2 + lead),
            *_sums_cells(columns[lead:], self.totals.sums),
        ]))
        note = Para(c.sheet4_note(d), BODY, align="both", line_pt=LINE_PT, before_pt=6,
                    keep_next=bool(self.notes.pending))
        note_mm = _para_mm(note, sum(w))
        first_mm = (28 + 20 + 34 * len(title_lines) + 28 + 24) / 72 * 25.4
        pages = paginate(rows, w, _cells_mm(header, w), TEXT_HEIGHT_MM - first_mm, TEXT_HEIGHT_MM, note_mm)
        labels_of = {cat.key: cat.label for cat in d.categories}
        started: set[str] = set()
        for n, page in enumerate(pages):
            if n:  # the next page starts with the header and the category's name（续）
                add_paragraph(self.document, Para("", BODY, line_pt=1, page_break_before=True))
            table = add_table(self.document, w)
            table.add_row([Cell(list(cell.paras), span=cell.span) for cell in header], header=True)
            label_cells: dict[str, Callable[[], Cell]] = {}
            last_item = max((i for i, r in enumerate(page) if r.item), default=-1) if page is pages[-1] else -1
            for i, row in enumerate(page):
                cells = row.cells
                if row.category is not None:
                    if row.category not in label_cells:
                        name = labels_of[row.category]
                        name = f"{name}（续）" if row.category in started else name
                        label_cells[row.category] = _VerticalLabel(_label(name, w[0])).cell
                        started.add(row.category)
                    label = label_cells[row.category]()
                    if row.category in started and label.vmerge == "restart" and n and row is page[0]:
                        label.valign = "top"  # the name（续）at the very top of the continuation page
                    cells = [label, *cells]
                # on the last page the last item stays with its 小计, 累计 and the 注
                table.add_row(cells, keep_with_next=i >= last_item >= 0)
        add_paragraph(self.document, note)
        for pending in self.notes.pending:
            add_paragraph(self.document, Para(pending.line, BODY, align="both", line_pt=LINE_PT, before_pt=4))

    @staticmethod
    def note_rows(category: str, notes: list[c.Note], widths: Sequence[float]) -> list[_Row]:
        return [_Row(category, [Cell(_text_paras(chunk, indent=0), span=len(widths) - 1)])
                for note in notes for chunk in text_chunks(note.line, sum(widths[1:]), indent=0)]


@dataclass
class _Row:
    category: str | None  # the category whose name is merged down beside the row; None for 累计
    cells: list[Cell]  # without the category cell
    item: bool = False


PAGE_FILL = 0.98  # plan pages a little short of full: office programs measure text a little differently


def _para_mm(para: Para, width_mm: float) -> float:
    text = para.text if isinstance(para.text, str) else "".join(t for t, _f in para.text)
    # no spare character here (unlike chars_per_line): a page plan that is too cautious leaves
    # half-empty pages; PAGE_FILL keeps the margin instead
    per_line = max(1, int((width_mm - 2 * CELL_MARGIN_MM) / (para.font.size * 25.4 / 72)))
    lines = sum(estimate_lines(part, per_line) for part in text.split("\n"))
    return (lines * (para.line_pt or para.font.size * 1.5) + para.before_pt + para.after_pt) / 72 * 25.4


def _cells_mm(cells: Sequence[Cell], widths: Sequence[float]) -> float:
    tallest, col = 0.0, 0
    for cell in cells:
        span = cell.span
        width = sum(widths[col:col + span])
        tallest = max(tallest, sum(_para_mm(p, width) for p in cell.paras))
        col += span
    return tallest


def paginate(rows: list[_Row], widths: Sequence[float], header_mm: float, first_mm: float, page_mm: float,
             note_mm: float) -> list[list[_Row]]:
    """Rows per page, from estimated heights, so each page can begin with the header and the
    category's name（续）; the last item, its 小计, 累计 and the 注 are never parted."""
    label_w = widths[0]
    rest = widths[1:]

    def height(row: _Row) -> float:
        return _cells_mm(row.cells, rest if row.category is not None else widths)

    def label_mm(category: str, cont: bool) -> float:
        return _para_mm(Para(category + ("（续）" if cont else ""), BODY, line_pt=LINE_PT), label_w)

    last_item = max((i for i, r in enumerate(rows) if r.item), default=0)
    tail = sum(height(r) for r in rows[last_item:]) + note_mm
    pages: list[list[_Row]] = [[]]
    room, used = first_mm * PAGE_FILL, header_mm
    for i, row in enumerate(rows):
        need = tail if i == last_item else height(row)
        if row.category is not None and (not pages[-1] or pages[-1][-1].category != row.category):
            need += label_mm(row.category, False) - height(row) if label_mm(row.category, False) > height(row) else 0
        if used + need > room and any(r.item for r in pages[-1]):
            pages.append([])
            room, used = page_mm * PAGE_FILL, header_mm
        pages[-1].append(row)
        used += height(row)
    return pages


def _sums_cells(columns: Sequence[FieldDef], sums: Mapping[str, Decimal]) -> list[Cell]:
    """One cell per column: the sum of a money column, empty otherwise."""
    return [Cell(_value(c.money_text(sums.get(col.key)), "center")) if col.type == "money" else Cell([])
            for col in columns]


def sheet4_widths(definition: FormDefinition) -> tuple[float, ...]:
    """附件4 column widths in mm (支持内容, 序号, then the definition's columns)."""
    exp = definition.expenditure
    keys = ["category", "serial", *(col.key for col in exp.columns)]
    return tuple(exp.width(k).word or DEFAULT_SHEET4_WIDTH for k in keys)
