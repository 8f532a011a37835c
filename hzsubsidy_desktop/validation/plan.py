"""What validation works out once per definition (one memo for the field walk and the rules).

The GUI validates on every keystroke and an import validates thousands of documents of the same few
definitions: the walk over groups and tables, each rule operand's field type and pointer, each table
column and each condition's project types are looked up here once, not for every document.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import Condition, FieldDef, FormDefinition, TableDef

# How a rule reads an operand's comparable value (cross_rules._value)
CALCULATED, AMOUNT, INTEGER, MONTH_OR_DATE, RAW = range(5)


class Plan:
    """The memo of one definition (the definition is kept, so an ``id`` reused later never matches)."""

    __slots__ = ("definition", "groups", "others", "tables", "conditions", "_operands", "_columns")

    def __init__(self, definition: FormDefinition) -> None:
        self.definition = definition
        groups = []
        others = []
        for group in definition.groups:
            direct = []
            for field in group.fields:
                if field.path == f"/{docs.escape(group.key)}/{docs.escape(field.key)}":
                    direct.append((field, field.key, set()))
                else:
                    others.append(field)
            groups.append((group.key, tuple(direct)))
        # per group: its key and (field, key in the group's object, texts known fine) for its fields
        self.groups: tuple[tuple[str, tuple[tuple[FieldDef, str, set[str]], ...]], ...] = tuple(groups)
        self.others: tuple[FieldDef, ...] = tuple(others)  # scalar fields whose pointer is not /<group>/<key>
        # per table: (column, its key, texts known fine) for its columns
        self.tables: tuple[tuple[TableDef, tuple[tuple[FieldDef, str, set[str]], ...]], ...] = tuple(
            (t, tuple((c, c.key, set()) for c in t.columns)) for t in definition.tables()
        )
        # each basic condition with its project types as a set
        self.conditions: tuple[tuple[Condition, frozenset[str]], ...] = tuple(
            (c, frozenset(c.types)) for c in definition.conditions
        )
        self._operands: dict[str, tuple[int, Any]] = {}
        self._columns: dict[tuple[str, str], FieldDef] = {}

    def operand(self, operand: str) -> tuple[int, Any]:
        """How to read a rule operand: (CALCULATED, its name) or (kind, its pointer's tokens)."""
        found = self._operands.get(operand)
        if found is None:
            if operand.startswith("@"):
                found = (CALCULATED, operand)
            else:
                kind = self.definition.field(operand).type  # KeyError for an unknown field, as before
                how = (AMOUNT if kind in ("money", "area") else INTEGER if kind == "integer"
                       else MONTH_OR_DATE if kind in ("yearmonth", "date") else RAW)
                found = (how, tuple(docs.split_pointer(operand)))
            self._operands[operand] = found
        return found

    def column(self, table: str, column: str) -> FieldDef:
        """``definition.table_at(table).column(column)``."""
        found = self._columns.get((table, column))
        if found is None:
            found = self._columns[(table, column)] = self.definition.table_at(table).column(column)
        return found


_PLANS: dict[int, Plan] = {}


def plan_of(definition: FormDefinition) -> Plan:
    plan = _PLANS.get(id(definition))
    if plan is not None and plan.definition is definition:
        return plan
    plan = Plan(definition)
    if len(_PLANS) >= 64:  # tests build many definitions; the app has a few
        _PLANS.clear()
    _PLANS[id(definition)] = plan
    return plan


def read(node: Any, tokens: tuple[str, ...] | list[str]) -> Any:
    """``document.get`` with the pointer split already."""
    for token in tokens:
        if isinstance(node, dict):
            node = node.get(token)
            if node is None:
                return None
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
