"""What a reading worker sends the importing process: each parsed document as one JSON text, parsed there only
when used (``reading.Received``). The application that arrives is equal to the one read, document included
(same values, types and key order); a new application is stored from its rows without its document ever
being parsed, with the same outcome and rows as when read in the importing process."""

from __future__ import annotations

import pickle
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from county_helpers import Enterprise, doc_with
from hypothesis import given, settings
from hypothesis import strategies as st
from import_folders import copies

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.county import ImportStopped, importing, reading, storing
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.store.document_rows import document_rows
from hzsubsidy_desktop.store.records import json_text


def across(read: reading.FileRead) -> reading.FileRead:
    """``read`` as the importing process gets it from a worker."""
    return pickle.loads(pickle.dumps(read, pickle.HIGHEST_PROTOCOL))


def test_an_application_arrives_equal_and_its_document_is_parsed_when_used(tmp_path):
    sent = Enterprise(tmp_path / "e").send()
    read = reading.read_file(sent)
    [item] = across(read).items
    assert isinstance(item, reading.Received) and "doc" not in vars(item)
    assert item == read.items[0] and read.items[0] == item  # both ways (the document parsed on the way)
    assert json_text(item.doc) == json_text(read.items[0].doc)  # same key order
    assert item.definition is read.items[0].definition


def test_a_thread_that_asks_for_the_document_while_another_parses_it_gets_the_same(tmp_path):
    # The GUI's import thread and the GUI thread may both be first to look at a conflict's document: the one
    # that found no document an instant before another parsed it (it is then in __getattr__) gets that one.
    read = reading.read_file(Enterprise(tmp_path / "e").send())
    [item] = across(read).items
    first = item.doc
    assert "_doc_text" not in vars(item)
    assert reading.Received.__getattr__(item, "doc") is first
    with pytest.raises(AttributeError):
        reading.Received.__getattr__(item, "nothing")


def test_a_new_application_is_stored_without_parsing_its_document(tmp_path):
    # Zero-width space in the project name: the clerk's note comes from the rows' columns, as it did from the document.
    sent = Enterprise(tmp_path / "e", doc_with(project__name="安吉椅业跨境电商\u200b产业带展示选品中心")).send()
    results = []
    for name, read in (("here", reading.read_file(sent)), ("sent", across(reading.read_file(sent)))):
        with Store(tmp_path / f"{name}.sqlite3") as store:
            [outcome] = importing._store_read(store, read, "keep")
            results.append((outcome.status, outcome.message, store.load(outcome.app_id or ""),
                            store.summary(outcome.app_id or "")))
        if name == "sent":
            assert "doc" not in vars(read.items[0])  # stored from its rows alone
    with Store(tmp_path / "slow.sqlite3") as store:  # everything from the document itself
        read = reading.read_file(sent)
        outcome = storing.store_one(store, sent, read.items[0], "keep", read.checked[0], None)
        results.append((outcome.status, outcome.message, store.load(outcome.app_id or ""),
                        store.summary(outcome.app_id or "")))
    same = [(status, message, doc, summary.form_id, summary.project_name, summary.credit_code, summary.status)
            for status, message, doc, summary in results]
    assert same[0] == same[1] == same[2]
    assert same[0][0] == "imported" and "注意：项目名称含有零宽空格" in same[0][1]


def test_a_conflict_parses_the_document_and_compares_it(tmp_path):
    enterprise = Enterprise(tmp_path / "e")
    first, second = enterprise.send(), enterprise.send(project__address="浙江省湖州市安吉县递铺街道昌硕路1号")
    with Store(tmp_path / "c.sqlite3") as store:
        importing._store_read(store, across(reading.read_file(second)), "keep")
        [outcome] = importing._store_read(store, across(reading.read_file(first)), "keep")
    assert outcome.status == "conflict" and [c.label for c in outcome.changes] == ["项目建设地址"]
    assert outcome.incoming == reading.read_file(first).items[0]


def test_what_is_not_plain_json_or_a_word_form_crosses_as_it_is(definition):
    odd = Incoming(definition, {"form_id": "x", "project": {"name": ("元", Decimal("1"))}})
    word = Incoming(definition, {"form_id": "x"}, origin="word")
    for item in (odd, word):
        [back] = across(reading.FileRead(Path("f"), (item,))).items
        assert type(back) is Incoming and back == item


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",))),
                                                               inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(body=st.dictionaries(st.text(max_size=8), _JSON, max_size=6))
def test_any_json_document_arrives_exactly(body: dict[str, Any]):
    from hzsubsidy_desktop.formdef import load_definition

    doc = {"format_version": 1, "form_id": "zj-cbec-2024", **body}
    item = Incoming(load_definition(), doc, submission_id="S", revision=2)
    read = reading.FileRead(Path("f"), (item,), (("ready", 0, 0),), (document_rows(doc),))
    back = across(read)
    [got] = back.items
    assert json_text(got.doc) == json_text(doc) and got == item
    assert _types(got.doc) == _types(doc)
    assert back.stored == read.stored and back.checked == read.checked and back.path == read.path


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def test_a_storage_failure_inside_a_new_application_leaves_nothing_of_its_file(tmp_path, monkeypatch):
    """A new application has no savepoint of its own inside its file's: its rows half-written when the disk
    fills up go with the file's savepoint, the import stops, and the files before it stay."""
    e = Enterprise(tmp_path / "e")
    files = copies(e.send(), tmp_path / "in", 3)
    e.close()
    for processes in (False, True):
        with Store(tmp_path / f"c-{processes}.sqlite3") as store:
            real = store._insert_rows

            def rows_then_full_disk(app_id: str, stored: Any, real: Any = real) -> None:
                real(app_id, stored)
                if stored.summary[0].endswith("（第0002号）"):
                    raise sqlite3.OperationalError("database or disk is full")

            monkeypatch.setattr(store, "_insert_rows", rows_then_full_disk)
            done = []
            with pytest.raises(ImportStopped, match="磁盘空间已满"):
                for path, _found in cons.iter_import(store, files, processes=processes):
                    done.append(path.name)
            assert done == ["f0001.hzsub"]
            assert [s.project_name[-8:] for s in store.summaries()] == ["（第0001号）"]
            for table in ("field_values", "table_rows", "audit"):
                orphans = store.conn.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE application_id NOT IN (SELECT id FROM applications)"
                ).fetchone()[0]
                assert orphans == 0, table
