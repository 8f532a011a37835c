"""A county's removals travel to the city in the county package (.hzcounty), through the real command line:
what the county deleted or returned after sending it leaves the city's 附件5 (to the trash, restorable), only
the copy that is exactly that application, and comes back when the county lists it again; an older package
imported after a newer one changes nothing.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import hostile_files as hostile
import pytest
from corpus.generate import REMOVAL_CASES, _removal_cases
from county_helpers import OTHER_CODE, OTHER_ENTERPRISE, OTHER_PROJECT, Enterprise, doc_with
from test_county_round import Clerk

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.store import Store


def _clerk(tmp_path: Path, name: str, county: str) -> Clerk:
    clerk = Clerk(tmp_path / f"{name}.sqlite3", tmp_path / f"{name}-exports")
    assert clerk.run("county", "--county", county).returncode == 0
    return clerk


def _pack(clerk: Clerk, out: Path) -> Path:
    packed = clerk.run("county-pack", "--out", str(out))
    assert packed.returncode == 0, packed.stdout + packed.stderr
    [package] = out.iterdir()
    return package


def _removed(package: Path) -> list[dict]:
    manifest, _members = hostile.read_members(package)
    return manifest["removed"]


def _two_enterprises(tmp_path: Path) -> tuple[Enterprise, Enterprise, Path]:
    a = Enterprise(tmp_path / "a")
    a.send(tmp_path / "in" / "a")
    b = Enterprise(tmp_path / "b", doc_with(project__name=OTHER_PROJECT, enterprise__credit_code=OTHER_CODE,
                                            enterprise__name=OTHER_ENTERPRISE, project__subsidy_requested="80"))
    b.send(tmp_path / "in" / "b")
    return a, b, tmp_path / "in"


def test_a_deletion_at_the_county_reaches_the_city_and_a_restore_brings_it_back(tmp_path: Path) -> None:
    a, b, sent = _two_enterprises(tmp_path)
    anji = _clerk(tmp_path, "anji", "安吉县")
    assert anji.run("import", str(sent)).returncode == 0
    first = _pack(anji, tmp_path / "p1")
    assert _removed(first) == []
    b_county = anji.id_of(OTHER_PROJECT)

    # The city imports the first package: both counted.
    city = _clerk(tmp_path, "city", "湖州市")
    assert city.run("import", str(first)).returncode == 0
    assert city.list5()[:2] == (2, Decimal("230"))
    b_city = city.id_of(OTHER_PROJECT)

    # Another city database already has B from 德清县 (the same file): a copy of another county.
    deqing = _clerk(tmp_path, "deqing", "德清县")
    assert deqing.run("import", str(sent / "b")).returncode == 0
    other = _clerk(tmp_path, "other", "湖州市")
    assert other.run("import", str(_pack(deqing, tmp_path / "dq"))).returncode == 0
    assert other.run("import", str(first)).returncode == 0
    assert other.list5()[:2] == (2, Decimal("230"))

    # 1. The county deletes B (the enterprise withdrew) and packs again: the package says so.
    assert anji.run("delete", b_county[-8:]).returncode == 0
    second = _pack(anji, tmp_path / "p2")
    [removed] = _removed(second)
    assert removed["reason"] == "deleted" and removed["project_name"] == OTHER_PROJECT
    assert removed["county"] == "安吉县" and removed["credit_code"] == OTHER_CODE

    # 2. The city imports it: B leaves 附件5 for the trash, with the reason in the line and the record.
    arrived = city.run("import", str(second))
    assert arrived.returncode == 0, arrived.stdout
    assert f"{OTHER_PROJECT}：安吉县已删除该项目，不再计入，已移入回收站（可恢复）。" in arrived.stdout
    assert "县级已删除或退回、移入回收站 1" in arrived.stdout
    assert city.list5()[:2] == (1, Decimal("150"))
    trash = city.run("list", "--trash")
    assert b_city[-8:] in trash.stdout and OTHER_PROJECT in trash.stdout
    shown = city.run("show", b_city[-8:], "--review")
    assert "安吉县" in shown.stdout and "已删除该项目，已移入回收站（只读）" in shown.stdout, shown.stdout
    assert "county_removed" in city.run("history", b_city[-8:]).stdout
    again = city.run("import", str(second))
    assert again.returncode == 0 and "回收站" not in again.stdout and city.list5()[:2] == (1, Decimal("150"))

    # 3. Another county's copy of B is never touched by 安吉县's removal.
    crossed = other.run("import", str(second))
    assert crossed.returncode == 0 and "已删除该项目" not in crossed.stdout, crossed.stdout
    assert other.list5()[:2] == (2, Decimal("230"))

    # 4. The first package imported again after the second: refused, B stays in the trash.
    stale = city.run("import", str(first))
    assert stale.returncode == 1 and "生成的更新的汇总包" in stale.stdout and "未导入" in stale.stdout, stale.stdout
    assert city.list5()[:2] == (1, Decimal("150"))
    assert b_city[-8:] in city.run("list", "--trash").stdout

    # 5. The county restores B and packs: the city restores its copy (the same application, with its history).
    assert anji.run("restore", b_county[-8:]).returncode == 0
    third = _pack(anji, tmp_path / "p3")
    assert _removed(third) == []
    back = city.run("import", str(third))
    assert back.returncode == 0, back.stdout
    assert f"{OTHER_PROJECT}：安吉县重新列入该项目，已从回收站恢复（内容与原有的相同）。" in back.stdout
    assert city.list5()[:2] == (2, Decimal("230"))
    assert city.id_of(OTHER_PROJECT) == b_city and "回收站为空" in city.run("list", "--trash").stdout
    assert "已删除该项目" not in city.run("show", b_city[-8:], "--review").stdout

    # 6. Now the second package is the older one: refused, B stays counted.
    late = city.run("import", str(second))
    assert late.returncode == 1 and "生成的更新的汇总包" in late.stdout
    assert city.list5()[:2] == (2, Decimal("230"))
    for e in (a, b):
        e.close()


def test_returned_after_the_city_received_it(tmp_path: Path) -> None:
    """退回 at the county after the city received the project: the package (without 退回 projects) says
    so; the city trashes its copy with the county's comment, and takes it back once the county passes it."""
    a, b, sent = _two_enterprises(tmp_path)
    anji = _clerk(tmp_path, "anji", "安吉县")
    assert anji.run("import", str(sent)).returncode == 0
    city = _clerk(tmp_path, "city", "湖州市")
    assert city.run("import", str(_pack(anji, tmp_path / "p1"))).returncode == 0
    b_county, b_city = anji.id_of(OTHER_PROJECT), city.id_of(OTHER_PROJECT)

    assert anji.run("review", b_county[-8:], "退回", "--comment", "企业主动撤回").returncode == 0
    returned = _pack(anji, tmp_path / "p2")
    [removed] = _removed(returned)
    assert removed["reason"] == "returned" and removed["comment"] == "企业主动撤回"
    arrived = city.run("import", str(returned))
    assert "安吉县已退回该项目（企业主动撤回），不再计入，已移入回收站（可恢复）。" in arrived.stdout, arrived.stdout
    assert city.list5()[:2] == (1, Decimal("150"))
    shown = city.run("show", b_city[-8:], "--review").stdout
    assert "安吉县的审核（退回" in shown and "已退回该项目：企业主动撤回" in shown, shown

    # Packed with the 退回 projects (asked for): B travels with its review, nothing is removed.
    included = anji.run("county-pack", "--out", str(tmp_path / "p3"), "--include-returned")
    assert included.returncode == 0
    [with_returned] = (tmp_path / "p3").iterdir()
    assert _removed(with_returned) == []

    assert anji.run("review", b_county[-8:], "已通过").returncode == 0
    passed = city.run("import", str(_pack(anji, tmp_path / "p4")))
    assert "重新列入该项目，已从回收站恢复" in passed.stdout and "县级审核已更新为“已通过”" in passed.stdout, passed.stdout
    assert city.list5()[:2] == (2, Decimal("230"))

    # Returned again; this time the city clerk restores it by hand: the next package does not trash it again.
    assert anji.run("review", b_county[-8:], "退回", "--comment", "材料不全").returncode == 0
    assert "已退回该项目（材料不全）" in city.run("import", str(_pack(anji, tmp_path / "p5"))).stdout
    assert city.run("restore", b_city[-8:]).returncode == 0
    kept = city.run("import", str(_pack(anji, tmp_path / "p6")))
    assert kept.returncode == 0 and "回收站" not in kept.stdout, kept.stdout
    assert city.list5()[:2] == (2, Decimal("230"))
    assert "已退回该项目：材料不全，设区市已从回收站恢复，照常计入（只读）" in city.run("show", b_city[-8:], "--review").stdout
    for e in (a, b):
        e.close()


