"""The clerk's consolidation: import outcomes, de-duplication, history, review, county settings,
附件2 values, 附件5 rows, county packages and the schema migration that carries their regions."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.document import calculated
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export import write_xlsx
from hzsubsidy_desktop.interchange.submission import pack_application
from hzsubsidy_desktop.store import SCHEMA_VERSION, Store
from hzsubsidy_desktop.store.migrations import migrate
from hzsubsidy_desktop.values.field_types import InputError
from hzsubsidy_desktop.workspace import Workspace

OTHER_CODE = "91330523MA2B7Q6K1G"  # valid check characters: no finding


class Enterprise:
    """An enterprise's own database and the submission files it sends."""

    def __init__(self, base: Path, doc: dict | None = None) -> None:
        self.base = base
        self.store = Store(base / "enterprise.sqlite3")
        self.ws = Workspace(self.store)
        self.app_id = self.ws.add_document(doc or sample_application())

    def send(self, **edits: str) -> Path:
        for pointer, text in edits.items():
            self.ws.edit(self.app_id, pointer.replace("__", "/"), text)
        out = self.base / f"rev{self.store.summary(self.app_id).revision + 1}"
        return pack_application(self.store, self.app_id, out)


@pytest.fixture
def enterprise(tmp_path):
    e = Enterprise(tmp_path / "e")
    yield e
    e.store.close()


def other_doc(name: str = "安吉白茶跨境电商线上产业带专区项目", code: str = OTHER_CODE) -> dict:
    doc = sample_application()
    doc["project"]["name"] = name
    doc["enterprise"]["credit_code"] = code
    return doc


def closed_bytes(store: Store) -> bytes:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.path.read_bytes()


# -- import outcomes ------------------------------------------------------------------------------
def test_new_submission_is_imported_with_origin_and_audit_actor_import(store, enterprise):
    [outcome] = cons.import_files(store, [enterprise.send()])
    assert outcome.status == "imported" and outcome.label == "已导入"
    summary = store.summary(outcome.app_id)
    assert summary.origin == "import"
    assert summary.revision == 1
    assert summary.submission_id == enterprise.store.summary(enterprise.app_id).submission_id
    assert summary.status == "ready"
    assert {e.actor for e in store.audit_trail(outcome.app_id)} == {"import"}
    assert store.load(outcome.app_id)["project"] == sample_application()["project"]


def test_same_file_again_is_identical_and_changes_nothing(store, enterprise):
    path = enterprise.send()
    cons.import_files(store, [path])
    before = closed_bytes(store)
    [again] = cons.import_files(store, [path])
    assert again.status == "identical"
    assert "相同" in again.line()
    assert closed_bytes(store) == before
    assert len(store.summaries()) == 1


def test_newer_revision_replaces_and_the_old_version_goes_to_history(store, enterprise):
    [first] = cons.import_files(store, [enterprise.send()])
    cons.set_review(store, first.app_id, "需修改", "补充附件4 明细")
    [second] = cons.import_files(store, [enterprise.send(**{"/project/subsidy_requested": "140"})])
    assert second.status == "replaced" and second.app_id == first.app_id
    assert "第2版替换了第1版" in second.message
    assert [(c.label, c.old, c.new) for c in second.changes] == [("本年度申请补助资金（万元）", "150.00", "140.00")]
    assert store.load(first.app_id)["project"]["subsidy_requested"] == "140"
    summary = store.summary(first.app_id)
    assert summary.revision == 2
    assert summary.review_state == "待审核"  # a new revision is reviewed afresh
    [(revision, _at, reason, old)] = store.history(first.app_id)
    assert revision == 1 and "第2版" in reason
    assert old["project"]["subsidy_requested"] == "150"
    changed = [e for e in store.audit_trail(first.app_id) if e.pointer == "/project/subsidy_requested"]
    assert [(e.old, e.new, e.actor) for e in changed] == [("150", "140", "import")]


