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


# -- the fast paths of docs.loads and docs.copy_json ------------------------------------------------

_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.text(max_size=8),
              st.integers(min_value=-10**40, max_value=10**40), st.sampled_from(["1" * 31, "x"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=3), inner, max_size=4)),
    max_leaves=20,
)


def _loads_one_by_one(text: str):
    """The reference: every integer and every object checked by a Python hook."""
    def pairs(items):
        out = {}
        for key, value in items:
            if key in out:
                raise FormatError(f"JSON 中同一个对象里的键“{key[:40]}”出现了两次，无法确定以哪个为准。")
            out[key] = value
        return out
    return json.loads(text, parse_int=docs._parse_int, object_pairs_hook=pairs)


def _outcome(load, text):
    try:
        return ("ok", load(text))
    except FormatError as exc:
        return ("refused", exc.message)


@settings(max_examples=300)
@given(value=_JSON, repeat=st.booleans())
def test_loads_refuses_and_accepts_what_the_checking_hooks_do(value, repeat):
    text = json.dumps({"v": value})
    if repeat:  # a key repeated in the innermost object that has one
        text = re.sub(r'\{"([^"\\]*)": ', r'{"\1": 1, "\1": ', text, count=1)
    assert _outcome(docs.loads, text) == _outcome(_loads_one_by_one, text)


def test_a_long_integer_is_refused_and_a_long_digit_string_is_not():
    with pytest.raises(FormatError, match="31 位的整数"):
        docs.loads('{"a": -' + "9" * 31 + "}")
    assert docs.loads('{"a": "' + "9" * 31 + '", "b": ' + "9" * 30 + "}")["b"] == int("9" * 30)


@given(value=_JSON)
def test_copy_json_is_a_deep_copy(value):
    import copy

    doc = {"v": value, "w": [value]}
    copied = docs.copy_json(doc)
    assert copied == copy.deepcopy(doc)
    assert json.dumps(copied) == json.dumps(doc)  # same key order
    for a, b in ((copied, doc), (copied["w"], doc["w"])):
        assert a is not b


@pytest.mark.parametrize("text", ['{"form_id": "\\ud800"}', '{"a": ["x", {"\\uDC00": 1}]}', '{"a": "\\\\\\ud800"}'])
def test_lone_surrogate_escapes_in_file_bytes_are_refused(text):
    # bytes are decoded first; the escape is what makes the surrogate (UTF-8 itself cannot hold one)
    with pytest.raises(FormatError, match="无效的字符"):
        docs.loads(text.encode("utf-8"))
    with pytest.raises(FormatError, match="无效的字符"):
        docs.loads(b"\xef\xbb\xbf" + text.encode("utf-8"))
