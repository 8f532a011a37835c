"""One input widget per field type, bound to a :class:`FillingSession`.

Every editor has ``objectName`` = the field's JSON Pointer, ``accessibleName`` = its Chinese
label and the notice's help text as tooltip. Editors hand what is typed to the session
(``type_text`` on each keystroke, ``commit`` when the person is done); parsing, checking and
storage all happen in the core. Text is reformatted (e.g. money to two decimals) only when the
focus leaves a field, so Ctrl+Z keeps working while typing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hzsubsidy_desktop.formdef import FieldDef
from hzsubsidy_desktop.gui.qt import (
    QButtonGroup,
    QCheckBox,
    QEvent,
    QFocusEvent,
    QFontDatabase,
    QFontMetrics,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    Qt,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.gui.widgets.field_text import credit_code_hint, edit_text, tooltip_for, unit_of

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.session import FillingSession


PLACEHOLDERS = {
    "money": "例如 120.5",
    "area": "例如 3200",
    "integer": "例如 50",
    "yearmonth": "例如 2024-03",
    "date": "例如 2024-12-31",
    "phone": "例如 0572-5123456",
    "credit_code": "18位统一社会信用代码",
}
NUMERIC = ("money", "area", "integer")


def _identify(widget: QWidget, field: FieldDef, pointer: str, accessible: str | None = None) -> None:
    widget.setObjectName(pointer)
    widget.setAccessibleName(accessible or field.label)
    widget.setProperty("pointer", pointer)
    tip = tooltip_for(field)
    if tip:
        widget.setToolTip(tip)
        widget.setAccessibleDescription(tip)


class FieldEditor:
    """What every editor offers its row and page (mixed into the Qt widget classes)."""

    field: FieldDef
    pointer: str
    session: FillingSession

    def load(self) -> None:
        """Show the value stored in the session's document."""
        raise NotImplementedError

    def focus_editor(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[attr-defined]


class LineFieldEdit(QLineEdit, FieldEditor):
    """Single-line fields: text, phone, money, area, integer, year-month, date, credit code."""

    hint = Signal(str)  # a live remark for the row (credit code check, …)

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None,
                 accessible: str | None = None) -> None:
        super().__init__(parent)
        self.field, self.pointer, self.session = field, pointer, session
        _identify(self, field, pointer, accessible)
        self.setPlaceholderText(PLACEHOLDERS.get(field.type, ""))
        self._dirty = False
        self._unit: QLabel | None = None
        if field.type in NUMERIC:
            self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            unit = unit_of(field)
            if unit:
                self._unit = QLabel(unit, self)
                self._unit.setObjectName("unit")
                self._unit.setProperty("role", "unit")
                self._unit.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                width = self._unit.fontMetrics().horizontalAdvance(unit) + 10
                self.setTextMargins(0, 0, width, 0)
        if field.type in NUMERIC or field.type in ("yearmonth", "date", "phone"):
            self.setFixedWidth(max(200, self.fontMetrics().horizontalAdvance("0") * 22))
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._finished)
        self.load()

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._unit is not None:
            hint = self._unit.sizeHint()
            self._unit.setGeometry(self.width() - hint.width() - 6, (self.height() - hint.height()) // 2,
                                   hint.width(), hint.height())

    def load(self) -> None:
        """Show the stored value; this also starts a fresh undo history for the field."""
        self.setText(edit_text(self.field, self.session.value(self.pointer)))
        self.setModified(False)
        self._dirty = False
        self._update_hint()

    def _typed(self, text: str) -> None:
        self._dirty = True
        self.session.type_text(self.pointer, text)
        self._update_hint()

    def _finished(self) -> None:
        """Enter or focus out: save now; reformat once the focus has left the field."""
        if self._dirty:
            self._dirty = False
            self.session.commit(self.pointer, self.text())
        if not self.hasFocus() and self.pointer not in self.session.invalid:
            self.load()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)  # emits editingFinished when the text changed
        if not self._dirty and self.pointer not in self.session.invalid:
            shown = edit_text(self.field, self.session.value(self.pointer))
            if shown != self.text():
                self.load()  # e.g. committed with Enter, then left without a change

    def _update_hint(self) -> None:
        pass


class CreditCodeEdit(LineFieldEdit):
    """Upper-cases letters as they are typed and checks the code character by character."""

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(field, pointer, session, parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(self.font().pointSizeF(), 10))
        self.setFont(mono)
        self.setFixedWidth(QFontMetrics(mono).horizontalAdvance("M" * 18) + 24)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        if text and text.isascii() and text.islower():
            # Replace the key, not the text: the undo history stays intact.
            event = QKeyEvent(event.type(), event.key(), event.modifiers(), text.upper(),
                              event.isAutoRepeat(), event.count())
        super().keyPressEvent(event)

    def _update_hint(self) -> None:
        self.hint.emit(credit_code_hint(self.text()))


