"""The main window's shell (ui/main_window.ui): compiled at build time by hatch_build.py, or read
with QUiLoader from a source tree that was not built; the person sees the same window either way."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import types
from pathlib import Path

import pytest

from hzsubsidy_desktop.gui import designer
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.main_window import MainWindow
from hzsubsidy_desktop.gui.qt import QFile, QIODevice, QMainWindow, QMenu, QObject, QTabWidget, ui_loader

ROOT = Path(__file__).resolve().parent.parent


def describe(window: QMainWindow) -> dict[str, object]:
    """What a person meets of the shell: every named part, the menus in order, texts and shortcuts."""
    menus = []
    for top in window.menuBar().actions():
        menu = top.menu() if isinstance(top.menu(), QMenu) else None
        items = [] if menu is None else [
            "—" if a.isSeparator() else (a.objectName(), a.text(), a.shortcut().toString(), a.shortcutContext().name)
            for a in menu.actions()
        ]
        menus.append((top.text(), items))
    tabs = window.centralWidget()
    return {
        "window": (window.objectName(), window.windowTitle()),
        "parts": sorted((o.objectName(), type(o).__name__) for o in window.findChildren(QObject) if o.objectName()
                        and not o.objectName().startswith("qt_")),
        "central": (tabs.objectName(), type(tabs).__name__,
                    isinstance(tabs, QTabWidget) and tabs.documentMode() and tabs.tabBarAutoHide()),
        "menus": menus,
        "status bar": window.statusBar().objectName(),
    }


def compiled_module(tmp_path: Path) -> types.ModuleType:
    """ui_main_window.py as the build hook writes it (into a copy of the tree, not this checkout)."""
    spec = importlib.util.spec_from_file_location("hatch_build_under_test", ROOT / "hatch_build.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    (tmp_path / "ui").mkdir()
    shutil.copy(ROOT / "ui" / "main_window.ui", tmp_path / "ui")
    (tmp_path / "hzsubsidy_desktop" / "gui").mkdir(parents=True)
    (out,) = hook.compile_ui(tmp_path)
    spec = importlib.util.spec_from_file_location("ui_main_window_under_test", out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_compiled_shell_is_the_designer_file(qtbot, tmp_path):
    create_app()
    module = compiled_module(tmp_path)
    compiled = QMainWindow()
    qtbot.addWidget(compiled)
    module.Ui_MainWindowShell().setupUi(compiled)
    loaded = QMainWindow()
    qtbot.addWidget(loaded)
    file = QFile(str(ROOT / "ui" / "main_window.ui"))
    assert file.open(QIODevice.OpenModeFlag.ReadOnly)
    assert ui_loader(into=loaded).load(file, None) is loaded
    file.close()
    assert describe(compiled) == describe(loaded)
    shown = describe(compiled)
    assert shown["window"] == ("mainWindow", "跨境电商专项激励申报")
    assert [title for title, _items in shown["menus"]] == ["文件(&F)", "工作区(&W)", "帮助(&H)"]
    assert ("clerkAreaAction", "县级汇总(&2)", "Ctrl+2", "WindowShortcut") in shown["menus"][1][1]
    # uic's import lists are cut to what the form uses (the full lists cost ~35 ms at start-up), taken
    # from gui/qt.py like every other module's Qt names (tests/test_gui_qt.py)
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert "QConicalGradient" not in source and "PySide6" not in source
    assert "from hzsubsidy_desktop.gui.qt import QAction, QCoreApplication, QMenu" in source


def test_main_window_is_the_same_built_or_from_the_source_tree(qtbot, workspace, tmp_path, monkeypatch):
    create_app()
    module = compiled_module(tmp_path)
    monkeypatch.setitem(sys.modules, "hzsubsidy_desktop.gui.ui_main_window", module)
    assert designer.compiled_ui("main_window") is module.Ui_MainWindowShell
    built = MainWindow(workspace, restore=False)
    qtbot.addWidget(built)
    monkeypatch.setattr(designer, "compiled_ui", lambda name: None)  # not built: QUiLoader on the .ui
    source = MainWindow(workspace, restore=False)
    qtbot.addWidget(source)
    assert describe(built) == describe(source)
    file_menu = describe(built)["menus"][0][1]
    keys = {name: key for name, _text, key, _context in (i for i in file_menu if i != "—")}
    assert keys["saveAction"] == "Ctrl+S" and keys["newAction"] == "Ctrl+N"  # standard keys, set in code
    assert built.tabs.tabText(0) == "企业填报" and built.tabs.widget(0) is built.enterprise
    for window in (built, source):
        window.close()


def test_a_generated_module_from_another_version_of_the_file_is_not_used(monkeypatch):
    class Ui_MainWindowShell:  # noqa: N801 - as uic names it
        pass

    stale = types.ModuleType("hzsubsidy_desktop.gui.ui_main_window")
    stale.UI_CRC32 = 0
    stale.Ui_MainWindowShell = Ui_MainWindowShell
    monkeypatch.setitem(sys.modules, stale.__name__, stale)
    assert designer.compiled_ui("main_window") is None
    import zlib

    stale.UI_CRC32 = zlib.crc32((ROOT / "ui" / "main_window.ui").read_bytes())
    assert designer.compiled_ui("main_window") is Ui_MainWindowShell


@pytest.mark.parametrize("name", ["about", "conflict"])
def test_other_designer_files_are_not_compiled(name):
    assert designer.compiled_ui(name) is None  # read with QUiLoader when first opened


def test_a_broken_generated_module_falls_back_to_the_designer_file(qtbot, workspace, monkeypatch):
    def broken(name: str) -> types.ModuleType:
        raise SyntaxError("invalid syntax", ("ui_main_window.py", 1, 1, "<<<"))

    monkeypatch.setattr(designer.importlib, "import_module", broken)
    assert designer.compiled_ui("main_window") is None
    create_app()
    window = MainWindow(workspace, restore=False)  # from ui/main_window.ui through QUiLoader
    qtbot.addWidget(window)
    assert [title for title, _items in describe(window)["menus"]] == ["文件(&F)", "工作区(&W)", "帮助(&H)"]
    window.close()
