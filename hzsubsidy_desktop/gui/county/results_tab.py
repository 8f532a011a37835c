"""The 导入结果 tab of the 汇总 workspace: one line per file of the latest import, and the
conflicts and suspected duplicates decided from it.
"""

from __future__ import annotations

from hzsubsidy_desktop.county import ImportOutcome
from hzsubsidy_desktop.gui.county.conflict import ConflictDialog
from hzsubsidy_desktop.gui.county.import_bar import DROP_HINT
from hzsubsidy_desktop.gui.county.importer import ImportResultsModel
from hzsubsidy_desktop.gui.designer import load_ui, part
from hzsubsidy_desktop.gui.dialogs import on_enter
from hzsubsidy_desktop.gui.operations import APPLICATIONS, DOCUMENT, run_op
from hzsubsidy_desktop.gui.qt import QLabel, QPushButton, QTableView, QWidget


class ResultsTab:
    """The 导入结果 tab (mixed into :class:`~.workspace.ClerkWorkspace`)."""

    def _build_results_tab(self) -> QWidget:
        page = load_ui("import_results", self)  # drawn in Qt Designer: ui/import_results.ui
        self.import_summary = part(page, QLabel, "importSummary")
        self.import_summary.setText(DROP_HINT)
        self.conflicts_button = part(page, QPushButton, "resolveConflicts")
        self.conflicts_button.clicked.connect(self.resolve_conflicts)
        self.conflicts_button.hide()
        self.results = ImportResultsModel(self)
        view = part(page, QTableView, "importResults")
        view.setModel(self.results)
        view.setColumnWidth(0, 380)
        view.setColumnWidth(1, 110)
        view.doubleClicked.connect(lambda index: self.open_result(index.row()))
        on_enter(view, lambda: view.currentIndex().isValid() and self.open_result(view.currentIndex().row()))
        self.results_view = view
        return page

    # -- conflicts --------------------------------------------------------------------------
    def _update_conflicts_button(self) -> None:
        count = len(self.results.conflicts())
        self.conflicts_button.setText(f"核对冲突与疑似重复（{count}）" if self.results.duplicates() else f"核对冲突（{count}）")
        self.conflicts_button.setVisible(count > 0)

    def resolve_conflict(self, row: int) -> bool:
        """Show the diff of one conflict; replace when the clerk chooses the new version."""
        if not 0 <= row < len(self.results.items):
            return False
        outcome = self.results.items[row]
        if outcome.status not in ("conflict", "duplicate") or row in self.results.kept:
            return False
        dialog = ConflictDialog(outcome, self)
        choice = dialog.exec()
        if outcome.status == "duplicate":
            return self._decide_duplicate(row, outcome, choice)
        if choice == ConflictDialog.REPLACE:
            result = run_op(self, lambda: self.workspace.accept_incoming(outcome), title="无法替换")
            if not result.ok or result.value is None:
                return False
            self.results.replace(row, result.value)
            self.refresh()
            self._announce({APPLICATIONS, DOCUMENT}, outcome.app_id)
        else:
            self.results.keep(row)
        self._update_conflicts_button()
        return True

    def _decide_duplicate(self, row: int, outcome: ImportOutcome, choice: int) -> bool:
        decision = {ConflictDialog.BOTH: "both", ConflictDialog.KEEP: "other", ConflictDialog.REPLACE: "this"}
        if choice not in decision or outcome.app_id is None:
            return False  # left undecided: still pending, still counted once
        app_id = outcome.app_id
        result = run_op(self, lambda: self.workspace.decide_duplicate(app_id, decision[choice]), title="无法保存决定")
        if not result.ok:
            return False
        self.results.decide(row, str(result.value))
        self.refresh()
        self._announce({APPLICATIONS, DOCUMENT}, app_id)
        self._update_conflicts_button()
        return True

    def open_result(self, row: int) -> None:
        """Double-click on a result line: a conflict opens its diff, others show their project."""
        if not 0 <= row < len(self.results.items):
            return
        outcome = self.results.items[row]
        if outcome.status in ("conflict", "duplicate") and row not in self.results.kept:
            self.resolve_conflict(row)
        elif outcome.app_id and self.project_model.project(outcome.app_id) is not None:
            self.show_project(outcome.app_id)

    def show_project(self, app_id: str) -> bool:
        """Bring one project into view in the 项目清单 tab (clearing filters that hide it)."""
        self.tabs.setCurrentIndex(0)
        if not self.select_project(app_id):
            for combo in (self.filter_type, self.filter_review, self.filter_status):
                combo.setCurrentIndex(0)
            self.search.clear()
            if not self.select_project(app_id):
                return False
        self.table.setFocus()
        return True

    def resolve_conflicts(self) -> None:
        for row in self.results.conflicts():
            self.resolve_conflict(row)
