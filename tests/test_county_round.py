"""One county round end to end through the real command line (issue 10): after every step, the 附件5
row count and totals the clerk exports and each application's review state.

Enterprise files are made by the app itself (an enterprise database, ``pack``); everything on the
clerk's side runs as ``hzsubsidy`` subprocesses: import, review, decide, delete / restore,
consolidate, county-pack and the city's import.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import hostile_files as hostile
import pytest
from cli_helpers import ROOT, run_cli
from county_helpers import OTHER_CODE, OTHER_ENTERPRISE, OTHER_PROJECT, Enterprise, doc_with

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.values import credit_code

NAME = sample_application()["project"]["name"]
CODE = sample_application()["enterprise"]["credit_code"]
THIRD_CODE = credit_code.complete("91330523MA2B7Q7K0")
AGENCY_CODE = credit_code.complete("91330523MA2B7Q8K9")
FOURTH_CODE = credit_code.complete("91330523MA2B7Q9K8")


class Clerk:
    """The county clerk's database, driven through the command line only."""

    def __init__(self, db: Path, out: Path) -> None:
        self.db, self.out = db, out
        out.mkdir(parents=True, exist_ok=True)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = run_cli(*args, "--db", str(self.db)) if args[0] not in ("list", "delete", "restore") else \
            run_cli("--db", str(self.db), *args)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def list5(self) -> tuple[int, Decimal, str]:
        """(rows, 申请补助资金 total, stderr) of the 附件5 the clerk exports now."""
        result = self.run("consolidate", "--out", str(self.out / "附件5.xlsx"))
        assert result.returncode == 0, result.stderr
        count = int(re.search(r"附件5 清单（(\d+) 个项目）", result.stdout).group(1))
        total = re.search(r"申请补助资金[^ ]* ([\d.,]+) 万元", result.stdout)
        return count, Decimal(total.group(1).replace(",", "")) if total else Decimal(0), result.stderr

    def reviews(self) -> dict[str, tuple[str, str]]:
        """Review state and comment of every live application, by project name."""
        rows = json.loads(self.run("list", "--json").stdout or "[]")
        return {r["project_name"]: (r["review_state"], r["review_comment"]) for r in rows}

    def summaries(self) -> list[dict]:
        return json.loads(self.run("list", "--json").stdout or "[]")

    def id_of(self, name: str, **where: str) -> str:
        found = [r["id"] for r in self.summaries() if r["project_name"] == name
                 and all(r[k] == v for k, v in where.items())]
        assert len(found) == 1, (name, found)
        return found[0]


def _line(result: subprocess.CompletedProcess[str], file: Path) -> str:
    lines = [line for line in result.stdout.splitlines() if line.startswith(file.name)]
    assert len(lines) == 1, result.stdout
    return lines[0]


@pytest.fixture
def clerk(tmp_path: Path) -> Clerk:
    return Clerk(tmp_path / "county.sqlite3", tmp_path / "exports")