class LongTextEdit(QPlainTextEdit, FieldEditor):
    """Long texts: saved when the focus leaves (and while typing, after a pause); a character count."""

    hint = Signal(str)

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None,
                 accessible: str | None = None, lines: int | None = None) -> None:
        super().__init__(parent)
        self.field, self.pointer, self.session = field, pointer, session
        _identify(self, field, pointer, accessible)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.setPlaceholderText(field.help[:60] + ("…" if len(field.help) > 60 else "") if field.help else "")
        self._loading = False
        self._dirty = False
        if lines is None:
            lines = 7 if (field.max_length or 0) >= 5000 else 4 if (field.max_length or 0) >= 1000 else 3
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height * 2)
        self.textChanged.connect(self._typed)
        self.load()

    def text(self) -> str:
        return self.toPlainText()

    def load(self) -> None:
        text = edit_text(self.field, self.session.value(self.pointer))
        if text != self.toPlainText():
            self._loading = True
            self.setPlainText(text)
            self._loading = False
        self._dirty = False
        self._update_hint()

    def _typed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.session.type_text(self.pointer, self.toPlainText())
        self._update_hint()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        if self._dirty:
            self._dirty = False
            self.session.commit(self.pointer, self.toPlainText())

    def _update_hint(self) -> None:
        count = len(self.toPlainText())
        limit = self.field.max_length
        self.hint.emit(f"{count} / {limit} 字" if limit else f"{count} 字")


class ChoiceButtons(QWidget, FieldEditor):
    """A single choice as radio buttons (saved on click)."""

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field, self.pointer, self.session = field, pointer, session
        _identify(self, field, pointer)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for i, choice in enumerate(field.choices):
            button = QRadioButton(choice, self)
            button.setObjectName(f"{pointer}#{i}")
            button.setAccessibleName(f"{field.label}：{choice}")
            self.group.addButton(button, i)
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if self.buttons:
            self.setFocusProxy(self.buttons[0])
        self.group.buttonClicked.connect(self._clicked)
        self.load()

    def load(self) -> None:
        value = self.session.value(self.pointer)
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(button.text() == value)
        self.group.setExclusive(True)
        checked = self.group.checkedButton()
        self.setFocusProxy(checked or (self.buttons[0] if self.buttons else None))

    def _clicked(self, button: QRadioButton) -> None:
        self.session.set_value(self.pointer, button.text())
        self.load()

    def focus_editor(self) -> None:
        (self.group.checkedButton() or self.buttons[0]).setFocus(Qt.FocusReason.OtherFocusReason)


class MultiChoiceBoxes(QWidget, FieldEditor):
    """Multiple choice as check boxes (project types); saved on each click."""

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field, self.pointer, self.session = field, pointer, session
        _identify(self, field, pointer)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for i, choice in enumerate(field.choices):
            box = QCheckBox(choice, self)
            box.setObjectName(f"{pointer}#{i}")
            box.setAccessibleName(f"{field.label}：{choice}")
            box.clicked.connect(self._clicked)
            self.boxes.append(box)
        self.columns = 0
        self.set_columns(2)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if self.boxes:
            self.setFocusProxy(self.boxes[0])
        self.load()

    def load(self) -> None:
        value = self.session.value(self.pointer)
        chosen = value if isinstance(value, list) else []
        for box in self.boxes:
            box.setChecked(box.text() in chosen)

    def set_columns(self, columns: int) -> None:
        """Two columns of boxes, or one on a narrow page (the order stays, so Tab does too)."""
        if columns == self.columns:
            return
        self.columns = columns
        for box in self.boxes:
            self.grid.removeWidget(box)
        for i, box in enumerate(self.boxes):
            self.grid.addWidget(box, i // columns, i % columns)

    def _clicked(self) -> None:
        self.session.set_value(self.pointer, [b.text() for b in self.boxes if b.isChecked()])
        self.load()


class ConfirmBox(QCheckBox, FieldEditor):
    """A confirmation (承诺): checked means confirmed; saved on click."""

    def __init__(self, field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None) -> None:
        super().__init__(field.label, parent)
        self.field, self.pointer, self.session = field, pointer, session
        _identify(self, field, pointer)
        self.clicked.connect(self._clicked)
        self.load()

    def load(self) -> None:
        self.setChecked(bool(self.session.value(self.pointer)))

    def _clicked(self, checked: bool) -> None:
        self.session.set_value(self.pointer, bool(checked))
        self.load()


def make_editor(field: FieldDef, pointer: str, session: FillingSession, parent: QWidget | None = None,
                accessible: str | None = None) -> QWidget:
    """The editor widget for ``field`` at the concrete ``pointer``."""
    if field.type == "longtext":
        return LongTextEdit(field, pointer, session, parent, accessible,
                            lines=2 if pointer.count("/") > 2 else None)
    if field.type == "choice":
        return ChoiceButtons(field, pointer, session, parent)
    if field.type == "multichoice":
        return MultiChoiceBoxes(field, pointer, session, parent)
    if field.type == "boolean":
        return ConfirmBox(field, pointer, session, parent)
    if field.type == "credit_code":
        return CreditCodeEdit(field, pointer, session, parent)
    return LineFieldEdit(field, pointer, session, parent, accessible)
