"""Rendered through LibreOffice: how long answers and long 附件4 tables fall on pages."""

from __future__ import annotations

import copy
import re
import subprocess
from pathlib import Path

import pytest
from export_helpers import pdf_pages, render_pdf

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.export.docx_form import write_docx
from hzsubsidy_desktop.export.docx_style import MARGIN_TOP_MM, TEXT_HEIGHT_MM

pytestmark = pytest.mark.slow

SENTENCE = "项目围绕安吉椅业产业带建设线上线下融合的展示选品中心，服务中小企业抱团出海，提升品牌影响力和国际竞争力。"


def _lowest_text_mm(pdf: Path) -> list[float]:
    """Per page, the bottom of the lowest word above the page number, in mm from the page top."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    out = []
    for page in html.split("<page ")[1:]:
        bottoms = [float(y) for y, word in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page)
                   if not word.startswith("—") and not word.isdigit()]
        out.append(max(bottoms) / 72 * 25.4 if bottoms else 0.0)
    return out


def test_long_answers_fill_their_pages(tmp_path, definition, sample):
    """1,500-character answers run on as one text: no page of 附件3 but the seal page ends early."""
    doc = copy.deepcopy(sample)
    text = (SENTENCE * 40)[:1500]
    for key in ("overview", "practices", "kpi_economic", "approvals", "demonstration"):
        doc["narrative"][key] = text
    doc["enterprise"]["profile"] = doc["project"]["content"] = text
    write_docx(definition, doc, tmp_path / "long.docx")
    pdf = render_pdf(tmp_path / "long.docx", tmp_path)
    pages = pdf_pages(pdf)
    seal = next(i for i, t in enumerate(pages) if "项目承担企业（盖章）" in t)
    block_bottom = MARGIN_TOP_MM + TEXT_HEIGHT_MM
    # (the page before the seal page may end early: the seal block is one unbreakable row)
    for number, bottom in enumerate(_lowest_text_mm(pdf)[:seal - 1], start=1):
        assert bottom > block_bottom - 20, f"page {number} ends {block_bottom - bottom:.0f} mm above the foot"
    seal_page = re.sub(r"\s+", "", pages[seal])
    assert seal_page.startswith(text[-12:]) or text[-12:] in seal_page  # the answer's end is on the seal page


def test_80_items_keep_the_header_and_the_total_with_the_last_items_and_the_note(tmp_path, definition, sample):
    doc = copy.deepcopy(sample)
    doc["expenditure"]["equipment"] = [
        {"name": f"设备{i}号展示架与灯光系统", "spent": "1.5", "planned": "0.5"} for i in range(1, 81)]
    write_docx(definition, doc, tmp_path / "items.docx")
    pages = pdf_pages(render_pdf(tmp_path / "items.docx", tmp_path))
    first4 = next(i for i, t in enumerate(pages) if re.search(r"附件\s*4", t))
    sheet4 = pages[first4:]
    assert len(sheet4) >= 4
    for text in sheet4:
        assert "费用名称" in text and "已开支" in text  # the header row repeats on every page
    last_category = definition.categories[-1]
    last_item = docs.get(doc, last_category.table.path)[-1]["name"]
    (total_page,) = [t for t in sheet4 if "累计" in t]
    flat = re.sub(r"\s+", "", total_page)
    assert last_item[:8] in flat  # 累计 is never alone: the last items come with it (names wrap in cells)
    assert "注：" in flat
    items = re.findall(r"设备(\d+)号", re.sub(r"\s+", "", "".join(sheet4)))
    assert [int(n) for n in items] == list(range(1, 81))  # every item once, in order
    for text in sheet4[1:]:  # a continuation page names its category at the top
        flat_page = re.sub(r"\s+", "", text)
        first_item = flat_page.index("设备") if "设备" in flat_page else len(flat_page)
        assert "（续）" in flat_page[:first_item] or not flat_page.startswith("支持内容")
    assert sum("（续）" in re.sub(r"\s+", "", t) for t in sheet4) >= 3


def test_80_items_read_back_from_the_continuation_tables(tmp_path, definition, sample):
    from hzsubsidy_desktop.interchange.word_import import read_word

    doc = copy.deepcopy(sample)
    doc["expenditure"]["equipment"] = [
        {"name": f"设备{i}号展示架与灯光系统", "spent": "1.5", "planned": "0.5"} for i in range(1, 81)]
    write_docx(definition, doc, tmp_path / "items.docx")
    read = read_word(tmp_path / "items.docx").doc
    assert [r["name"] for r in read["expenditure"]["equipment"]] == [f"设备{i}号展示架与灯光系统" for i in range(1, 81)]
    assert read["expenditure"]["other"] == doc["expenditure"]["other"]


def test_a_long_plan_repeats_its_column_titles_on_every_page_it_runs_onto(tmp_path, definition, sample):
    doc = copy.deepcopy(sample)
    stages = definition.plan.max_rows  # 10 on this notice
    doc["plan"] = [{"deadline": f"{2024 + i // 4}-{(i % 4) * 3 + 3:02d}-30", "invested": str(100 + 40 * i),
                    "progress": f"第{i + 1}阶段：" + (SENTENCE * 5)[:200]} for i in range(stages)]
    write_docx(definition, doc, tmp_path / "plan.docx")
    pages = [re.sub(r"\s+", "", t) for t in pdf_pages(render_pdf(tmp_path / "plan.docx", tmp_path))]
    plan_pages = [t for t in pages if re.search(r"第\d+阶段", t)]
    assert len(plan_pages) >= 3  # the plan runs over at least two page breaks
    header = ("项目分年度建", "设进度计划", "完成投资", "（万元）", "项目实施进度")  # its cells' lines
    for text in plan_pages:  # each page starts with the plan's header row, above the first stage
        first_stage = re.search(r"第\d+阶段", text).start()
        assert all(0 <= text.find(words) < first_stage for words in header), text[:first_stage]
    found = [int(n) for t in plan_pages for n in re.findall(r"第(\d+)阶段", t)]
    assert found == list(range(1, stages + 1))  # every stage once, in order
    after = next(i for i, t in enumerate(pages) if t is plan_pages[-1])
    assert "本年度申请补助资金" in pages[after]  # the form goes on under the plan
