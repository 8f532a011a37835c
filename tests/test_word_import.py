"""Reading hand-filled official 附件3 / 附件4 Word files: every filling style, every value read back."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from word_templates import Style, build

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export.docx_form import write_docx
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.interchange.word_import import read_word

NOT_ON_SHEET = ("/narrative/commerce_funds_received", "/enterprise/leader_phone", "/conditions/", "/explanations", "/format_version", "/form_id")


def _on_sheet(pointer: str) -> bool:
    return not pointer.startswith(NOT_ON_SHEET)


def assert_read_back(read: dict[str, Any], expected: dict[str, Any]) -> None:
    definition = load_definition()
    want = docs.canonical(definition, expected)
    got = docs.canonical(definition, read)
    wrong = [(p, v, docs.get(got, p)) for p, v in docs.iter_leaves(want) if _on_sheet(p) and docs.get(got, p) != v]
    assert wrong == []
    extra = [(p, v) for p, v in docs.iter_leaves(got) if _on_sheet(p) and docs.get(want, p) is None and v is not None]
    assert extra == []


STYLES = {
    "box ☑": Style(mark="☑"),
    "tick √": Style(mark="√"),
    "tick ✓": Style(mark="✓"),
    "square ■": Style(mark="■"),
    "dot ●": Style(mark="●"),
    "heavy ✔": Style(mark="✔"),
    "bracket (√) after": Style(mark="(√)", mark_after=True),
    "tick after": Style(mark="√", mark_after=True),
    "other options deleted": Style(mark="delete"),
    "Wingdings check box symbol": Style(mark="sym"),
    "other options struck through": Style(mark="strike"),
    "amounts with 万元": Style(amount="wan"),
    "amounts in 元": Style(amount="yuan"),
    "full-width digits": Style(amount="full"),
    "thousands separators": Style(amount="thousands"),
    "period 2024.03-2025.09": Style(period="{sy}.{smm}-{ey}.{emm}"),
    "period 2024-03～2025-09": Style(period="{sy}-{smm}～{ey}-{emm}"),
    "period 2024年3月—2025年9月": Style(period="{sy}年{sm}月—{ey}年{em}月"),
    "values after the guidance, labels on one line, 序号 1、, no spare rows": Style(
        narrative_below=False, labels_broken=False, serial="{n}、", spare_rows=0, header_types=False),
    "hand-typed 小计 and 累计 that add up": Style(typed_totals=True),
    "支持内容 grid left empty": Style(support_grid=False),
}


@pytest.mark.parametrize("style", STYLES.values(), ids=STYLES.keys())
def test_every_filling_style_reads_every_value_back(tmp_path: Path, style: Style) -> None:
    reading = read_word(build(tmp_path / "filled.docx", style=style))
    assert reading.sheets == ("附件3", "附件4")
    assert_read_back(reading.doc, sample_application())
    assert [f for f in reading.findings if "不一致" in f or "未能" in f] == []


def test_amounts_in_yuan_are_converted_and_the_clerk_is_told(tmp_path: Path) -> None:
    reading = read_word(build(tmp_path / "yuan.docx", style=Style(amount="yuan")))
    assert docs.get(reading.doc, "/expenditure/equipment/1/spent") == "42.5"
    assert any("“设备购置费用”第2项的“已开支费用”：已按元换算为 42.5 万元（输入 425000 元）" in f for f in reading.findings)
    assert docs.get(reading.doc, "/enterprise/registered_capital") == "2000"
    assert "“注册资本（万元）”：已按元换算为 2000 万元（输入 20000000 元）（附件3 表格1 第5行 第2格）。" in reading.findings


def test_every_value_remembers_table_row_and_cell(tmp_path: Path) -> None:
    reading = read_word(build(tmp_path / "filled.docx"))
    assert reading.sources["/enterprise/credit_code"] == "附件3 表格1 第4行 第4格"
    assert reading.sources["/expenditure/equipment/1/spent"] == "附件4 表格2 第3行 第4格"
    assert reading.sources["/narrative/overview"].startswith("附件3 表格1 第")
    for pointer, _ in docs.iter_leaves(reading.doc):
        if _on_sheet(pointer) and docs.get(reading.doc, pointer) not in (None, "", []):
            assert pointer in reading.sources, pointer


def test_wrong_hand_typed_totals_are_findings_naming_both_numbers(tmp_path: Path) -> None:
    reading = read_word(build(tmp_path / "wrong.docx", style=Style(wrong_total="999", wrong_support="1")))
    assert any("累计的已开支费用手填为 999.00 万元，各项相加为 311.50 万元" in f for f in reading.findings)
    assert any("“设备购置费用”的已开支手填为 1.00 万元，附件4 各项相加为 127.50 万元" in f for f in reading.findings)
    assert_read_back(reading.doc, sample_application())  # the items are what was typed, not the totals


def test_rows_inserted_under_a_category_and_empty_planned(tmp_path: Path) -> None:
    doc = sample_application()
    doc["expenditure"]["software"] = [
        {"name": "ERP", "spent": "10"}, {"name": "WMS", "spent": "5.5", "planned": "2"}, {"name": "CRM", "planned": "3"},
    ]
    reading = read_word(build(tmp_path / "rows.docx", doc, Style(typed_totals=True)))
    assert docs.get(reading.doc, "/expenditure/software") == doc["expenditure"]["software"]
    assert [f for f in reading.findings if "不一致" in f] == []


def test_a_choice_left_unmarked_is_a_finding_not_a_guess(tmp_path: Path) -> None:
    path = build(tmp_path / "unmarked.docx", style=Style(mark="delete"))
    document = docx.Document(str(path))
    for p in document.paragraphs:
        if p.text.startswith("企业类型"):
            p.text = "企业类型：   贸易型   生产型   服务型   其它"
    document.save(str(path))
    reading = read_word(path)
    assert docs.get(reading.doc, "/enterprise/enterprise_type") is None
    assert any(f.startswith("未能从 Word 中读出“企业类型”") and "没有勾选" in f for f in reading.findings)


def test_an_empty_template_lists_what_could_not_be_read(tmp_path: Path) -> None:
    empty: dict[str, Any] = {"enterprise": {}, "project": {"start": "2024-01", "end": "2024-02"}, "narrative": {},
                             "plan": [], "expenditure": {}}
    reading = read_word(build(tmp_path / "empty.docx", empty, Style(mark="delete")))
    assert "未能从 Word 中读出“社会信用代码”（附件3 表格1 第4行 第4格 为空）。" in reading.findings
    assert any(f.startswith("未能从 Word 中读出“项目分年度建设进度计划”") for f in reading.findings)


def test_attachment4_alone_and_attachment3_alone(tmp_path: Path) -> None:
    only4 = read_word(build(tmp_path / "a4.docx", style=Style(sheets=("附件4",))))
    assert only4.sheets == ("附件4",)
    assert only4.project_name == "安吉椅业跨境电商产业带展示选品中心建设项目"
    assert only4.filler == "浙江竹韵家居科技有限公司"
    assert docs.get(only4.doc, "/project/name") == only4.project_name  # from the title, until 附件3 arrives
    assert only4.sources["/enterprise/name"] == "附件4 正文第3段"  # （填报单位：…）
    assert docs.get(only4.doc, "/expenditure/other/0/planned") == "25"
    only3 = read_word(build(tmp_path / "a3.docx", style=Style(sheets=("附件3",))))
    assert only3.sheets == ("附件3",)
    assert docs.get(only3.doc, "/enterprise/profit") == "1365.25"
    assert docs.get(only3.doc, "/expenditure/equipment") == []


def test_the_apps_own_export_edited_in_word_is_read_back(tmp_path: Path) -> None:
    definition = load_definition()
    path = tmp_path / "export.docx"
    write_docx(definition, sample_application(), path)
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text == "0572-5123456":
                    cell.paragraphs[0].runs[0].text = "0572-5999999"
    document.save(str(path))
    reading = read_word(path)
    expected = sample_application()
    expected["enterprise"]["contact_phone"] = "0572-5999999"
    assert_read_back(reading.doc, expected)


def test_a_letter_is_refused_saying_what_was_expected(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("尊敬的商务局：兹有我公司申请补助，特此函告。")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "合同编号"
    document.save(str(tmp_path / "letter.docx"))
    with pytest.raises(SubmissionRejected, match="不是附件3（重点项目信息表）或附件4（项目资金投入明细表）"):
        read_word(tmp_path / "letter.docx")


def test_macros_and_docm_are_refused(tmp_path: Path) -> None:
    source = build(tmp_path / "filled.docx")
    macro = tmp_path / "macro.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(macro, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    with pytest.raises(SubmissionRejected, match="宏代码"):
        read_word(macro)
    docm = tmp_path / "filled.docm"
    docm.write_bytes(source.read_bytes())
    with pytest.raises(SubmissionRejected, match="启用宏"):
        read_word(docm)


def test_entities_in_the_document_xml_are_refused(tmp_path: Path) -> None:
    source = build(tmp_path / "filled.docx")
    bomb = tmp_path / "entities.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(bomb, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>', 1)
            zout.writestr(item, data)
    with pytest.raises(SubmissionRejected, match="DTD"):
        read_word(bomb)


_TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\u3000\u00a0"),
                min_size=1, max_size=25).map(str.strip).filter(lambda s: s and not s[0].isdigit())
_MONEY = st.decimals(min_value=0, max_value=99999999, places=2, allow_nan=False).map(
    lambda d: format(d.normalize(), "f") if d != d.to_integral() else str(int(d)))


_TYPES = ("跨境电商产业带展示选品中心", "跨境电商线上产业带专区", "跨境电商公共服务中心", "跨境电商产业园区")
_MONTH = st.tuples(st.integers(2015, 2030), st.integers(1, 12)).map(lambda ym: f"{ym[0]:04d}-{ym[1]:02d}")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_TEXT, leader=_TEXT, address=_TEXT, capital=_MONEY, spent=_MONEY, item=_TEXT,
       etype=st.sampled_from(("贸易型", "生产型", "服务型", "其它")), nature=st.sampled_from(("外资", "合资", "内资", "其它")),
       types=st.lists(st.sampled_from(_TYPES), min_size=1, max_size=4, unique=True), start=_MONTH, end=_MONTH,
       mark=st.sampled_from(("☑", "√", "✓", "■", "●", "✔", "(√)", "delete", "sym", "strike")),
       period=st.sampled_from(("{sy}年{sm}月至{ey}年{em}月", "{sy}.{smm}-{ey}.{emm}", "{sy}-{smm}～{ey}-{emm}")))
def test_arbitrary_values_typed_into_the_cells_are_read_back_exactly(
    tmp_path: Path, name: str, leader: str, address: str, capital: str, spent: str, item: str, etype: str,
    nature: str, types: list[str], start: str, end: str, mark: str, period: str,
) -> None:
    doc = copy.deepcopy(sample_application())
    doc["enterprise"].update(name=name, project_leader=leader, address=address, registered_capital=capital,
                             enterprise_type=etype, nature=nature)
    doc["project"].update(types=types, start=start, end=end)
    doc["expenditure"]["software"] = [{"name": item, "spent": spent}]
    reading = read_word(build(tmp_path / "prop.docx", doc, Style(mark=mark, period=period, header_types=False)))
    want = docs.canonical(load_definition(), doc)
    for pointer in ("/enterprise/name", "/enterprise/project_leader", "/enterprise/address",
                    "/enterprise/registered_capital", "/enterprise/enterprise_type", "/enterprise/nature",
                    "/project/start", "/project/end", "/expenditure/software"):
        assert docs.get(reading.doc, pointer) == docs.get(want, pointer), pointer
    assert docs.get(reading.doc, "/project/types") == [t for t in _TYPES if t in types]


def test_old_word_formats_without_libreoffice_are_refused_saying_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hzsubsidy_desktop.interchange import word_convert

    monkeypatch.setattr(word_convert, "find_soffice", lambda: None)
    old = tmp_path / "手填.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    with pytest.raises(SubmissionRejected, match="需要 LibreOffice 才能读取.*另存为”Word 文档（.docx）"):
        read_word(old)


@pytest.mark.system
def test_an_old_doc_is_converted_through_libreoffice_and_read(tmp_path: Path) -> None:
    import subprocess

    from hzsubsidy_desktop.export.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed on this machine")
    source = build(tmp_path / "手填.docx")
    subprocess.run([str(soffice), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)],
                   check=True, capture_output=True, timeout=180)
    reading = read_word(tmp_path / "doc" / "手填.doc")
    assert reading.sheets == ("附件3", "附件4")
    assert_read_back(reading.doc, sample_application())


def test_empty_paragraphs_left_by_merging_cells_do_not_change_any_value(tmp_path: Path) -> None:
    path = build(tmp_path / "merged.docx")
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            for cell in {id(c._tc): c for c in row.cells}.values():
                cell.paragraphs[0].insert_paragraph_before("")
                cell.add_paragraph("")
                cell.add_paragraph("　")
    document.save(str(path))
    reading = read_word(path)
    assert_read_back(reading.doc, sample_application())
    assert [f for f in reading.findings if "不一致" in f or "未能" in f] == []


def test_attachment4_split_into_two_tables_is_read_as_one(tmp_path: Path) -> None:
    path = build(tmp_path / "split.docx", style=Style(sheets=("附件4",), typed_totals=True))
    document = docx.Document(str(path))
    table = document.tables[0]
    rows = table._tbl.tr_lst
    second = copy.deepcopy(table._tbl)
    for tr in second.tr_lst[1:10]:  # the second part: the header repeated, then from 技术购置费用 on
        second.remove(tr)
    for tr in rows[10:]:
        table._tbl.remove(tr)
    gap = document.add_paragraph("")._p
    table._tbl.addnext(gap)
    gap.addnext(second)
    document.save(str(path))
    reading = read_word(path)
    assert docs.get(reading.doc, "/expenditure") == docs.canonical(load_definition(), sample_application())["expenditure"]
    assert [f for f in reading.findings if "不一致" in f or "未读取" in f] == []


def _sheet4_workbook(path: Path) -> Path:
    """附件4 filled by hand in Excel: title rows, the header, category cells merged down, 小计 and 累计."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["附件4"])
    ws.append(["安吉椅业跨境电商产业带展示选品中心建设项目资金投入明细表"])
    ws.append(["（填报单位：浙江竹韵家居科技有限公司）"])
    ws.append(["", "", "", "", "", "单位：万元"])
    ws.append(["支持内容", "序号", "费用名称", "已开支费用", "拟支出费用", "备注"])
    row = 6
    for key, label in (("equipment", "设备购置费用"), ("software", "软件购置费用"), ("technology", "技术购置费用"),
                       ("information", "信息资料购置费用"), ("construction", "建设费用"), ("other", "其他费用")):
        items = sample_application()["expenditure"][key]
        first = row
        for i, item in enumerate(items):
            spent = float(item["spent"]) if "." in item["spent"] else int(item["spent"])
            ws.append([label if i == 0 else None, f"{i + 1}、", item["name"], spent, item.get("planned"), item.get("note")])
            row += 1
        ws.append([None, "小计", None, None, None, None])
        row += 1
        ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
        ws.merge_cells(start_row=row - 1, start_column=2, end_row=row - 1, end_column=3)
    ws.append(["累计", None, None, 311.5, 148, None])
    wb.save(path)
    return path


