"""What travels with an application in a county package besides its review: the county's decisions on
suspected duplicates (疑似重复: "both kept" or "one kept", which pair, by which county, when) and the
county's latest paper check (纸质件核对) of the stamped paper.

Both are read from the package's manifest entry (``duplicate_decisions``, ``paper_check``); a package
written before they existed has neither and imports as before. They are untrusted: anything malformed
refuses the whole package (:class:`SubmissionRejected`, naming the field), nothing is guessed.
Written by :mod:`hzsubsidy_desktop.county.decisions`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.values.field_types import clean_text

DECISIONS = "duplicate_decisions"
PAPER_CHECK = "paper_check"
DECISION_KINDS = {"both": "都保留", "kept": "只保留一份"}
MAX_DECISIONS = 50
MAX_PAPER_LINES = 400
MAX_PAPER_LINE = 500  # characters of one line of a paper check
MAX_PAPER_SUMMARY = 300
SUBMISSION_ID = re.compile(r"[0-9A-Za-z-]{8,64}")  # a submission id as a county package may name it


def packable_paper_check(summary: str, lines: list[Any]) -> tuple[str, list[str]]:
    """A county's paper check cut to what a package may carry (:func:`read_paper_check` refuses more): long
    lines end in “…”, and past the limit one line says how many were left out."""
    def cut(text: str, limit: int) -> str:
        return text if len(text) <= limit else text[:limit - 1] + "…"

    texts = [cut(str(line), MAX_PAPER_LINE) for line in lines]
    if len(texts) > MAX_PAPER_LINES:
        left = len(texts) - MAX_PAPER_LINES + 1
        texts = [*texts[:MAX_PAPER_LINES - 1], f"……另有 {left} 行未随汇总包发送（见县级的核对记录）"]
    return cut(str(summary), MAX_PAPER_SUMMARY), texts


def package_text(value: Any, limit: int, what: str, fail: Any, *, empty: bool = False) -> str:
    """A text field of a county package, cleaned; ``fail(problem)`` makes the refusal naming ``what``."""
    if not isinstance(value, str):
        raise fail(f"{what}不是文字")
    text = clean_text(value).strip()
    if len(text) > limit:
        raise fail(f"{what}超过 {limit} 字")
    if not text and not empty:
        raise fail(f"{what}为空")
    return text


def package_items(raw: Any, limit: int, fail: Any) -> list[dict[str, Any]]:
    """A list of objects of a county package, at most ``limit`` of them; ``fail(problem)`` makes the refusal."""
    if not isinstance(raw, list):
        raise fail("不是列表")
    if len(raw) > limit:
        raise fail(f"超过 {limit} 项")
    for k, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise fail(f"第{k}项不是对象")
    return raw


def read_decisions(entry: Mapping[str, Any], where: str, county: str) -> tuple[dict[str, str], ...]:
    """The county's decisions on suspected duplicates of one application (empty when the entry has none)."""
    raw = entry.get(DECISIONS)
    if raw is None:
        return ()

    def fail(problem: str) -> SubmissionRejected:
        return SubmissionRejected(f"{where}：疑似重复的决定（{DECISIONS}）{problem}，文件可能被改动过，未导入。")

    out = []
    for k, item in enumerate(package_items(raw, MAX_DECISIONS, fail), start=1):
        decision = item.get("decision")
        if decision not in DECISION_KINDS:
            raise fail(f"第{k}项的决定（decision）应为 both（都保留）或 kept（只保留一份），收到“{str(decision)[:20]}”")
        sid = item.get("pair_submission_id")
        if not isinstance(sid, str) or not SUBMISSION_ID.fullmatch(sid):
            raise fail(f"第{k}项的对方报送编号（pair_submission_id）应为 8–64 位字母、数字或“-”")
        out.append({
            "decision": decision,
            "pair_submission_id": sid,
            "pair_credit_code": package_text(item.get("pair_credit_code"), 40, f"第{k}项的对方统一社会信用代码（pair_credit_code）",
                                      fail, empty=True),
            "pair_project_name": package_text(item.get("pair_project_name"), 200, f"第{k}项的对方项目名称（pair_project_name）",
                                       fail, empty=True),
            "county": package_text(item.get("county", county), 40, f"第{k}项的决定县（county）", fail, empty=True) or county,
            "decided_at": package_text(item.get("decided_at"), 32, f"第{k}项的决定时间（decided_at）", fail),
        })
    return tuple(out)


def read_paper_check(entry: Mapping[str, Any], where: str, county: str) -> dict[str, Any] | None:
    """The county's latest paper check of one application (None when the entry has none)."""
    raw = entry.get(PAPER_CHECK)
    if raw is None:
        return None

    def fail(problem: str) -> SubmissionRejected:
        return SubmissionRejected(f"{where}：纸质件核对结果（{PAPER_CHECK}）{problem}，文件可能被改动过，未导入。")

    if not isinstance(raw, dict):
        raise fail("不是对象")
    if not isinstance(raw.get("all_match"), bool):
        raise fail("的“是否全部一致”（all_match）应为 true 或 false")
    revision = raw.get("revision")
    if revision is not None and (not isinstance(revision, int) or isinstance(revision, bool)
                                 or not 0 <= revision <= 1_000_000):
        raise fail("的版本号（revision）应为 0 至 1000000 的整数")
    lines = raw.get("lines", [])
    if not isinstance(lines, list) or len(lines) > MAX_PAPER_LINES:
        raise fail(f"的逐页结论（lines）应为不超过 {MAX_PAPER_LINES} 行的列表")
    checked = {"revision": revision} if revision is not None else {}
    return {
        **checked,
        "at": package_text(raw.get("at"), 32, "的核对时间（at）", fail),
        "summary": package_text(raw.get("summary"), MAX_PAPER_SUMMARY, "的结论（summary）", fail),
        "all_match": raw["all_match"],
        "lines": [package_text(line, MAX_PAPER_LINE, f"的第{k}行（lines）", fail, empty=True) for k, line in enumerate(lines, start=1)],
        "county": package_text(raw.get("county", county), 40, "的核对县（county）", fail, empty=True) or county,
    }
