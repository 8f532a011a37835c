"""检查与导出: every finding grouped by step, explanations, exports and the submission file.

A click on a finding (or Enter on it) jumps to the field and focuses it. Findings of the
"explain to proceed" level carry an explanation box right below them; the explanation is
saved with ``Workspace.explain`` and printed on the form.
The list's rows and explanation boxes are :mod:`.finding_items`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.gui.dialogs import choose_folder, open_folder
from hzsubsidy_desktop.gui.operations import FILES, run_op
from hzsubsidy_desktop.gui.qt import (
    QBrush,
    QCheckBox,
    QColor,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTimer,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)
from hzsubsidy_desktop.gui.wizard.finding_items import ExplanationBox, WrappingDelegate
from hzsubsidy_desktop.gui.wizard.pages import StepPage, register
from hzsubsidy_desktop.validation import Finding, Level, Report

LAST_FOLDER = "gui.last_folder"
PDF_SETTING = "gui.export_pdf"
LOW_PAGE = 470  # below this height the paper note is hidden (see ReviewPage.resizeEvent)
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_TEXT = {"error": "错误", "explain": "需说明", "warning": "提示"}
LEVEL_COLOR = {"error": "#b3261e", "explain": "#8a4b00", "warning": "#8a6100", "explained": "#2e6b30"}


@register
class ReviewPage(StepPage):
    STEP = "review"
    SCROLLS = False

    def build(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setProperty("role", "summary")
        self.body.addWidget(self.summary)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        self.hint = hint = QLabel("单击（或选中后按 Enter）一条问题，即转到对应的填写位置。")
        hint.setProperty("role", "muted")
        self.body.addWidget(hint)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("findingsTree")
        self.tree.setAccessibleName("全部问题")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["级别", "问题"])
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.header().sectionResized.connect(lambda *_: self._relayout())
        self.tree.setUniformRowHeights(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setToolTip(hint.text())
        self.body.addWidget(self.tree, 1)
        self.body.addWidget(self._export_box())
        self._dirty = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.rebuild)
        self.explanation_boxes: dict[str, ExplanationBox] = {}
        self.rebuild()

    def set_compact(self, compact: bool) -> None:
        super().set_compact(compact)
        self.hint.setVisible(not compact)  # the list's tooltip says it too

    def _export_box(self) -> QGroupBox:
        box = QGroupBox("导出与报送")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.export_button = QPushButton("导出 Word/Excel")
        self.export_button.setObjectName("exportFinal")
        self.export_button.setToolTip("导出正式版附件3、附件4（须先改正全部错误并填写需要的说明）")
        self.draft_button = QPushButton("导出草稿")
        self.draft_button.setObjectName("exportDraft")
        self.draft_button.setToolTip("随时可导出，页面带“草稿”字样，供内部核对")
        self.pack_button = QPushButton("生成报送文件")
        self.pack_button.setObjectName("packSubmission")
        self.pack_button.setToolTip("生成交给县（市、区）商务部门的报送文件（.hzsub）")
        self.open_button = QPushButton("打开文件夹")
        self.open_button.setObjectName("openFolder")
        self.open_button.setEnabled(False)
        self.pdf_box = QCheckBox("同时生成 PDF")
        self.pdf_box.setObjectName("exportPdf")
        self.pdf_box.setToolTip("用 LibreOffice 另存一份 PDF（选择会被记住）")
        remembered = run_op(self, lambda: self.session.workspace.setting(PDF_SETTING), quiet=True)
        self.pdf_box.setChecked(remembered.value is True)
        self.pdf_box.toggled.connect(self._pdf_toggled)
        for widget in (self.export_button, self.draft_button, self.pack_button, self.pdf_box):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        paper = QLabel(
            "盖章纸件请从导出的 PDF 打印：每页页脚下方的二维码记有报送编号、版本、页码和申报内容的摘要，"
            "县商务局扫描纸件即可核对纸面与报送文件是否一致。内容修改后请重新导出、重新打印全部页面。"
        )
        paper.setObjectName("paperCodeHint")
        self.paper_hint = paper
        for button in (self.export_button, self.draft_button):
            button.setToolTip(button.toolTip() + "\n\n" + paper.text())
        paper.setWordWrap(True)
        paper.setProperty("role", "muted")
        layout.addWidget(paper)
        self.result = QLabel("")
        self.result.setObjectName("exportResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)
        self.export_button.clicked.connect(lambda: self.export(draft=False))
        self.draft_button.clicked.connect(lambda: self.export(draft=True))
        self.pack_button.clicked.connect(self.pack)
        self.open_button.clicked.connect(self.open_folder)
        self.last_output: Path | None = None
        return box

    # -- findings -------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if not self.session.reveal_all:
            self.session.reveal_all = True  # from now on every page shows all its findings inline
            self.session.report_changed.emit(self.session.report)
        self.rebuild()

    def on_report(self, report: Report) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def rebuild(self) -> None:
        self._dirty = False
        report = self.session.report
        self.summary.setText(self.session.summary())
        if report.ready and not self.session.invalid:
            self.status.setText("✓ 没有须处理的问题，可以导出正式版并生成报送文件。")
            self.status.setProperty("role", "note")
        else:
            due = len(report.blocking) + len(self.session.invalid)
            self.status.setText(f"还有 {due} 项须改正或说明后才能导出正式版；草稿随时可以导出。")
            self.status.setProperty("role", "error")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        for box in self.explanation_boxes.values():
            box.edit.setObjectName("")  # names are reused by the new boxes at once
            box.button.setObjectName("")
        self.tree.clear()
        self.explanation_boxes = {}
        by_step: dict[str, list[Finding]] = {}
        for finding in [*self._rejected_inputs(), *report.findings]:
            by_step.setdefault(finding.step, []).append(finding)
        bold = self.tree.font()
        bold.setBold(True)
        for step in self.definition.steps:
            found = by_step.get(step.key)
            if not found:
                continue
            blocking = sum(1 for f in found if f.blocking)
            warnings = sum(1 for f in found if f.level.value == "warning")
            explained = len(found) - blocking - warnings
            head = QTreeWidgetItem([step.title, f"须处理 {blocking} 项，提示 {warnings} 项"
                                    + (f"，已说明 {explained} 项" if explained else "")])
            head.setFont(0, bold)
            head.setData(0, FINDING_ROLE, step.key)
            self.tree.addTopLevelItem(head)
            order = {"error": 0, "explain": 1, "warning": 2}
            for finding in sorted(found, key=lambda f: order[f.level.value]):
                level = finding.level.value
                label = LEVEL_TEXT[level]
                color = LEVEL_COLOR[level]
                if level == "explain" and finding.explanation:
                    label, color = "已说明", LEVEL_COLOR["explained"]
                item = QTreeWidgetItem([label, finding.message])
                item.setData(0, FINDING_ROLE, finding)
                item.setForeground(0, QBrush(QColor(color)))
                item.setToolTip(1, finding.message)
                head.addChild(item)
                if level == "explain":
                    holder = QTreeWidgetItem()
                    holder.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    item.addChild(holder)
                    holder.setFirstColumnSpanned(True)
                    explanation = ExplanationBox(self, finding)
                    self.tree.setItemWidget(holder, 0, explanation)
                    self.explanation_boxes[finding.key] = explanation
                    item.setExpanded(True)
            head.setExpanded(True)
        if self.tree.topLevelItemCount() == 0:
            empty = QTreeWidgetItem(["", "没有发现问题。"])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
        self._relayout()

    def _rejected_inputs(self) -> list[Finding]:
        """Typed text that could not be saved, as errors of its step (it is not in the report)."""
        definition = self.definition
        return [Finding(Level.ERROR, "rejected-input", pointer, "输入有误，未保存：" + message,
                        definition.step_of(pointer))
                for pointer, message in self.session.invalid.items()]

    def _relayout(self) -> None:
        """Row heights follow the wrapped messages once the column width is known."""
        QTimer.singleShot(0, self.tree.doItemsLayout)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        # On a low screen (150 % of 768 px) the paper note gives its room to the findings; its
        # text stays in the tooltips of the export buttons and in the user guide.
        low = self.height() < LOW_PAGE
        if self.paper_hint.isHidden() != low:
            self.paper_hint.setVisible(not low)
        self._relayout()

    def flush(self) -> None:
        """Save explanations typed but not yet saved (closing, Ctrl+S)."""
        for box in list(self.explanation_boxes.values()):
            box.save()

    def finding_items(self) -> list[QTreeWidgetItem]:
        """Every finding row of the tree, in display order (for tests and keyboard users)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount()):
                out.append(head.child(j))
        return out

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data: Any = item.data(0, FINDING_ROLE)
        if isinstance(data, Finding):
            self.wizard.go_to_pointer(data.path)
        elif isinstance(data, str):
            self.wizard.go_to_step(data)

    # -- exports ----------------------------------------------------------------------------------
    def _choose_folder(self, title: str) -> Path | None:
        workspace = self.session.workspace
        start = workspace.setting(LAST_FOLDER) or str(Path.home())
        folder = choose_folder(self, title, start)
        if not folder:
            return None
        run_op(self, lambda: workspace.set_setting(LAST_FOLDER, folder), quiet=True)
        return Path(folder)

    def _missing(self, module: str, what: str) -> bool:
        if importlib.util.find_spec(module) is None:
            self.wizard.show_message(f"此版本尚不包含{what}功能。")
            return True
        return False

    def export(self, *, draft: bool) -> None:
        if self._missing("hzsubsidy_desktop.export", "导出"):
            return
        if not self.session.flush() and draft:
            self.wizard.show_message("有输入未能保存（见红色提示），请先改正。")
            return
        if not draft and self._blocked():
            return
        folder = self._choose_folder("选择导出草稿的文件夹" if draft else "选择导出文件夹")
        if folder is None:
            return
        workspace, app_id, pdf = self.session.workspace, self.session.app_id, self.pdf_box.isChecked()

        outcome = run_op(self, lambda: workspace.export(app_id, folder, draft=draft, pdf=pdf), changed=[FILES], app_id=app_id, busy=True,
                         title="导出草稿失败" if draft else "无法导出")
        if outcome.ok:
            result = outcome.value
            files = [getattr(result, name, None) for name in ("docx", "xlsx", "pdf")]
            names = "、".join(Path(f).name for f in files if f)
            self._done(folder, f"已导出{'草稿' if draft else ''}：{names}（文件夹：{folder}）")

    def _blocked(self) -> bool:
        """Before any dialog: with errors the final version cannot be exported; say so right
        here and offer the draft (Enter on the focused 导出草稿 button exports it)."""
        due = len(self.session.report.blocking) + len(self.session.invalid)
        if not due:
            return False
        self.result.setText(f"还有 {due} 项须改正或说明（见上方列表），不能导出正式版。"
                            "可先导出草稿（页面带“草稿”字样）供内部核对：按“导出草稿”。")
        self.result.show()
        self._set_result_role("error")
        self.draft_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.wizard.announce(f"还有 {due} 项须处理，不能导出正式版；可导出草稿")
        return True

    def _set_result_role(self, role: str) -> None:
        self.result.setProperty("role", role)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)

    def _pdf_toggled(self, on: bool) -> None:
        workspace = self.session.workspace
        run_op(self, lambda: workspace.set_setting(PDF_SETTING, bool(on)), quiet=True)

    def pack(self) -> None:
        if self._missing("hzsubsidy_desktop.interchange.submission", "生成报送文件"):
            return
        if not self.session.flush():
            self.wizard.show_message("有输入未能保存（见红色提示），请先改正。")
            return
        folder = self._choose_folder("选择报送文件的保存位置")
        if folder is None:
            return
        workspace, app_id = self.session.workspace, self.session.app_id

        outcome = run_op(self, lambda: workspace.pack_application(app_id, folder), changed=[FILES], app_id=app_id, busy=True, title="无法生成报送文件")
        if outcome.ok:
            self._done(folder, f"已生成报送文件：{Path(outcome.value).name}（文件夹：{folder}）。请将此文件交给县（市、区）商务部门。")

    def _done(self, folder: Path, message: str) -> None:
        self.last_output = folder
        self.result.setText(message)
        self.result.show()
        self._set_result_role("note")
        self.open_button.setEnabled(True)
        self.wizard.announce(message)

    def open_folder(self) -> None:
        if self.last_output is not None and not open_folder(self, self.last_output):
            self.result.setText(f"未能打开文件夹。文件保存在：{self.last_output}")
            self._set_result_role("error")