def test_older_revision_with_other_content_is_a_conflict_and_kept(store, enterprise):
    old_file = enterprise.send()
    older = old_file.with_name("older.hzsub")
    old_file.rename(older)
    newer = enterprise.send(**{"/project/total_investment": "650"})
    [imported] = cons.import_files(store, [newer])
    before = closed_bytes(store)
    [conflict] = cons.import_files(store, [older])
    assert conflict.status == "conflict"
    assert "收到的第1版比已导入的第2版旧" in conflict.message
    assert [(c.label, c.old, c.new) for c in conflict.changes] == [("总投资（投入）（万元）", "650.00", "600.00")]
    assert closed_bytes(store) == before
    assert store.load(imported.app_id)["project"]["total_investment"] == "650"


def test_conflict_replaced_on_request_keeps_history(store, enterprise):
    older = enterprise.send()
    older = older.rename(older.with_name("older.hzsub"))
    [imported] = cons.import_files(store, [enterprise.send(**{"/project/total_investment": "650"})])
    [replaced] = cons.import_files(store, [older], on_conflict="replace")
    assert replaced.status == "replaced" and "已按选择替换" in replaced.message
    assert store.load(imported.app_id)["project"]["total_investment"] == "600"
    assert [h[0] for h in store.history(imported.app_id)] == [2]


def test_same_credit_code_and_project_name_from_another_submission_is_a_suspected_duplicate(
    store, enterprise, tmp_path
):
    [first] = cons.import_files(store, [enterprise.send()])
    doc = sample_application()
    doc["project"]["address"] = "浙江省湖州市安吉县孝丰镇"
    again = Enterprise(tmp_path / "again", doc)  # the enterprise started over: a new submission id
    try:
        [suspect] = cons.import_files(store, [again.send()])
    finally:
        again.store.close()
    assert suspect.status == "duplicate" and suspect.label == "疑似重复"
    assert suspect.duplicate_of == first.app_id and suspect.app_id != first.app_id
    assert "已有同一统一社会信用代码和项目名称、但报送编号不同的申报" in suspect.message
    assert [(c.label, c.new) for c in suspect.changes] == [("项目建设地址", "浙江省湖州市安吉县孝丰镇")]
    assert [r.app_id for r in cons.project_rows(store)] == [first.app_id]  # counted once
    assert [p.app_id for p in cons.pending_duplicates(store)] == [suspect.app_id]
    assert "保留新收到的" in cons.decide_duplicate(store, suspect.app_id, "this")
    assert [r.app_id for r in cons.project_rows(store)] == [suspect.app_id]
    assert store.summary(first.app_id).deleted_at is not None
    assert cons.pending_duplicates(store) == []


def test_folders_are_searched_recursively_with_progress(store, tmp_path):
    sent = []
    for i, name in enumerate(["项目甲", "项目乙", "项目丙"]):
        e = Enterprise(tmp_path / f"e{i}", other_doc(name))
        path = e.send()
        e.store.close()
        target = tmp_path / "inbox" / ("sub" if i else "") / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
        sent.append(target)
    seen = []
    outcomes = cons.import_files(store, [tmp_path / "inbox"], progress=lambda d, n, p: seen.append((d, n, p.name)))
    assert [o.status for o in outcomes] == ["imported"] * 3
    assert [(d, n) for d, n, _ in seen] == [(1, 3), (2, 3), (3, 3)]
    assert sorted(p for _, _, p in seen) == sorted(p.name for p in sent)


def test_exported_workbook_is_imported_and_matches_its_submission(store, enterprise, definition, tmp_path):
    write_xlsx(definition, sample_application(), tmp_path / "申报.xlsx")
    [from_xlsx] = cons.import_files(store, [tmp_path / "申报.xlsx"])
    assert from_xlsx.status == "imported", from_xlsx.message
    assert store.summary(from_xlsx.app_id).submission_id is None
    [same] = cons.import_files(store, [enterprise.send()])
    assert same.status == "identical"


