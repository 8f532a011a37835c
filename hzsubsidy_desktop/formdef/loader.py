"""Read a ``forms/<id>/`` folder strictly into a :class:`FormDefinition`.

Every table in the TOML files has a closed set of keys: an unknown key, an unknown type, a
missing label, a duplicate key or a rule naming a field that does not exist is reported as a
:class:`DefinitionError` naming the file and the field, at load time.
"""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hzsubsidy_desktop.formdef.model import (
    CALCULATION_KINDS,
    FIELD_TYPES,
    LEVELS,
    OPTIONAL_PARAMS,
    Calculation,
    Category,
    Condition,
    CountyDef,
    DeclarationDef,
    ExpenditureDef,
    FieldDef,
    FormDefinition,
    GroupDef,
    ListColumn,
    ListDef,
    Relevance,
    RuleDef,
    StepDef,
    TableDef,
    Widths,
)
from hzsubsidy_desktop.formdef.references import check_references
from hzsubsidy_desktop.formdef.where import Where

DEFAULT_FORM = "zj-cbec-2024"

_FIELD_KEYS = {
    "key", "label", "type", "required", "choices", "help", "max_length",
    "allow_negative", "min", "max", "relevant",
}
_RELEVANT_KEYS = {"field", "includes_any", "equals"}
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

    steps = tuple(_step(head_where, s) for s in head.get("step", []))
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
            groups.append(_group(where, g, step_keys))
        for t in doc.get("table", []):
            if t.get("key") != "plan" or plan is not None:
                raise where.fail(f"table {t.get('key')}", "only one table, 'plan', is known")
            plan = _table(where, t, f"/{t['key']}", step_keys)
        if "expenditure" in doc:
            expenditure = _expenditure(where, doc["expenditure"], step_keys)
        if "condition" in doc:
            conditions = tuple(_condition(where, c) for c in doc["condition"])
        for raw in doc.get("calculated", []):
            calculations.append(_calculation(where, raw))
        if "rule" in doc:
            rules = tuple(_rule(where, r) for r in doc["rule"])
        if "list" in doc:
            list_def = _list(where, doc["list"])
        if "declaration" in doc:
            declaration = _declaration(where, doc["declaration"])
        if "county" in doc:
            county = _county(where, doc["county"])

    where = head_where
    if plan is None or expenditure is None or list_def is None or declaration is None or county is None:
        raise where.fail("files", "the plan table, expenditure, list, declaration and county are all required")
    list_def = _mark_percent(list_def, calculations)
    _unique([g.key for g in groups], where, "group")
    for g in groups:
        _unique([f.key for f in g.fields], where, f"group {g.key}")

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
        calculations=tuple(_label_totals(calculations, expenditure)),
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


def _unique(keys: list[str], where: Where, item: str) -> None:
    seen = set()
    for key in keys:
        if key in seen:
            raise where.fail(item, f"duplicate key {key!r}")
        seen.add(key)


def _step(where: Where, raw: dict[str, Any]) -> StepDef:
    where.check_keys("step", raw, {"key", "title", "help"})
    key = where.require("step", raw, "key", str)
    return StepDef(key, where.require(f"step {key}", raw, "title", str), raw.get("help", ""))