def test_attachment4_filled_in_excel_is_read_like_the_word_table(tmp_path: Path) -> None:
    from hzsubsidy_desktop.interchange.intake import read_incoming

    path = _sheet4_workbook(tmp_path / "附件4.xlsx")
    (incoming,) = read_incoming(path)
    reading = incoming.word
    assert reading.sheets == ("附件4",)
    assert reading.project_name == "安吉椅业跨境电商产业带展示选品中心建设项目"
    assert reading.filler == "浙江竹韵家居科技有限公司"
    want = docs.canonical(load_definition(), sample_application())["expenditure"]
    assert docs.get(incoming.doc, "/expenditure") == want
    assert reading.sources["/expenditure/equipment/1/spent"] == "附件4 表格1 第7行 第4格"  # the sheet's row 7, column D
    assert reading.findings == ()


def test_a_foreign_workbook_that_is_not_the_form_is_refused_naming_both(tmp_path: Path) -> None:
    import openpyxl

    from hzsubsidy_desktop.interchange.intake import read_incoming

    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "通讯录.xlsx")
    with pytest.raises(SubmissionRejected, match="不是 hzsubsidy 导出的工作簿（缺少内嵌的申报数据）.*也不是手填的附件3/附件4表格"):
        read_incoming(tmp_path / "通讯录.xlsx")


