"""Read a ``forms/<id>/`` folder strictly into a :class:`FormDefinition`.

Every table in the TOML files has a closed set of keys: an unknown key, an unknown type, a
missing label, a duplicate key or a rule naming a field that does not exist is reported as a
:class:`DefinitionError` naming the file and the field, at load time.

This module reads the folder and assembles the definition; its parts are read by
:mod:`.read_fields`, :mod:`.read_sheets` and :mod:`.read_rules`.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.formdef.model import (
    Calculation,
    Condition,
    CountyDef,
    DeclarationDef,
    ExpenditureDef,
    FormDefinition,
    GroupDef,
    ListDef,
    RuleDef,
    TableDef,
)
from hzsubsidy_desktop.formdef.read_fields import read_group, read_step, read_table, unique_keys
from hzsubsidy_desktop.formdef.read_rules import label_totals, read_calculation, read_condition, read_rule
from hzsubsidy_desktop.formdef.read_sheets import (
    mark_percent,
    read_county,
    read_declaration,
    read_expenditure,
    read_list,
)
from hzsubsidy_desktop.formdef.references import check_references
from hzsubsidy_desktop.formdef.where import Where

DEFAULT_FORM = "zj-cbec-2024"


def available_forms() -> list[str]:
    """The ids of every installed notice (shipped and extra; see :mod:`.notices`)."""
    from hzsubsidy_desktop.formdef.notices import installed

    return installed().ids()


def load_definition(form_id: str = DEFAULT_FORM) -> FormDefinition:
    """The definition of installed notice ``form_id`` (loaded once per folder and process)."""
    from hzsubsidy_desktop.formdef.notices import load_notice

    return load_notice(form_id)


def load_folder(folder: Path) -> FormDefinition:
    """Load a definition folder (used directly by tests with inline definitions)."""
    docs = {}
    head_where = Where(f"{folder.name}/form.toml")
    head = _read(folder / "form.toml", head_where)
    head_where.check_keys(
        "form", head,
        {"id", "version", "title", "notice", "data_cutoff", "planned_window_start",
         "planned_window_end", "files", "step"},
    )
    for name in head_where.require("form", head, "files", list):
        docs[name] = _read(folder / name, Where(f"{folder.name}/{name}"))

    steps = tuple(read_step(head_where, s) for s in head.get("step", []))
    step_keys = {s.key for s in steps}
    if len(step_keys) != len(steps):
        raise head_where.fail("step", "duplicate step key")

    groups: list[GroupDef] = []
    plan: TableDef | None = None
    expenditure: ExpenditureDef | None = None
    conditions: tuple[Condition, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    calculations: list[Calculation] = []
    list_def: ListDef | None = None
    declaration: DeclarationDef | None = None
    county: CountyDef | None = None

    for name, doc in docs.items():
        where = Where(f"{folder.name}/{name}")
        where.check_keys(
            "file", doc,
            {"group", "table", "expenditure", "condition", "rule", "list", "declaration", "calculated", "county"},
        )
        for g in doc.get("group", []):
            groups.append(read_group(where, g, step_keys))
        for t in doc.get("table", []):
            if t.get("key") != "plan" or plan is not None:
                raise where.fail(f"table {t.get('key')}", "only one table, 'plan', is known")
            plan = read_table(where, t, f"/{t['key']}", step_keys)
        if "expenditure" in doc:
            expenditure = read_expenditure(where, doc["expenditure"], step_keys)
        if "condition" in doc:
            conditions = tuple(read_condition(where, c) for c in doc["condition"])
        for raw in doc.get("calculated", []):
            calculations.append(read_calculation(where, raw))
        if "rule" in doc:
            rules = tuple(read_rule(where, r) for r in doc["rule"])
        if "list" in doc:
            list_def = read_list(where, doc["list"])
        if "declaration" in doc:
            declaration = read_declaration(where, doc["declaration"])
        if "county" in doc:
            county = read_county(where, doc["county"])

    where = head_where
    if plan is None or expenditure is None or list_def is None or declaration is None or county is None:
        raise where.fail("files", "the plan table, expenditure, list, declaration and county are all required")
    list_def = mark_percent(list_def, calculations)
    unique_keys([g.key for g in groups], where, "group")
    for g in groups:
        unique_keys([f.key for f in g.fields], where, f"group {g.key}")

    try:
        window = (
            date.fromisoformat(head["planned_window_start"]),
            date.fromisoformat(head["planned_window_end"]),
        )
        cutoff = date.fromisoformat(head["data_cutoff"])
    except (KeyError, TypeError, ValueError) as exc:
        raise where.fail("form", f"dates: {exc}") from exc
    definition = FormDefinition(
        id=where.require("form", head, "id", str),
        version=where.require("form", head, "version", int),
        title=where.require("form", head, "title", str),
        notice=head.get("notice", ""),
        data_cutoff=cutoff,
        planned_window=window,
        steps=steps,
        groups=tuple(groups),
        plan=plan,
        expenditure=expenditure,
        conditions=conditions,
        rules=rules,
        calculations=tuple(label_totals(calculations, expenditure)),
        list=list_def,
        declaration=declaration,
        county=county,
        source=folder,
    )
    check_references(definition, folder.name)
    return definition


def _read(path: Path, where: Where) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise where.fail("file", "not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise where.fail("file", f"not valid TOML: {exc}") from exc


