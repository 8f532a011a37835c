"""Which stored application an incoming one is: the same submission, another enterprise's submission id,
the same project re-typed, or nothing yet.

A submission id belongs to its enterprise: it matches only the application with the same normalised
credit code (an agency that copies one client's database for the next client gets the first client's
id, never its application). Without a matching id, the normalised credit code and project name decide
(:mod:`hzsubsidy_desktop.values.identity`): the same code and name, the same code and a
near-identical name, or the same name under another code is a *suspected duplicate* (疑似重复).
"""

from __future__ import annotations

from dataclasses import dataclass

from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values.identity import code_key, name_key, near_identical


@dataclass(frozen=True)
class Match:
    """What an incoming application is, relative to the database.

    ``kind``: ``new``; ``same`` (the same submission of the same enterprise, or without ids the same
    code and name: identical, newer revision or conflict); ``other_enterprise`` (its submission id
    belongs to another enterprise's application: a conflict, never a replacement); ``suspect``
    (疑似重复 of ``app_id``). ``own``: the user's own (enterprise side) live application packed with the
    incoming submission id, found by the same query.
    """

    kind: str
    app_id: str | None = None
    reason: str = ""
    own: str | None = None  # the user's own live application packed with the same submission id


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def match_incoming(store: Store, item: Incoming, code: str, name: str) -> Match:
    """What ``item`` (credit code ``code``, project name ``name``) is, from one query of the applications
    that may be it (:meth:`~hzsubsidy_desktop.store.Store.identity_rows`)."""
    sid = item.submission_id
    key, nkey = code_key(code), name_key(name)
    rows = store.identity_rows(sid, key, nkey)
    own = next((r.id for r in rows if r.origin == "local" and r.submission_id == sid), None) if sid else None
    imported = [r for r in rows if r.origin != "local"]
    if sid:
        holders = [r for r in imported if r.submission_id == sid]
        mine = [r.id for r in holders if r.credit_key == key]
        if mine:
            return Match("same", mine[0], own=own)
        if holders:
            other = store.summary(holders[0].id)
            return Match(
                "other_enterprise", other.id,
                f"报送编号与已导入的“{_short(other.project_name)}”（{other.enterprise_name}，{other.credit_code}）相同，"
                f"但统一社会信用代码不同（收到的是 {code or '空'}），可能是复制别家企业的数据后修改的",
                own=own,
            )
    same = next((r for r in imported if r.credit_key == key and r.name_key == nkey), None)
    if same is not None:
        if not sid or not same.submission_id:
            return Match("same", same.id, own=own)
        return Match("suspect", same.id, "已有同一统一社会信用代码和项目名称、但报送编号不同的申报", own=own)
    for r in imported:
        if key and r.credit_key == key and near_identical(r.project_name, name):
            return Match("suspect", r.id, f"同一统一社会信用代码下已有名称几乎相同的项目“{_short(r.project_name)}”",
                         own=own)
    for r in imported:
        if nkey and r.name_key == nkey and code_key(r.credit_code) != key:
            return Match("suspect", r.id, f"已有同名项目，但统一社会信用代码不同（{r.credit_code or '空'}）", own=own)
    return Match("new", own=own)
