"""The :class:`Store`: the single entry point to the SQLite database.

Scalar values are rows of ``field_values`` keyed by JSON Pointer; repeated rows (progress
plan, 附件4 items) are rows of ``table_rows`` with a position. Every change is one
transaction and leaves an ``audit`` row (field, old, new, time, who). Values are stored as
JSON text, so money strings stay exact. WAL with synchronous=NORMAL: a killed process never
loses a committed change and never corrupts the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.store.clerk import ClerkStore
from hzsubsidy_desktop.store.document_rows import SUMMARY_POINTERS as _SUMMARY_POINTERS
from hzsubsidy_desktop.store.document_rows import StoredRows, document_rows, has_json_each, insert_rows
from hzsubsidy_desktop.store.ids import new_id, short_id
from hzsubsidy_desktop.store.migrations import SchemaTooNew, migrate
from hzsubsidy_desktop.store.records import (
    ApplicationSummary,
    AuditEntry,
    NotFound,
    RestoreConflict,
    StoreError,
    explain_sqlite_error,
    json_text,
    now,
)
from hzsubsidy_desktop.store.table_rows import TableRowStore
from hzsubsidy_desktop.values.identity import code_key, name_key

ACTORS = ("enterprise", "clerk", "import")
MIN_TYPED_ID = 4  # characters of an id typed by hand, at least (as git's short hashes)


def split_row_pointer(pointer: str) -> tuple[str, int, str] | None:
    """"/expenditure/software/0/spent" -> ("/expenditure/software", 0, "spent")."""
    tokens = docs.split_pointer(pointer)
    for i, token in enumerate(tokens):
        if token.isdecimal():  # int() reads it (isdigit() also takes "²", which int() refuses)
            table = "/" + "/".join(docs.escape(t) for t in tokens[:i])
            column = "/".join(tokens[i + 1:])
            return table, int(token), column
    return None


class Store(ClerkStore, TableRowStore):
    """Owns one database connection; every public method is one atomic operation."""

    def __init__(self, path: str | Path, *, timeout: float = 10.0) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=timeout, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except SchemaTooNew as exc:
            raise StoreError(exc.message) from exc
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(explain_sqlite_error(exc)) from exc
        self.conn = conn
        self._depth = 0
        self._json_each = has_json_each(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Commit everything inside as one, or nothing; nests as savepoints."""
        name = f"sp{self._depth}"
        try:
            self.conn.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        except sqlite3.Error as exc:
            raise StoreError(explain_sqlite_error(exc)) from exc
        self._depth += 1
        try:
            yield self.conn
        except BaseException as exc:
            self._depth -= 1
            try:
                self.conn.execute("ROLLBACK" if self._depth == 0 else f"ROLLBACK TO {name}")
                if self._depth:
                    self.conn.execute(f"RELEASE {name}")
            except sqlite3.Error:
                pass
            if isinstance(exc, sqlite3.Error):
                raise StoreError(explain_sqlite_error(exc)) from exc
            raise
        else:
            self._depth -= 1
            try:
                self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")
            except sqlite3.Error as exc:
                if self._depth == 0:
                    try:  # a failed COMMIT (disk full) may already have rolled back
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise StoreError(explain_sqlite_error(exc)) from exc

    @contextmanager
    def bulk(self, pages: int = 8192) -> Iterator[None]:
        """Many commits in a row (an import): the write-ahead log is copied into the database every
        ``pages`` pages (32 MB) instead of every 1,000, each copy ending with an fsync, and what a savepoint
        needs to roll back (each page it changes, 100 KB a file) is kept in memory, not written to a
        temporary file. Committed changes are as safe either way; the defaults come back after."""
        settings = {"wal_autocheckpoint": int(pages), "temp_store": 2}  # 2: MEMORY
        before: dict[str, int] = {}
        try:
            for name, value in settings.items():
                before[name] = int(self.conn.execute(f"PRAGMA {name}").fetchone()[0])
                self.conn.execute(f"PRAGMA {name} = {value}")
        except sqlite3.Error:
            pass
        try:
            yield
        finally:
            for name, value in before.items():
                try:
                    self.conn.execute(f"PRAGMA {name} = {value}")
                except sqlite3.Error:
                    pass

    # -- applications ----------------------------------------------------------------------
    def create(
        self,
        doc: dict[str, Any] | None,
        *,
        actor: str = "enterprise",
        origin: str = "local",
        submission_id: str | None = None,
        revision: int = 0,
        app_id: str | None = None,
        status: tuple[str, int, int] | None = None,
        region: tuple[str | None, str | None] | None = None,
        county_review: tuple[str | None, str | None, str | None, str | None] | None = None,
        stored: StoredRows | None = None,
        savepoint: bool = True,
    ) -> str:
        """Store a new application (one audit row); ``status`` (rules' status, errors, warnings), ``region``
        (设区市, 县) and ``county_review`` (state, comment, county, date) are stored with it in one statement.
        ``stored``: ``document_rows(doc)`` when the caller has it already (then ``doc`` may be None: what is
        stored are those rows). ``savepoint=False``: inside a transaction, no savepoint of its own — the caller's
        transaction holds nothing else that a failure here must keep (an import's savepoint per file) and
        rolls it back."""
        app_id = app_id or new_id()
        stamp = now()
        if stored is None:
            if doc is None:
                raise ValueError("Store.create needs the document or its rows")
            stored = document_rows(doc)
        status = status or ("", 0, 0)
        region = region or (None, None)
        review = county_review or (None, None, None, None)
        with self.transaction() if savepoint or not self._depth else nullcontext(self.conn) as conn:
            conn.execute(
                "INSERT INTO applications (id, form_id, created_at, updated_at, origin, submission_id, revision,"
                " doc_version, project_name, enterprise_name, credit_code, name_key, credit_key,"
                " status, error_count, warning_count, region_city, region_county,"
                " county_review_state, county_review_comment, county_review_county, county_review_date)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (app_id, stored.form_id, stamp, stamp, origin, submission_id, revision,
                 *stored.summary, *status, *region, *review),
            )
            self._insert_rows(app_id, stored)
            conn.execute(
                "INSERT INTO audit (application_id, pointer, old_value, new_value, at, actor) VALUES (?, '', NULL, ?, ?, ?)",
                (app_id, json_text({"created": origin}), stamp, actor),
            )
        return app_id

    def _write_document(self, app_id: str, doc: dict[str, Any]) -> None:
        conn = self.conn
        conn.execute("DELETE FROM field_values WHERE application_id = ?", (app_id,))
        conn.execute("DELETE FROM table_rows WHERE application_id = ?", (app_id,))
        stored = document_rows(doc)
        self._insert_rows(app_id, stored)
        conn.execute(
            "UPDATE applications SET project_name = ?, enterprise_name = ?, credit_code = ?, name_key = ?,"
            " credit_key = ?, doc_version = doc_version + 1 WHERE id = ?",
            (*stored.summary, app_id),
        )

    def _insert_rows(self, app_id: str, stored: StoredRows) -> None:
        insert_rows(self.conn, app_id, stored, json_each=self._json_each)

    def _row(self, app_id: str) -> sqlite3.Row | tuple[Any, ...]:
        row = self.conn.execute("SELECT form_id FROM applications WHERE id = ?", (app_id,)).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {app_id} 的申报。")
        return row

    def load(self, app_id: str) -> dict[str, Any]:
        """The application as an interchange document."""
        (form_id,) = self._row(app_id)
        doc: dict[str, Any] = {"format_version": docs.FORMAT_VERSION, "form_id": form_id}
        for pointer, value in self.conn.execute(
            "SELECT pointer, value FROM field_values WHERE application_id = ? ORDER BY pointer", (app_id,)
        ):
            docs.put(doc, pointer, json.loads(value))
        for table, data in self.conn.execute(
            "SELECT table_path, data FROM table_rows WHERE application_id = ? ORDER BY table_path, position",
            (app_id,),
        ):
            tokens = docs.split_pointer(table)
            node = doc
            for token in tokens[:-1]:
                node = node.setdefault(token, {})
            node.setdefault(tokens[-1], []).append(json.loads(data))
        return doc

    def replace_document(self, app_id: str, doc: dict[str, Any], *, actor: str, reason: str = "") -> None:
        """Replace the whole application (imports, restores), auditing each changed value."""
        with self.transaction():
            old = self.load(app_id)
            old_leaves = dict(docs.iter_leaves(_body(old)))
            new_leaves = dict(docs.iter_leaves(_body(doc)))
            stamp = now()
            changes = [
                (app_id, p, json_text(old_leaves.get(p)), json_text(new_leaves.get(p)), stamp, actor)
                for p in sorted(set(old_leaves) | set(new_leaves))
                if old_leaves.get(p) != new_leaves.get(p)
            ]
            self.conn.executemany(
                "INSERT INTO audit (application_id, pointer, old_value, new_value, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
                changes,
            )
            self._write_document(app_id, doc)
            self._touch(app_id, stamp)

    def set_value(self, app_id: str, pointer: str, value: Any, *, actor: str) -> bool:
        """Save one value (already normalised); ``None`` clears it. Returns whether it changed."""
        if value in ("", []):
            value = None
        with self.transaction() as conn:
            self._row(app_id)
            located = split_row_pointer(pointer)
            if located:
                table, index, column = located
                row_id, data = self._table_row(app_id, table, index)
                old = data.get(column)
                if old == value:
                    return False
                if value is None:
                    data.pop(column, None)
                else:
                    data[column] = value
                conn.execute("UPDATE table_rows SET data = ? WHERE id = ?", (json_text(data), row_id))
            else:
                found = conn.execute(
                    "SELECT value FROM field_values WHERE application_id = ? AND pointer = ?", (app_id, pointer)
                ).fetchone()
                old = json.loads(found[0]) if found else None
                if old == value:
                    return False
                if value is None:
                    conn.execute(
                        "DELETE FROM field_values WHERE application_id = ? AND pointer = ?", (app_id, pointer)
                    )
                else:
                    conn.execute(
                        "INSERT OR REPLACE INTO field_values VALUES (?, ?, ?)", (app_id, pointer, json_text(value))
                    )
                if pointer in _SUMMARY_POINTERS:
                    text = "" if value is None else str(value)
                    conn.execute(
                        f"UPDATE applications SET {_SUMMARY_POINTERS[pointer]} = ? WHERE id = ?", (text, app_id)
                    )
                    key = {"project_name": ("name_key", name_key), "credit_code": ("credit_key", code_key)}
                    if _SUMMARY_POINTERS[pointer] in key:
                        column, function = key[_SUMMARY_POINTERS[pointer]]
                        conn.execute(f"UPDATE applications SET {column} = ? WHERE id = ?", (function(text), app_id))
            self._audit(app_id, pointer, old, value, actor)
        return True

    def _audit(self, app_id: str, pointer: str, old: Any, new: Any, actor: str) -> None:
        stamp = now()
        self.conn.execute(
            "INSERT INTO audit (application_id, pointer, old_value, new_value, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
            (app_id, pointer, json_text(old), json_text(new), stamp, actor),
        )
        self._touch(app_id, stamp)

    def _touch(self, app_id: str, stamp: str) -> None:
        # doc_version: every change to an application passes here (stored 附件5 rows check it)
        self.conn.execute(
            "UPDATE applications SET updated_at = ?, doc_version = doc_version + 1 WHERE id = ?", (stamp, app_id)
        )

    # -- listing, trash, copies ----------------------------------------------------------
    def summaries(self, *, deleted: bool = False) -> list[ApplicationSummary]:
        where = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        fields = ", ".join(ApplicationSummary.__dataclass_fields__)
        cur = self.conn.execute(f"SELECT {fields} FROM applications WHERE {where} ORDER BY updated_at DESC, id")
        return [ApplicationSummary(*row) for row in cur]

    def summary(self, app_id: str) -> ApplicationSummary:
        fields = ", ".join(ApplicationSummary.__dataclass_fields__)
        row = self.conn.execute(f"SELECT {fields} FROM applications WHERE id = ?", (app_id,)).fetchone()
        if row is None:
            raise NotFound(f"没有编号为 {app_id} 的申报。")
        return ApplicationSummary(*row)

    def resolve(self, typed: str) -> str:
        """A full id from a unique prefix or suffix: lists print the last 8 characters (``short_id``),
        older versions printed the first 8. Typed text matching more than one application is refused, and so
        is text shorter than 4 characters (an empty id would otherwise name the only application there is)."""
        typed = typed.strip()
        if len(typed) < MIN_TYPED_ID:
            raise NotFound(f"编号“{typed}”太短：请写出 hzsubsidy list 显示的编号（至少 {MIN_TYPED_ID} 位）。")
        pattern = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            "SELECT id FROM applications WHERE id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'",
            (pattern + "%", "%" + pattern),
        ).fetchall()
        if len(rows) != 1:
            raise NotFound(
                f"没有编号为 {typed} 的申报。" if not rows else f"编号 {typed} 对应多个申报，请写得更完整。"
            )
        return rows[0][0]

    def record_status(self, app_id: str, status: str, errors: int, warnings: int) -> None:
        """Cache the validation outcome for the list (computed by the caller)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE applications SET status = ?, error_count = ?, warning_count = ? WHERE id = ?",
                (status, errors, warnings, app_id),
            )

    def set_step(self, app_id: str, step: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE applications SET current_step = ? WHERE id = ?", (step, app_id))

    def delete(self, app_id: str, *, actor: str = "enterprise") -> None:
        """Move to the trash; :meth:`restore` brings it back."""
        with self.transaction() as conn:
            self._row(app_id)
            conn.execute("UPDATE applications SET deleted_at = ? WHERE id = ?", (now(), app_id))
            self._audit(app_id, "", None, {"deleted": True}, actor)

    def restore(self, app_id: str, *, actor: str = "enterprise") -> None:
        """Bring back from the trash; refused (:class:`RestoreConflict`) when a re-imported copy of the same
        submission is in the list, and a suspected duplicate when the same project is there under another
        submission, so that it is never counted twice."""
        with self.transaction() as conn:
            self._row(app_id)
            twin = self.live_twin(app_id)
            if twin is not None:
                name = self.summary(twin).project_name or short_id(twin)
                raise RestoreConflict(
                    f"不能恢复：同一报送文件的申报“{name}”（编号 {short_id(twin)}）已重新导入并在清单中，"
                    "恢复后会被计算两次。请先核对，把不需要的那份移入回收站后再恢复。",
                    twin,
                )
            conn.execute("UPDATE applications SET deleted_at = NULL WHERE id = ?", (app_id,))
            self._audit(app_id, "", {"deleted": True}, None, actor)
            same = self.live_same_project(app_id)
            if same is not None and self.summary(app_id).duplicate_of is None:
                # The same project (code and name) is in the list under another submission: the restored
                # one waits as a suspected duplicate, counted once until the clerk decides again.
                self.set_duplicate_of(app_id, same, actor=actor)

    def purge(self, app_id: str) -> None:
        """Remove for good (only from the trash)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM applications WHERE id = ? AND deleted_at IS NOT NULL", (app_id,))

    def audit_trail(self, app_id: str) -> list[AuditEntry]:
        cur = self.conn.execute(
            "SELECT pointer, old_value, new_value, at, actor FROM audit WHERE application_id = ? ORDER BY id",
            (app_id,),
        )
        return [
            AuditEntry(p, json.loads(o) if o else None, json.loads(n) if n else None, at, actor)
            for p, o, n, at, actor in cur
        ]

    # -- profile and settings ---------------------------------------------------------------
    def save_profile(self, data: dict[str, Any], name: str = "default") -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?)", (name, json_text(data), now()))

    def load_profile(self, name: str = "default") -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM profiles WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json_text(value)))


def _body(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("format_version", "form_id")}
