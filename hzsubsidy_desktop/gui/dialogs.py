"""Small window helpers shared by every area: fitting a window on the screen, file dialogs that
are entirely Chinese with whole file names, and opening a folder with a message when that fails.

File dialogs: on Windows and macOS the platform's own dialog (it follows the system language);
elsewhere Qt's dialog, which :func:`~hzsubsidy_desktop.gui.app.create_app` translates with Qt's
zh_CN catalogue, in the detail view with the name column as wide as the longest name, so two
submission files of one company never look the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from hzsubsidy_desktop.gui.qt import (
    QAbstractItemView,
    QApplication,
    QDesktopServices,
    QDialog,
    QFileDialog,
    QHeaderView,
    QKeyEvent,
    QKeySequence,
    QMessageBox,
    QPushButton,
    QRect,
    QShortcut,
    Qt,
    QTreeView,
    QUrl,
    QWidget,
)

NATIVE_DIALOGS = sys.platform in ("win32", "darwin")
DIALOG_SIZE = (960, 600)
FRAME_ALLOWANCE = (16, 40)  # window frame and title bar, until the real ones are known


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The room on the screen of ``widget`` (or the primary screen): without task bars and docks."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width``×``height`` or less, so that it, its frame included, lies
    within the screen's available geometry (a 768 px laptop screen cuts nothing off)."""
    room = available_geometry(window.parentWidget() or window)
    if window.isVisible():
        frame_w = max(0, window.frameGeometry().width() - window.width())
        frame_h = max(0, window.frameGeometry().height() - window.height())
    else:  # the frame is not known before the first show: assume a common one
        frame_w, frame_h = FRAME_ALLOWANCE
    width = min(width, room.width() - frame_w)
    height = min(height, room.height() - frame_h)
    window.resize(max(min(width, room.width() - frame_w), 100), max(min(height, room.height() - frame_h), 100))
    left = min(max(window.x(), room.left()), room.right() + 1 - window.width() - frame_w)
    top = min(max(window.y(), room.top()), room.bottom() + 1 - window.height() - frame_h)
    window.move(max(left, room.left()), max(top, room.top()))


def press_focused_button(event: QKeyEvent) -> bool:
    """Enter on a focused push button presses it, as Space does (outside dialogs Qt only does
    this for "auto default" buttons). For ``keyPressEvent`` of a window or page: True when used."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    focus = QApplication.focusWidget()
    if isinstance(focus, QPushButton) and focus.isEnabled() and focus.isVisible():
        focus.click()
        return True
    return False


def on_enter(view: QWidget, action: Callable[[], object]) -> None:
    """Enter (or keypad Enter) on ``view`` runs ``action``: what a double click does, by keyboard."""
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(action)


def _dialog(parent: QWidget | None, title: str, start: str, mode: QFileDialog.FileMode,
            name_filter: str = "") -> QFileDialog:
    dialog = QFileDialog(parent, title, start, name_filter)
    dialog.setFileMode(mode)
    if not NATIVE_DIALOGS:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        for view in dialog.findChildren(QAbstractItemView):
            view.setTextElideMode(Qt.TextElideMode.ElideNone)
        for tree in dialog.findChildren(QTreeView):
            tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
            tree.header().setStretchLastSection(False)
        fit_to_screen(dialog, *DIALOG_SIZE)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return list(dialog.selectedFiles())
    finally:
        dialog.deleteLater()


def choose_folder(parent: QWidget | None, title: str, start: str) -> str:
    """A folder chosen by the person, or "" when cancelled."""
    dialog = _dialog(parent, title, start, QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, title: str, start: str, name_filter: str) -> list[str]:
    """Existing files chosen by the person (empty when cancelled)."""
    return _run(_dialog(parent, title, start, QFileDialog.FileMode.ExistingFiles, name_filter))


def save_file(parent: QWidget | None, title: str, start: str, name_filter: str) -> str:
    """Where to save, or "" when cancelled (Qt asks before replacing a file)."""
    dialog = _dialog(parent, title, start, QFileDialog.FileMode.AnyFile, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""


def open_folder(parent: QWidget | None, folder: Path) -> bool:
    """Show ``folder`` in the file manager; when there is none (or it fails), say so and show the
    path, selectable, so it can be copied."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, "无法打开文件夹",
                      "未能用文件管理器打开文件夹（本机可能没有文件管理器）。\n文件保存在：", QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("openFolderFailed")
    box.setInformativeText(str(folder))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    copy = box.addButton("复制路径", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(str(folder)))
    box.exec()
    return False
