"""The county settings (设区市, 县（市、区）, contact) and the county's 附件2 values, each checked like a form field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hzsubsidy_desktop.formdef import FieldDef, FormDefinition, load_definition
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values.field_types import InputError, parse_input


def county_fields(definition: FormDefinition | None = None) -> tuple[FieldDef, ...]:
    """The county settings' fields (设区市, 县（市、区）, contact), from the definition's attachment2.toml."""
    return (definition or load_definition()).county.fields


def county_settings(store: Store, definition: FormDefinition | None = None) -> dict[str, str]:
    """设区市, 县（市、区）, contact person and phone (defaults from the definition: 湖州市 / 安吉县)."""
    defaults = (definition or load_definition()).county.defaults
    stored = store.setting("county") or {}
    out = dict(defaults)
    if isinstance(stored, dict):
        out.update({k: str(v) for k, v in stored.items() if k in defaults and v is not None})
    return out


def _parse_all(fields: Sequence[FieldDef], values: Mapping[str, Any]) -> dict[str, Any]:
    by_key = {f.key: f for f in fields}
    parsed: dict[str, Any] = {}
    for key, text in values.items():
        if key not in by_key:
            raise InputError(f"没有设置项“{key}”。可设置：{'、'.join(f.label for f in fields)}。")
        fdef = by_key[key]
        value = parse_input(fdef, "" if text is None else text).value
        if value is None and fdef.required and fdef.step == "county":
            raise InputError(f"“{fdef.label}”不能为空。")
        parsed[key] = value
    return parsed


def set_county_settings(store: Store, values: Mapping[str, Any]) -> dict[str, str]:
    """Change some county settings (typed text, checked like form fields); returns all of them."""
    current = county_settings(store)
    for key, value in _parse_all(county_fields(), values).items():
        current[key] = "" if value is None else str(value)
    store.set_setting("county", current)
    return current


def declaration_values(store: Store, definition: FormDefinition | None = None) -> dict[str, Any]:
    """The county's 附件2 values; 所在地区 and the contact default to the county settings."""
    definition = definition or load_definition()
    stored = store.setting("declaration") or {}
    stored = stored if isinstance(stored, dict) else {}
    county = county_settings(store, definition)
    defaults = {
        "region": county.get("city", "") + county.get("county", ""),
        "contact_person": county.get("contact_person", ""),
        "contact_phone": county.get("contact_phone", ""),
    }
    out: dict[str, Any] = {}
    for f in definition.declaration.fields:
        value = stored.get(f.key)
        out[f.key] = value if value not in (None, "") else defaults.get(f.key) or None
    return out


def set_declaration(store: Store, values: Mapping[str, Any], definition: FormDefinition | None = None) -> dict[str, Any]:
    """Change some 附件2 fields (typed text, all or nothing); returns all values."""
    definition = definition or load_definition()
    parsed = _parse_all(definition.declaration.fields, values)
    stored = store.setting("declaration") or {}
    stored = dict(stored) if isinstance(stored, dict) else {}
    for key, value in parsed.items():
        if value is None:
            stored.pop(key, None)
        else:
            stored[key] = value
    store.set_setting("declaration", stored)
    return declaration_values(store, definition)


def declaration_problems(definition: FormDefinition, values: Mapping[str, Any]) -> list[str]:
    """Chinese lines for 附件2 fields that are required but empty."""
    return [f"“{f.label}”尚未填写。" for f in definition.declaration.fields if f.required and not values.get(f.key)]
