"""The store's repeated rows (progress plan, 附件4 items): rows of ``table_rows`` with a position;
adding, removing and moving one is one transaction with its audit row.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from hzsubsidy_desktop.store.records import NotFound, json_text


class TableRowStore:
    """Row operations, mixed into :class:`~hzsubsidy_desktop.store.Store` (its connection, transactions, audit)."""

    conn: sqlite3.Connection

    def _table_row(self, app_id: str, table: str, index: int) -> tuple[int, dict[str, Any]]:
        found = self.conn.execute(
            "SELECT id, data FROM table_rows WHERE application_id = ? AND table_path = ? AND position = ?",
            (app_id, table, index),
        ).fetchone()
        if found is None:
            raise NotFound(f"表格 {table} 没有第{index + 1}行。")
        return found[0], json.loads(found[1])

    def _count_rows(self, app_id: str, table: str) -> int:
        return self.conn.execute(
            "SELECT COUNT(*) FROM table_rows WHERE application_id = ? AND table_path = ?", (app_id, table)
        ).fetchone()[0]

    def add_row(
        self, app_id: str, table: str, *, index: int | None = None, values: dict[str, Any] | None = None,
        actor: str,
    ) -> int:
        """Insert a row at ``index`` (default: at the end); returns its index."""
        with self.transaction() as conn:
            self._row(app_id)
            count = self._count_rows(app_id, table)
            index = count if index is None else max(0, min(index, count))
            conn.execute(
                "UPDATE table_rows SET position = position + 1"
                " WHERE application_id = ? AND table_path = ? AND position >= ?",
                (app_id, table, index),
            )
            data = {k: v for k, v in (values or {}).items() if v not in (None, "", [])}
            conn.execute(
                "INSERT INTO table_rows (application_id, table_path, position, data) VALUES (?, ?, ?, ?)",
                (app_id, table, index, json_text(data)),
            )
            self._audit(app_id, f"{table}/{index}", None, data, actor)
        return index

    def remove_row(self, app_id: str, table: str, index: int, *, actor: str) -> None:
        with self.transaction() as conn:
            row_id, data = self._table_row(app_id, table, index)
            conn.execute("DELETE FROM table_rows WHERE id = ?", (row_id,))
            conn.execute(
                "UPDATE table_rows SET position = position - 1"
                " WHERE application_id = ? AND table_path = ? AND position > ?",
                (app_id, table, index),
            )
            self._audit(app_id, f"{table}/{index}", data, None, actor)

    def move_row(self, app_id: str, table: str, index: int, new_index: int, *, actor: str) -> None:
        with self.transaction() as conn:
            count = self._count_rows(app_id, table)
            if not (0 <= index < count and 0 <= new_index < count) or index == new_index:
                return
            row_id, data = self._table_row(app_id, table, index)
            if new_index > index:
                conn.execute(
                    "UPDATE table_rows SET position = position - 1 WHERE application_id = ?"
                    " AND table_path = ? AND position > ? AND position <= ?",
                    (app_id, table, index, new_index),
                )
            else:
                conn.execute(
                    "UPDATE table_rows SET position = position + 1 WHERE application_id = ?"
                    " AND table_path = ? AND position >= ? AND position < ?",
                    (app_id, table, new_index, index),
                )
            conn.execute("UPDATE table_rows SET position = ? WHERE id = ?", (new_index, row_id))
            self._audit(app_id, f"{table}/{index}", {"moved_to": new_index}, data, actor)
