"""The county import as a pipeline: files read in worker processes, stored in batches (one transaction,
a savepoint per file). Whatever reads and however many files go into one commit, the clerk gets the same
outcomes and the database the same rows as importing file by file in this process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from county_helpers import Enterprise, county_db, doc_with
from import_folders import copies
from word_templates import build

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.county import reading, storing
from hzsubsidy_desktop.store import Store


@pytest.fixture(autouse=True)
def _fork(monkeypatch):
    # Worker processes forked from this one, so that what a test replaces holds in them too.
    monkeypatch.setattr(reading, "start_method", lambda: "fork")


def mixed_folder(tmp_path: Path) -> Path:
    """Good, suspected duplicate, conflict (an older revision after a newer one), a broken archive, a Word
    .docx, a county package and an identical re-send, named so that the folder's order is this one."""
    folder = tmp_path / "in"
    folder.mkdir()
    first = Enterprise(tmp_path / "a")
    older = first.send()
    shutil.copy(first.send(project__address="浙江省湖州市安吉县递铺街道昌硕路1号"), folder / "01-newer.hzsub")
    shutil.copy(older, folder / "02-older.hzsub")  # received after the newer: a conflict
    retyped = Enterprise(tmp_path / "b", doc_with(project__address="浙江省湖州市安吉县孝丰镇"))
    shutil.copy(retyped.send(), folder / "03-retyped.hzsub")  # same code and name, another submission
    (folder / "04-broken.hzsub").write_bytes(b"PK\x03\x04 not really a zip")
    copies(older, folder, 3, prefix="05-good-")
    build(folder / "06-手填.docx", doc_with(project__name="手填的跨境电商海外仓建设项目",
                                           enterprise__credit_code="91330523MA2B7Q6K1G"))
    anji, _ids = county_db(tmp_path / "anji.sqlite3", "安吉县", [
        doc_with(project__name="安吉项目甲跨境电商独立站", enterprise__credit_code="91330523MA2B7Q6K1G"),
        doc_with(project__name="安吉项目乙海外仓建设工程", enterprise__credit_code="91330523MA2B7Q6K1G"),
    ])
    cons.set_review(anji, _ids[0], "需修改", "请补充发票")
    shutil.copy(cons.pack_county(anji, tmp_path / "pack"), folder / "07-county.hzcounty")
    anji.close()
    shutil.copy(folder / "05-good-0001.hzsub", folder / "08-again.hzsub")  # identical re-send
    for e in (first, retyped):
        e.close()
    return folder


def stored(store: Store) -> list[tuple]:
    """Every column of every application, its document and its audit trail, without ids and times."""
    cur = store.conn.execute("SELECT * FROM applications ORDER BY rowid")
    columns = [c[0] for c in cur.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cur]
    number = {row["id"]: n for n, row in enumerate(rows)}
    out = []
    for row in rows:
        app_id = row["id"]
        kept = tuple((k, v) for k, v in row.items() if k not in ("id", "created_at", "updated_at", "duplicate_of"))
        def plain(value):  # an application's id as its number
            return number.get(value, value) if isinstance(value, str) else value

        audit = [(e.pointer, plain(e.old), plain(e.new), e.actor) for e in store.audit_trail(app_id)]
        out.append((dict(kept), number.get(row["duplicate_of"]), store.load(app_id), audit))
    return out


def run(store: Store, files: list[Path], **options) -> list[tuple[str, str, str]]:
    return [(o.path.name, o.status, o.message) for _path, found in cons.iter_import(store, files, **options)
            for o in found]


def test_the_pipeline_gives_the_same_outcomes_and_rows_as_reading_here(tmp_path):
    folder = mixed_folder(tmp_path)
    files = cons.collect_files([folder])
    results = {}
    for processes in (False, True):
        with Store(tmp_path / f"county-{processes}.sqlite3") as store:
            results[processes] = (run(store, files, processes=processes), stored(store))
    outcomes, rows = results[True]
    assert results[False] == (outcomes, rows)
    statuses = [(name, status) for name, status, _message in outcomes]
    assert statuses == [
        ("01-newer.hzsub", "imported"), ("02-older.hzsub", "conflict"), ("03-retyped.hzsub", "duplicate"),
        ("04-broken.hzsub", "rejected"), ("05-good-0001.hzsub", "imported"), ("05-good-0002.hzsub", "imported"),
        ("05-good-0003.hzsub", "imported"), ("06-手填.docx", "imported"), ("07-county.hzcounty", "imported"),
        ("07-county.hzcounty", "imported"), ("08-again.hzsub", "identical"),
    ]
    assert "不是有效的" in outcomes[3][2] or "无法" in outcomes[3][2], outcomes[3]
    assert "Word 手填附件3、附件4" in outcomes[7][2]
    assert len(rows) == 8 and {r[0]["status"] for r in rows} <= {"ready", "warning", "explain", "error"}
    assert [r[1] for r in rows].count(0) == 1  # the retyped copy waits as a duplicate of the first
    [package] = [r[0] for r in rows if r[0]["project_name"] == "安吉项目甲跨境电商独立站"]
    assert (package["county_review_state"], package["county_review_comment"], package["region_county"]) == (
        "需修改", "请补充发票", "安吉县")


