"""The kinds of cross-field rule that ``rules.toml`` can use.

Each kind is a function ``(definition, rule, doc, totals) -> iterable of (level, code, path, message)``;
``totals`` are the document's calculated values, computed once per validation.
Rules skip silently when the values they compare are missing or malformed: the field
rules already report those, once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.totals import Totals
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition, RuleDef
from hzsubsidy_desktop.validation.plan import is_relevant, plan_of
from hzsubsidy_desktop.values import amounts, credit_code
from hzsubsidy_desktop.values.field_types import display

Result = tuple[str, str, str, str]  # level, code, path, message
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt, "==": operator.eq,
}


def run(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    yield from KINDS[rule.kind](definition, rule, doc, totals)


def _label(definition: FormDefinition, operand: str) -> str:
    if operand.startswith("@"):
        try:
            return definition.calculation(operand).label
        except KeyError:
            return operand
    try:
        return f"“{definition.field(operand).label}”"
    except KeyError:
        return operand


def _value(definition: FormDefinition, doc: dict[str, Any], operand: str, totals: Totals) -> Any:
    """An operand's comparable value (None when missing or malformed)."""
    return plan_of(definition).value(operand)(doc, totals)


def _text(definition: FormDefinition, doc: dict[str, Any], operand: str, totals: Totals) -> str:
    """An operand's display text, for a message (only worked out when a rule reports)."""
    if operand.startswith("@"):
        return amounts.display(totals.calculation(operand))
    field = definition.field(operand)
    raw = docs.get(doc, operand)
    if field.type == "integer":
        return str(raw)
    return display(field, raw)


def _fmt(rule: RuleDef, **values: Any) -> str:
    return rule.message.format_map({k: v for k, v in values.items()})


