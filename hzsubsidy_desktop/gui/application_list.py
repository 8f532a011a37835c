"""The enterprise's application list: the user's own applications (the county's imported copies
live in 县级汇总) with their check result and last change; new, from profile, open, duplicate,
trash and restore.
"""

from __future__ import annotations

from datetime import datetime

from hzsubsidy_desktop.gui.operations import APPLICATIONS, PROFILE, Change, changes, run_op
from hzsubsidy_desktop.gui.qt import (
    QBrush,
    QColor,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    Qt,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.store import ApplicationSummary
from hzsubsidy_desktop.store.ids import short_id
from hzsubsidy_desktop.workspace import Workspace

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLORS = {"error": "#b3261e", "explain": "#8a4b00", "warning": "#8a6100", "ready": "#2e7d32"}


def status_text(summary: ApplicationSummary) -> str:
    """The list's 状态 column: errors / explanations due / warnings / ready."""
    if summary.status == "error":
        return f"有错误（{summary.error_count} 项须处理）"
    if summary.status == "explain":
        return f"待说明（{summary.error_count} 项）"
    if summary.status == "warning":
        return f"可导出，有提示 {summary.warning_count} 项"
    if summary.status == "ready":
        return "可导出"
    return "未检查"


def when_text(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.strftime("%Y-%m-%d %H:%M")


class ApplicationList(QWidget):
    """The applications in the database (or in the trash), with the operations on them."""

    open_requested = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.showing_trash = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel("我的申报")
        title.setProperty("role", "steptitle")
        title.setObjectName("listTitle")
        self.title = title
        layout.addWidget(title)
        intro = QLabel("浙江省跨境电商高质量发展专项激励：填写附件3 项目信息表和附件4 项目资金投入明细表。"
                       "所有修改自动保存在本机。")
        intro.setProperty("role", "stephelp")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        tools = QHBoxLayout()
        self.new_button = self._button("新建空白申报", "newBlank", tools)
        self.new_button.setToolTip("新建一份空白申报（Ctrl+N）")
        self.profile_button = self._button("从单位信息新建", "newFromProfile", tools)
        self.profile_button.setToolTip("用保存过的单位信息（单位名称、信用代码、联系人等）开始一份新申报")
        self.open_button = self._button("打开", "openApplication", tools)
        self.duplicate_button = self._button("复制", "duplicateApplication", tools)
        self.delete_button = self._button("移到回收站", "deleteApplication", tools)
        self.restore_button = self._button("恢复", "restoreApplication", tools)
        tools.addStretch(1)
        self.trash_button = self._button("回收站", "showTrash", tools)
        self.trash_button.setCheckable(True)
        layout.addLayout(tools)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("applicationList")
        self.tree.setAccessibleName("申报列表")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(["项目名称", "承担单位", "最后修改", "状态"])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(1, 280)
        self.tree.setColumnWidth(2, 150)
        self.tree.setColumnWidth(3, 220)
        layout.addWidget(self.tree, 1)
        self.empty = QLabel("")
        self.empty.setObjectName("emptyList")
        self.empty.setProperty("role", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        self.new_button.clicked.connect(lambda: self.create(from_profile=False))
        self.profile_button.clicked.connect(lambda: self.create(from_profile=True))
        self.open_button.clicked.connect(self.open_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.restore_button.clicked.connect(self.restore_selected)
        self.trash_button.toggled.connect(self.show_trash)
        self.tree.itemActivated.connect(lambda _item, _col: self.open_selected())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        changes().changed.connect(self._changed)
        self._attached = True
        self.refresh()

    def detach(self) -> None:
        """Stop following changes (the window is closing; its database may close next)."""
        if self._attached:
            self._attached = False
            changes().changed.disconnect(self._changed)

    def _button(self, text: str, name: str, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        layout.addWidget(button)
        return button

    # -- content ----------------------------------------------------------------------------
    def _changed(self, change: Change) -> None:
        if change.touches(APPLICATIONS) or change.touches(PROFILE):
            self.refresh()

    def refresh(self) -> None:
        selected = self.selected_id()
        outcome = run_op(self, lambda: self.workspace.summaries(deleted=self.showing_trash), quiet=True)
        rows = outcome.value or []
        if not self.showing_trash:  # the county's imported copies are in 县级汇总, not among the user's own
            rows = [s for s in rows if s.origin == "local"]
        self.tree.clear()
        for summary in rows:
            item = QTreeWidgetItem([
                summary.project_name or "（未命名项目）",
                summary.enterprise_name or "—",
                when_text(summary.updated_at),
                status_text(summary),
            ])
            item.setData(0, ID_ROLE, summary.id)
            item.setToolTip(0, f"编号 {short_id(summary.id)}")
            color = STATUS_COLORS.get(summary.status)
            if color:
                item.setForeground(3, QBrush(QColor(color)))
            self.tree.addTopLevelItem(item)
            if summary.id == selected:
                item.setSelected(True)
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        if self.showing_trash:
            self.empty.setText("回收站是空的。" if not rows else "")
        else:
            self.empty.setText("还没有申报。点击“新建空白申报”开始填写。" if not rows else "")
        self.empty.setVisible(not rows)
        self.profile_button.setEnabled(self._has_profile())
        self._update_buttons()

    def _has_profile(self) -> bool:
        try:
            return self.workspace.has_profile()
        except Exception:  # noqa: BLE001 - a damaged profile only disables the button
            return False

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        trash = self.showing_trash
        for button in (self.new_button, self.profile_button):
            button.setVisible(not trash)
        self.open_button.setVisible(not trash)
        self.duplicate_button.setVisible(not trash)
        self.delete_button.setVisible(not trash)
        self.restore_button.setVisible(trash)
        self.open_button.setEnabled(has)
        self.duplicate_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.restore_button.setEnabled(has)

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item is not None and item.isSelected() else None

    def select(self, app_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, ID_ROLE) == app_id:
                self.tree.setCurrentItem(item)
                item.setSelected(True)
                return

    def ids(self) -> list[str]:
        return [self.tree.topLevelItem(i).data(0, ID_ROLE) for i in range(self.tree.topLevelItemCount())]

    # -- operations -----------------------------------------------------------------------------
    def create(self, *, from_profile: bool) -> None:
        from hzsubsidy_desktop.formdef import notices
        from hzsubsidy_desktop.gui.notice_chooser import choose_notice

        found = notices.installed()
        form_id = choose_notice(self, found)
        if form_id is None:
            return
        if found.problems and len(found.notices) == 1:
            self._status("；".join(found.problems))
        outcome = run_op(self, lambda: self.workspace.new_application(from_profile=from_profile, form_id=form_id),
                         changed=[APPLICATIONS])
        if outcome.ok:
            self.open_requested.emit(outcome.value)

    def open_selected(self) -> None:
        app_id = self.selected_id()
        if app_id is not None and not self.showing_trash:
            self.open_requested.emit(app_id)

    def duplicate_selected(self) -> None:
        app_id = self.selected_id()
        if app_id is None:
            return

        outcome = run_op(self, lambda: self.workspace.duplicate(app_id), changed=[APPLICATIONS])
        if outcome.ok:
            self.select(outcome.value)
            self._status("已复制一份申报（说明内容不复制）")

    def delete_selected(self) -> None:
        app_id = self.selected_id()
        if app_id is None:
            return
        outcome = run_op(self, lambda: self.workspace.delete(app_id),
                         changed=[APPLICATIONS], app_id=app_id)
        if outcome.ok:
            self._status("已移到回收站，可在“回收站”中恢复")

    def restore_selected(self) -> None:
        app_id = self.selected_id()
        if app_id is None:
            return
        outcome = run_op(self, lambda: self.workspace.restore(app_id),
                         changed=[APPLICATIONS], app_id=app_id)
        if outcome.ok:
            self._status("已恢复")

    def show_trash(self, on: bool) -> None:
        self.showing_trash = on
        self.title.setText("回收站" if on else "我的申报")
        self.trash_button.setText("返回申报列表" if on else "回收站")
        self.refresh()

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 6000)
