"""The county's decisions on suspected duplicates and its paper checks, on their way to the city.

At the county, each decision (:func:`~hzsubsidy_desktop.county.duplicates.decide_duplicate`) is kept
with the applications it concerns (setting ``duplicate_decisions/<id>``): "both kept" on both, "one kept"
on the one kept. The county package carries them, with the county's latest paper check
(``paper_check/<id>``), in each application's manifest entry (:mod:`~hzsubsidy_desktop.interchange.county_travel`).

At the city the import re-applies a decision only to exactly the pair it was made on: the application
the incoming one is matched against must have the pair's submission id, the same normalised credit code
and project name as the county saw, and come from the same county. Anything else — above all another
county's copy of the same project — stays a suspected duplicate for the city to decide. What was applied
(``county_decisions/<id>``) and the county's paper check (``county_paper_check/<id>``) are shown read-only.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.interchange.county_travel import DECISION_KINDS, packable_paper_check
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import NotFound, Store
from hzsubsidy_desktop.store.ids import short_id
from hzsubsidy_desktop.store.records import now
from hzsubsidy_desktop.values.identity import code_key, name_key

OWN = "duplicate_decisions"  # the county's own decisions, by application
APPLIED = "county_decisions"  # a county's decisions as the city applied them
COUNTY_PAPER = "county_paper_check"  # a county's paper check as the city received it


# -- at the county -------------------------------------------------------------------------------
def remember(store: Store, app_id: str, other_id: str, choice: str, *, actor: str) -> None:
    """Keep the clerk's decision on the suspected duplicate ``app_id`` of ``other_id``
    (``both`` / ``this``: keep app_id / ``other``: keep other_id) with the applications it concerns."""
    at = now()
    if choice == "both":
        _add(store, app_id, other_id, "both", at, actor)
        _add(store, other_id, app_id, "both", at, actor)
    elif choice == "this":
        _add(store, app_id, other_id, "kept", at, actor)
    else:
        _add(store, other_id, app_id, "kept", at, actor)


def _add(store: Store, app_id: str, pair: str, decision: str, at: str, actor: str) -> None:
    kept = [d for d in _records(store, OWN, app_id) if d.get("pair") != pair]
    kept.append({"decision": decision, "pair": pair, "at": at})
    store.record_note(app_id, OWN, kept, f"{DECISION_KINDS[decision]}（与 {short_id(pair)}）", actor=actor)


def _records(store: Store, kind: str, app_id: str) -> list[dict[str, Any]]:
    found = store.setting(f"{kind}/{app_id}")
    return [d for d in found if isinstance(d, dict)] if isinstance(found, list) else []


def package_fields(store: Store, app_id: str, county: str) -> dict[str, Any]:
    """What travels with ``app_id`` in the county package besides its review: the decisions that still
    hold (both kept: the other is still in the list; one kept: the other is still removed) on a pair the
    city can recognise (it has a submission id), and the latest paper check."""
    out: dict[str, Any] = {}
    decisions = []
    for record in _records(store, OWN, app_id):
        try:
            pair = store.summary(str(record.get("pair")))
        except NotFound:
            continue
        if (record.get("decision") == "both") != (pair.deleted_at is None) or not pair.submission_id:
            continue
        decisions.append({
            "decision": record["decision"], "pair_submission_id": pair.submission_id,
            "pair_credit_code": pair.credit_code, "pair_project_name": pair.project_name,
            "county": county, "decided_at": str(record.get("at", "")),
        })
    if decisions:
        out["duplicate_decisions"] = decisions
    paper = store.setting(f"paper_check/{app_id}")
    if isinstance(paper, dict):
        summary, lines = packable_paper_check(paper.get("summary", ""), list(paper.get("lines", [])))
        out["paper_check"] = {
            "at": paper.get("at", ""), "summary": summary, "all_match": bool(paper.get("all_match")),
            "lines": lines, "county": county,
        }
        if isinstance(paper.get("revision"), int):
            out["paper_check"]["revision"] = paper["revision"]
    return out


# -- at the city ---------------------------------------------------------------------------------
def decision_on(store: Store, item: Incoming, candidate: str | None) -> dict[str, str] | None:
    """The county's decision carried by ``item`` about exactly ``candidate`` (the application it was
    matched against), re-checked by identity and county; None when there is none that holds."""
    if not item.decisions or candidate is None or item.region is None:
        return None
    summary = store.summary(candidate)
    if summary.deleted_at is not None or summary.origin == "local" or not summary.submission_id:
        return None
    if store.region_of(candidate) != tuple(item.region):
        return None  # another county's application: only the city can decide
    for decision in item.decisions:
        if (decision["pair_submission_id"] == summary.submission_id
                and code_key(decision["pair_credit_code"]) == code_key(summary.credit_code)
                and name_key(decision["pair_project_name"]) == name_key(summary.project_name)):
            return decision
    return None


def apply(store: Store, app_id: str, pair: str, decision: dict[str, str], actor: str) -> str:
    """Apply the county's decision on (``app_id``, ``pair``) at the city; returns the Chinese note."""
    other = store.summary(pair)
    entry = {"decision": decision["decision"], "county": decision["county"], "decided_at": decision["decided_at"],
             "pair_project_name": other.project_name}
    when = f"于 {decision['decided_at'][:10]} " if decision["decided_at"] else ""
    if decision["decision"] == "both":
        _applied(store, app_id, {**entry, "pair": pair}, actor)
        _applied(store, pair, {**entry, "pair": app_id, "pair_project_name": store.summary(app_id).project_name},
                 actor)
        return f"（{decision['county']}已{when}决定与“{other.project_name}”都保留，按两个项目计算）"
    store.delete(pair, actor=actor)
    _applied(store, app_id, {**entry, "pair": pair}, actor)
    return f"（{decision['county']}已{when}决定只保留这一份，原有的“{other.project_name}”已移入回收站，可恢复）"


