"""Applications and readers shared by the export tests (docx, xlsx, import, CLI)."""

from __future__ import annotations

import math
import os
import subprocess
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from hzsubsidy_desktop.document.sample import sample_application

ROOT = Path(__file__).resolve().parent.parent
FONTS_CONF = ROOT / "tests" / "fonts" / "fonts.conf"

EXPLANATIONS = {
    "credit-code-check@/enterprise/credit_code": "营业执照所载代码即为此号，已与市场监管部门核实。",
    "basic-condition-not-met:cond-showroom-area@/conditions/area_sqm": "二期展厅1200平方米2025年6月交付，交付后合计2000平方米。",
    "basic-condition-not-met:cond-service-area@/conditions/area_sqm": "公共服务中心与展厅共用二期场地。",
    "planned-after-project-end@/expenditure": "拟支出为已签合同的尾款，2025年支付。",
    "funding-text-mentions-commerce-funds@/narrative/government_funding": "该资金用于其他项目，非本项目。",
}


def explained_application() -> dict[str, Any]:
    """The sample with five "explain to proceed" findings, each explained: ready for a final export."""
    doc = sample_application()
    code = doc["enterprise"]["credit_code"]
    doc["enterprise"]["credit_code"] = code[:17] + ("0" if code[17] != "0" else "1")
    doc["conditions"]["area_sqm"] = "800"
    doc["project"]["end"] = "2024-11"
    doc["plan"][0]["deadline"] = "2024-06-30"
    doc["plan"][1]["deadline"] = "2024-11-30"
    doc["narrative"]["government_funding"] = "2023年获省商务厅中央外经贸发展专项资金10万元（用于其他项目）。"
    doc["explanations"] = dict(EXPLANATIONS)
    return doc


def row_texts(table_element: Any) -> list[list[str]]:
    """Each row of a Word table as the texts of its own cells (merged cells once; "" for continuations)."""
    out = []
    for tr in table_element.iter(qn("w:tr")):
        cells = []
        for tc in tr.iter(qn("w:tc")):
            cells.append(cell_text(tc))
        out.append(cells)
    return out


def sheet3_tables(document: Any) -> list[Any]:
    """The 附件3 tables (``w:tbl`` elements) of an exported document, in order: the form is several
    tables joined into one (the plan is a table of its own, so its header row can repeat)."""
    tables = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p") and cell_text(child).startswith("附件4"):
            break
        if child.tag == qn("w:tbl"):
            tables.append(child)
    return tables


def sheet4_tables(document: Any) -> list[Any]:
    """The 附件4 tables (``w:tbl`` elements): one per page after the first."""
    first = len(sheet3_tables(document))
    return [t for t in document.element.body.iterchildren(qn("w:tbl"))][first:]


def sheet3_rows(document: Any) -> list[list[str]]:
    """Every row of 附件3, across its joined tables (see :func:`row_texts`)."""
    return [row for table in sheet3_tables(document) for row in row_texts(table)]


def sheet3_trs(document: Any) -> list[Any]:
    """Every ``w:tr`` of 附件3, across its joined tables (in the order of :func:`sheet3_rows`)."""
    return [tr for table in sheet3_tables(document) for tr in table.iter(qn("w:tr"))]


def cell_text(tc: Any) -> str:
    paras = []
    for p in tc.iter(qn("w:p")):
        parts = []
        for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            parts.append(node.text or "" if node.tag == qn("w:t") else ("\n" if node.tag == qn("w:br") else "\t"))
        paras.append("".join(parts))
    return "\n".join(paras)


def flat(text: str) -> str:
    """Text without the line breaks a narrow label cell adds."""
    return text.replace("\n", "")


def estimate_row_height_mm(tr: Any) -> float:
    """A conservative height estimate of a table row: every paragraph's lines at its exact pitch.

    Independent of the exporter's own measure: every non-ASCII character counts one em, ASCII 0.6.
    """
    tallest = 0.0
    for tc in tr.iter(qn("w:tc")):
        tcpr = tc.find(qn("w:tcPr"))
        vmerge = tcpr.find(qn("w:vMerge"))
        if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
            continue
        width_mm = int(tcpr.find(qn("w:tcW")).get(qn("w:w"))) / 1440 * 25.4
        height = 0.0
        for p in tc.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            spacing = ppr.find(qn("w:spacing"))
            pitch_mm = int(spacing.get(qn("w:line"))) / 1440 * 25.4
            before = int(spacing.get(qn("w:before"), "0")) / 1440 * 25.4
            after = int(spacing.get(qn("w:after"), "0")) / 1440 * 25.4
            sz = p.find(f".//{qn('w:sz')}")
            size_pt = int(sz.get(qn("w:val"))) / 2 if sz is not None else 12
            per_line = max(1, math.floor((width_mm - 3.8) / (size_pt * 25.4 / 72)))
            ind = ppr.find(qn("w:ind"))
            indent = int(ind.get(qn("w:firstLineChars"), "0")) / 100 if ind is not None else 0
            text = cell_text(p)
            lines = 0
            for i, line in enumerate(text.split("\n")):
                ems = sum(0.6 if ord(ch) < 128 else 1.0 for ch in line) + (indent if i == 0 else 0)
                lines += max(1, math.ceil(ems / per_line))
            height += lines * pitch_mm + before + after
        tallest = max(tallest, height)
    return tallest


def render_pdf(source: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice using the fontconfig aliases of tests/fonts (one private profile)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    profile = (out_dir / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=180, env=env,
    )
    return out_dir / (source.stem + ".pdf")


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
