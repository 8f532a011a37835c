"""Qt Designer files: the fixed windows and dialogs are drawn in ``ui/*.ui`` and loaded with
``QUiLoader`` when first opened (the wizard's pages stay generated from ``forms/``).

:func:`load_ui` builds the widget tree of one file; the Python class that owns the window then
finds its parts by objectName (:func:`part`) and connects them. Editing a ``.ui`` file in Qt
Designer changes the layout without touching code, as long as the objectNames stay.

The main window's shell is needed before the first paint, so it is compiled to Python at build
time (``hatch_build.py``: ``ui/main_window.ui`` → ``gui/ui_main_window.py``, as Picard does);
:func:`setup_ui` uses that module when it was made from the ``.ui`` as it is now, and QUiLoader
on the file otherwise (a source tree that was not built: ``python hatch_build.py`` builds it).
"""

from __future__ import annotations

import importlib
import zlib
from pathlib import Path
from typing import Any, TypeVar

from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.gui.qt import QFile, QIODevice, QObject, QWidget, ui_loader
from hzsubsidy_desktop.paths import data_dir

W = TypeVar("W", bound=QObject)


class UiFileError(AppError):
    """A shipped ``.ui`` file is missing or broken (an installation problem, said in Chinese)."""


def ui_path(name: str) -> str:
    return str(data_dir("ui") / f"{name}.ui")


def load_ui(name: str, parent: QWidget | None = None, *, into: QWidget | None = None) -> QWidget:
    """The widget tree of ``ui/<name>.ui`` (QtUiTools is imported here, on first use); ``into``: build the
    file's top-level widget as that existing widget (see :func:`setup_ui`)."""
    file = QFile(ui_path(name))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise UiFileError(f"界面文件 {name}.ui 缺失，请重新安装程序。")
    try:
        loader = ui_loader(into)
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise UiFileError(f"界面文件 {name}.ui 无法读取（{loader.errorString()}），请重新安装程序。")
    return widget


def compiled_ui(name: str) -> Any | None:
    """The ``Ui_*`` class generated from ``ui/<name>.ui`` at build time, or None when there is no
    generated module or it was made from another version of the file."""
    try:
        module = importlib.import_module(f"hzsubsidy_desktop.gui.ui_{name}")
    except (ImportError, SyntaxError):  # not built, or a broken build: the .ui itself still works
        return None
    try:
        current = zlib.crc32(Path(ui_path(name)).read_bytes())
    except OSError:
        current = None  # no .ui beside the program: the generated module is all there is
    if current is not None and getattr(module, "UI_CRC32", None) != current:
        return None
    return next((v for k, v in vars(module).items() if k.startswith("Ui_") and isinstance(v, type)), None)


def setup_ui(name: str, window: QWidget) -> None:
    """Build ``ui/<name>.ui`` into ``window``, an instance of the file's top-level class (its
    children, menus, actions and status bar become ``window``'s): from the module compiled at
    build time when it is current, else with QUiLoader. Find the parts with :func:`part`."""
    compiled = compiled_ui(name)
    if compiled is not None:
        # Kept with the window, as Picard keeps ``self.ui``: the parts' Python wrappers live as long as the
        # window (with PySide6 6.8 a menu whose wrapper was collected dropped out of the window's children).
        ui = compiled()
        ui.setupUi(window)
        window._designer_ui = ui  # type: ignore[attr-defined]
        return
    load_ui(name, into=window)


def part(root: QWidget, cls: type[W], name: str) -> W:
    """The child ``name`` (a widget, an action…) of a loaded file; a renamed part fails loudly, naming it."""
    child = root.findChild(cls, name)
    if child is None:
        raise UiFileError(f"界面文件中缺少 {name}，请重新安装程序。")
    return child
