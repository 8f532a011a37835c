"""Small forms for the county's own values: the county settings and the 附件2 fields.

A :class:`FieldForm` shows one editor per :class:`~hzsubsidy_desktop.formdef.FieldDef`
(``objectName`` = the field's JSON Pointer, e.g. ``/county/city``, ``accessibleName`` = its
Chinese label, help text under long fields) and saves a field when the clerk is done with it
(focus leaves, Enter, or a pause in typing for long texts) through a core function that parses
and checks it. A value that does not parse is not saved; its Chinese message appears under the
field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hzsubsidy_desktop.formdef import FieldDef
from hzsubsidy_desktop.gui.operations import run_op
from hzsubsidy_desktop.gui.qt import (
    QEvent,
    QFormLayout,
    QLabel,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.values.field_types import InputError, expectation

PLACEHOLDERS = {"phone": "例如 0572-5123456"}
SAVE_DELAY_MS = 800
LONGTEXT_HEIGHT = 110  # px: four long texts and their help fit the tab without endless scrolling

SaveFunction = Callable[[Mapping[str, str]], Mapping[str, Any]]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class FieldForm(QWidget):
    """Editors for some fields, saved one at a time through ``save({key: text})``."""

    saved = Signal(str)  # key of the field just saved

    def __init__(
        self,
        fields: Sequence[FieldDef],
        values: Mapping[str, Any],
        save: SaveFunction,
        parent: QWidget | None = None,
        *,
        notes: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.fields = {f.key: f for f in fields}
        self._save = save
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.shown: dict[str, str] = {}  # key → the text last loaded or saved
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.commit_all)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for f in fields:
            label = QLabel(f.label + "：")
            if f.required:
                label.setText(f"{f.label}<span style='color:#b3261e'> *</span>：")
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            editor: QLineEdit | QPlainTextEdit
            if f.type == "longtext":
                editor = QPlainTextEdit(cell)
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(LONGTEXT_HEIGHT)
                editor.textChanged.connect(self._timer.start)
            else:
                editor = QLineEdit(cell)
                editor.setPlaceholderText(PLACEHOLDERS.get(f.type, ""))
                editor.editingFinished.connect(lambda key=f.key: self.commit(key))
            editor.setObjectName(f.path)
            editor.setAccessibleName(f.label)
            tip = f.help or ""
            if f.type not in ("text", "longtext"):
                tip = (tip + "\n" if tip else "") + "填写要求：" + expectation(f)
            if tip:
                editor.setToolTip(tip)
                editor.setAccessibleDescription(tip)
            editor.installEventFilter(self)
            label.setBuddy(editor)
            box.addWidget(editor)
            if f.help and f.type == "longtext":
                hint = QLabel(f.help, cell)
                hint.setWordWrap(True)
                hint.setProperty("role", "hint")
                box.addWidget(hint)
            if notes and f.key in notes:
                note = QLabel(notes[f.key], cell)
                note.setWordWrap(True)
                note.setProperty("role", "hint")
                box.addWidget(note)
            error = QLabel("", cell)
            error.setObjectName(f"{f.path}#error")
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            box.addWidget(error)
            self.editors[f.key] = editor
            self.errors[f.key] = error
            form.addRow(label, cell)
        self.load(values)

    # -- values ------------------------------------------------------------------------------
    def load(self, values: Mapping[str, Any]) -> None:
        """Show stored values (fields with unsaved or invalid text keep what was typed)."""
        for key, editor in self.editors.items():
            text = _text(values.get(key))
            if self.error(key):
                continue
            if self.text(key) == self.shown.get(key, self.text(key)):
                self._set_text(editor, text)
            self.shown[key] = text

    def text(self, key: str) -> str:
        editor = self.editors[key]
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    @staticmethod
    def _set_text(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
        current = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
        if current == text:
            return
        editor.blockSignals(True)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)
        editor.blockSignals(False)

    def set_text(self, key: str, text: str) -> None:
        """Type ``text`` into a field as a person would (for tests and scripts); not saved yet."""
        editor = self.editors[key]
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)

    # -- saving ------------------------------------------------------------------------------
    def commit(self, key: str) -> bool:
        """Save one field if its text changed; False when it could not be saved."""
        text = self.text(key)
        if text == self.shown.get(key) and not self.error(key):
            return True
        outcome = run_op(
            self,
            lambda: self._save({key: text}),
            on_input_error=lambda exc: self._show_error(key, exc),
        )
        if not outcome.ok:
            return False
        self._show_error(key, None)
        values = outcome.value or {}
        shown = _text(values.get(key, text))
        self.shown[key] = shown
        # show the saved (normalised) form, e.g. a phone number with its dash
        self._set_text(self.editors[key], shown)
        self.saved.emit(key)
        return True

    def commit_all(self) -> bool:
        self._timer.stop()
        ok = True
        for key in self.editors:
            ok = self.commit(key) and ok
        return ok

    def _show_error(self, key: str, exc: InputError | None) -> None:
        label = self.errors[key]
        editor = self.editors[key]
        if exc is None:
            label.hide()
            label.setText("")
            editor.setProperty("state", "")
        else:
            label.setText(exc.message)
            label.show()
            editor.setProperty("state", "error")
        editor.style().unpolish(editor)
        editor.style().polish(editor)

    def error(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut:
            for key, editor in self.editors.items():
                if editor is watched and isinstance(editor, QPlainTextEdit):
                    self.commit(key)
        return super().eventFilter(watched, event)
