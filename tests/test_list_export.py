"""附件5 清单 as .xlsx and .docx: the official layout, print setup, text safety, and totals that
LibreOffice recalculates to the sum of the applications."""

from __future__ import annotations

import csv
import os
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from export_helpers import pdf_pages, render_pdf
from openpyxl import load_workbook

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.document import totals
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export import list5 as list_export
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.workspace import Workspace

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
HOSTILE_NAME = '=HYPERLINK("http://x.example","点我")'


def applications() -> list[dict]:
    """Three projects: the sample, one with four-decimal amounts, one with hostile text."""
    first = sample_application()
    second = sample_application()
    second["project"]["name"] = "安吉白茶跨境电商线上产业带专区"
    second["project"]["total_investment"] = "1234.5678"
    second["project"]["subsidy_requested"] = "99.9999"
    second["expenditure"]["equipment"][0]["spent"] = "85.0001"
    second["enterprise"]["enterprise_type"] = "贸易型"
    third = sample_application()
    third["project"]["name"] = HOSTILE_NAME
    third["project"]["content"] = "+cmd|' /C calc'!A0\x07 @SUM(1) -2"
    third["project"]["total_investment"] = "300"
    third["enterprise"]["enterprise_type"] = "服务型"
    return [first, second, third]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    base = tmp_path_factory.mktemp("list5")
    definition = load_definition()
    with Store(base / "clerk.sqlite3") as store:
        ws = Workspace(store, actor="import")
        for doc in applications():
            ws.add_document(doc, origin="import")
        rows = cons.project_rows(store, definition)
    xlsx = list_export.write_xlsx(definition, rows, base / "附件5.xlsx")
    docx_path = list_export.write_docx(definition, rows, base / "附件5.docx")
    return definition, rows, xlsx, docx_path, base


@pytest.fixture(scope="module")
def recalculated(exported) -> list[list[str]]:
    """The workbook as LibreOffice computes it (formulas evaluated), as CSV rows."""
    _d, _rows, xlsx, _docx, base = exported
    out = base / "csv"
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(base / 'lo').as_uri()}", "--headless", "--norestore",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false", "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=180, env=env,
    )
    with (out / "附件5.csv").open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.system
def test_libreoffice_totals_equal_the_sum_of_the_applications(exported, recalculated):
    definition, _rows, *_ = exported
    docs = applications()
    expected = {
        "total_investment": sum(Decimal(d["project"]["total_investment"]) for d in docs),
        "spent": sum(totals.compute(definition, d).spent_total for d in docs),
        "planned": sum(totals.compute(definition, d).planned_total for d in docs),
        "subsidy": sum(Decimal(d["project"]["subsidy_requested"]) for d in docs),
    }
    [total_row] = [r for r in recalculated if r and r[0] == "合计"]
    keys = [c.key for c in definition.list.columns]
    got = {k: Decimal(total_row[keys.index(k)]) for k in expected}
    assert got == expected
    assert expected["total_investment"] == Decimal("2134.5678")


@pytest.mark.system
def test_recalculated_sheet_shows_one_row_per_project_in_order(exported, recalculated):
    _d, rows, *_ = exported
    start = next(i for i, r in enumerate(recalculated) if r and r[0] == "1")
    body = recalculated[start:start + 3]
    assert [r[0] for r in body] == ["1", "2", "3"]
    assert [r[3] for r in body] == ["安吉椅业跨境电商产业带展示选品中心建设项目", "安吉白茶跨境电商线上产业带专区", HOSTILE_NAME]
    assert body[1][15] == "贸易型企业" and body[2][15] == "服务型企业"


def test_title_unit_and_two_level_header(exported):
    definition, _rows, xlsx, *_ = exported
    ws = load_workbook(xlsx).active
    assert ws["A1"].value == "附件5"
    assert ws["A2"].value == "浙江省跨境电商高质量发展试点重点项目清单"
    assert ws["A3"].value == "单位：万元"
    header_top = [ws.cell(4, i).value for i in range(1, 18)]
    header_bottom = [ws.cell(5, i).value for i in range(1, 18)]
    assert header_top[:12] == ["序号", "设区市", "县（市、区）", "项目名称", "实施企业", "建设内容", "总投资（投入）",
                               "项目类型", "开始时间（年月）", "完成时间（年月）", "当前实施进度（%）", "与支持内容相关费用"]
    assert header_top[13:] == ["申请补助资金", "项目负责人及联系方式", "企业类型", "实施地点"]
    assert header_bottom[11:13] == ["已开支", "拟支出"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:Q2", "A3:Q3", "L4:M4", "A4:A5", "K4:K5", "N4:N5", "Q4:Q5"} <= merged
    assert "L4:L5" not in merged


def test_rows_amounts_and_totals_formulas(exported):
    definition, rows, xlsx, *_ = exported
    ws = load_workbook(xlsx).active
    assert [ws.cell(r, 1).value for r in (6, 7, 8)] == [1, 2, 3]
    assert ws["G7"].value == Decimal("1234.5678") or ws["G7"].value == pytest.approx(1234.5678)
    assert ws["G6"].number_format == "0.00##" and ws["K6"].number_format == "0.0"
    assert ws["G9"].number_format == "0.00##"
    assert ws["I6"].value == "2024年3月" and ws["O6"].value == "沈建国 13905721234"
    assert ws["A9"].value == "合计" and "A9:F9" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws[f"{c}9"].value for c in "GLMN"] == ["=SUM(G6:G8)", "=SUM(L6:L8)", "=SUM(M6:M8)", "=SUM(N6:N8)"]
    assert ws["H9"].value is None  # no total for 项目类型
    assert ws.row_dimensions[6].height > 40  # the long 建设内容 wraps onto several lines


