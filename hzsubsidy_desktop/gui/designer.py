"""Qt Designer files: the fixed windows and dialogs are drawn in ``ui/*.ui`` and loaded with
``QUiLoader`` when first opened (the wizard's pages stay generated from ``forms/``).

:func:`load_ui` builds the widget tree of one file; the Python class that owns the window then
finds its parts by objectName (:func:`part`) and connects them. Editing a ``.ui`` file in Qt
Designer changes the layout without touching code, as long as the objectNames stay.
"""

from __future__ import annotations

from typing import TypeVar

from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.gui.qt import QFile, QIODevice, QWidget, ui_loader
from hzsubsidy_desktop.paths import data_dir

W = TypeVar("W", bound=QWidget)


class UiFileError(AppError):
    """A shipped ``.ui`` file is missing or broken (an installation problem, said in Chinese)."""


def ui_path(name: str) -> str:
    return str(data_dir("ui") / f"{name}.ui")


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget tree of ``ui/<name>.ui`` (QtUiTools is imported here, on first use)."""
    file = QFile(ui_path(name))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise UiFileError(f"界面文件 {name}.ui 缺失，请重新安装程序。")
    try:
        loader = ui_loader()
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise UiFileError(f"界面文件 {name}.ui 无法读取（{loader.errorString()}），请重新安装程序。")
    return widget


def part(root: QWidget, cls: type[W], name: str) -> W:
    """The child ``name`` of a loaded file; a renamed part fails loudly, naming it."""
    child = root.findChild(cls, name)
    if child is None:
        raise UiFileError(f"界面文件中缺少 {name}，请重新安装程序。")
    return child
