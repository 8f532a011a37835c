"""The official 附件3 / 附件4 Word templates (seed 001's layout) built with python-docx and filled by
hand in many styles, for the Word import tests, the corpus and the benchmark. Nothing is committed:
every file is written into a temporary folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.values.amounts import to_text

OVERVIEW_GUIDE = (
    "介绍项目实施的必要性、可行性、先进性以及实施预期目标，通过项目实施前后的效果比较，与国内外先进水平的比较，"
    "分析项目实施对于相关单位在投入产出、运营成本、模式创新、服务促进、扩大跨境电商规模等方面的突出作用，以及对示范引领的积极影响。"
)
PRACTICES_GUIDE = "项目围绕提升核心竞争能力，从管理运营、模式创新、平台建设、服务绩效等方面论述项目实施的主要目标、建设内容及实施效果。"
TYPES_NOTE = "注：跨境电商产业带展示选品中心、线上产业带专区方面、公共服务中心方面、产业园区等四种类型选择其中一项或多项。"
UNDERTAKINGS = (
    "承诺意见：\n1.本项目未违反国家产业政策、环保政策。\n2.申报期本项目未获得过中央和省级商务类财政专项资金补助。\n"
    "3.本企业未列入严重失信名单，近三年未发生重大安全生产责任事故。\n　　4.本企业承诺所填内容真实有效。\n\n项目承担企业（盖章）\n    年   月   日"
)
CATEGORIES = (("equipment", "设备购置费用"), ("software", "软件购置费用"), ("technology", "技术购置费用"),
              ("information", "信息资料购置费用"), ("construction", "建设费用"), ("other", "其他费用"))


@dataclass
class Style:
    """How the person filled the form."""

    labels_broken: bool = True  # "承担单位\n名称", "注册资本\n（万元）" as on the official sheet
    mark: str = "☑"  # ☑ √ ✓ ■ ● ✔ (√); "delete": other options removed; "sym": Wingdings ☑; "strike"
    mark_after: bool = False  # "贸易型√" rather than "☑贸易型"
    amount: str = "plain"  # plain | wan (万元) | yuan (元) | full (full-width) | thousands
    period: str = "{sy}年{sm}月至{ey}年{em}月"
    narrative_below: bool = True  # values in the row under the guidance; else after it in the same cell
    serial: str = "{n}"  # "{n}、"
    spare_rows: int = 2  # the template's "2" and "......" rows left empty
    typed_totals: bool = False  # 小计 and 累计 typed by hand (right sums)
    wrong_total: str | None = None  # a wrong 累计 已开支
    support_grid: bool = True  # 附件3 支持内容 grid filled
    wrong_support: str | None = None  # a wrong 设备购置费用 已开支 in the 支持内容 grid
    header_types: bool = True  # 项目类型 also on the head line
    sheets: tuple[str, ...] = ("附件3", "附件4")
    title_without_xiangmu: bool = True  # "××建设项目资金投入明细表", not "××建设项目项目…"
    extras: dict[str, Any] = field(default_factory=dict)


def _money(value: str | None, style: Style) -> str:
    if value is None:
        return ""
    if style.amount == "wan":
        return f"{value}万元"
    if style.amount == "yuan":
        from decimal import Decimal

        return f"{Decimal(value) * 10000:,.0f}元"
    if style.amount == "full":
        return value.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    if style.amount == "thousands":
        from decimal import Decimal

        d = Decimal(value)
        return f"{d:,}" if d == d.to_integral() else f"{d:,f}"
    return value


def _choice_text(options: list[str], chosen: list[Any], style: Style, sep: str = "  ") -> str:
    chosen = [c for c in chosen if c]
    if style.mark == "delete":
        return sep.join(chosen)
    if style.mark in ("sym", "strike"):
        return sep.join(options)  # handled by _choice_para
    parts = []
    for o in options:
        if o in chosen:
            parts.append(f"{o}{style.mark}" if style.mark_after else f"{style.mark}{o}")
        else:
            parts.append(o if style.mark not in "☑■" else f"□{o}")
    return sep.join(parts)


def _set_text(cell: Any, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _choice_para(paragraph: Any, options: list[str], chosen: list[str], style: Style) -> None:
    """Options with a Wingdings check box symbol, or the other options struck through."""
    for o in options:
        if style.mark == "sym":
            run = paragraph.add_run()
            sym = OxmlElement("w:sym")
            sym.set(qn("w:font"), "Wingdings")
            sym.set(qn("w:char"), "F0FE" if o in chosen else "F0A8")
            run._r.append(sym)
            paragraph.add_run(o + "  ")
        else:
            run = paragraph.add_run(o)
            run.font.strike = o not in chosen
            paragraph.add_run("  ")


class _Grid:
    def __init__(self, document: Any, cols: int) -> None:
        self.table = document.add_table(rows=0, cols=cols)
        self.table.style = "Table Grid"
        self.cols = cols

    def row(self, cells: list[tuple[str, int]], *, merge_up: tuple[int, ...] = ()) -> list[Any]:
        """cells: (text, span); merge_up: indexes (in ``cells``) merged with the cell above."""
        r = self.table.add_row()
        out = []
        col = 0
        for i, (text, span) in enumerate(cells):
            cell = r.cells[col]
            if span > 1:
                cell = cell.merge(r.cells[col + span - 1])
            if i in merge_up:
                above = self.table.rows[len(self.table.rows) - 2].cells[col]
                cell = above.merge(cell)
            else:
                _set_text(cell, text)
            out.append(cell)
            col += span
        return out


def label(text: str, style: Style) -> str:
    return text if style.labels_broken else text.replace("\n", "")


def build(path: Path, doc: dict[str, Any] | None = None, style: Style | None = None) -> Path:
    """The official 附件3 and/or 附件4 filled with ``doc`` (default: the sample) in ``style``."""
    doc = doc or sample_application()
    style = style or Style()
    document = docx.Document()
    if "附件3" in style.sheets:
        _sheet3(document, doc, style)
    if "附件4" in style.sheets:
        if "附件3" in style.sheets:
            document.add_page_break()
        _sheet4(document, doc, style)
    document.save(str(path))
    return path


def _sheet3(document: Any, doc: dict[str, Any], style: Style) -> None:
    e, p, n = doc["enterprise"], doc["project"], doc["narrative"]
    m = lambda v: _money(v, style)  # noqa: E731
    document.add_paragraph("附件3")
    document.add_paragraph("浙江省跨境电商高质量发展试点")
    document.add_paragraph("重点项目信息表")
    document.add_paragraph(f"项目承建单位（盖章）：{e.get('name', '')}")
    document.add_paragraph(f"项目名称：{p.get('name', '')}")
    types = ["跨境电商产业带展示选品中心", "跨境电商线上产业带专区", "跨境电商公共服务中心", "跨境电商产业园区"]
    document.add_paragraph("项目类型：" + ("、".join(p.get("types", [])) if style.header_types else ""))
    etypes = ["贸易型", "生产型", "服务型", "其它"]
    para = document.add_paragraph("企业类型：   ")
    if style.mark in ("sym", "strike"):
        _choice_para(para, etypes, [e.get("enterprise_type")], style)
    else:
        para.add_run(_choice_text(etypes, [e.get("enterprise_type")], style, "   "))
    document.add_paragraph(f"所在县（市、区）：{e.get('county', '')}")
    g = _Grid(document, 6)
    g.row([("项目承担单位基本情况", 6)])
    natures = ["外资", "合资", "内资", "其它"]
    cells = g.row([(label("承担单位\n名称", style), 1), (e.get("name", ""), 2), ("单位性质", 1), ("", 2)])
    if style.mark in ("sym", "strike"):
        _choice_para(cells[3].paragraphs[0], natures, [e.get("nature")], style)
    else:
        _set_text(cells[3], _choice_text(natures, [e.get("nature")], style, " ").replace(" 其它", "\n其它")
                  .replace(" □其它", "\n□其它").replace(" ☑其它", "\n☑其它"))
    g.row([("法定代表人", 1), (e.get("legal_representative", ""), 2), ("单位地址", 1), (e.get("address", ""), 2)])
    g.row([("", 1), ("", 2), ("社会信用代码", 1), (e.get("credit_code", ""), 2)], merge_up=(0, 1))
    g.row([(label("注册资本\n（万元）", style), 1), (m(e.get("registered_capital")), 1), ("总资产（万元）", 1),
           (m(e.get("total_assets")), 1), (label("净资产\n（万元）", style), 1), (m(e.get("net_assets")), 1)])
    g.row([("2024年跨境电商额（万元）", 1), (m(e.get("cbec_turnover")), 1), ("2024年营业收入（万元）", 1),
           (m(e.get("revenue")), 1), (label("2024年利润\n（万元）", style), 1), (m(e.get("profit")), 1)])
    g.row([(label("单位简介\n（重点是与跨境电商相关的情况）", style), 1), (e.get("profile", ""), 5)])
    g.row([("项目负责人", 1), (e.get("project_leader", ""), 1), ("联系人" if style.labels_broken else "联 系 人", 1),
           (e.get("contact_person", ""), 1), ("联系电话", 1), (e.get("contact_phone", ""), 1)])
    g.row([("项目基本情况", 6)])
    g.row([("项目名称", 1), (p.get("name", ""), 5)])
    chosen = p.get("types", [])
    if style.mark in ("sym", "strike"):
        cells = g.row([("项目类型", 1), (TYPES_NOTE, 5)])
        _choice_para(cells[1].add_paragraph(), types, chosen, style)
    else:
        g.row([("项目类型", 1), (TYPES_NOTE + "\n" + _choice_text(types, chosen, style, "\n"), 5)])
    sy, sm = p["start"].split("-")
    ey, em = p["end"].split("-")
    period = style.period.format(sy=sy, sm=int(sm), ey=ey, em=int(em), smm=sm, emm=em)
    g.row([("项目起止时间", 1), (period, 5)])
    g.row([("总投资（投入）（万元）", 1), (m(p.get("total_investment")), 2), ("申报期内投资（投入）（万元）", 1),
           (m(p.get("period_investment")), 2)])
    g.row([("项目建设地址", 1), (p.get("address", ""), 5)])
    g.row([("项目建设内容", 1), (p.get("content", ""), 5)])
    g.row([("项目分年度建设进度计划", 2), ("完成投资（投入）", 1), ("项目实施进度", 3)])
    for row in doc.get("plan", []):
        y, mo, d = row["deadline"].split("-")
        g.row([(f"{y}年{int(mo)}月{int(d)}日前", 2), (m(row.get("invested")), 1), (row.get("progress", ""), 3)])
    g.row([("", 2), ("", 1), ("", 3)])
    g.row([("本年度申请补助资金（万元）", 1), (m(p.get("subsidy_requested")), 5)])
    g.row([("支持内容", 1), ("已开支", 1), ("拟支出", 1), ("支持内容", 1), ("已开支", 1), ("拟支出", 1)])
    sums = _sums(doc)
    for left, right in (("equipment", "technology"), ("software", "information"), ("construction", "other")):
        cells = []
        for key in (left, right):
            lab = dict(CATEGORIES)[key]
            spent, planned = sums[key] if style.support_grid else ("", "")
            if key == "equipment" and style.wrong_support:
                spent = style.wrong_support
            cells += [(label(f"{lab}\n（万元）", style), 1), (m(spent) if spent else "", 1),
                      (m(planned) if planned else "", 1)]
        g.row(cells)
    heads = [("项目概述：\n" + OVERVIEW_GUIDE, n.get("overview", "")),
             ("主要做法：\n" + PRACTICES_GUIDE, n.get("practices", "")),
             ("绩效考核指标：", None)]
    first = True
    for head, value in heads:
        if value is None:
            kpis = (f"1.经济效益主要指标（体现可新增的跨境电商交易额、利润等）：{n.get('kpi_economic', '')}\n"
                    f"2.社会效益主要指标：{n.get('kpi_social', '')}\n3.可持续效应主要指标：{n.get('kpi_sustainable', '')}")
            g.row([("", 1), (head + "\n" + kpis, 5)], merge_up=(0,))
            continue
        if style.narrative_below:
            g.row([("项目建设情况", 1), (head, 5)], merge_up=() if first else (0,))
            g.row([("", 1), (value, 5)], merge_up=(0,))
        else:
            g.row([("项目建设情况", 1), (head + "\n" + value, 5)], merge_up=() if first else (0,))
        first = False
    g.row([("项目获得政府性资金支持情况", 1), (n.get("government_funding", ""), 5)])
    approvals = n.get("approvals", "")
    g.row([("项目前期报批情况", 1), ("能评、环评、安评等各项前置审批及完成情况" + ("：" + approvals if approvals else ""), 5)])
    g.row([("项目示范带动作用", 1), (n.get("demonstration", ""), 5)])
    g.row([(UNDERTAKINGS, 6)])


def _sums(doc: dict[str, Any]) -> dict[str, tuple[str, str]]:
    from decimal import Decimal

    out = {}
    for key, _ in CATEGORIES:
        rows = doc.get("expenditure", {}).get(key, [])
        spent = sum((Decimal(r.get("spent") or 0) for r in rows), Decimal(0))
        planned = sum((Decimal(r.get("planned") or 0) for r in rows), Decimal(0))
        out[key] = (to_text(spent) if rows else "", to_text(planned) if rows else "")
    return out


def _sheet4(document: Any, doc: dict[str, Any], style: Style) -> None:
    m = lambda v: _money(v, style)  # noqa: E731
    document.add_paragraph("附件4")
    name = doc["project"].get("name", "")
    name = name[:-2] if style.title_without_xiangmu and name.endswith("项目") else name
    document.add_paragraph(f"{name}项目资金投入明细表")
    document.add_paragraph(f"（填报单位：{doc['enterprise'].get('name', '')}）")
    document.add_paragraph("单位：万元")
    g = _Grid(document, 6)
    g.row([("支持内容", 1), ("序号", 1), ("费用名称", 1), ("已开支费用", 1), ("拟支出费用", 1), ("备注", 1)])
    sums = _sums(doc)
    for key, lab in CATEGORIES:
        items = doc.get("expenditure", {}).get(key, [])
        rows = [(style.serial.format(n=i + 1), it) for i, it in enumerate(items)]
        spare = ["2", "......"][: style.spare_rows] if len(items) <= 1 else ["......"][: style.spare_rows]
        for s in spare:
            rows.append((s, {}))
        if not items:
            rows.insert(0, ("1", {}))
        for i, (serial, it) in enumerate(rows):
            g.row([(lab, 1), (serial, 1), (it.get("name", ""), 1), (m(it.get("spent")), 1), (m(it.get("planned")), 1),
                   (it.get("note", ""), 1)], merge_up=(0,) if i else ())
        if style.typed_totals:
            g.row([("", 1), ("小计", 2), (m(sums[key][0]) if items else "", 1), (m(sums[key][1]) if items else "", 1),
                   ("", 1)], merge_up=(0,))
    spent_total = style.wrong_total or _total(sums, 0) if (style.typed_totals or style.wrong_total) else ""
    planned_total = _total(sums, 1) if style.typed_totals else ""
    g.row([("累计", 1), ("", 1), ("", 1), (m(spent_total) if spent_total else "", 1),
           (m(planned_total) if planned_total else "", 1), ("", 1)])
    document.add_paragraph("注：拟支出费用指2025年1月1日至2025年9月30日前拟实施完成的项目相关支出费用预估值，项目已实施完成的不用填写。")


def _total(sums: dict[str, tuple[str, str]], i: int) -> str:
    from decimal import Decimal

    return to_text(sum((Decimal(v[i] or 0) for v in sums.values()), Decimal(0)))
