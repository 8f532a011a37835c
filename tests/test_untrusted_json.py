"""Any JSON whatsoever: reading and validating never crash; a clear error or a report."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.interchange.application_file import read_application
from hzsubsidy_desktop.validation import validate

CJK = re.compile(r"[\u4e00-\u9fff]")
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
    st.sampled_from(["600", "-1", "1e5", "2024-13", "2024-02-30", "是", "其它", "\x00", "=1+1"]),
)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)

POINTERS = [
    "/enterprise/name", "/enterprise/profit", "/enterprise/credit_code", "/project/types", "/project/start",
    "/project/total_investment", "/plan", "/plan/0", "/plan/0/invested", "/expenditure", "/expenditure/software",
    "/expenditure/software/0", "/expenditure/software/0/spent", "/conditions/suppliers", "/undertakings/policy",
    "/explanations",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(POINTERS), json_values)
def test_any_value_anywhere_is_refused_cleanly_or_validated(pointer, value):
    definition = load_definition()
    doc = sample_application()
    tokens = docs.split_pointer(pointer)
    parent = docs.get(doc, "/" + "/".join(tokens[:-1])) if len(tokens) > 1 else doc
    if isinstance(parent, list):
        parent[int(tokens[-1])] = value
    else:
        parent[tokens[-1]] = value
    try:
        _definition, checked = read_application(json.dumps(doc, ensure_ascii=False))
    except FormatError as exc:
        assert CJK.search(str(exc)), str(exc)  # a Chinese message
        assert "Traceback" not in str(exc)
    else:
        assert all(CJK.search(f.message) for f in validate(definition, checked).findings)
    report = validate(definition, doc)  # the validator itself tolerates anything
    assert all(CJK.search(f.message) for f in report.findings)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_arbitrary_documents(value):
    """Anything that is not an application is refused with a Chinese message, never another error."""
    with pytest.raises(FormatError) as info:
        read_application(json.dumps(value))
    assert CJK.search(str(info.value)), str(info.value)
