"""Application ids in creation order, and the short ids people see and type (last 8 characters)."""

from __future__ import annotations

import re
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop.county import duplicates
from hzsubsidy_desktop.store import NotFound, Store, ids
from hzsubsidy_desktop.store.ids import new_id, short_id

HEX32 = re.compile(r"[0-9a-f]{32}")


def test_new_ids_are_32_lowercase_hex_strictly_increasing():
    made = [new_id() for _ in range(20_000)]  # many in the same millisecond
    assert all(HEX32.fullmatch(i) for i in made)
    assert made == sorted(made) and len(set(made)) == len(made)


def test_ids_stay_ordered_when_the_clock_stands_still_or_steps_back(monkeypatch):
    clock = iter([5_000, 5_000, 4_000, 4_000, 5_000, 6_000])
    monkeypatch.setattr(ids, "_last", (0, -1))
    monkeypatch.setattr(ids.time, "time_ns", lambda: next(clock) * 1_000_000)
    made = [new_id() for _ in range(6)]
    assert made == sorted(made) and len(set(made)) == 6
    assert [int(i[:12], 16) for i in made] == [5_000] * 5 + [6_000]
    assert [int(i[12:16], 16) for i in made] == [0, 1, 2, 3, 4, 0]


def test_a_full_counter_moves_on_to_the_next_millisecond(monkeypatch):
    monkeypatch.setattr(ids, "_last", (7_000, 0xFFFF))
    monkeypatch.setattr(ids.time, "time_ns", lambda: 7_000 * 1_000_000)
    nxt = new_id()
    assert (int(nxt[:12], 16), int(nxt[12:16], 16)) == (7_001, 0)


def test_ids_made_elsewhere_in_the_same_millisecond_differ(monkeypatch):
    """Two processes (or machines) with the same clock and counter still make different ids."""
    monkeypatch.setattr(ids.time, "time_ns", lambda: 9_000 * 1_000_000)
    made = set()
    for _ in range(200):
        monkeypatch.setattr(ids, "_last", (0, -1))  # a fresh process
        made.add(new_id())
    assert len(made) == 200 and len({short_id(i) for i in made}) == 200


def test_the_database_holds_applications_in_creation_order(store, sample):
    created = [store.create(sample) for _ in range(30)]
    in_index = [r[0] for r in store.conn.execute("SELECT id FROM applications ORDER BY id")]
    assert in_index == created
    rows = store.conn.execute("SELECT DISTINCT application_id FROM field_values ORDER BY application_id")
    assert [r[0] for r in rows] == created


def test_short_ids_resolve_and_first_characters_of_new_ids_are_ambiguous(store, sample):
    created = [store.create(sample) for _ in range(5)]
    for app_id in created:
        assert store.resolve(short_id(app_id)) == app_id
        assert store.resolve(app_id) == app_id
    with pytest.raises(NotFound, match=f"编号 {created[0][:8]} 对应多个申报，请写得更完整。"):
        store.resolve(created[0][:8])  # the same minute: the same first characters


def test_old_uuid4_ids_keep_their_printed_prefixes(store, sample):
    old = uuid.uuid4().hex
    assert store.create(sample, app_id=old) == old
    new = store.create(sample)
    assert store.resolve(old[:8]) == old  # what older versions printed
    assert store.resolve(short_id(old)) == old
    assert store.resolve(short_id(new)) == new


def test_text_that_is_a_prefix_of_one_and_a_suffix_of_another_is_ambiguous(store, sample):
    a = "abcd1234" + "0" * 24
    b = "f" * 24 + "abcd1234"
    store.create(sample, app_id=a)
    store.create(sample, app_id=b)
    with pytest.raises(NotFound, match="编号 abcd1234 对应多个申报"):
        store.resolve("abcd1234")
    assert store.resolve("abcd12340") == a and store.resolve("fabcd1234") == b
    with pytest.raises(NotFound, match="没有编号为 %_%_ 的申报。"):
        store.resolve("%_%_")


_hex_ids = st.lists(st.text("0123456789abcdef", min_size=32, max_size=32), min_size=1, max_size=6, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(app_ids=_hex_ids, data=st.data())
def test_resolve_finds_exactly_the_one_id_starting_or_ending_with_the_text(tmp_path_factory, sample, app_ids, data):
    """The SQL lookup against the plain definition: one id starts or ends with the text, or it is refused."""
    store = Store(tmp_path_factory.mktemp("ids") / "r.sqlite3")
    try:
        for app_id in app_ids:
            store.create(sample, app_id=app_id)
        some = data.draw(st.sampled_from(app_ids))
        start, end = data.draw(st.integers(0, 32)), data.draw(st.integers(0, 32))
        typed = data.draw(st.sampled_from([some[:end], some[start:], some[start:end], "%", "_" + some[1:5]]))
        found = [i for i in app_ids if i.startswith(typed) or i.endswith(typed)]
        if len(typed) < 4:
            with pytest.raises(NotFound, match="太短"):
                store.resolve(typed)
        elif len(found) == 1:
            assert store.resolve(typed) == found[0]
        else:
            with pytest.raises(NotFound, match="对应多个申报" if found else "没有编号为"):
                store.resolve(typed)
    finally:
        store.close()


def test_pending_duplicate_lines_show_short_ids(store, sample):
    first = store.create(sample, origin="import", submission_id="s1" * 8, revision=1)
    second = store.create(sample, origin="import", submission_id="s2" * 8, revision=1)
    store.set_duplicate_of(second, first, actor="import")
    [pending] = duplicates.pending_duplicates(store)
    line = pending.line()
    assert line.startswith(f"{short_id(second)} “") and f" {short_id(first)} “" in line


def test_an_empty_or_too_short_id_names_no_application(tmp_path, sample):
    # With one application in the database, "" (or "a") starts every id: it must not name that one (a
    # `hzsubsidy delete ""` would have moved it to the trash).
    with Store(tmp_path / "one.sqlite3") as store:
        app_id = store.create(sample)
        for typed in ("", " ", app_id[:3], app_id[-3:]):
            with pytest.raises(NotFound, match="太短"):
                store.resolve(typed)
        assert store.resolve(f" {short_id(app_id)} ") == app_id
