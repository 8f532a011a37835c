"""The SQLite store: exact round trips, audit trail, rows, trash, migrations, failure messages."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.store import SCHEMA_VERSION, NotFound, Store, StoreError
from hzsubsidy_desktop.store.migrations import migrate


def test_document_round_trips_exactly(store, definition, sample):
    app_id = store.create(sample)
    assert docs.canonical(definition, store.load(app_id)) == docs.canonical(definition, sample)


def test_money_stays_exact_as_text(store, sample):
    app_id = store.create(sample)
    store.set_value(app_id, "/project/total_investment", "1234567890.1234", actor="enterprise")
    raw = store.conn.execute(
        "SELECT value FROM field_values WHERE pointer = '/project/total_investment'"
    ).fetchone()[0]
    assert json.loads(raw) == "1234567890.1234"
    assert Decimal(store.load(app_id)["project"]["total_investment"]) == Decimal("1234567890.1234")


def test_every_change_is_audited_with_who_and_old_value(store, sample):
    app_id = store.create(sample)
    store.set_value(app_id, "/project/subsidy_requested", "120", actor="enterprise")
    store.set_value(app_id, "/project/subsidy_requested", "100", actor="clerk")
    assert not store.set_value(app_id, "/project/subsidy_requested", "100", actor="clerk")  # unchanged: no row
    trail = [e for e in store.audit_trail(app_id) if e.pointer == "/project/subsidy_requested"]
    assert [(e.old, e.new, e.actor) for e in trail] == [("150", "120", "enterprise"), ("120", "100", "clerk")]


def test_rows_add_remove_move(store, sample):
    app_id = store.create(sample)
    table = "/expenditure/software"
    store.add_row(app_id, table, values={"name": "ERP 接口"}, actor="enterprise")
    store.add_row(app_id, table, index=0, values={"name": "WMS"}, actor="enterprise")
    assert [r["name"] for r in store.load(app_id)["expenditure"]["software"]] == ["WMS", "选品管理与供应链协同系统", "ERP 接口"]
    store.move_row(app_id, table, 0, 2, actor="enterprise")
    assert [r["name"] for r in store.load(app_id)["expenditure"]["software"]] == ["选品管理与供应链协同系统", "ERP 接口", "WMS"]
    store.set_value(app_id, "/expenditure/software/2/spent", "3.5", actor="enterprise")
    store.remove_row(app_id, table, 0, actor="enterprise")
    assert store.load(app_id)["expenditure"]["software"] == [{"name": "ERP 接口"}, {"name": "WMS", "spent": "3.5"}]


def test_clearing_a_value_removes_it(store, sample):
    app_id = store.create(sample)
    store.set_value(app_id, "/enterprise/address", None, actor="enterprise")
    assert "address" not in store.load(app_id)["enterprise"]


def test_trash_and_restore(store, sample):
    app_id = store.create(sample)
    store.delete(app_id)
    assert store.summaries() == [] and [s.id for s in store.summaries(deleted=True)] == [app_id]
    store.restore(app_id)
    assert [s.project_name for s in store.summaries()] == ["安吉椅业跨境电商产业带展示选品中心建设项目"]


def test_failed_transaction_leaves_nothing(store, sample):
    app_id = store.create(sample)
    with pytest.raises(RuntimeError), store.transaction():
        store.set_value(app_id, "/project/name", "半截", actor="enterprise")
        raise RuntimeError("boom")
    assert store.load(app_id)["project"]["name"] == sample["project"]["name"]


def test_unknown_ids_and_prefixes(store, sample):
    app_id = store.create(sample)
    assert store.resolve(app_id[:6]) == app_id
    with pytest.raises(NotFound, match="没有编号为"):
        store.load("nope")
    with pytest.raises(NotFound):
        store.resolve("%")


def test_profile_and_settings(store):
    store.save_profile({"name": "浙江竹韵家居科技有限公司"})
    assert store.load_profile() == {"name": "浙江竹韵家居科技有限公司"}
    assert store.setting("county", {"city": "湖州市"}) == {"city": "湖州市"}
    store.set_setting("county", {"city": "湖州市", "county": "安吉县"})
    assert store.setting("county")["county"] == "安吉县"


def test_wal_and_foreign_keys_are_on(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def _database_at(path, version, sample):
    """A database as an older release left it: schema ``version``, with one application in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=version)
    if version >= 1:
        conn.execute(
            "INSERT INTO applications (id, form_id, created_at, updated_at) VALUES ('old', 'zj-cbec-2024', 't', 't')"
        )
        conn.execute(
            "INSERT INTO field_values VALUES ('old', '/project/name', ?)", (json.dumps(sample["project"]["name"]),)
        )
        conn.execute(
            "INSERT INTO table_rows (application_id, table_path, position, data) VALUES ('old', '/plan', 0, ?)",
            (json.dumps(sample["plan"][0]),),
        )
    conn.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(tmp_path, sample, version):
    path = tmp_path / f"v{version}.sqlite3"
    _database_at(path, version, sample)
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if version >= 1:
            doc = store.load("old")
            assert doc["project"]["name"] == sample["project"]["name"]
            assert doc["plan"] == [sample["plan"][0]]
            assert store.summary("old").review_state == "待审核"
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_database_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="损坏或不是"):
        Store(path)
    assert path.read_bytes().startswith(b"these are my notes")


class _FailingConnection:
    """A connection whose writes to one table fail as on a full disk."""

    def __init__(self, real: sqlite3.Connection, failing_sql: str) -> None:
        self.real = real
        self.failing_sql = failing_sql

    def execute(self, sql: str, *args):
        if sql.startswith(self.failing_sql):
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def test_disk_full_gives_a_clear_message_and_keeps_the_data(tmp_path, sample, monkeypatch):
    store = Store(tmp_path / "a.sqlite3")
    app_id = store.create(sample)
    monkeypatch.setattr(store, "conn", _FailingConnection(store.conn, "INSERT OR REPLACE INTO field_values"))
    with pytest.raises(StoreError, match="磁盘空间已满"):
        store.set_value(app_id, "/project/name", "新名称", actor="enterprise")
    monkeypatch.undo()
    assert store.load(app_id)["project"]["name"] == sample["project"]["name"]
    assert not [e for e in store.audit_trail(app_id) if e.pointer == "/project/name"]
    store.close()


def test_read_only_database_gives_a_clear_message(tmp_path, sample):
    path = tmp_path / "ro.sqlite3"
    with Store(path) as store:
        app_id = store.create(sample)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    store = Store.__new__(Store)
    store.path, store.conn, store._depth = path, conn, 0
    with pytest.raises(StoreError, match="数据库文件是只读的"):
        store.set_value(app_id, "/project/name", "新名称", actor="enterprise")
    conn.close()
    with Store(path) as store:
        assert store.load(app_id)["project"]["name"] == sample["project"]["name"]


def test_failed_commit_whose_rollback_fails_too_is_one_clear_message(tmp_path, sample, monkeypatch):
    store = Store(tmp_path / "a.sqlite3")
    app_id = store.create(sample)

    class CommitFails(_FailingConnection):
        def execute(self, sql: str, *args):
            if sql in ("COMMIT", "ROLLBACK"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.real.execute(sql, *args)

    monkeypatch.setattr(store, "conn", CommitFails(store.conn, ""))
    with pytest.raises(StoreError, match="磁盘空间已满"):
        store.set_value(app_id, "/project/name", "新名称", actor="enterprise")
    monkeypatch.undo()
    store.conn.execute("ROLLBACK")
    assert store.load(app_id)["project"]["name"] == sample["project"]["name"]
    store.close()
