"""The fast paths of validation (a per-definition walk, remembered field outcomes, canonical values
accepted without a full parse, message texts only when a rule reports) change no finding.

The reference below is the plain walk validation used before: every relevant field through the
full check, every cell, every rule, with nothing remembered.
"""

from __future__ import annotations

import copy
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.totals import compute
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.validation import Report, cross_rules, engine, plan, validate
from hzsubsidy_desktop.values import field_types

DEFINITION = load_definition()
POINTERS = [f.path for f in DEFINITION.scalar_fields()] + [
    f"{t.path}/{i}/{c.key}" for t in DEFINITION.tables() for i in range(3) for c in t.columns
]
VALUES = [
    None, "", " ", "abc", "12.50", "12.5", "-0", "-3", "1e5", "600", "560", "0", "0.00001", "99999999999999",
    5, -1, 0, 10**13, True, False, [], ["跨境电商产业园区"], ["不存在的类型"], {"a": 1}, 1.5,
    "2024-13", "2024-03", "2026-01", "2023-12-31", "2024-02-30", "2025-09-30", "91330523MA2B7Q5K57",
    "91330523MA2B7Q5K5X", "9133О523MA2B7Q5K57", "13905721234", "0572-5123456", "12345", "是", "否",
    "生产型", "我们获得了省级商务专项资金", "x" * 3000, "\ud800", "²⁰²⁴-03", "٢٠٢٤-٠٣", 7,
    "1" * 60, "1e30", "1e999999", "139٠5721234",
]


def reference(definition: Any, doc: dict[str, Any]) -> Report:
    """The plain walk: nothing remembered, every value through the full check."""
    findings: list[Any] = []
    with mock.patch.object(engine, "_problem", field_types._check_fully):
        for field in definition.scalar_fields():
            if engine.is_relevant(field.relevant, doc):
                engine._check_field(definition, field, field.path, docs.get(doc, field.path), findings)
        for table in definition.tables():
            rows = docs.get(doc, table.path)
            rows = [] if rows is None else rows
            if not isinstance(rows, list):
                findings.append(engine._finding(definition, "error", "type", table.path, f"“{table.title}”应为表格行的列表。"))
                continue
            if len(rows) < table.min_rows:
                findings.append(engine._finding(definition, "error", "too-few-rows", table.path,
                                                f"“{table.title}”至少需要{table.min_rows}行，当前{len(rows)}行。"))
            if len(rows) > table.max_rows:
                findings.append(engine._finding(definition, "error", "too-many-rows", table.path,
                                                f"“{table.title}”最多{table.max_rows}行，当前{len(rows)}行。"))
            for i, row in enumerate(rows):
                if not isinstance(row, dict):
                    findings.append(engine._finding(definition, "error", "type", f"{table.path}/{i}",
                                                    f"“{table.title}”第{i + 1}行格式不正确。"))
                    continue
                for col in table.columns:
                    engine._check_field(definition, col, f"{table.path}/{i}/{col.key}", row.get(col.key), findings,
                                        row=i + 1, table=table.title)
    calculated = compute(definition, doc)
    for rule in definition.rules:
        for level, code, path, message in cross_rules.run(definition, rule, doc, calculated):
            findings.append(engine._finding(definition, level, code, path, message))
    explanations = docs.get(doc, "/explanations") or {}
    if isinstance(explanations, dict):
        findings = [engine._explained(f, explanations) for f in findings]
    return Report(tuple(findings))


def _mutated(sample: dict[str, Any], changes: list[tuple[str, Any]], explain: bool) -> dict[str, Any]:
    doc = copy.deepcopy(sample)
    for pointer, value in changes:
        tokens = docs.split_pointer(pointer)
        parent = docs.get(doc, "/" + "/".join(tokens[:-1]))
        if isinstance(parent, dict):
            if value is None:
                parent.pop(tokens[-1], None)
            else:
                parent[tokens[-1]] = value
        elif isinstance(parent, list) and tokens[-1].isdigit() and int(tokens[-1]) < len(parent):
            parent[int(tokens[-1])] = value
    if explain:
        doc["explanations"] = {f.key: "已核实" for f in reference(DEFINITION, doc).findings}
    return doc


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(st.tuples(st.sampled_from(POINTERS), st.sampled_from(VALUES)), max_size=8),
    explain=st.booleans(),
)
def test_validation_reports_what_the_plain_walk_reports(sample, changes, explain):
    doc = _mutated(sample, changes, explain)
    expected = reference(DEFINITION, doc)
    assert validate(DEFINITION, doc) == expected
    assert validate(DEFINITION, doc) == expected  # again, with every outcome remembered
    assert validate(DEFINITION, doc, totals=compute(DEFINITION, doc)) == expected


