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
from hzsubsidy_desktop.values.identity import code_key, near_identical


@dataclass(frozen=True)
class Match:
    """What an incoming application is, relative to the database.

    ``kind``: ``new``; ``same`` (the same submission of the same enterprise, or without ids the same
    code and name: identical, newer revision or conflict); ``other_enterprise`` (its submission id
    belongs to another enterprise's application: a conflict, never a replacement); ``suspect``
    (疑似重复 of ``app_id``).
    """

    kind: str
    app_id: str | None = None
    reason: str = ""


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def match_incoming(store: Store, item: Incoming, code: str, name: str) -> Match:
    sid = item.submission_id
    key = code_key(code)
    if sid:
        holders = store.submission_holders(sid)
        mine = [app_id for app_id, k in holders if k == key]
        if mine:
            return Match("same", mine[0])
        if holders:
            other = store.summary(holders[0][0])
            return Match(
                "other_enterprise", other.id,
                f"报送编号与已导入的“{_short(other.project_name)}”（{other.enterprise_name}，{other.credit_code}）相同，"
                f"但统一社会信用代码不同（收到的是 {code or '空'}），可能是复制别家企业的数据后修改的",
            )
    same = store.find_identity(code, name)
    if same is not None:
        summary = store.summary(same)
        if not sid or not summary.submission_id:
            return Match("same", same)
        return Match("suspect", same, "已有同一统一社会信用代码和项目名称、但报送编号不同的申报")
    for app_id, other_name in store.same_code(code):
        if near_identical(other_name, name):
            return Match("suspect", app_id, f"同一统一社会信用代码下已有名称几乎相同的项目“{_short(other_name)}”")
    for app_id, other_code in store.same_name(name):
        if code_key(other_code) != key:
            return Match("suspect", app_id, f"已有同名项目，但统一社会信用代码不同（{other_code or '空'}）")
    return Match("new")
