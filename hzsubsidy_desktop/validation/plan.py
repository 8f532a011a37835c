"""What validation works out once per definition (one memo for the field walk and the rules).

The GUI validates on every keystroke and an import validates thousands of documents of the same few
definitions: the walk over groups and tables, each rule operand's field type and pointer, each table
column and each condition's project types are looked up here once, not for every document.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.totals import Totals
from hzsubsidy_desktop.formdef import Condition, FieldDef, FormDefinition, Relevance, TableDef
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import plain_test

Reader = Callable[[Any, Totals], Any]  # (document, its totals) -> an operand's comparable value
Walk = tuple[FieldDef, str, set[str], Callable[[str], bool]]


class Plan:
    """The memo of one definition (the definition is kept, so an ``id`` reused later never matches)."""

    __slots__ = ("definition", "groups", "others", "tables", "_values", "_columns", "_conditions")

    def __init__(self, definition: FormDefinition) -> None:
        self.definition = definition
        groups = []
        others = []
        for group in definition.groups:
            direct = []
            for field in group.fields:
                if field.path == f"/{docs.escape(group.key)}/{docs.escape(field.key)}":
                    direct.append((field, field.key, set(), plain_test(field)))
                else:
                    others.append(field)
            groups.append((group.key, tuple(direct)))
        # per group: its key and, for its fields, (field, key in the group's object, texts known fine,
        # field_types.plain_test of the field)
        self.groups: tuple[tuple[str, tuple[Walk, ...]], ...] = tuple(groups)
        self.others: tuple[FieldDef, ...] = tuple(others)  # scalar fields whose pointer is not /<group>/<key>
        # per table: (column, its key, texts known fine, plain_test) for its columns
        self.tables: tuple[tuple[TableDef, tuple[Walk, ...]], ...] = tuple(
            (t, tuple((c, c.key, set(), plain_test(c)) for c in t.columns)) for t in definition.tables()
        )
        self._values: dict[str, Reader] = {}
        self._columns: dict[tuple[str, str], FieldDef] = {}
        self._conditions: dict[frozenset[Any], tuple[tuple[Condition, str, Reader], ...]] = {}

    def value(self, operand: str) -> Reader:
        """How a rule reads an operand's comparable value (None when missing or malformed)."""
        found = self._values.get(operand)
        if found is None:
            found = self._values[operand] = _reader(self.definition, operand)
        return found

    def conditions(self, types: list[Any]) -> tuple[tuple[Condition, str, Reader], ...]:
        """The basic conditions the chosen project types bring, in definition order, each with the
        first of its types that is chosen and its measure's reader (``when`` not yet looked at)."""
        try:
            key = frozenset(types)
        except TypeError:  # something unhashable in a malformed list: worked out each time
            return self._select(types)
        found = self._conditions.get(key)
        if found is None:
            if len(self._conditions) >= 256:
                self._conditions.clear()
            found = self._conditions[key] = self._select(types)
        return found

    def _select(self, types: list[Any]) -> tuple[tuple[Condition, str, Reader], ...]:
        found = []
        for cond in self.definition.conditions:
            for chosen in cond.types:
                if chosen in types:
                    found.append((cond, chosen, self.value(cond.measure)))
                    break
        return tuple(found)

    def column(self, table: str, column: str) -> FieldDef:
        """``definition.table_at(table).column(column)``."""
        found = self._columns.get((table, column))
        if found is None:
            found = self._columns[(table, column)] = self.definition.table_at(table).column(column)
        return found


_PLANS: dict[int, Plan] = {}


def is_relevant(relevance: Relevance | None, doc: dict[str, Any]) -> bool:
    if relevance is None:
        return True
    value = docs.get(doc, relevance.field)
    if relevance.includes_any:
        return isinstance(value, list) and any(v in value for v in relevance.includes_any)
    return value == relevance.equals


def plan_of(definition: FormDefinition) -> Plan:
    plan = _PLANS.get(id(definition))
    if plan is not None and plan.definition is definition:
        return plan
    plan = Plan(definition)
    if len(_PLANS) >= 64:  # tests build many definitions; the app has a few
        _PLANS.clear()
    _PLANS[id(definition)] = plan
    return plan


def _reader(definition: FormDefinition, operand: str) -> Reader:
    if operand.startswith("@"):
        return lambda doc, totals: totals.calculation(operand)
    kind = definition.field(operand).type  # KeyError for an unknown field
    def raw(doc: Any) -> Any:
        return docs.get(doc, operand)

    if kind in ("money", "area"):
        return lambda doc, totals: amounts.from_text(raw(doc))
    if kind == "integer":
        def integer(doc: Any, totals: Totals) -> Any:
            value = raw(doc)
            return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else None
        return integer
    if kind in ("yearmonth", "date"):
        def text(doc: Any, totals: Totals) -> Any:
            value = raw(doc)
            return value if isinstance(value, str) else None
        return text
    return lambda doc, totals: raw(doc)
