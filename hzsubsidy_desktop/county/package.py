"""Writing the county package (县级汇总包, ``.hzcounty``) for the city clerk.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from pathlib import Path

from hzsubsidy_desktop import __version__
from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import decisions, removals
from hzsubsidy_desktop.county.review import REVIEW_STATES
from hzsubsidy_desktop.county.rows import project_rows
from hzsubsidy_desktop.county.settings import county_settings, declaration_values
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.interchange.county_package import (
    COUNTY_FORMAT_VERSION,
    COUNTY_KIND,
    COUNTY_MEMBER,
    county_package_name,
)
from hzsubsidy_desktop.interchange.safe_archive import write_archive
from hzsubsidy_desktop.store import Store

RETURNED = "退回"


def pack_county(
    store: Store,
    out_dir: Path,
    *,
    definition: FormDefinition | None = None,
    states: Collection[str] | None = None,
    include_returned: bool = False,
) -> Path:
    """Write ``<设区市><县>_重点项目汇总.hzcounty``: every application of the list with the county's review
    (state, comment, reviewing county, date), its decisions on suspected duplicates and latest paper check
    (:mod:`~hzsubsidy_desktop.county.decisions`), the county settings and the 附件2 values, for the city
    clerk to import, and what earlier packages sent that the county removed or returned since
    (:mod:`~hzsubsidy_desktop.county.removals`). 退回 applications are left out unless ``include_returned`` or asked for in ``states``;
    suspected duplicates waiting for a decision are left out (see :func:`project_rows`)."""
    definition = definition or load_definition()
    if states is None:
        states = [s for s in REVIEW_STATES if include_returned or s != RETURNED]
    rows = project_rows(store, definition, states=states)
    county = county_settings(store)
    entries = []
    members: list[tuple[str, bytes]] = []
    sids = {}
    for row in rows:  # first every submission id: a decision names its pair by it
        sids[row.app_id] = row.submission_id
        if not row.submission_id:
            sids[row.app_id] = uuid.uuid4().hex
            store.set_submission(row.app_id, sids[row.app_id], row.revision)
    for i, row in enumerate(rows, start=1):
        sid = sids[row.app_id]
        doc = docs.canonical(definition, store.load(row.app_id))
        member = f"applications/{i:04d}.json"
        members.append((member, docs.dumps(doc).encode("utf-8")))
        entries.append({
            "file": member,
            "submission_id": sid,
            "revision": row.revision,
            "credit_code": str(docs.get(doc, "/enterprise/credit_code") or ""),
            "project_name": str(docs.get(doc, "/project/name") or ""),
            "city": row.city,
            "county": row.county,
            "review_state": row.review_state,
            "review_comment": row.review_comment,
            "reviewer_county": county["county"],
            "review_date": store.review_date(row.app_id) or "",
            **decisions.package_fields(store, row.app_id, county["county"]),
        })
    settings = {"county": county, "declaration": declaration_values(store, definition)}
    members.append((COUNTY_MEMBER, docs.dumps(settings).encode("utf-8")))
    manifest = {
        "kind": COUNTY_KIND,
        "format_version": COUNTY_FORMAT_VERSION,
        "app_version": __version__,
        "created_at": _now(),
        "package_id": uuid.uuid4().hex,
        "form_id": definition.id,
        "city": county["city"],
        "county": county["county"],
        "removed": removals.removed_entries(store, set(sids.values())),
        "applications": entries,
    }
    written = write_archive(Path(out_dir) / county_package_name(county), manifest, members)
    removals.remember_packed(store, entries)
    return written


def _now() -> str:
    from hzsubsidy_desktop.store.records import now

    return now()
