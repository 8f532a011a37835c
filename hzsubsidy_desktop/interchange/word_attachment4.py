"""附件4 项目资金投入明细表 read from a Word table filled by hand (or exported by hzsubsidy).

The table is found by its header row (序号, 费用名称, …); columns are located by the header's
grid positions, so inserted, merged or widened cells do not shift values. Rows inserted under a
category, the template's spare rows ("2", "......") left empty, 序号 such as "1、" and empty
拟支出 cells are all read as people mean them. A hand-typed 小计 or 累计 is compared with the sum of
the items: a difference is a finding naming both numbers, never a silent correction.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange import word_values as wv
from hzsubsidy_desktop.interchange.word_form import Block, Reading, WordParagraph, WordTable, norm
from hzsubsidy_desktop.values import amounts

SHEET = "附件4"
TITLE_SUFFIX = "项目资金投入明细表"
# The table's own columns; the others are the definition's 附件4 columns, recognised by their label
# or short label and read by role: "name", "spent", "planned", else the column's key.
_FIXED_HEADER = {"支持内容": "category", "序号": "serial"}
SUBTOTAL_WORDS = ("小计",)
TOTAL_WORDS = ("累计", "合计", "总计")
_SPARE = re.compile(r"^[.…。·、\s]*$")


def role_of(definition: FormDefinition, key: str) -> str:
    exp = definition.expenditure
    return {exp.name_column: "name", exp.spent_column: "spent", exp.planned_column: "planned"}.get(key, key)


def header_roles(definition: FormDefinition) -> dict[str, str]:
    """Header text (normalised, without （万元）) → role, from the definition's 附件4 columns."""
    exp = definition.expenditure
    out = dict(_FIXED_HEADER)
    for col in exp.columns:
        for text in (col.label, exp.short_label(col.key)):
            out.setdefault(norm(text), role_of(definition, col.key))
    return out


def find_table(blocks: list[Block], definition: FormDefinition) -> tuple[WordTable, int, dict[str, int]] | None:
    """The 附件4 table, its header row and the grid column of each header (by role)."""
    header_map = header_roles(definition)
    for block in blocks:
        if not isinstance(block, WordTable):
            continue
        for r, row in enumerate(block.rows[:5]):
            columns: dict[str, int] = {}
            for cell in row:
                key = header_map.get(norm(cell.text).replace("（万元）", ""))
                if key and key not in columns:
                    columns[key] = cell.column
            if {"name", "spent"} <= columns.keys():
                return block, r, columns
    return None


def _continuation_rows(blocks: list[Block], table: WordTable, cols: dict[str, int]) -> list[tuple[WordTable, int]]:
    """Rows of tables that continue 附件4 after it (a table split at a page, or pasted in two parts):
    the next tables, with only empty paragraphs between, as wide as 附件4's header."""
    out: list[tuple[WordTable, int]] = []
    width = max(cols.values()) + 1
    following = blocks[blocks.index(table) + 1:]
    for block in following:
        if isinstance(block, WordParagraph):
            if block.text.strip():
                break
            continue
        if not block.rows or max((c.column + c.span for c in block.rows[0]), default=0) < width:
            break
        out.extend((block, r) for r in range(len(block.rows)))
    return out


def category_key(definition: FormDefinition, text: str) -> str | None:
    label = norm(text).replace("（万元）", "").replace("（续）", "").rstrip("：")  # （续）: a continuation page
    for cat in definition.categories:
        if label == norm(cat.label):
            return cat.key
    return None


def read_heading(blocks: list[Block], table: WordTable, reading: Reading) -> None:
    """The title "××项目资金投入明细表" and "（填报单位：××）" above the table."""
    before: list[WordParagraph] = []
    for block in blocks:
        if block is table:
            break
        if isinstance(block, WordParagraph):
            before.append(block)
    for para in before[-8:]:
        text = para.text.strip()
        flat = norm(text)
        where = f"{SHEET} {para.where()}"
        if flat.endswith(TITLE_SUFFIX) and flat != TITLE_SUFFIX:
            name = re.sub(r"[_＿\s]+", "", text[: text.rfind("项目资金投入明细表")])
            if name and not name.endswith("项目"):  # "××项目资金投入明细表": the title's 项目 ends the name
                name += "项目"
            reading.put("/sheet4/project_name", name, where)
        m = re.search(r"填报单位[:：]\s*(.*?)\s*[)）]?\s*$", text)
        if m:
            reading.put("/sheet4/filler", m.group(1).strip(" _＿"), where)


