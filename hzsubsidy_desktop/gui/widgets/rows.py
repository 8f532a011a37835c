"""A small repeated table (the progress plan): one line of editors per row; add, remove, reorder.

Rows go through the session (``Workspace.add_row/remove_row/move_row``); after each change the
editors are rebuilt so their object names (``/plan/1/invested``) follow the new positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hzsubsidy_desktop.formdef import TableDef
from hzsubsidy_desktop.gui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMessageBox,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
)
from hzsubsidy_desktop.gui.widgets.fields import FieldRow

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.session import FillingSession


class RowsTable(QWidget):
    """Editors for every row of ``table``; Ctrl+N adds a row after the one being edited."""

    def __init__(self, table: TableDef, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.session = session
        self.setObjectName(table.path)
        self.setAccessibleName(table.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QWidget(self)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        layout.addWidget(self.grid_host)
        self.message = QLabel("", self)
        self.message.setObjectName(f"{table.path}:message")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加一行（Ctrl+N）", self)
        self.add_button.clicked.connect(lambda: self.add_row())
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.cells: list[list[FieldRow]] = []
        for keys in ("Ctrl+N", "Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._add_after_focus)
        session.rows_changed.connect(self._rows_changed)
        session.report_changed.connect(self._report_changed)
        self.rebuild()

    def rebuild(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # out of the tree now: its pointer names are reused at once
                widget.deleteLater()
        self.cells = []
        columns = self.table.columns
        for col, column in enumerate(columns):
            star = "＊" if column.required else ""
            head = QLabel(f"<b>{column.label}</b>{star}", self.grid_host)
            head.setWordWrap(True)  # a long heading wraps instead of widening the page
            head.setToolTip(column.help)
            self.grid.addWidget(head, 0, col + 1)
        rows = self.session.rows(self.table.path)
        for i, _row in enumerate(rows):
            number = QLabel(f"{i + 1}", self.grid_host)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            number.setContentsMargins(0, 6, 0, 0)
            self.grid.addWidget(number, i + 1, 0)
            cells = []
            for col, column in enumerate(columns):
                pointer = f"{self.table.path}/{i}/{column.key}"
                cell = FieldRow(column, pointer, self.session, self.grid_host, compact=True,
                                accessible=f"{column.label}（第{i + 1}行）")
                self.grid.addWidget(cell, i + 1, col + 1, Qt.AlignmentFlag.AlignTop)
                cells.append(cell)
            self.cells.append(cells)
            tools = QFrame(self.grid_host)
            box = QHBoxLayout(tools)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            for text, tip, slot in (("↑", "上移", lambda _=False, r=i: self.move_row(r, r - 1)),
                                    ("↓", "下移", lambda _=False, r=i: self.move_row(r, r + 1)),
                                    ("删除", "删除", lambda _=False, r=i: self.remove_row(r))):
                button = QPushButton(text, tools)
                button.setToolTip(f"{tip}第{i + 1}行")
                button.setAccessibleName(f"{tip}第{i + 1}行")
                button.setObjectName(f"{self.table.path}/{i}:{tip}")
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.setMaximumWidth(56 if text == "删除" else 30)
                button.clicked.connect(slot)
                box.addWidget(button)
            self.grid.addWidget(tools, i + 1, len(columns) + 1, Qt.AlignmentFlag.AlignTop)
        # Amount and date columns stay compact; long texts take the room.
        for col, column in enumerate(columns):
            self.grid.setColumnStretch(col + 1, 3 if column.type == "longtext" else 1)
        self.add_button.setEnabled(len(rows) < self.table.max_rows)
        self._report_changed()

    def _rows_changed(self, table: str) -> None:
        if table == self.table.path:
            self.rebuild()

    def _report_changed(self, *_args: object) -> None:
        for cells in self.cells:
            for cell in cells:
                cell.show_findings()
        found = [f.message for f in self.session.findings_at(self.table.path)]
        self.message.setText("\n".join(found))
        self.message.setVisible(bool(found))

    def _focused_row(self) -> int | None:
        focus = self.focusWidget()
        for i, cells in enumerate(self.cells):
            if any(cell.isAncestorOf(focus) for cell in cells):
                return i
        return None

    def _add_after_focus(self) -> None:
        row = self._focused_row()
        self.add_row(None if row is None else row + 1)

    def add_row(self, index: int | None = None) -> None:
        at = self.session.add_row(self.table.path, index)
        if at is not None and at < len(self.cells):
            self.cells[at][0].editor.focus_editor()

    def remove_row(self, index: int) -> None:
        answer = QMessageBox.question(
            self, "删除一行", f"删除“{self.table.title}”第{index + 1}行？删除后立即保存。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.remove_row(self.table.path, index)

    def move_row(self, index: int, new_index: int) -> None:
        if self.session.move_row(self.table.path, index, new_index):
            self.cells[new_index][0].editor.focus_editor()
