"""The 附件4 expenditure table model: one computed row per category (its subtotal), the category's
items, and a final 累计 row over the session's in-memory document. Computed rows are shaded and
cannot be edited; each edit goes to the session, so subtotals, 累计 and the findings follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import Category
from hzsubsidy_desktop.gui.qt import QAbstractTableModel, QBrush, QColor, QFont, QModelIndex, Qt, QWidget
from hzsubsidy_desktop.gui.widgets.field_text import edit_text, tooltip_for
from hzsubsidy_desktop.values import amounts

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.session import FillingSession


SERIAL_HEADER = "序号"
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
        self.short_headers = False  # a narrow grid: money headers without "（万元）" (the grid says 单位：万元)
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

    def header_text(self, section: int) -> str:
        """A column's title as shown (short in a narrow grid)."""
        text = self.headers[section]
        return text.removesuffix("（万元）") if self.short_headers and section in self.money_columns else text

    def set_short_headers(self, short: bool) -> None:
        if short != self.short_headers:
            self.short_headers = short
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header_text(section)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
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
            if len(tokens) >= 3 and tokens[2].isdecimal():
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
