"""The rows of 附件5 (plus status and review state), shared by the CLI, the exports and the GUI table.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county.diff import _text
from hzsubsidy_desktop.county.duplicates import pending_duplicates, uncounted
from hzsubsidy_desktop.county.importing import COUNTY_ORIGINS
from hzsubsidy_desktop.county.settings import county_settings
from hzsubsidy_desktop.document import calculated, totals
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.store import ApplicationSummary, Store
from hzsubsidy_desktop.values import amounts


@dataclass(frozen=True)
class ProjectRow:
    """One project of 附件5, with what the clerk's table shows beside it."""

    app_id: str
    values: dict[str, Any]  # by list column key: Decimal for money and progress, int for 序号, else str
    texts: dict[str, str]  # display text by list column key
    status: str
    error_count: int
    warning_count: int
    review_state: str
    review_comment: str
    project_types: tuple[str, ...]
    enterprise_type: str
    city: str
    county: str
    origin: str
    submission_id: str | None
    revision: int
    created_at: str
    duplicate_of: str | None = None  # a pending suspected duplicate of this application (not counted)
    # The county's review as the city sees it: (state, comment, county, date), None for own imports.
    county_review: tuple[str, str, str, str] | None = None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amounts.display(value)
    return str(value)


def row_for(
    definition: FormDefinition,
    doc: dict[str, Any],
    *,
    seq: int,
    city: str,
    county: str,
) -> tuple[dict[str, Any], dict[str, str]]:
    """附件5 values and display texts of one application."""
    computed = totals.compute(definition, doc)
    values: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for col in definition.list.columns:
        src = col.source
        if src.startswith("@"):
            value: Any = calculated.value(definition, definition.calculation(src), doc, computed, seq=seq)
        elif src.startswith("county:"):
            value = {"city": city, "county": county}.get(src[7:], "")
        else:
            raw = docs.get(doc, src)
            if col.money:
                value = amounts.from_text(raw)
            elif definition.has_field(src):
                value = _text(definition.field(src), raw)
            else:
                value = _text(None, raw)
        if col.money and isinstance(value, str):
            value = amounts.from_text(value)
        values[col.key] = value
        if col.percent and isinstance(value, Decimal):
            texts[col.key] = f"{value:.1f}"
        else:
            texts[col.key] = _cell_text(value)
    return values, texts


def project_rows(
    store: Store,
    definition: FormDefinition | None = None,
    *,
    states: Collection[str] | None = None,
    origins: Collection[str] | None = COUNTY_ORIGINS,
    with_pending: bool = False,
) -> list[ProjectRow]:
    """附件5 rows: every non-deleted imported application of this form (optionally only some
    review states), ordered by 设区市, 县（市、区） and import time, numbered from 1.

    A suspected duplicate waiting for the clerk's decision is left out (the project is counted once)
    unless ``with_pending`` (the clerk's table shows it, flagged)."""
    definition = definition or load_definition()
    county = county_settings(store)
    regions = store.regions()
    skipped = set() if with_pending else uncounted(store)
    chosen = [
        s for s in store.summaries()
        if s.form_id == definition.id
        and (origins is None or s.origin in origins)
        and (states is None or s.review_state in states)
        and s.id not in skipped
    ]
    pending = {p.app_id: p.other_id for p in pending_duplicates(store)} if with_pending else {}

    def region_of(app_id: str) -> tuple[str, str]:
        city, cty = regions.get(app_id, (None, None))
        return city or county["city"], cty or county["county"]

    order = {app_id: i for i, app_id in enumerate(regions)}  # creation order
    chosen.sort(key=lambda s: (*region_of(s.id), order.get(s.id, 0)))
    rows = []
    for seq, s in enumerate(chosen, start=1):
        doc = docs.canonical(definition, store.load(s.id))
        city, cty = region_of(s.id)
        values, texts = row_for(definition, doc, seq=seq, city=city, county=cty)
        types = docs.get(doc, "/project/types") or []
        rows.append(ProjectRow(
            s.id, values, texts, s.status, s.error_count, s.warning_count, s.review_state, s.review_comment,
            tuple(types) if isinstance(types, list) else (), str(docs.get(doc, "/enterprise/enterprise_type") or ""),
            city, cty, s.origin, s.submission_id, s.revision, s.created_at, pending.get(s.id),
            _county_review(s),
        ))
    return rows


def _county_review(s: ApplicationSummary) -> tuple[str, str, str, str] | None:
    if s.county_review_state is None:
        return None
    return (s.county_review_state, s.county_review_comment or "", s.county_review_county or "",
            s.county_review_date or "")


def column_totals(definition: FormDefinition, rows: Sequence[ProjectRow]) -> dict[str, Decimal]:
    """Sums of the columns marked ``total`` (exact; the exports write SUM formulas that must agree)."""
    out = {}
    for col in definition.list.columns:
        if col.total:
            out[col.key] = sum((r.values.get(col.key) or Decimal(0) for r in rows), Decimal(0))
    return out
