"""The filling wizard: step list with live counts, the pages, and a help pane.

The help pane is :mod:`.help_pane` (mixed into :class:`FillingWizard`), the step list's drawing
:mod:`.step_list`.

Any step can be opened at any time; leaving a page saves what was typed (the session flushes),
and the current step is remembered per application (``Workspace.set_step``) so reopening returns
to it.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.formdef import FormDefinition, StepDef
from hzsubsidy_desktop.gui.dialogs import press_focused_button
from hzsubsidy_desktop.gui.fonts import ui_font_family
from hzsubsidy_desktop.gui.operations import PROFILE, run_op
from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QApplication,
    QDateTime,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QResizeEvent,
    QShortcut,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.gui.wizard.help_pane import NEXT_KEYS, PREV_KEYS, HelpPane
from hzsubsidy_desktop.gui.wizard.pages import StepPage, page_for
from hzsubsidy_desktop.gui.wizard.session import FillingSession
from hzsubsidy_desktop.gui.wizard.step_list import COUNTS_ROLE, KEY_ROLE, StepDelegate
from hzsubsidy_desktop.validation import Report
from hzsubsidy_desktop.workspace import Workspace

NARROW_WIZARD = 1100  # narrower than this: side panes at their minimum width
# Lower than this (a 1366×768 screen at 125 % or 150 %): compact, the page gets the height (the
# step's description moves to the help pane and the title's tooltip, margins shrink).
LOW_WIZARD = 560


class FillingWizard(HelpPane, QWidget):
    """Fill one application. ``back_requested`` asks the main window to show the list again."""

    back_requested = Signal()
    title_changed = Signal(str)
    message = Signal(str)  # a short status message for the main window's status bar

    def __init__(self, workspace: Workspace, app_id: str, parent: QWidget | None = None, *,
                 loaded: tuple[FormDefinition, dict[str, Any]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fillingWizard")
        self.workspace = workspace
        self.app_id = app_id
        self.session = FillingSession(workspace, app_id, self, loaded=loaded)
        self.session.widget = self
        self.definition = self.session.definition
        self.steps = self.definition.steps
        self.pages: dict[str, StepPage] = {}
        self._narrow = False
        self.compact = False
        family = ui_font_family()  # an installed CJK face first (the font database is read on first use)
        if family:
            font = self.font()
            font.setFamilies([family, *font.families()])
            self.setFont(font)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._header())
        # A splitter: on a narrow screen the help pane can be dragged shut.
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("wizardSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        outer.addWidget(self.splitter, 1)

        self.step_list = QListWidget(self)
        self.step_list.setObjectName("stepList")
        self.step_list.setAccessibleName("填写步骤")
        self.step_delegate = StepDelegate(self.step_list)
        self.step_list.setItemDelegate(self.step_delegate)
        self.step_list.setMinimumWidth(156)  # "9. 检查与导出" beside two badges, bold
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        for i, step in enumerate(self.steps, start=1):
            item = QListWidgetItem(f"{i}. {step.title}")
            item.setData(KEY_ROLE, step.key)
            item.setData(COUNTS_ROLE, (0, 0))
            self.step_list.addItem(item)
        self.splitter.addWidget(self.step_list)

        center_widget = QWidget(self)
        center = QVBoxLayout(center_widget)
        center.setContentsMargins(0, 0, 0, 0)
        center.setSpacing(0)
        self.head = head = QVBoxLayout()
        head.setContentsMargins(16, 12, 16, 4)
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setProperty("role", "steptitle")
        self.step_help = QLabel()
        self.step_help.setObjectName("stepHelp")
        self.step_help.setProperty("role", "stephelp")
        self.step_help.setWordWrap(True)
        head.addWidget(self.step_title)
        head.addWidget(self.step_help)
        center.addLayout(head)
        self.stack = QStackedWidget(self)
        for step in self.steps:
            page = page_for(step, self.session, self)
            self.pages[step.key] = page
            self.stack.addWidget(page)
        center.addWidget(self.stack, 1)
        self.nav = nav = QHBoxLayout()
        nav.setContentsMargins(16, 6, 16, 10)
        self.prev_button = QPushButton("‹ 上一步")
        self.prev_button.setObjectName("previousStep")
        self.prev_button.setToolTip(f"上一步（{PREV_KEYS}）")
        self.next_button = QPushButton("下一步 ›")
        self.next_button.setObjectName("nextStep")
        self.next_button.setToolTip(f"下一步（{NEXT_KEYS}；在按钮上按 Enter 或空格）")
        for button in (self.prev_button, self.next_button):
            button.setAutoDefault(True)  # Enter on a focused button presses it, as Space does
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("savedLabel")
        self.saved_label.setProperty("role", "muted")
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.saved_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        center.addLayout(nav)
        self.splitter.addWidget(center_widget)

        self.splitter.addWidget(self._build_help_pane())
        self.splitter.setCollapsible(2, True)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 800, 270])
        # Tab from a step's last field reaches 下一步 first, then 上一步.
        QWidget.setTabOrder(self.next_button, self.prev_button)

        self.step_list.currentRowChanged.connect(self._step_selected)
        self.prev_button.clicked.connect(lambda: self._step_by(-1))
        self.next_button.clicked.connect(lambda: self._step_by(1))
        for keys, delta in (("Alt+Right", 1), ("Ctrl+PgDown", 1), ("Alt+Left", -1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self._step_by(d))
        self.session.report_changed.connect(self._report_changed)
        self.session.saved.connect(self._saved)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._report_changed(self.session.report)
        start = self.session.current_step()
        keys = [s.key for s in self.steps]
        self.go_to_step(start if start in keys else keys[0], remember=False)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Below NARROW_WIZARD (a small or scaled screen) the step list and the help pane take
        only their minimum width, so the fields keep theirs; below LOW_WIZARD the wizard is compact."""
        super().resizeEvent(event)
        self.set_compact(self.height() < LOW_WIZARD)
        narrow = self.width() < NARROW_WIZARD
        if narrow != self._narrow:
            self._narrow = narrow
            sizes = self.splitter.sizes()
            total = sum(sizes)
            sides = ([self.step_list.minimumWidth(), self.help_pane.minimumWidth()] if narrow
                     else [200, 270])
            self.splitter.setSizes([sides[0], max(total - sum(sides), 0), sides[1]])

    def set_compact(self, compact: bool) -> None:
        """Compact on a low screen: the step's description is in the help pane (while no field has
        the focus) and the title's tooltip instead of above the page; margins shrink; each page
        makes its own room (e.g. the 附件4 grid keeps more rows in sight)."""
        if compact == self.compact:
            return
        self.compact = compact
        self.header_frame.layout().setContentsMargins(10, 2 if compact else 6, 10, 2 if compact else 6)
        self.head.setContentsMargins(16, 4 if compact else 12, 16, 0 if compact else 4)
        self.nav.setContentsMargins(16, 2 if compact else 6, 16, 4 if compact else 10)
        self.step_delegate.padding = 10 if compact else 18
        self.step_list.doItemsLayout()
        for page in self.pages.values():
            page.set_compact(compact)
        row = self.step_list.currentRow()
        if row >= 0:  # only where the step's description goes; the page and its state stay as they are
            step = self.steps[row]
            self._show_step_help(step)
            if self.help_title.text() == step.title:  # the pane shows the step, not a field's help
                self._show_help(None)

    def _header(self) -> QFrame:
        self.header_frame = frame = QFrame(self)
        frame.setObjectName("wizardHeader")
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 6, 10, 6)
        self.back_button = QPushButton("‹ 申报列表")
        self.back_button.setObjectName("backToList")
        self.back_button.setToolTip("保存并返回申报列表")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.title_label = QLabel()
        self.title_label.setObjectName("applicationTitle")
        self.title_label.setWordWrap(True)  # a long name wraps instead of widening the window
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1)
        self.title_label.setFont(font)
        self.profile_button = QPushButton("保存为单位信息")
        self.profile_button.setObjectName("saveProfile")
        self.profile_button.setToolTip("记住本申报的单位信息，下次可“从单位信息新建”，不必重填")
        self.profile_button.clicked.connect(self.save_profile)
        row.addWidget(self.back_button)
        row.addSpacing(12)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.profile_button)
        return frame

    # -- steps ---------------------------------------------------------------------------------
    @property
    def current_step(self) -> str:
        item = self.step_list.currentItem()
        return item.data(KEY_ROLE) if item is not None else self.steps[0].key

    def current_page(self) -> StepPage:
        return self.pages[self.current_step]

    def go_to_step(self, key: str, *, remember: bool = True, focus: bool = False) -> None:
        keys = [s.key for s in self.steps]
        if key not in keys:
            return
        self._remember = remember
        row = keys.index(key)
        if self.step_list.currentRow() == row:
            self._show_step(row)
        else:
            self.step_list.setCurrentRow(row)
        self._remember = True
        if focus:
            self.focus_first_field()

    def _step_by(self, delta: int) -> None:
        row = self.step_list.currentRow() + delta
        if 0 <= row < len(self.steps):
            self.step_list.setCurrentRow(row)
            self.focus_first_field()

    def focus_first_field(self) -> None:
        """Put the keyboard focus in the current step's first field (or its main control)."""
        self.current_page().focus_first()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter on a button presses it; Enter that no field used (on a check box, a radio
        button, the page) means 下一步."""
        if press_focused_button(event):
            return
        focus = QApplication.focusWidget()
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and not isinstance(focus, (QLineEdit, QAbstractItemView, QPlainTextEdit, QPushButton))
                and self.next_button.isEnabled()):
            self.next_button.click()
            self.focus_first_field()
            return
        super().keyPressEvent(event)

    def _step_selected(self, row: int) -> None:
        if row < 0:
            return
        for page in self.pages.values():
            page.flush()
        self.session.flush()  # nothing typed is lost by going back or forward
        self._show_step(row)
        if getattr(self, "_remember", True):
            self.session.set_step(self.steps[row].key)

    def _show_step(self, row: int) -> None:
        step = self.steps[row]
        page = self.pages[step.key]
        self.stack.setCurrentWidget(page)
        self.step_title.setText(f"{row + 1}. {step.title}")
        self._show_step_help(step)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < len(self.steps) - 1)
        if row < len(self.steps) - 1:
            self.next_button.setText(f"下一步：{self.steps[row + 1].title} ›")
        else:
            self.next_button.setText("下一步 ›")
        self._show_help(None)
        page.on_shown()

    def _show_step_help(self, step: StepDef) -> None:
        """The step's description above the page, or (compact) in the title's tooltip and the help pane."""
        self.step_help.setText(step.help)
        self.step_help.setVisible(bool(step.help) and not self.compact)
        self.step_title.setToolTip(step.help if self.compact else "")

    def go_to_pointer(self, pointer: str) -> bool:
        """Open the step that holds ``pointer`` and focus its input (jump from the review page)."""
        step = self.definition.step_of(pointer)
        self.go_to_step(step)
        page = self.pages.get(step)
        if page is None:
            return False
        QApplication.processEvents()  # let the page lay itself out before scrolling to the field
        found = page.focus_pointer(pointer)
        if found:
            self._show_help(pointer)  # the help pane follows even before the focus event arrives
        return found

    # -- state --------------------------------------------------------------------------------------
    def _report_changed(self, report: Report) -> None:
        counts = report.counts_by_step()
        invalid = self.session.invalid_by_step()  # rejected inputs count as errors too
        for i, step in enumerate(self.steps):
            item = self.step_list.item(i)
            blocking, other = counts.get(step.key, (0, 0))
            blocking += invalid.get(step.key, 0)
            if step.key == "review":
                blocking, other = len(report.blocking) + len(self.session.invalid), len(report.warnings)
            if item.data(COUNTS_ROLE) != (blocking, other):
                item.setData(COUNTS_ROLE, (blocking, other))
                item.setToolTip(f"{step.title}：须处理 {blocking} 项，提示 {other} 项" if blocking or other
                                else f"{step.title}：没有问题")
        name = self.session.value("/project/name") or "（未命名项目）"
        enterprise = self.session.value("/enterprise/name") or ""
        title = f"{name}" + (f"　—　{enterprise}" if enterprise else "")
        if self.title_label.text() != title:
            self.title_label.setText(title)
            self.title_changed.emit(name)

    def step_counts(self) -> dict[str, tuple[int, int]]:
        """What the step list shows: per step (to fix or explain, other hints)."""
        return {self.step_list.item(i).data(KEY_ROLE): tuple(self.step_list.item(i).data(COUNTS_ROLE))
                for i in range(self.step_list.count())}

    def _saved(self) -> None:
        self.saved_label.setText("已自动保存 " + QDateTime.currentDateTime().toString("HH:mm:ss"))

    def flush(self) -> bool:
        """Save what is pending (before closing, Ctrl+S, going back to the list)."""
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            # Long texts and table cells commit when they lose focus: commit them now.
            view = getattr(getattr(self.current_page(), "editor", None), "view", None)
            if view is not None:
                view.commit_open_editor()
            commit = getattr(focus, "_finished", None)
            if callable(commit):
                commit()
            elif getattr(focus, "_dirty", False) and hasattr(focus, "toPlainText"):
                focus._dirty = False
                self.session.commit(focus.pointer, focus.toPlainText())
        for page in self.pages.values():
            page.flush()
        return self.session.flush()

    def dispose(self) -> None:
        """Before the wizard is deleted: stop following application-wide signals."""
        try:
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
        except (RuntimeError, TypeError):
            pass

    def save_now(self) -> bool:
        ok = self.flush()
        self.announce("已保存" if ok else "有输入未能保存，请按红色提示改正")
        return ok

    def save_profile(self) -> None:
        if not self.flush():
            self.show_message("有输入未能保存，请先改正后再保存单位信息。")
            return
        run_op(self, lambda: self.workspace.save_profile(self.app_id), changed=[PROFILE],
               on_success=lambda _r: self.announce("单位信息已保存：新建申报时可选择“从单位信息新建”"))

    def announce(self, text: str) -> None:
        self.message.emit(text)

    def show_message(self, text: str) -> None:
        self.message.emit(text)

