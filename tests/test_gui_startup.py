"""Start-up through the real entry point: what the main window loads before its first paint, and that
it is usable at once (what was left out is loaded when first needed). Speed is measured by
``benchmarks/bench_startup.py``, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.designer import compiled_ui
from hzsubsidy_desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent

# Runs ``hzsubsidy --db DB``; when the event loop would start (the window shown, nothing painted yet,
# no event processed) it notes what is loaded and what the window shows, then uses the window.
DRIVER = r"""
import json, sys
import hzsubsidy_desktop.cli.main as cli

def start_gui(args, _start=cli.start_gui):
    from PySide6.QtWidgets import QApplication
    from hzsubsidy_desktop.gui.main_window import MainWindow

    def first_moment():
        seen = {"loaded": sorted(sys.modules)}
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        tree = window.enterprise.list.tree
        seen["title"] = window.windowTitle()
        seen["rows"] = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
        seen["menus"] = [a.text() for a in window.menuBar().actions()]
        window.enterprise.list.new_button.click()  # 新建空白申报, before anything deferred has run
        wizard = window.enterprise.wizard
        seen["wizard step"] = wizard.current_step if wizard is not None else None
        seen["after"] = window.enterprise.list.workspace.application_count()
        seen["loaded with the wizard"] = sorted(sys.modules)
        window.close()
        print(json.dumps(seen))
        return 0

    QApplication.exec = staticmethod(first_moment)
    return _start(args)

cli.start_gui = start_gui
sys.exit(cli.main(["--db", sys.argv[1]]))
"""


def test_the_window_is_usable_before_anything_deferred_is_loaded(tmp_path):
    db = tmp_path / "two.sqlite3"
    with Workspace.open(db) as workspace:
        workspace.add_document(sample_application())
        other = workspace.new_application()
        workspace.edit(other, "/project/name", "直播基地")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-c", DRIVER, str(db)], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    # Shown with the list filled and the menus in place ...
    assert seen["title"] == "跨境电商专项激励申报"
    assert sorted(seen["rows"]) == sorted(["安吉椅业跨境电商产业带展示选品中心建设项目", "直播基地"])
    assert seen["menus"] == ["文件(&F)", "工作区(&W)", "帮助(&H)"]
    # ... without the form definitions, the checks, the wizard or the export libraries ...
    loaded = set(seen["loaded"])
    for deferred in ("hzsubsidy_desktop.formdef", "hzsubsidy_desktop.validation", "hzsubsidy_desktop.values.field_types",
                     "hzsubsidy_desktop.gui.wizard", "hzsubsidy_desktop.gui.county", "openpyxl", "docx"):
        assert deferred not in loaded, deferred
    if compiled_ui("main_window") is not None:  # built (pip install -e . / the wheel): no QUiLoader at start-up
        assert "PySide6.QtUiTools" not in loaded
    # ... and usable at once: 新建空白申报 opens the wizard on a new application, which loads the
    # definitions it needs, still not the export libraries (loaded when exporting).
    assert seen["wizard step"] == "enterprise" and seen["after"] == 3
    with_wizard = set(seen["loaded with the wizard"])
    assert "hzsubsidy_desktop.formdef" in with_wizard
    assert not with_wizard & {"openpyxl", "docx"}
