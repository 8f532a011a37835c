"""The table of every imported project: 附件5's columns, the check result and the review state.

:class:`ProjectTableModel` shows :class:`~hzsubsidy_desktop.county.ProjectRow` objects
(computed by the core, the same rows the exports write; what each cell shows is in
:mod:`.project_cells`), sorted by the underlying values (money as Decimal, states in their natural
order) and filtered by :class:`~.project_filter.ProjectFilter` (project type, review state, check
result, search text).

Speed at 10,000 projects: sorting and filtering run in Python over the row list, once per click or
keystroke (sort keys and search texts are computed once per row and column), never through one
Python ``data()``/``lessThan()``/``filterAcceptsRow()`` call per row or comparison. The model holds
every row (``all_rows``) and exposes the ones shown (``rows``), in order: sorting is a layout change
(the selection follows its rows), a filter change a reset when what is shown changed. The proxy
keeps the filter settings and passes everything through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop.county import ProjectRow
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.gui.county.project_cells import (
    COMMENT_KEY,
    REVIEW_COLOURS,
    REVIEW_KEY,
    STATUS_KEY,
    cell_text,
    search_text,
    sort_key,
    status_colour,
)
from hzsubsidy_desktop.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

_ZERO = Decimal(0)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES = {_DISPLAY, _TOOLTIP, _ALIGNMENT, _FOREGROUND, int(Qt.ItemDataRole.UserRole) + 1, int(Qt.ItemDataRole.UserRole) + 2}
_BRUSHES: dict[str, QBrush] = {}


def _brush(colour: str) -> QBrush:
    brush = _BRUSHES.get(colour)
    if brush is None:
        brush = _BRUSHES[colour] = QBrush(QColor(colour))
    return brush


class ProjectTableModel(QAbstractTableModel):
    """One row per project; columns: 序号, 审核状态, 检查结果, the rest of 附件5, 审核意见."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    SortRole = Qt.ItemDataRole.UserRole + 2
    KeyRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, definition: FormDefinition, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all_rows: list[ProjectRow] = []  # every project, in the sort order
        self.rows: list[ProjectRow] = []  # those shown (passing the filter), in the sort order
        self._by_id: dict[str, int] = {}  # app id -> position in rows
        self._projects: dict[str, ProjectRow] = {}  # app id -> row, shown or not
        self.accepted: Callable[[list[ProjectRow]], set[str] | None] = lambda rows: None  # set by the filter
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._sort_keys: dict[str, dict[str, tuple[Any, ...]]] = {}  # column key -> app id -> sort key
        self._haystacks: dict[str, str] = {}  # app id -> casefolded text searched
        self._generation = 0  # of set_rows: idle work for older rows stops
        self._columns_of(definition)

    def set_definition(self, definition: FormDefinition) -> None:
        """Show the 附件5 columns of another notice (the rows are set again after)."""
        self.beginResetModel()
        self.all_rows, self.rows, self._by_id, self._projects = [], [], {}, {}
        self._sort_keys.clear()
        self._haystacks.clear()
        self._sort = None  # the columns differ
        self._columns_of(definition)
        self.endResetModel()

    def _columns_of(self, definition: FormDefinition) -> None:
        self.definition = definition
        list_columns = {c.key: c for c in definition.list.columns}
        self.money = {c.key for c in definition.list.columns if c.money or c.percent}
        keys = [c.key for c in definition.list.columns]
        self._row_numbers = {c.key for c in definition.list.columns
                             if c.source.startswith("@") and definition.calculation(c.source).how == "row_number"}
        self.keys: list[str] = [keys[0], REVIEW_KEY, STATUS_KEY, *keys[1:], COMMENT_KEY]
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._alignments = [right if k in self.money else int(Qt.AlignmentFlag.AlignCenter) if k == "seq" else left
                            for k in self.keys]
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
        # Called for every role of every visible cell on each repaint: unhandled roles return first,
        # and alignments and brushes are computed once.
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        key = self.keys[column]
        if role == _DISPLAY:
            return self.text(row, key)
        if role == _ALIGNMENT:
            return self._alignments[column]
        if role == _FOREGROUND:
            if key == STATUS_KEY:
                return _brush(status_colour(row))
            if key == REVIEW_KEY:
                return _brush(REVIEW_COLOURS.get(row.review_state, "#1f2937"))
            return None
        if role == _TOOLTIP:
            text = self.text(row, key)
            if key == STATUS_KEY:
                return text + "（在右侧查看详情）"
            return text if len(text) > 12 else None
        if role == self.SortRole:
            return self.sort_key(row, key)
        if role == self.RowRole:
            return row
        return None

    # -- values ------------------------------------------------------------------------------
    text = staticmethod(cell_text)
    sort_key = staticmethod(sort_key)

    def haystack(self, row: ProjectRow) -> str:
        """Everything the search box looks in, normalised as identities are (NFKC, invisible characters
        removed, spaces collapsed, casefolded; computed once per row)."""
        text = self._haystacks.get(row.app_id)
        if text is None:
            text = self._haystacks[row.app_id] = search_text(row)
        return text

    # -- sorting and filtering -----------------------------------------------------------------
    def sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Reorder the rows by ``column`` (stable); selections and other persistent indexes follow."""
        if not 0 <= column < len(self.keys):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.rows[i.row()].app_id, i.column()) if i.isValid() else None for i in persistent]
        self._order_rows()
        self.rows = self._shown()
        self._by_id = {r.app_id: i for i, r in enumerate(self.rows)}
        self.changePersistentIndexList(
            persistent,
            [self.index(self._by_id[h[0]], h[1]) if h is not None else QModelIndex() for h in held],
        )
        self.layoutChanged.emit()

    def _order_rows(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        key = self.keys[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if key in self._row_numbers:  # 序号: whole numbers, the default order of a list just read
            self.all_rows.sort(key=lambda r: r.values.get(key) if type(r.values.get(key)) is int else 0,
                               reverse=descending)
            return
        keys = self._sort_keys.setdefault(key, {})
        missing = [r for r in self.all_rows if r.app_id not in keys]
        if key in (REVIEW_KEY, STATUS_KEY, COMMENT_KEY):
            for r in missing:
                keys[r.app_id] = self.sort_key(r, key)
        else:  # sort_key inlined: this runs over every row when a list of 10,000 arrives
            for r in missing:
                v = r.values.get(key)
                keys[r.app_id] = (0, _ZERO, "") if v is None or v == "" else (
                    (1, v, "") if isinstance(v, (Decimal, int)) else (1, _ZERO, str(v)))
        try:
            self.all_rows.sort(key=lambda r: keys[r.app_id], reverse=descending)
        except TypeError:  # keys of mixed kinds: compare as text
            self.all_rows.sort(key=lambda r: str(keys[r.app_id]), reverse=descending)

    def _shown(self) -> list[ProjectRow]:
        accepted = self.accepted(self.all_rows)
        return list(self.all_rows) if accepted is None else [r for r in self.all_rows if r.app_id in accepted]

    def refilter(self) -> None:
        """Show the rows the filter accepts now (a reset, only when that changes what is shown)."""
        shown = self._shown()
        if [r.app_id for r in shown] == [r.app_id for r in self.rows]:
            return
        self.beginResetModel()
        self.rows = shown
        self._by_id = {r.app_id: i for i, r in enumerate(self.rows)}
        self.endResetModel()

    # -- changes -----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ProjectRow]) -> None:
        self.beginResetModel()
        self.all_rows = list(rows)
        self._projects = {r.app_id: r for r in self.all_rows}
        self._sort_keys.clear()
        self._haystacks = {}
        self._generation += 1
        generation = self._generation
        rows_set = list(self.all_rows)
        QTimer.singleShot(0, lambda: self._warm_search(generation, rows_set))
        self._order_rows()
        self.rows = self._shown()
        self._by_id = {r.app_id: i for i, r in enumerate(self.rows)}
        self.endResetModel()

    def _warm_search(self, generation: int, rows: list[ProjectRow], start: int = 0) -> None:
        """Compute search texts a few hundred rows at a time while the window is idle, so the first
        keystroke in a list of 10,000 finds them ready (work on a worker thread would slow every
        repaint: each Qt call would wait for the interpreter lock)."""
        if generation != self._generation:
            return
        end = min(start + 400, len(rows))
        for row in rows[start:end]:  # the rows as set (sorting reorders all_rows meanwhile)
            if self._projects.get(row.app_id) is row:
                self.haystack(row)
        if end < len(rows):
            QTimer.singleShot(0, lambda: self._warm_search(generation, rows, end))

    def row_of(self, app_id: str) -> int:
        """The row of ``app_id`` in the table (-1 when it is filtered out or unknown)."""
        return self._by_id.get(app_id, -1)

    def project(self, app_id: str) -> ProjectRow | None:
        """The project ``app_id``, shown or not."""
        return self._projects.get(app_id)

    def update_row(self, row: ProjectRow) -> None:
        old = self._projects.get(row.app_id)
        if old is None:
            return
        self._projects[row.app_id] = row
        self.all_rows = [row if r is old else r for r in self.all_rows]
        for keys in self._sort_keys.values():
            keys.pop(row.app_id, None)
        self._haystacks.pop(row.app_id, None)
        before = [r.app_id for r in self.rows]
        self._order_rows()
        shown = self._shown()
        if [r.app_id for r in shown] == before:
            self.rows = shown
            i = self._by_id[row.app_id] if row.app_id in self._by_id else -1
            if i >= 0:
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.keys) - 1))
            return
        self.beginResetModel()  # the row moved, left or joined what is shown
        self.rows = shown
        self._by_id = {r.app_id: i for i, r in enumerate(self.rows)}
        self.endResetModel()
