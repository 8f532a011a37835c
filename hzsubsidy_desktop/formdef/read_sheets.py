"""Reading the sheets of a definition: 附件4 (expenditure categories and columns), 附件5 (list
columns, widths), 附件2 (the declaration) and the county fields.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any

from hzsubsidy_desktop.formdef.model import (
    Calculation,
    Category,
    CountyDef,
    DeclarationDef,
    ExpenditureDef,
    ListColumn,
    ListDef,
    Widths,
)
from hzsubsidy_desktop.formdef.read_fields import read_field, read_table, unique_keys
from hzsubsidy_desktop.formdef.where import Where

_WIDTH_KEYS = {"word": (int, float), "excel": (int, float), "screen": (int,)}


def read_widths(where: Where, item: str, raw: Any) -> Widths:
    if raw is None:
        return Widths()
    where.check_keys(f"{item}.width", raw, set(_WIDTH_KEYS))
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, _WIDTH_KEYS[key]) or value <= 0:
            raise where.fail(f"{item}.width", f"{key} must be a positive number")
    return Widths(word=raw.get("word"), excel=raw.get("excel"), screen=raw.get("screen"))


def read_expenditure(where: Where, raw: dict[str, Any], steps: set[str]) -> ExpenditureDef:
    where.check_keys(
        "expenditure", raw,
        {"key", "step", "title", "max_rows", "help", "category", "column", "name_column", "spent_column",
         "planned_column", "category_width", "serial_width", "support_rows"},
    )
    short_labels: dict[str, str] = {}
    widths: dict[str, Widths] = {
        "category": read_widths(where, "expenditure.category_width", raw.get("category_width")),
        "serial": read_widths(where, "expenditure.serial_width", raw.get("serial_width")),
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
        widths[str(key)] = read_widths(where, item, col.pop("width", None))
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
        cats.append(Category(key, label, read_table(where, table_raw, f"/expenditure/{key}", steps)))
    unique_keys([c.key for c in cats], where, "expenditure.category")
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
    unique_keys(seen, where, "expenditure.support_rows")
    missing = [k for k in cat_keys if k not in seen]
    if missing:
        raise where.fail("expenditure.support_rows", f"category(ies) {', '.join(missing)} not placed")
    return ExpenditureDef(
        title=raw.get("title", ""), categories=tuple(cats), columns=columns,
        name_column=roles["name_column"], spent_column=roles["spent_column"],
        planned_column=roles["planned_column"], short_labels=MappingProxyType(short_labels),
        widths=MappingProxyType(widths), support_rows=tuple(tuple(r) for r in support),
    )


def read_list(where: Where, raw: dict[str, Any]) -> ListDef:
    where.check_keys("list", raw, {"title", "unit", "notes", "column"})
    cols = []
    for c in raw.get("column", []):
        item = f"list column {c.get('key')}"
        where.check_keys(item, c, {"key", "label", "source", "group", "money", "total", "width"})
        cols.append(ListColumn(
            key=where.require(item, c, "key", str), label=where.require(item, c, "label", str),
            source=where.require(item, c, "source", str), group=c.get("group", ""),
            money=bool(c.get("money", False)), total=bool(c.get("total", False)),
            width=read_widths(where, item, c.get("width")),
        ))
    unique_keys([c.key for c in cols], where, "list")
    return ListDef(raw.get("title", ""), raw.get("unit", ""), tuple(raw.get("notes", ())), tuple(cols))


def read_declaration(where: Where, raw: dict[str, Any]) -> DeclarationDef:
    where.check_keys(
        "declaration", raw, {"title", "subtitle", "notice", "approval", "seals", "field"}
    )
    fields = tuple(read_field(where, f, "/declaration", "declaration") for f in raw.get("field", []))
    unique_keys([f.key for f in fields], where, "declaration")
    return DeclarationDef(
        title=where.require("declaration", raw, "title", str), subtitle=raw.get("subtitle", ""),
        notice=raw.get("notice", ""), approval=raw.get("approval", ""),
        seals=tuple(raw.get("seals", ())), fields=fields,
    )


def read_county(where: Where, raw: dict[str, Any]) -> CountyDef:
    where.check_keys("county", raw, {"field"})
    fields, defaults = [], {}
    for f in raw.get("field", []):
        if not isinstance(f, dict):
            raise where.fail("county.field", "expected a table")
        f = dict(f)
        default = f.pop("default", "")
        if not isinstance(default, str):
            raise where.fail(f"county field {f.get('key')}", "default must be text")
        field = read_field(where, f, "/county", "county")
        fields.append(field)
        defaults[field.key] = default
    unique_keys([f.key for f in fields], where, "county")
    return CountyDef(tuple(fields), MappingProxyType(defaults))


def mark_percent(list_def: ListDef, calcs: list[Calculation]) -> ListDef:
    percent = {f"@{c.name}" for c in calcs if c.how == "progress_percent"}
    columns = tuple(dataclasses.replace(c, percent=c.source in percent) for c in list_def.columns)
    return dataclasses.replace(list_def, columns=columns)