@pytest.mark.system
def test_an_old_xls_is_converted_through_libreoffice_and_read(tmp_path: Path) -> None:
    import subprocess

    from hzsubsidy_desktop.export.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed on this machine")
    source = _sheet4_workbook(tmp_path / "附件4.xlsx")
    subprocess.run([str(soffice), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp_path / "xls"), str(source)],
                   check=True, capture_output=True, timeout=180)
    reading = read_word(tmp_path / "xls" / "附件4.xls")
    assert reading.sheets == ("附件4",)
    assert docs.get(reading.doc, "/expenditure") == docs.canonical(load_definition(), sample_application())["expenditure"]


def test_head_lines_typed_into_the_top_rows_of_the_table(tmp_path: Path) -> None:
    path = build(tmp_path / "head-in-table.docx", style=Style(mark="delete"))
    document = docx.Document(str(path))
    heads = [p for p in document.paragraphs if p.text.startswith(("企业类型", "所在县", "项目承建单位"))]
    table = document.tables[0]
    for p in reversed(heads):  # move them into a one-cell row on top of the table
        row = table.add_row()
        cell = row.cells[0].merge(row.cells[-1])
        cell.text = p.text
        table._tbl.remove(row._tr)
        table._tbl.insert(table._tbl.index(table._tbl.tr_lst[0]), row._tr)
        p._p.getparent().remove(p._p)
    document.save(str(path))
    reading = read_word(path)
    assert docs.get(reading.doc, "/enterprise/enterprise_type") == "生产型"
    assert docs.get(reading.doc, "/enterprise/county") == "安吉县"
    assert reading.sources["/enterprise/county"].startswith("附件3 表格1 第")
