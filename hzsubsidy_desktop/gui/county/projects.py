"""The table of every imported project: 附件5's columns, the check result and the review state.

:class:`ProjectTableModel` shows :class:`~hzsubsidy_desktop.county.ProjectRow` objects
(computed by the core, the same rows the exports write); :class:`ProjectFilter` sorts by the
underlying values (money as Decimal, states in their natural order) and filters by project type,
review state, check result and a search text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop.county import REVIEW_STATES, ProjectRow
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

REVIEW_KEY = "#review"
STATUS_KEY = "#status"
COMMENT_KEY = "#comment"

STATUS_ORDER = {"error": 0, "explain": 1, "warning": 2, "ready": 3}
STATUS_COLOURS = {"error": "#b3261e", "explain": "#8a4b00", "warning": "#8a6100", "ready": "#2e6b30"}
REVIEW_COLOURS = {"待审核": "#4b5563", "已通过": "#2e6b30", "需修改": "#8a4b00", "退回": "#b3261e"}
# Problem filter: label → statuses it keeps
STATUS_FILTERS = {
    "全部检查结果": None,
    "有错误或待说明": {"error", "explain"},
    "仅有提示": {"warning"},
    "无问题": {"ready"},
}
# Width in pixels of the clerk's own columns; the 附件5 columns' widths come from the definition.
COLUMN_WIDTHS = {REVIEW_KEY: 72, STATUS_KEY: 150, COMMENT_KEY: 200}


def column_width(definition: FormDefinition, key: str) -> int:
    """Pixels for a column of the clerk's table (100 when neither the code nor the definition says)."""
    if key in COLUMN_WIDTHS:
        return COLUMN_WIDTHS[key]
    return next((c.width.screen for c in definition.list.columns if c.key == key and c.width.screen), 100)


def status_text(row: ProjectRow) -> str:
    """The check result as the clerk reads it: "2 个错误，1 个提示", "无问题"…"""
    errors, warnings = row.error_count, row.warning_count
    if row.status == "error":
        text = f"{errors} 个错误" if errors else "有错误"
    elif row.status == "explain":
        text = f"{errors} 项待说明" if errors else "有待说明"
    elif row.status == "warning" or warnings:
        return f"{warnings} 个提示" if warnings else "有提示"
    else:
        return "无问题"
    return text + (f"，{warnings} 个提示" if warnings else "")


class ProjectTableModel(QAbstractTableModel):
    """One row per project; columns: 序号, 审核状态, 检查结果, the rest of 附件5, 审核意见."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    KeyRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, definition: FormDefinition, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        list_columns = {c.key: c for c in definition.list.columns}
        self.money = {c.key for c in definition.list.columns if c.money or c.percent}
        keys = [c.key for c in definition.list.columns]
        self.keys: list[str] = [keys[0], REVIEW_KEY, STATUS_KEY, *keys[1:], COMMENT_KEY]
        self.headers: list[str] = []
        self.header_tips: list[str] = []
        for key in self.keys:
            if key == REVIEW_KEY:
                self.headers.append("审核状态")
                self.header_tips.append("县级审核状态：待审核、已通过、需修改、退回")
            elif key == STATUS_KEY:
                self.headers.append("检查结果")
                self.header_tips.append("按填报要求自动检查的结果（错误、待说明、提示）")
            elif key == COMMENT_KEY:
                self.headers.append("审核意见")
                self.header_tips.append("县级审核意见")
            else:
                col = list_columns[key]
                label = f"相关费用{col.label}" if col.group else col.label
                self.headers.append(label)
                self.header_tips.append(f"{col.group}：{col.label}" if col.group else col.label)
        self.rows: list[ProjectRow] = []
        self._by_id: dict[str, int] = {}

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips[section]
        if role == self.KeyRole:
            return self.keys[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.keys[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.text(row, key)
            if key == STATUS_KEY:
                return text + "（在右侧查看详情）"
            return text if len(text) > 12 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in self.money:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key == "seq":
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == STATUS_KEY:
                return QBrush(QColor(STATUS_COLOURS.get(row.status, "#1f2937")))
            if key == REVIEW_KEY:
                return QBrush(QColor(REVIEW_COLOURS.get(row.review_state, "#1f2937")))
        if role == self.SortRole:
            return self.sort_key(row, key)
        if role == self.RowRole:
            return row
        return None

    # -- values ------------------------------------------------------------------------------
    @staticmethod
    def text(row: ProjectRow, key: str) -> str:
        if key == REVIEW_KEY:
            return row.review_state
        if key == STATUS_KEY:
            return status_text(row)
        if key == COMMENT_KEY:
            return row.review_comment
        return row.texts.get(key, "")

    @staticmethod
    def sort_key(row: ProjectRow, key: str) -> tuple[Any, ...]:
        if key == REVIEW_KEY:
            state = row.review_state
            return (REVIEW_STATES.index(state) if state in REVIEW_STATES else len(REVIEW_STATES),)
        if key == STATUS_KEY:
            return (STATUS_ORDER.get(row.status, 9), -row.error_count, -row.warning_count)
        if key == COMMENT_KEY:
            return (row.review_comment,)
        value = row.values.get(key)
        if value is None or value == "":
            return (0, Decimal(0), "")
        if isinstance(value, (Decimal, int)):
            return (1, Decimal(value), "")
        return (1, Decimal(0), str(value))

    # -- changes -----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ProjectRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._by_id = {r.app_id: i for i, r in enumerate(self.rows)}
        self.endResetModel()

    def row_of(self, app_id: str) -> int:
        return self._by_id.get(app_id, -1)

    def project(self, app_id: str) -> ProjectRow | None:
        i = self.row_of(app_id)
        return self.rows[i] if i >= 0 else None

    def update_row(self, row: ProjectRow) -> None:
        i = self.row_of(row.app_id)
        if i < 0:
            return
        self.rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.keys) - 1))


class ProjectFilter(QSortFilterProxyModel):
    """Filtering by project type, review state, check result and a search text; sorting by value."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_type: str | None = None
        self.review_state: str | None = None
        self.statuses: set[str] | None = None
        self.search = ""
        self.setSortRole(ProjectTableModel.SortRole)

    def set_filters(
        self,
        *,
        project_type: str | None = None,
        review_state: str | None = None,
        statuses: set[str] | None = None,
        search: str = "",
    ) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self._store_filters(project_type, review_state, statuses, search)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._store_filters(project_type, review_state, statuses, search)
            self.invalidateFilter()

    def _store_filters(
        self, project_type: str | None, review_state: str | None, statuses: set[str] | None, search: str
    ) -> None:
        self.project_type = project_type or None
        self.review_state = review_state or None
        self.statuses = statuses
        self.search = " ".join(search.split()).casefold()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, ProjectTableModel):
            return True
        row = model.rows[source_row]
        if self.project_type and self.project_type not in row.project_types:
            return False
        if self.review_state and row.review_state != self.review_state:
            return False
        if self.statuses is not None and row.status not in self.statuses:
            return False
        if self.search:
            haystack = " ".join([*row.texts.values(), row.review_comment, row.review_state]).casefold()
            return all(word in haystack for word in self.search.split(" "))
        return True

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        a = left.data(ProjectTableModel.SortRole)
        b = right.data(ProjectTableModel.SortRole)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
