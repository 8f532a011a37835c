"""``hzsubsidy export``: from a file or the database, blocked by errors unless --draft, PDF on request."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from export_helpers import explained_application

from hzsubsidy_desktop.cli.main import main
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export import export_basename
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace

STEM = export_basename(sample_application())


def _write(tmp_path: Path, doc: dict, name: str = "app.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_export_file(tmp_path, capsys):
    out = tmp_path / "导出"
    assert main(["export", str(_write(tmp_path, sample_application())), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("已导出：")
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.docx", f"{STEM}.xlsx"]
    assert str(out / f"{STEM}.docx") in printed
    document = docx.Document(str(out / f"{STEM}.docx"))
    assert document.tables[0].rows[0].cells[0].text == "项目承担单位基本情况"


def test_errors_block_and_nothing_is_written(tmp_path, capsys):
    doc = sample_application()
    doc["enterprise"]["net_assets"] = "99999"
    del doc["project"]["address"]
    out = tmp_path / "out"
    assert main(["export", str(_write(tmp_path, doc)), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "申报还有 2 个问题须先处理，未导出任何文件" in printed
    assert "[错误] 单位信息：“净资产（万元）”（99999.00）不应大于“总资产（万元）”（18650.32）。" in printed
    assert "[错误] 项目信息：请填写“项目建设地址”。" in printed
    assert "--draft" in printed
    assert not out.exists()


def test_refused_promise_blocks_the_final_export_and_the_submission_file(tmp_path, capsys):
    doc = sample_application()
    doc["undertakings"]["truthful"] = False
    source = _write(tmp_path, doc)
    out = tmp_path / "out"
    assert main(["validate", str(source)]) == 1
    assert "未作出承诺：4.本企业承诺所填内容真实有效。" in capsys.readouterr().out
    assert main(["export", str(source), "--out", str(out)]) == 1
    assert "[错误] 承诺：未作出承诺：4.本企业承诺所填内容真实有效。" in capsys.readouterr().out
    assert not out.exists()
    with Store(tmp_path / "e.sqlite3") as store:
        app_id = Workspace(store).add_document(doc)
    assert main(["--db", str(tmp_path / "e.sqlite3"), "pack", app_id, "--out", str(out)]) == 1
    assert "未作出承诺：4.本企业承诺所填内容真实有效。" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())
    assert main(["export", str(source), "--out", str(out), "--draft"]) == 0
    printed = "\n".join(p.text for p in docx.Document(str(out / f"{STEM}_草稿.docx")).tables[2]._cells[-1].paragraphs)
    assert "4.本企业承诺所填内容真实有效。（未作出此项承诺）" in printed


def test_unexplained_finding_blocks_then_draft_exports(tmp_path, capsys):
    doc = explained_application()
    del doc["explanations"]["credit-code-check@/enterprise/credit_code"]
    source = _write(tmp_path, doc)
    out = tmp_path / "out"
    assert main(["export", str(source), "--out", str(out)]) == 1
    assert "[需说明] 单位信息：“社会信用代码”" in capsys.readouterr().out
    assert main(["export", str(source), "--out", str(out), "--draft"]) == 0
    assert "已导出草稿" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}_草稿.docx", f"{STEM}_草稿.xlsx"]


def test_export_from_the_database_by_id_prefix(tmp_path, capsys):
    db = tmp_path / "apps.sqlite3"
    store = Store(db)
    app_id = Workspace(store).add_document(sample_application())
    store.close()
    out = tmp_path / "out"
    assert main(["export", app_id[-8:], "--out", str(out), "--db", str(db)]) == 0
    assert (out / f"{STEM}.xlsx").is_file()
    capsys.readouterr()
    assert main(["export", "zzzzzz", "--out", str(out), "--db", str(db)]) == 2
    assert "没有编号为 zzzzzz 的申报" in capsys.readouterr().err


def test_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{不是 JSON", encoding="utf-8")
    assert main(["export", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_out_is_a_file(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["export", str(_write(tmp_path, sample_application())), "--out", str(target)]) == 2
    assert "不是文件夹" in capsys.readouterr().err


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HZSUBSIDY_SOFFICE", "")  # as if LibreOffice were not installed
    out = tmp_path / "out"
    assert main(["export", str(_write(tmp_path, sample_application())), "--out", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "未找到 LibreOffice" in err and "libreoffice.org" in err and "另存为 PDF" in err
    assert "未写入任何文件" in err
    assert not out.exists()


@pytest.mark.system
@pytest.mark.slow
def test_pdf_with_libreoffice(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", str(_write(tmp_path, sample_application())), "--out", str(out), "--pdf"]) == 0
    pdf = out / f"{STEM}.pdf"
    assert str(pdf) in capsys.readouterr().out
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.docx", f"{STEM}.pdf", f"{STEM}.xlsx"]