def test_a_file_failing_inside_a_batch_leaves_the_others_imported_and_nothing_of_itself(tmp_path, monkeypatch):
    e = Enterprise(tmp_path / "e")
    folder = tmp_path / "in"
    files = copies(e.send(), folder, 6)
    e.close()
    (folder / "f0002.hzsub").write_bytes(b"not a zip at all")  # refused when read
    real_create = storing._create

    def create_then_fail(store, item, checked, stored=None):
        app_id = real_create(store, item, checked, stored)  # stored, then the file fails: its savepoint goes
        if item.doc["project"]["name"].endswith("（第0004号）"):
            raise RuntimeError("boom")
        return app_id

    monkeypatch.setattr(storing, "_create", create_then_fail)
    for processes in (False, True):
        with Store(tmp_path / f"c-{processes}.sqlite3") as store:
            outcomes = run(store, files, processes=processes)
            assert [s for _n, s, _m in outcomes] == ["imported", "rejected", "imported", "rejected", "imported",
                                                   "imported"]
            assert "意外错误（RuntimeError）" in outcomes[3][2] and "数据库未改动" in outcomes[3][2]
            names = sorted(s.project_name[-8:] for s in store.summaries())
            assert names == ["（第0001号）", "（第0003号）", "（第0005号）", "（第0006号）"]
            for table in ("field_values", "table_rows", "audit"):
                orphans = store.conn.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE application_id NOT IN (SELECT id FROM applications)"
                ).fetchone()[0]
                assert orphans == 0, table


@pytest.mark.timeout(60)  # a pool that hangs on a dead worker fails here instead of waiting
def test_a_worker_that_dies_costs_only_its_file_and_nothing_hangs(tmp_path, monkeypatch):
    e = Enterprise(tmp_path / "e")
    files = copies(e.send(), tmp_path / "in", 40)
    e.close()
    main = os.getpid()
    real = reading.read_file

    def die_on_the_seventh(path, read=None):
        if path.name == "f0007.hzsub" and os.getpid() != main:
            os._exit(9)  # as if killed (out of memory)
        return real(path, read)

    monkeypatch.setattr(reading, "read_file", die_on_the_seventh)
    with Store(tmp_path / "c.sqlite3") as store:
        outcomes = run(store, files, processes=True)
        assert [n for n, _s, _m in outcomes] == [p.name for p in files]
        lost = [(n, m) for n, s, m in outcomes if s != "imported"]
        assert lost == [("f0007.hzsub", reading.WORKER_DIED)]
        assert "未导入" in reading.WORKER_DIED
        assert len(store.summaries()) == 39


@pytest.mark.timeout(60)  # a pool that hangs on a dead worker fails here instead of waiting
def test_workers_that_cannot_run_here_leave_the_reading_to_this_process(tmp_path, monkeypatch):
    e = Enterprise(tmp_path / "e")
    files = copies(e.send(), tmp_path / "in", 20)
    e.close()
    main = os.getpid()
    real = reading._watch_parent

    def cannot_start():  # as a bundle whose workers cannot be started
        if os.getpid() != main:
            os._exit(3)
        real()

    monkeypatch.setattr(reading, "_watch_parent", cannot_start)
    with Store(tmp_path / "c.sqlite3") as store:
        outcomes = run(store, files, processes=True)
        assert [(n, s) for n, s, _m in outcomes] == [(p.name, "imported") for p in files]
        assert len(store.summaries()) == 20


def test_cancelling_commits_what_is_done_and_stops(tmp_path):
    e = Enterprise(tmp_path / "e")
    files = copies(e.send(), tmp_path / "in", 12)
    e.close()
    seen: list[Path] = []
    with Store(tmp_path / "c.sqlite3") as store:
        def stored_five() -> bool:  # asked between files: the clerk pressed 停止导入 after the fifth
            return store.conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] >= 5

        for path, found in cons.iter_import(store, files, processes=False, cancelled=stored_five):
            seen.append(path)
            assert [o.status for o in found] == ["imported"]
        assert seen == files[:5]
    with Store(tmp_path / "c.sqlite3") as store:  # committed: another connection sees them
        assert len(store.summaries()) == 5


def test_reading_ahead_is_bounded(tmp_path):
    e = Enterprise(tmp_path / "e")
    files = copies(e.send(), tmp_path / "in", 80)
    e.close()
    reader = reading.ProcessReader(files, workers=2)
    try:
        first = next(reader)
        assert first.path == files[0] and first.refused is None and first.checked[0][0] in ("ready", "warning")
        in_memory = len(reader._done) + sum(len(chunk) for chunk, _f, _a in reader._flight)
        assert in_memory <= 2 * reading.AHEAD * reading.CHUNK
        assert [r.path for r in reader] == files[1:]
    finally:
        reader.close()
