"""What the store hands out besides documents: its errors (explained in Chinese), an application's
summary, an audit entry, and the timestamp every change is stamped with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hzsubsidy_desktop.errors import AppError


class StoreError(AppError, RuntimeError):
    """A storage failure explained in Chinese (disk full, read-only folder, locked, damaged)."""


class NotFound(StoreError):
    pass


class RestoreConflict(StoreError):
    """Restoring would give two live applications of one submission: the clerk chooses one first."""

    def __init__(self, message: str, twin: str) -> None:
        super().__init__(message)
        self.twin = twin


@dataclass(frozen=True)
class ApplicationSummary:
    id: str
    form_id: str
    project_name: str
    enterprise_name: str
    credit_code: str
    updated_at: str
    created_at: str
    deleted_at: str | None
    status: str
    error_count: int
    warning_count: int
    current_step: str
    origin: str
    submission_id: str | None
    revision: int
    review_state: str
    review_comment: str
    duplicate_of: str | None = None  # a suspected duplicate of this application, until the clerk decides
    county_review_state: str | None = None  # the county's review, as the city sees it (read-only)
    county_review_comment: str | None = None
    county_review_county: str | None = None
    county_review_date: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    pointer: str
    old: Any
    new: Any
    at: str
    actor: str


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(value, ensure_ascii=False), made once
_ENCODE_TEXT = json.encoder.encode_basestring  # what that does with a str, without the dispatch
# The same C encoder json.dumps builds on every call, built once (documents are trees: no cycle check).
_ENCODE_C = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, json.JSONEncoder().default, _ENCODE_TEXT, None, ": ", ", ", False, False, True
)


def json_text(value: Any) -> str:
    """A value as stored: JSON text, Chinese kept as is (money strings stay exact); the same text as
    ``json.dumps(value, ensure_ascii=False)``."""
    if type(value) is str:
        return _ENCODE_TEXT(value)
    return "".join(_ENCODE_C(value, 0)) if _ENCODE_C else _ENCODE(value)


def explain_sqlite_error(exc: BaseException) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "磁盘空间已满，本次修改未保存。请清理磁盘后重试；已保存的内容不受影响。"
    if "disk i/o error" in text:
        return ("写入数据库时出错（磁盘已满、文件超出允许的大小或磁盘故障），本次修改未保存。"
                "请检查磁盘空间后重试；已保存的内容不受影响。")
    if "readonly database" in text:
        return ("数据库文件是只读的（或没有写入权限），本次修改未保存。请检查该文件的属性和权限，"
                "或换一个可写的数据库（--db 或 HZSUBSIDY_DB）。")
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "数据库所在文件夹不可写（只读或无权限），本次修改未保存。请换一个可写的位置（--db 或 HZSUBSIDY_DB）。"
    if "locked" in text or "busy" in text:
        return "数据库正被另一个 hzsubsidy 窗口占用，请稍后重试。"
    if "malformed" in text or "not a database" in text:
        return "数据库文件已损坏或不是 hzsubsidy 的数据库。"
    return f"数据库操作失败：{exc}"
