"""Unified social credit code: GB 32100-2015 check character and GB 11714 organisation check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hzsubsidy_desktop.values import credit_code

bodies = st.text(alphabet=credit_code.ALPHABET, min_size=17, max_size=17)


@pytest.mark.parametrize("code", ["91110000600037341L", "91350100M000100Y43", "91512081MA62K0260E"])
def test_published_codes_are_valid(code):
    assert credit_code.is_valid(code)
    assert credit_code.organisation_code_ok(code)


@given(bodies)
def test_completed_codes_are_valid(body):
    assert credit_code.is_valid(credit_code.complete(body))


@given(bodies, st.integers(min_value=0, max_value=17), st.sampled_from(credit_code.ALPHABET))
def test_any_single_substitution_is_detected(body, position, replacement):
    code = credit_code.complete(body)
    changed = code[:position] + replacement + code[position + 1:]
    assert credit_code.is_valid(changed) == (changed == code)


def test_format_problems_are_explained_in_chinese():
    assert "应为18位" in credit_code.format_problem("9133")
    assert "不允许的字符" in credit_code.format_problem("91330523MA2B7Q5KOI")
    assert credit_code.normalize(" ９１330523ma2b7q5k57 ") == "91330523MA2B7Q5K57"
