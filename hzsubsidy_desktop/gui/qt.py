"""The one door to the Qt binding: every other GUI module imports Qt names from here.

Keeping the binding behind one module (as Anki's ``aqt.qt`` does) means a binding upgrade or
switch touches one file, and the core's "no Qt" rule is easy to check. Work-arounds for
binding bugs live here too, so they apply before any widget exists.

Names are looked up on first use (``from hzsubsidy_desktop.gui.qt import QLineEdit`` works as
usual): a ``from PySide6.QtWidgets import *`` would make PySide create every one of its
classes at start-up, which costs about 0.2 s.
"""

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

_MODULES = (QtCore, QtGui, QtWidgets)


def __getattr__(name: str) -> Any:
    for module in _MODULES:
        try:
            value = getattr(module, name)
        except AttributeError:
            continue
        globals()[name] = value  # next time a plain module attribute
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r} (not in QtCore, QtGui or QtWidgets)")


def ui_loader(into: Any = None) -> Any:
    """A ``QUiLoader`` for the Qt Designer files in ``ui/`` (QtUiTools is loaded on first use,
    not at start-up). With ``into``, the file's top-level widget is ``into`` itself (its
    children, menus and status bar are built into that existing window) instead of a new one."""
    from PySide6.QtUiTools import QUiLoader

    if into is None:
        return QUiLoader()

    class IntoLoader(QUiLoader):
        def createWidget(self, class_name: str, parent: Any = None, name: str = "") -> Any:  # noqa: N802
            if parent is None:
                return into
            return super().createWidget(class_name, parent, name)

    return IntoLoader()


def __dir__() -> list[str]:
    return sorted(set(globals()) | {n for m in _MODULES for n in dir(m) if not n.startswith("_")})


# PySide6 6.12 hands ``None``, ``True`` and ``False`` back to Python without taking a reference
# (``SignalInstance.emit`` and others); on CPython 3.11 a session then ends in "Fatal Python
# error: none_dealloc". 6.11 and earlier do not: pyproject.toml keeps PySide6 below 6.12, and
# tests/test_gui_qt.py fails if the installed binding has the bug.
