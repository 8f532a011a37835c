"""The conflict dialog: an application arrived again with different content; the clerk chooses.

It lists every differing value field by field (label in the form's wording, the version already
imported, the version just received) and offers the answers that fit: for a conflict, keep what is
there or take the new version (the old one goes to the history, see
:func:`hzsubsidy_desktop.county.accept_incoming`) — or, when the submission id belongs to another
enterprise, import it as a project of its own; for a suspected duplicate (疑似重复), keep both, only
the one already there, or only the new one (:func:`hzsubsidy_desktop.county.decide_duplicate`).
"""

from __future__ import annotations

from hzsubsidy_desktop.county import ImportOutcome
from hzsubsidy_desktop.gui.designer import load_ui, part
from hzsubsidy_desktop.gui.dialogs import fit_to_screen
from hzsubsidy_desktop.gui.qt import (
    QDialog,
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

    LATER = 0  # a suspected duplicate left undecided (Escape)
    KEEP = 1
    REPLACE = 2
    BOTH = 3

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.setObjectName("conflictDialog")
        duplicate = outcome.status == "duplicate"
        self.duplicate = duplicate
        title = "核对疑似重复：" if duplicate else "核对冲突："
        self.setWindowTitle(title + (outcome.project_name or outcome.path.name))
        fit_to_screen(self, 900, 560)

        # The layout is drawn in Qt Designer (ui/conflict.ui); the texts depend on the case.
        layout = QVBoxLayout(self)
        content = load_ui("conflict", self)
        layout.addWidget(content)
        name = outcome.project_name or "（未命名项目）"
        if duplicate:
            text = f"“{name}”疑似与已导入的项目重复。决定之前，附件5 只计算原有的一份。"
        elif outcome.other_enterprise:
            text = f"“{name}”使用了另一家企业申报的报送编号，不会替换那家企业的申报。"
        else:
            text = f"“{name}”又收到了一份内容不同的申报。"
        part(content, QLabel, "conflictHeading").setText(text)
        where = outcome.path.name + (f"（{outcome.entry}）" if outcome.entry else "")
        part(content, QLabel, "conflictReason").setText(outcome.message + (f"\n来自文件：{where}" if where else ""))

        changes = outcome.changes
        table = part(content, QTableWidget, "conflictDiff")
        table.setRowCount(len(changes))
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

        if duplicate:
            hint = "都保留：按两个项目计算；只保留一份：另一份移入回收站（可恢复）。"
        elif outcome.other_enterprise:
            hint = "作为另一个项目导入：两份都在清单中，原有申报及其审核意见不变。"
        else:
            hint = "选择“使用新收到的版本”后，已导入的版本存入历史，审核状态重置为待审核。"
        part(content, QLabel, "conflictCount").setText(f"共 {len(changes)} 处不同。{hint}")

        self.keep_button = part(content, QPushButton, "keep")
        self.replace_button = part(content, QPushButton, "replace")
        both = part(content, QPushButton, "both")
        if duplicate:
            self.keep_button.setText("只保留原有的")
            self.replace_button.setText("只保留新收到的")
            self.both_button = both
            both.clicked.connect(lambda: self.done(self.BOTH))
        else:
            both.hide()
            both.setObjectName("")  # only a suspected duplicate offers "both"
            if outcome.other_enterprise:
                self.replace_button.setText("作为另一个项目导入")
        self.keep_button.clicked.connect(lambda: self.done(self.KEEP))
        self.replace_button.clicked.connect(lambda: self.done(self.REPLACE))
        self.keep_button.setDefault(True)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the diff table shows (label, already imported, received)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]

    def reject(self) -> None:
        # Escape or closing the window keeps what is there (a suspected duplicate stays undecided).
        self.done(self.LATER if self.duplicate else self.KEEP)
