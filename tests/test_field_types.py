"""Per-type parsing of typed input, re-checking of stored values, display text."""

from __future__ import annotations

import pytest

from hzsubsidy_desktop.values.field_types import InputError, check_value, display, parse_input


@pytest.mark.parametrize(
    ("pointer", "typed", "stored"),
    [
        ("/project/total_investment", "１，２００．５０ 万元", "1200.5"),
        ("/project/total_investment", "¥3,000,000元", "300"),
        ("/enterprise/profit", "-35.5", "-35.5"),
        ("/enterprise/contact_phone", "0572 5123456", "0572-5123456"),
        ("/enterprise/contact_phone", "(0572)5123456", "0572-5123456"),
        ("/enterprise/contact_phone", "+86 138 1234 5678", "13812345678"),
        ("/enterprise/contact_phone", "010-12345678", "010-12345678"),
        ("/enterprise/credit_code", "91330523ma2b7q5k57", "91330523MA2B7Q5K57"),
        ("/project/start", "2024年3月", "2024-03"),
        ("/project/start", "2024.3", "2024-03"),
        ("/plan/0/deadline", "2024年12月31日", "2024-12-31"),
        ("/conditions/area_sqm", "3,200 平方米", "3200"),
        ("/conditions/suppliers", "86家", 86),
        ("/enterprise/nature", "内资", "内资"),
        ("/project/types", "跨境电商产业园区、跨境电商公共服务中心", ["跨境电商公共服务中心", "跨境电商产业园区"]),
        ("/undertakings/policy", True, True),
        ("/enterprise/name", "  浙江竹韵家居科技有限公司 ", "浙江竹韵家居科技有限公司"),
        ("/enterprise/name", "", None),
    ],
)
def test_typed_input_is_normalised(definition, pointer, typed, stored):
    assert parse_input(definition.field(pointer), typed).value == stored


@pytest.mark.parametrize(
    ("pointer", "typed", "words"),
    [
        ("/project/total_investment", "两百", ["总投资（投入）（万元）", "只能填写数字", "两百"]),
        ("/project/total_investment", "-5", ["不能为负数"]),
        ("/enterprise/contact_phone", "12345", ["联系电话", "手机号"]),
        ("/enterprise/credit_code", "9133052", ["社会信用代码", "应为18位"]),
        ("/project/start", "2024-13", ["项目开始时间", "年月"]),
        ("/plan/0/deadline", "2024-02-30", ["截止日期", "日期"]),
        ("/conditions/suppliers", "50.5", ["入驻供应商、卖家企业数（家）", "整数"]),
        ("/enterprise/nature", "国企", ["单位性质", "外资、合资、内资、其它"]),
        ("/project/types", "跨境电商物流园", ["项目类型", "跨境电商物流园"]),
        ("/enterprise/name", "字" * 101, ["承担单位名称", "最多100字"]),
    ],
)
def test_bad_input_names_the_field_and_what_is_expected(definition, pointer, typed, words):
    with pytest.raises(InputError) as info:
        parse_input(definition.field(pointer), typed)
    for word in words:
        assert word in info.value.message


def test_control_characters_are_removed_from_text(definition):
    assert parse_input(definition.field("/project/content"), "第一行\x00\x07\n第二行").value == "第一行\n第二行"


def test_stored_values_are_rechecked(definition):
    money = definition.field("/project/total_investment")
    assert check_value(money, "600") is None
    assert "格式不规范" in check_value(money, "600.00")
    assert check_value(money, 600) is not None
    assert check_value(definition.field("/conditions/suppliers"), True) is not None


def test_display_is_what_the_form_prints(definition):
    assert display(definition.field("/project/total_investment"), "1200.5", grouping=True) == "1,200.50"
    assert display(definition.field("/project/start"), "2024-03") == "2024年3月"
    assert display(definition.field("/plan/0/deadline"), "2024-12-31") == "2024年12月31日"
    assert display(definition.field("/project/types"), ["跨境电商产业园区"]) == "跨境电商产业园区"


# -- the fast path of check_value (stored values already canonical) ---------------------------------

from dataclasses import replace  # noqa: E402
from decimal import Decimal  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from hzsubsidy_desktop.values import field_types  # noqa: E402

_WHOLES = ["0", "00", "07", "7", "10", "600", "1000000", "999999999999", "1000000000000", ""]
_FRACTIONS = ["", ".", ".0", ".5", ".50", ".05", ".12", ".123", ".120", ".1234", ".12345", ".0001", ".00001"]
_STORED_TEXT = st.one_of(
    st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{0,6})?", fullmatch=True),
    st.from_regex(r"[0-9A-Z]{17,19}", fullmatch=True),
    st.from_regex(r"[+(]?[0-9]{2,4}[)-]?[0-9 -]{6,13}", fullmatch=True),
    st.text(alphabet="0123456789-.,+ 年月元万¥IOZSV\n\t０１ＡАa٢३", max_size=20),
)
_KINDS = ("/project/total_investment", "/enterprise/profit", "/conditions/area_sqm",
          "/enterprise/credit_code", "/enterprise/contact_phone", "/enterprise/leader_phone")
_BOUNDS = st.sampled_from([None, Decimal(0), Decimal("10"), Decimal("-5.5"), Decimal("1000000")])


@settings(max_examples=1500, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(_KINDS), text=_STORED_TEXT, low=_BOUNDS, high=_BOUNDS, negative=st.booleans())
def test_fast_check_agrees_with_the_full_check(definition, kind, text, low, high, negative):
    field = replace(definition.field(kind), min=low, max=high, allow_negative=negative)
    assert check_value(field, text) == field_types._check_fully(field, text)


