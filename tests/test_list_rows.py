"""The clerk's list rows are stored and reused: identical to computing them, never stale."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from hzsubsidy_desktop import county
from hzsubsidy_desktop.county import rows as rows_module
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.store import SCHEMA_VERSION, Store
from hzsubsidy_desktop.store.migrations import migrate
from hzsubsidy_desktop.workspace import Workspace


@pytest.fixture
def clerk(tmp_path):
    with Store(tmp_path / "clerk.sqlite3") as store:
        ws = Workspace(store, actor="import")
        for i, kind in enumerate(("生产型", "贸易型", "服务型")):
            doc = sample_application()
            doc["project"]["name"] = f"项目{i}"
            doc["project"]["total_investment"] = f"{100 + i}.5"
            doc["enterprise"]["enterprise_type"] = kind
            ws.add_document(doc, origin="import")
        yield store


def stored_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM list_rows").fetchone()[0]


def fresh_rows(store: Store) -> list[county.ProjectRow]:
    """The rows computed from the documents, with nothing stored to reuse."""
    store.conn.execute("DELETE FROM list_rows")
    return county.project_rows(store)


def test_stored_rows_equal_rows_computed_from_the_documents(clerk):
    first = county.project_rows(clerk)
    assert stored_count(clerk) == 3
    again = county.project_rows(clerk)
    assert again == first
    assert again == fresh_rows(clerk)
    assert [r.texts["project_name"] for r in again] == ["项目0", "项目1", "项目2"]
    assert [r.values["seq"] for r in again] == [1, 2, 3]
    assert again[1].values["total_investment"] == Decimal("101.5")
    assert again[1].enterprise_type == "贸易型"


def test_an_edit_by_any_path_is_shown_not_the_stored_row(clerk):
    rows = county.project_rows(clerk)
    app_id = rows[0].app_id
    clerk.set_value(app_id, "/project/name", "改过的名称", actor="clerk")
    assert county.project_rows(clerk)[0].texts["project_name"] == "改过的名称"
    doc = clerk.load(app_id)
    doc["project"]["total_investment"] = "777"
    clerk.replace_document(app_id, doc, actor="clerk")
    assert county.project_rows(clerk)[0].texts["total_investment"] == amounts_text("777")
    clerk.add_row(app_id, "/expenditure/equipment", values={"name": "新设备", "spent": "1", "planned": "1"},
                  actor="clerk")
    assert county.project_rows(clerk)[0].values["spent"] != fresh_rows(clerk)[1].values["spent"]
    assert county.project_rows(clerk) == fresh_rows(clerk)


def amounts_text(value: str) -> str:
    from hzsubsidy_desktop.values import amounts

    return amounts.display(Decimal(value))


def test_region_review_and_order_are_read_fresh_not_stored(clerk):
    rows = county.project_rows(clerk)
    clerk.set_region(rows[2].app_id, "杭州市", "西湖区")
    clerk.set_review(rows[1].app_id, "已通过", "同意", actor="clerk")
    after = county.project_rows(clerk)
    moved = next(r for r in after if r.app_id == rows[2].app_id)
    assert (moved.texts["city"], moved.texts["county"]) == ("杭州市", "西湖区")
    assert next(r for r in after if r.app_id == rows[1].app_id).review_state == "已通过"
    assert sorted(r.values["seq"] for r in after) == [1, 2, 3]
    assert after == fresh_rows(clerk)


def test_rows_of_another_definition_or_format_are_recomputed(clerk, monkeypatch):
    county.project_rows(clerk)
    clerk.conn.execute("UPDATE list_rows SET data = '[\"stale\"]'")
    monkeypatch.setattr(rows_module, "ROW_FORMAT", rows_module.ROW_FORMAT + 1)
    monkeypatch.setattr(rows_module, "_KEYS", {})
    assert [r.texts["project_name"] for r in county.project_rows(clerk)] == ["项目0", "项目1", "项目2"]


def test_a_read_only_database_lists_without_storing(clerk, tmp_path):
    county.project_rows(clerk)
    clerk.conn.execute("DELETE FROM list_rows")
    path = clerk.path
    clerk.close()
    with Store(path) as again:
        again.conn.execute("PRAGMA query_only = ON")
        assert len(county.project_rows(again)) == 3


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_list_rows_arrive_by_migration_from_every_version(tmp_path, version):
    path = tmp_path / f"v{version}.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=version)
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        app_id = Workspace(store, actor="import").add_document(sample_application(), origin="import")
        (row,) = county.project_rows(store, load_definition())
        assert row.app_id == app_id
        assert stored_count(store) == 1
        store.set_value(app_id, "/project/name", "迁移后修改", actor="clerk")
        assert county.project_rows(store)[0].texts["project_name"] == "迁移后修改"


def test_every_kind_of_change_moves_the_document_version(clerk):
    app_id = county.project_rows(clerk)[0].app_id

    def version() -> int:
        return clerk.conn.execute("SELECT doc_version FROM applications WHERE id = ?", (app_id,)).fetchone()[0]

    changes = [
        lambda: clerk.set_value(app_id, "/project/content", "新的内容", actor="clerk"),
        lambda: clerk.add_row(app_id, "/plan", values={"period": "2025年", "content": "x"}, actor="clerk"),
        lambda: clerk.move_row(app_id, "/plan", 0, 1, actor="clerk"),
        lambda: clerk.set_value(app_id, "/plan/0/content", "改", actor="clerk"),
        lambda: clerk.remove_row(app_id, "/plan", 0, actor="clerk"),
        lambda: clerk.replace_document(app_id, sample_application(), actor="clerk"),
    ]
    for change in changes:
        before = version()
        change()
        assert version() > before
        assert county.project_rows(clerk) == fresh_rows(clerk)


def test_no_trigger_is_left_on_the_document_tables(clerk):
    names = [n for (n,) in clerk.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('field_values', 'table_rows')")]
    assert names == []
