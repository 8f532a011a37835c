"""Importing submission files off the GUI thread, and the per-file result list.

:class:`ImportJob` runs :func:`hzsubsidy_desktop.county.iter_import` on a worker thread with a
database connection of its own (SQLite in WAL mode lets the window keep reading while it writes):
the core reads the files ahead (in worker processes when there are many, so this process does
little more than store them), commits them in batches with a savepoint per file, and yields each
file once committed. The job reports progress in batches, can be cancelled between files (what is
done is committed, the rest is not imported), and finally computes the 附件5 rows so the window does
not have to. A cancelled or failed run keeps every file reported before it.

:class:`ImportResultsModel` is the list the clerk reads: one line per application (a county
package gives several), with the status in Chinese and the reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import county
from hzsubsidy_desktop.county import ImportOutcome, reading
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
    Slot,
)
from hzsubsidy_desktop.store import StoreError
from hzsubsidy_desktop.workspace import Workspace

REPORT_INTERVAL = 0.1  # seconds between progress reports from the worker thread
STATUS_COLOURS = {
    "imported": "#2e6b30",
    "replaced": "#1d4f91",
    "identical": "#6b7280",
    "duplicate": "#8a4b00",
    "conflict": "#8a4b00",
    "removed": "#6b7280",
    "rejected": "#b3261e",
}


class ImportJob(QObject):
    """Imports a list of files and folders on a worker thread (see :meth:`start`)."""

    progress = Signal(int, int, str)  # files done, files in all, name of the last file
    outcomes = Signal(list)  # the ImportOutcomes of one file
    finished = Signal(list, list)  # every outcome; the 附件5 rows after the import (ProjectRow list)
    failed = Signal(str)  # the import could not run at all (Chinese)

    def __init__(self, db_path: Path, paths: Sequence[str | Path], definition: FormDefinition) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.paths = [Path(p) for p in paths]
        self.definition = definition
        self._cancel = threading.Event()
        self._thread: QThread | None = None
        self.cancelled = False

    # -- control (GUI thread) ----------------------------------------------------------------
    def start(self) -> None:
        thread = QThread()
        thread.setObjectName("hzsubsidy-import")
        self.moveToThread(thread)
        thread.started.connect(self.run)
        # Direct: the GUI thread may be waiting for the thread to end (wait()) when these arrive.
        self.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        self.failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Stop after the file being imported now (that file is kept or rolled back whole)."""
        self._cancel.set()

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the worker thread ended (used when the window closes)."""
        if self._thread is None:
            return True
        return self._thread.wait(msecs)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    # -- work (worker thread) ----------------------------------------------------------------
    @Slot()
    def run(self) -> None:
        try:  # its own workspace on its own connection: SQLite connections stay in their thread
            workspace = Workspace.open(self.db_path, actor=county.ACTOR)
        except StoreError as exc:
            self.failed.emit(f"无法打开数据库：{exc}")
            return
        # The window's objects stay out of the collector's full passes until the rows are computed too.
        with reading.kept_from_collection():
            self._import(workspace)

    def _import(self, workspace: Workspace) -> None:
        everything: list[ImportOutcome] = []
        pending: list[ImportOutcome] = []
        last_report = 0.0
        try:
            files = county.collect_files(self.paths)
            total = len(files)
            self.progress.emit(0, total, "")
            done = 0
            # The core reads ahead (worker processes for many files) and commits in batches; it asks
            # ``cancelled`` between files, commits what is done and stops.
            for done, (path, found) in enumerate(
                workspace.iter_import(files, cancelled=self._cancel.is_set), start=1
            ):
                everything.extend(found)
                pending.extend(found)
                # Report in batches: every signal makes the GUI thread wait for the interpreter
                # lock, so one signal per file would queue up into visible pauses.
                now = time.monotonic()
                if now - last_report >= REPORT_INTERVAL or done == total:
                    self.outcomes.emit(pending)
                    self.progress.emit(done, total, path.name)
                    pending, last_report = [], now
            self.cancelled = done < total
            if pending:
                self.outcomes.emit(pending)
            with reading.kept_from_collection():  # the outcomes too, while the rows are made
                rows = workspace.project_rows(self.definition)
        except Exception as exc:  # noqa: BLE001 - storage failed (ImportStopped, OSError) or anything else
            if pending:
                self.outcomes.emit(pending)  # the clerk sees every file imported before the stop
            saved = len({o.path for o in everything if o.status in ("imported", "replaced", "duplicate")})
            why = (getattr(exc, "strerror", None) or str(exc)) if isinstance(exc, (StoreError, OSError)) else (
                f"意外错误（{type(exc).__name__}）")
            self.failed.emit(
                f"导入中断：{why}。此前已导入的 {saved} 个文件不受影响，列在导入结果中；其余文件未导入。"
            )
            return
        finally:
            workspace.close()
        self.finished.emit(everything, rows)


def summary_line(outcomes: Sequence[ImportOutcome], *, cancelled: bool = False) -> str:
    """"已导入 18 个，替换 1 个，相同跳过 2 个，有冲突 1 个，拒收 1 个" (only the non-zero parts)."""
    counts = {status: 0 for status in county.STATUSES}
    for outcome in outcomes:
        counts[outcome.status] += 1
    words = {
        "imported": "已导入 {} 个",
        "replaced": "替换旧版本 {} 个",
        "identical": "内容相同已跳过 {} 个",
        "duplicate": "疑似重复待决定 {} 个",
        "conflict": "有冲突待核对 {} 个",
        "removed": "县级已删除或退回、移入回收站 {} 个",
        "rejected": "拒收 {} 个",
    }
    parts = [words[s].format(counts[s]) for s in county.STATUSES if counts[s]]
    if cancelled:
        return "导入已停止" + ("，停止前" + "，".join(parts) if parts else "，未导入任何文件") + "。"
    if not parts:
        return "没有找到可导入的文件（.hzsub、.hzcounty、hzsubsidy 导出的 .xlsx 或手填的附件3/附件4 .docx）。"
    return "导入完成：" + "，".join(parts) + "。"


class ImportResultsModel(QAbstractTableModel):
    """One row per imported application: file, result, project and the reason in Chinese."""

    HEADERS = ("文件", "结果", "说明")
    OutcomeRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[ImportOutcome] = []
        self.kept: set[int] = set()  # conflicts the clerk looked at and kept the version already there
        self.decided: dict[int, str] = {}  # suspected duplicates the clerk decided on: what was done

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outcome = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return outcome.path.name + (f"  {outcome.entry}" if outcome.entry else "")
            kept = index.row() in self.kept
            decided = self.decided.get(index.row())
            if col == 1:
                return ("已决定" if decided else "已保留原版本") if kept else outcome.label
            if decided:
                return decided
            if kept:
                return f"{outcome.project_name}：已核对差异，保留已导入的版本。"
            return outcome.message + ("（双击核对差异）" if outcome.status in ("conflict", "duplicate") else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = {"conflict": "双击核对差异", "duplicate": "双击核对差异", "rejected": "",
                    "removed": "在回收站中，可恢复"}.get(
                outcome.status, "双击在项目清单中查看"
            )
            notes = "".join(f"\n· {note}" for note in outcome.notes[:20])  # what a Word file could not give
            return f"{outcome.path}\n{outcome.line()}{notes}" + (f"\n（{hint}）" if hint else "")
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            status = "identical" if index.row() in self.kept else outcome.status
            return QBrush(QColor(STATUS_COLOURS[status]))
        if role == self.OutcomeRole:
            return outcome
        return None

    def clear(self) -> None:
        self.beginResetModel()
        self.items = []
        self.kept = set()
        self.decided = {}
        self.endResetModel()

    def extend(self, outcomes: Sequence[ImportOutcome]) -> None:
        if not outcomes:
            return
        first = len(self.items)
        self.beginInsertRows(QModelIndex(), first, first + len(outcomes) - 1)
        self.items.extend(outcomes)
        self.endInsertRows()

    def replace(self, row: int, outcome: ImportOutcome) -> None:
        self.items[row] = outcome
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def keep(self, row: int) -> None:
        """The clerk kept the version already imported for the conflict in ``row``."""
        self.kept.add(row)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def decide(self, row: int, message: str) -> None:
        """The clerk decided on the suspected duplicate in ``row``."""
        self.kept.add(row)
        self.decided[row] = message
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def conflicts(self) -> list[int]:
        """Rows of conflicts and suspected duplicates not decided yet."""
        return [
            i for i, o in enumerate(self.items) if o.status in ("conflict", "duplicate") and i not in self.kept
        ]

    def duplicates(self) -> list[int]:
        """Rows of suspected duplicates not decided yet."""
        return [i for i in self.conflicts() if self.items[i].status == "duplicate"]

    def lines(self) -> list[str]:
        """What the list shows, one line per row: "<file>：<结果>。<说明>"."""
        return [
            "：".join((self.index(r, 0).data(), f"{self.index(r, 1).data()}。{self.index(r, 2).data()}"))
            for r in range(len(self.items))
        ]
