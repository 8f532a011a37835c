"""The review panel beside the project table: one project's check results and the clerk's review.

It shows the selected project's name, enterprise and check result, the findings of the form's
rules, and the review state (待审核 / 已通过 / 需修改 / 退回) with a comment. The state is saved as
soon as it is chosen, the comment when the clerk pauses or leaves the field
(:func:`hzsubsidy_desktop.county.set_review`, audited as the clerk). Buttons ask the
workspace to open the project in the wizard or to move it out of the list.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hzsubsidy_desktop.county import REVIEW_STATES, ProjectRow, county_review_line
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.gui.county.project_cells import STATUS_COLOURS, status_colour, status_text
from hzsubsidy_desktop.gui.operations import run_op
from hzsubsidy_desktop.gui.qt import (
    QBrush,
    QColor,
    QComboBox,
    QEvent,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.workspace import Workspace

SAVE_DELAY_MS = 800
MAX_FINDINGS = 200
EXPLAINED_COLOUR = "#1d4f91"
FINDING_MARKS = {"error": ("错误", "#b3261e"), "explain": ("待说明", "#8a4b00"), "warning": ("提示", "#8a6100")}


class ReviewPanel(QFrame):
    """Details and review of the project shown (``row``); empty when none is selected."""

    review_saved = Signal(object)  # the ProjectRow with the saved state and comment
    edit_requested = Signal(str)  # app id
    remove_requested = Signal(str)  # app id

    def __init__(self, workspace: Workspace, definition: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.definition = definition
        self.row: ProjectRow | None = None
        self.setObjectName("reviewPanel")
        self.setMinimumWidth(270)
        self.setMaximumWidth(420)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_review)

        box = QVBoxLayout(self)
        box.setContentsMargins(10, 0, 0, 0)
        self.title = self._label("detailTitle", "summary")
        self.enterprise = self._label("detailEnterprise", "muted")
        self.status = self._label("detailStatus", "")
        for label in (self.title, self.enterprise, self.status):
            box.addWidget(label)
        self.findings = QListWidget(self)
        self.findings.setObjectName("findingsList")
        self.findings.setAccessibleName("检查结果")
        self.findings.setWordWrap(True)
        self.findings.setMinimumHeight(80)
        box.addWidget(self.findings, 1)

        # The county's review of a project that came in a county package: shown to the city, read-only.
        self.county_review = self._label("countyReview", "stephelp")
        box.addWidget(self.county_review)

        group = QGroupBox("县级审核", self)
        form = QVBoxLayout(group)
        state_row = QHBoxLayout()
        state_label = QLabel("审核状态：", group)
        self.review_state = QComboBox(group)
        self.review_state.setObjectName("review_state")
        self.review_state.setAccessibleName("审核状态")
        self.review_state.addItems(list(REVIEW_STATES))
        state_label.setBuddy(self.review_state)
        state_row.addWidget(state_label)
        state_row.addWidget(self.review_state, 1)
        form.addLayout(state_row)
        comment_label = QLabel("审核意见：", group)
        self.review_comment = QPlainTextEdit(group)
        self.review_comment.setObjectName("review_comment")
        self.review_comment.setAccessibleName("审核意见")
        self.review_comment.setPlaceholderText("例如：请补充第二季度设备发票。（退回或需修改时请写明原因）")
        self.review_comment.setTabChangesFocus(True)
        self.review_comment.setMaximumHeight(96)
        comment_label.setBuddy(self.review_comment)
        form.addWidget(comment_label)
        form.addWidget(self.review_comment)
        self.saved_label = QLabel("", group)
        self.saved_label.setObjectName("reviewSaved")
        self.saved_label.setProperty("role", "muted")
        form.addWidget(self.saved_label)
        box.addWidget(group)
        self.group = group
        self.review_state.activated.connect(lambda _index: self.save_review())
        self.review_comment.textChanged.connect(self._typed)
        self.review_comment.installEventFilter(self)

        actions = QHBoxLayout()
        self.edit_button = QPushButton("在向导中修改…", self)
        self.edit_button.setObjectName("openEditor")
        self.edit_button.setToolTip("以县级审核人员身份打开填报向导修改此项目（改动记入修改记录）")
        self.remove_button = QPushButton("移出清单", self)
        self.remove_button.setObjectName("removeProject")
        self.remove_button.setToolTip("把此项目放入回收站（可在“企业填报”的回收站中恢复）")
        self.edit_button.clicked.connect(lambda: self.row and self.edit_requested.emit(self.row.app_id))
        self.remove_button.clicked.connect(lambda: self.row and self.remove_requested.emit(self.row.app_id))
        actions.addWidget(self.edit_button, 1)
        actions.addWidget(self.remove_button)
        box.addLayout(actions)
        self._build_paper_check(box)
        self.show_project(None)

    def _label(self, name: str, role: str) -> QLabel:
        label = QLabel("", self)
        label.setObjectName(name)
        label.setWordWrap(True)
        if role:
            label.setProperty("role", role)
        return label

    @property
    def app_id(self) -> str | None:
        return self.row.app_id if self.row else None

    # -- showing -------------------------------------------------------------------------------
    def show_project(self, row: ProjectRow | None) -> None:
        """Show ``row`` (None: nothing selected). What the clerk changed here is saved first."""
        same = row is not None and self.row is not None and row.app_id == self.row.app_id
        keep_typed = False
        if self.pending():
            ok = self.save_review()
            if same and ok and self.row is not None:  # ``row`` was read before this save
                row = dataclasses.replace(row, review_state=self.row.review_state,
                                          review_comment=self.row.review_comment)
            keep_typed = same and not ok  # the text could not be saved: leave it to be corrected
        self._timer.stop()
        self.row = row
        enabled = row is not None
        for widget in (self.group, self.edit_button, self.remove_button, self.paper_button):
            widget.setEnabled(enabled)
        self._show_paper_check(row.app_id if row else None)
        if not same:
            self.saved_label.setText("")
        self.review_comment.blockSignals(True)
        try:
            if row is None:
                self.title.setText("在左侧表格中选择一个项目")
                self.enterprise.setText("选中后可在这里查看检查结果、填写审核意见，或在向导中修改。")
                self.status.setText("")
                self.review_state.setCurrentIndex(0)
                self.review_comment.setPlainText("")
                self.findings.clear()
                self.county_review.hide()
                return
            self._show_county_review(row)
            self.title.setText(row.texts.get("project_name") or "（未命名项目）")
            self.enterprise.setText(f"{row.texts.get('enterprise', '')}\n{row.city}{row.county}")
            self.status.setText("检查结果：" + status_text(row))
            self.status.setStyleSheet(f"color: {status_colour(row)};")
            if not keep_typed:
                self.review_state.setCurrentText(
                    row.review_state if row.review_state in REVIEW_STATES else REVIEW_STATES[0]
                )
                if self.review_comment.toPlainText() != row.review_comment:
                    self.review_comment.setPlainText(row.review_comment)
        finally:
            self.review_comment.blockSignals(False)
        self._show_findings(row.app_id)

    def _show_findings(self, app_id: str) -> None:
        self.findings.clear()
        outcome = run_op(self, lambda: validate(self.definition, self._load(app_id)), quiet=True)
        if not outcome.ok or outcome.value is None:
            return
        report = outcome.value
        ordered = [*report.errors, *[f for f in report.explains if f.blocking], *report.warnings]
        for finding in ordered[:MAX_FINDINGS]:
            word, colour = FINDING_MARKS.get(finding.level.value, ("", "#1f2937"))
            item = QListWidgetItem(f"【{word}】{finding.message}")
            item.setForeground(QBrush(QColor(colour)))
            item.setToolTip(f"{self.definition.step_title(finding.step)}：{finding.message}")
            self.findings.addItem(item)
        if not ordered:
            item = QListWidgetItem("按填报要求检查，没有发现问题。")
            item.setForeground(QBrush(QColor(STATUS_COLOURS["ready"])))
            self.findings.addItem(item)
        for finding in report.explained[:MAX_FINDINGS]:  # what the enterprise explained, with its text
            text = f"【已说明】{finding.message}\n说明：{finding.explanation}"
            item = QListWidgetItem(text)
            item.setForeground(QBrush(QColor(EXPLAINED_COLOUR)))
            item.setToolTip(text)
            self.findings.addItem(item)
        self._show_word_source(app_id)

    def _show_county_review(self, row: ProjectRow) -> None:
        """The county's review, its decisions on suspected duplicates and its paper check (county package)."""
        lines = []
        if row.county_review is not None:
            lines.append(county_review_line(*row.county_review))
        travelled = self.workspace.county_lines(row.app_id) if row.origin != "local" else []
        lines += [line for line in travelled if not line.startswith("　")]
        if not lines:
            self.county_review.hide()
            return
        self.county_review.setText("\n".join(lines))
        self.county_review.setToolTip("\n".join([*lines, *(line for line in travelled if line.startswith("　"))]))
        self.county_review.show()

    def _show_word_source(self, app_id: str) -> None:
        """For a hand-filled Word: what could not be read, then where every value was read."""
        found = self.workspace.word_source(app_id)
        if found is None:
            return
        record, lines = found
        source = f"来源：{record.get('source', 'Word 手填')}（{'、'.join(record.get('files', []))}）"
        count = len(record.get("findings", []))
        self.enterprise.setText(f"{self.enterprise.text()}\n{source}" + (f"，{count} 处请核对（列表中的【Word】）" if count else ""))
        head = QListWidgetItem(source)
        head.setForeground(QBrush(QColor("#1f2937")))
        self.findings.addItem(head)
        for line in record.get("findings", [])[:MAX_FINDINGS]:
            item = QListWidgetItem(f"【Word】{line}")
            item.setForeground(QBrush(QColor(FINDING_MARKS["warning"][1])))
            item.setToolTip(line)
            self.findings.addItem(item)
        for line in lines[:MAX_FINDINGS * 2]:
            item = QListWidgetItem(f"　{line}")
            item.setForeground(QBrush(QColor("#6b7280")))
            item.setToolTip(line)
            self.findings.addItem(item)

    def _load(self, app_id: str) -> dict[str, Any]:
        return self.workspace.load(app_id)

    # -- saving --------------------------------------------------------------------------------
    def _typed(self) -> None:
        if self.row is not None:
            self.saved_label.setText("")
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.review_comment and event.type() == QEvent.Type.FocusOut:
            self.save_review()
        return super().eventFilter(watched, event)

    def pending(self) -> bool:
        """Whether the state or comment shown differ from what is stored."""
        row = self.row
        return row is not None and (
            self.review_state.currentText() != row.review_state
            or self.review_comment.toPlainText().strip() != row.review_comment
        )

    def save_review(self) -> bool:
        """Save the state and comment shown, if they differ from what is stored."""
        self._timer.stop()
        row = self.row
        if row is None:
            return True
        if not self.pending():
            return True
        state = self.review_state.currentText()
        comment = self.review_comment.toPlainText()

        outcome = run_op(self, lambda: self.workspace.set_review(row.app_id, state, comment), title="无法保存审核意见")
        if not outcome.ok or outcome.value is None:
            return False
        summary = outcome.value
        saved = dataclasses.replace(row, review_state=summary.review_state, review_comment=summary.review_comment)
        if self.row is not None and self.row.app_id == saved.app_id:
            self.row = saved
            self.saved_label.setText(f"已保存：{summary.review_state}")
        self.review_saved.emit(saved)
        return True

    def forget(self) -> None:
        """Show nothing, dropping what was not saved (the project went away)."""
        self._timer.stop()
        self.row = None
        self.show_project(None)

    # -- paper against file ----------------------------------------------------------------------
    def _build_paper_check(self, box: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.paper_button = QPushButton("核对纸面（扫描件）…", self)
        self.paper_button.setObjectName("verifyScan")
        self.paper_button.setToolTip(
            "选择盖章纸件的扫描件（PDF、PNG、JPG）：读取每页的二维码，与导入的版本逐页比对；结果记入审核记录"
        )
        self.paper_button.clicked.connect(lambda: self.verify_scans())
        row.addWidget(self.paper_button)
        box.addLayout(row)
        self.paper_label = self._label("paperCheck", "muted")
        box.addWidget(self.paper_label)

    def _show_paper_check(self, app_id: str | None) -> None:
        record = self.workspace.paper_check(app_id) if app_id else None
        if not record:
            self.paper_label.setText("纸面核对：尚未核对" if app_id else "")
            self.paper_label.setStyleSheet("")
            return
        self.paper_label.setText(f"纸面核对（{str(record.get('at', ''))[:16].replace('T', ' ')}）：{record.get('summary', '')}")
        self.paper_label.setStyleSheet(f"color: {'#1b7f3b' if record.get('all_match') else '#b3261e'};")

    def verify_scans(self, paths: list[str] | None = None) -> None:
        """Check scanned pages of the stamped paper against this project; show and record the result."""
        row = self.row
        if row is None:
            return
        if paths is None:
            from hzsubsidy_desktop.gui.dialogs import open_files

            paths = open_files(self, "选择盖章纸件的扫描件", "", "扫描件 (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
            if not paths:
                return

        def check() -> Any:
            report = self.workspace.verify_scans(paths, row.app_id)
            self.workspace.record_paper_check(row.app_id, report)
            return report

        outcome = run_op(self, check, busy=True, title="无法核对纸面")
        if not outcome.ok or outcome.value is None or self.row is None or self.row.app_id != row.app_id:
            return
        report = outcome.value
        self._show_paper_check(row.app_id)
        head = QListWidgetItem(f"纸面核对：{report.summary()}")
        head.setForeground(QBrush(QColor(STATUS_COLOURS["ready"] if report.all_match else FINDING_MARKS["error"][1])))
        self.findings.insertItem(0, head)
        for index, line in enumerate(report.lines()[:-1], start=1):
            item = QListWidgetItem(f"　{line}")
            item.setToolTip(line)
            self.findings.insertItem(index, item)
        self.findings.scrollToTop()
