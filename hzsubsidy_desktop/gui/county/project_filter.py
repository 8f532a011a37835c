"""The clerk's list filters: project type, review state, check result and a search text.

The proxy keeps the settings and passes the model's rows and order through; the source
:class:`~.projects.ProjectTableModel` asks :meth:`ProjectFilter.accepted` which rows to show (one
pass over the rows per keystroke; narrowing a search re-checks only the rows that matched).
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.county import ProjectRow
from hzsubsidy_desktop.gui.county.project_cells import row_flags
from hzsubsidy_desktop.gui.county.projects import ProjectTableModel
from hzsubsidy_desktop.gui.qt import QObject, QSortFilterProxyModel, Qt
from hzsubsidy_desktop.values.identity import name_key


class ProjectFilter(QSortFilterProxyModel):
    """The filter settings (project type, review state, check result, search text); the source model
    applies them (see the module notes), this proxy passes its rows and order through."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_type: str | None = None
        self.review_state: str | None = None
        self.statuses: set[str] | None = None
        self.search = ""
        # The last filters and what they accepted (narrowing a search re-checks only those rows).
        self._previous: tuple[tuple[Any, ...], list[ProjectRow], set[str]] | None = None

    def setSourceModel(self, model: Any) -> None:  # noqa: N802 - Qt override
        super().setSourceModel(model)
        if isinstance(model, ProjectTableModel):
            model.accepted = self.accepted

    def set_filters(
        self,
        *,
        project_type: str | None = None,
        review_state: str | None = None,
        statuses: set[str] | None = None,
        search: str = "",
    ) -> None:
        self.project_type = project_type or None
        self.review_state = review_state or None
        self.statuses = statuses
        self.search = name_key(search)  # full-width, invisible characters and any space typed as the list shows
        model = self.sourceModel()
        if isinstance(model, ProjectTableModel):
            model.refilter()

    def accepted(self, rows: list[ProjectRow]) -> set[str] | None:
        """The app ids among ``rows`` that pass the filters; None when nothing is filtered."""
        if not (self.project_type or self.review_state or self.statuses is not None or self.search):
            self._previous = None
            return None
        settings = (self.project_type, self.review_state, self.statuses, self.search)
        previous = self._previous
        model = self.sourceModel()
        assert isinstance(model, ProjectTableModel)
        if previous is not None and previous[1] is rows and previous[0][:3] == settings[:3] \
                and previous[0][3] and self.search.startswith(previous[0][3]):
            # Typing on: only rows that matched the shorter text can match the longer one.
            candidates = [r for r in rows if r.app_id in previous[2]]
        else:
            candidates = rows
            if self.project_type:
                candidates = [r for r in candidates if self.project_type in r.project_types]
            if self.review_state:
                candidates = [r for r in candidates if r.review_state == self.review_state]
            if self.statuses is not None:
                statuses = self.statuses
                candidates = [r for r in candidates if row_flags(r) & statuses]
        haystack = model.haystack
        for word in self.search.split(" ") if self.search else ():
            candidates = [r for r in candidates if word in haystack(r)]
        accepted = {r.app_id for r in candidates}
        self._previous = (settings, rows, accepted)
        return accepted

    def shown_rows(self) -> list[ProjectRow]:
        """The rows that pass the filters, in the table's order."""
        model = self.sourceModel()
        return list(model.rows) if isinstance(model, ProjectTableModel) else []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source model's rows itself (see the module notes); the proxy keeps their order."""
        model = self.sourceModel()
        if isinstance(model, ProjectTableModel):
            model.sort_rows(column, order)
        else:  # pragma: no cover - only ProjectTableModel is used
            super().sort(column, order)
