"""Local storage: one SQLite database of applications, their rows, audit trail and settings."""

from hzsubsidy_desktop.store.database import (
    ApplicationSummary,
    AuditEntry,
    NotFound,
    RestoreConflict,
    Store,
    StoreError,
)
from hzsubsidy_desktop.store.migrations import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "ApplicationSummary", "AuditEntry", "NotFound", "RestoreConflict", "Store", "StoreError"]
