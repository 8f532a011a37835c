"""What the exported forms print, computed from the model (definition + document + totals).

The Word and Excel writers share these texts so both files say the same thing: ticked choice
boxes, the project period, plan deadlines, money with two decimals, the explanations written
for "explain to proceed" findings, and the fixed sheet texts that are not fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.files import safe_file_part
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition
from hzsubsidy_desktop.validation.findings import Report
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import clean_text, display

# -- fixed sheet texts (seed 001); everything else is read from the definition ------------------
SHEET3_NUMBER = "附件3"
SHEET3_TITLE = ("浙江省跨境电商高质量发展试点", "重点项目信息表")
BUILDER_LABEL = "项目承建单位（盖章）"
PERIOD_LABEL = "项目起止时间"
SUPPORT_LABEL = "支持内容"
PROFILE_NOTE = "（重点是与跨境电商相关的情况）"
KPI_LABEL = "绩效考核指标"
# The form's own words printed with a field (a descriptor after its label, or atop its value cell).
OFFICIAL_PROMPTS = {
    "/narrative/kpi_economic": "（体现可新增的跨境电商交易额、利润等）",
    "/narrative/approvals": "能评、环评、安评等各项前置审批及完成情况：",
}
UNDERTAKINGS_HEADING = "承诺意见："
SEAL_TEXT = "项目承担企业（盖章）"
DATE_TEXT = "年　　月　　日"
EXPLANATION_LABEL = "说明"
SHEET4_NUMBER = "附件4"
SHEET4_TITLE_SUFFIX = "项目资金投入明细表"
FILLER_LABEL = "填报单位"
UNIT_TEXT = "单位：万元"
SERIAL_LABEL = "序号"
SUBTOTAL_LABEL = "小计"
TOTAL_LABEL = "累计"
DRAFT_MARK = "草稿"
DRAFT_NOTICE = "草稿（仅供核对，不得盖章报送）"
CHECKED = "☑"
UNCHECKED = "☐"

MAX_NAME_CHARS = 60


def text(value: Any) -> str:
    """Printable text of a stored value: never "None", no control characters."""
    if value is None:
        return ""
    return clean_text(str(value))


def value_text(field: FieldDef, value: Any) -> str:
    return clean_text(display(field, value))


def money_text(value: Any) -> str:
    """Two decimals (more when entered): "85.00"; empty when absent."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = amounts.from_text(value)
    return amounts.display(value)


def choice_marks(field: FieldDef, value: Any) -> list[str]:
    """Every option with its box: ["☐贸易型", "☑生产型", …]."""
    chosen = set(value) if isinstance(value, list) else {value}
    return [f"{CHECKED if c in chosen else UNCHECKED}{c}" for c in field.choices]


def period_text(doc: dict[str, Any]) -> str:
    """项目起止时间 from /project/start and /project/end: "2024年3月至2025年9月"."""
    start, end = _month_text(docs.get(doc, "/project/start")), _month_text(docs.get(doc, "/project/end"))
    if start and end:
        return f"{start}至{end}"
    if start:
        return f"{start}起"
    if end:
        return f"至{end}"
    return ""


def _month_text(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value[:4]}年{int(value[5:])}月"
    return ""


def deadline_text(value: Any) -> str:
    """A plan row's deadline as the sheet prints it: "2024年12月31日前"."""
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return text(value)
        return f"{day.year}年{day.month}月{day.day}日前"
    return ""


def sheet4_title(doc: dict[str, Any]) -> str:
    """"<项目名称>项目资金投入明细表", without doubling 项目 when the name already ends with it."""
    name = text(docs.get(doc, "/project/name")).strip()
    if name.endswith("项目"):
        name = name[:-2]
    return f"{name}{SHEET4_TITLE_SUFFIX}" if name else f"______________{SHEET4_TITLE_SUFFIX}"


def sheet4_note(definition: FormDefinition) -> str:
    """附件4's 注, with the dates of this notice's planned window."""
    start, end = definition.planned_window
    return (
        f"注：拟支出费用指{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日前"
        "拟实施完成的项目相关支出费用预估值，项目已实施完成的不用填写。"
    )


def export_basename(doc: dict[str, Any]) -> str:
    """File name stem of the export, e.g. "<项目名称>_附件3-4", safe on Windows, length-capped."""
    name = safe_file_part(text(docs.get(doc, "/project/name")), limit=MAX_NAME_CHARS, reserved_prefix="未命名项目_")
    return f"{name or '未命名项目'}_附件3-4"


@dataclass(frozen=True)
class Note:
    """An explanation the user wrote for an "explain to proceed" finding, ready to print."""

    path: str  # the finding's JSON Pointer
    subject: str  # what it is about, e.g. "社会信用代码" or "实际使用面积（平方米）：800"
    text: str

    @property
    def line(self) -> str:
        return f"{EXPLANATION_LABEL}（{self.subject}）：{self.text}"


def explanation_notes(definition: FormDefinition, doc: dict[str, Any], report: Report) -> list[Note]:
    """The written explanations of the report's explain findings, in finding order, once each."""
    notes: list[Note] = []
    seen: set[tuple[str, str]] = set()
    for finding in report.explains:
        body = text(finding.explanation).strip()
        if not body or (finding.path, body) in seen:
            continue
        seen.add((finding.path, body))
        notes.append(Note(finding.path, subject(definition, doc, finding.path), body))
    return notes


def subject(definition: FormDefinition, doc: dict[str, Any], path: str) -> str:
    """A short Chinese name for what a pointer designates."""
    if path == "/expenditure" or path == "":
        return definition.expenditure_title
    for cat in definition.categories:
        if path == cat.table.path:
            return cat.label
        if path.startswith(cat.table.path + "/"):
            index = path[len(cat.table.path) + 1:].split("/")[0]
            if index.isdecimal():
                name = text(docs.get(doc, f"{cat.table.path}/{index}/{definition.expenditure.name_column}"))
                return f"{cat.label}第{int(index) + 1}项{('“' + name + '”') if name else ''}"
    if path.startswith(definition.plan.path + "/"):
        index = path[len(definition.plan.path) + 1:].split("/")[0]
        if index.isdecimal():
            return f"{definition.plan.title}第{int(index) + 1}行"
    try:
        field = definition.field(path)
    except KeyError:
        return path
    if path.startswith("/conditions/"):
        shown = value_text(field, docs.get(doc, path))
        return f"{field.label}：{shown}" if shown else field.label
    return field.label
