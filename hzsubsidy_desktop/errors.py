"""The one base class of every error this program raises on purpose.

An :class:`AppError` carries its Chinese message in ``.message``: what went wrong, named the
way the person at the screen knows it (the field, the file), and what to do. The GUI's one
error path (:func:`hzsubsidy_desktop.gui.operations.run_op`) and the command line show
``exc.message`` for any of them; anything else is a program error.

Subclasses live beside the code that raises them (``InputError`` in ``values.field_types``,
``StoreError`` in ``store``, ``ExportError`` in ``files`` …). Some also derive from a built-in
exception (``ValueError``, ``RuntimeError``) so that code catching those keeps working.
"""

from __future__ import annotations


class AppError(Exception):
    """An expected failure with a Chinese message for the user in ``message``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
