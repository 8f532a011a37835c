"""附件2 申报表 .docx: laid out like the official form, with the county's name on both seal lines."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from export_helpers import pdf_pages, render_pdf

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.export.declaration import build_declaration, title_lines, write_declaration_docx
from hzsubsidy_desktop.store import Store

FONTS_CONF = Path(__file__).resolve().parent / "fonts" / "fonts.conf"


def _rows(document) -> list[list[str]]:
    [table] = document.tables
    out = []
    for tr in table._tbl.findall(qn("w:tr")):
        cells = []
        for tc in tr.findall(qn("w:tc")):
            paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))]
            cells.append("\n".join(paras).strip("\n"))
        out.append(cells)
    return out


@pytest.fixture
def filled(tmp_path, definition):
    with Store(tmp_path / "county.sqlite3") as store:
        cons.set_county_settings(store, {"county": "德清县", "contact_person": "王敏", "contact_phone": "0572-8012345"})
        values = cons.set_declaration(store, {
            "project_name": "德清县跨境电商产业带提升工程",
            "goals": "到2025年底跨境电商交易额达到60亿元。\n培育亿元企业10家。\x0b",
            "work": "建设产业带选品中心。",
            "policy": "出台专项扶持政策。",
            "safeguards": "成立工作专班。",
        }, definition)
        county = cons.county_settings(store)["county"]
    path = write_declaration_docx(definition, values, county, tmp_path / "附件2.docx")
    return docx.Document(str(path))


def test_heading_like_the_official_form(filled):
    texts = [p.text for p in filled.paragraphs]
    assert texts[:3] == ["附件2", "浙江省跨境电商高质量发展试点\n重点项目申报表", "（此表由试点县（市、区）填写）"]


def test_label_value_table_in_official_order(filled):
    rows = _rows(filled)
    assert rows[0] == ["所在地区", "湖州市德清县"]
    assert rows[1] == ["联系人", "王敏", "联系电话", "0572-8012345"]
    assert rows[2] == ["项目名称", "德清县跨境电商产业带提升工程"]
    assert [r[0] for r in rows[3:7]] == ["目标体系", "工作体系", "政策体系", "工作保障"]
    assert rows[3][1] == "到2025年底跨境电商交易额达到60亿元。\n培育亿元企业10家。"  # control character removed


def test_notice_approval_and_seals_with_the_county_name(filled):
    last = _rows(filled)[-1]
    assert len(last) == 1  # one cell across the table
    lines = last[0].split("\n")
    assert lines[0] == "特别注意：请各地认真审核项目清单、仔细测算考核目标和政策措施，对其真实性负责，将作为项目评审和后期考核评价的依据。"
    assert "内容真实有效，同意上报。" in lines
    seal_line = next(line for line in lines if "盖章" in line)
    assert seal_line == "德清县商务局（盖章）德清县财政局（盖章）"  # tab-separated, one centred in each half
    assert "***" not in last[0]


def test_empty_text_fields_show_the_official_guidance_in_grey(definition):
    document = build_declaration(definition, {"region": "湖州市安吉县"}, "安吉县")
    rows = _rows(document)
    goals = next(r for r in rows if r[0] == "目标体系")
    assert goals[1] == definition.declaration.fields[4].help
    [table] = document.tables
    colors = {c.get(qn("w:val")) for c in table._tbl.iter(qn("w:color"))}
    assert "808080" in colors


def test_fonts_are_set_for_chinese_text(filled):
    fonts = {f.get(qn("w:eastAsia")) for f in filled.element.body.iter(qn("w:rFonts"))}
    assert {"黑体", "方正小标宋简体", "仿宋_GB2312"} <= fonts


def test_title_breaks_after_shidian():
    assert title_lines("浙江省跨境电商高质量发展试点重点项目申报表") == "浙江省跨境电商高质量发展试点\n重点项目申报表"
    assert title_lines("短标题") == "短标题"


def _words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) in points of every word pdftotext finds."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


@pytest.mark.system
@pytest.mark.slow
@pytest.mark.parametrize("values", [{"region": "湖州市安吉县"}, "filled"])
def test_two_45mm_seals_on_the_names_cover_no_text(tmp_path, values, definition):
    """Rendered: each seal, centred on its (盖章) name, touches no other word; a blank form is one page."""
    if values == "filled":
        values = {"region": "湖州市德清县", "contact_person": "王敏", "contact_phone": "0572-8012345",
                  "project_name": "德清县跨境电商产业带项目", **{k: "内容真实。" * 60 for k in ("goals", "work", "policy")}}
    path = write_declaration_docx(definition, values, "安吉县", tmp_path / "附件2.docx")
    pdf = render_pdf(path, tmp_path)
    pages = pdf_pages(pdf)
    if "goals" not in values:
        assert len(pages) == 1
    assert "内容真实有效，同意上报。" in pages[-1]
    words = _words(pdf)
    seals = [w for w in words if w[0].endswith("（盖章）")]
    assert [w[0] for w in seals] == ["安吉县商务局（盖章）", "安吉县财政局（盖章）"]
    radius = 45 / 2 / 25.4 * 72
    centres = [((x0 + x1) / 2, (y0 + y1) / 2) for _w, x0, y0, x1, y1 in seals]
    assert centres[1][0] - centres[0][0] >= 2 * radius  # the two seals do not overlap
    last_page_start = max(i for i, w in enumerate(words) if w[0].startswith("特别注意"))
    for cx, cy in centres:
        for text, x0, y0, x1, y1 in words[last_page_start:]:
            if text.endswith("（盖章）"):
                continue
            dx, dy = max(x0 - cx, 0, cx - x1), max(y0 - cy, 0, cy - y1)
            assert math.hypot(dx, dy) > radius, f"a seal at ({cx:.0f}, {cy:.0f}) covers “{text}”"
