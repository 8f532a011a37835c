"""Reading an application back from an exported workbook, and refusing anything else in Chinese."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from export_helpers import explained_application
from openpyxl import Workbook, load_workbook

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.export import write_xlsx
from hzsubsidy_desktop.export.xlsx_form import CHUNK_CHARS, DATA_SHEET
from hzsubsidy_desktop.interchange import spreadsheet as xlsx_import
from hzsubsidy_desktop.interchange.application_file import check_document
from hzsubsidy_desktop.interchange.spreadsheet import read_workbook


def _export(definition, doc, tmp_path: Path, name: str = "a.xlsx") -> Path:
    path = tmp_path / name
    write_xlsx(definition, doc, path)
    return path


def test_sample_round_trips_exactly(definition, sample, tmp_path):
    result = read_workbook(_export(definition, sample, tmp_path))
    assert result == docs.canonical(definition, sample)
    check_document(result)


def test_explanations_formula_lookalikes_and_exact_amounts_round_trip(definition, tmp_path):
    doc = explained_application()
    doc["enterprise"]["address"] = "=cmd|' /C calc'!A0"
    doc["expenditure"]["equipment"][0]["spent"] = "85.1234"
    doc["expenditure"]["other"][0]["note"] = "@备注\t含制表符"
    doc["enterprise"]["profit"] = "-35.5"
    assert read_workbook(_export(definition, doc, tmp_path)) == docs.canonical(definition, doc)


def test_big_application_spans_several_data_chunks(definition, sample, tmp_path):
    """300 items with long names and an 8,000-character text: the JSON exceeds one cell."""
    for i, cat in enumerate(definition.categories):
        sample["expenditure"][cat.key] = [
            {"name": f"第{i}类费用项目{n}" + "规格说明" * 20, "spent": f"{n}.25", "planned": "1"} for n in range(50)
        ]
    sample["narrative"]["practices"] = "做法" * 4000
    path = _export(definition, sample, tmp_path)
    ws = load_workbook(path)[DATA_SHEET]
    assert ws.cell(row=4, column=1).value >= 2 and len(ws.cell(row=5, column=1).value) == CHUNK_CHARS
    assert read_workbook(path) == docs.canonical(definition, sample)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FormatError, match="找不到文件"):
        read_workbook(tmp_path / "nope.xlsx")
    with pytest.raises(FormatError, match="是文件夹"):
        read_workbook(tmp_path)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    with pytest.raises(FormatError, match="不是 Excel 工作簿"):
        read_workbook(path)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(FormatError, match="不是有效的 Excel 工作簿"):
        read_workbook(broken)


def test_workbook_from_elsewhere(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(path)
    with pytest.raises(FormatError) as info:
        read_workbook(path)
    assert "不是 hzsubsidy 导出的工作簿" in str(info.value) and "other.xlsx" in str(info.value)


def test_tampered_data_is_refused(definition, sample, tmp_path):
    path = _export(definition, sample, tmp_path)
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    ws.cell(row=5, column=1).value = ws.cell(row=5, column=1).value.replace('"600"', '"900"')
    wb.save(path)
    with pytest.raises(FormatError, match="已损坏或被修改"):
        read_workbook(path)


def test_valid_json_that_is_not_an_application_is_refused(definition, sample, tmp_path):
    sample["enterprise"]["unknown"] = "x"
    path = _export(definition, sample, tmp_path)
    with pytest.raises(FormatError, match="不认识的项目"):
        read_workbook(path)


def test_amount_edited_in_excel_is_not_silently_lost(definition, sample, tmp_path):
    path = _export(definition, sample, tmp_path)
    wb = load_workbook(path)
    wb["附件4"]["D7"] = 50  # 设备购置费用 item 2
    wb.save(path)
    with pytest.raises(FormatError) as info:
        read_workbook(path)
    message = str(info.value)
    assert "设备购置费用第2项" in message and "在 Excel 中的修改不会被导入" in message


def test_newer_format_version(definition, sample, tmp_path):
    path = _export(definition, sample, tmp_path)
    wb = load_workbook(path)
    wb[DATA_SHEET]["A2"] = 99
    wb.save(path)
    with pytest.raises(FormatError, match="升级"):
        read_workbook(path)


def test_unpacked_size_is_limited(definition, sample, tmp_path, monkeypatch):
    path = _export(definition, sample, tmp_path)
    monkeypatch.setattr(xlsx_import, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(FormatError, match="解压后过大"):
        read_workbook(path)


def test_edited_visible_cells_of_attachment3_are_listed_and_refused(definition, sample, tmp_path):
    path = _export(definition, sample, tmp_path)
    wb = load_workbook(path)
    ws = wb["附件3"]
    edited = {}
    for row in range(1, ws.max_row + 1):
        label = ws.cell(row=row, column=1).value
        if label in ("项目名称", "本年度申请补助资金（万元）"):
            edited[label] = ws.cell(row=row, column=2).coordinate
            ws.cell(row=row, column=2).value = "另一个项目" if label == "项目名称" else 999
    assert len(edited) == 2, edited
    wb.save(path)
    with pytest.raises(FormatError) as info:
        read_workbook(path)
    message = str(info.value)
    assert "可见的单元格与内嵌的申报数据不一致（2 处" in message
    assert f"附件3 {edited['项目名称']}（项目名称）：导出时为“{sample['project']['name']}”，现为“另一个项目”" in message
    assert f"{edited['本年度申请补助资金（万元）']}（本年度申请补助资金（万元））" in message and "现为“999”" in message


def test_workbook_without_attachment4_sheet_is_refused(definition, sample, tmp_path):
    path = _export(definition, sample, tmp_path)
    wb = load_workbook(path)
    del wb["附件4"]
    wb.save(path)
    with pytest.raises(FormatError, match="缺少“附件4”工作表"):
        read_workbook(path)


def test_draft_and_explained_workbooks_still_import(definition, tmp_path):
    doc = explained_application()
    path = tmp_path / "draft.xlsx"
    write_xlsx(definition, doc, path, draft=True)
    assert read_workbook(path) == docs.canonical(definition, doc)
