"""附件3 重点项目信息表 read from a Word file filled by hand (or exported by hzsubsidy).

Labels are found wherever they stand in the table (line breaks, spaces, half-width brackets and a
missing "（万元）" do not matter); a value is the next cell of the row, plus the rows below while
the label cell is merged down over them. The guidance printed in a value cell (项目类型's 注, the
项目建设情况 headings, 项目前期报批情况) is removed, whether the value follows it in the same
cell or stands in the row under it. Head lines above the table (项目承建单位, 项目名称, 项目类型,
企业类型, 所在县) are read from the body paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

from hzsubsidy_desktop.formdef import FieldDef, FormDefinition
from hzsubsidy_desktop.interchange import word_values as wv
from hzsubsidy_desktop.interchange.word_attachment4 import find_table
from hzsubsidy_desktop.interchange.word_form import Block, Reading, WordParagraph, WordTable, norm
from hzsubsidy_desktop.interchange.word_sections import (
    GUIDANCE,
    cell_where,
    read_narrative,
    read_plan,
    read_support,
    read_undertakings,
    strip_guidance,
)

SHEET = "附件3"
PERIOD_LABEL = "项目起止时间"
PLAN_LABEL = "项目分年度建设进度计划"
SUPPORT_LABEL = "支持内容"
NARRATIVE_LABEL = "项目建设情况"
UNDERTAKINGS_LABEL = "承诺意见"
SECTIONS = ("项目承担单位基本情况", "项目基本情况", "说明")
HEAD_LINES = {  # head line label (normalised) → pointer
    "项目承建单位（盖章）": "/enterprise/name", "项目承建单位": "/enterprise/name", "项目承担单位": "/enterprise/name",
    "项目名称": "/project/name", "项目类型": "/project/types", "企业类型": "/enterprise/enterprise_type",
    "所在县（市、区）": "/enterprise/county", "所在县": "/enterprise/county",
}
TABLE_GROUPS = ("enterprise", "project", "narrative")
NOT_ON_SHEET = ("/narrative/commerce_funds_received", "/narrative/overview", "/narrative/practices",
                "/narrative/kpi_economic", "/narrative/kpi_social", "/narrative/kpi_sustainable")


def _label_keys(label: str) -> set[str]:
    flat = norm(label)
    keys = {flat, flat.replace("（万元）", "")}
    base = re.sub(r"（[^）]*）$", "", flat)
    if base and base != flat and "万元" not in flat:
        keys.add(base)  # 单位简介（重点是…）
    return keys


class _Labels:
    def __init__(self, definition: FormDefinition) -> None:
        self.by_key: dict[str, FieldDef] = {}
        for group in TABLE_GROUPS:
            for f in definition.group(group).fields:
                if f.path in NOT_ON_SHEET:
                    continue
                for key in _label_keys(f.label):
                    self.by_key.setdefault(key, f)

    def match(self, text: str) -> FieldDef | None:
        flat = norm(text).rstrip("：")
        if not flat or len(flat) > 40:
            return None
        found = self.by_key.get(flat) or self.by_key.get(flat.replace("（万元）", ""))
        if found is None and flat.startswith("单位简介"):
            found = self.by_key.get("单位简介")
        return found


def read_attachment3(definition: FormDefinition, blocks: list[Block], reading: Reading) -> bool:
    labels = _Labels(definition)
    sheet4 = find_table(blocks, definition)
    tables = [b for b in blocks if isinstance(b, WordTable) and (sheet4 is None or b is not sheet4[0])]
    recognised = 0
    for table in tables:
        recognised += _read_table(definition, labels, table, reading)
    if recognised < 3:
        return False
    reading.sheets.insert(0, SHEET)
    first = next((b for b in blocks if isinstance(b, WordTable) and b in tables), None)
    _read_head_lines(definition, blocks, first, reading)
    _report_unread(definition, reading)
    return True


def _read_table(definition: FormDefinition, labels: _Labels, table: WordTable, reading: Reading) -> int:
    recognised = 0
    rows = table.rows
    r = 0
    while r < len(rows):
        row = rows[r]
        cells = [c for c in row if not c.merged_above]
        first = norm(cells[0].text) if cells else ""
        if first == norm(PLAN_LABEL) or first.startswith(norm(PLAN_LABEL)):
            r = read_plan(definition, table, r, reading)
            recognised += 1
            continue
        if first == SUPPORT_LABEL:
            r = read_support(definition, table, r, reading)
            continue
        if first == NARRATIVE_LABEL:
            r = read_narrative(table, r, reading)
            recognised += 1
            continue
        if first.startswith(UNDERTAKINGS_LABEL):
            read_undertakings(definition, table, cells[0], reading)
            r += 1
            continue
        for i, cell in enumerate(cells):
            if norm(cell.text).rstrip("：") == PERIOD_LABEL and i + 1 < len(cells):
                _read_period(table, cells[i + 1], reading)
                recognised += 1
                continue
            f = labels.match(cell.text)
            if f is None or i + 1 >= len(cells) or f.path in reading.sources:
                continue
            recognised += 1
            value_cell = cells[i + 1]
            text = value_cell.text
            if f.type == "longtext":
                text = "\n".join([text, *_continuation(table, r, cell.column, value_cell.column)])
            if f.path in GUIDANCE:
                text = strip_guidance(text, GUIDANCE[f.path])
                if not text.strip() and r + 1 < len(rows):  # the value typed in the row under the guidance
                    below = table.cell_at(r + 1, value_cell.column)
                    label_below = table.cell_at(r + 1, cell.column)
                    if below is not None and label_below is not None and (label_below.merged_above or not label_below.text.strip()):
                        text, value_cell = below.text, below
                        r += 1
            _store(f, text, cell_where(table, value_cell), reading)
        r += 1
    return recognised


def _continuation(table: WordTable, r: int, label_column: int, value_column: int) -> list[str]:
    out: list[str] = []
    for below in range(r + 1, len(table.rows)):
        label = table.cell_at(below, label_column)
        if label is None or not label.merged_above:
            break
        value = table.cell_at(below, value_column)
        if value is not None and value is not label:
            out.append(value.text)
    return out


_PHONE_AFTER_NAME = re.compile(r"^(?P<name>.*?)[\s,，、/（(]*(?P<phone>1[3-9]\d{9}|0\d{2,3}-?\d{7,8})[)）]?\s*$", re.S)


def _store(f: FieldDef, text: str, where: str, reading: Reading) -> None:
    if f.path == "/enterprise/project_leader":  # the leader's own phone written under or after the name
        m = _PHONE_AFTER_NAME.match(text.strip())
        if m and m.group("name").strip():
            text = m.group("name")
            reading.put("/enterprise/leader_phone", m.group("phone"), where)
    try:
        value = _parse(f, text)
        if f.type == "money":
            note = wv.amount(text, allow_negative=f.allow_negative)[1]
            if note:  # a 元 conversion or a unit hint: said, never silent
                reading.find(f"“{f.label}”：{note}（{where}）。")
    except wv.WordValueError as exc:
        reading.find(f"未能从 Word 中读出“{f.label}”：{exc.message}（{where}）。")
        reading.sources.setdefault(f.path, where)
        return
    reading.put(f.path, value, where)
    if value is None or value == []:
        reading.sources.setdefault(f.path, where)


def _parse(f: FieldDef, text: str) -> Any:
    if f.type == "money":
        return wv.amount(text, allow_negative=f.allow_negative)[0]
    if f.type == "choice":
        return wv.single_choice(text, f.choices)
    if f.type == "multichoice":  # 项目类型: the sheet prints only the guidance, the types are written in
        return wv.choices(text, f.choices, printed=False)
    if f.type == "credit_code":
        return re.sub(r"[\s\u3000]+", "", text).upper() or None
    if f.type == "longtext":
        return wv.clean(text) or None
    return re.sub(r"\s*\n\s*", "", wv.clean(text)) or None


def _read_period(table: WordTable, cell: Any, reading: Reading) -> None:
    where = cell_where(table, cell)
    try:
        start, end = wv.period(cell.text)
    except wv.WordValueError as exc:
        reading.find(f"未能从 Word 中读出“{PERIOD_LABEL}”：{exc.message}（{where}）。")
        reading.sources["/project/start"] = reading.sources["/project/end"] = where
        return
    reading.put("/project/start", start, where)
    reading.put("/project/end", end, where)
    reading.sources.setdefault("/project/start", where)
    reading.sources.setdefault("/project/end", where)


def _read_head_lines(definition: FormDefinition, blocks: list[Block], first: WordTable | None,
                     reading: Reading) -> None:
    head: dict[str, tuple[str, str]] = {}
    lines: list[tuple[str, str]] = []  # (text, where): paragraphs above the table, and one-cell rows
    for block in blocks:
        if block is first:
            break
        if isinstance(block, WordParagraph):
            lines.append((block.text, block.where()))
    if first is not None:  # head lines typed into the top of the table itself
        for row in first.rows[:8]:
            cells = [c for c in row if not c.merged_above]
            if len(cells) == 1:
                lines.append((cells[0].text, cells[0].where(first.number)))
    for text, where in lines:
        for line in text.split("\n"):
            m = re.match(r"\s*([^:：]{2,12}?)\s*[:：](.*)$", line, re.S)
            pointer = HEAD_LINES.get(norm(m.group(1))) if m else None
            if m and pointer and m.group(2).strip(" _＿\u3000\t"):
                head.setdefault(pointer, (m.group(2).strip(" _＿\u3000\t"), f"{SHEET} {where}"))
    for pointer, (text, where) in head.items():
        f = definition.field(pointer)
        if pointer in reading.values:
            try:
                same = _parse(f, text) == reading.values[pointer]
            except wv.WordValueError:
                same = False
            if not same:
                reading.find(f"{SHEET}表头的“{f.label}”写的是“{text[:40]}”（{where}），表格中是"
                             f"“{_shown(reading.values[pointer])}”（{reading.sources[pointer]}）；已按表格读取，请核对。")
            continue
        _store(f, text, where, reading)


def _shown(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)[:40]


def _report_unread(definition: FormDefinition, reading: Reading) -> None:
    for group in TABLE_GROUPS:
        for f in definition.group(group).fields:
            if f.path == "/narrative/commerce_funds_received" or not f.required:
                continue
            if f.path not in reading.values and f.path not in reading.sources:
                reading.find(f"未能从 Word 中读出“{f.label}”（附件3中找不到这一项或未填写）。")
            elif f.path not in reading.values and not any(f"“{f.label}”" in x for x in reading.findings):
                reading.find(f"未能从 Word 中读出“{f.label}”（{reading.sources[f.path]} 为空）。")
    for pointer in ("/project/start", "/project/end"):
        if pointer not in reading.values and not any(PERIOD_LABEL in x for x in reading.findings):
            reading.find(f"未能从 Word 中读出“{PERIOD_LABEL}”。")
    if "/plan" not in reading.values:
        reading.find(f"未能从 Word 中读出“{PLAN_LABEL}”（没有填写的计划行）。")
