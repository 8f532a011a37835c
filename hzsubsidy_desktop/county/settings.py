"""The county settings (设区市, 县（市、区）, contact) and the county's 附件2 values, each checked like a form field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hzsubsidy_desktop.formdef import FieldDef, FormDefinition, load_definition
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values.field_types import InputError, parse_input

COUNTY_FIELDS = (
    FieldDef("city", "/county/city", "设区市", "text", "county", required=True, max_length=20),
    FieldDef("county", "/county/county", "县（市、区）", "text", "county", required=True, max_length=20),
    FieldDef("contact_person", "/county/contact_person", "联系人", "text", "county", max_length=30),
    FieldDef("contact_phone", "/county/contact_phone", "联系电话", "phone", "county"),
)
DEFAULT_COUNTY = {"city": "湖州市", "county": "安吉县", "contact_person": "", "contact_phone": ""}


def county_settings(store: Store) -> dict[str, str]:
    """设区市, 县（市、区）, contact person and phone (defaults 湖州市 / 安吉县)."""
    stored = store.setting("county") or {}
    out = dict(DEFAULT_COUNTY)
    if isinstance(stored, dict):
        out.update({k: str(v) for k, v in stored.items() if k in DEFAULT_COUNTY and v is not None})
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
    for key, value in _parse_all(COUNTY_FIELDS, values).items():
        current[key] = "" if value is None else str(value)
    store.set_setting("county", current)
    return current


def declaration_values(store: Store, definition: FormDefinition | None = None) -> dict[str, Any]:
    """The county's 附件2 values; 所在地区 and the contact default to the county settings."""
    definition = definition or load_definition()
    stored = store.setting("declaration") or {}
    stored = stored if isinstance(stored, dict) else {}
    county = county_settings(store)
    defaults = {
        "region": county["city"] + county["county"],
        "contact_person": county["contact_person"],
        "contact_phone": county["contact_phone"],
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