def read_attachment4(definition: FormDefinition, blocks: list[Block], reading: Reading) -> bool:
    """Read 附件4 into ``reading`` (items under ``/expenditure/<category>``); False when absent."""
    found = find_table(blocks, definition)
    if found is None:
        return False
    table, header, cols = found
    reading.sheets.append(SHEET)
    read_heading(blocks, table, reading)
    items: dict[str, list[dict[str, Any]]] = {cat.key: [] for cat in definition.categories}
    labels = {cat.key: cat.label for cat in definition.categories}
    exp = definition.expenditure
    roles = {exp.name_column, exp.spent_column, exp.planned_column}
    others = [c for c in exp.columns if c.key not in roles]  # e.g. 备注: read as text
    current: str | None = None
    typed_subtotals: dict[str, tuple[str | None, str | None, str]] = {}
    typed_total: tuple[str | None, str | None, str] | None = None
    rows = [(table, r) for r in range(header + 1, len(table.rows))] + _continuation_rows(blocks, table, cols)
    for table, r in rows:
        def text(key: str, r: int = r, table: WordTable = table) -> str:
            if key not in cols:
                return ""
            cell = table.cell_at(r, cols[key])
            return "" if cell is None or cell.merged_above else cell.text.strip()

        def where(key: str, r: int = r, table: WordTable = table) -> str:
            cell = table.cell_at(r, cols.get(key, 0))
            return f"{SHEET} " + (cell.where(table.number) if cell else f"表格{table.number + 1} 第{r + 1}行")

        first = text("category")
        flat_first = norm(first)
        lead = norm(" ".join(text(k) for k in ("category", "serial", "name")))
        if norm(text("name")) == "费用名称":
            continue  # the header repeated on a continuation table
        if any(word in lead for word in TOTAL_WORDS) and not text("name").strip("累计合总: ："):
            typed_total = (text("spent"), text("planned"), where("spent"))
            continue
        if flat_first:
            key = category_key(definition, first)
            if key is None:
                reading.find(f"{SHEET}第{r + 1}行的支持内容“{first[:20]}”不是附件4的费用类别"
                             f"（{'、'.join(labels.values())}），这一行未读取。")
                current = None
                continue
            current = key
        serial_cell = table.cell_at(r, cols.get("serial", -1)) if "serial" in cols else None
        name_cell = table.cell_at(r, cols["name"])
        serial, name = text("serial"), text("name")
        if norm(serial) in SUBTOTAL_WORDS or norm(name) in SUBTOTAL_WORDS:
            if current:
                typed_subtotals[current] = (text("spent"), text("planned"), where("spent"))
            continue
        if serial_cell is not None and serial_cell is name_cell and serial_cell.text.strip():
            continue  # one cell across the row: a 说明 line, not an item
        spent, planned = text("spent"), text("planned")
        note = " ".join(t for t in (text(c.key) for c in others) if t)
        if not (name or spent or planned or note) or (_SPARE.match(name) and not (spent or planned or note)):
            continue  # a spare row of the template
        if current is None:
            reading.find(f"{SHEET}第{r + 1}行“{name[:20]}”不在任何支持内容之下，未读取。")
            continue
        index = len(items[current])
        base = f"/expenditure/{current}/{index}"
        item: dict[str, Any] = {}
        if name:
            item[exp.name_column] = wv.clean(name)
            reading.sources[f"{base}/{exp.name_column}"] = where("name")
        else:
            name_label = exp.column(exp.name_column).label
            reading.find(f"未能从 Word 中读出“{labels[current]}”第{index + 1}项的“{name_label}”（{where('name')} 为空）。")
        for role, raw in (("spent", spent), ("planned", planned)):
            key = exp.spent_column if role == "spent" else exp.planned_column
            col_label = exp.column(key).label
            try:
                value, note_text = wv.amount(raw)
            except wv.WordValueError as exc:
                reading.find(f"未能从 Word 中读出“{labels[current]}”第{index + 1}项的“{col_label}”：{exc.message}"
                             f"（{where(role)}）。")
                continue
            if value is not None:
                item[key] = value
                reading.sources[f"{base}/{key}"] = where(role)
            if note_text:
                reading.find(f"“{labels[current]}”第{index + 1}项的“{col_label}”：{note_text}（{where(role)}）。")
        for col in others:
            if text(col.key):
                item[col.key] = wv.clean(text(col.key))
                reading.sources[f"{base}/{col.key}"] = where(col.key)
        items[current].append(item)
    for key, rows in items.items():
        if rows:
            reading.values[f"/expenditure/{key}"] = rows
    for key, (spent, planned, where_) in typed_subtotals.items():
        _cross_check(definition, reading, f"“{labels[key]}”小计", spent, planned, items[key], where_)
    if typed_total is not None:
        everything = [row for rows in items.values() for row in rows]
        _cross_check(definition, reading, "累计", typed_total[0], typed_total[1], everything, typed_total[2])
    return True


def _sum(rows: list[dict[str, Any]], key: str) -> Decimal:
    return sum((amounts.from_text(r.get(key)) or Decimal(0) for r in rows), Decimal(0))


def _cross_check(definition: FormDefinition, reading: Reading, what: str, spent: str | None, planned: str | None,
                 rows: list[dict[str, Any]], where: str) -> None:
    exp = definition.expenditure
    for raw, key in ((spent, exp.spent_column), (planned, exp.planned_column)):
        label = exp.column(key).label
        try:
            typed, _ = wv.amount(raw or "")
        except wv.WordValueError as exc:
            reading.find(f"{SHEET}{what}的{label}无法识别：{exc.message}（{where}）。")
            continue
        if typed is None:
            continue
        total = _sum(rows, key)
        if Decimal(typed) != total:
            reading.find(f"{SHEET}{what}的{label}手填为 {amounts.display(Decimal(typed))} 万元，"
                         f"各项相加为 {amounts.display(total)} 万元，两者不一致（{where}）。")
