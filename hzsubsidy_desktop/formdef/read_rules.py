"""Reading the checks and calculations of a definition: basic conditions, cross-field rules (each
kind with its parameters, implemented in ``validation/cross_rules.py``) and calculated values.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from hzsubsidy_desktop.formdef.model import (
    CALCULATION_KINDS,
    LEVELS,
    OPTIONAL_PARAMS,
    Calculation,
    Condition,
    ExpenditureDef,
    RuleDef,
)
from hzsubsidy_desktop.formdef.read_fields import read_decimal, read_relevance
from hzsubsidy_desktop.formdef.where import Where

# Rule kinds and the parameters each takes; implemented in validation/cross_rules.py.
RULE_KINDS: dict[str, set[str]] = {
    "compare": {"left", "op", "right"},
    "ascending": {"table", "column", "strict"},
    "column_within": {"table", "column", "limit"},
    "plan_dates": {"table", "column", "start", "end"},
    "planned_window": {"start", "end"},
    "equals_forbidden": {"field", "value"},
    "text_mentions": {"field", "all_of", "unless_field"},
    "min_items": {"table", "min"},
    "row_has_any": {"table", "columns"},
    "credit_code": {"field"},
    "basic_conditions": set(),
    "basic_conditions_missing": set(),
}


def read_condition(where: Where, raw: dict[str, Any]) -> Condition:
    item = f"condition {raw.get('code')}"
    where.check_keys(item, raw, {"code", "types", "measure", "min", "text", "when"})
    return Condition(
        code=where.require(item, raw, "code", str),
        types=tuple(where.require(item, raw, "types", list)),
        measure=where.require(item, raw, "measure", str),
        min=read_decimal(where, item, where.require(item, raw, "min", str)) or Decimal(0),
        text=where.require(item, raw, "text", str),
        when=read_relevance(where, item, raw.get("when")),
    )


def read_rule(where: Where, raw: dict[str, Any]) -> RuleDef:
    item = f"rule {raw.get('code')}"
    kind = where.require(item, raw, "kind", str)
    if kind not in RULE_KINDS:
        raise where.fail(item, f"unknown kind {kind!r}")
    where.check_keys(item, raw, {"code", "kind", "level", "message"} | RULE_KINDS[kind])
    level = where.require(item, raw, "level", str)
    if level not in LEVELS:
        raise where.fail(item, f"unknown level {level!r} (known: {', '.join(LEVELS)})")
    params = {k: v for k, v in raw.items() if k not in {"code", "kind", "level", "message"}}
    return RuleDef(
        code=where.require(item, raw, "code", str), kind=kind, level=level,
        message=where.require(item, raw, "message", str), params=MappingProxyType(params),
    )


def read_calculation(where: Where, raw: dict[str, Any]) -> Calculation:
    item = f"calculated {raw.get('name') if isinstance(raw, dict) else raw}"
    if not isinstance(raw, dict):
        raise where.fail(item, "expected a table")
    how = where.require(item, raw, "how", str)
    if how not in CALCULATION_KINDS:
        raise where.fail(item, f"unknown how {how!r} (known: {', '.join(CALCULATION_KINDS)})")
    allowed = CALCULATION_KINDS[how]
    where.check_keys(item, raw, {"name", "label", "how"} | allowed)
    name = where.require(item, raw, "name", str)
    for param in sorted(allowed - OPTIONAL_PARAMS):
        if raw.get(param) in (None, "", [], {}):
            raise where.fail(item, f"missing {param}")
    label = raw.get("label", "")
    if not isinstance(label, str) or (not label.strip() and how != "expenditure_total"):
        raise where.fail(item, "missing label")
    params = {k: v for k, v in raw.items() if k not in {"name", "label", "how"}}
    return Calculation(name=name, label=label, how=how, params=MappingProxyType(params))


def label_totals(calcs: list[Calculation], expenditure: ExpenditureDef) -> list[Calculation]:
    """An expenditure_total without a label is called after its column: "已开支费用合计"."""
    out = []
    for calc in calcs:
        if calc.how == "expenditure_total" and not calc.label.strip():
            try:
                column = expenditure.column(str(calc.params["column"]))
            except KeyError:
                column = None  # reported by _check_references
            calc = Calculation(calc.name, f"{column.label}合计" if column else calc.name, calc.how, calc.params)
        out.append(calc)
    return out
