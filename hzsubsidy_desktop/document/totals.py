"""Calculated values of an application: 附件4 subtotals and 累计, the derived 附件3 支持内容 lines,
and the figures 附件5 needs. Everything here is derived; nothing is stored.

The 附件3 支持内容 lines are *derived from* 附件4 (each line is its category's subtotal), so the
two tables cannot drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.values import amounts

ZERO = Decimal(0)
LIMIT = amounts.MAX_TEXT  # as amounts.from_text: "1e999999" is no amount (its field's check reports it)


@dataclass(frozen=True)
class CategoryTotal:
    key: str
    label: str
    spent: Decimal
    planned: Decimal
    items: int
    sums: Mapping[str, Decimal] = field(default_factory=dict)  # every money column, by key


@dataclass(frozen=True)
class Totals:
    spent_total: Decimal
    planned_total: Decimal
    sums: Mapping[str, Decimal] = field(default_factory=dict)  # every money column over all categories
    values: Mapping[str, Decimal] = field(default_factory=dict)  # the definition's calculated amounts, "@name"
    # per category, what its CategoryTotal is made of (key, label, spent, planned, items, sums): the
    # objects are made when first asked for (validation, thousands of documents in an import, never asks)
    per_category: tuple[tuple[str, str, Decimal, Decimal, int, Mapping[str, Decimal]], ...] = ()

    @functools.cached_property
    def categories(self) -> tuple[CategoryTotal, ...]:
        return tuple(CategoryTotal(*parts) for parts in self.per_category)

    @property
    def related_costs(self) -> Decimal:
        return self.spent_total + self.planned_total

    def category(self, key: str) -> CategoryTotal:
        for c in self.categories:
            if c.key == key:
                return c
        raise KeyError(key)

    def calculation(self, name: str) -> Decimal:
        """The value of a calculated amount (``@name`` or ``name``) used by rules and list columns."""
        return self.values[name if name.startswith("@") else f"@{name}"]


def money(doc: dict[str, Any], pointer: str) -> Decimal | None:
    return amounts.from_text(docs.get(doc, pointer))


def compute(definition: FormDefinition, doc: dict[str, Any]) -> Totals:
    """Subtotals of every 附件4 money column per category, and over all categories."""
    exp = definition.expenditure
    keys = [c.key for c in exp.money_columns]
    cats = []
    grand = dict.fromkeys(keys, ZERO)
    for cat in exp.categories:
        rows = docs.get(doc, cat.table.path)
        rows = rows if isinstance(rows, list) else []
        sums = dict.fromkeys(keys, ZERO)
        for row in rows:
            if not isinstance(row, dict):
                continue
            for key in keys:
                # amounts.from_text inlined (1,000 rows are summed on every keystroke); a zero adds nothing
                text = row.get(key)
                if isinstance(text, str) and text:
                    try:
                        value = Decimal(text)
                    except InvalidOperation:
                        continue
                    if value.is_finite() and value and -LIMIT <= value.adjusted() <= LIMIT:
                        sums[key] += value
        for key in keys:
            grand[key] += sums[key]
        cats.append((cat.key, cat.label, sums[exp.spent_column], sums[exp.planned_column], len(rows),
                     MappingProxyType(sums)))
    values: dict[str, Decimal] = {}
    for calc in definition.calculations:  # in definition order: a sum names amounts above it
        if calc.how == "expenditure_total":
            values[f"@{calc.name}"] = grand[calc.params["column"]]
        elif calc.how == "sum":
            values[f"@{calc.name}"] = sum((values[f"@{n}"] for n in calc.params["of"]), ZERO)
    return Totals(grand[exp.spent_column], grand[exp.planned_column], MappingProxyType(grand),
                  MappingProxyType(values), tuple(cats))


def progress_percent(definition: FormDefinition, doc: dict[str, Any]) -> Decimal | None:
    """当前实施进度（%） as the definition's progress_percent calculation computes it (None if it has none)."""
    from hzsubsidy_desktop.document import calculated

    for calc in definition.calculations:
        if calc.how == "progress_percent":
            return calculated.progress_percent(definition, doc, calc.params)
    return None
