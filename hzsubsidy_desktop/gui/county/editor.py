"""Correcting one imported application: the filling wizard in a window of its own, as the clerk.

The wizard is the enterprise's (:class:`~hzsubsidy_desktop.gui.wizard.window.FillingWizard`);
it runs on the clerk's :class:`~hzsubsidy_desktop.workspace.Workspace` (actor ``"clerk"``), so
every change the clerk makes is recorded in the audit trail as the clerk's.
"""

from __future__ import annotations

from hzsubsidy_desktop.gui.dialogs import fit_to_screen
from hzsubsidy_desktop.gui.qt import QCloseEvent, QKeySequence, QMainWindow, QShortcut, QWidget, Signal
from hzsubsidy_desktop.workspace import Workspace


class ClerkEditorWindow(QMainWindow):
    """One application open in the wizard for the clerk; ``closed(app_id)`` after it closes."""

    closed = Signal(str)

    def __init__(self, workspace: Workspace, app_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hzsubsidy_desktop.gui.wizard.window import FillingWizard  # the wizard is large: load on use

        self.app_id = app_id
        self.workspace = workspace
        self.setObjectName("clerkEditor")
        self.wizard = FillingWizard(self.workspace, app_id, self)
        self.setCentralWidget(self.wizard)
        name = workspace.summary(app_id).project_name or "（未命名项目）"
        self.setWindowTitle(f"县级审核修改：{name}")
        self.statusBar().showMessage("以县级审核人员身份修改，每处改动都记入修改记录。", 8000)
        self.wizard.back_requested.connect(self.close)
        self.wizard.title_changed.connect(lambda title: self.setWindowTitle(f"县级审核修改：{title}"))
        self.wizard.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, activated=self.close)
        fit_to_screen(self, 1200, 780)  # a 768 px laptop screen shows the whole window, status line too

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.wizard.flush()  # whatever was typed is saved (or stays visible with its message)
        super().closeEvent(event)
        self.closed.emit(self.app_id)
