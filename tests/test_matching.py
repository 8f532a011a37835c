"""Matching an incoming application reads its candidates in one query (``Store.identity_rows``) and decides
exactly as the separate look-ups did: submission holders, then the same code and name, the same code and a
near-identical name, the same name under another code — and finds the user's own application of the
same submission id on the way."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop.county.matching import Match, _short, match_incoming
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values.identity import code_key, name_key, near_identical

LIVE_IMPORTED = "deleted_at IS NULL AND origin != 'local'"


def own_application_of(store: Store, sid: str) -> str | None:
    row = store.conn.execute(
        "SELECT id FROM applications WHERE submission_id = ? AND origin = 'local' AND deleted_at IS NULL", (sid,)
    ).fetchone()
    return row[0] if row else None


def find_identity(store: Store, code: str, name: str) -> str | None:
    row = store.conn.execute(
        f"SELECT id FROM applications WHERE credit_key = ? AND name_key = ? AND {LIVE_IMPORTED} ORDER BY rowid",
        (code_key(code), name_key(name)),
    ).fetchone()
    return row[0] if row else None


def same_code(store: Store, code: str) -> list[tuple[str, str]]:
    if not code_key(code):
        return []
    sql = f"SELECT id, project_name FROM applications WHERE credit_key = ? AND {LIVE_IMPORTED} ORDER BY rowid"
    return [tuple(r) for r in store.conn.execute(sql, (code_key(code),))]


def same_name(store: Store, name: str) -> list[tuple[str, str]]:
    if not name_key(name):
        return []
    sql = f"SELECT id, credit_code FROM applications WHERE name_key = ? AND {LIVE_IMPORTED} ORDER BY rowid"
    return [tuple(r) for r in store.conn.execute(sql, (name_key(name),))]


def reference_match(store: Store, item: Incoming, code: str, name: str) -> Match:
    """Matching as it was: one query per question, the user's own application looked up apart."""
    sid = item.submission_id
    key = code_key(code)
    own = own_application_of(store, sid) if sid else None
    if sid:
        holders = store.submission_holders(sid)
        mine = [app_id for app_id, k in holders if k == key]
        if mine:
            return Match("same", mine[0], own=own)
        if holders:
            other = store.summary(holders[0][0])
            return Match(
                "other_enterprise", other.id,
                f"报送编号与已导入的“{_short(other.project_name)}”（{other.enterprise_name}，{other.credit_code}）相同，"
                f"但统一社会信用代码不同（收到的是 {code or '空'}），可能是复制别家企业的数据后修改的", own=own,
            )
    same = find_identity(store, code, name)
    if same is not None:
        if not sid or not store.summary(same).submission_id:
            return Match("same", same, own=own)
        return Match("suspect", same, "已有同一统一社会信用代码和项目名称、但报送编号不同的申报", own=own)
    for app_id, other_name in same_code(store, code):
        if near_identical(other_name, name):
            return Match("suspect", app_id, f"同一统一社会信用代码下已有名称几乎相同的项目“{_short(other_name)}”", own=own)
    for app_id, other_code in same_name(store, name):
        if code_key(other_code) != key:
            return Match("suspect", app_id, f"已有同名项目，但统一社会信用代码不同（{other_code or '空'}）", own=own)
    return Match("new", own=own)


CODES = ["91330523MA2B7Q5K57", "91330523ma2b7q5k57 ", "９１３３０５２３ＭＡ２Ｂ７Ｑ５Ｋ５７", "91330523MA2B7Q5K5X", "", " "]
NAMES = ["安吉椅业跨境电商产业带展示选品中心建设项目", "安吉椅业跨境电商产业带展示选品中心建设项目 ",
         "安吉椅业跨境电商产业带展示选品中心建设项日", "安吉椅业跨境电商产业带展示选品中心建设项目二期", "项目", "", "\u200b"]
SIDS = [None, "S-1", "S-2", "S-3"]

_APP = st.fixed_dictionaries({
    "code": st.sampled_from(CODES), "name": st.sampled_from(NAMES), "sid": st.sampled_from(SIDS),
    "origin": st.sampled_from(["import", "word", "local"]), "deleted": st.booleans(),
})


def _doc(code: str, name: str) -> dict[str, Any]:
    return {"form_id": "zj-cbec-2024", "project": {"name": name}, "enterprise": {"credit_code": code, "name": "某企业"}}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(apps=st.lists(_APP, max_size=8), incoming=_APP)
def test_one_query_matches_as_the_separate_look_ups(tmp_path_factory, definition, apps, incoming):
    with Store(tmp_path_factory.mktemp("match") / "m.sqlite3") as store:
        for app in apps:
            app_id = store.create(_doc(app["code"], app["name"]), origin=app["origin"], submission_id=app["sid"])
            if app["deleted"]:
                store.delete(app_id)
        item = Incoming(definition, _doc(incoming["code"], incoming["name"]), submission_id=incoming["sid"])
        assert match_incoming(store, item, incoming["code"], incoming["name"]) == reference_match(
            store, item, incoming["code"], incoming["name"])


def test_the_users_own_application_is_found_but_never_matched(store, definition):
    own = store.create(_doc(CODES[0], NAMES[0]), origin="local", submission_id="S-1")
    item = Incoming(definition, _doc(CODES[0], NAMES[0]), submission_id="S-1")
    assert match_incoming(store, item, CODES[0], NAMES[0]) == Match("new", own=own)
    imported = store.create(_doc(CODES[1], NAMES[1]), origin="import", submission_id="S-1")
    assert match_incoming(store, item, CODES[0], NAMES[0]) == Match("same", imported, own=own)
