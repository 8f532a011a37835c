"""The 项目清单 tab of the 汇总 workspace: filters, the 附件5 table (read on a worker thread when
long, :mod:`.loading`), the review panel beside it, the 疑似重复 banner, totals, and opening a
project in the wizard or moving it to the trash.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from hzsubsidy_desktop import county
from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import REVIEW_STATES, ProjectRow
from hzsubsidy_desktop.county.explanations import explanation_flags
from hzsubsidy_desktop.gui.county.conflict import ConflictDialog
from hzsubsidy_desktop.gui.county.editor import ClerkEditorWindow
from hzsubsidy_desktop.gui.county.import_bar import DROP_HINT
from hzsubsidy_desktop.gui.county.loading import BACKGROUND_FROM
from hzsubsidy_desktop.gui.county.project_cells import STATUS_FILTERS, column_width
from hzsubsidy_desktop.gui.county.project_filter import ProjectFilter
from hzsubsidy_desktop.gui.county.projects import ProjectTableModel
from hzsubsidy_desktop.gui.county.review import ReviewPanel
from hzsubsidy_desktop.gui.dialogs import on_enter
from hzsubsidy_desktop.gui.operations import APPLICATIONS, DOCUMENT, run_op
from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QItemSelection,
    QLabel,
    QLineEdit,
    QModelIndex,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from hzsubsidy_desktop.values import amounts

ALL_TYPES = "全部项目类型"
ALL_STATES = "全部审核状态"


class ListTab:
    """The 项目清单 tab (mixed into :class:`~.workspace.ClerkWorkspace`)."""

    def _build_projects_tab(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 6, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit(page)
        self.search.setObjectName("search")
        self.search.setAccessibleName("搜索")
        self.search.setPlaceholderText("搜索项目名称、企业、地点、审核意见…")
        self.search.setClearButtonEnabled(True)
        self.filter_type = QComboBox(page)
        self.filter_type.setObjectName("filter_type")
        self.filter_type.setAccessibleName("项目类型")
        self.filter_type.addItem(ALL_TYPES, "")
        for choice in self.definition.field("/project/types").choices:
            self.filter_type.addItem(choice, choice)
        self.filter_review = QComboBox(page)
        self.filter_review.setObjectName("filter_review")
        self.filter_review.setAccessibleName("审核状态")
        self.filter_review.addItem(ALL_STATES, "")
        for state in REVIEW_STATES:
            self.filter_review.addItem(state, state)
        self.filter_status = QComboBox(page)
        self.filter_status.setObjectName("filter_status")
        self.filter_status.setAccessibleName("检查结果")
        for label in STATUS_FILTERS:
            self.filter_status.addItem(label, label)
        self.count_label = QLabel("", page)
        self.count_label.setObjectName("projectCount")
        self.count_label.setProperty("role", "muted")
        # Shown only when the database holds applications of more than one notice.
        self.notice_box = QComboBox(page)
        self.notice_box.setObjectName("noticeSelector")
        self.notice_box.setAccessibleName("申报通知")
        self.notice_box.setToolTip("数据库中有多份申报通知的项目：附件5 清单和汇总包按所选通知分别导出")
        self.notice_box.hide()
        self.notice_box.activated.connect(self._notice_picked)
        filters.addWidget(self.notice_box, 2)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.filter_type, 2)
        filters.addWidget(self.filter_review, 1)
        filters.addWidget(self.filter_status, 1)
        filters.addWidget(self.count_label)
        outer.addLayout(filters)
        self.search.textChanged.connect(self._apply_filters)
        for combo in (self.filter_type, self.filter_review, self.filter_status):
            combo.currentIndexChanged.connect(self._apply_filters)

        self.project_model = ProjectTableModel(self.definition, self)
        self.project_filter = ProjectFilter(self)
        self.project_filter.setSourceModel(self.project_model)
        # Filtering, and an edit that moves a row, reset the model: keep the reviewed project selected.
        self.project_model.modelReset.connect(self._keep_selection)
        table = QTableView(page)
        table.setObjectName("projectTable")
        table.setAccessibleName("项目清单")
        table.setModel(self.project_filter)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self.table = table
        self._column_widths()
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda index: self.open_editor(self._app_at(index)))
        on_enter(table, lambda: self.open_editor(self._app_at(table.currentIndex())))  # keyboard: Enter
        self.table = table

        self.project_stack = QStackedWidget(page)
        empty = QLabel("还没有导入任何项目。\n\n点击上方的“导入文件…”或“导入文件夹…”，\n或者" + DROP_HINT[1:], page)
        empty.setObjectName("projectsEmpty")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setProperty("role", "muted")
        self.project_stack.addWidget(empty)
        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setObjectName("projectSplitter")
        splitter.addWidget(table)
        self.review = ReviewPanel(self.workspace, self.definition, page)
        self.review.review_saved.connect(self._review_saved)
        self.review.edit_requested.connect(self.open_editor)
        self.review.remove_requested.connect(self.remove_project)
        # The panel scrolls on a low screen (1366×768 at 150 %) instead of making the window taller.
        review_scroll = QScrollArea(page)
        review_scroll.setObjectName("reviewScroll")
        review_scroll.setWidgetResizable(True)
        review_scroll.setFrameShape(QFrame.Shape.NoFrame)
        review_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        review_scroll.setWidget(self.review)
        review_scroll.setMinimumWidth(self.review.minimumSizeHint().width() + 16)
        splitter.addWidget(review_scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setCollapsible(0, False)
        splitter.setSizes([900, 300])
        self.project_stack.addWidget(splitter)
        pending_row = QHBoxLayout()
        self.pending_label = QLabel("", page)
        self.pending_label.setObjectName("pendingDuplicates")
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet("color: #8a4b00;")
        self.pending_button = self._button("核对疑似重复…", "decideDuplicates", "逐个查看疑似重复的申报与原有申报的差异，决定都保留或只保留一份")
        self.pending_button.clicked.connect(self.decide_pending)
        pending_row.addWidget(self.pending_label, 1)
        pending_row.addWidget(self.pending_button)
        outer.addLayout(pending_row)
        self.pending_label.hide()
        self.pending_button.hide()
        outer.addWidget(self.project_stack, 1)
        self.totals_label = QLabel("", page)
        self.totals_label.setObjectName("projectTotals")
        self.totals_label.setProperty("role", "muted")
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.totals_label)
        return page

    # == refreshing ================================================================================
    def refresh(self) -> None:
        """Reload the project table from the database (keeps filters, sorting and the selection).

        A long list is read on a worker thread (:mod:`.loading`) and shown when it arrives."""
        self._refresh_timer.stop()
        if self._sync_notices():
            return  # switched notice: refreshed already
        if len(self.project_model.all_rows) >= BACKGROUND_FROM or self.workspace.application_count() >= BACKGROUND_FROM:
            if not self.project_model.all_rows:
                self.project_stack.setCurrentIndex(1)
                self.count_label.setText("正在读取项目清单…")
            self.loader.start()
            return
        outcome = run_op(self, lambda: self.workspace.project_rows(self.definition), quiet=True)
        if outcome.ok:
            self._set_rows(outcome.value or [])

    def _rows_loaded(self, rows: list[ProjectRow]) -> None:
        self._set_rows(rows)

    def _rows_failed(self, message: str) -> None:
        self._update_count()
        self._status(f"项目清单未能读取：{message}")

    def wait_for_rows(self, timeout: float = 60.0) -> None:
        """Block until a list being read on the worker thread is shown (tests, benchmarks)."""
        self.loader.wait(timeout)
        QApplication.processEvents()

    def _column_widths(self) -> None:
        for col, key in enumerate(self.project_model.keys):
            self.table.setColumnWidth(col, column_width(self.definition, key))

    def _set_rows(self, rows: Sequence[ProjectRow]) -> None:
        self._show_pending()
        selected = self.current_app
        self.project_model.set_rows(rows)
        self.project_stack.setCurrentIndex(1 if rows else 0)
        self._update_count()
        if selected and self.project_model.row_of(selected) >= 0:
            self.select_project(selected)
            self.review.show_project(self.project_model.project(selected))
        elif selected:
            self.review.show_project(None)

    def refresh_project(self, app_id: str) -> bool:
        """Recompute one row (after the clerk edited it); False when a full refresh is needed."""
        old = self.project_model.project(app_id)
        if old is None:
            return False

        def compute() -> ProjectRow | None:
            summary = self.workspace.summary(app_id)
            if summary.deleted_at is not None or summary.form_id != self.definition.id:
                return None
            doc = self._load(app_id)
            values, texts = county.row_for(
                self.definition, doc, seq=old.values.get("seq") or 0, city=old.city, county=old.county
            )
            types = docs.get(doc, "/project/types") or []
            explained, unmet = explanation_flags(self.definition, doc)
            return dataclasses.replace(
                old, values=values, texts=texts, status=summary.status, error_count=summary.error_count,
                warning_count=summary.warning_count, review_state=summary.review_state,
                review_comment=summary.review_comment, project_types=tuple(types) if isinstance(types, list) else (),
                enterprise_type=str(docs.get(doc, "/enterprise/enterprise_type") or ""),
                explained=explained, unmet=unmet,
            )

        outcome = run_op(self, compute, quiet=True)
        if not outcome.ok or outcome.value is None:
            return False
        self.project_model.update_row(outcome.value)
        if app_id == self.current_app:
            self.review.show_project(outcome.value)
        return True

    def _update_count(self) -> None:
        total = len(self.project_model.all_rows)
        shown = self.project_filter.rowCount()
        approved = sum(1 for r in self.project_model.all_rows if r.review_state == "已通过")
        text = f"共 {total} 个项目，已通过 {approved} 个"
        if shown != total:
            text += f"，显示 {shown} 个"
        self.count_label.setText(text)
        sums = county.column_totals(self.definition, self.project_filter.shown_rows())
        labels = {c.key: (f"{c.group}{c.label}" if c.group else c.label) for c in self.definition.list.columns}
        parts = [f"{labels[key]} {amounts.display(value, grouping=True)}" for key, value in sums.items()]
        prefix = "合计" if shown == total else f"显示的 {shown} 个项目合计"
        self.totals_label.setText(f"{prefix}（万元）：" + "，".join(parts) if shown else "")

    def _apply_filters(self) -> None:
        self.project_filter.set_filters(
            project_type=self.filter_type.currentData(),
            review_state=self.filter_review.currentData(),
            statuses=STATUS_FILTERS.get(self.filter_status.currentData() or ""),
            search=self.search.text(),
        )
        self._update_count()

    def shown_projects(self) -> list[str]:
        """Project names in the table as it is shown now (filtered and sorted)."""
        col = self.project_model.keys.index("project_name")
        return [self.project_filter.index(r, col).data() for r in range(self.project_filter.rowCount())]

    # == selection and review ======================================================================
    def _app_at(self, index: QModelIndex) -> str | None:
        row = index.data(ProjectTableModel.RowRole) if index.isValid() else None
        return row.app_id if isinstance(row, ProjectRow) else None

    def select_project(self, app_id: str) -> bool:
        source = self.project_model.row_of(app_id)
        if source < 0:
            return False
        index = self.project_filter.mapFromSource(self.project_model.index(source, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _keep_selection(self) -> None:
        app_id = self.current_app
        if app_id and self.project_model.row_of(app_id) >= 0:
            self.select_project(app_id)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        app_id = self._app_at(rows[0]) if rows else None
        if app_id and app_id != self.current_app:
            self.review.show_project(self.project_model.project(app_id))

    @property
    def current_app(self) -> str | None:
        """The project shown in the review panel."""
        return self.review.app_id

    def save_review(self) -> bool:
        return self.review.save_review()

    def _review_saved(self, row: ProjectRow) -> None:
        self.project_model.update_row(row)
        self._update_count()

    def _load(self, app_id: str) -> dict[str, Any]:
        return self.workspace.load(app_id)

    def remove_project(self, app_id: str | None) -> bool:
        """Move a project to the trash (after asking); it leaves the list and the exports."""
        row = self.project_model.project(app_id) if app_id else None
        if row is None or app_id is None:
            return False
        name = row.texts.get("project_name") or "（未命名项目）"
        if not self.confirm("移出清单", f"把“{name}”移出汇总清单并放入回收站？\n\n"
                            "移出后不再出现在附件5 清单和县级汇总包中；此前的汇总包已送出的，下一个汇总包会告知设区市"
                            "（设区市导入后同样移入回收站）。可在“企业填报”的回收站中恢复。"):
            return False
        outcome = run_op(self, lambda: self.workspace.delete(app_id), title="无法移出")
        if not outcome.ok:
            return False
        self.review.forget()
        self.refresh()
        self._announce({APPLICATIONS}, app_id)
        self._status(f"已将“{name}”移出清单（在回收站中）。")
        return True

    # == editing in the wizard =====================================================================
    def open_editor(self, app_id: str | None) -> ClerkEditorWindow | None:
        """Open one project in the filling wizard as the clerk (raises it if it is open already)."""
        if not app_id:
            return None
        self.save_review()
        editor = self.editors.get(app_id)
        if editor is None:
            outcome = run_op(self, lambda: ClerkEditorWindow(self.workspace, app_id, self.window()), title="无法打开项目")
            if not outcome.ok or outcome.value is None:
                return None
            editor = outcome.value
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.closed.connect(self._editor_closed)
            self.editors[app_id] = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def _editor_closed(self, app_id: str) -> None:
        self.editors.pop(app_id, None)
        self._changed_rows.discard(app_id)
        if not self.refresh_project(app_id):
            self.refresh()

    # -- suspected duplicates waiting for a decision -------------------------------------------
    def _show_pending(self) -> None:
        outcome = run_op(self, lambda: self.workspace.pending_duplicates(), quiet=True)
        pending = outcome.value if outcome.ok and outcome.value else []
        self.pending_label.setText(
            f"有 {len(pending)} 项疑似重复待决定：决定之前，清单和合计只计算原有的一份。" if pending else ""
        )
        self.pending_label.setVisible(bool(pending))
        self.pending_button.setVisible(bool(pending))

    def decide_pending(self) -> None:
        """Show each suspected duplicate beside the application it may duplicate; the clerk decides."""
        outcome = run_op(self, lambda: self.workspace.pending_duplicates(), quiet=True)
        for pending in (outcome.value or []) if outcome.ok else []:
            found = run_op(self, lambda p=pending: self.workspace.pending_outcome(p), quiet=True)
            if not found.ok or found.value is None:
                continue
            choice = ConflictDialog(found.value, self).exec()
            decision = {ConflictDialog.BOTH: "both", ConflictDialog.KEEP: "other", ConflictDialog.REPLACE: "this"}
            if choice not in decision:
                break  # later
            run_op(self, lambda p=pending, c=decision[choice]: self.workspace.decide_duplicate(p.app_id, c),
                   title="无法保存决定")
        self.refresh()
        self._announce({APPLICATIONS, DOCUMENT}, None)