def test_only_the_exact_copy_is_removed_and_older_packages_import_as_before(tmp_path: Path) -> None:
    """The enterprise's own application with the same submission id, in the same database, stays; a package
    written before removals travelled (no ``removed``) imports as before; so does one from another county."""
    b = Enterprise(tmp_path / "b", doc_with(project__name=OTHER_PROJECT, enterprise__credit_code=OTHER_CODE,
                                            enterprise__name=OTHER_ENTERPRISE))
    county = Store(tmp_path / "county.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    [imported] = cons.import_files(county, [b.send()])
    first = cons.pack_county(county, tmp_path / "p1")
    # Both roles in one database: the enterprise's own application and the county's copy of it.
    assert [o.status for o in cons.import_files(b.store, [first])] == ["imported"]
    county.delete(imported.app_id, actor="clerk")
    second = cons.pack_county(county, tmp_path / "p2")
    [outcome] = cons.import_files(b.store, [second])
    assert outcome.status == "removed" and "安吉县已删除该项目" in outcome.message
    assert [s.origin for s in b.store.summaries()] == ["local"]  # the enterprise's own stays

    manifest, members = hostile.read_members(second)
    manifest.pop("removed")
    (tmp_path / "old").mkdir()
    old = hostile.build(tmp_path / "old" / second.name, json.dumps(manifest, ensure_ascii=False).encode(), members)
    fresh = Store(tmp_path / "fresh.sqlite3")
    assert [o.status for o in cons.import_files(fresh, [first])] == ["imported"]
    assert cons.import_files(fresh, [old]) == []  # nothing in it, nothing removed: as before
    assert len(cons.project_rows(fresh)) == 1
    for store in (county, fresh):
        store.close()
    b.close()


def test_a_malformed_removal_list_refuses_the_package_and_changes_nothing(tmp_path: Path) -> None:
    sent = Enterprise(tmp_path / "a")
    genuine = sent.send()
    sent.close()
    city = Store(tmp_path / "city.sqlite3")
    for (name, build, phrase, _description), case in zip(_removal_cases(genuine, tmp_path), REMOVAL_CASES,
                                                          strict=True):
        package = build(tmp_path / f"{name}.hzcounty")
        with pytest.raises(SubmissionRejected) as refused:
            cons.read_county_package(package)
        assert phrase in refused.value.message and "（removed）" in refused.value.message, (case, refused.value.message)
        [outcome] = cons.import_files(city, [package])
        assert outcome.status == "rejected" and phrase in outcome.message
        assert city.summaries() == [] and city.summaries(deleted=True) == []
        assert city.conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'county_package_seen/%'").fetchone() == (0,)
    city.close()


def test_the_removal_list_reaches_the_import_through_the_reading_workers(tmp_path: Path) -> None:
    """Many files are read in worker processes: what a package says about itself travels back with it."""
    from hzsubsidy_desktop.county.importing import iter_import

    a, b, sent = _two_enterprises(tmp_path)
    county = Store(tmp_path / "county.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    found = cons.import_files(county, [sent])
    first = cons.pack_county(county, tmp_path / "p1")
    county.delete(next(o.app_id for o in found if o.project_name == OTHER_PROJECT), actor="clerk")
    second = cons.pack_county(county, tmp_path / "p2")
    city = Store(tmp_path / "city.sqlite3")
    outcomes = [o for _path, found in iter_import(city, [first, second], processes=True) for o in found]
    assert [o.status for o in outcomes] == ["imported", "imported", "identical", "removed"]
    assert [r.values["project_name"] for r in cons.project_rows(city)] == [sample_application()["project"]["name"]]
    for closing in (county, city, a, b):
        closing.close()