def compare(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    value = plan_of(definition).value
    left = value(p["left"])(doc, totals)
    if left is None:
        return
    right = value(p["right"])(doc, totals)
    if right is None:
        return
    if not _OPS[p["op"]](left, right):
        path = p["left"] if not p["left"].startswith("@") else p["right"]
        yield rule.level, rule.code, path, _fmt(
            rule, left_label=_label(definition, p["left"]), left=_text(definition, doc, p["left"], totals),
            right_label=_label(definition, p["right"]), right=_text(definition, doc, p["right"], totals),
        )


def _rows(doc: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = docs.get(doc, table)
    if not isinstance(rows, list):
        return []
    for r in rows:
        if type(r) is not dict:
            return [r if isinstance(r, dict) else {} for r in rows]
    return rows


def _count(doc: dict[str, Any], table: str) -> int:
    rows = docs.get(doc, table)
    return len(rows) if isinstance(rows, list) else 0


def _column(definition: FormDefinition, table: str, column: str) -> FieldDef:
    """``definition.table_at(table).column(column)``, looked up once per definition."""
    return plan_of(definition).column(table, column)


def _cell(field: FieldDef, row: dict[str, Any]) -> Any:
    raw = row.get(field.key)
    if field.type == "money":
        return amounts.from_text(raw)
    if field.type == "date":
        try:
            return date.fromisoformat(raw)
        except (TypeError, ValueError):
            return None
    return raw


def ascending(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    field = _column(definition, p["table"], p["column"])
    previous = None
    for i, row in enumerate(_rows(doc, p["table"])):
        value = _cell(field, row)
        if value is None:
            continue
        if previous is not None and (value <= previous if p["strict"] else value < previous):
            yield rule.level, rule.code, f"{p['table']}/{i}/{p['column']}", _fmt(
                rule, row=i + 1, value=display(field, row.get(p["column"]))
            )
        previous = value


def column_within(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    limit = _value(definition, doc, p["limit"], totals)
    if limit is None:
        return
    field = _column(definition, p["table"], p["column"])
    for i, row in enumerate(_rows(doc, p["table"])):
        value = _cell(field, row)
        if value is not None and value > limit:
            yield rule.level, rule.code, f"{p['table']}/{i}/{p['column']}", _fmt(
                rule, row=i + 1, value=display(field, row.get(p["column"])),
                right_label=_label(definition, p["limit"]), right=_text(definition, doc, p["limit"], totals),
            )


def _month(value: Any) -> tuple[int, int] | None:
    if isinstance(value, str) and len(value) >= 7 and value[:4].isdecimal() and value[5:7].isdecimal():
        return int(value[:4]), int(value[5:7])
    return None


def plan_dates(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    """A plan row due before the project starts, or a rising row due after it ends."""
    p = rule.params
    start = _month(docs.get(doc, p["start"]))
    end = _month(docs.get(doc, p["end"]))
    if not start or not end:
        return
    field = _column(definition, p["table"], p["column"])
    previous = None
    for i, row in enumerate(_rows(doc, p["table"])):
        due = _month(row.get(p["column"]))
        invested = amounts.from_text(row.get("invested"))
        rising = invested is not None and (previous is None or invested > previous)
        if due and rising and (due < start or (due > end and previous is not None)):
            yield rule.level, rule.code, f"{p['table']}/{i}/{p['column']}", _fmt(
                rule, row=i + 1, value=display(field, row.get(p["column"])),
                right=f"{start[0]}年{start[1]}月至{end[0]}年{end[1]}月",
            )
        if invested is not None:
            previous = invested


def planned_window(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    """拟支出 belongs to the planned window: not for projects that end before or start after it."""
    p = rule.params
    planned = totals.planned_total
    if planned <= 0:
        return
    window_start, window_end = definition.planned_window
    end = _month(docs.get(doc, p["end"]))
    start = _month(docs.get(doc, p["start"]))
    reason = None
    if end and end < (window_start.year, window_start.month):
        reason = f"项目已于{end[0]}年{end[1]}月完成"
    elif start and start > (window_end.year, window_end.month):
        reason = f"项目{start[0]}年{start[1]}月才开始"
    if reason:
        yield rule.level, rule.code, "/expenditure", _fmt(
            rule, left=amounts.display(planned), right=reason
        )


def equals_forbidden(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    if docs.get(doc, p["field"]) == p["value"]:
        yield rule.level, rule.code, p["field"], _fmt(rule, left_label=_label(definition, p["field"]))


def text_mentions(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    """Free text mentioning one word of every group (e.g. 省级 and 商务), unless already declared."""
    p = rule.params
    text = docs.get(doc, p["field"])
    if not isinstance(text, str) or docs.get(doc, p["unless_field"]) == "是":
        return
    if all(any(word in text for word in group) for group in p["all_of"]):
        yield rule.level, rule.code, p["field"], _fmt(rule, left_label=_label(definition, p["field"]))


def min_items(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    if p["table"] == "/expenditure":
        count = sum(_count(doc, c.table.path) for c in definition.categories)
    else:
        count = _count(doc, p["table"])
    if count < p["min"]:
        yield rule.level, rule.code, p["table"], _fmt(rule)


def row_has_any(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    tables = [c.table for c in definition.categories] if p["table"] == "/expenditure" else [definition.table_at(p["table"])]
    columns = p["columns"]
    for table in tables:
        for i, row in enumerate(_rows(doc, table.path)):
            for col in columns:
                if row.get(col) not in (None, ""):
                    break
            else:
                yield rule.level, rule.code, f"{table.path}/{i}/{p['columns'][0]}", _fmt(
                    rule, row=f"{table.title}第{i + 1}项", value=row.get(definition.expenditure.name_column, "")
                )


def credit_code_rule(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    p = rule.params
    code = docs.get(doc, p["field"])
    if not isinstance(code, str) or credit_code.format_problem(code):
        return  # the field rule reports the format
    expected = credit_code.check_character(code[:17])
    if code[17] != expected:
        yield rule.level, rule.code, p["field"], _fmt(
            rule, left_label=_label(definition, p["field"]), value=code, right=expected
        )
    elif not credit_code.organisation_code_ok(code):
        yield "warning", "credit-code-organisation-check", p["field"], (
            f"“{definition.field(p['field']).label}”第9至17位（组织机构代码）的校验位不符合 GB 11714，请核对。"
        )


def _active_conditions(definition: FormDefinition, doc: dict[str, Any]) -> list[tuple[Any, str, Any]]:
    """The basic conditions that apply: brought by a chosen project type (the first of its types that is
    chosen), their ``when`` met; each with its measure's reader."""
    types = docs.get(doc, "/project/types")
    if not isinstance(types, list):
        return []
    return [c for c in plan_of(definition).conditions(types) if c[0].when is None or is_relevant(c[0].when, doc)]


def basic_conditions(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    for cond, project_type, measure in _active_conditions(definition, doc):
        value = measure(doc, totals)
        if value is not None and value < cond.min:
            text = _text(definition, doc, cond.measure, totals)
            yield rule.level, f"{rule.code}:{cond.code}", cond.measure, _fmt(
                rule, right_label=project_type, value=cond.text,
                left=f"{_label(definition, cond.measure)} {text}",
                left_label=_label(definition, cond.measure),
            )


def basic_conditions_missing(definition: FormDefinition, rule: RuleDef, doc: dict[str, Any], totals: Totals) -> Iterator[Result]:
    seen = set()
    for cond, _type, measure in _active_conditions(definition, doc):
        if cond.measure not in seen and measure(doc, totals) is None and not definition.field(cond.measure).required:
            seen.add(cond.measure)
            yield rule.level, rule.code, cond.measure, _fmt(
                rule, left_label=definition.field(cond.measure).label, value=cond.text
            )


KINDS: dict[str, Callable[[FormDefinition, RuleDef, dict[str, Any], Totals], Iterator[Result]]] = {
    "compare": compare,
    "ascending": ascending,
    "column_within": column_within,
    "plan_dates": plan_dates,
    "planned_window": planned_window,
    "equals_forbidden": equals_forbidden,
    "text_mentions": text_mentions,
    "min_items": min_items,
    "row_has_any": row_has_any,
    "credit_code": credit_code_rule,
    "basic_conditions": basic_conditions,
    "basic_conditions_missing": basic_conditions_missing,
}
