"""Checking scanned pages against the imported applications (the county's side).

Each scanned page is one of: matches the imported revision / belongs to an older revision (which one,
and the field differences from the history) / same submission but content the county never received /
another submission (which project, when it is in this database) / unreadable (the scan page, so the
clerk checks it by eye). Pages of the set that were not found are listed too. Matching is on the
content digest first, so a re-pack of unchanged content still matches. Nothing read from a scan is
written anywhere; :func:`verify_pages` only reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.county.diff import FieldChange, diff_documents
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.papercode.payload import PageCode, content_digest
from hzsubsidy_desktop.papercode.scan import ScanPage, read_scans
from hzsubsidy_desktop.store import Store

MATCH, OLDER, CHANGED, OTHER, UNKNOWN, UNREADABLE = "match", "older", "changed", "other", "unknown", "unreadable"
MAX_CHANGES = 20


@dataclass(frozen=True)
class PageResult:
    """What one scanned page is, with a Chinese line for the clerk."""

    page: ScanPage
    kind: str
    text: str
    code: PageCode | None = None
    app_id: str | None = None
    revision: int | None = None  # the stored revision an OLDER page belongs to
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ScanReport:
    results: tuple[PageResult, ...]
    missing: tuple[str, ...] = ()  # Chinese lines: pages of a set not among the scans, sets of mixed versions
    app_id: str | None = None

    @property
    def all_match(self) -> bool:
        return bool(self.results) and not self.missing and all(r.kind == MATCH for r in self.results)

    def summary(self) -> str:
        counts = {k: sum(r.kind == k for r in self.results) for k in (MATCH, OLDER, CHANGED, OTHER, UNKNOWN, UNREADABLE)}
        parts = [f"共 {len(self.results)} 页：{counts[MATCH]} 页与导入版本一致"]
        names = {OLDER: "属于旧版本", CHANGED: "内容与导入的版本不同", OTHER: "属于其他申报", UNKNOWN: "来源不明",
                 UNREADABLE: "无法识别"}
        parts += [f"{counts[k]} 页{name}" for k, name in names.items() if counts[k]]
        if self.missing:
            parts.append(f"缺少 {len(self.missing)} 页")
        return "，".join(parts) + "。"

    def lines(self) -> list[str]:
        out = [r.text for r in self.results]
        for r in self.results:
            out += [f"    {c.label}：{c.old or '（空）'} → {c.new or '（空）'}" for c in r.changes[:MAX_CHANGES]]
        return [*out, *self.missing, self.summary()]


@dataclass
class _Versions:
    """One stored application: its current digest and revision, and each older revision's digest."""

    app_id: str
    project: str
    submission_id: str | None
    revision: int
    definition: FormDefinition
    doc: dict[str, Any]
    current: str
    older: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)


def _versions(store: Store, app_id: str) -> _Versions:
    summary = store.summary(app_id)
    definition = load_definition(summary.form_id)
    doc = store.load(app_id)
    v = _Versions(app_id, summary.project_name or "（未命名项目）", summary.submission_id, summary.revision,
                  definition, doc, content_digest(definition, doc))
    for revision, _at, _reason, old in store.history(app_id):
        try:
            v.older.setdefault(content_digest(definition, old), (revision, old))
        except Exception:  # noqa: BLE001 - a history row that cannot be read is simply not matched
            continue
    return v


def verify_scans(store: Store, paths: Iterable[str | Path], app_id: str | None = None) -> ScanReport:
    """Read the scans and check every page (``app_id``: the imported application the paper should be)."""
    return verify_pages(store, read_scans(paths), app_id)


def verify_pages(store: Store, pages: Sequence[ScanPage], app_id: str | None = None) -> ScanReport:
    cache: dict[str, _Versions] = {}

    def versions(i: str) -> _Versions:
        if i not in cache:
            cache[i] = _versions(store, i)
        return cache[i]

    target = versions(app_id) if app_id else None
    results = [_check(store, p, target, versions) for p in pages]
    return ScanReport(tuple(results), tuple(_missing(results, cache)), app_id)


