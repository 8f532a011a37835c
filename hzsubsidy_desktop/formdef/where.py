"""Where a problem in a form definition is: :class:`DefinitionError` names the file and the item."""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.errors import AppError


class DefinitionError(AppError, ValueError):
    """A malformed form definition; the message names the file and the field."""


class Where:
    """Error context: the file being read and the item inside it."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, item: str, problem: str) -> DefinitionError:
        return DefinitionError(f"{self.file}: {item}: {problem}")

    def check_keys(self, item: str, table: dict[str, Any], allowed: set[str]) -> None:
        if not isinstance(table, dict):
            raise self.fail(item, "expected a table")
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(item, f"unknown key(s) {', '.join(unknown)}")

    def require(self, item: str, table: dict[str, Any], key: str, kind: type) -> Any:
        value = table.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self.fail(item, f"missing {key}")
        if not isinstance(value, kind):
            raise self.fail(item, f"{key} must be {kind.__name__}")
        return value
