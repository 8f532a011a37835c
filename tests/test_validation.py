"""Validation: each rule fires on the case it is for, at the right level and pointer, in Chinese."""

from __future__ import annotations

import copy
import time

import pytest

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import totals
from hzsubsidy_desktop.validation import Level, validate


def _changed(sample, **changes):
    doc = copy.deepcopy(sample)
    for pointer, value in changes.items():
        docs.put(doc, pointer.replace("__", "/"), value)
    return doc


def _only(report, code_prefix):
    found = [f for f in report.findings if f.code.startswith(code_prefix)]
    assert found, f"no {code_prefix}: {[f.code for f in report.findings]}"
    return found


def test_required_fields_are_errors_naming_the_label(definition, sample):
    doc = copy.deepcopy(sample)
    del doc["enterprise"]["legal_representative"]
    (finding,) = validate(definition, doc).findings
    assert (finding.level, finding.code, finding.path) == (Level.ERROR, "required", "/enterprise/legal_representative")
    assert finding.message == "请填写“法定代表人”。"
    assert finding.step == "enterprise"


def test_unchecked_undertaking_is_an_error(definition, sample):
    doc = copy.deepcopy(sample)
    doc["undertakings"]["truthful"] = False
    doc["undertakings"].pop("truthful")
    (finding,) = validate(definition, doc).findings
    assert finding.message == "请确认承诺：4.本企业承诺所填内容真实有效。"


@pytest.mark.parametrize("key", ["policy", "no_other_funds", "credit_safety", "truthful"])
def test_refused_undertaking_is_an_error_naming_it(definition, sample, key):
    doc = copy.deepcopy(sample)
    doc["undertakings"][key] = False
    report = validate(definition, doc)
    (finding,) = report.findings
    assert (finding.level, finding.code, finding.path) == (Level.ERROR, "undertaking-refused", f"/undertakings/{key}")
    label = definition.field(f"/undertakings/{key}").label
    assert finding.message.startswith(f"未作出承诺：{label}")
    assert "不能" in finding.message or "才能" in finding.message
    assert report.blocking


@pytest.mark.parametrize(
    ("changes", "code", "path", "level", "words"),
    [
        ({"/project/period_investment": "700"}, "total-below-period-investment", "/project/total_investment", Level.ERROR,
         ["总投资（投入）（万元）", "申报期内投资（投入）（万元）", "600.00"]),
        ({"/enterprise/net_assets": "20000"}, "net-assets-above-total", "/enterprise/net_assets", Level.ERROR,
         ["净资产（万元）", "不应大于", "总资产（万元）"]),
        ({"/project/subsidy_requested": "500"}, "subsidy-above-related-costs", "/project/subsidy_requested", Level.ERROR,
         ["本年度申请补助资金（万元）", "459.50"]),
        ({"/project/end": "2024-01"}, "project-end-before-start", "/project/end", Level.ERROR, ["项目完成时间", "2024年3月"]),
        ({"/plan/1/invested": "300"}, "plan-investment-decreasing", "/plan/1/invested", Level.ERROR, ["第2行", "累计数"]),
        ({"/plan/1/deadline": "2024-06-30"}, "plan-dates-not-ascending", "/plan/1/deadline", Level.ERROR, ["第2行", "2024年6月30日"]),
        ({"/plan/1/invested": "650"}, "plan-above-total-investment", "/plan/1/invested", Level.ERROR, ["第2行", "650.00", "600.00"]),
        ({"/narrative/commerce_funds_received": "是"}, "funding-contradicts-undertaking", "/narrative/commerce_funds_received",
         Level.ERROR, ["承诺意见第2条"]),
        ({"/narrative/government_funding": "2024年获省级商务发展专项资金50万元"}, "funding-text-mentions-commerce-funds",
         "/narrative/government_funding", Level.EXPLAIN, ["项目获得政府性资金支持情况", "承诺意见第2条"]),
        ({"/enterprise/enterprise_type": "其它"}, "enterprise-type-not-in-list", "/enterprise/enterprise_type", Level.WARNING,
         ["附件5"]),
        ({"/enterprise/credit_code": "91330523MA2B7Q5K58"}, "credit-code-check", "/enterprise/credit_code", Level.EXPLAIN,
         ["社会信用代码", "第18位应为“7”"]),
        ({"/conditions/area_sqm": "800"}, "basic-condition-not-met:cond-showroom-area", "/conditions/area_sqm", Level.EXPLAIN,
         ["跨境电商产业带展示选品中心", "实际使用面积不少于1000平方米", "800"]),
        ({"/project/total_investment": "180", "/project/period_investment": "150", "/plan/0/invested": "100",
          "/plan/1/invested": "150", "/project/subsidy_requested": "100"},
         "basic-condition-not-met:cond-industry-belt-investment", "/project/total_investment", Level.EXPLAIN,
         ["不低于200万元"]),
        ({"/conditions/suppliers": None}, "basic-condition-missing", "/conditions/suppliers", Level.WARNING,
         ["入驻供应商、卖家企业数（家）"]),
        ({"/plan/0/deadline": "2023-12-31"}, "plan-before-project-start", "/plan/0/deadline", Level.WARNING, ["2024年3月至2025年9月"]),
        ({"/expenditure/other/0/spent": None, "/expenditure/other/0/planned": None}, "item-without-amount",
         "/expenditure/other/0/spent", Level.WARNING, ["其他费用第1项", "都为空"]),
    ],
)
def test_cross_rules(definition, sample, changes, code, path, level, words):
    doc = copy.deepcopy(sample)
    for pointer, value in changes.items():
        if value is None:
            tokens = docs.split_pointer(pointer)
            parent = docs.get(doc, "/" + "/".join(tokens[:-1]))
            parent.pop(tokens[-1], None)
        else:
            docs.put(doc, pointer, value)
    findings = [f for f in validate(definition, doc).findings if f.code == code]
    assert findings, [f.code for f in validate(definition, doc).findings]
    finding = findings[0]
    assert (finding.path, finding.level) == (path, level)
    for word in words:
        assert word in finding.message


