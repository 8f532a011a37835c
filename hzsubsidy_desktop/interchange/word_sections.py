"""The parts of 附件3 with a layout of their own: the plan rows, the 支持内容 grid, the 项目建设情况 block
with its headings and guidance, and the 承诺意见 statements (see :mod:`.word_attachment3`)."""

from __future__ import annotations

import re
from typing import Any

from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange import word_values as wv
from hzsubsidy_desktop.interchange.word_form import Reading, WordTable, norm

SHEET = "附件3"
SUPPORT_LABEL = "支持内容"
GUIDANCE = {  # the official sheet's own guidance, removed from values
    "/project/types": "注：跨境电商产业带展示选品中心、线上产业带专区方面、公共服务中心方面、产业园区等四种类型选择其中一项或多项。",
    "/narrative/approvals": "能评、环评、安评等各项前置审批及完成情况",
    "/narrative/overview": "介绍项目实施的必要性、可行性、先进性以及实施预期目标，通过项目实施前后的效果比较，与国内外先进水平的比较，"
    "分析项目实施对于相关单位在投入产出、运营成本、模式创新、服务促进、扩大跨境电商规模等方面的突出作用，以及对示范引领的积极影响。",
    "/narrative/practices": "项目围绕提升核心竞争能力，从管理运营、模式创新、平台建设、服务绩效等方面论述项目实施的主要目标、建设内容及实施效果。",
    "/narrative/kpi_economic": "（体现可新增的跨境电商交易额、利润等）",
}
NARRATIVE_HEADINGS = (  # heading (normalised prefix) → pointer; None: a heading without a value of its own
    ("项目概述", "/narrative/overview"), ("主要做法", "/narrative/practices"), ("绩效考核指标", None),
    ("1.经济效益主要指标", "/narrative/kpi_economic"), ("2.社会效益主要指标", "/narrative/kpi_social"),
    ("3.可持续效应主要指标", "/narrative/kpi_sustainable"),
    ("经济效益主要指标", "/narrative/kpi_economic"), ("社会效益主要指标", "/narrative/kpi_social"),
    ("可持续效应主要指标", "/narrative/kpi_sustainable"),
)

def strip_guidance(text: str, guidance: str) -> str:
    """``text`` without the printed guidance (whole or at its start), however it was spaced."""
    target = norm(guidance)
    if not target:
        return text
    flat_index: list[int] = []  # position in text of each normalised character
    flat = ""
    for i, ch in enumerate(text):
        n = norm(ch)
        if n:
            flat += n
            flat_index.append(i)
    pos = flat.find(target)
    if pos < 0:
        return text
    start, end = flat_index[pos], flat_index[pos + len(target) - 1] + 1
    return (text[:start] + text[end:]).strip().lstrip("：:").strip()


def cell_where(table: WordTable, cell: Any) -> str:
    return f"{SHEET} {cell.where(table.number)}"


def read_plan(definition: FormDefinition, table: WordTable, r: int, reading: Reading) -> int:
    """Rows under the plan header: deadline | invested | progress; stops at the next label row."""
    rows: list[dict[str, Any]] = []
    r += 1
    while r < len(table.rows):
        cells = [c for c in table.rows[r] if not c.merged_above]
        if len(cells) < 3 or (len(cells) == 2 and cells[0].text.strip()):
            break
        deadline_cell, invested_cell, progress_cell = cells[0], cells[1], cells[2]
        if norm(deadline_cell.text).startswith(("本年度申请", SUPPORT_LABEL)):
            break
        if not any(c.text.strip() for c in (invested_cell, progress_cell)):
            r += 1
            continue  # a spare row, or a deadline with nothing filled
        base = f"/plan/{len(rows)}"
        row: dict[str, Any] = {}
        for key, cell in (("deadline", deadline_cell), ("invested", invested_cell), ("progress", progress_cell)):
            where = cell_where(table, cell)
            label = definition.plan.column(key).label
            try:
                if key == "deadline":
                    value: Any = wv.deadline(cell.text)
                elif key == "invested":
                    value = wv.amount(cell.text)[0]
                else:
                    value = wv.clean(cell.text) or None
            except wv.WordValueError as exc:
                reading.find(f"未能从 Word 中读出进度计划第{len(rows) + 1}行的“{label}”：{exc.message}（{where}）。")
                continue
            if value is not None:
                row[key] = value
                reading.sources[f"{base}/{key}"] = where
        rows.append(row)
        r += 1
    if rows:
        reading.values["/plan"] = rows
    return r


def read_support(definition: FormDefinition, table: WordTable, r: int, reading: Reading) -> int:
    """The 支持内容 grid: kept aside as typed, to be compared with 附件4's subtotals."""
    from hzsubsidy_desktop.interchange.word_attachment4 import category_key

    typed: dict[str, tuple[str, str, str]] = dict(reading.values.get("/sheet3/support", {}))
    r += 1
    while r < len(table.rows):
        cells = [c for c in table.rows[r] if not c.merged_above]
        keys = [(i, category_key(definition, c.text)) for i, c in enumerate(cells)]
        keys = [(i, k) for i, k in keys if k]
        if not keys:
            break
        for i, key in keys:
            spent = cells[i + 1].text if i + 1 < len(cells) else ""
            planned = cells[i + 2].text if i + 2 < len(cells) else ""
            typed[key] = (spent, planned, cell_where(table, cells[i]))
        r += 1
    reading.values["/sheet3/support"] = typed
    return r


def read_narrative(table: WordTable, r: int, reading: Reading) -> int:
    """The 项目建设情况 block: headings with their guidance, values after or under them."""
    label_column = table.rows[r][0].column
    lines: list[tuple[str, str]] = []  # (line, where)
    while r < len(table.rows):
        row = table.rows[r]
        label = table.cell_at(r, label_column)
        if lines and label is not None and not label.merged_above and label.text.strip():
            break
        for cell in row:
            if cell is label or cell.merged_above:
                continue
            for line in cell.text.split("\n"):
                lines.append((line, cell_where(table, cell)))
        r += 1
    current: str | None = None
    collected: dict[str, list[str]] = {}
    where_of: dict[str, str] = {}
    for line, where in lines:
        flat = norm(line)
        heading = next(((h, p) for h, p in NARRATIVE_HEADINGS if flat.startswith(norm(h))), None)
        if heading is not None:
            current = heading[1]
            rest = line[line.find(heading[0][-2:]) + 2:] if heading[0][-2:] in line else ""
            rest = rest.lstrip().lstrip("：:").strip()
            if current is None:
                continue
            collected.setdefault(current, [])
            where_of.setdefault(current, where)
            line = rest
            if not line:
                continue
        if current is None:
            continue
        guidance = GUIDANCE.get(current)
        if guidance:
            line = strip_guidance(line, guidance) if norm(guidance) in norm(line) else line
            if not line.strip():
                continue
        collected[current].append(line)
        if len(collected[current]) == 1:
            where_of[current] = where
    for pointer, parts in collected.items():
        reading.put(pointer, wv.clean("\n".join(parts)) or None, where_of[pointer])
        reading.sources.setdefault(pointer, where_of[pointer])
    return r


def read_undertakings(definition: FormDefinition, table: WordTable, cell: Any, reading: Reading) -> None:
    flat = norm(cell.text)
    for f in definition.group("undertakings").fields:
        statement = norm(re.sub(r"^\d+[.、．]", "", f.label))
        if statement and statement in flat:
            reading.put(f.path, True, cell_where(table, cell))
