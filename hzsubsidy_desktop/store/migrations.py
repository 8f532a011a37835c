"""Schema versions of the database, tracked in ``PRAGMA user_version``.

Each migration moves the schema one version up inside one transaction; a database is
migrated from whatever version it has. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from hzsubsidy_desktop.errors import AppError


def _v1(conn: sqlite3.Connection) -> None:
    """The enterprise side: applications, scalar values, table rows, audit, profile, settings."""
    _run(conn,
        """
        CREATE TABLE applications (
            id TEXT PRIMARY KEY,
            form_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            current_step TEXT NOT NULL DEFAULT '',
            project_name TEXT NOT NULL DEFAULT '',
            enterprise_name TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '',
            error_count INTEGER NOT NULL DEFAULT 0,
            warning_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE field_values (
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            pointer TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (application_id, pointer)
        );
        CREATE TABLE table_rows (
            id INTEGER PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            table_path TEXT NOT NULL,
            position INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX table_rows_app ON table_rows(application_id, table_path, position);
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            application_id TEXT NOT NULL,
            pointer TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE INDEX audit_app ON audit(application_id, id);
        CREATE TABLE profiles (
            name TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _v2(conn: sqlite3.Connection) -> None:
    """The clerk side: submission identity, review state, and replaced versions."""
    _run(conn,
        """
        ALTER TABLE applications ADD COLUMN origin TEXT NOT NULL DEFAULT 'local';
        ALTER TABLE applications ADD COLUMN submission_id TEXT;
        ALTER TABLE applications ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE applications ADD COLUMN credit_code TEXT NOT NULL DEFAULT '';
        ALTER TABLE applications ADD COLUMN review_state TEXT NOT NULL DEFAULT '待审核';
        ALTER TABLE applications ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';
        CREATE INDEX applications_submission ON applications(submission_id);
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            application_id TEXT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
            revision INTEGER NOT NULL,
            document TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        """
    )


def _v3(conn: sqlite3.Connection) -> None:
    """City-level consolidation: each application's own 设区市 / 县（市、区）.

    NULL means "the clerk's own county settings" (an application imported from a .hzsub);
    applications that arrive in a county package keep the region of the county that sent them.
    """
    _run(conn,
        """
        ALTER TABLE applications ADD COLUMN region_city TEXT;
        ALTER TABLE applications ADD COLUMN region_county TEXT
        """
    )


def _v4(conn: sqlite3.Connection) -> None:
    """A county list you can trust: identity keys (normalised credit code and project name) for dedupe and
    search, the suspected duplicate an application waits on, and the county's review as the city sees it."""
    from hzsubsidy_desktop.values.identity import code_key, name_key

    _run(conn,
        """
        ALTER TABLE applications ADD COLUMN credit_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE applications ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE applications ADD COLUMN duplicate_of TEXT;
        ALTER TABLE applications ADD COLUMN county_review_state TEXT;
        ALTER TABLE applications ADD COLUMN county_review_comment TEXT;
        ALTER TABLE applications ADD COLUMN county_review_county TEXT;
        ALTER TABLE applications ADD COLUMN county_review_date TEXT;
        CREATE INDEX applications_credit_key ON applications(credit_key);
        CREATE INDEX applications_name_key ON applications(name_key)
        """
    )
    rows = conn.execute("SELECT id, credit_code, project_name FROM applications").fetchall()
    conn.executemany(
        "UPDATE applications SET credit_key = ?, name_key = ? WHERE id = ?",
        [(code_key(code or ""), name_key(name or ""), app_id) for app_id, code, name in rows],
    )


def _v5(conn: sqlite3.Connection) -> None:
    """The clerk's list at scale: each application's 附件5 row, computed once and kept while its
    document is unchanged. ``doc_version`` counts writes to the document tables (triggers, so no code
    path can forget it); a stored row is used only when it was computed from the current version."""
    conn.execute("ALTER TABLE applications ADD COLUMN doc_version INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        """
        CREATE TABLE list_rows (
            application_id TEXT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
            definition TEXT NOT NULL,
            doc_version INTEGER NOT NULL,
            data TEXT NOT NULL
        )
        """
    )
    for table in ("field_values", "table_rows"):
        for event, refs in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            bump = " ".join(
                f"UPDATE applications SET doc_version = doc_version + 1 WHERE id = {ref}.application_id;"
                for ref in refs
            )
            conn.execute(f"CREATE TRIGGER {table}_{event.lower()}_version AFTER {event} ON {table} BEGIN {bump} END")


def _v6(conn: sqlite3.Connection) -> None:
    """``doc_version`` is bumped by the store once per change instead of by triggers once per stored
    value (an import writes about fifty values per application: the triggers took 40 % of it)."""
    for table in ("field_values", "table_rows"):
        for event in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_version")


def _run(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the migration's transaction first; run statements one by one.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(AppError):
    """The database was written by a newer version of this program."""

    def __init__(self, version: int) -> None:
        super().__init__(f"数据库由更新版本的 hzsubsidy 创建（结构版本 {version}），请升级本程序后再打开。")


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to ``target``; returns the version it had before."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise SchemaTooNew(current)
    for version in range(current, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return current