def test_planned_spending_after_a_finished_project_needs_an_explanation(definition, sample):
    doc = _changed(sample, **{"/project/start": "2023-01", "/project/end": "2024-10"})
    doc["plan"] = [{"deadline": "2024-10-31", "invested": "560", "progress": "已完成"}]
    (finding,) = [f for f in validate(definition, doc).findings if f.code == "planned-after-project-end"]
    assert finding.level is Level.EXPLAIN and "项目已于2024年10月完成" in finding.message


def test_explanation_unblocks_an_explain_finding(definition, sample):
    doc = _changed(sample, **{"/conditions/area_sqm": "900"})
    report = validate(definition, doc)
    assert not report.ready
    # the area is below two conditions (showroom and service centre): each is explained on its own
    assert len(report.explains) == 2
    doc["explanations"][report.explains[0].key] = "二期展厅1200平方米已于2025年1月交付，合计2100平方米。"
    assert not validate(definition, doc).ready
    doc["explanations"][report.explains[1].key] = "同上。"
    report = validate(definition, doc)
    assert report.ready
    assert report.explains[0].explanation.startswith("二期展厅")


def test_conditions_follow_the_chosen_project_types(definition, sample):
    doc = _changed(sample, **{"/project/types": ["跨境电商产业园区"]})
    codes = {f.code for f in validate(definition, doc).findings}
    # the park needs 10,000 ㎡ and its own measures; showroom conditions no longer apply
    assert "basic-condition-not-met:cond-park-area" in codes
    assert "basic-condition-not-met:cond-showroom-suppliers" not in codes
    assert {f.path for f in validate(definition, doc).findings if f.code == "basic-condition-missing"} >= {
        "/conditions/invest_three_years", "/conditions/park_enterprises",
    }


def test_live_park_conditions_only_when_switched_on(definition, sample):
    doc = _changed(sample, **{"/project/types": ["跨境电商产业园区"], "/conditions/live_park": "是",
                              "/conditions/live_accounts": 3})
    codes = {f.code for f in validate(definition, doc).findings}
    assert "basic-condition-not-met:cond-live-accounts" in codes
    doc["conditions"]["live_park"] = "否"
    codes = {f.code for f in validate(definition, doc).findings}
    assert "basic-condition-not-met:cond-live-accounts" not in codes


def test_malformed_values_become_findings_not_crashes(definition, sample):
    doc = copy.deepcopy(sample)
    doc["project"]["total_investment"] = "lots"
    doc["plan"] = "not a list"
    doc["expenditure"]["software"] = [7]
    doc["enterprise"]["contact_phone"] = 12345
    report = validate(definition, doc)
    paths = {f.path for f in report.errors}
    assert {"/project/total_investment", "/plan", "/expenditure/software/0", "/enterprise/contact_phone"} <= paths


def test_support_lines_are_derived_from_expenditure_and_cannot_drift(definition, sample):
    t = totals.compute(definition, sample)
    assert t.category("equipment").spent == sum(
        totals.amounts.from_text(r["spent"]) for r in sample["expenditure"]["equipment"]
    )
    assert t.spent_total == sum(c.spent for c in t.categories)
    assert str(t.related_costs) == "459.5"
    doc = _changed(sample, **{"/expenditure/equipment/0/spent": "90"})
    assert totals.compute(definition, doc).category("equipment").spent == t.category("equipment").spent + 5


def test_progress_percent_uses_the_cutoff_row(definition, sample):
    assert str(totals.progress_percent(definition, sample)) == "53.3"


def test_counts_by_step(definition, sample):
    doc = _changed(sample, **{"/enterprise/net_assets": "20000", "/conditions/suppliers": 10})
    counts = validate(definition, doc).counts_by_step()
    assert counts["enterprise"] == (1, 0)
    assert counts["conditions"] == (1, 0)


def test_validation_of_300_items_is_fast_enough_for_keystrokes(definition, sample):
    # Smoke check only (the 5 ms target is measured by benchmarks/bench_validation.py).
    doc = copy.deepcopy(sample)
    doc["expenditure"]["equipment"] = [{"name": f"设备{i}", "spent": "1.5", "planned": "0.5"} for i in range(300)]
    start = time.perf_counter()
    validate(definition, doc)
    assert time.perf_counter() - start < 1.0


def test_report_status_is_the_worst_finding():
    from hzsubsidy_desktop.validation import Finding, Level, Report

    def finding(level: Level, explanation: str = "") -> Finding:
        return Finding(level, "code", "/enterprise/name", "消息", "enterprise", explanation)

    assert Report(()).status() == "ready"
    assert Report((finding(Level.WARNING),)).status() == "warning"
    assert Report((finding(Level.EXPLAIN, "已说明"), finding(Level.WARNING))).status() == "warning"
    assert Report((finding(Level.EXPLAIN, "已说明"),)).status() == "ready"
    assert Report((finding(Level.WARNING), finding(Level.EXPLAIN))).status() == "explain"
    assert Report((finding(Level.EXPLAIN), finding(Level.ERROR))).status() == "error"
