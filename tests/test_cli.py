"""The command line, run as a subprocess: exit codes and what a user reads."""

from __future__ import annotations

import json

from cli_helpers import run_cli

from hzsubsidy_desktop.document.sample import sample_application


def test_sample_validates_clean(tmp_path):
    out = tmp_path / "sample.json"
    assert run_cli("sample", "--out", str(out)).returncode == 0
    result = run_cli("validate", str(out))
    assert result.returncode == 0, result.stderr
    assert "错误 0 项，待说明 0 项，提示 0 项" in result.stdout
    assert json.loads(out.read_text(encoding="utf-8")) == sample_application()


def test_validate_with_errors_exits_1_and_names_the_field(tmp_path):
    doc = sample_application()
    doc["enterprise"]["net_assets"] = "99999"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", str(path), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    (finding,) = report["findings"]
    assert finding["code"] == "net-assets-above-total"
    assert finding["path"] == "/enterprise/net_assets"
    assert "“净资产（万元）”" in finding["message"]


def test_unreadable_input_exits_2_without_traceback(tmp_path):
    cases = {
        "missing.json": None,
        "binary.json": b"\x89PNG\r\n\x1a\n\x00\x00",
        "broken.json": b'{"format_version": 1,',
        "array.json": b"[1, 2, 3]",
        "future.json": json.dumps({"format_version": 99, "form_id": "zj-cbec-2024"}).encode(),
        "other.json": json.dumps({"format_version": 1, "form_id": "zj-cbec-1999"}).encode(),
        "nan.json": b'{"format_version": 1, "form_id": "zj-cbec-2024", "project": {"total_investment": NaN}}',
    }
    expected = {
        "missing.json": "找不到文件",
        "binary.json": "UTF-8",
        "broken.json": "不是有效的 JSON",
        "array.json": "应为 JSON 对象",
        "future.json": "请升级 hzsubsidy",
        "other.json": "不认识的申报表单",
        "nan.json": "NaN",
    }
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        result = run_cli("validate", str(path))
        assert result.returncode == 2, name
        assert expected[name] in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr


def test_schema_titles_are_official_labels():
    schema = json.loads(run_cli("schema").stdout)
    props = schema["properties"]
    assert props["enterprise"]["properties"]["credit_code"]["title"] == "社会信用代码"
    assert props["project"]["properties"]["total_investment"]["title"] == "总投资（投入）（万元）"
    assert props["expenditure"]["properties"]["equipment"]["items"]["properties"]["spent"]["title"] == "已开支费用"


def test_database_commands(tmp_path):
    db = tmp_path / "cli.sqlite3"
    sample = tmp_path / "s.json"
    run_cli("sample", "--out", str(sample))
    app_id = run_cli("add", str(sample), db=db).stdout.strip()
    assert len(app_id) == 32
    listing = run_cli("list", db=db).stdout
    assert "可导出" in listing and "安吉椅业跨境电商产业带展示选品中心建设项目" in listing

    bad = run_cli("set", app_id[-8:], "/project/total_investment", "六百万", db=db)
    assert bad.returncode == 1 and "“总投资（投入）（万元）”只能填写数字" in bad.stderr
    good = run_cli("set", app_id[-8:], "/project/total_investment", "6,500,000元", db=db)
    assert good.returncode == 0 and "已按元换算为 650 万元（输入 6500000 元）" in good.stdout
    shown = json.loads(run_cli("show", app_id[-8:], db=db).stdout)
    assert shown["project"]["total_investment"] == "650"

    history = run_cli("history", app_id[-8:], db=db).stdout
    assert '/project/total_investment  "600" → "650"' in history

    copy_id = run_cli("duplicate", app_id[-8:], db=db).stdout.strip()
    assert run_cli("delete", copy_id, db=db).returncode == 0
    assert copy_id[-8:] in run_cli("list", "--trash", db=db).stdout
    restored = run_cli("restore", copy_id, db=db)
    assert restored.returncode == 0 and "已恢复" in restored.stdout
    again = run_cli("restore", copy_id, db=db)  # not in the trash (any more): said so, not "已恢复"
    assert again.returncode == 0 and "不在回收站中" in again.stdout
    listed = json.loads(run_cli("list", "--json", db=db).stdout)
    assert sorted(a["id"] for a in listed) == sorted([app_id, copy_id])
    assert {a["id"]: a["status"] for a in listed}[copy_id] != ""  # the copy is checked like the GUI's


def test_db_option_and_unknown_id(tmp_path):
    db = tmp_path / "other.sqlite3"
    result = run_cli("--db", str(db), "show", "abcd")
    assert result.returncode == 2 and "没有编号为 abcd 的申报" in result.stderr
    assert db.exists()


def test_validate_exits_1_while_an_explanation_is_missing_and_0_once_explained(tmp_path):
    doc = sample_application()
    doc["conditions"]["brands"] = 40  # 品牌种类 40 < 50: 需说明 blocks the final export
    path = tmp_path / "explain.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 1, result.stdout
    assert "待说明 1 项" in result.stdout and "[需说明]" in result.stdout
    doc["explanations"] = {"basic-condition-not-met:cond-showroom-brands@/conditions/brands": "另有40个品牌在备案中。"}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode == 0, result.stdout
    assert "（已说明：另有40个品牌在备案中。）" in result.stdout


def test_explain_with_a_key_no_finding_asks_about_names_the_keys_there_are(tmp_path):
    doc = sample_application()
    doc["conditions"]["brands"] = 40  # 品牌种类 40 < 50: a 需说明 finding
    source = tmp_path / "explain.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "e.sqlite3"
    app_id = run_cli("add", "--db", str(db), str(source)).stdout.strip()
    found = json.loads(run_cli("validate", "--json", str(source)).stdout)
    [key] = [f["key"] for f in found["findings"] if f["level"] == "explain"]
    before = run_cli("show", "--db", str(db), app_id).stdout
    typo = run_cli("explain", "--db", str(db), app_id, key.replace("@", "#"), "品牌数量以海关备案为准")
    assert typo.returncode == 2 and "没有键为" in typo.stderr and key in typo.stderr, typo.stderr
    assert run_cli("show", "--db", str(db), app_id).stdout == before  # nothing stored
    done = run_cli("explain", "--db", str(db), app_id, key, "品牌数量以海关备案为准")
    assert done.returncode == 0 and "待说明 0 项" in done.stdout, done.stdout + done.stderr
    withdrawn = run_cli("explain", "--db", str(db), app_id, key, "")  # a stored key can be withdrawn
    assert withdrawn.returncode == 0 and "待说明 1 项" in withdrawn.stdout


def test_out_must_be_a_folder_not_a_file_name(tmp_path):
    # "--out 附件3.docx" made a folder of that name with the files inside; a file there gave an English error.
    db = tmp_path / "e.sqlite3"
    source = tmp_path / "sample.json"
    source.write_text(json.dumps(sample_application(), ensure_ascii=False), encoding="utf-8")
    app_id = run_cli("add", "--db", str(db), str(source)).stdout.strip()
    a_file = tmp_path / "已有文件"
    a_file.write_text("x")
    for command in (["export", app_id], ["pack", app_id], ["county-pack"]):
        named = tmp_path / "out" / "附件3.docx"
        result = run_cli(*command[:1], "--db", str(db), *command[1:], "--out", str(named))
        assert result.returncode == 2 and "像是文件名" in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert not (tmp_path / "out").exists()
        result = run_cli(*command[:1], "--db", str(db), *command[1:], "--out", str(a_file))
        assert result.returncode == 2 and "是文件，不是文件夹" in result.stderr, result.stderr