def test_a_county_round(tmp_path: Path, clerk: Clerk) -> None:
    a = Enterprise(tmp_path / "a")
    b = Enterprise(tmp_path / "b", doc_with(enterprise__credit_code=OTHER_CODE, enterprise__name=OTHER_ENTERPRISE,
                                            project__name=OTHER_PROJECT, project__subsidy_requested="80"))
    c = Enterprise(tmp_path / "c", doc_with(enterprise__credit_code=THIRD_CODE, enterprise__name="安吉云舟科技有限公司",
                                            project__name="安吉云舟跨境电商公共海外仓建设项目", project__subsidy_requested="60"))
    inbox = tmp_path / "inbox"
    a1, _b1, c1 = a.send(inbox), b.send(inbox), c.send(inbox)

    # 1. A first batch: three projects.
    first = clerk.run("import", str(inbox))
    assert first.returncode == 0, first.stdout + first.stderr
    assert clerk.list5()[:2] == (3, Decimal("290"))

    # 2. The same file again: skipped.
    again = clerk.run("import", str(a1))
    assert again.returncode == 0 and "相同，已跳过" in _line(again, a1)
    assert clerk.list5()[:2] == (3, Decimal("290"))

    # 3. A revision replaces the older one; the clerk reviews it.
    a2 = a.send(tmp_path / "a2", project__subsidy_requested="120")
    revised = clerk.run("import", str(a2))
    assert revised.returncode == 0 and "第2版替换了第1版" in _line(revised, a2)
    assert clerk.list5()[:2] == (3, Decimal("260"))
    assert clerk.run("review", clerk.id_of(NAME)[-8:], "需修改", "--comment", "请补充发票").returncode == 0
    assert clerk.reviews()[NAME] == ("需修改", "请补充发票")

    # 4. The same revision with other figures: a conflict, nothing replaced.
    (tmp_path / "conflict").mkdir()
    tampered = hostile.variant(a2, tmp_path / "conflict" / a2.name, members=lambda ms: {
        **ms, "application.json": ms["application.json"].replace(b'"120"', b'"130"')
    })
    conflict = clerk.run("import", str(tampered))
    assert conflict.returncode == 1 and "有冲突" in _line(conflict, tampered)
    assert "本年度申请补助资金（万元）：120.00 → 130.00" in conflict.stdout
    assert clerk.list5()[:2] == (3, Decimal("260"))

    # 5. An agency re-uses A's database for another client: A's submission id, another credit code.
    agency = a.copy_as(tmp_path / "agency", enterprise__credit_code=AGENCY_CODE,
                       enterprise__name="湖州某代理客户有限公司", project__name="湖州代理客户跨境电商独立站建设项目")
    copied = agency.send(tmp_path / "agency-out")
    for flag in ((), ("--replace",)):
        result = clerk.run("import", str(copied), *flag)
        assert result.returncode == 1 and "统一社会信用代码不同" in _line(result, copied), result.stdout
    assert clerk.reviews()[NAME] == ("需修改", "请补充发票")
    assert clerk.list5()[:2] == (3, Decimal("260"))

    # 6. Re-typed copies of A from other computers: suspected duplicates, counted once, named.
    retyped = tmp_path / "retyped"
    variants = {
        "trailing": {"project__name": NAME + " "}, "zero-width": {"project__name": NAME[:3] + "\u200b" + NAME[3:]},
        "ideographic": {"project__name": NAME + "\u3000"}, "nbsp": {"project__name": "\u00a0" + NAME},
        "lower": {"enterprise__credit_code": CODE.lower()},
        "full-width": {"enterprise__credit_code": "".join(chr(ord(ch) + 0xFEE0) for ch in CODE)},
    }
    for i, values in enumerate(variants.values()):
        copy = Enterprise(tmp_path / f"re{i}", doc_with(project__subsidy_requested="120", **values))
        copy.send(retyped / str(i), draft=True)
        copy.close()
    suspects = clerk.run("import", str(retyped))
    assert suspects.returncode == 1
    assert suspects.stdout.count(".hzsub：疑似重复。") == len(variants), suspects.stdout
    assert f"有 {len(variants)} 项疑似重复待决定" in suspects.stdout
    count, total, warning = clerk.list5()
    assert (count, total) == (3, Decimal("260")) and f"有 {len(variants)} 项疑似重复待决定" in warning
    cyrillic = Enterprise(tmp_path / "cyr", doc_with(enterprise__credit_code=CODE.replace("A", "А")))
    cyr = cyrillic.send(tmp_path / "cyr-out", draft=True)
    refused = clerk.run("import", str(cyr))
    assert refused.returncode == 1 and "西里尔字母“А”" in _line(refused, cyr)
    assert clerk.list5()[:2] == (3, Decimal("260"))

    # 7. The clerk decides: one is another project after all, the others are the same one.
    pending = re.findall(r"^    ([0-9a-f]{8}) ", suspects.stdout, flags=re.M)
    assert len(pending) == len(variants)
    assert clerk.run("decide", pending[0], "都保留").returncode == 0
    assert clerk.list5()[:2] == (4, Decimal("380"))
    for app in pending[1:]:
        assert clerk.run("decide", app, "只保留原").returncode == 0
    count, total, warning = clerk.list5()
    assert (count, total) == (4, Decimal("380")) and "疑似重复" not in warning
    assert clerk.run("decide", pending[0], "都保留").stdout.strip().endswith("不是待决定的疑似重复。")
    assert clerk.run("delete", pending[0]).returncode == 0  # the clerk changes their mind: one project after all
    assert clerk.list5()[:2] == (3, Decimal("260"))

    # 8. Trash, re-import, restore: never two live copies of one submission.
    c_id = clerk.id_of("安吉云舟跨境电商公共海外仓建设项目")
    assert clerk.run("delete", c_id[-8:]).returncode == 0
    assert clerk.list5()[:2] == (2, Decimal("200"))
    assert clerk.run("import", str(c1)).returncode == 0
    restored = clerk.run("restore", c_id[-8:])
    assert restored.returncode == 1 and "不能恢复" in restored.stderr
    assert clerk.list5()[:2] == (3, Decimal("260"))

    # 9. A folder with files that crash the readers in the middle: each file its own result.
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    d = Enterprise(tmp_path / "d", doc_with(enterprise__credit_code=FOURTH_CODE, enterprise__name="德清丝路有限公司",
                                            project__name="德清丝路跨境电商直播基地建设项目", project__subsidy_requested="40"))
    good = d.send(tmp_path / "d-out")
    manifest, members = hostile.read_members(good)
    text = json.dumps({**manifest, "revision": "HUGE"}, ensure_ascii=False).replace('"HUGE"', "9" * 5000)
    huge = hostile.build(mixed / "b_巨大整数.hzsub", text.encode(), members)
    twice = hostile.variant(good, mixed / "c_重复键.hzsub", members=lambda ms: {
        **ms, "application.json": ms["application.json"].replace(b'"form_id"', b'"form_id": "x", "form_id"', 1)
    })
    (mixed / "d_good.hzsub").write_bytes(good.read_bytes())
    (mixed / "a_empty.hzsub").write_bytes(b"")
    batch = clerk.run("import", str(mixed))
    assert batch.returncode == 1
    files = [line.split("：")[0] for line in batch.stdout.splitlines() if ".hzsub：" in line]
    assert files == ["a_empty.hzsub", "b_巨大整数.hzsub", "c_重复键.hzsub", "d_good.hzsub"], batch.stdout
    assert "已拒收" in _line(batch, huge) and "已拒收" in _line(batch, twice)
    assert "已导入" in _line(batch, mixed / "d_good.hzsub")
    assert clerk.list5()[:2] == (4, Decimal("300"))

    # 10. The county package for the city: 退回 left out, the county's review travels.
    assert clerk.run("review", clerk.id_of(OTHER_PROJECT)[-8:], "退回", "--comment", "不符合条件").returncode == 0
    assert clerk.run("county", "--county", "安吉县").returncode == 0
    packed = clerk.run("county-pack", "--out", str(tmp_path / "to-city"))
    assert packed.returncode == 0 and "（3 个项目）" in packed.stdout, packed.stdout
    city = Clerk(tmp_path / "city.sqlite3", tmp_path / "city-exports")
    arrived = city.run("import", str(tmp_path / "to-city"))
    assert arrived.returncode == 0, arrived.stdout
    assert city.list5()[:2] == (3, Decimal("220"))
    rows = {r["project_name"]: r for r in city.summaries()}
    assert (rows[NAME]["review_state"], rows[NAME]["county_review_state"], rows[NAME]["county_review_comment"],
            rows[NAME]["county_review_county"]) == ("待审核", "需修改", "请补充发票", "安吉县")
    assert OTHER_PROJECT not in rows
    again = city.run("import", str(tmp_path / "to-city"))
    assert again.returncode == 0 and again.stdout.count("相同，已跳过") == 3
    assert city.list5()[:2] == (3, Decimal("220"))
    for e in (a, b, c, d, agency, cyrillic):
        e.close()


