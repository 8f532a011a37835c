"""Editing the 附件4 table: the cell editor (line edits named after the cell's pointer, keystrokes
go live to the session, Esc reverts) and the table view's keys (Tab / Enter move on, Delete asks,
Alt+↑ / Alt+↓ reorder).
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.gui.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractTableModel,
    QApplication,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QModelIndex,
    QStyledItemDelegate,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from hzsubsidy_desktop.gui.widgets.expenditure_model import ExpenditureModel
from hzsubsidy_desktop.gui.widgets.field_text import tooltip_for


class CellDelegate(QStyledItemDelegate):
    """Line edits named after the cell's pointer; keystrokes go live to the session."""

    add_requested = Signal()

    def __init__(self, model: ExpenditureModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.session = model.session
        self._before: dict[str, Any] = {}

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        pointer = self.model.pointer(index)
        line = self.model.line(index.row())
        field = line.category.table.column(self.model.keys[index.column()])
        editor = QLineEdit(parent)
        editor.setObjectName(pointer)
        editor.setProperty("pointer", pointer)
        editor.setAccessibleName(f"{line.category.label}第{line.index + 1}项{field.label}")
        tip = tooltip_for(field)
        if tip:
            editor.setToolTip(tip)
        editor.setFrame(False)
        if index.column() in self.model.money_columns:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            editor.setPlaceholderText("万元")
        self._before[pointer] = self.session.value(pointer)
        editor.textEdited.connect(lambda text, p=pointer: self.session.type_text(p, text))
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if not editor.isModified():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: QModelIndex) -> None:  # noqa: N802
        pointer = editor.objectName()
        self._before.pop(pointer, None)
        if editor.isModified() or pointer in self.model.raw:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            editor.setModified(False)

    def eventFilter(self, editor: QWidget, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commitData.emit(editor)
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                    self.add_requested.emit()
                else:
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
                return True
            if key == Qt.Key.Key_Escape:
                self._revert(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
        return super().eventFilter(editor, event)

    def _revert(self, editor: QLineEdit) -> None:
        """Esc: forget what was typed in this cell; the stored value stays."""
        pointer = editor.objectName()
        editor.setModified(False)
        if pointer in self._before:
            self.session.revert_typing(pointer, self._before.pop(pointer))


class ExpenditureView(QTableView):
    """Keyboard handling of the table (Enter edits, Delete asks, Alt+arrows move)."""

    delete_requested = Signal()
    move_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        mods = event.modifiers()
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & Qt.KeyboardModifier.ControlModifier:
                current = self.currentIndex()
                if current.flags() & Qt.ItemFlag.ItemIsEditable:
                    self.edit(current)
                else:
                    self.setCurrentIndex(self.moveCursor(QAbstractItemView.CursorAction.MoveNext, mods))
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and mods == Qt.KeyboardModifier.NoModifier:
                self.delete_requested.emit()
                return
            if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
                return
        super().keyPressEvent(event)

    def commit_open_editor(self) -> None:
        """Commit and close the cell editor, if one is open (before adding or removing rows)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
