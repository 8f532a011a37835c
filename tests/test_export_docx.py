"""The Word export of 附件3 + 附件4: reopened with python-docx, labels and values where the form
puts them, fonts, GB/T 9704 page, rows that never split, the seal block, long texts, explanations;
plus one LibreOffice rendering of a long application (shared by the module)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from export_helpers import (
    EXPLANATIONS,
    cell_text,
    estimate_row_height_mm,
    explained_application,
    flat,
    pdf_pages,
    render_pdf,
    row_texts,
    sheet3_rows,
    sheet3_tables,
    sheet3_trs,
    sheet4_tables,
)

from hzsubsidy_desktop.document import totals
from hzsubsidy_desktop.export import ExportBlocked, build_docx, export_application, export_basename, write_docx
from hzsubsidy_desktop.export.docx_rows import SEAL_ROOM_MM
from hzsubsidy_desktop.export.docx_style import TEXT_HEIGHT_MM
from hzsubsidy_desktop.export.docx_text import CHUNK_LINES, text_chunks, wrap_label
from hzsubsidy_desktop.formdef import FormDefinition

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4


def _open(definition: FormDefinition, doc: dict[str, Any], tmp_path: Path, **kw: Any) -> docx.document.Document:
    path = tmp_path / "out.docx"
    write_docx(definition, doc, path, **kw)
    return docx.Document(str(path))


def _row_with(rows: list[list[str]], label: str) -> list[str]:
    for row in rows:
        if any(flat(cell) == label for cell in row):
            return row
    raise AssertionError(f"no row labelled {label!r}")


def _after(row: list[str], label: str) -> str:
    """The value cell right after a label cell."""
    flat_cells = [flat(c) for c in row]
    return row[flat_cells.index(label) + 1]


def _body_paragraphs_before_first_table(document: Any) -> list[str]:
    out = []
    for child in document.element.body:
        if child.tag == qn("w:tbl"):
            break
        if child.tag == qn("w:p"):
            out.append(cell_text(child))
    return out


@pytest.fixture
def sample_docx(definition, sample, tmp_path):
    return _open(definition, sample, tmp_path)


# -- 附件3 -------------------------------------------------------------------------------------
def test_sheet3_heading_as_on_the_official_form(sample_docx, sample):
    lines = [t for t in _body_paragraphs_before_first_table(sample_docx) if t]
    assert lines[:3] == ["附件3", "浙江省跨境电商高质量发展试点", "重点项目信息表"]
    assert lines[3] == f"项目承建单位（盖章）：{sample['enterprise']['name']}"
    assert lines[4] == f"项目名称：{sample['project']['name']}"
    assert lines[5] == "项目类型：跨境电商产业带展示选品中心、跨境电商公共服务中心"
    assert lines[6] == "企业类型：☐贸易型　☑生产型　☐服务型　☐其它"
    assert lines[7] == "所在县（市、区）：安吉县"


def test_sheet3_enterprise_values_where_the_form_puts_them(sample_docx, sample):
    rows = sheet3_rows(sample_docx)
    e = sample["enterprise"]
    assert rows[0] == ["项目承担单位基本情况"]
    name_row = _row_with(rows, "承担单位名称")
    assert _after(name_row, "承担单位名称") == e["name"]
    assert _after(name_row, "单位性质") == "☐外资　☐合资　☑内资　☐其它"
    legal_row = _row_with(rows, "法定代表人")
    assert _after(legal_row, "法定代表人") == "沈建国" and _after(legal_row, "单位地址") == e["address"]
    code_row = rows[rows.index(legal_row) + 1]  # 社会信用代码 beside the merged 法定代表人
    assert code_row[:2] == ["", ""] and _after(code_row, "社会信用代码") == e["credit_code"]
    money_row = _row_with(rows, "注册资本（万元）")
    assert [_after(money_row, x) for x in ("注册资本（万元）", "总资产（万元）", "净资产（万元）")] == [
        "2000.00", "18650.32", "9420.50"]
    turnover = _row_with(rows, "2024年跨境电商额（万元）")
    assert _after(turnover, "2024年利润（万元）") == "1365.25"
    profile = _row_with(rows, "单位简介（重点是与跨境电商相关的情况）")
    assert flat(profile[1]) == e["profile"]
    people = _row_with(rows, "项目负责人")
    assert _after(people, "联系人") == "李晓燕" and _after(people, "联系电话") == "0572-5123456"
    assert _after(people, "项目负责人") == "沈建国"  # the leader's own phone is for 附件5 only


def test_sheet3_project_plan_and_support_lines(sample_docx, sample, definition):
    rows = sheet3_rows(sample_docx)
    assert ["项目基本情况"] in rows
    assert _after(_row_with(rows, "项目名称"), "项目名称") == sample["project"]["name"]
    assert _after(_row_with(rows, "项目类型"), "项目类型").split("\n") == [
        "☑跨境电商产业带展示选品中心", "☐跨境电商线上产业带专区", "☑跨境电商公共服务中心", "☐跨境电商产业园区"]
    assert _after(_row_with(rows, "项目起止时间"), "项目起止时间") == "2024年3月至2025年9月"
    invest = _row_with(rows, "总投资（投入）（万元）")
    assert _after(invest, "总投资（投入）（万元）") == "600.00"
    assert _after(invest, "申报期内投资（投入）（万元）") == "560.00"
    plan_head = _row_with(rows, "项目分年度建设进度计划")
    assert [flat(c) for c in plan_head] == ["项目分年度建设进度计划", "完成投资（投入）（万元）", "项目实施进度"]
    first = rows[rows.index(plan_head) + 1]
    second = rows[rows.index(plan_head) + 2]
    assert first[:2] == ["2024年12月31日前", "320.00"] and flat(first[2]) == sample["plan"][0]["progress"]
    assert second[:2] == ["2025年9月30日前", "560.00"]
    assert _after(_row_with(rows, "本年度申请补助资金（万元）"), "本年度申请补助资金（万元）") == "150.00"
    head = _row_with(rows, "支持内容")
    assert [flat(c) for c in head] == ["支持内容", "已开支", "拟支出"] * 2
    computed = totals.compute(definition, sample)
    printed = {}
    for row in rows[rows.index(head) + 1: rows.index(head) + 4]:
        for i in (0, 3):
            printed[flat(row[i])] = (row[i + 1], row[i + 2])
    assert list(printed) == ["设备购置费用（万元）", "技术购置费用（万元）", "软件购置费用（万元）",
                             "信息资料购置费用（万元）", "建设费用（万元）", "其他费用（万元）"]
    for cat in computed.categories:
        assert printed[f"{cat.label}（万元）"] == (f"{cat.spent:.2f}", f"{cat.planned:.2f}")


def test_sheet3_narrative_block(sample_docx, sample):
    rows = sheet3_rows(sample_docx)
    block = [r for r in rows if flat(r[0]) == "项目建设情况" or (r[0] == "" and len(r) == 2)]
    text = "\n".join(r[1] for r in block)
    n = sample["narrative"]
    for expected in ("项目概述：", n["overview"], "主要做法：", n["practices"], "绩效考核指标：",
                     "1.经济效益主要指标（体现可新增的跨境电商交易额、利润等）：", n["kpi_economic"], "2.社会效益主要指标：", n["kpi_social"],
                     "3.可持续效应主要指标：", n["kpi_sustainable"]):
        assert expected in text
    for label, key in (("项目获得政府性资金支持情况", "government_funding"), ("项目示范带动作用", "demonstration")):
        assert flat(_after(_row_with(rows, label), label)) == n[key]
    # the official form's own words head the 项目前期报批情况 cell
    assert flat(_after(_row_with(rows, "项目前期报批情况"), "项目前期报批情况")) == (
        "能评、环评、安评等各项前置审批及完成情况：" + n["approvals"])
    assert "申报期内本项目是否获得过" not in text  # a helper field, not on the official sheet


def test_undertakings_and_seal_room_kept_together(sample_docx, definition):
    table = sheet3_tables(sample_docx)[-1]
    last = list(table.iter(qn("w:tr")))[-1]
    assert last.find(f"{W}trPr/{W}cantSplit") is not None
    paras = [(cell_text(p), p) for p in last.iter(qn("w:p"))]
    texts = [t for t, _ in paras]
    undertakings = [f.label for f in definition.group("undertakings").fields]
    assert texts[:5] == ["承诺意见：", *undertakings]
    assert undertakings[1] == "2.申报期本项目未获得过中央和省级商务类财政专项资金补助。"
    seal = dict(paras)["项目承担企业（盖章）"]
    before = int(seal.find(f"{W}pPr/{W}spacing").get(qn("w:before")))
    assert before >= 45 * TWIPS_PER_MM and SEAL_ROOM_MM >= 45
    assert texts[-1] == "年　　月　　日"
    assert seal.find(f"{W}pPr/{W}jc").get(qn("w:val")) == "right"
    # the row before (项目示范带动作用) goes to the seal page too: a stamped page shows this project
    before_seal = list(table.iter(qn("w:tr")))[-2]
    assert flat(row_texts(table)[-2][0]) == "项目示范带动作用"
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in before_seal.iter(qn("w:p")))


def test_labels_are_read_from_the_definition(definition, sample, tmp_path):
    """Change a label in the definition: the printed form follows it."""
    def relabel(group):
        fields = tuple(dataclasses.replace(f, label="承担单位全称") if f.key == "name" else f for f in group.fields)
        return dataclasses.replace(group, fields=fields)

    groups = tuple(relabel(g) if g.key == "enterprise" else g for g in definition.groups)
    changed = dataclasses.replace(definition, groups=groups)
    rows = sheet3_rows(_open(changed, sample, tmp_path))
    assert _after(_row_with(rows, "承担单位全称"), "承担单位全称") == sample["enterprise"]["name"]


def test_the_plan_is_a_table_of_its_own_with_a_repeating_header_joined_to_the_form(sample_docx):
    """Word and LibreOffice repeat only a table's top rows: the plan's column titles can head a
    continuation page only as the first row of a table of its own, joined above and below."""
    tables = sheet3_tables(sample_docx)
    assert len(tables) == 3
    plan = tables[1]
    rows = row_texts(plan)
    assert [flat(c) for c in rows[0]] == ["项目分年度建设进度计划", "完成投资（投入）（万元）", "项目实施进度"]
    assert len(rows) == 3  # the header and the sample's two plan rows
    trs = list(plan.iter(qn("w:tr")))
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs[1:])
    assert flat(row_texts(tables[2])[0][0]) == "本年度申请补助资金（万元）"
    grids = [[g.get(qn("w:w")) for g in t.iter(qn("w:gridCol"))] for t in tables]
    assert grids[0] == grids[1] == grids[2]  # the same columns: the lines continue
    for above, below in zip(tables[:-1], tables[1:], strict=True):
        joint = above.getnext()
        assert joint.tag == qn("w:p") and joint.getnext() is below  # Word would merge adjacent tables
        # so thin that the upper table's bottom line and the lower one's top line fall together
        assert cell_text(joint) == "" and int(joint.find(f"{W}pPr/{W}spacing").get(qn("w:line"))) <= 2


# -- 附件4 -------------------------------------------------------------------------------------
def test_sheet4_table(sample_docx, sample, definition):
    body = [cell_text(p) for p in sample_docx.element.body.iterchildren(qn("w:p"))]
    assert "附件4" in body
    assert "安吉椅业跨境电商产业带展示选品中心建设" in body and "项目资金投入明细表" in body
    assert f"（填报单位：{sample['enterprise']['name']}）" in body and "单位：万元" in body
    assert any(t.startswith("注：拟支出费用指2025年1月1日至2025年9月30日前") for t in body)
    table = sheet4_tables(sample_docx)[0]
    rows = row_texts(table)
    assert [flat(c) for c in rows[0]] == ["支持内容", "序号", "费用名称", "已开支费用", "拟支出费用", "备注"]
    trs = list(table.iter(qn("w:tr")))
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs[1:])
    assert flat(rows[1][0]) == "设备购置费用"
    assert rows[1][1:] == ["1", "展示货架及灯光系统", "85.00", "0.00", ""]
    assert rows[2][1:] == ["2", "多媒体互动展示屏（86英寸，12台）", "42.50", "18.00", ""]
    assert rows[3] == ["", "小计", "127.50", "18.00", ""]
    software = next(r for r in rows if flat(r[0]) == "软件购置费用")
    assert software[1:] == ["1", "选品管理与供应链协同系统", "36.00", "24.00", "分两期开发"]
    computed = totals.compute(definition, sample)
    assert rows[-1] == ["累计", f"{computed.spent_total:.2f}", f"{computed.planned_total:.2f}", ""]
    assert [flat(r[0]) for r in rows if r[0]][1:] == [c.label for c in definition.categories] + ["累计"]


def test_empty_category_and_four_decimal_amounts(definition, sample, tmp_path):
    sample["expenditure"]["information"] = []
    sample["expenditure"]["equipment"][0]["spent"] = "85.1234"
    rows = row_texts(sheet4_tables(_open(definition, sample, tmp_path))[0])
    info = next(i for i, r in enumerate(rows) if flat(r[0]) == "信息资料购置费用")
    assert rows[info][1:] == ["", "", "", "", ""]  # one empty line, no 序号
    assert rows[info + 1] == ["", "小计", "0.00", "0.00", ""]
    assert rows[1][3] == "85.1234"
    assert rows[3][2] == "127.6234"


# -- fonts, page, rows -------------------------------------------------------------------------
def test_chinese_fonts_really_set(sample_docx):
    styles = sample_docx.styles.element
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    normal = sample_docx.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    theme = sample_docx.settings.element.find(f"{W}themeFontLang")
    assert theme.get(qn("w:eastAsia")) == "zh-CN"
    by_text: dict[str, set[str]] = {}
    for r in sample_docx.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if not text:
            continue
        rfonts = r.find(f"{W}rPr/{W}rFonts")
        assert rfonts is not None, text
        by_text.setdefault(text, set()).add(rfonts.get(qn("w:eastAsia")))
        if rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312":
            assert rfonts.get(qn("w:ascii")) == "Times New Roman"
    assert by_text["附件3"] == {"黑体"} and by_text["附件4"] == {"黑体"}
    assert by_text["浙江省跨境电商高质量发展试点"] == {"方正小标宋简体"}
    assert by_text["沈建国"] == {"仿宋_GB2312"}
    assert by_text["☑"] == {"Segoe UI Symbol"}
    title_run = next(r for r in sample_docx.element.body.iter(qn("w:r"))
                     if "".join(t.text or "" for t in r.iter(qn("w:t"))) == "重点项目信息表")
    assert title_run.find(f"{W}rPr/{W}sz").get(qn("w:val")) == "44"  # 2号 = 22 pt


def test_gb9704_page_and_page_numbers(sample_docx):
    section = sample_docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 (twips)
    assert section.orientation == 0  # portrait
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert sample_docx.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]._p
        assert "".join(t.text for t in p.iter(qn("w:t"))) == "— 1 —"
        assert [i.text.strip() for i in p.iter(qn("w:instrText"))] == ["PAGE"]
        assert [f.get(qn("w:fldCharType")) for f in p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert p.find(f"{W}pPr/{W}jc").get(qn("w:val")) == align
        size = p.find(f".//{W}sz").get(qn("w:val"))
        assert size == "28"  # 4号
    assert section.header.paragraphs[0].text == ""  # not a draft


def test_every_row_cant_split_and_tables_have_borders(sample_docx):
    for table in sample_docx.tables:
        tbl = table._tbl
        borders = tbl.find(f"{W}tblPr/{W}tblBorders")
        assert {b.tag.split("}")[1] for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
        assert all(b.get(qn("w:val")) == "single" for b in borders)
        for tr in tbl.iter(qn("w:tr")):
            trpr = tr.find(qn("w:trPr"))
            if trpr.find(qn("w:cantSplit")) is None:  # only a long answer may break across pages
                assert estimate_row_height_mm(tr) > CHUNK_LINES * 6.35
                continue
            assert trpr[0].tag == qn("w:cantSplit")  # schema order: cantSplit before tblHeader


# -- long texts, empty fields, control characters ----------------------------------------------
def _long_application(sample: dict[str, Any]) -> dict[str, Any]:
    sentence = "项目围绕安吉椅业产业带建设线上线下融合的展示选品中心，服务中小企业抱团出海，提升品牌影响力和国际竞争力。"
    sample["narrative"]["overview"] = (sentence * 110)[:5000]  # one paragraph of 5,000 characters
    paras = [f"（{i}）" + sentence * 3 for i in range(1, 30)]
    sample["narrative"]["practices"] = "\n".join(paras)[:8000]
    sample["enterprise"]["profile"] = "A" * 3000  # no sentence end, no CJK: hard cuts
    return sample


def test_long_answers_are_one_row_that_may_break_across_pages(definition, sample, tmp_path):
    doc = _long_application(sample)
    document = _open(definition, doc, tmp_path)
    trs = sheet3_trs(document)
    rows = sheet3_rows(document)
    start = next(i for i, r in enumerate(rows) if flat(r[0]) == "项目建设情况")
    assert doc["narrative"]["overview"] in rows[start][1]  # one paragraph, never cut into sub-rows
    assert trs[start].find(f"{W}trPr/{W}cantSplit") is None
    assert trs[start].find(f"{W}tc/{W}tcPr/{W}vAlign").get(qn("w:val")) == "top"  # label on the first page
    (profile,) = [r for r in rows if len(r) == 2 and set(flat(r[1])) == {"A"}]
    assert flat(profile[1]) == "A" * 3000
    short = next(i for i, r in enumerate(rows) if r[0] == "联系人" or "联系人" in r)
    assert trs[short].find(f"{W}trPr/{W}cantSplit") is not None


def test_every_field_at_its_maximum_length_fits(definition, sample, tmp_path):
    """Worst case: each text at its max_length, long notes and explanations: no row taller than a page."""
    for group in definition.groups:
        for f in group.fields:
            if f.type in ("text", "longtext") and f.max_length:
                sample[group.key][f.key] = "测" * f.max_length
    for row in sample["plan"]:
        row["progress"] = "进" * definition.plan.column("progress").max_length
    for cat in definition.categories:
        sample["expenditure"][cat.key] = [{"name": "名" * 100, "spent": "123456789012.1234", "note": "注" * 200}]
    explained = explained_application()
    sample["enterprise"]["credit_code"] = explained["enterprise"]["credit_code"]
    sample["explanations"] = {k: "说" * 2000 for k in EXPLANATIONS}
    document = _open(definition, sample, tmp_path)
    header = estimate_row_height_mm(next(sheet4_tables(document)[0].iter(qn("w:tr"))))
    for table in document.tables:
        for tr in table._tbl.iter(qn("w:tr")):
            if tr.find(f"{W}trPr/{W}cantSplit") is not None:  # a row that cannot break must fit a page
                assert estimate_row_height_mm(tr) + header < TEXT_HEIGHT_MM


def test_empty_optional_field_prints_empty_never_none(definition, sample, tmp_path):
    del sample["narrative"]["government_funding"]
    del sample["expenditure"]["software"][0]["note"]
    del sample["expenditure"]["equipment"][0]["planned"]
    document = _open(definition, sample, tmp_path, draft=True)
    rows = sheet3_rows(document)
    assert _after(_row_with(rows, "项目获得政府性资金支持情况"), "项目获得政府性资金支持情况") == ""
    rows4 = row_texts(sheet4_tables(document)[0])
    assert rows4[1][4] == "" and rows4[1][3] == "85.00"
    everything = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    assert "None" not in everything and "null" not in everything


def test_control_characters_never_break_the_file(definition, sample, tmp_path):
    sample["enterprise"]["name"] = "浙江\x00竹韵\x0b家居\ufffe科技\x1f有限公司"
    sample["narrative"]["overview"] = "第一段\x07。\n第二段\uffff。"
    sample["expenditure"]["other"][0]["note"] = "备\x08注"
    document = _open(definition, sample, tmp_path, draft=True)
    lines = _body_paragraphs_before_first_table(document)
    assert "项目承建单位（盖章）：浙江竹韵家居科技有限公司" in lines
    rows = sheet3_rows(document)
    assert "第一段。\n第二段。" in "\n".join(r[1] for r in rows if len(r) == 2)
    assert any(r[-1] == "备注" for r in row_texts(sheet4_tables(document)[0])[1:])


# -- explanations and drafts -------------------------------------------------------------------
def test_explanations_print_where_they_belong(definition, tmp_path):
    document = _open(definition, explained_application(), tmp_path)
    rows = sheet3_rows(document)
    code = next(i for i, r in enumerate(rows) if "社会信用代码" in r)
    note = rows[code + 1]
    assert note[0] == "说明" and note[1] == f"说明（社会信用代码）：\n{EXPLANATIONS['credit-code-check@/enterprise/credit_code']}"
    types = next(i for i, r in enumerate(rows) if r[0] == "项目类型")
    assert rows[types + 1][0] == "说明" and rows[types + 2][0] != "说明"  # one 说明 row, two notes
    area = rows[types + 1][1]
    assert area.count("说明（实际使用面积（平方米）：800）：") == 2
    assert "二期展厅1200平方米" in area and "公共服务中心与展厅共用二期场地" in area
    funding = next(i for i, r in enumerate(rows) if flat(r[0]) == "项目获得政府性资金支持情况")
    assert rows[funding + 1][0] == "说明" and "该资金用于其他项目，非本项目。" in rows[funding + 1][1]
    body = [cell_text(p) for p in document.element.body.iterchildren(qn("w:p"))]
    note4 = next(i for i, t in enumerate(body) if t.startswith("注：拟支出费用"))
    assert body[note4 + 1] == "说明（项目资金投入明细表）：拟支出为已签合同的尾款，2025年支付。"
    # before 承诺意见 nothing is left over
    assert "说明" not in rows[-2][0]


def test_draft_is_marked_and_unconfirmed_undertakings_say_so(definition, sample, tmp_path):
    del sample["undertakings"]["credit_safety"]
    document = _open(definition, sample, tmp_path, draft=True)
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        assert "草稿" in header.paragraphs[0].text
    assert document.core_properties.keywords == "草稿"
    last = sheet3_rows(document)[-1][0]
    assert "3.本企业未列入严重失信名单，近三年未发生重大安全生产责任事故。（未确认）" in last
    assert "4.本企业承诺所填内容真实有效。（未确认）" not in last


def test_export_refuses_errors_unless_draft(definition, sample, tmp_path):
    sample["enterprise"]["net_assets"] = "99999"
    out = tmp_path / "out"
    with pytest.raises(ExportBlocked) as info:
        export_application(definition, sample, out)
    assert [f.code for f in info.value.report.blocking] == ["net-assets-above-total"]
    assert "不能导出正式版" in str(info.value)
    assert not out.exists() or list(out.iterdir()) == []
    result = export_application(definition, sample, out, draft=True)
    assert result.draft and result.pdf is None
    assert result.docx.name == f"{export_basename(sample)}_草稿.docx"
    assert result.xlsx.name == f"{export_basename(sample)}_草稿.xlsx"
    assert sorted(p.name for p in out.iterdir()) == sorted([result.docx.name, result.xlsx.name])


def test_unexplained_finding_blocks_final_export(definition, tmp_path):
    doc = explained_application()
    del doc["explanations"]["credit-code-check@/enterprise/credit_code"]
    with pytest.raises(ExportBlocked) as info:
        export_application(definition, doc, tmp_path)
    assert [f.code for f in info.value.report.blocking] == ["credit-code-check"]


def test_export_basename_is_safe_for_windows(sample):
    assert export_basename(sample) == "安吉椅业跨境电商产业带展示选品中心建设项目_附件3-4"
    sample["project"]["name"] = 'a/b\\c:d*e?f"g<h>i|j\x01.  '
    assert export_basename(sample) == "a_b_c_d_e_f_g_h_i_j_附件3-4"
    sample["project"]["name"] = "很" * 80
    assert export_basename(sample) == "很" * 60 + "_附件3-4"
    sample["project"]["name"] = "CON"
    assert export_basename(sample) == "未命名项目_CON_附件3-4"
    del sample["project"]["name"]
    assert export_basename(sample) == "未命名项目_附件3-4"


def test_label_wrapping_and_chunks():
    assert wrap_label("注册资本（万元）", 26) == "注册资本\n（万元）"
    assert wrap_label("总投资（投入）（万元）", 26) == "总投资\n（投入）\n（万元）"
    assert wrap_label("联系人", 26) == "联系人"
    assert all(len(line) <= 5 for line in wrap_label("项目获得政府性资金支持情况", 26).split("\n"))
    chunks = text_chunks("甲。" * 1000, 130)
    assert "".join(t for chunk in chunks for t, _ in chunk) == "甲。" * 1000
    assert all(len(chunk) >= 1 for chunk in chunks)


def test_building_does_not_touch_the_input(definition, sample):
    before = repr(sample)
    build_docx(definition, sample)
    assert repr(sample) == before


# -- one LibreOffice rendering for the module --------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[list[str], str, dict[str, Any]]:
    from hzsubsidy_desktop.formdef import load_definition

    definition = load_definition()
    doc = _long_application(explained_application())
    folder = tmp_path_factory.mktemp("render")
    source = folder / "long.docx"
    write_docx(definition, doc, source)
    pdf = render_pdf(source, folder)
    import subprocess

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    return pdf_pages(pdf), fonts, doc


@pytest.mark.system
def test_rendered_pages_keep_the_seal_block_together(rendered):
    pages, _fonts, _doc = rendered
    seal_pages = [i for i, text in enumerate(pages) if "项目承担企业（盖章）" in text]
    assert len(seal_pages) == 1
    page = re.sub(r"\s+", "", pages[seal_pages[0]])
    for text in ("项目示范", "为安吉椅业产业带提供集中展示", "承诺意见：", "1.本项目未违反国家产业政策、环保政策。", "4.本企业承诺所填内容真实有效。",
                 "年月日"):
        assert text in page
    assert "附件4" not in page  # 附件4 starts on a new page


@pytest.mark.system
def test_rendered_long_overview_flows_over_pages_with_page_numbers(rendered):
    pages, _fonts, doc = rendered
    assert len(pages) >= 8
    overview_pages = [i for i, t in enumerate(pages) if "项目围绕安吉椅业产业带" in t]
    assert len(overview_pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"—\s*{number}\s*—", text), number
    everything = re.sub(r"\s+", "", "".join(pages))
    assert doc["narrative"]["overview"][-40:] in everything


@pytest.mark.system
def test_rendered_with_the_cjk_aliases(rendered):
    _pages, fonts, _doc = rendered
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # 仿宋_GB2312 and 黑体 via tests/fonts


def test_explanation_without_a_printed_field_goes_before_the_undertakings(definition, sample):
    """An explanation about something the sheet does not show (here 所在县, a head line) is not lost."""
    from hzsubsidy_desktop.validation.findings import Finding, Level, Report

    finding = Finding(Level.EXPLAIN, "demo", "/enterprise/county", "示例", "enterprise", "县名按营业执照填写。")
    document = build_docx(definition, sample, report=Report((finding,)))
    rows = sheet3_rows(document)
    assert rows[-2] == ["说明", "说明（所在县（市、区））：\n县名按营业执照填写。"]
    assert rows[-1][0].startswith("承诺意见：")
