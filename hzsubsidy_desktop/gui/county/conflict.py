"""The conflict dialog: an application arrived again with different content; the clerk chooses.

It lists every differing value field by field (label in the form's wording, the version already
imported, the version just received) and offers two answers: keep what is there, or take the new
version (the old one goes to the history, see
:func:`hzsubsidy_desktop.county.accept_incoming`).
"""

from __future__ import annotations

from hzsubsidy_desktop.county import ImportOutcome
from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class ConflictDialog(QDialog):
    """Shows the field-by-field diff of one conflict; ``exec()`` returns :attr:`KEEP` or :attr:`REPLACE`."""

    KEEP = 1
    REPLACE = 2

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.setObjectName("conflictDialog")
        self.setWindowTitle("核对冲突：" + (outcome.project_name or outcome.path.name))
        self.resize(900, 560)

        layout = QVBoxLayout(self)
        heading = QLabel(f"“{outcome.project_name or '（未命名项目）'}”又收到了一份内容不同的申报。")
        heading.setProperty("role", "summary")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        where = outcome.path.name + (f"（{outcome.entry}）" if outcome.entry else "")
        reason = QLabel(f"{outcome.message}\n来自文件：{where}")
        reason.setWordWrap(True)
        reason.setProperty("role", "stephelp")
        layout.addWidget(reason)

        changes = outcome.changes
        table = QTableWidget(len(changes), 3, self)
        table.setObjectName("conflictDiff")
        table.setAccessibleName("差异")
        table.setHorizontalHeaderLabels(["栏目", "已导入的内容", "新收到的内容"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 220)
        for row, change in enumerate(changes):
            for col, text in enumerate((change.label, change.old or "（空）", change.new or "（空）")):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{change.label}\n{change.pointer}" if col == 0 else text)
                if col > 0 and text == "（空）":
                    item.setForeground(Qt.GlobalColor.gray)
                table.setItem(row, col, item)
        table.resizeRowsToContents()
        self.table = table
        layout.addWidget(table, 1)

        count = QLabel(f"共 {len(changes)} 处不同。选择“使用新收到的版本”后，已导入的版本存入历史，审核状态重置为待审核。")
        count.setWordWrap(True)
        count.setProperty("role", "hint")
        layout.addWidget(count)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.keep_button = QPushButton("保留已导入的版本")
        self.keep_button.setObjectName("keep")
        self.replace_button = QPushButton("使用新收到的版本")
        self.replace_button.setObjectName("replace")
        self.keep_button.clicked.connect(lambda: self.done(self.KEEP))
        self.replace_button.clicked.connect(lambda: self.done(self.REPLACE))
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.replace_button)
        layout.addLayout(buttons)
        self.keep_button.setDefault(True)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the diff table shows (label, already imported, received)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]

    def reject(self) -> None:
        # Escape or closing the window keeps what is there.
        self.done(self.KEEP)