def test_damaged_workbook_is_rejected(store, tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    [outcome] = cons.import_files(store, [path])
    assert outcome.status == "rejected" and "坏.xlsx" in outcome.message
    assert store.summaries() == []


def test_clerk_edits_are_audited_as_the_clerk(store, enterprise):
    [outcome] = cons.import_files(store, [enterprise.send()])
    Workspace(store, actor="clerk").edit(outcome.app_id, "/project/subsidy_requested", "120")
    last = store.audit_trail(outcome.app_id)[-1]
    assert (last.pointer, last.actor, last.new) == ("/project/subsidy_requested", "clerk", "120")


# -- diffs ----------------------------------------------------------------------------------------
def test_diff_lists_changes_in_form_order_with_display_text(definition, sample):
    new = json.loads(json.dumps(sample))
    new["expenditure"]["equipment"][1]["spent"] = "40"
    new["project"]["types"] = ["跨境电商产业园区"]
    new["enterprise"]["contact_person"] = "王敏"
    new["plan"].append({"deadline": "2025-12-31", "invested": "600"})
    changes = cons.diff_documents(definition, sample, new)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("联系人", "李晓燕", "王敏"),
        ("项目类型", "跨境电商产业带展示选品中心、跨境电商公共服务中心", "跨境电商产业园区"),
        ("项目分年度建设进度计划 第3行 截止日期", "", "2025年12月31日"),
        ("项目分年度建设进度计划 第3行 完成投资（投入）（万元）", "", "600.00"),
        ("设备购置费用 第2行 已开支费用", "42.50", "40.00"),
    ]
    assert changes[-1].pointer == "/expenditure/equipment/1/spent"
    assert cons.diff_documents(definition, sample, json.loads(json.dumps(sample))) == []


# -- review ---------------------------------------------------------------------------------------
def test_review_states_and_comment(store, enterprise):
    [o] = cons.import_files(store, [enterprise.send()])
    cons.set_review(store, o.app_id, "退回", "  缺少盖章页\x07 ")
    s = store.summary(o.app_id)
    assert (s.review_state, s.review_comment) == ("退回", "缺少盖章页")
    assert store.audit_trail(o.app_id)[-1].actor == "clerk"
    with pytest.raises(InputError, match="“审核状态”应为以下之一：待审核、已通过、需修改、退回"):
        cons.set_review(store, o.app_id, "通过")
    with pytest.raises(InputError, match="最多500字"):
        cons.set_review(store, o.app_id, "需修改", "字" * 501)


# -- county settings and 附件2 ---------------------------------------------------------------------
def test_county_settings_default_to_huzhou_anji(store):
    assert cons.county_settings(store) == {"city": "湖州市", "county": "安吉县", "contact_person": "", "contact_phone": ""}


def test_county_settings_are_checked_like_fields(store):
    settings = cons.set_county_settings(store, {"county": "德清县", "contact_phone": "0572 8012345"})
    assert settings["county"] == "德清县" and settings["contact_phone"] == "0572-8012345"
    with pytest.raises(InputError, match="“联系电话”不像有效的电话号码"):
        cons.set_county_settings(store, {"contact_phone": "12345"})
    with pytest.raises(InputError, match="“设区市”不能为空"):
        cons.set_county_settings(store, {"city": "  "})
    with pytest.raises(InputError, match="没有设置项“town”"):
        cons.set_county_settings(store, {"town": "递铺"})
    assert cons.county_settings(store)["county"] == "德清县"


