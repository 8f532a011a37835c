"""The county clerk's 汇总 workspace: import, review, county settings and 附件2, exports.

Layout: a bar with the import and export buttons (a progress bar while importing, a message with
打开文件夹 after an export), then three tabs — 项目清单 (the table of every project with the
review panel beside it), 导入结果 (one line per file of the latest import) and 县级信息与附件2.
Files and folders dropped anywhere on the workspace are imported.

Every core call goes through :func:`~hzsubsidy_desktop.gui.operations.run_op` (one error path);
the import runs on a worker thread (:class:`~.importer.ImportJob`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import county
from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import (
    REVIEW_STATES,
    ImportOutcome,
    ProjectRow,
)
from hzsubsidy_desktop.county.explanations import explanation_flags
from hzsubsidy_desktop.export import declaration as declaration_export
from hzsubsidy_desktop.export import list5 as list_export
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.gui import dialogs
from hzsubsidy_desktop.gui.county.conflict import ConflictDialog
from hzsubsidy_desktop.gui.county.editor import ClerkEditorWindow
from hzsubsidy_desktop.gui.county.forms import FieldForm
from hzsubsidy_desktop.gui.county.importer import ImportJob, ImportResultsModel, summary_line
from hzsubsidy_desktop.gui.county.loading import BACKGROUND_FROM, RowLoader
from hzsubsidy_desktop.gui.county.projects import STATUS_FILTERS, ProjectFilter, ProjectTableModel, column_width
from hzsubsidy_desktop.gui.county.review import ReviewPanel
from hzsubsidy_desktop.gui.designer import load_ui, part
from hzsubsidy_desktop.gui.dialogs import on_enter
from hzsubsidy_desktop.gui.operations import APPLICATIONS, DOCUMENT, FILES, Change, changes, run_op
from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDragEnterEvent,
    QDropEvent,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QItemSelection,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QModelIndex,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    Qt,
    QTableView,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.workspace import Workspace

ALL_TYPES = "全部项目类型"
ALL_STATES = "全部审核状态"
EXPORT_DIR_SETTING = "clerk_export_dir"
REFRESH_DELAY_MS = 400
DROP_HINT = "把报送文件（.hzsub）、县级汇总包（.hzcounty）、hzsubsidy 导出的 Excel、手填的附件3/附件4 Word 或整个文件夹拖到这里即可导入。"


class ClerkWorkspace(QWidget):
    """The 汇总 workspace over one database (the clerk's)."""

    import_finished = Signal(list)  # ImportOutcomes of the run that just ended
    exported = Signal(str)  # path of a file just written

    def __init__(
        self, workspace: Workspace, definition: FormDefinition | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clerkWorkspace")
        self.setAcceptDrops(True)
        self.workspace = workspace  # the clerk's (actor "clerk")
        # the notice whose projects are listed: given, else the one the imports follow (newest if several)
        self.definition = definition or workspace.choose_notice().definition
        self._notice_chosen = definition is not None  # by the caller or the clerk: kept
        self.job: ImportJob | None = None
        self.last_export: Path | None = None
        self.editors: dict[str, ClerkEditorWindow] = {}
        self._own_announcement = False

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._changed_rows: set[str] = set()  # applications changed elsewhere (the wizard), refreshed together
        self._row_timer = QTimer(self)
        self._row_timer.setSingleShot(True)
        self._row_timer.setInterval(REFRESH_DELAY_MS)
        self._row_timer.timeout.connect(self._refresh_changed_rows)
        self.loader = RowLoader(workspace.path, self.definition, self)
        self.loader.loaded.connect(self._rows_loaded)
        self.loader.searchable.connect(self._search_texts)
        self.loader.failed.connect(self._rows_failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_bar())
        layout.addWidget(self._build_message_bar())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("clerkTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_projects_tab(), "项目清单")
        self.tabs.addTab(self._build_results_tab(), "导入结果")
        self.tabs.addTab(self._build_settings_tab(), "县级信息与附件2")
        layout.addWidget(self.tabs, 1)

        changes().changed.connect(self._changed_elsewhere)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.refresh()

    # == building ==================================================================================
    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.import_files_button = self._button("导入文件…", "importFiles", "选择一个或多个报送文件（.hzsub）、县级汇总包、Excel 或手填的附件3/附件4 Word（.docx）导入")
        self.import_folder_button = self._button("导入文件夹…", "importFolder", "导入一个文件夹（含子文件夹）中的全部报送文件")
        self.import_files_button.clicked.connect(self.choose_files)
        self.import_folder_button.clicked.connect(self.choose_folder)
        bar.addWidget(self.import_files_button)
        bar.addWidget(self.import_folder_button)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.setAccessibleName("导入进度")
        self.progress.setMinimumWidth(220)
        self.progress.setFormat("%v / %m")
        self.progress.hide()
        self.cancel_button = self._button("停止导入", "cancelImport", "导入完当前文件后停止；已导入的不受影响")
        self.cancel_button.clicked.connect(self.cancel_import)
        self.cancel_button.hide()
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addStretch(1)

        caption = QLabel("导出：")
        caption.setProperty("role", "muted")
        bar.addWidget(caption)
        self.export_xlsx_button = self._button("附件5 清单（Excel）", "exportListXlsx", "浙江省跨境电商高质量发展试点重点项目清单，.xlsx")
        self.export_docx_button = self._button("附件5 清单（Word）", "exportListDocx", "重点项目清单，.docx（横向 A4）")
        self.export_declaration_button = self._button("附件2 申报表", "exportDeclaration", "重点项目申报表（县级填写），.docx")
        self.export_package_button = self._button("县级汇总包", "exportPackage", "供设区市汇总的 .hzcounty 文件：全部项目、县级信息和附件2")
        self.export_xlsx_button.clicked.connect(lambda: self.export_list("xlsx"))
        self.export_docx_button.clicked.connect(lambda: self.export_list("docx"))
        self.export_declaration_button.clicked.connect(self.export_declaration)
        self.export_package_button.clicked.connect(self.export_package)
        for button in (self.export_xlsx_button, self.export_docx_button, self.export_declaration_button,
                       self.export_package_button):
            bar.addWidget(button)
        self.only_approved = QCheckBox("只含已通过的项目")
        self.only_approved.setObjectName("only_approved")
        self.only_approved.setAccessibleName("只含已通过的项目")
        self.only_approved.setToolTip("勾选后，附件5 清单和县级汇总包只包含审核状态为“已通过”的项目")
        bar.addWidget(self.only_approved)
        return bar

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        return button

    def _build_message_bar(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("clerkMessage")
        frame.setStyleSheet("QFrame#clerkMessage { background: #eef6ee; border: 1px solid #b9d8bb; border-radius: 3px; }")
        row = QHBoxLayout(frame)
        row.setContentsMargins(8, 4, 4, 4)
        self.message_label = QLabel("", frame)
        self.message_label.setObjectName("clerkMessageText")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton("打开文件夹", frame)
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.clicked.connect(self.open_export_folder)
        close = QPushButton("关闭", frame)
        close.setObjectName("closeMessage")
        close.setFlat(True)
        close.clicked.connect(frame.hide)
        row.addWidget(self.message_label, 1)
        row.addWidget(self.open_folder_button)
        row.addWidget(close)
        frame.hide()
        self.message_bar = frame
        return frame

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

    def _build_results_tab(self) -> QWidget:
        page = load_ui("import_results", self)  # drawn in Qt Designer: ui/import_results.ui
        self.import_summary = part(page, QLabel, "importSummary")
        self.import_summary.setText(DROP_HINT)
        self.conflicts_button = part(page, QPushButton, "resolveConflicts")
        self.conflicts_button.clicked.connect(self.resolve_conflicts)
        self.conflicts_button.hide()
        self.results = ImportResultsModel(self)
        view = part(page, QTableView, "importResults")
        view.setModel(self.results)
        view.setColumnWidth(0, 380)
        view.setColumnWidth(1, 110)
        view.doubleClicked.connect(lambda index: self.open_result(index.row()))
        on_enter(view, lambda: view.currentIndex().isValid() and self.open_result(view.currentIndex().row()))
        self.results_view = view
        return page

    def _build_settings_tab(self) -> QWidget:
        scroll = load_ui("county_settings", self)  # drawn in Qt Designer: ui/county_settings.ui
        county_group = part(scroll, QGroupBox, "countySettings")
        self.county_form = FieldForm(
            county.county_fields(), self.workspace.county_settings(), self.workspace.set_county_settings, county_group,
        )
        self.county_form.setObjectName("countyForm")
        self.county_form.saved.connect(self._county_saved)
        county_group.layout().insertWidget(0, self.county_form)

        spec = self.definition.declaration
        declaration = part(scroll, QGroupBox, "declarationGroup")
        declaration.setTitle(f"附件2 {spec.title}")
        part(scroll, QLabel, "declarationSubtitle").setText(spec.subtitle + " " + spec.notice)
        notes = {
            "region": "留空则使用县级信息中的设区市和县（市、区）。",
            "contact_person": "留空则使用县级信息中的联系人。",
            "contact_phone": "留空则使用县级信息中的联系电话。",
        }
        self.declaration_form = FieldForm(
            spec.fields, self.workspace.declaration_values(self.definition),
            lambda values: self.workspace.set_declaration(values, self.definition), declaration,
            notes=notes,
        )
        self.declaration_form.setObjectName("declarationForm")
        declaration.layout().addWidget(self.declaration_form)
        return scroll

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

    def _search_texts(self, texts: list[tuple[ProjectRow, str]]) -> None:
        self.project_model.add_search_texts(texts)

    def _rows_failed(self, message: str) -> None:
        self._update_count()
        self._status(f"项目清单未能读取：{message}")

    def wait_for_rows(self, timeout: float = 60.0) -> None:
        """Block until a list being read on the worker thread is shown (tests, benchmarks)."""
        self.loader.wait(timeout)
        QApplication.processEvents()

    # -- which notice -------------------------------------------------------------------------------
    def _sync_notices(self) -> bool:
        """Offer the notices of the imported projects when there are several; follow the imports
        when the listed notice has none of them. True when the notice was switched (and refreshed)."""
        outcome = run_op(self, self.workspace.notices_in, quiet=True)
        present = outcome.value if outcome.ok else ()
        self.notice_box.blockSignals(True)
        self.notice_box.clear()
        for form_id in present:
            self.notice_box.addItem(f"申报通知：{form_id}", form_id)
            self.notice_box.setItemData(self.notice_box.count() - 1, load_definition(form_id).title,
                                        Qt.ItemDataRole.ToolTipRole)
        self.notice_box.setCurrentIndex(max(0, self.notice_box.findData(self.definition.id)))
        self.notice_box.blockSignals(False)
        self.notice_box.setVisible(len(present) > 1)
        if present and self.definition.id not in present and not self._notice_chosen:
            self.set_notice(present[0])
            return True
        return False

    def _notice_picked(self, index: int) -> None:
        form_id = self.notice_box.itemData(index)
        if form_id and form_id != self.definition.id:
            self._notice_chosen = True
            self.set_notice(form_id)

    def set_notice(self, form_id: str) -> None:
        """List (and export) the projects of notice ``form_id``."""
        self.definition = load_definition(form_id)
        self.review.definition = self.definition
        self.loader.definition = self.definition
        self.project_model.set_definition(self.definition)
        self._column_widths()
        current = self.filter_type.currentData()
        self.filter_type.blockSignals(True)
        self.filter_type.clear()
        self.filter_type.addItem(ALL_TYPES, "")
        for choice in self.definition.field("/project/types").choices:
            self.filter_type.addItem(choice, choice)
        self.filter_type.setCurrentIndex(max(0, self.filter_type.findData(current)))
        self.filter_type.blockSignals(False)
        self.refresh()

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

    def _changed_elsewhere(self, change: Change) -> None:
        if self._own_announcement:
            return
        if change.touches(APPLICATIONS) or change.touches(DOCUMENT):
            if change.app_id and self.project_model.project(change.app_id) is not None:
                self._changed_rows.add(change.app_id)
                self._row_timer.start()
            else:
                self._refresh_timer.start()

    def _refresh_changed_rows(self) -> None:
        ids, self._changed_rows = self._changed_rows, set()
        for app_id in ids:
            if not self.refresh_project(app_id):
                self.refresh()
                return

    def _announce(self, kinds: Iterable[str], app_id: str | None = None) -> None:
        self._own_announcement = True
        try:
            changes().announce(kinds, app_id)
        finally:
            self._own_announcement = False

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
                            "移出后不再出现在附件5 清单和县级汇总包中；可在“企业填报”的回收站中恢复。"):
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

    # == import ====================================================================================
    def choose_files(self) -> None:
        paths = dialogs.open_files(
            self, "导入报送文件", self._start_folder("clerk_import_dir"),
            "可导入的文件 (*.hzsub *.hzcounty *.xlsx *.docx *.doc *.wps *.xls *.et);;报送文件 (*.hzsub);;县级汇总包 (*.hzcounty);;"
            "Excel (*.xlsx *.xls *.et);;手填的附件3/附件4 Word (*.docx *.doc *.wps)",
        )
        if paths:
            self._remember("clerk_import_dir", Path(paths[0]).parent)
            self.import_paths(paths)

    def choose_folder(self) -> None:
        folder = dialogs.choose_folder(self, "导入文件夹中的全部报送文件", self._start_folder("clerk_import_dir"))
        if folder:
            self._remember("clerk_import_dir", Path(folder))
            self.import_paths([folder])

    @property
    def importing(self) -> bool:
        return self.job is not None and self.job.running

    def import_paths(self, paths: Sequence[str | Path]) -> ImportJob | None:
        """Start importing files and folders; results arrive in the 导入结果 tab."""
        if self.importing:
            self._status("正在导入，请等当前导入完成后再试。")
            return None
        self.save_review()
        job = ImportJob(self.workspace.path, [Path(p) for p in paths], self.definition)
        self.job = job
        self.results.clear()
        self.conflicts_button.hide()
        self.import_summary.setText("正在检查文件…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self._set_busy(True)
        self.tabs.setCurrentIndex(1)
        job.progress.connect(self._import_progress)
        job.outcomes.connect(self.results.extend)
        job.finished.connect(self._import_finished)
        job.failed.connect(self._import_failed)
        job.start()
        return job

    def cancel_import(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.import_summary.setText("正在停止：导入完当前文件后停止…")

    def _import_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if total:
            self.import_summary.setText(f"正在导入 {done} / {total}：{name}" if name else f"共 {total} 个文件，开始导入…")

    def _import_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        """While importing, the list is incomplete: no second import, no exports."""
        for button in (self.import_files_button, self.import_folder_button, self.export_xlsx_button,
                       self.export_docx_button, self.export_declaration_button, self.export_package_button):
            button.setEnabled(not busy)

    def _import_finished(self, outcomes: list[ImportOutcome], rows: list[ProjectRow]) -> None:
        cancelled = bool(self.job and self.job.cancelled)
        if self.job is not None:
            self.job.wait()
        self._import_done()
        self.import_summary.setText(summary_line(outcomes, cancelled=cancelled))
        self._set_rows(rows)
        self._sync_notices()
        self._update_conflicts_button()
        if any(o.status in ("imported", "replaced") for o in outcomes):
            self._announce({APPLICATIONS})
        self._status(summary_line(outcomes, cancelled=cancelled))
        self.import_finished.emit(outcomes)

    def _import_failed(self, message: str) -> None:
        if self.job is not None:
            self.job.wait()
        self._import_done()
        self.import_summary.setText(message)
        self.refresh()
        QMessageBox.warning(self, "导入未完成", message)

    def wait_for_import(self, msecs: int = 60_000) -> None:
        """Block until the running import ended and its results are shown (tests, scripts)."""
        if self.job is None:
            return
        self.job.wait(msecs)
        QApplication.processEvents()
        QApplication.processEvents()

    def shutdown(self) -> None:
        """Stop an import in progress and wait for it (the window is closing)."""
        self.save_review()
        for form in (getattr(self, "county_form", None), getattr(self, "declaration_form", None)):
            if form is not None:
                form.commit_all()
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.job.wait()
        self.loader.wait()

    # -- drag and drop ----------------------------------------------------------------------
    @staticmethod
    def _dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_paths(event) and not self.importing:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = self._dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- conflicts --------------------------------------------------------------------------
    def _update_conflicts_button(self) -> None:
        count = len(self.results.conflicts())
        self.conflicts_button.setText(f"核对冲突与疑似重复（{count}）" if self.results.duplicates() else f"核对冲突（{count}）")
        self.conflicts_button.setVisible(count > 0)

    def resolve_conflict(self, row: int) -> bool:
        """Show the diff of one conflict; replace when the clerk chooses the new version."""
        if not 0 <= row < len(self.results.items):
            return False
        outcome = self.results.items[row]
        if outcome.status not in ("conflict", "duplicate") or row in self.results.kept:
            return False
        dialog = ConflictDialog(outcome, self)
        choice = dialog.exec()
        if outcome.status == "duplicate":
            return self._decide_duplicate(row, outcome, choice)
        if choice == ConflictDialog.REPLACE:
            result = run_op(self, lambda: self.workspace.accept_incoming(outcome), title="无法替换")
            if not result.ok or result.value is None:
                return False
            self.results.replace(row, result.value)
            self.refresh()
            self._announce({APPLICATIONS, DOCUMENT}, outcome.app_id)
        else:
            self.results.keep(row)
        self._update_conflicts_button()
        return True

    def _decide_duplicate(self, row: int, outcome: ImportOutcome, choice: int) -> bool:
        decision = {ConflictDialog.BOTH: "both", ConflictDialog.KEEP: "other", ConflictDialog.REPLACE: "this"}
        if choice not in decision or outcome.app_id is None:
            return False  # left undecided: still pending, still counted once
        app_id = outcome.app_id
        result = run_op(self, lambda: self.workspace.decide_duplicate(app_id, decision[choice]), title="无法保存决定")
        if not result.ok:
            return False
        self.results.decide(row, str(result.value))
        self.refresh()
        self._announce({APPLICATIONS, DOCUMENT}, app_id)
        self._update_conflicts_button()
        return True

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

    def open_result(self, row: int) -> None:
        """Double-click on a result line: a conflict opens its diff, others show their project."""
        if not 0 <= row < len(self.results.items):
            return
        outcome = self.results.items[row]
        if outcome.status in ("conflict", "duplicate") and row not in self.results.kept:
            self.resolve_conflict(row)
        elif outcome.app_id and self.project_model.project(outcome.app_id) is not None:
            self.show_project(outcome.app_id)

    def show_project(self, app_id: str) -> bool:
        """Bring one project into view in the 项目清单 tab (clearing filters that hide it)."""
        self.tabs.setCurrentIndex(0)
        if not self.select_project(app_id):
            for combo in (self.filter_type, self.filter_review, self.filter_status):
                combo.setCurrentIndex(0)
            self.search.clear()
            if not self.select_project(app_id):
                return False
        self.table.setFocus()
        return True

    def resolve_conflicts(self) -> None:
        for row in self.results.conflicts():
            self.resolve_conflict(row)

    # == exports ===================================================================================
    def _states(self) -> set[str] | None:
        return {"已通过"} if self.only_approved.isChecked() else None

    def _place(self) -> str:
        settings = self.workspace.county_settings()
        return f"{settings['city']}{settings['county']}"

    def export_list(self, kind: str) -> Path | None:
        """附件5 as .xlsx or .docx, to a file the clerk chooses."""
        self._flush_inputs()
        rows = run_op(self, lambda: self.workspace.project_rows(self.definition, states=self._states()))
        if not rows.ok:
            return None
        if not rows.value:
            which = "审核状态为“已通过”的项目" if self._states() else "已导入的项目"
            QMessageBox.information(self, "没有可导出的项目", f"还没有{which}，附件5 清单无法导出。")
            return None
        suffix = ".xlsx" if kind == "xlsx" else ".docx"
        what = "Excel 工作簿 (*.xlsx)" if kind == "xlsx" else "Word 文档 (*.docx)"
        path = self.ask_save_path("导出附件5 重点项目清单", f"附件5_重点项目清单_{self._place()}{suffix}", what)
        if path is None:
            return None
        path = path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
        writer = list_export.write_xlsx if kind == "xlsx" else list_export.write_docx
        outcome = run_op(self, lambda: writer(self.definition, rows.value, path), busy=True, title="无法导出附件5")
        if not outcome.ok:
            return None
        problems = sum(1 for r in rows.value if r.status in ("error", "explain"))
        pending = sum(1 for r in rows.value if r.review_state != "已通过")
        notes = []
        if problems:
            notes.append(f"其中 {problems} 个项目仍有错误或待说明")
        if pending:
            notes.append(f"{pending} 个项目尚未审核通过")
        undecided = run_op(self, self.workspace.pending_duplicates, quiet=True)
        if undecided.ok and undecided.value:
            notes.append(f"另有 {len(undecided.value)} 项疑似重复待决定，清单只计算了原有的一份")
        extra = ("；" + "，".join(notes) + "。") if notes else "。"
        return self._exported(path, f"已导出附件5 清单（{len(rows.value)} 个项目）：{path}{extra}")

    def export_declaration(self) -> Path | None:
        """附件2 申报表 (.docx) from the county's values."""
        self._flush_inputs()
        values = self.workspace.declaration_values(self.definition)
        problems = county.declaration_problems(self.definition, values)
        if problems and not self.confirm(
            "附件2 尚未填完",
            "以下内容尚未填写：\n" + "\n".join(problems) + "\n\n仍要导出吗？未填写处将显示填表说明。",
        ):
            self.tabs.setCurrentIndex(2)
            return None
        county_name = self.workspace.county_settings()["county"]
        path = self.ask_save_path("导出附件2 申报表", f"附件2_重点项目申报表_{self._place()}.docx", "Word 文档 (*.docx)")
        if path is None:
            return None
        path = path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")
        outcome = run_op(
            self, lambda: declaration_export.write_declaration_docx(self.definition, values, county_name, path),
            busy=True, title="无法导出附件2",
        )
        if not outcome.ok:
            return None
        return self._exported(path, f"已导出附件2 申报表：{path}")

    def export_package(self) -> Path | None:
        """The county package (.hzcounty) into a folder the clerk chooses."""
        self._flush_inputs()
        folder = self.ask_folder("选择保存县级汇总包的文件夹")
        if folder is None:
            return None
        outcome = run_op(
            self, lambda: self.workspace.pack_county(folder, definition=self.definition, states=self._states()),
            busy=True, title="无法生成县级汇总包",
        )
        if not outcome.ok or outcome.value is None:
            return None
        count = len(self.workspace.project_rows(self.definition, states=self._states()))
        return self._exported(outcome.value, f"已生成县级汇总包（{count} 个项目）：{outcome.value}")

    def _flush_inputs(self) -> None:
        self.save_review()
        self.county_form.commit_all()
        self.declaration_form.commit_all()

    def _exported(self, path: Path, message: str) -> Path:
        self.last_export = path
        self._remember(EXPORT_DIR_SETTING, path.parent)
        self.message_label.setText(message)
        self.message_bar.show()
        self._status(message)
        self._announce({FILES})
        self.exported.emit(str(path))
        return path

    def open_export_folder(self) -> None:
        if self.last_export is not None:
            dialogs.open_folder(self, self.last_export.parent)

    # -- questions (separate methods so tests and scripts can answer them) ------------------------
    def ask_save_path(self, title: str, name: str, file_filter: str) -> Path | None:
        start = Path(self._start_folder(EXPORT_DIR_SETTING)) / name
        path = dialogs.save_file(self, title, str(start), file_filter)
        return Path(path) if path else None

    def ask_folder(self, title: str) -> Path | None:
        folder = dialogs.choose_folder(self, title, self._start_folder(EXPORT_DIR_SETTING))
        return Path(folder) if folder else None

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # == settings ==================================================================================
    def _county_saved(self, _key: str) -> None:
        self.declaration_form.load(self.workspace.declaration_values(self.definition))
        self._refresh_timer.start()  # 设区市 / 县 appear in the table

    def _start_folder(self, key: str) -> str:
        stored = self.workspace.setting(key)
        if isinstance(stored, str) and Path(stored).is_dir():
            return stored
        return str(Path.home())

    def _remember(self, key: str, folder: Path) -> None:
        run_op(self, lambda: self.workspace.set_setting(key, str(folder)), quiet=True)

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 10000)


