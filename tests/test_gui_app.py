"""Starting the GUI: one configured QApplication, Chinese standard buttons, and run()."""

from __future__ import annotations

from pathlib import Path

from hzsubsidy_desktop.gui.app import create_app, run
from hzsubsidy_desktop.gui.main_window import MainWindow
from hzsubsidy_desktop.gui.qt import QApplication, QDialogButtonBox, QMessageBox


def test_create_app_is_configured_once(qtbot):
    app = create_app()
    assert create_app() is app is QApplication.instance()
    assert not app.windowIcon().isNull()
    assert app.applicationDisplayName() == "跨境电商专项激励申报"
    assert "QLabel[role=\"error\"]" in app.styleSheet()


def test_standard_buttons_read_in_chinese(qtbot):
    create_app()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = [b.text().replace("&", "") for b in box.buttons()]
    assert any("确定" in t for t in texts) and any("取消" in t for t in texts)


def test_run_opens_the_main_window_on_the_given_database(qtbot, tmp_path, monkeypatch):
    create_app()
    shown: list[MainWindow] = []

    def fake_exec(self: QApplication) -> int:
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        for window in shown:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    db = tmp_path / "mine.sqlite3"
    assert run(str(db)) == 0
    assert db.exists() and len(shown) == 1
    assert shown[0].workspace.path == Path(db)


def test_run_explains_a_database_it_cannot_open(qtbot, tmp_path, monkeypatch):
    create_app()
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: messages.append(text))
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_bytes(b"this is not a database" * 100)
    assert run(str(not_a_db)) == 2
    assert messages and "数据库" in messages[0] and str(not_a_db) in messages[0]
