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