def test_declaration_values_default_from_county_and_are_validated(store, definition):
    cons.set_county_settings(store, {"contact_person": "王敏", "contact_phone": "13905721234"})
    values = cons.declaration_values(store, definition)
    assert values["region"] == "湖州市安吉县"
    assert (values["contact_person"], values["contact_phone"]) == ("王敏", "13905721234")
    assert cons.declaration_problems(definition, values) == [
        "“项目名称”尚未填写。", "“目标体系”尚未填写。", "“工作体系”尚未填写。", "“政策体系”尚未填写。", "“工作保障”尚未填写。",
    ]
    values = cons.set_declaration(store, {"goals": "到2025年底跨境电商交易额60亿元。", "contact_phone": "0572-5122345"})
    assert values["goals"] == "到2025年底跨境电商交易额60亿元。" and values["contact_phone"] == "0572-5122345"
    with pytest.raises(InputError, match="“目标体系”最多5000字"):
        cons.set_declaration(store, {"goals": "字" * 5001, "work": "不会保存"})
    assert cons.declaration_values(store).get("work") is None


# -- 附件5 rows -------------------------------------------------------------------------------------
def test_project_rows_follow_the_list_columns(store, enterprise, definition):
    [o] = cons.import_files(store, [enterprise.send()])
    [row] = cons.project_rows(store, definition)
    assert row.app_id == o.app_id
    assert [c.key for c in definition.list.columns] == list(row.texts)
    assert row.texts == {
        "seq": "1", "city": "湖州市", "county": "安吉县",
        "project_name": "安吉椅业跨境电商产业带展示选品中心建设项目", "enterprise": "浙江竹韵家居科技有限公司",
        "content": sample_application()["project"]["content"], "total_investment": "600.00",
        "types": "跨境电商产业带展示选品中心、跨境电商公共服务中心", "start": "2024年3月", "end": "2025年9月",
        "progress": "53.3", "spent": "311.50", "planned": "148.00", "subsidy": "150.00",
        "leader": "沈建国 13905721234", "enterprise_type": "生产型企业",
        "location": "浙江省湖州市安吉县递铺街道椅业跨境电商产业园3号楼",
    }
    assert row.values["spent"] == Decimal("311.5") and row.values["progress"] == Decimal("53.3")
    assert (row.review_state, row.status, row.error_count) == ("待审核", "ready", 0)


@pytest.mark.parametrize(
    ("enterprise", "printed"),
    [
        ({"project_leader": "沈建国", "leader_phone": "13905721234", "contact_person": "李晓燕",
          "contact_phone": "0572-5123456"}, "沈建国 13905721234"),
        ({"project_leader": "李晓燕", "contact_person": "李晓燕", "contact_phone": "0572-5123456"},
         "李晓燕 0572-5123456"),
        ({"project_leader": "沈建国", "contact_person": "李晓燕", "contact_phone": "0572-5123456"},
         "沈建国（联系人李晓燕 0572-5123456）"),
        ({"contact_person": "李晓燕", "contact_phone": "0572-5123456"}, "李晓燕 0572-5123456"),
        ({"project_leader": "沈建国"}, "沈建国"),
    ],
)
def test_leader_contact_never_pairs_a_name_with_another_persons_phone(definition, enterprise, printed):
    calc = definition.calculation("@leader_contact")
    assert calculated.leader_contact({"enterprise": enterprise}, calc.params) == printed


def test_project_rows_leave_out_local_deleted_and_other_states(store, enterprise, tmp_path):
    [kept] = cons.import_files(store, [enterprise.send()])
    e2 = Enterprise(tmp_path / "e2", other_doc())
    [gone] = cons.import_files(store, [e2.send()])
    e2.store.close()
    Workspace(store).add_document(other_doc("本地草稿项目", "91330523MA2C8R7L55"))  # the clerk's own, origin local
    store.delete(gone.app_id, actor="clerk")
    assert [r.app_id for r in cons.project_rows(store)] == [kept.app_id]
    cons.set_review(store, kept.app_id, "已通过")
    assert cons.project_rows(store, states=["需修改"]) == []
    assert [r.texts["seq"] for r in cons.project_rows(store, states=["已通过"])] == ["1"]


