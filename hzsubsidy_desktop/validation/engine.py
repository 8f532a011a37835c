"""Run every rule of a definition over a document and return a :class:`Report`.

Field rules (required, type, length, range) come from the field definitions; cross-table
rules come from ``rules.toml`` and are implemented in :mod:`.cross_rules`. Fields that are
not relevant (e.g. park measures when no park is chosen) are not checked.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.totals import Totals
from hzsubsidy_desktop.document.totals import compute as compute_totals
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition
from hzsubsidy_desktop.validation import cross_rules
from hzsubsidy_desktop.validation.findings import Finding, Level, Report
from hzsubsidy_desktop.validation.plan import is_relevant as is_relevant  # where the GUI and exports find it
from hzsubsidy_desktop.validation.plan import plan_of
from hzsubsidy_desktop.values.field_types import check_value

# Bounds of what is remembered (per process; an import's worker processes each have their own):
# texts per field, and the longest text kept (a longer one, usually a free-text answer seen once, is
# checked again each time: the check is a few passes over the text).
_KNOWN_LIMIT = 5_000
_REMEMBERED_CHARS = 300


def _remember(known: set[str], value: str) -> None:
    """A text found fine, remembered for its field (a failing one is remembered by :func:`_problem`, so that
    each keystroke does not parse every wrong cell again)."""
    if len(value) <= _REMEMBERED_CHARS:
        if len(known) >= _KNOWN_LIMIT:
            known.clear()
        known.add(value)


def _fine(field: FieldDef, value: Any) -> bool:
    """True when :func:`_check_field` would add nothing for this filled-in or empty value."""
    if value is None or value == "" or value == []:
        return not field.required
    if value is False and field.required:
        return False
    return _problem(field, value) is None


def validate(definition: FormDefinition, doc: dict[str, Any], *, totals: Totals | None = None) -> Report:
    """All findings for ``doc``; never raises on malformed values (they become findings).

    ``totals``: the document's calculated values when the caller has computed them already.
    """
    findings: list[Finding] = []
    plan = plan_of(definition)
    problems = _PROBLEMS
    for key, fields in plan.groups:
        values = doc.get(key) if isinstance(doc, dict) else None
        if not isinstance(values, dict):
            values = {}
        for field, name, known, plain in fields:
            value = values.get(name)
            # Fast paths for the common case, a filled field without a problem: exactly the cases
            # where _check_field adds nothing, relevant or not. ``known``: texts found fine before.
            kind = type(value)
            if kind is str:
                if value in known:
                    continue
            elif value is None:
                if not field.required:  # nothing to report, relevant or not
                    continue
            elif kind is int and field.type == "integer" and plain(value):
                continue
            elif kind is int or (kind is bool and value):
                entry = problems.get((id(field), kind, value))
                if entry is not None and entry[0] is field and entry[1] is None:
                    continue
            if field.relevant is not None and not is_relevant(field.relevant, doc):
                continue
            if kind is str and value:  # _fine inlined: a text is fine when check_value finds nothing
                if plain(value) or _problem(field, value) is None:
                    _remember(known, value)
                    continue
            elif _fine(field, value):
                continue
            _check_field(definition, field, field.path, value, findings)
    for field in plan.others:
        if is_relevant(field.relevant, doc):
            _check_field(definition, field, field.path, docs.get(doc, field.path), findings)
    for table, columns in plan.tables:
        rows = docs.get(doc, table.path)
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            findings.append(_finding(definition, "error", "type", table.path, f"“{table.title}”应为表格行的列表。"))
            continue
        if len(rows) < table.min_rows:
            findings.append(_finding(
                definition, "error", "too-few-rows", table.path,
                f"“{table.title}”至少需要{table.min_rows}行，当前{len(rows)}行。",
            ))
        if len(rows) > table.max_rows:
            findings.append(_finding(
                definition, "error", "too-many-rows", table.path,
                f"“{table.title}”最多{table.max_rows}行，当前{len(rows)}行。",
            ))
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                findings.append(_finding(definition, "error", "type", f"{table.path}/{i}", f"“{table.title}”第{i + 1}行格式不正确。"))
                continue
            for col, name, known, plain in columns:
                value = row.get(name)
                # Fast path for the common case, a filled cell without a problem (1,000 rows are
                # checked on every keystroke): exactly the cases where _check_field adds nothing.
                if type(value) is str and value:
                    if value in known:
                        continue
                    if plain(value) or _problem(col, value) is None:
                        _remember(known, value)
                        continue
                elif _fine(col, value):
                    continue
                path = f"{table.path}/{i}/{name}"
                _check_field(definition, col, path, value, findings, row=i + 1, table=table.title)
    calculated = totals if totals is not None else compute_totals(definition, doc)
    kinds = cross_rules.KINDS
    for rule in definition.rules:
        for level, code, path, message in kinds[rule.kind](definition, rule, doc, calculated):
            findings.append(_finding(definition, level, code, path, message))
    if findings:
        explanations = docs.get(doc, "/explanations") or {}
        if isinstance(explanations, dict):
            findings = [_explained(f, explanations) for f in findings]
    return Report(tuple(findings))


def _explained(finding: Finding, explanations: dict[str, Any]) -> Finding:
    if finding.level is not Level.EXPLAIN:
        return finding
    text = explanations.get(finding.key)
    if not isinstance(text, str) or not text.strip():
        return finding
    return Finding(finding.level, finding.code, finding.path, finding.message, finding.step, text.strip())


def _finding(definition: FormDefinition, level: str, code: str, path: str, message: str) -> Finding:
    return Finding(Level(level), code, path, message, definition.step_of(path))


def _check_field(
    definition: FormDefinition,
    field: FieldDef,
    path: str,
    value: Any,
    findings: list[Finding],
    *,
    row: int | None = None,
    table: str = "",
) -> None:
    where = f"“{table}”第{row}行的" if row else ""
    if value is None or value == "" or value == []:
        if field.required:
            if field.type == "boolean":
                message = f"请确认承诺：{field.label}"
            else:
                message = f"请填写{where}“{field.label}”。"
            findings.append(_finding(definition, "error", "required", path, message))
        return
    if field.required and field.type == "boolean" and value is False:
        # A promise the enterprise does not make: the form cannot be signed and stamped as it stands.
        message = (
            f"未作出承诺：{field.label} 承诺意见中的四项承诺都须确认后才能导出正式版和生成报送文件；"
            "如不能作出此项承诺，本项目不符合申报条件。"
        )
        findings.append(_finding(definition, "error", "undertaking-refused", path, message))
        return
    problem = _problem(field, value)
    if problem:
        findings.append(_finding(definition, "error", "invalid", path, where + problem))


# check_value is a pure function of (field, value); the GUI re-validates on every keystroke,
# so remember the outcome for scalar values. The field itself is kept in the entry so an id
# reused after garbage collection can never return another field's outcome.
_PROBLEMS: dict[tuple[int, type, Any], tuple[FieldDef, str | None]] = {}
_PROBLEMS_LIMIT = 50_000


def _problem(field: FieldDef, value: Any) -> str | None:
    if isinstance(value, str) and len(value) > _REMEMBERED_CHARS:
        return check_value(field, value)
    if isinstance(value, (str, int, bool)):
        key: tuple[int, type, Any] = (id(field), type(value), value)
    elif type(value) is list and all(type(v) is str for v in value):  # multiple choice
        key = (id(field), list, tuple(value))
    else:
        return check_value(field, value)
    entry = _PROBLEMS.get(key)
    if entry is not None and entry[0] is field:
        return entry[1]
    problem = check_value(field, value)
    if len(_PROBLEMS) >= _PROBLEMS_LIMIT:
        _PROBLEMS.clear()
    _PROBLEMS[key] = (field, problem)
    return problem