def test_text_from_applications_is_never_a_formula(exported):
    _d, _rows, xlsx, *_ = exported
    ws = load_workbook(xlsx).active
    assert ws["D8"].value == HOSTILE_NAME and ws["D8"].data_type == "s"
    assert ws["F8"].value == "+cmd|' /C calc'!A0 @SUM(1) -2" and ws["F8"].data_type == "s"  # control char removed
    assert ws["D8"].quotePrefix


def test_print_setup_freeze_and_filter(exported):
    _d, _rows, xlsx, *_ = exported
    ws = load_workbook(xlsx).active
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$4:$5"
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:Q8"


def test_notes_under_the_table(exported):
    definition, _rows, xlsx, *_ = exported
    ws = load_workbook(xlsx).active
    texts = [ws.cell(r, 1).value for r in range(10, ws.max_row + 1)]
    assert texts[texts.index("填表说明："):] == ["填表说明：", *definition.list.notes]


def test_empty_list_still_has_header_and_zero_totals(tmp_path, definition):
    path = list_export.write_xlsx(definition, [], tmp_path / "空.xlsx")
    ws = load_workbook(path).active
    assert ws["A6"].value == "合计" and ws["G6"].value == 0
    assert ws.auto_filter.ref == "A5:Q5"


def _row_texts(tr) -> list[str]:
    return ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]


def test_docx_is_landscape_bordered_with_repeating_two_level_header(exported):
    definition, rows, _x, docx_path, _b = exported
    document = docx.Document(str(docx_path))
    section = document.sections[0]
    assert section.page_width > section.page_height
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["附件5", "浙江省跨境电商高质量发展试点重点项目清单", "单位：万元"]
    assert texts[3:] == ["填表说明：", *definition.list.notes]
    [table] = document.tables
    trs = table._tbl.findall(qn("w:tr"))
    assert len(trs) == 2 + len(rows) + 1
    assert [tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for tr in trs] == [True, True, False, False, False, False]
    borders = table._tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1] for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
    upper = _row_texts(trs[0])
    assert upper[11] == "与支持内容相关费用" and len(upper) == 16
    assert _row_texts(trs[1])[11:13] == ["已开支", "拟支出"]
    sums = cons.column_totals(definition, rows)
    total = _row_texts(trs[-1])
    assert total[0] == "合计"
    assert total[1] == amounts.display(sums["total_investment"]) == "2134.5678"
    assert _row_texts(trs[4])[3] == HOSTILE_NAME


CONTENT_150 = ("建设产业带展示选品中心，设置样品展示区、直播选品区和海外买家洽谈区，引入产品3D建模和多语种详情页制作服务，"
               "搭建线上选品与供应链协同系统，为产业带中小企业提供一站式跨境电商服务，预计带动企业三百余家，"
               "年新增跨境电商交易额一亿元以上，同时开展跨境电商人才培训和海外品牌推广活动，助力产业带企业抱团出海。")


def test_docx_columns_are_sized_by_content(tmp_path, definition):
    with Store(tmp_path / "clerk.sqlite3") as store:
        ws = Workspace(store, actor="import")
        doc = sample_application()
        doc["project"]["content"] = CONTENT_150
        ws.add_document(doc, origin="import")
        rows = cons.project_rows(store, definition)
    document = docx.Document(str(list_export.write_docx(definition, rows, tmp_path / "附件5.docx")))
    grid = [int(g.get(qn("w:w"))) for g in document.tables[0]._tbl.iter(qn("w:gridCol"))]
    keys = [c.key for c in definition.list.columns]
    content, seq = grid[keys.index("content")], grid[keys.index("seq")]
    assert content > 3 * seq and content == max(grid)  # the long text gets the room
    assert abs(sum(grid) / 1440 * 25.4 - list_export.LANDSCAPE_TEXT_WIDTH_MM) < 1


@pytest.mark.system
@pytest.mark.slow
def test_21_projects_with_150_character_contents_on_six_landscape_pages(tmp_path, definition):
    assert len(CONTENT_150) == 150
    with Store(tmp_path / "clerk.sqlite3") as store:
        ws = Workspace(store, actor="import")
        for i in range(1, 22):
            doc = sample_application()
            doc["project"]["name"] = f"安吉第{i}号跨境电商产业带展示选品中心建设项目"
            doc["project"]["content"] = CONTENT_150
            ws.add_document(doc, origin="import")
        rows = cons.project_rows(store, definition)
    path = list_export.write_docx(definition, rows, tmp_path / "附件5.docx")
    pages = pdf_pages(render_pdf(path, tmp_path))
    assert len(pages) <= 6
    for text in pages:
        assert "建设内容" in text  # the header rows repeat
    last = re.sub(r"\s+", "", pages[-1])
    assert "合计" in last and "建设产业带展示选品中心" in last  # 合计 never alone on a page
    assert "12600.00" in last  # the total fits its cell on one line
