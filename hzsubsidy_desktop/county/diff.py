"""What differs between two versions of an application, in the order of the form, as the clerk reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition
from hzsubsidy_desktop.values.field_types import display


@dataclass(frozen=True)
class FieldChange:
    """One value that differs between two versions of an application, as the clerk reads it."""

    label: str
    pointer: str
    old: str
    new: str


def _order_keys(definition: FormDefinition) -> dict[str, tuple[int, int]]:
    steps = {s.key: i for i, s in enumerate(definition.steps)}
    keys: dict[str, tuple[int, int]] = {}
    for i, f in enumerate(definition.all_fields()):
        keys[f.path] = (steps.get(f.step, len(steps)), i)
    return keys


def _label(definition: FormDefinition, pointer: str) -> tuple[str, FieldDef | None]:
    if pointer.startswith("/explanations/"):
        key = docs.split_pointer(pointer)[1]
        _code, _, target = key.partition("@")
        try:
            return f"说明：{definition.field(target).label}", None
        except KeyError:
            return f"说明：{key}", None
    for table in definition.tables():
        if pointer.startswith(table.path + "/"):
            rest = pointer[len(table.path) + 1:].split("/")
            if rest[0].isdecimal():
                col = rest[1] if len(rest) > 1 else ""
                try:
                    fdef: FieldDef | None = table.column(col)
                    col_label = fdef.label
                except KeyError:
                    fdef, col_label = None, col
                return f"{table.title} 第{int(rest[0]) + 1}行 {col_label}".rstrip(), fdef
    try:
        fdef = definition.field(pointer)
    except KeyError:
        return pointer, None
    return fdef.label, fdef


def _leaves(doc: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in doc.items() if k not in ("format_version", "form_id")}
    return {p: v for p, v in docs.iter_leaves(body) if v not in (None, "", [], {})}


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two documents hold the same values (empty values and key order do not count)."""
    return a.get("form_id") == b.get("form_id") and _leaves(a) == _leaves(b)


def _text(fdef: FieldDef | None, value: Any) -> str:
    if value is None:
        return ""
    if fdef is not None:
        try:
            return display(fdef, value)
        except (TypeError, ValueError, ArithmeticError):
            pass
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def diff_documents(definition: FormDefinition, old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """Every value that differs, in the order of the form, with old and new display text."""
    a, b = _leaves(old), _leaves(new)
    order = _order_keys(definition)
    changes = []
    for pointer in set(a) | set(b):
        if a.get(pointer) == b.get(pointer):
            continue
        label, fdef = _label(definition, pointer)
        pattern = "/".join("*" if p.isdecimal() else p for p in pointer.split("/"))
        row = next((int(p) for p in pointer.split("/") if p.isdecimal()), -1)
        key = (*order.get(pattern, (len(definition.steps) + 1, 0)), row, pointer)
        changes.append((key, FieldChange(label, pointer, _text(fdef, a.get(pointer)), _text(fdef, b.get(pointer)))))
    return [c for _, c in sorted(changes, key=lambda kc: kc[0])]
