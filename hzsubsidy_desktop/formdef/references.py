"""Checks across a loaded definition: every pointer a relevance, condition or rule names, every operand
of a calculation and every 附件5 source must name something the definition has."""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.formdef.model import Calculation, FormDefinition
from hzsubsidy_desktop.formdef.where import DefinitionError

_RULE_FIELD_PARAMS = {"left", "right", "field", "limit", "start", "end", "unless_field"}


def check_references(definition: FormDefinition, folder: str) -> None:
    """Every pointer named by a relevance, condition or rule must be a known field or table."""
    known_tables = {t.path for t in definition.tables()} | {"/expenditure"}

    def check_field(file: str, item: str, path: Any) -> None:
        if not isinstance(path, str):
            raise DefinitionError(f"{folder}/{file}: {item}: expected a field pointer, got {path!r}")
        if path.startswith("@"):
            try:
                calc = definition.calculation(path)
            except KeyError:
                raise DefinitionError(f"{folder}/{file}: {item}: no calculated value {path!r}") from None
            if not calc.money:
                raise DefinitionError(f"{folder}/{file}: {item}: {path!r} is not an amount")
            return
        if path in known_tables or definition.has_field(path):
            return
        raise DefinitionError(f"{folder}/{file}: {item}: no field {path!r}")

    _check_calculations(definition, folder)
    _check_list(definition, folder)

    for f in definition.all_fields():
        if f.relevant:
            check_field("attachment3.toml", f"field {f.path}.relevant", f.relevant.field)
    for c in definition.conditions:
        check_field("conditions.toml", f"condition {c.code}", c.measure)
        if c.when:
            check_field("conditions.toml", f"condition {c.code}.when", c.when.field)
    codes = set()
    for r in definition.rules:
        if r.code in codes:
            raise DefinitionError(f"{folder}/rules.toml: rule {r.code}: duplicate code")
        codes.add(r.code)
        for key in sorted(_RULE_FIELD_PARAMS & set(r.params)):
            check_field("rules.toml", f"rule {r.code}.{key}", r.params[key])
        if "table" in r.params:
            check_field("rules.toml", f"rule {r.code}.table", r.params["table"])
        if "column" in r.params:
            table = definition.table_at(r.params["table"])
            if r.params["column"] not in {c.key for c in table.columns}:
                raise DefinitionError(
                    f"{folder}/rules.toml: rule {r.code}.column: no column {r.params['column']!r}"
                )


def _check_calculations(definition: FormDefinition, folder: str) -> None:
    """Names unique; every field, table, column and operand a calculation names exists."""
    file = "calculated.toml"
    seen: list[str] = []
    for calc in definition.calculations:
        p = calc.params

        def fail(problem: str, calc: Calculation = calc) -> DefinitionError:
            return DefinitionError(f"{folder}/{file}: calculated {calc.name}: {problem}")

        if calc.name in seen:
            raise fail("duplicate name")

        def field(path: Any) -> None:
            if not isinstance(path, str) or not definition.has_field(path):
                raise fail(f"no field {path!r}")

        if calc.how == "expenditure_total":
            money = {c.key for c in definition.expenditure.money_columns}
            if p["column"] not in money:
                raise fail(f"no 附件4 amount column {p['column']!r}")
        elif calc.how == "sum":
            for name in p["of"] if isinstance(p["of"], list) else [p["of"]]:
                known = {c.name: c for c in definition.calculations if c.name in seen}
                if name not in known or not known[name].money:
                    raise fail(f"of: {name!r} is not an amount calculated above")
        elif calc.how == "progress_percent":
            field(p["total"])
            try:
                table = definition.table_at(p["table"])
            except KeyError:
                raise fail(f"no table {p['table']!r}") from None
            for key in ("date_column", "amount_column"):
                if p[key] not in {c.key for c in table.columns}:
                    raise fail(f"{key}: no column {p[key]!r}")
        elif calc.how in ("joined", "yearmonth_text", "mapped"):
            field(p["field"])
            if calc.how == "mapped" and not all(isinstance(v, str) for v in dict(p["map"]).values()):
                raise fail("map: every value must be text")
        elif calc.how == "leader_contact":
            for key in ("leader", "leader_phone", "contact_person", "contact_phone"):
                field(p[key])
        seen.append(calc.name)


def _check_list(definition: FormDefinition, folder: str) -> None:
    """附件5 sources: a field, a calculated value or a county setting."""
    county_keys = {f.key for f in definition.county.fields}
    for col in definition.list.columns:
        item = f"{folder}/attachment5.toml: list column {col.key}"
        src = col.source
        if src.startswith("@"):
            try:
                definition.calculation(src)
            except KeyError:
                raise DefinitionError(f"{item}: no calculated value {src!r}") from None
        elif src.startswith("county:"):
            if src[7:] not in county_keys:
                raise DefinitionError(f"{item}: no county field {src[7:]!r}")
        elif not definition.has_field(src):
            raise DefinitionError(f"{item}: no field {src!r}")