def _decimal(where: Where, item: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise where.fail(item, f"not a number: {value!r}") from exc


def _relevance(where: Where, item: str, raw: Any) -> Relevance | None:
    if raw is None:
        return None
    where.check_keys(f"{item}.relevant", raw, _RELEVANT_KEYS)
    return Relevance(
        field=where.require(f"{item}.relevant", raw, "field", str),
        includes_any=tuple(raw.get("includes_any", ())),
        equals=raw.get("equals"),
    )


def _field(where: Where, raw: dict[str, Any], prefix: str, step: str) -> FieldDef:
    key = raw.get("key") if isinstance(raw, dict) else None
    item = f"field {prefix}/{key}"
    where.check_keys(item, raw, _FIELD_KEYS)
    key = where.require(item, raw, "key", str)
    label = where.require(item, raw, "label", str)
    ftype = where.require(item, raw, "type", str)
    if ftype not in FIELD_TYPES:
        raise where.fail(item, f"unknown type {ftype!r} (known: {', '.join(FIELD_TYPES)})")
    choices = tuple(raw.get("choices", ()))
    if ftype in ("choice", "multichoice") and not choices:
        raise where.fail(item, "a choice field needs choices")
    return FieldDef(
        key=key,
        path=f"{prefix}/{key}",
        label=label,
        type=ftype,
        step=step,
        required=bool(raw.get("required", False)),
        choices=choices,
        help=raw.get("help", ""),
        max_length=raw.get("max_length"),
        allow_negative=bool(raw.get("allow_negative", False)),
        min=_decimal(where, item, raw.get("min")),
        max=_decimal(where, item, raw.get("max")),
        relevant=_relevance(where, item, raw.get("relevant")),
    )


def _group(where: Where, raw: dict[str, Any], steps: set[str]) -> GroupDef:
    where.check_keys(f"group {raw.get('key')}", raw, {"key", "step", "title", "field"})
    key = where.require("group", raw, "key", str)
    step = where.require(f"group {key}", raw, "step", str)
    if step not in steps:
        raise where.fail(f"group {key}", f"unknown step {step!r}")
    fields = tuple(_field(where, f, f"/{key}", step) for f in raw.get("field", []))
    return GroupDef(key, step, raw.get("title", ""), fields)


def _table(where: Where, raw: dict[str, Any], path: str, steps: set[str]) -> TableDef:
    item = f"table {path}"
    where.check_keys(
        item, raw,
        {"key", "step", "title", "min_rows", "max_rows", "row_label", "help", "column", "default_row"},
    )
    step = where.require(item, raw, "step", str)
    if step not in steps:
        raise where.fail(item, f"unknown step {step!r}")
    columns = tuple(_field(where, c, f"{path}/*", step) for c in raw.get("column", []))
    _unique([c.key for c in columns], where, item)
    defaults = tuple(MappingProxyType(dict(r)) for r in raw.get("default_row", []))
    for row in defaults:
        unknown = set(row) - {c.key for c in columns}
        if unknown:
            raise where.fail(f"{item}.default_row", f"unknown column(s) {', '.join(sorted(unknown))}")
    return TableDef(
        key=raw["key"], path=path, step=step, title=raw.get("title", ""), columns=columns,
        min_rows=raw.get("min_rows", 0), max_rows=raw.get("max_rows", 500),
        default_rows=defaults, help=raw.get("help", ""),
    )


_WIDTH_KEYS = {"word": (int, float), "excel": (int, float), "screen": (int,)}


def _widths(where: Where, item: str, raw: Any) -> Widths:
    if raw is None:
        return Widths()
    where.check_keys(f"{item}.width", raw, set(_WIDTH_KEYS))
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, _WIDTH_KEYS[key]) or value <= 0:
            raise where.fail(f"{item}.width", f"{key} must be a positive number")
    return Widths(word=raw.get("word"), excel=raw.get("excel"), screen=raw.get("screen"))


def _expenditure(where: Where, raw: dict[str, Any], steps: set[str]) -> ExpenditureDef:
    where.check_keys(
        "expenditure", raw,
        {"key", "step", "title", "max_rows", "help", "category", "column", "name_column", "spent_column",
         "planned_column", "category_width", "serial_width", "support_rows"},
    )
    short_labels: dict[str, str] = {}
    widths: dict[str, Widths] = {
        "category": _widths(where, "expenditure.category_width", raw.get("category_width")),
        "serial": _widths(where, "expenditure.serial_width", raw.get("serial_width")),
    }
    columns_raw = []
    for col in raw.get("column", []):
        if not isinstance(col, dict):
            raise where.fail("expenditure.column", "expected a table")
        col = dict(col)
        key = col.get("key")
        item = f"expenditure.column {key}"
        short = col.pop("short_label", None)
        if short is not None:
            if not isinstance(short, str) or not short.strip():
                raise where.fail(item, "short_label must be text")
            short_labels[str(key)] = short
        widths[str(key)] = _widths(where, item, col.pop("width", None))
        columns_raw.append(col)
    cats = []
    for c in raw.get("category", []):
        where.check_keys(f"category {c.get('key')}", c, {"key", "label"})
        key = where.require("category", c, "key", str)
        label = where.require(f"category {key}", c, "label", str)
        table_raw = {
            "key": key, "step": raw.get("step"), "title": label, "column": columns_raw,
            "max_rows": raw.get("max_rows", 500), "help": raw.get("help", ""),
        }
        cats.append(Category(key, label, _table(where, table_raw, f"/expenditure/{key}", steps)))
    _unique([c.key for c in cats], where, "expenditure.category")
    if not cats:
        raise where.fail("expenditure", "no category")
    columns = cats[0].table.columns
    by_key = {c.key: c for c in columns}
    roles = {}
    for role, wanted in (("name_column", ("text",)), ("spent_column", ("money",)), ("planned_column", ("money",))):
        key = where.require("expenditure", raw, role, str)
        if key not in by_key:
            raise where.fail(f"expenditure.{role}", f"no column {key!r}")
        if by_key[key].type not in wanted:
            raise where.fail(f"expenditure.{role}", f"column {key!r} must be of type {wanted[0]}")
        roles[role] = key
    support = where.require("expenditure", raw, "support_rows", list)
    seen: list[str] = []
    for n, row in enumerate(support, start=1):
        if not isinstance(row, list) or not 1 <= len(row) <= 2 or not all(isinstance(k, str) for k in row):
            raise where.fail(f"expenditure.support_rows[{n}]", "expected one or two category keys")
        seen.extend(row)
    cat_keys = [c.key for c in cats]
    for key in seen:
        if key not in cat_keys:
            raise where.fail("expenditure.support_rows", f"no category {key!r}")
    _unique(seen, where, "expenditure.support_rows")
    missing = [k for k in cat_keys if k not in seen]
    if missing:
        raise where.fail("expenditure.support_rows", f"category(ies) {', '.join(missing)} not placed")
    return ExpenditureDef(
        title=raw.get("title", ""), categories=tuple(cats), columns=columns,
        name_column=roles["name_column"], spent_column=roles["spent_column"],
        planned_column=roles["planned_column"], short_labels=MappingProxyType(short_labels),
        widths=MappingProxyType(widths), support_rows=tuple(tuple(r) for r in support),
    )


