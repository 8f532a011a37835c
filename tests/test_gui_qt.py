"""The Qt re-export module and its work-around for the binding's reference-count bugs."""

from __future__ import annotations

import sys

import pytest

from hzsubsidy_desktop.gui import qt
from hzsubsidy_desktop.gui.qt import QLineEdit, QObject, QTimer, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_qt_names_come_from_one_module():
    assert qt.QLineEdit.__module__.startswith("PySide6")
    assert qt.Signal is Signal


def test_binding_calls_cannot_use_up_the_references_of_none_true_false(qtbot):
    """Calls that PySide6 6.12 returns without a reference (see qt.py) run thousands of times
    in a session; on CPython 3.11 they would otherwise end in a fatal none_dealloc."""
    emitter = _Emitter()
    edit = QLineEdit()
    qtbot.addWidget(edit)
    for _ in range(2000):
        emitter.fired.emit(None)
        edit.property("unset")
        QTimer.singleShot(0, lambda: None)
    qtbot.wait(10)
    floor = qt.PINNED_REFERENCES // 2 if sys.version_info < (3, 12) else 1
    for singleton in (None, True, False):
        assert sys.getrefcount(singleton) > floor


def test_names_are_resolved_from_the_three_modules_and_unknown_names_fail():
    from PySide6 import QtGui

    assert qt.QKeySequence is QtGui.QKeySequence
    assert "QTableView" in dir(qt)
    with pytest.raises(AttributeError, match="QNoSuchWidget"):
        qt.QNoSuchWidget  # noqa: B018
