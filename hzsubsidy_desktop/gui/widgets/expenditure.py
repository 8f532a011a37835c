"""The 附件4 expenditure table: line items under the six categories, subtotals and 累计.

A table model over the session's in-memory document: one computed row per category (its
subtotal), the category's items, and a final 累计 row. Computed rows are shaded and cannot be
edited. Each keystroke in an amount cell goes to the session, so subtotals, 累计 and the
findings follow the typing.

Keyboard: Tab / Enter move to the next cell, Ctrl+N or Ctrl+Enter adds an item after the
current one, Delete removes the current item (after asking), Alt+↑ / Alt+↓ reorder, F2 or
typing starts editing, Esc cancels the cell being edited.

The model is :mod:`.expenditure_model`, the cell editor and the view's keys :mod:`.expenditure_cells`;
this module assembles them with the messages and the buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QResizeEvent,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
)
from hzsubsidy_desktop.gui.widgets.expenditure_cells import CellDelegate, ExpenditureView
from hzsubsidy_desktop.gui.widgets.expenditure_model import ExpenditureModel, Line
from hzsubsidy_desktop.values import amounts

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.session import FillingSession

GAP = "&nbsp;" * 4
NAME_ROOM = 200  # pixels the item's name should have at least; less: the other columns narrow
LOW_EDITOR = 420  # below this height the keyboard line is hidden (see ExpenditureEditor.resizeEvent)


class ExpenditureEditor(QWidget):
    """Toolbar, the table, and a message line showing the current cell's findings."""

    def __init__(self, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.definition = session.definition
        self.model = ExpenditureModel(session, self)
        self._sticky: tuple[str, str, str] | None = None  # (pointer, text, level) of the last input remark
        self._compact = False  # set by the wizard on a low screen
        self._low: bool | None = None
        self._narrow: bool | None = None  # the columns as last fitted (a width the user dragged stays)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.add_button = QPushButton("添加费用（Ctrl+N）")
        self.remove_button = QPushButton("删除（Delete）")
        self.up_button = QPushButton("上移（Alt+↑）")
        self.down_button = QPushButton("下移（Alt+↓）")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            tools.addWidget(button)
        tools.addStretch(1)
        unit = QLabel("单位：万元")
        unit.setProperty("role", "muted")
        tools.addWidget(unit)
        layout.addLayout(tools)
        self.table_message = QLabel("")
        self.table_message.setObjectName("/expenditure:message")
        self.table_message.setWordWrap(True)
        layout.addWidget(self.table_message)
        self.view = ExpenditureView(self)
        self.view.setObjectName("expenditureTable")
        self.view.setAccessibleName(self.definition.expenditure_title)
        self.view.setModel(self.model)
        self.delegate = CellDelegate(self.model, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setTabKeyNavigation(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        # widths from the definition: no screen width = the column stretches; amounts keep theirs
        exp = self.session.definition.expenditure
        self._widths: dict[int, int] = {}  # the definition's width of each column that has one
        for col, key in enumerate(self.model.keys):
            width = exp.width(key or "serial").screen
            if width is None:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
                continue
            self._widths[col] = width
            fixed = col == 0 or col in self.model.money_columns
            header.setSectionResizeMode(
                col, QHeaderView.ResizeMode.Fixed if fixed else QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(col, width)
        layout.addWidget(self.view, 1)
        # 累计 stays in sight however long the table is.
        self.total_label = QLabel("")
        self.total_label.setObjectName("expenditure:total")
        self.total_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.total_label)
        self.message = QLabel("")
        self.message.setObjectName("expenditure:cellMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() * 2 + 4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        keys = QLabel("键盘：Tab / Enter 下一格；Ctrl+N 或 Ctrl+Enter 添加一项；Delete 删除；Alt+↑/↓ 调整顺序；Esc 取消本格输入。")
        self.keys = keys
        keys.setObjectName("expenditure:keys")
        self.view.setToolTip(keys.text())  # still said when the line is hidden on a low screen
        keys.setProperty("role", "muted")
        keys.setWordWrap(True)
        layout.addWidget(keys)

        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.delegate.add_requested.connect(self.add_item)
        self.view.delete_requested.connect(self.remove_item)
        self.view.move_requested.connect(self.move_item)
        for keys_text in ("Ctrl+N", "Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys_text), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.add_item)
        self.model.modelReset.connect(self.apply_spans)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        session.totals_changed.connect(self._totals_changed)
        session.report_changed.connect(self._report_changed)
        session.rows_changed.connect(self._rows_changed)
        session.input_state.connect(self._input_state)
        self._fit()
        self.apply_spans()
        self._totals_changed()
        self._report_changed()

    # -- structure ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """A narrow grid (a scaled screen) leaves the stretching column (the item's name) room to be
        read: amounts as wide as their short title ("已开支费用"; 单位：万元 is said above the grid),
        other columns narrower."""
        room = self.view.width() - 2 * self.view.frameWidth() - self.view.verticalScrollBar().sizeHint().width()
        narrow = room - sum(self._widths.values()) < NAME_ROOM
        if narrow == self._narrow:
            return
        self._narrow = narrow
        self.model.set_short_headers(narrow)
        fm = self.view.horizontalHeader().fontMetrics()
        for col, width in self._widths.items():
            if narrow and col in self.model.money_columns:
                need = max(fm.horizontalAdvance(self.model.header_text(col)), fm.horizontalAdvance("0,000,000.00"))
                width = min(width, need + 20)
            elif narrow and col:
                width = min(width, fm.horizontalAdvance(self.model.header_text(col)) + 72)
            if self.view.columnWidth(col) != width:
                self.view.setColumnWidth(col, width)

    def set_compact(self, compact: bool) -> None:
        """The wizard is compact (a low screen): see :meth:`_fit`."""
        self._compact = compact
        self._fit()

    def _fit(self) -> None:
        """On a low screen (1366×768 at 125 % or 150 %) the table keeps its rows: the keyboard line
        goes (its text stays in the table's tooltip and the user guide), the message line takes no
        room while empty and the rows are tighter."""
        low = self._compact or self.height() < LOW_EDITOR
        if low != self._low:
            self._low = low
            self.keys.setVisible(not low)
            self.message.setMinimumHeight(0 if low else self.message.fontMetrics().height() * 2 + 4)
            self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + (8 if low else 12))
        self._fit_message()

    def _fit_message(self) -> None:
        hide = bool(self._low) and not self.message.text()
        if self.message.isHidden() != hide:
            self.message.setHidden(hide)

    def apply_spans(self) -> None:
        self.view.clearSpans()
        for row, line in enumerate(self.model.lines):
            if line.kind != "item":
                self.view.setSpan(row, 0, 1, 2)

    def _totals_changed(self, *_args: object) -> None:
        self.model.totals_changed()
        totals = self.session.totals
        count = sum(c.items for c in totals.categories)
        bad = sum(1 for p in self.session.invalid if p.startswith("/expenditure/"))
        sums = "".join(f"{col.label} <b>{amounts.display(totals.sums[col.key])}</b> 万元{GAP}"
                       for col in self.session.definition.expenditure.money_columns)
        text = (f"<b>累计</b>{GAP}{sums}共 {count} 项"
                + (f'{GAP}<span style="color:#b3261e">不含 {bad} 格填写有误的金额</span>' if bad else ""))
        if text != self.total_label.text():
            self.total_label.setText(text)

    def _rows_changed(self, table: str) -> None:
        if table.startswith("/expenditure/"):
            self._sticky = None
            self.model.rebuild()

    def _report_changed(self, *_args: object) -> None:
        self.model.findings_changed()
        found = [f.message for f in self.session.report.findings
                 if f.path == "/expenditure" or (f.path.startswith("/expenditure/") and f.path.count("/") == 2)]
        text = "\n".join(found)
        if text != self.table_message.text():
            self.table_message.setText(text)
        _set_role(self.table_message, "error" if any(
            f.blocking for f in self.session.report.findings if f.path == "/expenditure") else "warning")
        if self.table_message.isHidden() == bool(found):
            self.table_message.setVisible(bool(found))
        self._show_cell_message(self.view.currentIndex())

    def _input_state(self, pointer: str, level: str, message: str) -> None:
        if not pointer.startswith("/expenditure/"):
            return
        if level in ("note", "warning"):
            self.model.notes[pointer] = message
        else:
            self.model.notes.pop(pointer, None)
        self._totals_changed()  # 累计 says when it leaves a rejected cell out
        if pointer == self.model.pointer(self.view.currentIndex()):
            self._show_cell_message(self.view.currentIndex())
        if level in ("note", "warning", "error"):
            # Said until the next input: Tab has usually moved on by the time this arrives.
            self._sticky = (pointer, f"{self.cell_name(pointer)}：{message}", level)
            if pointer != self.model.pointer(self.view.currentIndex()):
                self._show_text(self._sticky[1], level)
        elif self._sticky is not None and self._sticky[0] == pointer:
            self._sticky = None

    def cell_name(self, pointer: str) -> str:
        """“设备购置费 第2项 已开支费用”: where a message belongs, in words."""
        index = self.model.index_of(pointer)
        if not index.isValid():
            return pointer
        line = self.model.line(index.row())
        column = self.model.headers[index.column()].split("（")[0]
        return f"{line.category.label} 第{line.index + 1}项 {column}"

    def _show_text(self, text: str, role: str) -> None:
        _set_role(self.message, role)
        self._set_message(text)

    def _set_message(self, text: str) -> None:
        if text != self.message.text():
            self.message.setText(text)
            self._fit_message()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_cell_message(current)
        line = self.model.line(current.row()) if current.isValid() else None
        is_item = line is not None and line.kind == "item"
        self.remove_button.setEnabled(is_item)
        self.up_button.setEnabled(is_item and line.index > 0)
        self.down_button.setEnabled(
            is_item and line.index < len(self.session.rows(line.category.table.path)) - 1)

    def _show_cell_message(self, index: QModelIndex) -> None:
        pointer = self.model.pointer(index)
        messages = self.model.messages(pointer) if pointer is not None else []
        sticky = self._sticky
        if not messages and sticky is not None and (sticky[0] in self.session.invalid or sticky[0] in self.model.notes):
            self._show_text(sticky[1], sticky[2])
            return
        if pointer is None:
            self._set_message("")
            return
        invalid = self.session.invalid.get(pointer)
        if invalid and invalid not in messages:
            messages.insert(0, invalid)
        level = self.model._level(pointer) or ("error" if invalid else "")
        _set_role(self.message, level or "muted")
        self._set_message("\n".join(messages))

    # -- operations --------------------------------------------------------------------------
    def current_line(self) -> Line | None:
        index = self.view.currentIndex()
        return self.model.line(index.row()) if index.isValid() else None

    def add_item(self) -> None:
        """Add an item after the current one (or at the end of the current category)."""
        self.view.commit_open_editor()
        line = self.current_line()
        if line is None or line.kind == "total":
            category = self.definition.categories[-1] if line is not None else self.definition.categories[0]
            at = None
        elif line.kind == "category":
            category, at = line.category, None
        else:
            category, at = line.category, line.index + 1
        index = self.session.add_row(category.table.path, at)
        if index is None:
            return
        cell = self.model.index_of(f"{category.table.path}/{index}/{self.session.definition.expenditure.name_column}")
        self.view.setCurrentIndex(cell)
        self.view.scrollTo(cell)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.edit(cell)

    def remove_item(self) -> None:
        self.view.commit_open_editor()
        line = self.current_line()
        if line is None or line.kind != "item":
            return
        table = line.category.table.path
        name_key = self.session.definition.expenditure.name_column
        name = self.session.value(f"{table}/{line.index}/{name_key}") or "（未命名）"
        answer = QMessageBox.question(
            self, "删除费用", f"删除“{line.category.label}”第{line.index + 1}项“{name}”？删除后立即保存。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        column = self.view.currentIndex().column()
        if self.session.remove_row(table, line.index):
            remaining = len(self.session.rows(table))
            target = (self.model.index_of(f"{table}/{min(line.index, remaining - 1)}/{self.model.keys[max(column, 1)]}")
                      if remaining else self.model.index(self.model.category_row(line.category.key), 1))
            self.view.setCurrentIndex(target)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_item(self, delta: int) -> None:
        self.view.commit_open_editor()
        line = self.current_line()
        if line is None or line.kind != "item":
            return
        column = self.view.currentIndex().column()
        table = line.category.table.path
        if self.session.move_row(table, line.index, line.index + delta):
            target = self.model.index_of(f"{table}/{line.index + delta}/{self.model.keys[max(column, 1)]}")
            self.view.setCurrentIndex(target)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_pointer(self, pointer: str) -> bool:
        index = self.model.index_of(pointer)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def _set_role(label: QLabel, role: str) -> None:
    """Restyle a label for a message level (only when it changes: polishing is not free)."""
    if label.property("role") != role:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)


__all__ = ["ExpenditureEditor"]
