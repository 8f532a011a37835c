"""The main window: work areas as tabs; the enterprise area lists applications and opens the wizard.

Areas: :meth:`MainWindow.add_area` adds a tab (the tab bar hides itself while there is only
one), so the county clerk's 汇总 workspace can be added beside the enterprise area without
changing it. :meth:`MainWindow.add_lazy_area` adds a tab whose widget is built the first time
it is shown or asked for (``window.areas[key]``), so a heavy area costs nothing at start-up. The enterprise area (:class:`EnterpriseArea`) is a stack of the application list
(:mod:`.application_list`) and the wizard of the application being filled.

The shell — the tabs, the menus and their actions, the status bar — is drawn in
``ui/main_window.ui`` (compiled at build time, see :func:`..designer.setup_ui`); this module finds its
parts by objectName and adds the areas, the connections and the platform's standard-key shortcuts.

Window size, the last folder and the application open at closing are settings in the
database (``Workspace.set_setting``), so each database (and each test) keeps its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from hzsubsidy_desktop.gui.application_list import ApplicationList
from hzsubsidy_desktop.gui.designer import part, setup_ui
from hzsubsidy_desktop.gui.dialogs import fit_to_screen, press_focused_button
from hzsubsidy_desktop.gui.operations import run_op
from hzsubsidy_desktop.gui.qt import (
    QAction,
    QApplication,
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTabWidget,
    QWidget,
)
from hzsubsidy_desktop.workspace import CLERK, Workspace

WINDOW_SETTING = "gui.window"
OPEN_SETTING = "gui.open_application"
DEFAULT_SIZE = (1280, 800)


class EnterpriseArea(QStackedWidget):
    """The enterprise's work: the list of applications, or the wizard of the one being filled."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.list = ApplicationList(workspace, self)
        self.addWidget(self.list)
        self.wizard = None
        self.list.open_requested.connect(self.open_application)

    def open_application(self, app_id: str) -> bool:
        from hzsubsidy_desktop.gui.wizard.session import load_application
        from hzsubsidy_desktop.gui.wizard.window import LOW_WIZARD, FillingWizard

        if not self.close_application(ask=True):
            return False
        outcome = run_op(self, lambda: load_application(self.workspace, app_id))
        if not outcome.ok:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.wizard = FillingWizard(self.workspace, app_id, loaded=outcome.value)
        finally:
            QApplication.restoreOverrideCursor()
        # compact from the start on a low screen, so its first layout does not make the window taller
        self.wizard.set_compact(self.height() < LOW_WIZARD)
        self.wizard.back_requested.connect(lambda: self.close_application(ask=True))
        window = self.window()
        if isinstance(window, MainWindow):
            self.wizard.message.connect(lambda text: window.statusBar().showMessage(text, 6000))
            self.wizard.title_changed.connect(window.update_title)
        self.addWidget(self.wizard)
        self.setCurrentWidget(self.wizard)
        if isinstance(window, MainWindow):
            window.update_title()
        run_op(self, lambda: self.workspace.set_setting(OPEN_SETTING, app_id), quiet=True)
        self.wizard.focus_first_field()
        return True

    def close_application(self, *, ask: bool) -> bool:
        """Save and close the wizard; False when the person chose to stay (unsaved bad input)."""
        if self.wizard is None:
            return True
        if not self.flush(ask=ask):
            return False
        wizard, self.wizard = self.wizard, None
        wizard.dispose()
        self.setCurrentWidget(self.list)
        self.removeWidget(wizard)
        wizard.deleteLater()
        run_op(self, lambda: self.workspace.set_setting(OPEN_SETTING, None), quiet=True)
        self.list.refresh()
        self.list.select(wizard.app_id)
        window = self.window()
        if isinstance(window, MainWindow):
            window.update_title()
        return True

    def flush(self, *, ask: bool) -> bool:
        """Save the wizard's pending edits; with ``ask``, confirm before dropping rejected input."""
        if self.wizard is None:
            return True
        if self.wizard.flush() or not ask:
            return True
        count = len(self.wizard.session.invalid)
        answer = QMessageBox.question(
            self, "有输入未保存",
            f"有 {count} 处输入不符合要求（见红色提示），这些内容不会保存。仍要离开吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_now(self) -> bool:
        if self.wizard is not None:
            return self.wizard.save_now()
        return True


class Areas(Mapping[str, QWidget]):
    """The window's work areas by key; a lazy area is built on first access."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.built: dict[str, QWidget] = {}
        self.pending: dict[str, tuple[QWidget, Callable[[], QWidget]]] = {}

    def __getitem__(self, key: str) -> QWidget:
        if key in self.pending:
            placeholder, build = self.pending.pop(key)
            tabs = self.window.tabs
            index = tabs.indexOf(placeholder)
            title = tabs.tabText(index)
            current = tabs.currentIndex() == index
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                widget = build()
            finally:
                QApplication.restoreOverrideCursor()
            tabs.blockSignals(True)
            tabs.removeTab(index)
            tabs.insertTab(index, widget, title)
            if current:
                tabs.setCurrentIndex(index)
            tabs.blockSignals(False)
            placeholder.deleteLater()
            self.built[key] = widget
        return self.built[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self.built, *self.pending])

    def __len__(self) -> int:
        return len(self.built) + len(self.pending)


class MainWindow(QMainWindow):
    """Tabs of work areas; today the enterprise area (the clerk's area is added beside it)."""

    def __init__(self, workspace: Workspace, *, restore: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        setup_ui("main_window", self)  # ui/main_window.ui: the tabs, menus, actions, status bar
        self.workspace = workspace
        self.tabs = part(self, QTabWidget, "areas")
        self.areas = Areas(self)
        self.enterprise = EnterpriseArea(workspace, self)
        self.add_area("enterprise", "企业填报", self.enterprise)
        # The county clerk's 汇总 area (hzsubsidy_desktop/gui/clerk/), beside the enterprise area;
        # built when first opened (it imports the export libraries).
        self.add_lazy_area("clerk", "县级汇总", self._build_clerk_area)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._connect_actions()
        self.statusBar().showMessage(f"数据库：{self.workspace.path}", 8000)
        self._restore_geometry()
        self.update_title()
        if restore:
            app_id = self.workspace.setting(OPEN_SETTING)
            if isinstance(app_id, str) and app_id in self.enterprise.list.ids():
                self.enterprise.open_application(app_id)

    # -- areas -------------------------------------------------------------------------------
    def add_area(self, key: str, title: str, widget: QWidget) -> int:
        """Add a work area as a tab (e.g. the county clerk's 汇总 area)."""
        self.areas.built[key] = widget
        return self.tabs.addTab(widget, title)

    def add_lazy_area(self, key: str, title: str, build: Callable[[], QWidget]) -> int:
        """Add a tab whose widget ``build()`` makes when the tab is first shown or asked for."""
        placeholder = QWidget(self)
        placeholder.setObjectName(f"placeholder:{key}")
        self.areas.pending[key] = (placeholder, build)
        return self.tabs.addTab(placeholder, title)

    def _tab_changed(self, index: int) -> None:
        for key, (placeholder, _build) in list(self.areas.pending.items()):
            if self.tabs.widget(index) is placeholder:
                self.areas[key]  # noqa: B018 - builds the area in place of its placeholder

    def _build_clerk_area(self) -> QWidget:
        from hzsubsidy_desktop.gui.county import ClerkWorkspace

        return ClerkWorkspace(self.workspace.as_actor(CLERK), parent=self)

    @property
    def clerk(self) -> QWidget:
        return self.areas["clerk"]

    def _connect_actions(self) -> None:
        """The menus' actions (drawn in ui/main_window.ui) to what they do. The shortcuts that are
        platform standard keys (保存, 退出, 用户指南) are set here: a .ui file holds fixed keys only."""
        self.new_action = part(self, QAction, "newAction")
        self.new_action.triggered.connect(self._new_blank)
        # Ctrl+N: a new application from the list; inside the wizard it adds a table row instead.
        self.enterprise.currentChanged.connect(self._update_new_shortcut)
        self._update_new_shortcut()
        self.save_action = part(self, QAction, "saveAction")
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save_now)
        self.list_action = part(self, QAction, "listAction")
        self.list_action.triggered.connect(lambda: self.enterprise.close_application(ask=True))
        part(self, QAction, "quitAction").setShortcut(QKeySequence.StandardKey.Quit)  # closes: see the .ui
        # Ctrl+1, Ctrl+2: the work areas (企业填报, 县级汇总) by keyboard.
        self.area_actions = [part(self, QAction, "enterpriseAreaAction"), part(self, QAction, "clerkAreaAction")]
        for index, action in enumerate(self.area_actions):
            action.triggered.connect(lambda _checked=False, i=index: self.show_area(i))
        self.guide_action = part(self, QAction, "guideAction")
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.show_guide)
        part(self, QAction, "aboutAction").triggered.connect(self._about)
        self.guide: QWidget | None = None

    def show_area(self, index: int) -> None:
        """Show work area ``index`` and put the keyboard focus in it."""
        self.tabs.setCurrentIndex(index)
        widget = self.tabs.currentWidget()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not widget.hasFocus() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                widget.focusNextChild()

    def _update_new_shortcut(self, *_args: object) -> None:
        in_list = self.enterprise.wizard is None
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New) if in_list else QKeySequence())

    def _new_blank(self) -> None:
        self.tabs.setCurrentWidget(self.enterprise)
        self.enterprise.list.create(from_profile=False)

    def save_now(self) -> None:
        """Ctrl+S: everything is saved as it is typed; this flushes and says so."""
        if self.enterprise.save_now():
            self.statusBar().showMessage("已保存", 4000)

    def show_guide(self) -> None:
        """帮助 → 用户指南 (F1): the guide shipped with the program, offline."""
        from hzsubsidy_desktop.gui.help import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def _about(self) -> None:
        from hzsubsidy_desktop.gui.help import about_dialog

        outcome = run_op(self, lambda: about_dialog(self, self.workspace.path, on_guide=self.show_guide))
        if outcome.ok:
            outcome.value.exec()
            outcome.value.deleteLater()

    def update_title(self, *_args: object) -> None:
        wizard = self.enterprise.wizard
        base = "跨境电商专项激励申报"
        if wizard is not None:
            name = wizard.session.value("/project/name") or "未命名项目"
            self.setWindowTitle(f"{name} — {base}")
        else:
            self.setWindowTitle(base)

    # -- geometry and closing -----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.workspace.setting(WINDOW_SETTING) or {}
        width, height = DEFAULT_SIZE
        if isinstance(saved, dict):
            width = int(saved.get("width") or width)
            height = int(saved.get("height") or height)
        fit_to_screen(self, width, height)  # frame and title bar included
        if isinstance(saved, dict) and saved.get("maximized"):
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not press_focused_button(event):  # Enter on a focused button presses it
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.enterprise.flush(ask=True):
            event.ignore()
            return
        size = self.normalGeometry().size() if self.isMaximized() else self.size()
        app_id = self.enterprise.wizard.app_id if self.enterprise.wizard is not None else None
        run_op(self, lambda: (
            self.workspace.set_setting(WINDOW_SETTING, {"width": size.width(), "height": size.height(),
                                                        "maximized": self.isMaximized()}),
            self.workspace.set_setting(OPEN_SETTING, app_id),
        ), quiet=True)
        self.enterprise.list.detach()
        event.accept()
