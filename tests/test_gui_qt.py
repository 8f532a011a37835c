"""The Qt re-export module, and the binding version it needs."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hzsubsidy_desktop.gui import qt

GUI = Path(qt.__file__).resolve().parent


def test_only_gui_qt_imports_the_binding():
    """Every other module takes its Qt names from gui/qt.py, so a binding change touches one file."""
    offenders = []
    for path in sorted(GUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            if any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in names) and path.name != "qt.py":
                offenders.append(f"{path.relative_to(GUI)}: {', '.join(names)}")
    assert offenders == []


LEAK_CHECK = """
import sys
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
class Emitter(QObject):
    fired = Signal(object)
    flag = Signal(bool)
emitter, edit = Emitter(), QLineEdit()
emitter.fired.connect(lambda value: None)
emitter.flag.connect(lambda value: None)
before = [sys.getrefcount(s) for s in (None, True, False)]
for _ in range(20000):
    emitter.fired.emit(None)
    emitter.flag.emit(True)
    emitter.flag.emit(False)
    edit.property("unset")
    QTimer.singleShot(0, lambda: None)
app.processEvents()
after = [sys.getrefcount(s) for s in (None, True, False)]
print([a - b for a, b in zip(after, before)])
"""


def test_the_binding_does_not_lose_references_to_none_true_false():
    """PySide6 6.12 returns None/True/False from emit() and others without a reference; a long
    session then aborts with "Fatal Python error: none_dealloc". pyproject.toml excludes it."""
    result = subprocess.run([sys.executable, "-c", LEAK_CHECK], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert result.returncode == 0, result.stderr[-1500:]
    deltas = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert min(deltas) > -100, deltas  # a leaking binding loses tens of thousands


def test_names_are_resolved_from_the_three_modules_and_unknown_names_fail():
    from PySide6 import QtGui

    assert qt.QKeySequence is QtGui.QKeySequence
    assert "QTableView" in dir(qt)
    with pytest.raises(AttributeError, match="QNoSuchWidget"):
        qt.QNoSuchWidget  # noqa: B018
