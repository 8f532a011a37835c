"""The Excel export: 附件4 as the official table with SUM formulas (recalculated once by
LibreOffice for the module's system tests and compared with totals.compute), 附件3 as label / value rows,
print setup, text that never becomes a formula, the draft mark, and the hidden data sheet."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from export_helpers import explained_application
from openpyxl import load_workbook

from hzsubsidy_desktop.document import totals
from hzsubsidy_desktop.export import build_workbook, write_xlsx
from hzsubsidy_desktop.export.xlsx_form import DATA_SHEET, SHEET4_HEADER_ROW
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.interchange.spreadsheet import read_workbook

INJECTIONS = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(1)", "=HYPERLINK(\"http://example.com\")"]


def rich_application() -> dict[str, Any]:
    """Explained findings, an empty category, four-decimal amounts, text that looks like formulas."""
    doc = explained_application()
    doc["expenditure"]["information"] = []
    doc["expenditure"]["equipment"].append({"name": INJECTIONS[0], "spent": "1.2345", "note": INJECTIONS[3]})
    doc["expenditure"]["other"].append({"name": INJECTIONS[2], "planned": "0.0001", "note": INJECTIONS[1]})
    doc["expenditure"]["software"].append({"name": INJECTIONS[4], "spent": "99999999.9999", "planned": "0.5"})
    doc["enterprise"]["legal_representative"] = INJECTIONS[0]
    return doc


def _rows(ws) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def _pairs(ws) -> list[tuple[Any, Any]]:
    """附件3's (label, value) pairs row by row: a 黑体 label cell and the cell after it."""
    out = []
    for row in ws.iter_rows():
        cells = [cell for cell in row if cell.value is not None]
        for cell, after in zip(cells, [*cells[1:], None], strict=True):
            if cell.font.name == "黑体" and (after is None or after.font.name != "黑体"):
                out.append((cell.value, after.value if after is not None else None))
    return out


def _subtotal_rows(ws) -> list[int]:
    return [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "小计"]


def _total_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "累计")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[FormDefinition, dict[str, Any], Path]:
    """The rich application's workbook."""
    definition = load_definition()
    doc = rich_application()
    path = tmp_path_factory.mktemp("xlsx") / "附件3-4.xlsx"
    write_xlsx(definition, doc, path)
    return definition, doc, path


