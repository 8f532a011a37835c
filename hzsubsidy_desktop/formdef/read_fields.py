"""Reading the fields of a definition: steps, groups of fields, the plan table, each field with its
closed set of keys, relevance conditions and decimal bounds (a :class:`DefinitionError` names
the file and the field).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from hzsubsidy_desktop.formdef.model import FIELD_TYPES, FieldDef, GroupDef, Relevance, StepDef, TableDef
from hzsubsidy_desktop.formdef.where import Where

_FIELD_KEYS = {
    "key", "label", "type", "required", "choices", "help", "max_length",
    "allow_negative", "min", "max", "relevant",
}
_RELEVANT_KEYS = {"field", "includes_any", "equals"}


def unique_keys(keys: list[str], where: Where, item: str) -> None:
    seen = set()
    for key in keys:
        if key in seen:
            raise where.fail(item, f"duplicate key {key!r}")
        seen.add(key)


def read_step(where: Where, raw: dict[str, Any]) -> StepDef:
    where.check_keys("step", raw, {"key", "title", "help"})
    key = where.require("step", raw, "key", str)
    return StepDef(key, where.require(f"step {key}", raw, "title", str), raw.get("help", ""))


def read_decimal(where: Where, item: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise where.fail(item, f"not a number: {value!r}") from exc


def read_relevance(where: Where, item: str, raw: Any) -> Relevance | None:
    if raw is None:
        return None
    where.check_keys(f"{item}.relevant", raw, _RELEVANT_KEYS)
    return Relevance(
        field=where.require(f"{item}.relevant", raw, "field", str),
        includes_any=tuple(raw.get("includes_any", ())),
        equals=raw.get("equals"),
    )


def read_field(where: Where, raw: dict[str, Any], prefix: str, step: str) -> FieldDef:
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
        min=read_decimal(where, item, raw.get("min")),
        max=read_decimal(where, item, raw.get("max")),
        relevant=read_relevance(where, item, raw.get("relevant")),
    )


def read_group(where: Where, raw: dict[str, Any], steps: set[str]) -> GroupDef:
    where.check_keys(f"group {raw.get('key')}", raw, {"key", "step", "title", "field"})
    key = where.require("group", raw, "key", str)
    step = where.require(f"group {key}", raw, "step", str)
    if step not in steps:
        raise where.fail(f"group {key}", f"unknown step {step!r}")
    fields = tuple(read_field(where, f, f"/{key}", step) for f in raw.get("field", []))
    return GroupDef(key, step, raw.get("title", ""), fields)


def read_table(where: Where, raw: dict[str, Any], path: str, steps: set[str]) -> TableDef:
    item = f"table {path}"
    where.check_keys(
        item, raw,
        {"key", "step", "title", "min_rows", "max_rows", "row_label", "help", "column", "default_row"},
    )
    step = where.require(item, raw, "step", str)
    if step not in steps:
        raise where.fail(item, f"unknown step {step!r}")
    columns = tuple(read_field(where, c, f"{path}/*", step) for c in raw.get("column", []))
    unique_keys([c.key for c in columns], where, item)
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
