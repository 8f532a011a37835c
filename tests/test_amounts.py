"""Money parsing: what people type becomes exact 万元; nonsense is refused with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.amounts import AmountError, parse_amount

FULL = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
money_values = st.decimals(min_value=0, max_value=Decimal("999999999.9999"), places=4, allow_nan=False, allow_infinity=False)


@given(money_values)
def test_plain_text_round_trips_exactly(value):
    parsed = parse_amount(format(value, "f")).value
    assert parsed == value
    assert Decimal(amounts.to_text(parsed)) == value


@given(money_values)
def test_full_width_grouped_with_unit_round_trips(value):
    text = f"{value:,f}".translate(FULL) + " 万元"
    assert parse_amount(text).value == value


@given(st.integers(min_value=0, max_value=10**12))
def test_yuan_are_converted_and_said_so(yuan):
    parsed = parse_amount(f"{yuan}元")
    assert parsed.value == Decimal(yuan) / 10000
    assert parsed.note and "万元" in parsed.note


@given(st.decimals(min_value=-10**6, max_value=-Decimal("0.0001"), places=4))
def test_negative_only_where_allowed(value):
    with pytest.raises(AmountError, match="负数"):
        parse_amount(str(value))
    assert parse_amount(str(value), allow_negative=True).value == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("NaN", "不是有效的数字"),
        ("inf", "不是有效的数字"),
        ("-Infinity", "不是有效的数字"),
        ("1e5", "科学计数法"),
        ("1.5E-3", "科学计数法"),
        ("一百万", "只能填写数字"),
        ("12,34", "只能填写数字"),
        ("0.00001", "最多4位小数"),
        ("1.23456元", "换算为万元后超过4位小数"),
        ("1" * 30, "数额过大"),
        ("", "内容为空"),
    ],
)
def test_rejected_with_a_reason(text, reason):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert reason in info.value.message


def test_canonical_text_has_no_exponent_or_trailing_zeros():
    assert amounts.to_text(Decimal("100")) == "100"
    assert amounts.to_text(Decimal("1.50000")) == "1.5"
    assert amounts.to_text(Decimal("-0")) == "0"


def test_display_shows_two_decimals_but_never_hides_entered_ones():
    assert amounts.display(Decimal("1234.5"), grouping=True) == "1,234.50"
    assert amounts.display(Decimal("1.2345")) == "1.2345"
    assert amounts.display(None) == ""


def test_long_fractions_are_not_rounded_into_acceptance():
    with pytest.raises(AmountError, match="最多4位小数"):
        parse_amount("1.000000000000000000000000000001"[:40])


_WHOLE = st.one_of(st.sampled_from(["0", "00", "-0", "-00", "7", "-7", "10", "100", "007", "+5", ""]),
                   st.from_regex(r"-?[0-9]{1,45}", fullmatch=True))
_FRACTION = st.one_of(st.sampled_from(["", ".", ".0", ".5", ".50", ".05", ".0001", ".00010"]),
                      st.from_regex(r"\.[0-9]{0,45}", fullmatch=True))


@given(_WHOLE, _FRACTION)
def test_canonical_text_fast_path_is_to_text(whole, fraction):
    text = whole + fraction
    try:
        expected = amounts.to_text(Decimal(text))
    except ArithmeticError:
        with pytest.raises(ArithmeticError):
            amounts.canonical_text(text)
        return
    assert amounts.canonical_text(text) == expected


@pytest.mark.parametrize(("text", "canonical"), [
    ("6.00", "6"), ("100.50", "100.5"), ("-0", "0"), ("-0.000", "0"), ("007", "7"), ("120.5", "120.5"),
    ("-3.25", "-3.25"), ("1000", "1000"), (".5", "0.5"), ("12\n", "12"),
])
def test_canonical_text_examples(text, canonical):
    assert amounts.canonical_text(text) == canonical


@given(_WHOLE, _FRACTION, st.sampled_from(["", "\n", " "]))
def test_only_plain_amounts_not_written_canonically_are_rewritten_on_import(whole, fraction, tail):
    from hzsubsidy_desktop.interchange import application_file

    text = whole + fraction + tail
    plain = application_file._PLAIN_AMOUNT.match(text) is not None
    assert application_file._needs_rewriting(text) == (plain and amounts.canonical_text(text) != text)
