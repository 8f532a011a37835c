"""What importing one file gave: one :class:`ImportOutcome` per application, with its status in Chinese.

Shared by :mod:`.importing` (the files, batches and transactions) and :mod:`.storing` (what one
incoming application does to the database).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hzsubsidy_desktop.county.diff import FieldChange
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import StoreError

ACTOR = "import"
ORIGIN = "import"
WORD_ORIGIN = "word"  # read from a hand-filled Word 附件3/附件4 (interchange.word_import)
COUNTY_ORIGINS = (ORIGIN, WORD_ORIGIN)  # what the county's list holds
STATUSES = ("imported", "replaced", "identical", "duplicate", "conflict", "removed", "rejected")
STATUS_LABELS = {
    "imported": "已导入",
    "replaced": "已替换旧版本",
    "identical": "相同，已跳过",
    "duplicate": "疑似重复",
    "conflict": "有冲突",
    "removed": "已移入回收站",  # the county no longer lists it (county.removals)
    "rejected": "已拒收",
}


class ImportStopped(StoreError):
    """The database cannot take more (disk full, read-only, locked): the batch stops here. The files
    imported before stay imported; this file and the ones after it were not imported."""

ProgressCallback = Callable[[int, int, Path], None]


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # one of STATUSES
    message: str  # one Chinese line
    app_id: str | None = None  # the stored application (new, replaced, identical, or kept on conflict)
    project_name: str = ""
    credit_code: str = ""
    revision: int | None = None
    entry: str = ""
    changes: tuple[FieldChange, ...] = ()
    incoming: Incoming | None = field(default=None, repr=False, compare=False)
    other_enterprise: bool = False  # a conflict because the submission id belongs to another enterprise
    duplicate_of: str | None = None  # the application this one may duplicate (status "duplicate")
    notes: tuple[str, ...] = ()  # what a Word file could not give (findings naming the official labels)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def line(self) -> str:
        """``<file>[ <entry>]：<状态>  <message>`` for the CLI and logs."""
        where = self.path.name + (f" {self.entry}" if self.entry else "")
        return f"{where}：{self.label}。{self.message}"
