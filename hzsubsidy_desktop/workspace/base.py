"""What every workspace operation stands on: the one :class:`Store`, who is acting, settings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.store import ApplicationSummary, Store

if TYPE_CHECKING:
    from hzsubsidy_desktop.formdef import FormDefinition
    from hzsubsidy_desktop.validation import Report


def load_definition(form_id: str) -> FormDefinition:
    """:func:`hzsubsidy_desktop.formdef.load_definition`, imported on first use: opening a database
    and listing its applications (the main window's first paint) need no form definition."""
    from hzsubsidy_desktop.formdef import load_definition as load

    return load(form_id)


class WorkspaceBase:
    """Owns the store. Nothing outside the workspace (and the core modules it calls) touches it."""

    def __init__(self, store: Store, actor: str = "enterprise") -> None:
        self._store = store
        self.actor = actor

    @classmethod
    def open(cls, path: str | Path, actor: str = "enterprise") -> Self:
        """A workspace on its own connection to the database at ``path`` (raises StoreError)."""
        return cls(Store(path), actor=actor)

    def as_actor(self, actor: str) -> Self:
        """The same database (same connection), with changes recorded as made by ``actor``."""
        return type(self)(self._store, actor=actor)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._store.path

    # -- settings (per database: window size, last folders, the open application …) -----------
    def setting(self, key: str, default: Any = None) -> Any:
        return self._store.setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self._store.set_setting(key, value)

    # -- documents ------------------------------------------------------------------------------
    def summaries(self, *, deleted: bool = False) -> list[ApplicationSummary]:
        """The applications in the list (or in the trash), newest change first."""
        return self._store.summaries(deleted=deleted)

    def application_count(self) -> int:
        """How many applications are not in the trash (cheap: no row is read)."""
        return self._store.application_count()

    def summary(self, app_id: str) -> ApplicationSummary:
        return self._store.summary(app_id)

    def resolve(self, typed: str) -> str:
        """The id of the one application whose id starts or ends with ``typed`` (raises NotFound)."""
        return self._store.resolve(typed)

    def definition_for(self, app_id: str) -> FormDefinition:
        return load_definition(self._store.summary(app_id).form_id)

    def load(self, app_id: str) -> dict[str, Any]:
        doc = self._store.load(app_id)
        return docs.canonical(load_definition(doc["form_id"]), doc)

    def report(self, app_id: str) -> Report:
        """Validate the stored application and remember its status for the list."""
        from hzsubsidy_desktop.validation import validate

        doc = self.load(app_id)
        report = validate(load_definition(doc["form_id"]), doc)
        self.record_report(app_id, report)
        return report

    def record_report(self, app_id: str, report: Report) -> None:
        """Remember the status of a report made elsewhere (the wizard validates in memory)."""
        self._store.record_status(app_id, report.status(), len(report.blocking), len(report.warnings))
