"""Shared fixtures (a real database in tmp_path, the sample application, the definition) and the
test tiers: every test is marked unit, gui or system from the table in ``tests/tiers.py``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import tiers  # noqa: E402

from hzsubsidy_desktop.document.sample import sample_application  # noqa: E402
from hzsubsidy_desktop.formdef import FormDefinition, load_definition  # noqa: E402
from hzsubsidy_desktop.store import Store  # noqa: E402
from hzsubsidy_desktop.workspace import Workspace  # noqa: E402


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier; stop the run if a module has no tier or a test has two."""
    tests_dir = Path(__file__).resolve().parent
    problems = tiers.table_problems(tests_dir)
    for item in items:
        module = item.path.relative_to(tests_dir).as_posix() if item.path.is_relative_to(tests_dir) else item.path.name
        own = [m.name for m in item.iter_markers() if m.name in tiers.TIERS]
        fixturedefs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        funcs = [getattr(item, "function", None), *(d.func for defs in fixturedefs.values() for d in defs)]
        signs = tiers.system_signs(f for f in funcs if f is not None)
        tier, problem = tiers.tier_of(module, own, list(getattr(item, "fixturenames", ())), signs)
        if problem:
            problems.append(f"{item.nodeid} {problem}")
        elif tier and not own:
            item.add_marker(getattr(pytest.mark, tier))
    if problems:
        raise pytest.UsageError("test tiers:\n  " + "\n  ".join(problems))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """No window outlives its test. Before the fixtures close the test's database, every window's
    timers stop (a delayed refresh would otherwise reach the closed database during a later test and
    abort the run); after them, the windows left over (opened by ``run()`` or without qtbot) are deleted."""
    _quiet_windows(delete=False)
    result = yield
    _quiet_windows(delete=True)
    return result


def _quiet_windows(*, delete: bool) -> None:
    if "PySide6.QtWidgets" not in sys.modules:  # unit tests never load Qt
        return
    from hzsubsidy_desktop.gui.qt import QApplication, QEvent, QTimer

    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        for timer in widget.findChildren(QTimer):
            timer.stop()
        if delete:
            widget.deleteLater()  # no close(): a closeEvent could try to save into the closed database
    if delete:
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the user's real database or sees the user's extra notice folders."""
    monkeypatch.setenv("HZSUBSIDY_DB", str(tmp_path / "default.sqlite3"))
    monkeypatch.delenv("HZSUBSIDY_FORMS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


@pytest.fixture
def definition() -> FormDefinition:
    return load_definition()


@pytest.fixture
def sample() -> dict[str, Any]:
    return sample_application()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "apps.sqlite3"


@pytest.fixture
def store(db_path: Path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def workspace(store: Store) -> Workspace:
    return Workspace(store)


@pytest.fixture
def window(qtbot, workspace: Workspace):
    """The main window on the test's database, shown and active (GUI tests)."""
    from gui_helpers import activate

    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.main_window import MainWindow

    create_app()
    win = MainWindow(workspace, restore=False)
    qtbot.addWidget(win)
    activate(qtbot, win)
    yield win
    win.close()
