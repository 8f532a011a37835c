"""A document's rows reach the tables the same whichever way they are inserted: by SQLite's ``json_each``
from the two JSON texts the import's readers make, or one row at a time (a SQLite without JSON
functions, or a key with a NUL character that ``json_each`` would cut) — same rows, same ids, same order."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.store import Store, StoreError
from hzsubsidy_desktop.store import database as database_module
from hzsubsidy_desktop.store.document_rows import document_rows
from hzsubsidy_desktop.store.records import json_text


def reference_rows(doc: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, int, str]]]:
    """The rows as the store has always written them (one tuple per row, sorted), written out plainly."""
    scalars, rows = [], []
    for key, value in doc.items():
        if key in ("format_version", "form_id"):
            continue
        if key == "plan" and isinstance(value, list):
            rows.extend(("/plan", i, json_text(r)) for i, r in enumerate(value))
        elif key == "expenditure" and isinstance(value, dict):
            for cat, items in value.items():
                rows.extend((f"/expenditure/{docs.escape(cat)}", i, json_text(r)) for i, r in enumerate(items or []))
        elif isinstance(value, dict):
            scalars.extend((f"/{docs.escape(key)}/{docs.escape(sub)}", json_text(v))
                           for sub, v in value.items() if v not in (None, "", []))
    return sorted(scalars), sorted(rows)


def stored_tables(store: Store, app_id: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every stored row of the application in insertion order, ids (rowids) relative to its first."""
    values = store.conn.execute(
        "SELECT rowid, pointer, value FROM field_values WHERE application_id = ? ORDER BY rowid", (app_id,)
    ).fetchall()
    rows = store.conn.execute(
        "SELECT id, table_path, position, data FROM table_rows WHERE application_id = ? ORDER BY id", (app_id,)
    ).fetchall()
    return ([(r[0] - values[0][0], *r[1:]) for r in values] if values else [],
            [(r[0] - rows[0][0], *r[1:]) for r in rows] if rows else [])


def without_json(store: Store) -> Store:
    store._json_each = False
    return store


def check_both_ways(tmp: Path, doc: dict[str, Any], *, load: bool = True) -> None:
    fast = Store(tmp / "fast.sqlite3")
    slow = without_json(Store(tmp / "slow.sqlite3"))
    try:
        assert fast._json_each
        got = [stored_tables(s, s.create(doc, app_id="a")) for s in (fast, slow)]
        assert got[0] == got[1]
        scalars, rows = reference_rows(doc)
        assert [r[1:] for r in got[0][0]] == scalars
        assert [r[1:] for r in got[0][1]] == rows
        assert [r[0] for r in got[0][0]] == list(range(len(scalars)))  # inserted in key order, one after another
        if load:  # (a document of any shape need not load back: keys like "0" read as positions)
            assert fast.load("a") == slow.load("a")
    finally:
        fast.close()
        slow.close()


def test_the_sample_is_stored_the_same_both_ways(tmp_path, sample):
    check_both_ways(tmp_path, sample)


def test_a_nul_in_a_key_is_kept_whole(tmp_path):
    doc = {"form_id": "f", "project": {"a\x00b": "1", "name": "x"}, "expenditure": {"c\x00d": [{"n": "\x00"}]}}
    assert not document_rows(doc).plain  # json_each would store "a" for "a\x00b"
    check_both_ways(tmp_path, doc)
    with Store(tmp_path / "nul.sqlite3") as store:
        app_id = store.create(doc)
        assert store.load(app_id)["project"] == {"a\x00b": "1", "name": "x"}
        assert store.load(app_id)["expenditure"] == {"c\x00d": [{"n": "\x00"}]}


def test_without_json_functions_the_rows_are_inserted_one_by_one(tmp_path, sample, definition, monkeypatch):
    """A SQLite without json_each: detected when the store opens, every document still stored whole."""
    real_connect = sqlite3.connect

    class NoJson(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if "json_each" in sql:
                raise sqlite3.OperationalError("no such table: json_each")
            return super().execute(sql, *args)

    monkeypatch.setattr(database_module.sqlite3, "connect", lambda *a, **k: real_connect(*a, factory=NoJson, **k))
    with Store(tmp_path / "old.sqlite3") as store:
        assert not store._json_each
        app_id = store.create(sample)
        store.replace_document(app_id, sample, actor="clerk")
        assert docs.canonical(definition, store.load(app_id)) == docs.canonical(definition, sample)
        scalars, rows = reference_rows(sample)
        got = stored_tables(store, app_id)
        assert [r[1:] for r in got[0]] == scalars
        assert [r[1:] for r in got[1]] == rows


def test_a_replaced_document_is_stored_the_same_both_ways(tmp_path, sample):
    changed = docs.copy_json(sample)
    changed["project"]["name"] = "改过的项目名称"
    changed["plan"] = changed["plan"][:1]
    stores = [Store(tmp_path / "fast.sqlite3"), without_json(Store(tmp_path / "slow.sqlite3"))]
    try:
        for s in stores:
            s.create(sample, app_id="a")
            s.replace_document("a", changed, actor="clerk")
        assert stored_tables(stores[0], "a") == stored_tables(stores[1], "a")
        assert stores[0].load("a") == stores[1].load("a")
        assert stores[0].load("a")["plan"] == changed["plan"]
    finally:
        for s in stores:
            s.close()


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)  # any text a file can hold
_LEAF = st.none() | st.booleans() | st.integers() | _TEXT | st.lists(_TEXT, max_size=3)
_ROW = st.dictionaries(_TEXT, _LEAF, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    groups=st.dictionaries(_TEXT.filter(lambda k: k not in ("plan", "expenditure", "form_id", "format_version")),
                           st.dictionaries(_TEXT, _LEAF, max_size=6), max_size=4),
    plan=st.lists(_ROW, max_size=4),
    expenditure=st.dictionaries(_TEXT, st.lists(_ROW, max_size=4), max_size=4),
)
def test_any_document_is_stored_the_same_both_ways(tmp_path_factory, groups, plan, expenditure):
    doc = {"format_version": 1, "form_id": "f", **groups, "plan": plan, "expenditure": expenditure}
    check_both_ways(tmp_path_factory.mktemp("rows"), doc, load=False)


def test_a_creation_without_its_own_savepoint_is_still_one_transaction_outside_any(tmp_path, sample, monkeypatch):
    with Store(tmp_path / "s.sqlite3") as store:
        def full_disk(app_id: str, stored: Any) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(store, "_insert_rows", full_disk)
        with pytest.raises(StoreError, match="磁盘空间已满"):
            store.create(sample, savepoint=False)
        assert store.summaries() == []
        with pytest.raises(StoreError), store.transaction():  # inside a transaction: that one rolls back
            store.create(sample, savepoint=False)
        assert store.summaries() == []


def test_a_database_in_utf16_stores_its_rows_one_by_one(tmp_path, sample, definition):
    """The rows' JSON crosses as UTF-8 bytes that SQLite reads as text: only in a UTF-8 database."""
    path = tmp_path / "utf16.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute('PRAGMA encoding = "UTF-16le"')
    conn.execute("CREATE TABLE made_here (x)")
    conn.close()
    with Store(path) as store:
        assert not store._json_each
        app_id = store.create(sample)
        assert docs.canonical(definition, store.load(app_id)) == docs.canonical(definition, sample)
        scalars, rows = reference_rows(sample)
        got = stored_tables(store, app_id)
        assert ([r[1:] for r in got[0]], [r[1:] for r in got[1]]) == (scalars, rows)
