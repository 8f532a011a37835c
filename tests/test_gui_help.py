"""帮助: the user guide shipped with the program (offline) opens with F1 and from the menu; 关于
comes from ui/about.ui and names the database; every .ui file loads."""

from __future__ import annotations

import pytest

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.designer import UiFileError, load_ui, part
from hzsubsidy_desktop.gui.qt import QApplication, QDialog, QLabel, QMenu, QMessageBox, Qt, QTimer
from hzsubsidy_desktop.paths import data_dir


def test_f1_opens_the_user_guide(qtbot, window):
    qtbot.keyClick(window.enterprise.list.tree, Qt.Key.Key_F1)
    guide = window.guide
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "用户指南" in text and "Alt+→" in text and "已按元换算为 0.12 万元" in text
    room = guide.screen().availableGeometry()
    assert guide.frameGeometry().width() <= room.width() and guide.height() <= room.height()


def test_the_help_menu_has_the_guide_and_about(qtbot, window):
    # found among the menu bar's children: PySide6 6.8.0.2 (the oldest supported) hands out a dead wrapper
    # from QAction.menu() once addMenu()'s result was dropped
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title().startswith("帮助"))
    texts = [a.text() for a in menu.actions()]
    assert texts[0].startswith("用户指南") and any(t.startswith("关于") for t in texts)


def test_about_comes_from_its_designer_file_and_names_the_database(qtbot, window, monkeypatch):
    seen: list[tuple[str, str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        seen.append((dialog.objectName(), part(dialog, QLabel, "aboutDatabase").text()))
        dialog.accept()

    QTimer.singleShot(50, look)
    window._about()
    assert seen == [("aboutDialog", str(window.workspace.path))]


@pytest.mark.parametrize("path", sorted(data_dir("ui").glob("*.ui")), ids=lambda p: p.name)
def test_every_designer_file_loads(qtbot, path):
    from hzsubsidy_desktop.gui.app import create_app

    create_app()
    widget = load_ui(path.stem)
    qtbot.addWidget(widget)
    assert widget.objectName()


def test_a_missing_designer_file_is_said_in_chinese(qtbot, window, monkeypatch):
    with pytest.raises(UiFileError, match="缺失"):
        load_ui("no-such-window")
    monkeypatch.setattr("hzsubsidy_desktop.gui.designer.ui_path", lambda name: "/nonexistent/about.ui")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    window._about()
    assert warned and "about.ui" in warned[0]


def test_the_clerks_wizard_window_fits_a_1366x768_screen(qtbot, workspace, monkeypatch):
    from hzsubsidy_desktop.gui import dialogs
    from hzsubsidy_desktop.gui.county.editor import ClerkEditorWindow
    from hzsubsidy_desktop.gui.qt import QRect, QSize

    room = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px task bar
    monkeypatch.setattr(dialogs, "available_geometry", lambda widget=None: room)
    app_id = workspace.add_document(sample_application())
    editor = ClerkEditorWindow(workspace, app_id)
    qtbot.addWidget(editor)
    frame_w, frame_h = dialogs.FRAME_ALLOWANCE
    assert editor.height() + frame_h <= room.height(), editor.size()  # was 780 px: the status line was cut off
    assert editor.width() + frame_w <= room.width()
    assert room.contains(QRect(editor.pos(), QSize(editor.width() + frame_w, editor.height() + frame_h)))


def test_the_file_dialog_is_entirely_chinese_with_whole_file_names(qtbot, tmp_path):
    import re

    from hzsubsidy_desktop.gui import dialogs
    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.qt import QAbstractButton, QFileDialog, QTreeView, QWidget

    create_app()
    names = ["91330523MA2B3C4D5X_安吉竹木家居跨境电商公共服务中心项目.hzsub",
             "91330523MA2B3C4D5X_安吉竹木家居跨境电商公共服务中心项目（副本）.hzsub"]
    for name in names:
        (tmp_path / name).write_bytes(b"x" * 12)
    dialog = dialogs._dialog(None, "导入报送文件", str(tmp_path), QFileDialog.FileMode.ExistingFiles,
                             "报送文件 (*.hzsub)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    english = [f"{type(w).__name__}: {text!r}" for w in dialog.findChildren(QWidget) if w.isVisible()
               for text in ([w.text()] if isinstance(w, (QLabel, QAbstractButton)) else []) + [w.toolTip()]
               if re.search("[A-Za-z]{3}", text.replace("hzsub", ""))]
    assert english == []
    tree = next(t for t in dialog.findChildren(QTreeView) if t.isVisible())
    model = tree.model()
    qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) == 2)
    shown = [model.index(r, 0, tree.rootIndex()) for r in range(2)]
    for index in shown:
        text = index.data()
        assert text in names
        assert tree.columnWidth(0) >= tree.fontMetrics().horizontalAdvance(text) + 16  # never elided


def test_texts_without_a_translation_stay_as_written(qtbot):
    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.qt import QCoreApplication

    create_app()
    assert QCoreApplication.translate("ConflictContent", "已导入的内容") == "已导入的内容"
    dialog = load_ui("about")
    qtbot.addWidget(dialog)
    assert part(dialog, QLabel, "aboutTitle").text() == "跨境电商专项激励申报"
