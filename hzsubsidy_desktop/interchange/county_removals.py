"""What a county package says about the package itself: which county wrote it and when, and which
applications the county sent in an earlier package and no longer lists (removed: moved to the trash
or gone; or returned: 退回 and left out).

Read from the manifest (``created_at``, ``package_id``, ``removed``); a package written before the list
existed has no ``removed`` and imports as before. Untrusted: anything malformed refuses the whole package
(:class:`SubmissionRejected`, naming the field), nothing is guessed. Written by
:mod:`hzsubsidy_desktop.county.removals`, applied at the city by the same module.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hzsubsidy_desktop.interchange.county_travel import SUBMISSION_ID, package_items, package_text
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected

REMOVED = "removed"
REASONS = {"deleted": "已删除", "returned": "已退回"}
MAX_REMOVED = 20_000
_PACKAGE_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


@dataclass(frozen=True)
class Removal:
    """An application the county no longer lists, as the city knows it: by submission id and identity."""

    submission_id: str
    credit_code: str
    project_name: str
    city: str
    county: str
    reason: str  # one of REASONS
    removed_at: str = ""
    comment: str = ""  # the county's review comment of a returned application


@dataclass(frozen=True)
class PackageNews:
    """A county package as a whole: who wrote it, when (None: the manifest's time is unreadable), and
    what the county removed since it sent it."""

    region: tuple[str, str]
    created_at: datetime | None
    package_id: str
    removed: tuple[Removal, ...] = ()


def created_time(text: Any) -> datetime | None:
    """The package's ``created_at`` as a time with its zone, None when it is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        found = datetime.fromisoformat(text)
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def read_news(manifest: Mapping[str, Any], name: str, region: tuple[str, str], listed: set[str]) -> PackageNews:
    """The package's own facts; ``listed``: the submission ids of the applications it carries (a removed
    one cannot be among them)."""
    created = created_time(manifest.get("created_at"))
    raw_id = manifest.get("package_id")
    package_id = raw_id if isinstance(raw_id, str) and _PACKAGE_ID.fullmatch(raw_id) else ""
    raw = manifest.get(REMOVED)
    if raw is None:
        return PackageNews(region, created, package_id)

    def fail(problem: str) -> SubmissionRejected:
        return SubmissionRejected(f"“{name}”：已删除或退回的申报清单（{REMOVED}）{problem}，文件可能被改动过，未导入。")

    if created is None:
        raise fail("需要汇总包的生成时间（created_at），但生成时间缺失或无效")
    out = []
    for k, item in enumerate(package_items(raw, MAX_REMOVED, fail), start=1):
        sid = item.get("submission_id")
        if not isinstance(sid, str) or not SUBMISSION_ID.fullmatch(sid):
            raise fail(f"第{k}项的报送编号（submission_id）应为 8–64 位字母、数字或“-”")
        if sid in listed:
            raise fail(f"第{k}项的报送编号（submission_id）同时在汇总包的申报清单中")
        reason = item.get("reason")
        if reason not in REASONS:
            raise fail(f"第{k}项的原因（reason）应为 deleted（已删除）或 returned（已退回），收到“{str(reason)[:20]}”")
        out.append(Removal(
            sid,
            package_text(item.get("credit_code"), 40, f"第{k}项的统一社会信用代码（credit_code）", fail, empty=True),
            package_text(item.get("project_name"), 200, f"第{k}项的项目名称（project_name）", fail, empty=True),
            package_text(item.get("city", region[0]), 40, f"第{k}项的设区市（city）", fail, empty=True) or region[0],
            package_text(item.get("county", region[1]), 40, f"第{k}项的县（市、区）（county）", fail, empty=True) or region[1],
            reason,
            package_text(item.get("removed_at", ""), 32, f"第{k}项的时间（removed_at）", fail, empty=True),
            package_text(item.get("comment", ""), 500, f"第{k}项的审核意见（comment）", fail, empty=True),
        ))
    return PackageNews(region, created, package_id, tuple(out))