def test_output_piped_to_head_ends_quietly(tmp_path: Path, clerk: Clerk) -> None:
    inbox = tmp_path / "inbox"
    for i in range(30):
        e = Enterprise(tmp_path / f"e{i}", doc_with(project__name=f"项目{i:02d}号跨境电商独立站建设工程",
                                                    enterprise__credit_code=CODE))
        e.send(inbox)
        e.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    command = f"{sys.executable} -m hzsubsidy_desktop import --db {clerk.db} {inbox} | head -1"
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env, timeout=300)
    assert result.stdout.count("\n") == 1 and "已导入" in result.stdout
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr


def test_a_full_disk_stops_the_batch_names_what_was_imported_and_loses_nothing(tmp_path: Path, clerk: Clerk) -> None:
    """The disk fills up during the import (simulated by a file size limit on the process: SQLite then
    cannot grow its files, as on a full disk)."""
    import resource
    import signal

    inbox = tmp_path / "inbox"
    for i in range(6):
        e = Enterprise(tmp_path / f"e{i}", doc_with(project__name=f"项目{i:02d}号跨境电商独立站建设工程"))
        e.send(inbox)
        e.close()

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    stopped = subprocess.run(
        [sys.executable, "-m", "hzsubsidy_desktop", "import", "--db", str(clerk.db), str(inbox)],
        capture_output=True, text=True, encoding="utf-8", env=env, preexec_fn=small_disk, timeout=300,
    )
    assert stopped.returncode == 2, stopped.stdout + stopped.stderr
    assert "Traceback" not in stopped.stderr and "Exception ignored" not in stopped.stderr
    assert "导入中断：写入数据库时出错（磁盘已满" in stopped.stderr
    imported = [line.split("：")[0] for line in stopped.stdout.splitlines() if "：已导入" in line]
    assert 1 <= len(imported) < 6
    assert f"其中已导入（保存）的 {len(imported)} 个：{'、'.join(sorted(imported))}" in stopped.stderr
    # Nothing half-written: what was reported is there, and the next run imports the rest.
    assert clerk.list5()[0] == len(imported)
    rest = clerk.run("import", str(inbox))
    assert rest.returncode == 0 and rest.stdout.count("相同，已跳过") == len(imported)
    assert clerk.list5()[0] == 6


