"""A document as the database's tables hold it: ``field_values`` and ``table_rows`` rows and the list's columns.

Computed without the database, so the import's reading workers prepare it while the importing
process stores the files read before (:class:`~hzsubsidy_desktop.store.Store` ``.create(stored=…)``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.store.records import json_text
from hzsubsidy_desktop.values.identity import code_key, name_key

SUMMARY_POINTERS = {
    "/project/name": "project_name",
    "/enterprise/name": "enterprise_name",
    "/enterprise/credit_code": "credit_code",
}


class StoredRows(NamedTuple):
    """A document as the tables hold it (computed without the database, e.g. by the import's readers)."""

    scalars: list[tuple[str, str]]  # field_values: pointer, JSON text
    rows: list[tuple[str, int, str]]  # table_rows: table path, position, JSON text
    summary: tuple[str, str, str, str, str]  # project name, enterprise name, credit code, name key, credit key


def document_rows(doc: dict[str, Any]) -> StoredRows:
    """The ``field_values`` and ``table_rows`` rows and the list's columns of a document."""
    scalars: list[tuple[str, str]] = []
    rows: list[tuple[str, int, str]] = []
    for key, value in doc.items():
        if key in ("format_version", "form_id"):
            continue
        if key == "plan" and isinstance(value, list):
            rows.extend(("/plan", i, json_text(r)) for i, r in enumerate(value))
        elif key == "expenditure" and isinstance(value, dict):
            for cat, items in value.items():
                path = f"/expenditure/{docs.escape(cat)}"
                rows.extend((path, i, json_text(r)) for i, r in enumerate(items or []))
        elif isinstance(value, dict):
            group = f"/{docs.escape(key)}/"
            for sub, v in value.items():
                if v not in (None, "", []):
                    plain = "~" not in sub and "/" not in sub  # a field's key: nothing to escape
                    scalars.append((group + (sub if plain else docs.escape(sub)), json_text(v)))
    name, enterprise, code = (str(docs.get(doc, pointer) or "") for pointer in SUMMARY_POINTERS)
    # In the order of the tables' keys: each insert lands next to the one before (an import: 15-30 % less)
    scalars.sort()
    rows.sort()
    return StoredRows(scalars, rows, (name, enterprise, code, name_key(name), code_key(code)))
