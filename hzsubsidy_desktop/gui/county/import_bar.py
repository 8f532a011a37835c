"""The import bar of the 汇总 workspace: 导入文件… / 导入文件夹…, the progress bar and 停止导入,
the import on its worker thread (:class:`~.importer.ImportJob`) and files dropped on the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hzsubsidy_desktop.county import ImportOutcome, ProjectRow
from hzsubsidy_desktop.gui import dialogs
from hzsubsidy_desktop.gui.county.importer import ImportJob, summary_line
from hzsubsidy_desktop.gui.operations import APPLICATIONS
from hzsubsidy_desktop.gui.qt import (
    QApplication,
    QCheckBox,
    QDragEnterEvent,
    QDropEvent,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
)

DROP_HINT = "把报送文件（.hzsub）、县级汇总包（.hzcounty）、hzsubsidy 导出的 Excel、手填的附件3/附件4 Word 或整个文件夹拖到这里即可导入。"


class ImportBar:
    """Import buttons, the running import and drag and drop (mixed into :class:`~.workspace.ClerkWorkspace`)."""

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
        if any(o.status in ("imported", "replaced", "removed") for o in outcomes):
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
