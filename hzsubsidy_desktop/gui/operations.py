"""Running one core operation from the GUI, in the manner of Anki's ``CollectionOp``.

:func:`run_op` calls a core callable (which must not touch widgets), sends every exception it
raises to one Chinese error path, and afterwards announces what changed on :data:`changes`, so
that views refresh only what concerns them.

Error path: a message box by default; ``quiet=True`` puts the message in the window's status bar
instead (for small, frequent operations such as autosave). Input errors can be claimed by the
caller with ``on_input_error`` (the wizard shows them under the field).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.gui.qt import QApplication, QMainWindow, QMessageBox, QObject, Qt, QWidget, Signal

if TYPE_CHECKING:  # imported when an input is first rejected: the window's first paint needs no parsing
    from hzsubsidy_desktop.values.field_types import InputError

T = TypeVar("T")

# What may change; listeners compare with these names.
APPLICATIONS = "applications"  # the list of applications (new, deleted, restored, renamed, status)
DOCUMENT = "document"  # the content of one application
PROFILE = "profile"  # the saved enterprise profile
FILES = "files"  # files written to disk (exports, submissions)


@dataclass(frozen=True)
class Change:
    kinds: frozenset[str]
    app_id: str | None = None

    def touches(self, kind: str) -> bool:
        return kind in self.kinds


class ChangeBus(QObject):
    """Announces :class:`Change` objects after successful operations."""

    changed = Signal(object)

    def announce(self, kinds: Iterable[str], app_id: str | None = None) -> None:
        kinds = frozenset(kinds)
        if kinds:
            self.changed.emit(Change(kinds, app_id))


_bus: ChangeBus | None = None


def changes() -> ChangeBus:
    """The process-wide change announcer (created with the first use, after the QApplication)."""
    global _bus
    if _bus is None:
        _bus = ChangeBus()
    return _bus


@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None
    message: str = ""
    error: BaseException | None = None


def error_message(exc: BaseException) -> str:
    """The Chinese message to show for an exception raised by a core operation."""
    if isinstance(exc, AppError):
        return exc.message
    if isinstance(exc, PermissionError):
        return f"没有权限写入“{exc.filename or ''}”。请换一个文件夹，或关闭正在使用该文件的程序（如 Word、Excel）。"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件或文件夹“{exc.filename or ''}”。"
    if isinstance(exc, OSError):
        return f"读写文件失败：{exc.strerror or exc}"
    return f"操作未能完成（程序内部错误：{type(exc).__name__}）。已保存的内容不受影响。"


def show_error(parent: QWidget | None, message: str, *, quiet: bool = False, title: str = "无法完成操作") -> None:
    """The single place where operation errors reach the person at the screen."""
    window = parent.window() if parent is not None else None
    if quiet and isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 10000)
        return
    QMessageBox.warning(parent, title, message)


def run_op(
    parent: QWidget | None,
    op: Callable[[], T],
    *,
    changed: Iterable[str] = (),
    app_id: str | None = None,
    on_success: Callable[[T], Any] | None = None,
    on_input_error: Callable[[InputError], Any] | None = None,
    quiet: bool = False,
    busy: bool = False,
    title: str = "无法完成操作",
) -> Outcome[T]:
    """Run ``op``; on success call ``on_success`` and announce ``changed``; on failure show why."""
    if busy:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        value = op()
    except Exception as exc:  # noqa: BLE001 - every failure takes the one error path
        from hzsubsidy_desktop.values.field_types import InputError

        if isinstance(exc, InputError):
            if on_input_error is not None:
                on_input_error(exc)
            else:
                show_error(parent, exc.message, quiet=quiet, title=title)
            return Outcome(False, None, exc.message, exc)
        if not isinstance(exc, (AppError, OSError)):  # a program error: keep its trace for the report
            traceback.print_exception(exc, file=sys.stderr)
        message = error_message(exc)
        show_error(parent, message, quiet=quiet, title=title)
        return Outcome(False, None, message, exc)
    finally:
        if busy:
            QApplication.restoreOverrideCursor()
    if on_success is not None:
        on_success(value)
    changes().announce(changed, app_id)
    return Outcome(True, value)