def _applied(store: Store, app_id: str, entry: dict[str, str], actor: str) -> None:
    kept = [d for d in _records(store, APPLIED, app_id) if d.get("pair") != entry["pair"]]
    kept.append(entry)
    store.record_note(app_id, APPLIED, kept, f"{entry['county']}：{DECISION_KINDS[entry['decision']]}", actor=actor)


def travelled(store: Store, app_id: str, item: Incoming, actor: str) -> str:
    """An application from a county package was stored (new, replaced or unchanged): keep the county's paper
    check, and settle its pending suspected duplicate by the county's decision on exactly that pair."""
    if not item.decisions and item.paper_check is None:
        return ""
    notes = []
    if item.paper_check is not None and store.setting(f"{COUNTY_PAPER}/{app_id}") != item.paper_check:
        store.record_note(app_id, COUNTY_PAPER, item.paper_check,
                          f"{item.paper_check['county']}：{item.paper_check['summary']}", actor=actor)
        notes.append(f"{item.paper_check['county']}的纸面核对已记录")
    pending = store.summary(app_id).duplicate_of
    decision = decision_on(store, item, pending) if pending else None
    if pending and decision is not None:
        store.set_duplicate_of(app_id, None, actor=actor)
        notes.append(apply(store, app_id, pending, decision, actor).strip("（）"))
    return "；".join(notes) + "。" if notes else ""


def county_lines(store: Store, app_id: str) -> list[str]:
    """What a county decided and checked about this application, as the city sees it (read-only)."""
    lines = []
    for d in _records(store, APPLIED, app_id):
        when = f"（{str(d.get('decided_at', ''))[:10]}）" if d.get("decided_at") else ""
        other = f"“{d.get('pair_project_name', '')}”（编号 {short_id(str(d.get('pair', '')))}）"
        if d.get("decision") == "both":
            lines.append(f"{d.get('county', '县')}的疑似重复决定{when}：与{other}都保留，按两个项目计算（只读）")
        else:
            lines.append(f"{d.get('county', '县')}的疑似重复决定{when}：只保留这一份，{other}已移入回收站（只读）")
    paper = store.setting(f"{COUNTY_PAPER}/{app_id}")
    if isinstance(paper, dict):
        at = str(paper.get("at", ""))[:16].replace("T", " ")
        checked, current = paper.get("revision"), store.summary(app_id).revision
        stale = f"核对的是第 {checked} 版，现为第 {current} 版，请重新核对；" if isinstance(checked, int) and checked != current else ""
        lines.append(f"{paper.get('county', '县')}的纸面核对（{at}）：{stale}{paper.get('summary', '')}（只读）")
        lines.extend(f"　{line}" for line in paper.get("lines", []) if line != paper.get("summary"))
    return lines
