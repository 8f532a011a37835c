"""The clerk's side of the :class:`~hzsubsidy_desktop.store.Store`: submission identity, suspected
duplicates, review (own and the county's), regions, replaced versions, and the stored 附件5 rows.

Identity queries use the normalised keys (``credit_key``, ``name_key``, see
:mod:`hzsubsidy_desktop.values.identity`) and never look at the user's own applications
(``origin = 'local'``): both roles can share one database without colliding.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.values.identity import code_key

if TYPE_CHECKING:
    from hzsubsidy_desktop.store.records import ApplicationSummary

_LIVE_IMPORTED = "deleted_at IS NULL AND origin != 'local'"


class IdentityRow(NamedTuple):
    """What matching reads of one stored application (:meth:`ClerkStore.identity_rows`)."""

    id: str
    submission_id: str | None
    origin: str
    credit_key: str
    name_key: str
    project_name: str
    credit_code: str


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class ClerkStore:
    """Mixed into :class:`~hzsubsidy_desktop.store.Store`."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def _row(self, app_id: str) -> Any:  # pragma: no cover - Store's
        raise NotImplementedError

    def _audit(self, app_id: str, pointer: str, old: Any, new: Any, actor: str) -> None:  # pragma: no cover
        raise NotImplementedError

    # -- submission identity -----------------------------------------------------------------
    def set_submission(self, app_id: str, submission_id: str | None, revision: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE applications SET submission_id = ?, revision = ? WHERE id = ?",
                (submission_id, revision, app_id),
            )

    def find_submission(self, submission_id: str, credit_code: str | None = None) -> str | None:
        """The live imported application of this submission id; with ``credit_code``, only the one of that
        enterprise (normalised), so that a copied id never reaches another enterprise's application."""
        ids = self.submission_holders(submission_id)
        if credit_code is not None:
            key = code_key(credit_code)
            ids = [(i, k) for i, k in ids if k == key]
        return ids[0][0] if ids else None

    def submission_holders(self, submission_id: str) -> list[tuple[str, str]]:
        """(id, credit key) of every live imported application with this submission id, oldest first."""
        cur = self.conn.execute(
            f"SELECT id, credit_key FROM applications WHERE submission_id = ? AND {_LIVE_IMPORTED} ORDER BY rowid",
            (submission_id,),
        )
        return [(i, k) for i, k in cur]

    def imported_copies(self, submission_id: str) -> list[tuple[str, str | None]]:
        """(id, deleted_at) of every imported application with this submission id, live or in the trash,
        oldest first (never the user's own)."""
        cur = self.conn.execute(
            "SELECT id, deleted_at FROM applications WHERE submission_id = ? AND origin != 'local' ORDER BY rowid",
            (submission_id,),
        )
        return [(i, d) for i, d in cur]

    def noted(self, kind: str) -> set[str]:
        """The ids of the applications that have a ``kind`` note (see :meth:`record_note`)."""
        cur = self.conn.execute("SELECT key FROM settings WHERE key >= ? AND key < ?", (f"{kind}/", f"{kind}0"))
        return {key[len(kind) + 1:] for (key,) in cur}

    def identity_rows(self, submission_id: str | None, credit_key: str, name_key: str) -> list[IdentityRow]:
        """Every live application that may be who an incoming one is, oldest first, in one query: those with
        this submission id (the user's own included: ``origin``) and the imported ones with this credit key
        or name key (normalised; an empty key looks for the applications with both keys empty)."""
        terms, args = [], []
        if submission_id:
            terms.append("submission_id = ?")
            args.append(submission_id)
        if credit_key:
            terms.append("credit_key = ?")
            args.append(credit_key)
        if name_key:
            terms.append("name_key = ?")
            args.append(name_key)
        if not credit_key and not name_key:
            terms.append("(credit_key = '' AND name_key = '')")
        cur = self.conn.execute(
            "SELECT id, submission_id, origin, credit_key, name_key, project_name, credit_code FROM applications"
            f" WHERE deleted_at IS NULL AND ({' OR '.join(terms)}) ORDER BY rowid",
            args,
        )
        return [IdentityRow(*row) for row in cur]

    def live_twin(self, app_id: str) -> str | None:
        """Another live imported application with this one's submission id and enterprise (a restore
        must not make two of them)."""
        row = self.conn.execute(
            "SELECT submission_id, credit_key, origin FROM applications WHERE id = ?", (app_id,)
        ).fetchone()
        if row is None or not row[0] or row[2] == "local":
            return None
        twin = self.conn.execute(
            f"SELECT id FROM applications WHERE submission_id = ? AND credit_key = ? AND id != ? AND {_LIVE_IMPORTED}",
            (row[0], row[1], app_id),
        ).fetchone()
        return twin[0] if twin else None

    def live_same_project(self, app_id: str) -> str | None:
        """Another live imported application with this one's normalised credit code and project name."""
        row = self.conn.execute(
            "SELECT credit_key, name_key, origin FROM applications WHERE id = ?", (app_id,)
        ).fetchone()
        if row is None or row[2] == "local" or not row[0] or not row[1]:
            return None
        other = self.conn.execute(
            f"SELECT id FROM applications WHERE credit_key = ? AND name_key = ? AND id != ? AND {_LIVE_IMPORTED}"
            " ORDER BY rowid",
            (row[0], row[1], app_id),
        ).fetchone()
        return other[0] if other else None

    # -- suspected duplicates ----------------------------------------------------------------
    def set_duplicate_of(self, app_id: str, other: str | None, *, actor: str = "clerk") -> None:
        """Mark ``app_id`` as a suspected duplicate of ``other`` (None: the clerk decided)."""
        with self.transaction() as conn:
            self._row(app_id)
            old = conn.execute("SELECT duplicate_of FROM applications WHERE id = ?", (app_id,)).fetchone()[0]
            conn.execute("UPDATE applications SET duplicate_of = ? WHERE id = ?", (other, app_id))
            self._audit(app_id, "#duplicate_of", old, other, actor)

    def pending_duplicates(self) -> list[tuple[str, str]]:
        """(suspected duplicate, the application it may duplicate) awaiting the clerk's decision."""
        cur = self.conn.execute(
            f"SELECT id, duplicate_of FROM applications WHERE duplicate_of IS NOT NULL AND {_LIVE_IMPORTED}"
            " ORDER BY rowid"
        )
        return [(i, d) for i, d in cur]

    # -- review ------------------------------------------------------------------------------
    def set_review(self, app_id: str, state: str, comment: str, *, actor: str = "clerk") -> None:
        with self.transaction() as conn:
            self._row(app_id)
            old = conn.execute(
                "SELECT review_state, review_comment FROM applications WHERE id = ?", (app_id,)
            ).fetchone()
            conn.execute(
                "UPDATE applications SET review_state = ?, review_comment = ? WHERE id = ?",
                (state, comment, app_id),
            )
            self._audit(app_id, "#review", list(old), [state, comment], actor)

    def record_paper_check(self, app_id: str, record: dict[str, Any], *, actor: str = "clerk") -> None:
        """Keep the latest check of the stamped paper (setting ``paper_check/<id>``) and audit it."""
        with self.transaction() as conn:
            self._row(app_id)
            key = f"paper_check/{app_id}"
            old = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(record, ensure_ascii=False)))
            self._audit(app_id, "#paper_check", json.loads(old[0]).get("summary") if old else None,
                        record.get("summary"), actor)

    def record_note(self, app_id: str, kind: str, record: Any, shown: Any, *, actor: str) -> None:
        """Keep ``record`` as the application's ``kind`` note (setting ``<kind>/<id>``; None removes it) and
        audit it as ``#<kind>`` with ``shown`` (what the record says, in short) as the new value."""
        with self.transaction() as conn:
            self._row(app_id)
            key = f"{kind}/{app_id}"
            if record is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)",
                             (key, json.dumps(record, ensure_ascii=False)))
            self._audit(app_id, f"#{kind}", None, shown, actor)

    def region_of(self, app_id: str) -> tuple[str | None, str | None]:
        """The application's own (设区市, 县（市、区）) from a county package; (None, None) where it has none."""
        row = self.conn.execute(
            "SELECT region_city, region_county FROM applications WHERE id = ?", (app_id,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def review_date(self, app_id: str) -> str | None:
        """When the review state or comment was last set (None: never reviewed)."""
        row = self.conn.execute(
            "SELECT at FROM audit WHERE application_id = ? AND pointer = '#review' ORDER BY id DESC LIMIT 1",
            (app_id,),
        ).fetchone()
        return row[0] if row else None

    def set_county_review(
        self, app_id: str, state: str | None, comment: str | None, county: str | None, date: str | None
    ) -> None:
        """The county's review of an application that arrived in a county package (read-only for the city)."""
        with self.transaction() as conn:
            self._row(app_id)
            conn.execute(
                "UPDATE applications SET county_review_state = ?, county_review_comment = ?,"
                " county_review_county = ?, county_review_date = ? WHERE id = ?",
                (state, comment, county, date, app_id),
            )

    # -- regions and history -----------------------------------------------------------------
    def set_region(self, app_id: str, city: str | None, county: str | None) -> None:
        """The application's own 设区市 / 县（市、区） (from a county package); None: use the settings."""
        with self.transaction() as conn:
            self._row(app_id)
            conn.execute(
                "UPDATE applications SET region_city = ?, region_county = ? WHERE id = ?", (city, county, app_id)
            )

    def regions(self) -> dict[str, tuple[str | None, str | None]]:
        """Every application's own (设区市, 县（市、区）), None where it has none, in creation order."""
        cur = self.conn.execute("SELECT id, region_city, region_county FROM applications ORDER BY rowid")
        return {app_id: (city, county) for app_id, city, county in cur}

    def add_history(self, app_id: str, revision: int, doc: dict[str, Any], reason: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO history (application_id, revision, document, replaced_at, reason) VALUES (?, ?, ?, ?, ?)",
                (app_id, revision, docs.dumps(doc), _now(), reason),
            )

    def history(self, app_id: str) -> list[tuple[int, str, str, dict[str, Any]]]:
        cur = self.conn.execute(
            "SELECT revision, replaced_at, reason, document FROM history WHERE application_id = ? ORDER BY id",
            (app_id,),
        )
        return [(r, at, reason, json.loads(d)) for r, at, reason, d in cur]

    # -- the 附件5 rows, kept while the document is unchanged (migration 5) -----------------------
    def application_count(self) -> int:
        """How many applications are not in the trash (cheap: no row is read)."""
        return self.conn.execute("SELECT count(*) FROM applications WHERE deleted_at IS NULL").fetchone()[0]

    def form_ids(self, origins: Sequence[str]) -> set[str]:
        """The notices (form ids) of the non-deleted applications of these origins (no row is read)."""
        marks = ", ".join("?" * len(origins))
        cur = self.conn.execute(
            f"SELECT DISTINCT form_id FROM applications WHERE deleted_at IS NULL AND origin IN ({marks})",
            tuple(origins),
        )
        return {form_id for (form_id,) in cur}

    def list_rows(
        self, form_id: str, definition: str
    ) -> list[tuple[ApplicationSummary, str | None, str | None, int, str | None]]:
        """Every non-deleted application of ``form_id`` in creation order, in one query: its summary,
        own region (设区市, 县（市、区）; None: the clerk's), document version, and its stored row
        (opaque text) when that row was computed from this version with ``definition``, else None."""
        from hzsubsidy_desktop.store.records import ApplicationSummary

        fields = ", ".join(f"a.{f}" for f in ApplicationSummary.__dataclass_fields__)
        cur = self.conn.execute(
            f"SELECT {fields}, a.region_city, a.region_county, a.doc_version, r.data FROM applications a"
            " LEFT JOIN list_rows r ON r.application_id = a.id AND r.definition = ? AND r.doc_version = a.doc_version"
            " WHERE a.deleted_at IS NULL AND a.form_id = ? ORDER BY a.rowid",
            (definition, form_id),
        )
        return [(ApplicationSummary(*row[:-4]), *row[-4:]) for row in cur]

    def save_list_rows(self, definition: str, rows: Sequence[tuple[str, int, str]]) -> None:
        """Keep computed rows (application id, the document version they were computed from, text)."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO list_rows (application_id, definition, doc_version, data)"
                " SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM applications WHERE id = ?1)",
                [(app_id, definition, version, data) for app_id, version, data in rows],
            )
