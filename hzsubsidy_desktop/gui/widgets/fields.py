"""A field's row in a page: its label, the editor (one per field type, :mod:`.field_editors`),
a live hint and the field's findings in Chinese under it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hzsubsidy_desktop.formdef import FieldDef
from hzsubsidy_desktop.gui.qt import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, Qt, QVBoxLayout, QWidget
from hzsubsidy_desktop.gui.widgets.field_editors import make_editor

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.session import FillingSession

COMPACT_MIN_WIDTH = 110  # a date or amount in a table row may shrink to this
# The colours of resources/styles/app.qss, for lines of different levels in one label.
LEVEL_COLORS = {"error": "#b3261e", "explain": "#8a4b00", "warning": "#8a6100", "note": "#2e6b30"}


class FieldRow(QWidget):
    """A label, the editor, a live hint and the field's findings (in Chinese, under the field)."""

    LABEL_WIDTH = 210
    NARROW_LABEL_WIDTH = 130  # on a narrow page (150 % scaling of a 1366×768 screen) labels wrap more

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None,
                 *, compact: bool = False, accessible: str | None = None) -> None:
        super().__init__(parent)
        self.field, self.pointer, self.session = field, pointer, session
        self.editor = make_editor(field, pointer, session, self, accessible)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        star = '<span style="color:#c0392b">＊</span>' if field.required else ""
        self.label = QLabel(f"{_escape(field.label)}{star}", self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.editor)
        self.label.setToolTip(self.editor.toolTip())
        self.hint = QLabel("", self)
        self.hint.setProperty("role", "hint")
        self.hint.setObjectName(f"{pointer}:hint")
        self.hint.setWordWrap(True)
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.message = QLabel("", self)
        self.message.setObjectName(f"{pointer}:message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Ignored width: the message wraps at the field column's width instead of widening the page.
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.message.hide()
        below = QVBoxLayout()  # the live hint, then the findings, each the column's full width
        below.setContentsMargins(0, 0, 0, 0)
        below.setSpacing(1)
        below.addWidget(self.hint)
        below.addWidget(self.message)
        if compact:
            self.label.hide()
            if self.editor.maximumWidth() < 10000:
                self.editor.setMinimumWidth(min(self.editor.maximumWidth(), COMPACT_MIN_WIDTH))  # cells may shrink
            layout.addWidget(self.editor, 0, 0)
            layout.addLayout(below, 1, 0)
        elif field.type == "boolean":
            self.label.hide()
            layout.addWidget(self.editor, 0, 0, 1, 2)
            layout.addLayout(below, 1, 0, 1, 2)
        elif field.type == "longtext":
            layout.addWidget(self.label, 0, 0, 1, 2)
            layout.addWidget(self.editor, 1, 0, 1, 2)
            layout.addLayout(below, 2, 0, 1, 2)
        else:
            self.label.setFixedWidth(self.LABEL_WIDTH)
            self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(self.label, 0, 0)
            line = QHBoxLayout()  # a stretch after narrow editors keeps the label column fixed
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.editor)
            if self.editor.maximumWidth() < 10000:
                line.addStretch(1)
            layout.addLayout(line, 0, 1)
            layout.addLayout(below, 1, 1)
            layout.setColumnStretch(1, 1)
        hint_signal = getattr(self.editor, "hint", None)
        self.hint.hide()
        if hint_signal is not None:
            hint_signal.connect(self._show_hint)
            self.editor._update_hint()
        self._input_level = ""
        self._input_message = ""
        session.input_state.connect(self._input_state)
        session.value_changed.connect(self._value_changed)
        self.show_findings()

    def set_narrow(self, narrow: bool) -> None:
        """Use the narrow label column (the page decides, from its own width)."""
        if self.label.isHidden() or self.label.maximumWidth() >= 10000:
            return  # no label column in this layout
        columns = getattr(self.editor, "set_columns", None)
        if callable(columns):
            columns(1 if narrow else 2)
        width = self.NARROW_LABEL_WIDTH if narrow else self.LABEL_WIDTH
        if self.label.width() != width or self.label.maximumWidth() != width:
            self.label.setFixedWidth(width)

    def _show_hint(self, text: str) -> None:
        if text != self.hint.text():
            self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def _input_state(self, pointer: str, level: str, message: str) -> None:
        if pointer != self.pointer:
            return
        self._input_level, self._input_message = level, message
        self.show_findings()

    def _value_changed(self, pointer: str) -> None:
        if pointer == self.pointer:
            self.editor.load()

    def show_findings(self) -> None:
        """Refresh the message under the field from the input state and the session's report."""
        lines: list[tuple[str, str]] = []
        if self._input_level == "error":
            lines.append(("error", self._input_message))
        elif self._input_level in ("note", "warning"):
            lines.append((self._input_level, self._input_message))
        if self._input_level != "error":
            for finding in self.session.shown_findings(self.pointer):
                level = finding.level.value
                text = finding.message
                if level == "explain":
                    text = ("已说明：" if finding.explanation else "需说明：") + text
                    if finding.explanation:
                        level = "note"
                elif level == "warning":
                    text = "提示：" + text
                lines.append((level, text))
        if not lines:
            if self.message.isVisible() or self.message.text():
                self.message.setText("")
                self.message.hide()
            self._set_state("")
            return
        worst = next((lv for lv in ("error", "explain", "warning", "note") if any(x[0] == lv for x in lines)), "note")
        if len({lv for lv, _t in lines}) > 1:
            # Mixed levels: each line in its own colour (a 提示 beside an error is not drawn red).
            self.message.setTextFormat(Qt.TextFormat.RichText)
            text = "<br>".join(f'<span style="color:{LEVEL_COLORS[lv]}">{_escape(t)}</span>' for lv, t in lines)
        else:
            self.message.setTextFormat(Qt.TextFormat.PlainText)
            text = "\n".join(t for _lv, t in lines)
        if text != self.message.text():
            self.message.setText(text)
        self.message.setProperty("role", worst)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
        self._set_state(worst)

    def _set_state(self, level: str) -> None:
        if self.editor.property("state") != level:
            self.editor.setProperty("state", level)
            self.editor.style().unpolish(self.editor)
            self.editor.style().polish(self.editor)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["FieldRow"]
