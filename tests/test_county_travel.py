"""The county's decisions on suspected duplicates and its paper checks travel to the city in the county
package (.hzcounty), through the real command line: the city counts what the county decided, sees what
it checked, and still sees every duplicate across counties.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import hostile_files as hostile
import pytest
from corpus.generate import TRAVEL_CASES, _travel_cases
from county_helpers import Enterprise, doc_with
from test_county_round import Clerk
from test_paper_codes import _printed, page_image

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values import credit_code

NAME = sample_application()["project"]["name"]
AGENCY_CODE = credit_code.complete("91330523MA2B7Q8K9")
PENDING = re.compile(r"^    ([0-9a-f]{8}) ", flags=re.M)


def _county(tmp_path: Path, name: str, county: str) -> Clerk:
    clerk = Clerk(tmp_path / f"{name}.sqlite3", tmp_path / f"{name}-exports")
    assert clerk.run("county", "--county", county).returncode == 0
    return clerk


def _only(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


def _without_travel(package: Path, dst: Path) -> Path:
    """The same county package as a version without decisions and paper checks would have written it."""
    manifest, members = hostile.read_members(package)
    dst.parent.mkdir(parents=True, exist_ok=True)
    for entry in manifest["applications"]:
        entry.pop("duplicate_decisions", None)
        entry.pop("paper_check", None)
    return hostile.build(dst, json.dumps(manifest, ensure_ascii=False).encode("utf-8"), members)


def test_keep_both_and_the_paper_check_travel_to_the_city(tmp_path: Path) -> None:
    a = Enterprise(tmp_path / "a")
    codes = _printed(a, 2)
    a.send(tmp_path / "in" / "a")
    b = Enterprise(tmp_path / "b", doc_with(project__subsidy_requested="80"))  # same name, another project
    b_codes = _printed(b, 1)
    b.send(tmp_path / "in" / "b")

    # 1. At the county: the second is a suspected duplicate; the clerk keeps both and checks A's paper.
    anji = _county(tmp_path, "anji", "安吉县")
    imported = anji.run("import", str(tmp_path / "in"))
    assert imported.returncode == 1 and "疑似重复" in imported.stdout
    assert anji.list5()[:2] == (1, Decimal("150"))
    b_short = _only(PENDING.findall(imported.stdout))
    assert anji.run("decide", b_short, "都保留").returncode == 0
    assert anji.list5()[:2] == (2, Decimal("230"))
    a_id = _only([r["id"] for r in anji.summaries() if not r["id"].endswith(b_short)])  # short ids: the last 8
    scans = []
    for code in codes:
        scans.append(tmp_path / "scans" / f"page{code.page}.png")
        scans[-1].parent.mkdir(exist_ok=True)
        page_image(code).save(scans[-1])
    checked = anji.run("verify-scan", "--app", a_id[-8:], *map(str, scans))
    assert checked.returncode == 0 and "共 2 页：2 页与导入版本一致" in checked.stdout, checked.stdout
    as_files = anji.run("verify-scan", *map(str, scans))
    as_folder = anji.run("verify-scan", str(tmp_path / "scans"))  # the scanner's folder: the same pages
    assert "共 2 页" in as_folder.stdout and as_folder.stdout == as_files.stdout, as_folder.stdout + as_folder.stderr
    (tmp_path / "empty").mkdir()
    nothing = anji.run("verify-scan", str(tmp_path / "empty"))
    assert nothing.returncode == 2 and "中没有扫描件" in nothing.stderr
    packed = anji.run("county-pack", "--out", str(tmp_path / "to-city"))
    assert packed.returncode == 0 and "（2 个项目）" in packed.stdout, packed.stdout
    [package] = (tmp_path / "to-city").iterdir()
    sids = {r["id"]: r["submission_id"] for r in anji.summaries()}

    # 2. At the city: both counted, no pending duplicate; the decision and the paper check are shown.
    city = _county(tmp_path, "city", "湖州市")
    arrived = city.run("import", str(package))
    assert arrived.returncode == 0, arrived.stdout
    assert "安吉县已于" in arrived.stdout and "都保留，按两个项目计算" in arrived.stdout
    assert "疑似重复" not in arrived.stdout
    count, total, warning = city.list5()
    assert (count, total) == (2, Decimal("230")) and "疑似重复" not in warning
    at_city = {r["submission_id"]: r["id"] for r in city.summaries()}
    city_a = at_city[sids[a_id]]
    city_b = at_city[_only([sid for app, sid in sids.items() if app != a_id])]
    shown_a = city.run("show", city_a[-8:], "--review")
    assert shown_a.returncode == 0
    assert "安吉县的纸面核对" in shown_a.stdout and "共 2 页：2 页与导入版本一致。（只读）" in shown_a.stdout
    assert "都保留，按两个项目计算（只读）" in shown_a.stdout and city_b[-8:] in shown_a.stdout
    shown_b = city.run("show", city_b[-8:], "--review")
    assert "安吉县的疑似重复决定" in shown_b.stdout and city_a[-8:] in shown_b.stdout
    assert "纸面核对" not in shown_b.stdout  # B's paper was never checked
    history = city.run("history", city_a[-8:])
    assert "#county_paper_check" in history.stdout and "#county_decisions" in history.stdout, history.stdout
    again = city.run("import", str(package))
    assert again.returncode == 0 and again.stdout.count("相同，已跳过") == 2
    assert city.list5()[:2] == (2, Decimal("230"))
    # The county checks B's paper after sending: its next package brings the check, nothing else changes.
    page_image(b_codes[0]).save(tmp_path / "b1.png")
    assert anji.run("verify-scan", "--app", b_short, str(tmp_path / "b1.png")).returncode == 0
    assert anji.run("county-pack", "--out", str(tmp_path / "to-city-2")).returncode == 0
    later = city.run("import", str(tmp_path / "to-city-2"))
    assert later.returncode == 0 and later.stdout.count("相同，已跳过") == 2, later.stdout
    assert later.stdout.count("安吉县的纸面核对已记录") == 1
    assert "共 1 页：1 页与导入版本一致。（只读）" in city.run("show", city_b[-8:], "--review").stdout
    assert city.list5()[:2] == (2, Decimal("230"))

    # 3. Another county has its own re-typed copy of A and kept both there: at the city it is still a
    #    suspected duplicate of A (a county's decision never covers another county's application).
    c = Enterprise(tmp_path / "c", doc_with(project__subsidy_requested="60"))
    c.send(tmp_path / "in2" / "c")
    (tmp_path / "in2" / "a").mkdir()
    for sent in (tmp_path / "in" / "a").iterdir():
        (tmp_path / "in2" / "a" / sent.name).write_bytes(sent.read_bytes())
    deqing = _county(tmp_path, "deqing", "德清县")
    there = deqing.run("import", str(tmp_path / "in2"))
    for pending in PENDING.findall(there.stdout):
        assert deqing.run("decide", pending, "都保留").returncode == 0
    assert deqing.list5()[:2] == (2, Decimal("210"))
    assert deqing.run("county-pack", "--out", str(tmp_path / "from-deqing")).returncode == 0
    crossed = city.run("import", str(tmp_path / "from-deqing"))
    assert crossed.returncode == 1 and "疑似重复" in crossed.stdout, crossed.stdout
    count, total, warning = city.list5()
    assert (count, total) == (2, Decimal("230")) and "有 1 项疑似重复待决定" in warning

    # 4. A package of an older version (no decisions, no paper checks) imports as before: the pair waits for
    #    the city; the same county's newer package then settles it by the county's decision.
    old = _without_travel(package, tmp_path / "old" / package.name)
    elder = _county(tmp_path, "elder", "湖州市")
    first = elder.run("import", str(old))
    assert first.returncode == 1 and "疑似重复" in first.stdout
    assert elder.list5()[:2] == (1, Decimal("150"))
    settled = elder.run("import", str(package))
    assert settled.returncode == 0 and "都保留，按两个项目计算" in settled.stdout, settled.stdout
    count, total, warning = elder.list5()
    assert (count, total) == (2, Decimal("230")) and "疑似重复" not in warning
    for e in (a, b, c):
        e.close()


def test_one_kept_at_the_county_removes_the_superseded_copy_the_city_had(tmp_path: Path) -> None:
    """The city has A from the county's earlier package; the county then kept B instead of A: the city's
    copy of A goes to the trash (restorable) and B counts, once."""
    a = Enterprise(tmp_path / "a")
    b = Enterprise(tmp_path / "b", doc_with(project__subsidy_requested="80"))
    county, city = Store(tmp_path / "county.sqlite3"), Store(tmp_path / "city.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    cons.import_files(county, [a.send()])
    early = cons.pack_county(county, tmp_path / "early")
    assert [o.status for o in cons.import_files(city, [early])] == ["imported"]
    [outcome] = cons.import_files(county, [b.send()])
    assert outcome.status == "duplicate"
    cons.decide_duplicate(county, outcome.app_id, "this")
    late = cons.pack_county(county, tmp_path / "late")
    [arrived] = cons.import_files(city, [late])
    assert arrived.status == "imported" and "只保留这一份" in arrived.message and "已移入回收站" in arrived.message
    assert [r.app_id for r in cons.project_rows(city)] == [arrived.app_id]
    assert not cons.pending_duplicates(city)
    [trashed] = city.summaries(deleted=True)
    assert trashed.project_name == NAME and trashed.submission_id == county.summaries(deleted=True)[0].submission_id
    assert any("只保留这一份" in line for line in cons.decisions.county_lines(city, arrived.app_id))
    for e in (a, b):
        e.close()
    county.close()
    city.close()


def test_keep_both_holds_whichever_of_the_pair_the_city_receives_first(tmp_path: Path) -> None:
    a = Enterprise(tmp_path / "a")
    b = Enterprise(tmp_path / "b", doc_with(project__subsidy_requested="80"))
    county = Store(tmp_path / "county.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    cons.import_files(county, [a.send()])
    [pending] = cons.import_files(county, [b.send()])
    cons.decide_duplicate(county, pending.app_id, "both")
    package = cons.pack_county(county, tmp_path / "to-city")
    manifest, members = hostile.read_members(package)
    manifest["applications"].reverse()  # the suspected duplicate first
    (tmp_path / "reordered").mkdir()
    reordered = hostile.build(tmp_path / "reordered" / package.name,
                              json.dumps(manifest, ensure_ascii=False).encode("utf-8"), members)
    city = Store(tmp_path / "city.sqlite3")
    arrived = cons.import_files(city, [reordered])
    assert [o.status for o in arrived] == ["imported", "imported"]
    assert arrived[0].app_id and "都保留" not in arrived[0].message and "都保留，按两个项目计算" in arrived[1].message
    assert len(cons.project_rows(city)) == 2 and not cons.pending_duplicates(city)
    for e in (a, b):
        e.close()
    county.close()
    city.close()


def test_an_agency_copy_kept_as_another_project_stays_one_at_the_city_too(tmp_path: Path) -> None:
    """The county kept both sides of a conflict (an agency re-used enterprise A's file for another client,
    same submission id, another credit code): at the city the copy is imported beside A, not a conflict;
    from an older package it is a conflict as before."""
    a = Enterprise(tmp_path / "a")
    a.send()
    agency = a.copy_as(tmp_path / "agency", enterprise__credit_code=AGENCY_CODE, enterprise__name="湖州某代理客户有限公司",
                       project__name="湖州代理客户跨境电商独立站建设项目")
    county = Store(tmp_path / "county.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    cons.import_files(county, [a.base / "sent1"])
    [conflict] = cons.import_files(county, [agency.send()])
    assert conflict.status == "conflict" and conflict.other_enterprise
    cons.keep_both(county, conflict)
    package = cons.pack_county(county, tmp_path / "to-city")
    old_city = Store(tmp_path / "old-city.sqlite3")
    older = _without_travel(package, tmp_path / "old" / package.name)
    assert [o.status for o in cons.import_files(old_city, [older])] == ["imported", "conflict"]
    city = Store(tmp_path / "city.sqlite3")
    arrived = cons.import_files(city, [package])
    assert [o.status for o in arrived] == ["imported", "imported"], [o.message for o in arrived]
    assert "都保留，按两个项目计算" in arrived[1].message
    assert sorted(r.texts["project_name"] for r in cons.project_rows(city)) == sorted([NAME, "湖州代理客户跨境电商独立站建设项目"])
    for e in (a, agency):
        e.close()
    for store in (county, old_city, city):
        store.close()


def test_a_paper_check_of_an_older_revision_says_so_at_the_city(tmp_path: Path) -> None:
    from hzsubsidy_desktop.workspace import Workspace

    a = Enterprise(tmp_path / "a")
    [code] = _printed(a, 1)
    county = Store(tmp_path / "county.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    [first] = cons.import_files(county, [a.send()])
    page_image(code).save(tmp_path / "p1.png")
    ws = Workspace(county, actor="clerk")
    ws.record_paper_check(first.app_id, ws.verify_scans([tmp_path / "p1.png"], first.app_id))
    city = Store(tmp_path / "city.sqlite3")
    [arrived] = cons.import_files(city, [cons.pack_county(county, tmp_path / "p1")])
    [line] = [x for x in cons.decisions.county_lines(city, arrived.app_id) if "纸面核对" in x]
    assert line.endswith("：共 1 页：1 页与导入版本一致。（只读）") and "请重新核对" not in line
    [second] = cons.import_files(county, [a.send(project__subsidy_requested="120")])  # revision 2 replaces 1
    assert second.status == "replaced"
    [again] = cons.import_files(city, [cons.pack_county(county, tmp_path / "p2")])
    assert again.status == "replaced" and again.app_id == arrived.app_id
    [line] = [x for x in cons.decisions.county_lines(city, arrived.app_id) if "纸面核对" in x]
    assert "核对的是第 1 版，现为第 2 版，请重新核对" in line
    a.close()
    county.close()
    city.close()


def test_a_malformed_decision_or_paper_check_refuses_the_package_and_changes_nothing(tmp_path: Path) -> None:
    sent = Enterprise(tmp_path / "a")
    genuine = sent.send()
    sent.close()
    city = Store(tmp_path / "city.sqlite3")
    for (name, build, phrase, _description), case in zip(_travel_cases(genuine, tmp_path), TRAVEL_CASES, strict=True):
        package = build(tmp_path / f"{name}.hzcounty")
        with pytest.raises(SubmissionRejected) as refused:
            cons.read_county_package(package)
        assert phrase in refused.value.message and "第1个申报" in refused.value.message, (case, refused.value.message)
        [outcome] = cons.import_files(city, [package])
        assert outcome.status == "rejected" and phrase in outcome.message
        assert city.summaries() == [] and city.summaries(deleted=True) == []
    city.close()


def test_a_long_paper_check_still_travels(tmp_path: Path) -> None:
    """The county's check of an old revision can list hundreds of changed fields with long texts: the package
    carries it cut to what a package may hold, rather than being refused at the city as tampered."""
    a = Enterprise(tmp_path / "a")
    county = Store(tmp_path / "county.sqlite3")
    cons.set_county_settings(county, {"county": "安吉县"})
    [first] = cons.import_files(county, [a.send()])
    lines = [f"第{k}页：项目建设内容：{'旧' * 900} → {'新' * 900}" for k in range(1, 600)]
    county.record_paper_check(first.app_id, {"at": "2026-11-30T10:00:00+08:00", "summary": "共 599 页：599 页是旧版本。",
                                             "all_match": False, "lines": lines, "revision": 1})
    city = Store(tmp_path / "city.sqlite3")
    [arrived] = cons.import_files(city, [cons.pack_county(county, tmp_path / "p1")])
    assert arrived.status == "imported", arrived.message
    shown = cons.decisions.county_lines(city, arrived.app_id)
    assert any("共 599 页：599 页是旧版本。" in x for x in shown)
    assert any("另有 200 行未随汇总包发送" in x for x in shown)
    a.close()
    county.close()
    city.close()