def test_column_totals_are_exact(store, definition):
    for i, amount in enumerate(["100.1234", "0.0001", "250"]):
        doc = other_doc(f"项目{i}")
        doc["project"]["total_investment"] = amount
        Workspace(store, actor="import").add_document(doc, origin="import")
    rows = cons.project_rows(store, definition)
    assert [r.texts["total_investment"] for r in rows] == ["100.1234", "0.0001", "250.00"]
    assert cons.column_totals(definition, rows)["total_investment"] == Decimal("350.1235")


# -- county packages -------------------------------------------------------------------------------
def _county_db(base: Path, county: str, docs: list[dict]) -> Store:
    store = Store(base / f"{county}.sqlite3")
    cons.set_county_settings(store, {"county": county, "contact_person": "联系人", "contact_phone": "0572-5122345"})
    for doc in docs:
        Workspace(store, actor="import").add_document(doc, origin="import")
    return store


def test_city_imports_county_packages_and_keeps_their_counties(tmp_path, store, definition):
    anji = _county_db(tmp_path, "安吉县", [sample_application()])
    deqing = _county_db(tmp_path, "德清县", [other_doc("德清项目一"), other_doc("德清项目二")])
    cons.set_declaration(deqing, {"goals": "德清县目标"})
    packs = [cons.pack_county(anji, tmp_path / "to-city"), cons.pack_county(deqing, tmp_path / "to-city")]
    anji.close()
    deqing.close()
    assert sorted(p.name for p in packs) == ["湖州市安吉县_重点项目汇总.hzcounty", "湖州市德清县_重点项目汇总.hzcounty"]
    package = cons.read_county_package(packs[1])
    assert package.county["county"] == "德清县" and package.declaration["goals"] == "德清县目标"
    cons.set_county_settings(store, {"county": "吴兴区"})  # the city clerk's own settings do not apply
    outcomes = cons.import_files(store, [tmp_path / "to-city"])
    assert [o.status for o in outcomes] == ["imported"] * 3
    assert outcomes[1].entry.startswith("德清县 ")
    rows = cons.project_rows(store, definition)
    assert [(r.texts["seq"], r.texts["county"], r.texts["project_name"]) for r in rows] == [
        ("1", "安吉县", "安吉椅业跨境电商产业带展示选品中心建设项目"),
        ("2", "德清县", "德清项目一"),
        ("3", "德清县", "德清项目二"),
    ]
    again = cons.import_files(store, [packs[1]])
    assert [o.status for o in again] == ["identical", "identical"]


def test_tampered_county_package_is_rejected_whole(tmp_path, store):
    import hostile_files as hostile

    county = _county_db(tmp_path, "德清县", [other_doc("德清项目一"), other_doc("德清项目二")])
    pack = cons.pack_county(county, tmp_path / "out")
    county.close()
    bad = hostile.tampered_member(pack, tmp_path / "bad.hzcounty", "applications/0002.json")
    before = closed_bytes(store)
    [outcome] = cons.import_files(store, [bad])
    assert outcome.status == "rejected"
    assert "“applications/0002.json”校验值（SHA-256）与清单不符" in outcome.message
    assert closed_bytes(store) == before


# -- schema v3 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_region_columns_arrive_by_migration_from_every_version(tmp_path, version):
    path = tmp_path / f"v{version}.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=version)
    if version >= 1:
        conn.execute("INSERT INTO applications (id, form_id, created_at, updated_at) VALUES ('old', 'zj-cbec-2024', 't', 't')")
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        if version >= 1:
            assert store.regions() == {"old": (None, None)}
            store.set_region("old", "湖州市", "长兴县")
            assert store.regions()["old"] == ("湖州市", "长兴县")
        columns = {row[1] for row in store.conn.execute("PRAGMA table_info(applications)")}
        assert {"region_city", "region_county"} <= columns