def test_exports_on_a_full_disk_say_so_without_a_traceback(tmp_path: Path, clerk: Clerk) -> None:
    """Word and Excel writers (python-docx, openpyxl/lxml) failing mid-file on a full disk: one Chinese line,
    no "Exception ignored" from their half-written zip files, nothing left behind."""
    import resource
    import signal

    inbox = tmp_path / "inbox"
    for i in range(12):
        e = Enterprise(tmp_path / f"e{i}", doc_with(project__name=f"项目{i:02d}号跨境电商独立站建设工程"))
        e.send(inbox)
        e.close()
    assert clerk.run("import", str(inbox)).returncode == 0
    sample = tmp_path / "sample.json"
    assert run_cli("sample", "--out", str(sample)).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    out = tmp_path / "out"
    out.mkdir()
    commands = (
        ["export", str(sample), "--out", str(out)],
        ["consolidate", "--db", str(clerk.db), "--out", str(out / "附件5.xlsx"), "--docx", str(out / "附件5.docx")],
    )
    failed = 0
    for limit in (6_000, 40_000, 70_000):
        def small_disk(limit: int = limit) -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        for command in commands:
            result = subprocess.run([sys.executable, "-m", "hzsubsidy_desktop", *command], capture_output=True,
                                    text=True, encoding="utf-8", env=env, preexec_fn=small_disk, timeout=300)
            assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
            if result.returncode:
                failed += 1
                assert result.returncode == 2 and "hzsubsidy：" in result.stderr, result.stderr
                assert "失败" in result.stderr or "写入数据库时出错" in result.stderr, result.stderr
    assert failed >= 4
    assert not [p.name for p in out.iterdir() if p.name.startswith(".~")]
