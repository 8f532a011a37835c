"""Reading the project list off the GUI thread when it is long.

With thousands of projects, :func:`~hzsubsidy_desktop.county.project_rows` takes longer than a
frame budget even when every row is stored (reading 10,000 rows, building their objects), so the
workspace asks a :class:`RowLoader` instead: a worker thread with a workspace (connection) of its own
(SQLite in WAL mode lets the window keep reading and writing), whose result arrives as a signal. A
newer request supersedes an older one still running; only the newest result is delivered.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import county
from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.gui.qt import QObject, Signal
from hzsubsidy_desktop.workspace import Workspace

# From this many applications on, the list is read on a worker thread (below it, reading takes
# a few tens of milliseconds and the result is wanted at once).
BACKGROUND_FROM = 500


class RowLoader(QObject):
    """Computes the 附件5 rows of one database on a worker thread (see :meth:`start`)."""

    loaded = Signal(list)  # the ProjectRows, newest request only
    failed = Signal(str)  # Chinese reason

    def __init__(self, db_path: Path, definition: FormDefinition, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.definition = definition
        self._token = 0
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def start(self) -> None:
        with self._lock:
            self._token += 1
            token = self._token
        thread = threading.Thread(target=self._run, args=(token,), name="hzsubsidy-rows", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def wait(self, timeout: float | None = 60.0) -> None:
        for thread in list(self._threads):
            thread.join(timeout)

    def _run(self, token: int) -> None:
        try:
            with Workspace.open(self.db_path, actor=county.ACTOR) as workspace:
                rows = workspace.project_rows(self.definition)
        except AppError as exc:
            outcome: tuple[str, Any] = ("failed", exc.message)
        except Exception as exc:  # noqa: BLE001 - reported in the window, never a crash on a worker thread
            outcome = ("failed", f"读取项目清单时出错（{type(exc).__name__}）。")
        else:
            outcome = ("loaded", rows)
        with self._lock:
            current = token == self._token
        if not current:
            return
        if outcome[0] != "loaded":
            self.failed.emit(outcome[1])
            return
        self.loaded.emit(outcome[1])