def test_the_reference_sees_findings(sample):
    # the comparison above means something only if the mutated documents have findings
    doc = _mutated(sample, [("/project/total_investment", "-0"), ("/enterprise/credit_code", "91330523MA2B7Q5K5X"),
                            ("/plan/1/invested", "10")], explain=False)
    codes = {f.code for f in reference(DEFINITION, doc).findings}
    assert {"invalid", "credit-code-check", "plan-investment-decreasing"} <= codes
    assert validate(DEFINITION, doc) == reference(DEFINITION, doc)


def test_what_validation_remembers_stays_bounded(sample, monkeypatch):
    """An import of many files must not keep every text it has checked: a limit per field, none over
    the length limit (those are checked again each time, with the same outcome)."""
    monkeypatch.setattr(engine, "_KNOWN_LIMIT", 10)
    monkeypatch.setattr(plan, "_PLANS", {})  # start from nothing remembered (other tests fill it)
    monkeypatch.setattr(engine, "_PROBLEMS", {})
    long_name = "项目" * (engine._REMEMBERED_CHARS // 2 + 1)
    for i in range(25):
        doc = copy.deepcopy(sample)
        doc["project"]["name"] = f"项目{i}"
        doc["narrative"]["overview"] = long_name + str(i)
        assert validate(DEFINITION, doc) == reference(DEFINITION, doc)
    known = [k for _key, fields in plan.plan_of(DEFINITION).groups for _f, _n, k, _p in fields]
    known += [k for _t, columns in plan.plan_of(DEFINITION).tables for _c, _n, k, _p in columns]
    assert all(len(k) <= 10 for k in known)
    assert not any(len(text) > engine._REMEMBERED_CHARS for k in known for text in k)
    assert not any(isinstance(key[2], str) and len(key[2]) > engine._REMEMBERED_CHARS for key in engine._PROBLEMS)
    # and a long text is still checked: one with a lone surrogate is reported
    doc = copy.deepcopy(sample)
    doc["narrative"]["overview"] = long_name + "\ud800"
    assert "/narrative/overview" in {f.path for f in validate(DEFINITION, doc).findings}


def test_digits_that_are_not_numbers_are_reported_not_raised(sample):
    # "²" is a digit to str.isdigit but not to int(): a month of them once stopped validation with ValueError
    doc = copy.deepcopy(sample)
    doc["project"]["start"] = "²⁰²⁴-03"
    doc["project"]["end"] = "²⁰²⁵-²²"
    report = validate(DEFINITION, doc)
    assert {"/project/start", "/project/end"} <= {f.path for f in report.errors}
    assert report == reference(DEFINITION, doc)
    assert docs.get({"plan": [1, 2, 3]}, "/plan/²") is None


def test_absurd_amounts_are_reported_not_raised(sample):
    # Amounts of more digits than any context holds once stopped validation with decimal.InvalidOperation
    # (a total's display): each is the field's own error, and the totals go on without it.
    doc = copy.deepcopy(sample)
    doc["project"]["total_investment"] = "1" * 60
    doc["project"]["subsidy_requested"] = "1e30"
    first = next(iter(doc["expenditure"]))
    doc["expenditure"][first][0]["spent"] = "1e999999"
    report = validate(DEFINITION, doc)
    errors = {f.path for f in report.errors}
    assert {"/project/total_investment", "/project/subsidy_requested", f"/expenditure/{first}/0/spent"} <= errors
    assert report == reference(DEFINITION, doc)


def test_a_phone_of_other_scripts_digits_is_refused(sample):
    doc = copy.deepcopy(sample)
    doc["enterprise"]["leader_phone"] = "139٠5721234"  # an Arabic-Indic zero: no one can dial it
    assert "/enterprise/leader_phone" in {f.path for f in validate(DEFINITION, doc).errors}
    assert field_types.check_value(DEFINITION.field("/enterprise/leader_phone"), "13905721234") is None


def test_basic_conditions_follow_the_chosen_types(sample, monkeypatch):
    """Which conditions the chosen types bring is remembered per set of types: one remembered for some
    types is never used for others (the same report as worked out afresh, in any order of validation)."""
    choices = DEFINITION.field("/project/types").choices
    kinds = [[choices[0], choices[1]], [choices[0]], [choices[1], choices[0]], [choices[1]], [], list(choices),
             [choices[2], 5], [["unhashable"], choices[0]], [choices[0], choices[0]]]
    shared: dict[int, Any] = {}
    seen_missing = set()
    for types in kinds + kinds[::-1]:
        doc = copy.deepcopy(sample)
        doc["project"]["types"] = types
        doc["conditions"] = {}
        monkeypatch.setattr(plan, "_PLANS", {})
        fresh = validate(DEFINITION, doc)
        monkeypatch.setattr(plan, "_PLANS", shared)
        assert validate(DEFINITION, doc) == fresh, types
        seen_missing.add(tuple(sorted(f.path for f in fresh.findings if f.code == "basic-condition-missing")))
    assert len(seen_missing) >= 4  # the types chosen do change the report