@pytest.mark.parametrize("kind", ["/project/total_investment", "/enterprise/profit", "/conditions/area_sqm"])
@pytest.mark.parametrize("negative", [False, True])
def test_fast_check_agrees_on_every_number_shape(definition, kind, negative):
    field = replace(definition.field(kind), allow_negative=negative)
    for sign in ("", "-", "+"):
        for whole in _WHOLES:
            for fraction in _FRACTIONS:
                text = sign + whole + fraction
                assert check_value(field, text) == field_types._check_fully(field, text), text


@pytest.mark.parametrize(
    ("pointer", "stored"),
    [("/project/total_investment", "600"), ("/project/total_investment", "0.0001"), ("/enterprise/profit", "-35.5"),
     ("/conditions/area_sqm", "3200.5"), ("/enterprise/credit_code", "91330523MA2B7Q5K57"),
     ("/enterprise/contact_phone", "0572-5123456"), ("/enterprise/leader_phone", "13905721234")],
)
def test_fast_check_is_taken_for_canonical_values(definition, pointer, stored):
    # the fast path must actually be used for the values an import sees most (else it gains nothing)
    assert field_types._plainly_valid(definition.field(pointer), stored)
    assert check_value(definition.field(pointer), stored) is None


# Other scripts' digits: \d in a pattern would match them, the full parse does not keep them.
_DIGITS = "0123456789٢३０"
_OTHER_TEXT = st.one_of(
    st.text(alphabet=_DIGITS + "-", min_size=7, max_size=10),  # 年月 and dates, any digits
    st.from_regex(r"(1[89]|2[01])[0-9]{2}-[01][0-9](-[0-3][0-9])?", fullmatch=True),
    st.lists(st.sampled_from(["贸易型", "生产型", "其它", " ", "\x01", "\ud800", "a", "\n", "\t", ""]),
             max_size=4).map("".join),
    # any character, lone surrogates and control characters included
    st.lists(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\x01", "\x7f", "\ufffe", " ", "\n"])),
             max_size=40).map("".join),
)
_ODD_CHOICES = (" ", "生产型 ", " 其它", "a\x01", "\ud800", "贸易型", "\n")
_OTHER_TEXT = st.one_of(_OTHER_TEXT, st.sampled_from(_ODD_CHOICES))
_TEXT_KINDS = ("/enterprise/name", "/enterprise/profile", "/plan/0/progress", "/enterprise/enterprise_type",
               "/project/start", "/plan/0/deadline")


@settings(max_examples=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(_TEXT_KINDS), text=_OTHER_TEXT,
       limit=st.sampled_from([None, 0, 1, 3, 5, 12, 30]), odd_choices=st.booleans())
def test_fast_check_of_texts_dates_and_choices_agrees_with_the_full_check(definition, kind, text, limit, odd_choices):
    field = definition.field(kind)
    if field.type in ("text", "longtext"):
        field = replace(field, max_length=limit)
    if field.type == "choice" and odd_choices:  # choices a parse would change: never plainly valid
        field = replace(field, choices=_ODD_CHOICES)
    assert check_value(field, text) == field_types._check_fully(field, text)


@pytest.mark.parametrize(
    ("pointer", "stored"),
    [("/enterprise/name", "浙江竹韵家居科技有限公司"), ("/enterprise/name", " 带空格 "),
     ("/enterprise/profile", "第一段\n第二段"), ("/enterprise/enterprise_type", "生产型"),
     ("/project/start", "2024-03"), ("/plan/0/deadline", "2024-12-31")],
)
def test_fast_check_is_taken_for_plain_texts_dates_and_choices(definition, pointer, stored):
    assert field_types._plainly_valid(definition.field(pointer), stored)
    assert check_value(definition.field(pointer), stored) is None


@pytest.mark.parametrize(
    ("pointer", "stored"),
    [("/project/total_investment", "1٢"), ("/conditions/area_sqm", "3٢00"),
     ("/project/start", "202٤-03"), ("/plan/0/deadline", "2024-0٣-01"), ("/enterprise/name", "名称\ud800"),
     ("/enterprise/enterprise_type", "生产"), ("/plan/0/deadline", "2024-02-30"), ("/project/start", "1989-12")],
)
def test_values_the_full_check_refuses_are_not_taken_as_plainly_valid(definition, pointer, stored):
    field = definition.field(pointer)
    assert not field_types._plainly_valid(field, stored)
    assert check_value(field, stored) is not None


_INTEGERS = st.one_of(st.integers(), st.integers(min_value=-3, max_value=120), st.booleans(),
                      st.sampled_from(["5", 5.0, Decimal(5), 10**30, [5]]))


@settings(max_examples=1500, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_INTEGERS, low=_BOUNDS, high=_BOUNDS)
def test_fast_check_of_integers_agrees_with_the_full_check(definition, value, low, high):
    field = replace(definition.field("/conditions/suppliers"), min=low, max=high)
    assert check_value(field, value) == field_types._check_fully(field, value)
    assert not field_types.plain_test(field)(value) or field_types._check_fully(field, value) is None


def test_fast_check_is_taken_for_plain_integers(definition):
    field = definition.field("/conditions/suppliers")
    assert field_types.plain_test(field)(86) and field_types.plain_test(replace(field, min=Decimal(50)))(86)
    assert not field_types.plain_test(field)(True)