@pytest.fixture(scope="module")
def recalculated(exported) -> Path:
    """The same workbook recalculated and saved by LibreOffice (system tests only)."""
    path = exported[2]
    out = path.parent / "recalculated"
    out.mkdir()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(path.parent / 'lo-profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return out / path.name


@pytest.mark.system
def test_libreoffice_recalculates_every_subtotal_and_total_as_the_model(exported, recalculated):
    definition, doc, _path = exported
    ws = load_workbook(recalculated, data_only=True)["附件4"]
    computed = totals.compute(definition, doc)
    rows = _subtotal_rows(ws)
    assert len(rows) == len(definition.categories)
    for row, cat in zip(rows, computed.categories, strict=True):
        label_row = next(r for r in range(row, 0, -1) if ws.cell(row=r, column=1).value)
        assert ws.cell(row=label_row, column=1).value == cat.label
        spent, planned = ws.cell(row=row, column=4).value, ws.cell(row=row, column=5).value
        assert Decimal(str(spent)) == cat.spent, cat.label
        assert Decimal(str(planned)) == cat.planned, cat.label
    total = _total_row(ws)
    assert total == max(rows) + 1  # 累计 is the last row of the table
    assert Decimal(str(ws.cell(row=total, column=4).value)) == computed.spent_total
    assert Decimal(str(ws.cell(row=total, column=5).value)) == computed.planned_total
    # 附件3's 支持内容 lines point at the subtotals and recalculate to the same values
    sheet3 = load_workbook(recalculated, data_only=True)["附件3"]
    grid = {}  # the 3 × 2 支持内容 grid: label, 已开支, 拟支出 twice a row
    for row in _rows(sheet3):
        values = [v for v in row if v is not None]
        if len(values) == 6 and values[0] in {f"{cat.label}\n（万元）" for cat in computed.categories}:
            grid[values[0]] = values[1:3]
            grid[values[3]] = values[4:6]
    assert len(grid) == len(computed.categories)
    for cat in computed.categories:
        spent, planned = grid[f"{cat.label}\n（万元）"]
        assert (Decimal(str(spent)), Decimal(str(planned))) == (cat.spent, cat.planned)


@pytest.mark.system
def test_recalculated_formula_lookalikes_stay_text(exported, recalculated):
    _definition, _doc, _path = exported
    values = {v for row in _rows(load_workbook(recalculated, data_only=True)["附件4"]) for v in row}
    assert set(INJECTIONS) <= values
    row = next(r for r in _rows(load_workbook(recalculated)["附件3"]) if "法定代表人" in r)
    assert [v for v in row if v is not None][:2] == ["法定代表人", "=1+1"]


@pytest.mark.system
def test_workbook_resaved_by_libreoffice_imports_without_loss(exported, recalculated):
    definition, doc, _path = exported
    from hzsubsidy_desktop import document as docs

    assert read_workbook(recalculated) == docs.canonical(definition, doc)


def test_subtotals_and_total_are_sum_formulas(exported):
    _definition, _doc, path = exported
    ws = load_workbook(path)["附件4"]
    for row in _subtotal_rows(ws):
        for col, letter in ((4, "D"), (5, "E")):
            formula = ws.cell(row=row, column=col).value
            assert formula.startswith(f"=SUM({letter}") and formula.endswith(f"{letter}{row - 1})")
    total = _total_row(ws)
    assert ws.cell(row=total, column=4).value == "=SUM(" + ",".join(f"D{r}" for r in _subtotal_rows(ws)) + ")"


def test_sheet4_layout_as_the_official_table(exported):
    definition, doc, path = exported
    ws = load_workbook(path)["附件4"]
    rows = _rows(ws)
    assert rows[0][0] == "附件4"
    assert rows[1][0] == "安吉椅业跨境电商产业带展示选品中心建设项目资金投入明细表"
    assert rows[2][0] == f"（填报单位：{doc['enterprise']['name']}）"
    assert "单位：万元" in rows[3]
    assert rows[SHEET4_HEADER_ROW - 1] == ("支持内容", "序号", "费用名称", "已开支费用", "拟支出费用", "备注")
    first = SHEET4_HEADER_ROW + 1
    assert rows[first - 1] == ("设备购置费用", 1, "展示货架及灯光系统", 85, 0, None)
    merged = {str(r) for r in ws.merged_cells.ranges}
    equipment_rows = len(doc["expenditure"]["equipment"]) + 1
    assert f"A{first}:A{first + equipment_rows - 1}" in merged  # 支持内容 merged over items and 小计
    assert f"A{_total_row(ws)}:C{_total_row(ws)}" in merged
    item = ws.cell(row=first + 1, column=4)
    assert item.value == Decimal("42.5") and item.number_format == "0.00##"
    info = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "信息资料购置费用")
    assert [ws.cell(row=info, column=c).value for c in range(2, 7)] == [None] * 5  # empty category: one blank line
    assert rows[_total_row(ws)][0].startswith("注：拟支出费用指2025年1月1日至2025年9月30日前")
    assert rows[_total_row(ws) + 1][0] == "说明（项目资金投入明细表）：拟支出为已签合同的尾款，2025年支付。"


def test_print_setup_and_frozen_header(exported):
    _definition, _doc, path = exported
    wb = load_workbook(path)
    ws = wb["附件4"]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == f"${SHEET4_HEADER_ROW}:${SHEET4_HEADER_ROW}"  # header repeated
    assert ws.freeze_panes == f"A{SHEET4_HEADER_ROW + 1}"
    assert wb["附件3"].page_setup.paperSize == 9
    assert not ws.oddHeader.center.text  # final, not a draft


def test_formula_lookalikes_are_written_as_text(exported):
    _definition, _doc, path = exported
    ws = load_workbook(path)["附件4"]
    cells = [c for row in ws.iter_rows() for c in row if c.value in INJECTIONS]
    assert {c.value for c in cells} == set(INJECTIONS)
    for cell in cells:
        assert cell.data_type == "s", cell.value
        assert cell.quotePrefix  # stays text when edited in Excel


def test_sheet3_in_the_official_layout(exported):
    definition, doc, path = exported
    wb = load_workbook(path)
    ws = wb["附件3"]
    lines = [r[0] for r in _rows(ws) if r[0] and all(v is None for v in r[1:])]
    assert lines[:3] == ["附件3", "浙江省跨境电商高质量发展试点", "重点项目信息表"]
    assert f"项目承建单位（盖章）：{doc['enterprise']['name']}" in lines
    rows = dict(_pairs(ws))
    assert rows[definition.field("/enterprise/credit_code").label] == doc["enterprise"]["credit_code"]
    assert rows["单位性质"] == "☐外资　☐合资　☑内资　☐其它"
    assert rows["项目类型"] == "☑跨境电商产业带展示选品中心\n☐跨境电商线上产业带专区\n☑跨境电商公共服务中心\n☐跨境电商产业园区"
    assert rows["项目起止时间"] == "2024年3月至2024年11月"
    assert rows["总投资（投入）（万元）"] == 600
    assert rows["2024年利润（万元）"] == Decimal("1365.25")
    assert rows["2024年6月30日前"] == 320
    assert rows["项目前期报批情况"].startswith("能评、环评、安评等各项前置审批及完成情况：\n")
    everything = "\n".join(v for r in _rows(ws) for v in r if isinstance(v, str))
    assert "1.经济效益主要指标（体现可新增的跨境电商交易额、利润等）：" in everything
    assert "说明（社会信用代码）：\n营业执照所载代码即为此号，已与市场监管部门核实。" in [
        v for k, v in _pairs(ws) if k == "说明"]
    # the 3 × 2 支持内容 grid as on the form
    header = next(r for r in _rows(ws) if r[0] == "支持内容")
    assert [v for v in header if v] == ["支持内容", "已开支", "拟支出"] * 2
    # 承诺意见, then room for the seal, 项目承担企业（盖章） and the date, on the same sheet
    texts = [v for r in _rows(ws) for v in r if isinstance(v, str)]
    promise = next(t for t in texts if t.startswith("承诺意见："))
    assert "4.本企业承诺所填内容真实有效。" in promise and "☑" not in promise
    assert texts[-2].startswith("项目承担企业（盖章）") and texts[-1].startswith("年")
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.paperSize == 9
    # 基本条件自查 on its own sheet
    conditions = {r[0]: r[1] for r in _rows(wb["基本条件自查"]) if r[0]}
    assert conditions["实际使用面积（平方米）"] == "800"
    assert "实际使用面积（平方米）" not in rows


