"""The one door to the Qt binding: every other GUI module imports Qt names from here.

Keeping the binding behind one module (as Anki's ``aqt.qt`` does) means a binding upgrade or
switch touches one file, and the core's "no Qt" rule is easy to check. Work-arounds for
binding bugs live here too, so they apply before any widget exists.

Names are looked up on first use (``from hzsubsidy_desktop.gui.qt import QLineEdit`` works as
usual): a ``from PySide6.QtWidgets import *`` would make PySide create every one of its
classes at start-up, which costs about 0.2 s.
"""

import ctypes
import sys
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


def __dir__() -> list[str]:
    return sorted(set(globals()) | {n for m in _MODULES for n in dir(m) if not n.startswith("_")})


# PySide6 6.12 hands ``None``, ``True`` and ``False`` back to Python without taking a reference
# in several places (``SignalInstance.emit``, ``QObject.property`` of an unset property,
# ``QTimer.singleShot``, ``QWidget.repaint``…). On CPython 3.12+ these objects are immortal and
# nothing happens; on 3.11 each call lowers their reference count by one, and a long session
# ends with "Fatal Python error: none_dealloc / bool_dealloc". These three objects are never
# legitimately freed, so give them what 3.12 gives them: a reference count no leak can use up.
PINNED_REFERENCES = 1 << 40


def _pin_singletons() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (non-debug builds).
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < PINNED_REFERENCES:
            count.value += PINNED_REFERENCES


_pin_singletons()
