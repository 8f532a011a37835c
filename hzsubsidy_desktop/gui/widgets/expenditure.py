"""The 附件4 expenditure table: line items under the six categories, subtotals and 累计.

A table model over the session's in-memory document: one computed row per category (its
subtotal), the category's items, and a final 累计 row. Computed rows are shaded and cannot be
edited. Each keystroke in an amount cell goes to the session, so subtotals, 累计 and the
findings follow the typing.

Keyboard: Tab / Enter move to the next cell, Ctrl+N or Ctrl+Enter adds an item after the
current one, Delete removes the current item (after asking), Alt+↑ / Alt+↓ reorder, F2 or
typing starts editing, Esc cancels the cell being edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import Category
from hzsubsidy_desktop.gui.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractTableModel,
    QApplication,
    QBrush,
    QColor,
    QEvent,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QResizeEvent,
    QShortcut,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.gui.widgets.fields import edit_text, tooltip_for
from hzsubsidy_desktop.values import amounts

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.session import FillingSession

SERIAL_HEADER = "序号"
GAP = "&nbsp;" * 4
LOW_EDITOR = 420  # below this height the keyboard line is hidden (see ExpenditureEditor.resizeEvent)
COMPUTED_BACKGROUND = QColor("#e8eef6")
COMPUTED_FOREGROUND = QColor("#1f3a5f")
LEVEL_BACKGROUND = {"error": QColor("#fde3e1"), "explain": QColor("#fdebd0"), "warning": QColor("#fff6d6")}


_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
})


@dataclass(frozen=True)
class Line:
    kind: str  # "category", "item" or "total"
    category: Category | None = None
    index: int = -1


class ExpenditureModel(QAbstractTableModel):
    """Rows: per category a subtotal line then its items; a 累计 line at the end."""

    def __init__(self, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.definition = session.definition
        exp = self.definition.expenditure
        # grid columns: 序号, then the definition's 附件4 columns (money columns say their unit)
        self.keys: tuple[str | None, ...] = (None, *(col.key for col in exp.columns))
        self.headers = (SERIAL_HEADER, *(f"{col.label}（万元）" if col.type == "money" else col.label
                                         for col in exp.columns))
        self.money_columns = tuple(i for i, col in enumerate(exp.columns, start=1) if col.type == "money")
        # the category line shows its item count in the last column when that is not an amount
        last = len(exp.columns)
        self.count_column = last if last not in self.money_columns else None
        self.name_column = self.keys.index(exp.name_column)
        self.lines: list[Line] = []
        self.raw: dict[str, tuple[str, str]] = {}  # pointer -> (rejected text, message)
        self.notes: dict[str, str] = {}  # pointer -> what the parse did (e.g. 已按元换算为 0.12 万元)
        self._category_rows: dict[str, int] = {}
        self._shown_totals: dict[int, tuple[str, ...]] = {}
        self._shown_levels: dict[str, str] = {}
        self.rebuild()

    # -- structure ---------------------------------------------------------------------------
    def rebuild(self) -> None:
        self.beginResetModel()
        self.lines = []
        self._category_rows = {}
        for cat in self.definition.categories:
            self._category_rows[cat.key] = len(self.lines)
            self.lines.append(Line("category", cat))
            for i in range(len(self.session.rows(cat.table.path))):
                self.lines.append(Line("item", cat, i))
        self.lines.append(Line("total"))
        self.raw = {}  # row positions may have shifted: rejected texts no longer belong to their cells
        self.notes = {}
        self._shown_totals = {}
        self._shown_levels = {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def line(self, row: int) -> Line:
        return self.lines[row]

    def pointer(self, index: QModelIndex) -> str | None:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        key = self.keys[index.column()]
        if line.kind != "item" or key is None:
            return None
        return f"{line.category.table.path}/{line.index}/{key}"

    def index_of(self, pointer: str) -> QModelIndex:
        """The cell (or for a row / table pointer, the first cell) that shows ``pointer``."""
        tokens = docs.split_pointer(pointer)
        if len(tokens) >= 2 and tokens[0] == "expenditure":
            cat_row = self._category_rows.get(tokens[1])
            if cat_row is None:
                return QModelIndex()
            if len(tokens) >= 3 and tokens[2].isdigit():
                row = cat_row + 1 + int(tokens[2])
                column = (self.keys.index(tokens[3]) if len(tokens) >= 4 and tokens[3] in self.keys
                          else self.name_column)
                if row < len(self.lines) and self.lines[row].kind == "item":
                    return self.index(row, column)
            return self.index(cat_row, self.name_column)
        return QModelIndex()

    def category_row(self, key: str) -> int:
        return self._category_rows[key]

    # -- data -------------------------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.lines[index.row()].kind == "item" and self.keys[index.column()] is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        if line.kind == "item":
            return self._item_data(line, col, role)
        return self._computed_data(line, col, role)

    def _item_data(self, line: Line, col: int, role: int) -> Any:
        key = self.keys[col]
        pointer = f"{line.category.table.path}/{line.index}/{key}" if key else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key is None:
                return str(line.index + 1)
            if pointer in self.raw:
                return self.raw[pointer][0]
            field = line.category.table.column(key)
            return edit_text(field, self.session.value(pointer))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in self.money_columns:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == 0:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if pointer is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            level = self._level(pointer)
            return QBrush(LEVEL_BACKGROUND[level]) if level else None
        if role == Qt.ItemDataRole.ToolTipRole:
            messages = self.messages(pointer)
            field = line.category.table.column(key)
            return "\n".join(messages) if messages else tooltip_for(field) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._item_data(line, col, Qt.ItemDataRole.DisplayRole)
        return None

    def _computed_data(self, line: Line, col: int, role: int) -> Any:
        totals = self.session.totals
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            cat = totals.category(line.category.key) if line.kind == "category" else None
            if col == 0:
                return f"{line.category.label}（小计）" if line.category else "累计"
            if col in self.money_columns:
                return amounts.display((cat.sums if cat else totals.sums)[self.keys[col]])
            if cat and col == self.count_column:
                bad = self.invalid_in(line.category)
                return f"{cat.items} 项" + (f"，{bad} 格无效未计入" if bad else "")
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COMPUTED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.kind == "category" and col == self.count_column and self.invalid_in(line.category):
                return QBrush(QColor("#b3261e"))
            return QBrush(COMPUTED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in self.money_columns:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == self.count_column:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            bad = self.invalid_in(line.category) if line.kind == "category" else len(
                [p for p in self.session.invalid if p.startswith("/expenditure/")])
            left_out = f"；有 {bad} 格填写有误（红色），小计未计入，改正后自动计入" if bad else ""
            return ("自动汇总，不能直接填写" + left_out
                    + ("；选中本行按 Ctrl+N 在此类下添加费用" if line.kind == "category" else ""))

        return None

    def _level(self, pointer: str) -> str:
        if pointer in self.raw or pointer in self.session.invalid:
            return "error"
        levels = {f.level.value for f in self.session.shown_findings(pointer) if f.blocking or f.level.value == "warning"}
        for level in ("error", "explain", "warning"):
            if level in levels:
                return level
        return ""

    def messages(self, pointer: str) -> list[str]:
        if pointer in self.raw:
            return [self.raw[pointer][1]]
        if pointer in self.session.invalid:
            return [self.session.invalid[pointer]]
        found = [f.message for f in self.session.shown_findings(pointer)]
        return found + ([self.notes[pointer]] if pointer in self.notes else [])

    def invalid_in(self, category: Category) -> int:
        """Cells of ``category`` whose typed text was rejected (left out of its subtotal)."""
        prefix = category.table.path + "/"
        return sum(1 for p in self.session.invalid if p.startswith(prefix))

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        pointer = self.pointer(index)
        if pointer is None or role != Qt.ItemDataRole.EditRole:
            return False
        self.session.commit(pointer, value)
        message = self.session.invalid.get(pointer)
        if message:
            self.raw[pointer] = (str(value), message)
        else:
            self.raw.pop(pointer, None)
        self.dataChanged.emit(index, index)
        return True

    # -- live updates -------------------------------------------------------------------------
    # Only cells whose text or marking changed are announced: repainting the whole table on
    # every keystroke would cost more than the whole check of the application.
    def totals_changed(self) -> None:
        totals = self.session.totals
        shown: dict[int, tuple[str, ...]] = {}
        for cat in totals.categories:
            bad = self.invalid_in(self.lines[self._category_rows[cat.key]].category)
            shown[self._category_rows[cat.key]] = (*map(str, cat.sums.values()), str(cat.items), str(bad))
        shown[len(self.lines) - 1] = (*map(str, totals.sums.values()), "", "")
        first = min(self.money_columns, default=1)
        for row, texts in shown.items():
            if self._shown_totals.get(row) != texts:
                self.dataChanged.emit(self.index(row, first), self.index(row, len(self.keys) - 1),
                                      [Qt.ItemDataRole.DisplayRole])
        self._shown_totals = shown

    def findings_changed(self) -> None:
        levels = {}
        for pointer in self.session.by_path:
            if pointer.startswith("/expenditure/") and pointer.count("/") == 4:
                level = self._level(pointer)
                if level:
                    levels[pointer] = level
        for pointer in [*self.raw, *self.session.invalid]:
            levels[pointer] = "error"
        for pointer in set(levels) ^ set(self._shown_levels) | {
                p for p in levels if self._shown_levels.get(p) != levels[p]}:
            index = self.index_of(pointer)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.BackgroundRole])
        self._shown_levels = levels


class CellDelegate(QStyledItemDelegate):
    """Line edits named after the cell's pointer; keystrokes go live to the session."""

    add_requested = Signal()

    def __init__(self, model: ExpenditureModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.session = model.session
        self._before: dict[str, Any] = {}

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        pointer = self.model.pointer(index)
        line = self.model.line(index.row())
        field = line.category.table.column(self.model.keys[index.column()])
        editor = QLineEdit(parent)
        editor.setObjectName(pointer)
        editor.setProperty("pointer", pointer)
        editor.setAccessibleName(f"{line.category.label}第{line.index + 1}项{field.label}")
        tip = tooltip_for(field)
        if tip:
            editor.setToolTip(tip)
        editor.setFrame(False)
        if index.column() in self.model.money_columns:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            editor.setPlaceholderText("万元")
        self._before[pointer] = self.session.value(pointer)
        editor.textEdited.connect(lambda text, p=pointer: self.session.type_text(p, text))
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if not editor.isModified():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: QModelIndex) -> None:  # noqa: N802
        pointer = editor.objectName()
        self._before.pop(pointer, None)
        if editor.isModified() or pointer in self.model.raw:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            editor.setModified(False)

    def eventFilter(self, editor: QWidget, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commitData.emit(editor)
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                    self.add_requested.emit()
                else:
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
                return True
            if key == Qt.Key.Key_Escape:
                self._revert(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
        return super().eventFilter(editor, event)

    def _revert(self, editor: QLineEdit) -> None:
        """Esc: forget what was typed in this cell; the stored value stays."""
        pointer = editor.objectName()
        editor.setModified(False)
        if pointer in self._before:
            self.session.revert_typing(pointer, self._before.pop(pointer))


class ExpenditureView(QTableView):
    """Keyboard handling of the table (Enter edits, Delete asks, Alt+arrows move)."""

    delete_requested = Signal()
    move_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        mods = event.modifiers()
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & Qt.KeyboardModifier.ControlModifier:
                current = self.currentIndex()
                if current.flags() & Qt.ItemFlag.ItemIsEditable:
                    self.edit(current)
                else:
                    self.setCurrentIndex(self.moveCursor(QAbstractItemView.CursorAction.MoveNext, mods))
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and mods == Qt.KeyboardModifier.NoModifier:
                self.delete_requested.emit()
                return
            if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)

    def commit_open_editor(self) -> None:
        """Commit and close the cell editor, if one is open (before adding or removing rows)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class ExpenditureEditor(QWidget):
    """Toolbar, the table, and a message line showing the current cell's findings."""

    def __init__(self, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.definition = session.definition
        self.model = ExpenditureModel(session, self)
        self._sticky: tuple[str, str, str] | None = None  # (pointer, text, level) of the last input remark
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
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        # widths from the definition: no screen width = the column stretches; amounts keep theirs
        exp = self.session.definition.expenditure
        for col, key in enumerate(self.model.keys):
            width = exp.width(key or "serial").screen
            if width is None:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
                continue
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
        self.apply_spans()
        self._totals_changed()
        self._report_changed()

    # -- structure ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """On a low screen (150 % of 768 px) the table keeps its rows: the keyboard line goes
        (its text stays in the table's tooltip and the user guide) and the message line takes
        no room while empty."""
        super().resizeEvent(event)
        low = self.height() < LOW_EDITOR
        if self.keys.isHidden() != low:
            self.keys.setVisible(not low)
            self.message.setMinimumHeight(0 if low else self.message.fontMetrics().height() * 2 + 4)

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
        if text != self.message.text():
            self.message.setText(text)

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
            if self.message.text():
                self.message.setText("")
            return
        invalid = self.session.invalid.get(pointer)
        if invalid and invalid not in messages:
            messages.insert(0, invalid)
        level = self.model._level(pointer) or ("error" if invalid else "")
        _set_role(self.message, level or "muted")
        text = "\n".join(messages)
        if text != self.message.text():
            self.message.setText(text)

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


__all__ = ["CellDelegate", "ExpenditureEditor", "ExpenditureModel", "ExpenditureView", "Line"]
