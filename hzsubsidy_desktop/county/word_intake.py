"""Hand-filled Word files in the county database: pairing 附件3 with 附件4, where each value was read.

- A Word file holding only 附件3 or only 附件4 is stored as an incomplete application; the later
  file with the other sheet, for the same project name and 填报单位 / enterprise name, completes it
  (in the same import or any later one).
- A Word file of a project already in the database (same credit code and project name, e.g. its
  ``.hzsub``) is compared on what the Word sheets hold: the values the official sheets have no
  cell for (basic-condition measures, …) are taken from the stored application, so the clerk sees
  only real differences between the Word and the submission.
- Where every value was read (table, row, cell) and what could not be read are kept per
  application (setting ``word_source/<id>``) for ``hzsubsidy show --sources`` and the GUI.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.interchange.word_import import (
    ORIGIN,
    SHEET3,
    SHEET4,
    SOURCE_LABEL,
    WordReading,
    same_project_name,
)
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import display

SETTING_PREFIX = "word_source/"
SHEET4_POINTERS = ("/expenditure",)


def _same_name(a: str, b: str) -> bool:
    return same_project_name(a, b)


def word_source(store: Store, app_id: str) -> dict[str, Any] | None:
    """Where the values of an application read from Word came from: file, sheets, sources, findings."""
    value = store.setting(SETTING_PREFIX + app_id)
    return value if isinstance(value, dict) else None


def remember(store: Store, app_id: str, file_name: str, reading: WordReading,
             earlier: dict[str, Any] | None = None, extra_findings: tuple[str, ...] = ()) -> None:
    sheets = sorted(set(reading.sheets) | set((earlier or {}).get("sheets", [])))
    record = {
        "source": SOURCE_LABEL,
        "files": [*(earlier or {}).get("files", []), file_name],
        "sheets": sheets,
        "project_name": reading.project_name or (earlier or {}).get("project_name", ""),
        "filler": reading.filler or (earlier or {}).get("filler", ""),
        "sources": {**(earlier or {}).get("sources", {}), **reading.sources},
        "findings": [*(earlier or {}).get("findings", []), *reading.findings, *extra_findings],
        "support": reading.support or (earlier or {}).get("support", {}),
    }
    store.set_setting(SETTING_PREFIX + app_id, record)


def find_partner(store: Store, reading: WordReading) -> str | None:
    """A stored Word application holding the other sheet of the same project and enterprise."""
    if reading.complete:
        return None
    missing = SHEET3 if SHEET3 not in reading.sheets else SHEET4
    for summary in store.summaries():
        if summary.origin != ORIGIN:
            continue
        record = word_source(store, summary.id)
        if not record or missing not in record.get("sheets", []) or len(record.get("sheets", [])) != 1:
            continue
        if _same_name(reading.project_name, record.get("project_name", "")) and _same_name(
            reading.filler, record.get("filler", "")
        ):
            return summary.id
    return None


def find_same_project(store: Store, reading: WordReading) -> str | None:
    """A stored application (not the enterprise's own) of the same project name and enterprise: a
    lone sheet without a credit code is compared with it rather than stored twice."""
    for summary in store.summaries():
        if summary.origin == "local":
            continue
        if _same_name(reading.project_name, summary.project_name) and _same_name(reading.filler, summary.enterprise_name):
            return summary.id
    return None


def complete_with(store: Store, partner: str, item: Incoming) -> tuple[dict[str, Any], list[str]]:
    """The partner's document completed with the sheet ``item`` holds, and new cross-check findings."""
    reading: WordReading = item.word  # type: ignore[assignment]
    stored = docs.canonical(item.definition, store.load(partner))
    if SHEET4 in reading.sheets:
        merged = docs.copy_json(stored)
        merged["expenditure"] = docs.copy_json(item.doc.get("expenditure", {}))
    else:
        merged = docs.copy_json(item.doc)
        merged["expenditure"] = stored.get("expenditure", {})
    return docs.canonical(item.definition, merged), _support_findings(store, partner, item, merged)


def _support_findings(store: Store, partner: str, item: Incoming, merged: dict[str, Any]) -> list[str]:
    reading: WordReading = item.word  # type: ignore[assignment]
    support = reading.support or (word_source(store, partner) or {}).get("support") or {}
    out = []
    labels = {cat.key: cat.label for cat in item.definition.categories}
    for key, typed in support.items():
        rows = merged.get("expenditure", {}).get(key, [])
        exp = item.definition.expenditure
        for raw, column in ((typed[0], exp.spent_column), (typed[1], exp.planned_column)):
            label = exp.short_label(column)
            number = amounts.from_text(raw)
            total = sum((amounts.from_text(r.get(column)) or Decimal(0) for r in rows), Decimal(0))
            if number is not None and number != total:
                out.append(f"附件3 支持内容“{labels.get(key, key)}”的{label}手填为 {amounts.display(number)} 万元，"
                           f"附件4 各项相加为 {amounts.display(total)} 万元，两者不一致（{typed[2]}）。")
    return out


def overlay_on(store: Store, existing: str, item: Incoming) -> Incoming:
    """``item`` with what the Word sheets cannot hold taken from the stored application ``existing``."""
    reading: WordReading = item.word  # type: ignore[assignment]
    stored = docs.canonical(item.definition, store.load(existing))
    merged = docs.copy_json(stored)
    for group in ("enterprise", "project", "narrative", "undertakings") if SHEET3 in reading.sheets else ():
        for key, value in item.doc.get(group, {}).items():
            if value is not None and f"/{group}/{key}" in reading.sources:
                merged.setdefault(group, {})[key] = value
        for key in list(merged.get(group, {})):
            if f"/{group}/{key}" in reading.sources and item.doc.get(group, {}).get(key) is None:
                merged[group].pop(key)  # read as empty from the Word
    if SHEET3 in reading.sheets:
        merged["plan"] = item.doc.get("plan", [])
    if SHEET4 in reading.sheets:
        merged["expenditure"] = item.doc.get("expenditure", {})
    return replace(item, doc=docs.canonical(item.definition, merged))


def source_lines(definition: FormDefinition, doc: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """“label：value ← where it was read” for every value read from Word, in the order of the form."""
    from hzsubsidy_desktop.county.diff import _label

    lines = []
    for pointer, where in record.get("sources", {}).items():
        if pointer.startswith("/sheet"):
            continue
        value = docs.get(doc, pointer)
        label, fdef = _label(definition, pointer)
        try:
            shown = display(fdef, value) if fdef is not None and value is not None else str(value or "（空）")
        except (TypeError, ValueError, ArithmeticError):
            shown = str(value)
        shown = shown.replace("\n", " ")
        lines.append(f"{label}：{shown[:40]}{'…' if len(shown) > 40 else ''} ← {where}")
    return lines
