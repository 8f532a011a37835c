"""The exports of the 汇总 workspace: 附件5 清单 (.xlsx / .docx), 附件2 申报表, the county package
(.hzcounty), and the message bar with 打开文件夹 shown after each.
"""

from __future__ import annotations

from pathlib import Path

from hzsubsidy_desktop import county
from hzsubsidy_desktop.export import declaration as declaration_export
from hzsubsidy_desktop.export import list5 as list_export
from hzsubsidy_desktop.gui import dialogs
from hzsubsidy_desktop.gui.operations import FILES, run_op
from hzsubsidy_desktop.gui.qt import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, Qt

EXPORT_DIR_SETTING = "clerk_export_dir"


class Exports:
    """Exports and their message bar (mixed into :class:`~.workspace.ClerkWorkspace`)."""

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
