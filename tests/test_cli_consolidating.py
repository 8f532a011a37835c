"""The sending and consolidating commands, run as a clerk would: subprocess, exit codes, Chinese lines."""

from __future__ import annotations

import json

from cli_helpers import run_cli
from openpyxl import load_workbook

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.store import Store


def test_enterprise_packs_then_clerk_imports_reviews_and_exports(tmp_path):
    sample = tmp_path / "申报.json"
    sample.write_text(json.dumps(sample_application(), ensure_ascii=False), encoding="utf-8")
    enterprise_db, clerk_db = tmp_path / "enterprise.sqlite3", tmp_path / "clerk.sqlite3"

    first = run_cli("pack", str(sample), "--out", str(tmp_path / "out"), "--db", str(enterprise_db))
    assert first.returncode == 0, first.stderr
    assert "已生成报送文件（第1版）" in first.stdout
    again = run_cli("pack", str(sample), "--out", str(tmp_path / "out"), "--db", str(enterprise_db))
    assert "已生成报送文件（第2版）" in again.stdout  # the same application, sent again
    [packed] = list((tmp_path / "out").glob("*.hzsub"))

    (tmp_path / "out" / "坏文件.hzsub").write_text("不是压缩包", encoding="utf-8")
    imported = run_cli("import", "--db", str(clerk_db), str(tmp_path / "out"))
    assert imported.returncode == 1
    lines = imported.stdout.splitlines()
    assert f"{packed.name}：已导入。" in imported.stdout
    assert "坏文件.hzsub：已拒收。“坏文件.hzsub”不是报送文件：文件不是 zip 压缩包。" in lines
    assert lines[-1] == "共 2：已导入 1，替换 0，相同跳过 0，冲突 0，拒收 1。"

    same = run_cli("import", "--db", str(clerk_db), str(packed))
    assert same.returncode == 0 and "相同，已跳过" in same.stdout

    with Store(clerk_db) as store:
        app_id = store.summaries()[0].id
    bad_state = run_cli("review", "--db", str(clerk_db), app_id[-8:], "好")
    assert bad_state.returncode == 2 and "“审核状态”应为以下之一" in bad_state.stderr
    reviewed = run_cli("review", "--db", str(clerk_db), app_id[-8:], "已通过", "--comment", "材料齐全")
    assert reviewed.returncode == 0 and "已通过（材料齐全）" in reviewed.stdout

    listed = run_cli("consolidate", "--db", str(clerk_db), "--out", str(tmp_path / "附件5.xlsx"),
                     "--docx", str(tmp_path / "附件5.docx"), "--state", "已通过")
    assert listed.returncode == 0, listed.stderr
    assert "已导出附件5 清单（1 个项目）" in listed.stdout
    assert "合计：总投资（投入） 600.00 万元，已开支 311.50 万元，拟支出 148.00 万元，申请补助资金 150.00 万元" in listed.stdout
    assert load_workbook(tmp_path / "附件5.xlsx").active["D6"].value == sample_application()["project"]["name"]
    assert (tmp_path / "附件5.docx").stat().st_size > 0


def test_county_settings_declaration_and_county_package(tmp_path):
    db = tmp_path / "county.sqlite3"
    bad = run_cli("county", "--db", str(db), "--phone", "12345")
    assert bad.returncode == 1 and "“联系电话”不像有效的电话号码" in bad.stderr
    ok = run_cli("county", "--db", str(db), "--county", "德清县", "--contact", "王敏", "--phone", "0572 8012345")
    assert ok.returncode == 0
    assert ok.stdout.splitlines() == ["设区市：湖州市", "县（市、区）：德清县", "联系人：王敏", "联系电话：0572-8012345"]

    declared = run_cli("declaration", "--db", str(db), "--set", "目标体系=到2025年底交易额60亿元。",
                       "--set", "work=建设选品中心。", "--out", str(tmp_path / "附件2.docx"))
    assert declared.returncode == 0, declared.stderr
    assert "已导出附件2 申报表" in declared.stdout
    assert "提示：“政策体系”尚未填写。" in declared.stderr
    unknown = run_cli("declaration", "--db", str(db), "--set", "口号=加油")
    assert unknown.returncode == 1 and "附件2 没有“口号”这一项" in unknown.stderr

    packed = run_cli("county-pack", "--db", str(db), "--out", str(tmp_path / "pack"))
    assert packed.returncode == 0 and "湖州市德清县_重点项目汇总.hzcounty" in packed.stdout
    city = run_cli("import", "--db", str(tmp_path / "city.sqlite3"), str(tmp_path / "pack"))
    assert city.returncode == 0
    assert city.stdout.splitlines()[-1] == "共 0：已导入 0，替换 0，相同跳过 0，冲突 0，拒收 0。"


def test_misuse_and_unreadable_input(tmp_path):
    db = tmp_path / "x.sqlite3"
    (tmp_path / "empty").mkdir()
    nothing = run_cli("import", "--db", str(db), str(tmp_path / "empty"))
    assert nothing.returncode == 1 and "没有找到可导入的文件" in nothing.stderr
    missing = run_cli("pack", "nosuchid", "--out", str(tmp_path), "--db", str(db))
    assert missing.returncode == 2 and "没有编号为 nosuchid 的申报" in missing.stderr
    doc = sample_application()
    doc["project"]["subsidy_requested"] = "5000"
    path = tmp_path / "错.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    blocked = run_cli("pack", str(path), "--out", str(tmp_path / "o"), "--db", str(db))
    assert blocked.returncode == 1 and "不能导出正式版" in blocked.stderr and "[错误]" in blocked.stderr
    draft = run_cli("pack", str(path), "--out", str(tmp_path / "o"), "--db", str(db), "--draft")
    assert draft.returncode == 0
    wrong = run_cli("consolidate", "--db", str(db), "--out", str(tmp_path / "清单.csv"))
    assert wrong.returncode == 2 and "应以 .xlsx 结尾" in wrong.stderr
