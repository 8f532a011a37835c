"""Reading an application back from an exported workbook, and refusing anything else in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus.generate import WORKBOOK_CASES
from export_helpers import explained_application
from openpyxl import load_workbook

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export import write_xlsx
from hzsubsidy_desktop.export.xlsx_form import CHUNK_CHARS, DATA_SHEET
from hzsubsidy_desktop.formdef import load_definition
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


def test_valid_json_that_is_not_an_application_is_refused(definition, sample, tmp_path):
    sample["enterprise"]["unknown"] = "x"
    path = _export(definition, sample, tmp_path)
    with pytest.raises(FormatError, match="不认识的项目"):
        read_workbook(path)


# The damaged, malicious and foreign workbooks are the corpus's (tests/corpus/generate.py, WORKBOOK_CASES):
# here each is read in this process; tests/test_hostile_corpus.py imports them through the CLI.
@pytest.fixture(scope="module")
def genuine_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("genuine") / "附件3-4.xlsx"
    write_xlsx(load_definition(), sample_application(), path)
    return path


@pytest.mark.parametrize("case", WORKBOOK_CASES, ids=[c.name for c in WORKBOOK_CASES])
def test_every_hostile_workbook_of_the_corpus_is_refused_with_its_reason(genuine_workbook, tmp_path, case):
    path = case.build(genuine_workbook, tmp_path / f"{case.name}.xlsx")
    with pytest.raises(FormatError) as info:
        read_workbook(path)
    message = str(info.value)
    assert f"“{case.name}.xlsx”" in message and case.message in message, (case.description, message)


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
