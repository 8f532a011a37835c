"""The county clerk's 汇总 workspace: import, review, county settings and 附件2, exports.

Layout: a bar with the import and export buttons (a progress bar while importing, a message with
打开文件夹 after an export), then three tabs — 项目清单 (the table of every project with the
review panel beside it), 导入结果 (one line per file of the latest import) and 县级信息与附件2.
Files and folders dropped anywhere on the workspace are imported.

Each part is its own module, mixed into :class:`ClerkWorkspace`: :mod:`.import_bar`, :mod:`.exports`,
the tabs :mod:`.list_tab`, :mod:`.results_tab`, :mod:`.county_tab`, and :mod:`.notice_selector`. This
module assembles them and keeps what they share (change announcements, settings, questions, shutdown).

Every core call goes through :func:`~hzsubsidy_desktop.gui.operations.run_op` (one error path);
the import runs on a worker thread (:class:`~.importer.ImportJob`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.gui.county.county_tab import CountyTab
from hzsubsidy_desktop.gui.county.editor import ClerkEditorWindow
from hzsubsidy_desktop.gui.county.exports import Exports
from hzsubsidy_desktop.gui.county.import_bar import ImportBar
from hzsubsidy_desktop.gui.county.importer import ImportJob
from hzsubsidy_desktop.gui.county.list_tab import ListTab
from hzsubsidy_desktop.gui.county.loading import RowLoader
from hzsubsidy_desktop.gui.county.notice_selector import NoticeSelector
from hzsubsidy_desktop.gui.county.results_tab import ResultsTab
from hzsubsidy_desktop.gui.operations import APPLICATIONS, DOCUMENT, Change, changes, run_op
from hzsubsidy_desktop.gui.qt import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.workspace import Workspace

REFRESH_DELAY_MS = 400


class ClerkWorkspace(ImportBar, Exports, ListTab, NoticeSelector, ResultsTab, CountyTab, QWidget):
    """The 汇总 workspace over one database (the clerk's), assembled from its parts (one module each)."""

    import_finished = Signal(list)  # ImportOutcomes of the run that just ended
    exported = Signal(str)  # path of a file just written

    def __init__(
        self, workspace: Workspace, definition: FormDefinition | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clerkWorkspace")
        self.setAcceptDrops(True)
        self.workspace = workspace  # the clerk's (actor "clerk")
        # the notice whose projects are listed: given, else the one the imports follow (newest if several)
        self.definition = definition or workspace.choose_notice().definition
        self._notice_chosen = definition is not None  # by the caller or the clerk: kept
        self.job: ImportJob | None = None
        self.last_export: Path | None = None
        self.editors: dict[str, ClerkEditorWindow] = {}
        self._own_announcement = False

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._changed_rows: set[str] = set()  # applications changed elsewhere (the wizard), refreshed together
        self._row_timer = QTimer(self)
        self._row_timer.setSingleShot(True)
        self._row_timer.setInterval(REFRESH_DELAY_MS)
        self._row_timer.timeout.connect(self._refresh_changed_rows)
        self.loader = RowLoader(workspace.path, self.definition, self)
        self.loader.loaded.connect(self._rows_loaded)
        self.loader.failed.connect(self._rows_failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_bar())
        layout.addWidget(self._build_message_bar())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("clerkTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_projects_tab(), "项目清单")
        self.tabs.addTab(self._build_results_tab(), "导入结果")
        self.tabs.addTab(self._build_settings_tab(), "县级信息与附件2")
        layout.addWidget(self.tabs, 1)

        changes().changed.connect(self._changed_elsewhere)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.refresh()

    def _changed_elsewhere(self, change: Change) -> None:
        if self._own_announcement:
            return
        if change.touches(APPLICATIONS) or change.touches(DOCUMENT):
            if change.app_id and self.project_model.project(change.app_id) is not None:
                self._changed_rows.add(change.app_id)
                self._row_timer.start()
            else:
                self._refresh_timer.start()

    def _refresh_changed_rows(self) -> None:
        ids, self._changed_rows = self._changed_rows, set()
        for app_id in ids:
            if not self.refresh_project(app_id):
                self.refresh()
                return

    def _announce(self, kinds: Iterable[str], app_id: str | None = None) -> None:
        self._own_announcement = True
        try:
            changes().announce(kinds, app_id)
        finally:
            self._own_announcement = False

    def shutdown(self) -> None:
        """Stop an import in progress and wait for it (the window is closing)."""
        self.save_review()
        for form in (getattr(self, "county_form", None), getattr(self, "declaration_form", None)):
            if form is not None:
                form.commit_all()
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.job.wait()
        self.loader.wait()

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _start_folder(self, key: str) -> str:
        stored = self.workspace.setting(key)
        if isinstance(stored, str) and Path(stored).is_dir():
            return stored
        return str(Path.home())

    def _remember(self, key: str, folder: Path) -> None:
        run_op(self, lambda: self.workspace.set_setting(key, str(folder)), quiet=True)

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10000)
