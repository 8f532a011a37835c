"""The JSON Schema of the interchange format, generated from a form definition.

Every property carries ``title`` equal to the official label. Imports check untrusted files
against it; ``hzsubsidy schema`` prints it.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.document import FORMAT_VERSION
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition
from hzsubsidy_desktop.values.field_types import DATE_PATTERN, MONEY_PATTERN, YEARMONTH_PATTERN

MAX_TEXT = 20000


def field_schema(field: FieldDef) -> dict[str, Any]:
    out: dict[str, Any] = {"title": field.label}
    if field.help:
        out["description"] = field.help
    t = field.type
    if t in ("text", "longtext"):
        out.update(type="string", maxLength=field.max_length or MAX_TEXT)
    elif t == "money":
        pattern = MONEY_PATTERN if field.allow_negative else MONEY_PATTERN.replace("^-?", "^")
        out.update(type="string", pattern=pattern)
    elif t == "area":
        out.update(type="string", pattern=r"^(0|[1-9]\d{0,11})(\.\d{1,2})?$")
    elif t == "integer":
        out.update(type="integer", minimum=0, maximum=10**12 - 1)
    elif t == "yearmonth":
        out.update(type="string", pattern=YEARMONTH_PATTERN)
    elif t == "date":
        out.update(type="string", pattern=DATE_PATTERN, format="date")
    elif t == "choice":
        out.update(type="string", enum=list(field.choices))
    elif t == "multichoice":
        out.update(type="array", items={"type": "string", "enum": list(field.choices)}, uniqueItems=True)
    elif t == "boolean":
        out.update(type="boolean")
    elif t in ("phone", "credit_code"):
        out.update(type="string", maxLength=40)
    return out


def _object(fields: tuple[FieldDef, ...], title: str) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "additionalProperties": False,
        "properties": {f.key: field_schema(f) for f in fields},
    }


def application_schema(definition: FormDefinition) -> dict[str, Any]:
    props: dict[str, Any] = {
        "format_version": {"title": "格式版本", "const": FORMAT_VERSION},
        "form_id": {"title": "申报表单", "const": definition.id},
    }
    for group in definition.groups:
        props[group.key] = _object(group.fields, group.title)
    plan = definition.plan
    props["plan"] = {
        "type": "array", "title": plan.title, "maxItems": plan.max_rows,
        "items": _object(plan.columns, "进度计划行"),
    }
    props["expenditure"] = {
        "type": "object", "title": definition.expenditure_title, "additionalProperties": False,
        "properties": {
            c.key: {"type": "array", "title": c.label, "maxItems": c.table.max_rows,
                    "items": _object(c.table.columns, "费用项目")}
            for c in definition.categories
        },
    }
    props["explanations"] = {
        "type": "object", "title": "说明", "maxProperties": 500,
        "additionalProperties": {"type": "string", "maxLength": 2000},
        "description": "“需说明”提示的书面说明，键为 <规则代码>@<字段指针>。",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:hzsubsidy:{definition.id}:application:v{FORMAT_VERSION}",
        "title": f"{definition.title}申报数据",
        "type": "object",
        "additionalProperties": False,
        "required": ["format_version", "form_id"],
        "properties": props,
    }
