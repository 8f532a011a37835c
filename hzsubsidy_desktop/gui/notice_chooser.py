"""新建 with several notices installed: choose which notice the new application is for.

With one notice installed there is nothing to choose and no dialog (新建 stays one click).
Extra notice folders that could not be used are named under the list.
"""

from __future__ import annotations

from hzsubsidy_desktop.formdef.notices import Installed
from hzsubsidy_desktop.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole


class NoticeChooser(QDialog):
    """A list of the installed notices, newest first and selected; 确定 / 取消."""

    def __init__(self, found: Installed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建申报：选择申报通知")
        self.setObjectName("noticeChooser")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("本机安装了多份申报通知。新建的申报按哪一份通知填写？", self))
        self.list = QListWidget(self)
        self.list.setObjectName("noticeList")
        newest = found.newest().id
        ordered = sorted(found.notices, key=lambda n: (n.data_cutoff, n.id), reverse=True)
        for notice in ordered:
            mark = "（最新）" if notice.id == newest else ""
            item = QListWidgetItem(f"{notice.title}{mark}\n{notice.id} · 数据截止 {notice.data_cutoff:%Y年%m月%d日}"
                                   f" · {notice.origin}")
            item.setData(ID_ROLE, notice.id)
            item.setToolTip(str(notice.folder))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        if found.problems:
            problems = QLabel("\n".join(found.problems), self)
            problems.setObjectName("noticeProblems")
            problems.setWordWrap(True)
            problems.setProperty("role", "warning")
            layout.addWidget(problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None


def choose_notice(parent: QWidget | None, found: Installed) -> str | None:
    """The notice for a new application: the only one without asking, else the user's choice (None: cancelled)."""
    if len(found.notices) == 1:
        return found.notices[0].id
    dialog = NoticeChooser(found, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