def _holder(store: Store, sid: str | None) -> str | None:
    if not sid:
        return None
    for candidate in {sid, sid.lower()}:
        holders = store.submission_holders(candidate)
        if holders:
            return holders[0][0]
    return None


def _check(store: Store, page: ScanPage, target: _Versions | None, versions: Any) -> PageResult:
    if not page.codes:
        return PageResult(page, UNREADABLE, f"{page.where}：无法识别——{page.problem}，请人工核对此页。")
    code = page.codes[0]
    tag = f"（纸面第 {code.page}/{code.pages or '?'} 页{'，草稿' if code.draft else ''}）" if code.page else \
        f"（文档码{'，草稿' if code.draft else ''}）"
    where = f"{page.where}{tag}"
    holder = target
    if holder is None:
        found = _holder(store, code.submission_id)
        holder = versions(found) if found else None
    if holder is None:
        if code.submission_id:
            return PageResult(page, OTHER, f"{where}：属于另一份报送（编号 {code.submission_id[:8].lower()}…），本库中没有导入。", code)
        return PageResult(page, UNKNOWN, f"{where}：没有报送编号（未经报送文件导出），无法对应到导入的申报。", code)
    if code.digest == holder.current:
        draft = "；注意：这是草稿，不是正式版" if code.draft else ""
        return PageResult(page, MATCH, f"{where}：与导入的第 {holder.revision} 版一致{draft}。", code, holder.app_id)
    if code.digest in holder.older:
        revision, old = holder.older[code.digest]
        changes = tuple(diff_documents(holder.definition, old, holder.doc))
        return PageResult(
            page, OLDER,
            f"{where}：属于旧的第 {revision} 版（已导入第 {holder.revision} 版），有 {len(changes)} 处不同：",
            code, holder.app_id, revision, changes,
        )
    same_sid = code.submission_id and holder.submission_id and code.submission_id.upper() == holder.submission_id.upper()
    if target is not None and not same_sid:
        other = _holder(store, code.submission_id)
        if other is not None:
            v = versions(other)
            return PageResult(page, OTHER, f"{where}：属于另一份申报“{v.project}”，不是本申报的纸面。", code, other)
        if code.submission_id:
            return PageResult(page, OTHER, f"{where}：属于另一份报送（编号 {code.submission_id[:8].lower()}…），本库中没有导入。", code)
        return PageResult(page, UNKNOWN, f"{where}：没有报送编号，且内容与本申报的任何已导入版本都不同。", code)
    return PageResult(
        page, CHANGED,
        f"{where}：报送编号相同，但内容与导入的任何版本都不同（纸面标为第 {code.revision} 版）——纸面与文件不一致。",
        code, holder.app_id,
    )


def _missing(results: Sequence[PageResult], cache: dict[str, _Versions]) -> list[str]:
    seen: dict[tuple[str, str], set[int]] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in results:
        if r.kind in (MATCH, OLDER) and r.code is not None and r.app_id and r.code.pages:
            key = (r.app_id, r.code.digest)
            seen.setdefault(key, set()).add(r.code.page)
            counts[key] = max(counts.get(key, 0), r.code.pages)
    lines = []
    mixed: dict[str, set[str]] = {}
    for app_id, digest in seen:
        mixed.setdefault(app_id, set()).add(digest)
    for app_id, digests in mixed.items():
        if len(digests) > 1:
            lines.append(f"“{cache[app_id].project}”的纸件混有 {len(digests)} 个不同版本的页面：应全部重新打印同一版本。")
    for key, pages in seen.items():
        gone = [n for n in range(1, counts[key] + 1) if n not in pages]
        if gone:
            v = cache[key[0]]
            which = f"第 {v.revision} 版" if key[1] == v.current else f"旧的第 {v.older[key[1]][0]} 版"
            listed = "、".join(str(n) for n in gone)
            lines.append(f"“{v.project}”{which}共 {counts[key]} 页，扫描件中缺少第 {listed} 页。")
    return lines
