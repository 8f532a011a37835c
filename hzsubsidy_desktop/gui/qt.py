"""The one door to the Qt binding: every other GUI module imports Qt names from here.

Keeping the binding behind one module (as Anki's ``aqt.qt`` does) means a binding upgrade or
switch touches one file, and the core's "no Qt" rule is easy to check. Work-arounds for
binding bugs live here too, so they apply before any widget exists.
"""

import ctypes
import sys

from PySide6.QtCore import *  # noqa: F403
from PySide6.QtCore import QObject, Signal, SignalInstance  # explicit names used below
from PySide6.QtGui import *  # noqa: F403
from PySide6.QtWidgets import *  # noqa: F403


def _emit_drops_a_reference() -> bool:
    """PySide6 6.12 returns ``True`` from ``SignalInstance.emit`` without taking a reference.
    On CPython 3.11 (where ``True`` is not immortal) every emit then lowers the reference count
    of ``True`` by one, until the interpreter aborts with "bool_dealloc"."""
    if sys.version_info >= (3, 12):
        return False

    class _Probe(QObject):
        fired = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def _install_emit_fix() -> None:
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None

    def emit(self, *args):  # type: ignore[no-untyped-def]
        result = original(self, *args)
        if result is True or result is False:
            incref(result)  # the reference the binding forgot to take
        return result

    emit.__doc__ = original.__doc__
    SignalInstance.emit = emit


if _emit_drops_a_reference():
    _install_emit_fix()
