"""The wizard's help pane: the notice's help and the format expected for the field that has the
focus, or the step's keyboard help when no field has it.
"""

from __future__ import annotations

from hzsubsidy_desktop.gui.qt import QFrame, QLabel, QScrollArea, QSizePolicy, Qt, QVBoxLayout, QWidget
from hzsubsidy_desktop.values.field_types import expectation

NEXT_KEYS = "Alt+→ 或 Ctrl+PgDown"
PREV_KEYS = "Alt+← 或 Ctrl+PgUp"
KEYS_HELP = (f"键盘操作：Tab / Shift+Tab 在填写项之间移动；{NEXT_KEYS} 下一步，{PREV_KEYS} 上一步；"
             "在按钮上按 Enter 或空格即按下按钮；Ctrl+S 立即保存；表格中 Ctrl+N 添加一行；"
             "申报列表中 Ctrl+N 新建申报；F1 用户指南。")


class HelpPane:
    """The help pane, mixed into :class:`~.window.FillingWizard`."""

    def _build_help_pane(self) -> QFrame:
        """The pane right of the page (``helpPane``): a caption, the field's label and its help, scrolling."""
        self.help_pane = QFrame(self)
        self.help_pane.setObjectName("helpPane")
        self.help_pane.setMinimumWidth(150)
        help_layout = QVBoxLayout(self.help_pane)
        help_layout.setContentsMargins(14, 14, 14, 14)
        caption = QLabel("填写说明")
        caption.setProperty("role", "muted")
        self.help_title = QLabel()
        self.help_title.setObjectName("helpTitle")
        self.help_title.setWordWrap(True)
        bold = self.help_title.font()
        bold.setBold(True)
        self.help_title.setFont(bold)
        self.help_text = QLabel()
        self.help_text.setObjectName("helpText")
        self.help_text.setWordWrap(True)
        self.help_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.help_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        help_layout.addWidget(caption)
        help_layout.addWidget(self.help_title)
        # A long help text scrolls (on a small or scaled screen it would be cut at the bottom).
        self.help_scroll = QScrollArea(self.help_pane)
        self.help_scroll.setObjectName("helpScroll")
        self.help_scroll.setWidgetResizable(True)
        self.help_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.help_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.help_scroll.setWidget(self.help_text)
        self.help_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        help_layout.addWidget(self.help_scroll, 1)
        return self.help_pane

    # -- help pane ----------------------------------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        widget = new
        while widget is not None and widget is not self:
            pointer = widget.property("pointer")
            if isinstance(pointer, str) and pointer.startswith("/"):
                self._show_help(pointer)
                return
            widget = widget.parentWidget()

    def _show_help(self, pointer: str | None) -> None:
        if pointer is None or not self.definition.has_field(pointer):
            step = next(s for s in self.steps if s.key == self.current_step)
            self.help_title.setText(step.title)
            # compact, the step's description is here instead of above the page
            about = step.help + "\n\n" if step.help and getattr(self, "compact", False) else ""
            self.help_text.setText(about + "选中一个填写项，这里显示通知中的填写说明和格式要求。\n\n"
                                   "所有修改随时自动保存；Ctrl+S 可立即保存。\n\n" + KEYS_HELP)
            return
        field = self.definition.field(pointer)
        self.help_title.setText(field.label)
        parts = [field.help] if field.help else []
        parts.append("填写要求：" + expectation(field) + "。")
        if field.required:
            parts.append("必填。")
        self.help_text.setText("\n\n".join(parts))
