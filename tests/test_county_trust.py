"""A county list you can trust (issue 10): a submission id belongs to its enterprise, re-typed copies are
suspected duplicates counted once, each file is its own unit, restore never makes two, both roles in one
database stay apart, and the county's review reaches the city."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from county_helpers import OTHER_CODE, OTHER_ENTERPRISE, OTHER_PROJECT, Enterprise, county_db, doc_with

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.county import importing
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.store import RestoreConflict, StoreError
from hzsubsidy_desktop.values.identity import code_key, name_key


def _totals(store, definition) -> tuple[int, Decimal]:
    rows = cons.project_rows(store, definition)
    key = next(c.key for c in definition.list.columns if c.total)
    return len(rows), cons.column_totals(definition, rows)[key]


# -- a submission id belongs to its enterprise ------------------------------------------------------
def test_agency_copy_with_another_credit_code_never_replaces_the_first_enterprise(store, tmp_path, definition):
    first = Enterprise(tmp_path / "a")
    [a] = cons.import_files(store, [first.send()])
    cons.set_review(store, a.app_id, "需修改", "请补充发票")
    agency = first.copy_as(
        tmp_path / "b", enterprise__credit_code=OTHER_CODE, enterprise__name=OTHER_ENTERPRISE,
        project__name=OTHER_PROJECT,
    )
    copied = agency.send()  # revision 2 of the first client's submission id
    for on_conflict in ("keep", "replace"):
        [outcome] = cons.import_files(store, [copied], on_conflict=on_conflict)
        assert outcome.status == "conflict" and outcome.other_enterprise, outcome.line()
        assert "统一社会信用代码不同" in outcome.message and "不会替换原有申报" in outcome.message
        assert ("社会信用代码", "91330523MA2B7Q5K57", OTHER_CODE) in [(c.label, c.old, c.new) for c in outcome.changes]
    summary = store.summary(a.app_id)
    assert (summary.project_name, summary.review_state, summary.review_comment) == (
        sample_application()["project"]["name"], "需修改", "请补充发票"
    )
    assert [r.app_id for r in cons.project_rows(store, definition)] == [a.app_id]
    # The clerk decides it is a project of its own: both are in the list, the first one unchanged.
    kept = cons.accept_incoming(store, outcome)
    assert kept.status == "imported" and kept.app_id != a.app_id
    names = sorted(r.texts["project_name"] for r in cons.project_rows(store, definition))
    assert names == sorted([OTHER_PROJECT, sample_application()["project"]["name"]])
    assert store.summary(a.app_id).review_comment == "请补充发票"
    # Its next revision reaches its own application, not the first enterprise's.
    [next_rev] = cons.import_files(store, [agency.send(project__address="浙江省湖州市安吉县递铺街道")])
    assert next_rev.status == "replaced" and next_rev.app_id == kept.app_id
    first.close()
    agency.close()


# -- re-typed copies --------------------------------------------------------------------------------
NAME = sample_application()["project"]["name"]
CODE = sample_application()["enterprise"]["credit_code"]
RETYPED = {
    "trailing space": {"project__name": NAME + " "},
    "zero-width space": {"project__name": NAME[:4] + "\u200b" + NAME[4:]},
    "ideographic space": {"project__name": "\u3000" + NAME},
    "no-break space": {"project__name": NAME[:2] + "\u00a0" + NAME[2:]},
    "lower-case code": {"enterprise__credit_code": CODE.lower()},
    "full-width code": {"enterprise__credit_code": "".join(chr(ord(c) + 0xFEE0) for c in CODE)},
}


def test_retyped_copies_are_suspected_duplicates_counted_once(store, tmp_path, definition):
    original = Enterprise(tmp_path / "original")
    cons.import_files(store, [original.send()])
    count, total = _totals(store, definition)
    assert count == 1
    for i, (case, values) in enumerate(RETYPED.items()):
        retyped = Enterprise(tmp_path / f"r{i}", doc_with(**values))  # typed again: a new submission id
        [outcome] = cons.import_files(store, [retyped.send(draft=True)])
        retyped.close()
        assert outcome.status == "duplicate", (case, outcome.line())
        assert _totals(store, definition) == (1, total), case
    pending = cons.pending_duplicates(store)
    assert len(pending) == len(RETYPED)
    zero_width = next(p for p in pending if "\u200b" in p.project_name)
    assert zero_width.project_name == RETYPED["zero-width space"]["project__name"]  # kept as entered
    cyrillic = Enterprise(tmp_path / "cyr", doc_with(enterprise__credit_code=CODE.replace("A", "А")))
    [refused] = cons.import_files(store, [cyrillic.send(draft=True)])
    cyrillic.close()
    assert refused.status == "rejected" and "西里尔字母“А”" in refused.message
    assert _totals(store, definition) == (1, total)
    # The clerk decides: keep both counts twice, keep one leaves one.
    cons.decide_duplicate(store, pending[0].app_id, "both")
    assert _totals(store, definition) == (2, 2 * total)
    cons.decide_duplicate(store, pending[1].app_id, "other")
    assert _totals(store, definition) == (2, 2 * total)
    assert len(cons.pending_duplicates(store)) == len(RETYPED) - 2
    original.close()


def test_invisible_characters_are_flagged_to_the_clerk(store, tmp_path):
    e = Enterprise(tmp_path / "e", doc_with(project__name="新项目\u202e名称"))
    [outcome] = cons.import_files(store, [e.send()])
    e.close()
    assert outcome.status == "imported"
    assert "项目名称含有文字方向控制符（U+202E）" in outcome.message
    assert store.summary(outcome.app_id).project_name == "新项目\u202e名称"


def test_same_name_under_another_code_is_a_suspected_duplicate(store, tmp_path, definition):
    a = Enterprise(tmp_path / "a")
    b = Enterprise(tmp_path / "b", doc_with(enterprise__credit_code=OTHER_CODE, enterprise__name=OTHER_ENTERPRISE))
    [first] = cons.import_files(store, [a.send()])
    [second] = cons.import_files(store, [b.send()])
    a.close()
    b.close()
    assert second.status == "duplicate" and second.duplicate_of == first.app_id
    assert "已有同名项目，但统一社会信用代码不同" in second.message
    assert len(cons.project_rows(store, definition)) == 1
    assert len(cons.project_rows(store, definition, with_pending=True)) == 2


# -- each file its own unit -------------------------------------------------------------------------
def test_an_unexpected_failure_in_one_file_is_that_files_result(store, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for name in ("甲", "乙", "丙"):
        e = Enterprise(tmp_path / name, doc_with(project__name=f"项目{name}跨境电商独立站建设"))
        e.send(folder)
        e.close()
    real = importing.read_incoming

    def crash_on_second(path: Path):
        if "乙" in path.name:
            raise KeyError("boom")
        return real(path)

    monkeypatch.setattr(importing, "read_incoming", crash_on_second)
    outcomes = cons.import_files(store, [folder])
    assert [o.status for o in outcomes] == ["imported", "rejected", "imported"]
    assert "意外错误（KeyError）" in outcomes[1].message and "其他文件照常导入" in outcomes[1].message


def test_a_full_disk_stops_the_batch_and_keeps_what_was_imported(store, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for name in ("甲", "乙", "丙"):
        e = Enterprise(tmp_path / name, doc_with(project__name=f"项目{name}跨境电商独立站建设"))
        e.send(folder)
        e.close()
    real_create = store.create
    calls = []

    def full_disk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise StoreError("磁盘空间已满，本次修改未保存。请清理磁盘后重试；已保存的内容不受影响。")
        return real_create(*args, **kwargs)

    monkeypatch.setattr(store, "create", full_disk)
    seen = []
    with pytest.raises(cons.ImportStopped, match="磁盘空间已满"):
        for path, found in cons.iter_import(store, cons.collect_files([folder])):
            seen.append((path.name, [o.status for o in found]))
    assert len(seen) == 1 and seen[0][1] == ["imported"]
    assert len(store.summaries()) == 1


@pytest.mark.parametrize("where", ["application", "manifest"])
def test_json_integers_over_the_digit_limit_and_duplicate_keys_are_refused(store, tmp_path, where):
    import hostile_files as hostile

    e = Enterprise(tmp_path / "e")
    genuine = e.send()
    e.close()
    huge = "9" * 5000
    if where == "application":
        bad = hostile.variant(genuine, tmp_path / "huge.hzsub", members=lambda ms: {
            **ms, "application.json": ms["application.json"].replace(b'"format_version": 1', b'"format_version": ' + huge.encode())
        })
        twice = hostile.variant(genuine, tmp_path / "twice.hzsub", members=lambda ms: {
            **ms, "application.json": ms["application.json"].replace(b'"form_id"', b'"form_id": "x", "form_id"', 1)
        })
    else:
        bad = hostile.variant(genuine, tmp_path / "huge.hzsub", manifest=lambda m: {**m, "revision": int(huge[:30]) * 10})
        twice_manifest = hostile.read_members(genuine)[0]
        raw = hostile.json.dumps(twice_manifest, ensure_ascii=False).replace('"kind"', '"kind": "x", "kind"', 1)
        twice = hostile.build(tmp_path / "twice.hzsub", raw.encode(), hostile.read_members(genuine)[1])
    outcomes = cons.import_files(store, [bad, twice, genuine])
    assert [o.status for o in outcomes] == ["rejected", "rejected", "imported"]
    assert "位的整数" in outcomes[0].message
    assert "出现了两次" in outcomes[1].message


# -- restore ----------------------------------------------------------------------------------------
def test_trash_reimport_restore_never_gives_two_live_copies(store, tmp_path, definition):
    e = Enterprise(tmp_path / "e")
    path = e.send()
    e.close()
    [first] = cons.import_files(store, [path])
    store.delete(first.app_id, actor="clerk")
    [again] = cons.import_files(store, [path])
    assert again.status == "imported" and again.app_id != first.app_id
    with pytest.raises(RestoreConflict, match="不能恢复") as caught:
        store.restore(first.app_id, actor="clerk")
    assert caught.value.twin == again.app_id
    assert f"（编号 {again.app_id[-8:]}）" in caught.value.args[0]  # the short id the list shows
    assert len(cons.project_rows(store, definition)) == 1
    store.delete(again.app_id, actor="clerk")
    store.restore(first.app_id, actor="clerk")
    assert [r.app_id for r in cons.project_rows(store, definition)] == [first.app_id]


# -- both roles in one database ---------------------------------------------------------------------
def test_own_application_and_the_countys_copy_stay_apart(store, tmp_path, definition):
    from hzsubsidy_desktop.interchange.submission import pack_application
    from hzsubsidy_desktop.workspace import Workspace

    own = Workspace(store).add_document(sample_application())
    path = pack_application(store, own, tmp_path / "out")
    [outcome] = cons.import_files(store, [path])
    assert outcome.status == "imported" and outcome.app_id != own
    assert "本数据库中也有企业填报的同一申报，县级收到的这份单独保存在项目清单中" in outcome.message
    assert [r.app_id for r in cons.project_rows(store, definition)] == [outcome.app_id]
    assert store.summary(own).origin == "local" and store.summary(own).deleted_at is None
    [again] = cons.import_files(store, [path])
    assert again.status == "identical" and again.app_id == outcome.app_id


# -- the county's review reaches the city -----------------------------------------------------------
def test_review_travels_in_the_county_package(store, tmp_path, definition):
    anji, ids = county_db(tmp_path / "anji.sqlite3", "安吉县", [
        doc_with(project__name="安吉项目甲跨境电商独立站"), doc_with(project__name="安吉项目乙海外仓建设工程"),
        doc_with(project__name="安吉项目丙直播基地建设工程"),
    ])
    cons.set_review(anji, ids[0], "已通过")
    cons.set_review(anji, ids[1], "需修改", "请补充发票")
    cons.set_review(anji, ids[2], "退回", "不符合申报条件")
    pack = cons.pack_county(anji, tmp_path / "to-city")
    assert len(cons.read_county_package(pack).incoming) == 2  # 退回 left out
    outcomes = cons.import_files(store, [pack])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    rows = cons.project_rows(store, definition)
    seen = {r.texts["project_name"]: (r.review_state, r.county_review) for r in rows}
    assert seen["安吉项目甲跨境电商独立站"][0] == "待审核"  # the city's own review starts fresh
    assert seen["安吉项目甲跨境电商独立站"][1][:3] == ("已通过", "", "安吉县")
    state, comment, reviewer, date = seen["安吉项目乙海外仓建设工程"][1]
    assert (state, comment, reviewer) == ("需修改", "请补充发票", "安吉县") and date[:4].isdigit()
    # The county reviews again and sends a new package: same content, the city sees the new review.
    cons.set_review(anji, ids[1], "已通过", "发票已补")
    again = cons.import_files(store, [cons.pack_county(anji, tmp_path / "to-city-2")])
    assert [o.status for o in again] == ["identical", "identical"]
    assert "县级审核已更新为“已通过”（发票已补）" in again[1].message and "县级审核已更新" not in again[0].message
    rows = {r.texts["project_name"]: r for r in cons.project_rows(store, definition)}
    assert rows["安吉项目乙海外仓建设工程"].county_review[:2] == ("已通过", "发票已补")
    full = cons.pack_county(anji, tmp_path / "all", include_returned=True)
    anji.close()
    assert [i.review[0] for i in cons.read_county_package(full).incoming] == ["已通过", "已通过", "退回"]


def test_a_read_only_database_stops_the_batch_without_refusing_the_file(tmp_path):
    import sqlite3

    from hzsubsidy_desktop.store import Store

    e = Enterprise(tmp_path / "e")
    path = e.send()
    e.close()
    db = tmp_path / "ro.sqlite3"
    Store(db).close()
    store = Store.__new__(Store)
    store.path, store.conn, store._depth = db, sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None), 0
    with pytest.raises(cons.ImportStopped, match="数据库文件是只读的") as stopped:
        cons.import_files(store, [path])
    assert "已拒收" not in str(stopped.value)
    store.conn.close()


# -- the clerk sees explanations -------------------------------------------------------------------
def test_explained_items_and_unmet_conditions_are_flagged_in_the_rows(store, tmp_path, definition):
    explained = doc_with(project__name="品牌不足但已说明的展示选品中心项目")
    explained["conditions"]["brands"] = 40
    explained["explanations"] = {
        "basic-condition-not-met:cond-showroom-brands@/conditions/brands": "另有40个品牌在备案中。"
    }
    for doc in (explained, doc_with(enterprise__credit_code=OTHER_CODE, project__name=OTHER_PROJECT)):
        e = Enterprise(tmp_path / doc["project"]["name"], doc)
        cons.import_files(store, [e.send()])
        e.close()
    for _ in range(2):  # computed, then read back from the stored rows
        rows = {r.texts["project_name"]: r for r in cons.project_rows(store, definition)}
        flagged = rows["品牌不足但已说明的展示选品中心项目"]
        assert flagged.status == "ready" and flagged.explained == 1
        assert len(flagged.unmet) == 1 and "品牌种类不少于50个" in flagged.unmet[0] and "40" in flagged.unmet[0]
        assert (rows[OTHER_PROJECT].explained, rows[OTHER_PROJECT].unmet) == (0, ())


def test_restoring_a_project_kept_under_another_submission_makes_it_a_suspected_duplicate_again(
    store, tmp_path, definition
):
    first = Enterprise(tmp_path / "a")
    again = Enterprise(tmp_path / "b", doc_with(project__address="浙江省湖州市安吉县孝丰镇"))
    [a] = cons.import_files(store, [first.send()])
    [b] = cons.import_files(store, [again.send()])
    first.close()
    again.close()
    assert b.status == "duplicate"
    cons.decide_duplicate(store, b.app_id, "this")  # the original goes to the trash
    assert [r.app_id for r in cons.project_rows(store, definition)] == [b.app_id]
    store.restore(a.app_id, actor="clerk")  # back again: counted once until decided
    assert [r.app_id for r in cons.project_rows(store, definition)] == [b.app_id]
    assert [(p.app_id, p.other_id) for p in cons.pending_duplicates(store)] == [(a.app_id, b.app_id)]


@pytest.mark.parametrize("version", [2, 3])
def test_identity_keys_arrive_by_migration_for_older_databases(tmp_path, version):
    import sqlite3

    from hzsubsidy_desktop.store import Store
    from hzsubsidy_desktop.store.migrations import migrate

    path = tmp_path / f"v{version}.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=version)
    conn.execute(
        "INSERT INTO applications (id, form_id, created_at, updated_at, origin, credit_code, project_name)"
        " VALUES ('old', 'zj-cbec-2024', 't', 't', 'import', ?, ?)",
        (CODE.lower() + " ", NAME + "\u3000"),
    )
    conn.close()
    with Store(path) as store:
        full_width = "".join(chr(ord(c) + 0xFEE0) for c in CODE)
        [row] = store.identity_rows(None, code_key(full_width), name_key(NAME))
        assert (row.id, row.project_name) == ("old", NAME + "\u3000")
        assert row.credit_key == code_key(CODE) and row.name_key == name_key(NAME)
        assert store.summary("old").duplicate_of is None and store.summary("old").county_review_state is None
