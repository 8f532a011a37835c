"""Helpers shared by the GUI tests: typing like a person (including Chinese through the input
method), finding widgets by their JSON Pointer, and a main window over a test database."""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QInputMethodEvent,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPoint,
    QRadioButton,
    Qt,
    QWidget,
)


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``: ASCII as key presses, other characters as input-method
    commits (how a Chinese IME delivers them), newlines as Enter."""
    chunk = ""

    def flush_chunk() -> None:
        nonlocal chunk
        if chunk:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)
            chunk = ""

    for ch in text:
        if ch == "\n":
            flush_chunk()
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif ch.isascii():
            flush_chunk()
            qtbot.keyClicks(widget, ch)
        else:
            chunk += ch
    flush_chunk()


def find(root: QWidget, pointer: str) -> QWidget:
    widget = root.findChild(QWidget, pointer)
    assert widget is not None, f"no widget named {pointer}"
    return widget


def click(qtbot: Any, widget: QWidget) -> None:
    """Click a widget; check boxes and radio buttons on their indicator, as a person would."""
    if isinstance(widget, (QCheckBox, QRadioButton)):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill_line(qtbot: Any, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Click into a field, select what is there, type, then leave the field with Tab."""
    click(qtbot, widget)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def click_step(qtbot: Any, step_list: QListWidget, key: str) -> None:
    for row in range(step_list.count()):
        item = step_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole + 3) == key:
            rect = step_list.visualItemRect(item)
            qtbot.mouseClick(step_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            assert step_list.currentRow() == row
            return
    raise AssertionError(f"no step {key}")


def cell_editor(view: QAbstractItemView) -> QLineEdit:
    """The open cell editor of a table view (the focused line edit inside it)."""
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor), editor
    return editor


def activate(qtbot: Any, window: QWidget) -> None:
    """Show ``window`` and make it the active window, so focus and Tab behave as on a desktop."""
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def open_wizard(qtbot: Any, workspace: Any, app_id: str, step: str | None = None) -> Any:
    """The filling wizard on ``app_id`` at 1280×800, active, optionally at ``step``."""
    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.wizard.window import FillingWizard

    create_app()
    wizard = FillingWizard(workspace, app_id)
    qtbot.addWidget(wizard)
    wizard.resize(1280, 800)
    activate(qtbot, wizard)
    if step is not None:
        wizard.go_to_step(step)
    return wizard


def open_clerk(qtbot: Any, store: Any) -> Any:
    """The county's 县级汇总 on ``store``, as the clerk, at 1280×800, shown and active (shut down by the caller)."""
    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.county import ClerkWorkspace
    from hzsubsidy_desktop.workspace import CLERK, Workspace

    create_app()
    widget = ClerkWorkspace(Workspace(store, actor=CLERK))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    activate(qtbot, widget)
    return widget


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Pick an entry of a combo box with the keyboard, as a person would."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)
