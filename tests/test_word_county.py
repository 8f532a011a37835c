"""Hand-filled Word files in the county database: stored with their source, paired 附件3 + 附件4,
compared with the submission of the same project, refused without changing anything."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from cli_helpers import run_cli
from word_templates import Style, build

from hzsubsidy_desktop import county
from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.interchange.submission import pack_application
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace


def _db_bytes(store: Store) -> bytes:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.path.read_bytes()


def test_a_filled_word_is_an_ordinary_application_marked_word(tmp_path: Path) -> None:
    path = build(tmp_path / "竹韵.docx")
    with Store(tmp_path / "county.sqlite3") as store:
        [outcome] = county.import_files(store, [path])
        assert outcome.status == "imported"
        assert "Word 手填附件3、附件4" in outcome.message
        summary = store.summary(outcome.app_id)
        assert summary.origin == "word"
        assert summary.project_name == "安吉椅业跨境电商产业带展示选品中心建设项目"
        doc = store.load(outcome.app_id)
        assert docs.get(doc, "/expenditure/construction/0/spent") == "120"
        record, lines = Workspace(store).word_source(outcome.app_id)
        assert record["files"] == ["竹韵.docx"]
        assert "社会信用代码：91330523MA2B7Q5K57 ← 附件3 表格1 第4行 第4格" in lines


def test_a_lone_attachment4_waits_and_the_later_attachment3_completes_it(tmp_path: Path) -> None:
    four = build(tmp_path / "附件4.docx", style=Style(sheets=("附件4",), title_without_xiangmu=False))
    three = build(tmp_path / "附件3.docx", style=Style(sheets=("附件3",)))
    with Store(tmp_path / "county.sqlite3") as store:
        [first] = county.import_files(store, [four])
        assert first.status == "imported" and "等待同一项目的附件3" in first.message
        [second] = county.import_files(store, [three])
        assert second.status == "imported" and "配对" in second.message
        assert second.app_id == first.app_id
        assert len(store.summaries()) == 1
        doc = store.load(first.app_id)
        assert docs.get(doc, "/enterprise/credit_code") == sample_application()["enterprise"]["credit_code"]
        assert docs.get(doc, "/expenditure/other/0/planned") == "25"
        assert Workspace(store).word_source(first.app_id)[0]["sheets"] == ["附件3", "附件4"]


def test_two_files_given_together_are_paired_and_a_wrong_support_grid_is_named(tmp_path: Path) -> None:
    three = build(tmp_path / "a3.docx", style=Style(sheets=("附件3",), wrong_support="99"))
    four = build(tmp_path / "a4.docx", style=Style(sheets=("附件4",)))
    with Store(tmp_path / "county.sqlite3") as store:
        outcomes = county.import_files(store, [three, four])
        assert [o.status for o in outcomes] == ["imported", "imported"]
        assert len(store.summaries()) == 1
        assert any("“设备购置费用”的已开支手填为 99.00 万元，附件4 各项相加为 127.50 万元" in n for n in outcomes[1].notes)


def test_the_word_of_an_imported_submission_is_identical_or_shows_the_differences(tmp_path: Path) -> None:
    with Store(tmp_path / "enterprise.sqlite3") as enterprise:
        app_id = Workspace(enterprise).add_document(sample_application())
        submission = pack_application(enterprise, app_id, tmp_path / "out")
    same = build(tmp_path / "same.docx")
    edited_doc = sample_application()
    edited_doc["enterprise"]["contact_phone"] = "0572-5999999"
    edited = build(tmp_path / "edited.docx", edited_doc)
    with Store(tmp_path / "county.sqlite3") as store:
        county.import_files(store, [submission])
        [o1] = county.import_files(store, [same])
        assert o1.status == "identical"
        [o2] = county.import_files(store, [edited])
        assert o2.status == "conflict"
        assert [(c.label, c.old, c.new) for c in o2.changes] == [("联系电话", "0572-5123456", "0572-5999999")]
        assert len(store.summaries()) == 1
        replaced = county.accept_incoming(store, o2)  # the clerk takes the Word's version
        assert replaced.status == "replaced"
        assert docs.get(store.load(o2.app_id), "/enterprise/contact_phone") == "0572-5999999"
        assert docs.get(store.load(o2.app_id), "/conditions/area_sqm") == "3200"  # not on the sheet: kept
        record, lines = Workspace(store).word_source(o2.app_id)
        assert record["files"] == ["edited.docx"]
        assert "联系电话：0572-5999999 ← 附件3 表格1 第8行 第6格" in lines
        [o3] = county.import_files(store, [build(tmp_path / "a4.docx", style=Style(sheets=("附件4",)))])
        assert o3.status == "identical"  # a lone 附件4 of the same project and enterprise is not stored twice


def test_a_refused_word_leaves_the_database_unchanged(tmp_path: Path) -> None:
    letter = tmp_path / "函.docx"
    document = docx.Document()
    document.add_paragraph("关于申请补助的函")
    document.save(str(letter))
    with Store(tmp_path / "county.sqlite3") as store:
        county.import_files(store, [build(tmp_path / "ok.docx")])
        before = _db_bytes(store)
        [outcome] = county.import_files(store, [letter])
        assert outcome.status == "rejected"
        assert "不是附件3（重点项目信息表）或附件4（项目资金投入明细表）" in outcome.message
        assert _db_bytes(store) == before


@pytest.mark.system
def test_cli_imports_word_and_show_sources_lists_where_each_value_was_read(tmp_path: Path) -> None:
    db = tmp_path / "county.sqlite3"
    path = build(tmp_path / "手填.docx", style=Style(wrong_total="999"))
    result = run_cli("import", str(path), db=db)
    assert result.returncode == 0, result.stderr
    assert "手填.docx：已导入。安吉椅业跨境电商产业带展示选品中心建设项目：Word 手填附件3、附件4" in result.stdout
    assert "附件4累计的已开支费用手填为 999.00 万元，各项相加为 311.50 万元" in result.stdout
    app = run_cli("list", "--json", db=db)
    import json

    app_id = json.loads(app.stdout)[0]["id"]
    shown = run_cli("show", app_id, "--sources", db=db)
    assert shown.returncode == 0, shown.stderr
    assert "来源：Word 手填（手填.docx；附件3、附件4）" in shown.stdout
    assert "“设备购置费用”第2项 已开支费用：42.50 ← 附件4 表格2 第3行 第4格" in shown.stdout or \
        "42.50 ← 附件4 表格2 第3行 第4格" in shown.stdout


def test_a_name_without_xiangmu_pairs_with_its_attachment4_title(tmp_path: Path) -> None:
    doc = sample_application()
    doc["project"]["name"] = "安吉白茶线上产业带专区"
    three = build(tmp_path / "a3.docx", doc, Style(sheets=("附件3",)))
    four = build(tmp_path / "a4.docx", doc, Style(sheets=("附件4",)))  # "安吉白茶线上产业带专区项目资金投入明细表"
    with Store(tmp_path / "county.sqlite3") as store:
        [first] = county.import_files(store, [four])
        assert store.summary(first.app_id).project_name == "安吉白茶线上产业带专区项目"  # until 附件3 says otherwise
        [second] = county.import_files(store, [three])
        assert second.app_id == first.app_id and "配对" in second.message
        assert store.summary(first.app_id).project_name == "安吉白茶线上产业带专区"
        assert not any("不一致" in n for n in second.notes)


def test_a_submission_arriving_after_the_word_is_one_project_and_shows_what_the_word_lacked(tmp_path: Path) -> None:
    with Store(tmp_path / "enterprise.sqlite3") as enterprise:
        app_id = Workspace(enterprise).add_document(sample_application())
        submission = pack_application(enterprise, app_id, tmp_path / "out")
    with Store(tmp_path / "county.sqlite3") as store:
        [word] = county.import_files(store, [build(tmp_path / "手填.docx")])
        [sub] = county.import_files(store, [submission])
        assert sub.status == "conflict" and sub.app_id == word.app_id
        labels = {c.label for c in sub.changes}
        assert "实际使用面积（平方米）" in labels or any("面积" in label for label in labels)
        assert not any(c.label == "联系电话" for c in sub.changes)  # what both hold is the same
        assert len(store.summaries()) == 1
