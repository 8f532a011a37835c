"""Local storage: one SQLite database of applications, their rows, audit trail and settings."""

from hzsubsidy_desktop.store.database import Store
from hzsubsidy_desktop.store.migrations import SCHEMA_VERSION
from hzsubsidy_desktop.store.records import ApplicationSummary, AuditEntry, NotFound, RestoreConflict, StoreError

__all__ = ["SCHEMA_VERSION", "ApplicationSummary", "AuditEntry", "NotFound", "RestoreConflict", "Store", "StoreError"]