def _condition(where: Where, raw: dict[str, Any]) -> Condition:
    item = f"condition {raw.get('code')}"
    where.check_keys(item, raw, {"code", "types", "measure", "min", "text", "when"})
    return Condition(
        code=where.require(item, raw, "code", str),
        types=tuple(where.require(item, raw, "types", list)),
        measure=where.require(item, raw, "measure", str),
        min=_decimal(where, item, where.require(item, raw, "min", str)) or Decimal(0),
        text=where.require(item, raw, "text", str),
        when=_relevance(where, item, raw.get("when")),
    )


def _rule(where: Where, raw: dict[str, Any]) -> RuleDef:
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


def _calculation(where: Where, raw: dict[str, Any]) -> Calculation:
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


def _label_totals(calcs: list[Calculation], expenditure: ExpenditureDef) -> list[Calculation]:
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


def _list(where: Where, raw: dict[str, Any]) -> ListDef:
    where.check_keys("list", raw, {"title", "unit", "notes", "column"})
    cols = []
    for c in raw.get("column", []):
        item = f"list column {c.get('key')}"
        where.check_keys(item, c, {"key", "label", "source", "group", "money", "total", "width"})
        cols.append(ListColumn(
            key=where.require(item, c, "key", str), label=where.require(item, c, "label", str),
            source=where.require(item, c, "source", str), group=c.get("group", ""),
            money=bool(c.get("money", False)), total=bool(c.get("total", False)),
            width=_widths(where, item, c.get("width")),
        ))
    _unique([c.key for c in cols], where, "list")
    return ListDef(raw.get("title", ""), raw.get("unit", ""), tuple(raw.get("notes", ())), tuple(cols))


def _declaration(where: Where, raw: dict[str, Any]) -> DeclarationDef:
    where.check_keys(
        "declaration", raw, {"title", "subtitle", "notice", "approval", "seals", "field"}
    )
    fields = tuple(_field(where, f, "/declaration", "declaration") for f in raw.get("field", []))
    _unique([f.key for f in fields], where, "declaration")
    return DeclarationDef(
        title=where.require("declaration", raw, "title", str), subtitle=raw.get("subtitle", ""),
        notice=raw.get("notice", ""), approval=raw.get("approval", ""),
        seals=tuple(raw.get("seals", ())), fields=fields,
    )


def _county(where: Where, raw: dict[str, Any]) -> CountyDef:
    where.check_keys("county", raw, {"field"})
    fields, defaults = [], {}
    for f in raw.get("field", []):
        if not isinstance(f, dict):
            raise where.fail("county.field", "expected a table")
        f = dict(f)
        default = f.pop("default", "")
        if not isinstance(default, str):
            raise where.fail(f"county field {f.get('key')}", "default must be text")
        field = _field(where, f, "/county", "county")
        fields.append(field)
        defaults[field.key] = default
    _unique([f.key for f in fields], where, "county")
    return CountyDef(tuple(fields), MappingProxyType(defaults))


def _mark_percent(list_def: ListDef, calcs: list[Calculation]) -> ListDef:
    percent = {f"@{c.name}" for c in calcs if c.how == "progress_percent"}
    columns = tuple(dataclasses.replace(c, percent=c.source in percent) for c in list_def.columns)
    return dataclasses.replace(list_def, columns=columns)