def test_hidden_data_sheet(exported):
    _definition, _doc, path = exported
    wb = load_workbook(path)
    assert wb.sheetnames == ["附件3", "附件4", DATA_SHEET, "基本条件自查"]
    assert wb[DATA_SHEET].sheet_state == "veryHidden"


def test_draft_is_marked_in_titles_and_header(definition, sample, tmp_path):
    del sample["enterprise"]["name"]
    path = tmp_path / "draft.xlsx"
    write_xlsx(definition, sample, path, draft=True)
    wb = load_workbook(path)
    assert wb["附件4"].cell(row=2, column=1).value.endswith("（草稿）")
    assert wb["附件3"].cell(row=3, column=1).value == "重点项目信息表（草稿）"
    assert "草稿" in wb["附件3"].oddHeader.center.text and "草稿" in wb["基本条件自查"].oddHeader.center.text
    assert "草稿" in wb["附件4"].oddHeader.center.text
    assert wb.properties.keywords == "草稿"
    assert wb["附件4"].cell(row=3, column=1).value == "（填报单位：）"


def test_control_characters_and_long_texts(definition, sample, tmp_path):
    sample["enterprise"]["name"] = "浙江\x00竹韵\x0b家居\x1f有限公司"
    sample["narrative"]["overview"] = "长" * 8000
    sample["expenditure"]["other"][0]["note"] = "备\x08注"
    path = tmp_path / "c.xlsx"
    write_xlsx(definition, sample, path)
    rows = dict(_pairs(load_workbook(path)["附件3"]))
    assert rows["承担单位名称"] == "浙江竹韵家居有限公司"
    assert rows["项目建设情况"].startswith("项目概述：\n长")
    texts = [v for r in _rows(load_workbook(path)["附件3"]) for v in r if isinstance(v, str)]
    assert "长" * 8000 in "".join(texts).replace("\n", "")  # in several rows, nothing lost
    heights = load_workbook(path)["附件3"].row_dimensions
    assert all((heights[r].height or 15) < 409 for r in range(1, len(texts)))  # no row cut at Excel's limit
    assert read_workbook(path)["enterprise"]["name"] == sample["enterprise"]["name"]  # the data keeps it exact


def test_build_does_not_touch_the_input(definition, sample):
    before = repr(sample)
    build_workbook(definition, sample)
    assert repr(sample) == before


def test_long_answers_never_hit_excels_row_limit_and_the_seal_block_stays_whole(definition, sample, tmp_path):
    sentence = "项目围绕安吉椅业产业带建设线上线下融合的展示选品中心，服务中小企业抱团出海，提升品牌影响力和国际竞争力。"
    for key in ("overview", "practices", "approvals", "demonstration"):
        sample["narrative"][key] = (sentence * 40)[:1500]
    path = tmp_path / "long.xlsx"
    write_xlsx(definition, sample, path)
    ws = load_workbook(path)["附件3"]
    texts = [(r, v) for r, row in enumerate(_rows(ws), start=1) for v in row if isinstance(v, str)]
    promise = next(r for r, v in texts if v.startswith("承诺意见："))
    date = next(r for r, v in texts if v.startswith("年"))
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks  # four 1,500-character answers do not fit one page
    assert not [b for b in breaks if promise <= b < date]  # 承诺意见, seal room and date on one page
    plan_head = next(r for r, v in texts if v == definition.plan.title)
    assert plan_head not in breaks  # the plan's header is never the last row of a page
    assert all(ws.row_dimensions[r].height < 409 for r in range(1, ws.max_row + 1))
    joined = "".join(v for _r, v in texts).replace("\n", "")
    assert joined.count((sentence * 40)[:1500]) == 4  # every answer whole, in order
