"""Values as people type them into the Word forms: choices, amounts, periods, dates."""

from __future__ import annotations

import pytest

from hzsubsidy_desktop.interchange import word_values as wv

KINDS = ("贸易型", "生产型", "服务型", "其它")
TYPES = ("跨境电商产业带展示选品中心", "跨境电商线上产业带专区", "跨境电商公共服务中心", "跨境电商产业园区")


@pytest.mark.parametrize("text", [
    "☑贸易型 □生产型 □服务型 □其它", "贸易型√ 生产型 服务型 其它", "√贸易型   生产型   服务型   其它",
    "贸易型(√) 生产型 服务型 其它", "贸易型（√）生产型 服务型 其它", "■贸易型 生产型 服务型 其它",
    "●贸易型 ○生产型 ○服务型 ○其它", "✔ 贸易型  生产型  服务型  其它", "贸易型", "  贸易型  ",
])
def test_one_option_chosen_in_every_way_people_mark_it(text: str) -> None:
    assert wv.single_choice(text, KINDS) == "贸易型"


def test_a_tick_between_two_options_belongs_to_the_nearer_one() -> None:
    assert wv.single_choice("贸易型 √生产型 服务型 其它", KINDS) == "生产型"
    assert wv.single_choice("贸易型√ 生产型 服务型 其它", KINDS) == "贸易型"
    assert wv.single_choice("☐贸易型☑生产型☐服务型☐其它", KINDS) == "生产型"  # boxes go forward


@pytest.mark.parametrize(("text", "reason"), [
    ("贸易型 生产型 服务型 其它", "没有勾选或删去其它选项"),
    ("□贸易型 □生产型 □服务型 □其它", "没有勾选"),
    ("☑贸易型 ☑生产型 服务型 其它", "只能选一项"),
    ("外贸企业", "不是可选的项目"),
    ("贸易型 兼营", "无法识别的内容"),
])
def test_an_unclear_choice_is_a_reason_not_a_guess(text: str, reason: str) -> None:
    with pytest.raises(wv.WordValueError, match=reason):
        wv.single_choice(text, KINDS)


def test_project_types_written_in_short_or_full_and_all_of_them_when_nothing_is_printed() -> None:
    assert wv.choices("产业带展示选品中心、公共服务中心", TYPES) == [TYPES[0], TYPES[2]]
    assert wv.choices("\n".join(TYPES), TYPES, printed=False) == list(TYPES)
    with pytest.raises(wv.WordValueError):
        wv.choices("\n".join(TYPES), TYPES)
    assert wv.choices("", TYPES) == []


@pytest.mark.parametrize(("text", "value", "note"), [
    ("120.5", "120.5", False), ("120.5万元", "120.5", False), ("１２０．５", "120.5", False),
    ("1,205,000元", "120.5", True), ("85万元整", "85", False), ("1,200", "1200", False), ("", None, False), ("/", None, False), ("—", None, False),
])
def test_amounts(text: str, value: str | None, note: bool) -> None:
    got, why = wv.amount(text)
    assert got == value
    assert bool(why) == note


def test_an_amount_with_words_is_a_reason() -> None:
    with pytest.raises(wv.WordValueError, match="只能填写数字"):
        wv.amount("约120万元")


@pytest.mark.parametrize("text", [
    "2024年5月至2025年8月", "2024.05-2025.08", "2024-05～2025-08", "2024年5月—2025年8月", "2024/5 - 2025/8",
    "２０２４年５月至２０２５年８月", "2024年5月1日至2025年8月31日",
])
def test_periods(text: str) -> None:
    assert wv.period(text) == ("2024-05", "2025-08")


@pytest.mark.parametrize("text", ["2024年5月", "2024年13月至2025年1月", "明年完成"])
def test_a_period_that_is_not_two_year_months_is_a_reason(text: str) -> None:
    with pytest.raises(wv.WordValueError):
        wv.period(text)


def test_deadlines() -> None:
    assert wv.deadline("2024年12月31日前") == "2024-12-31"
    assert wv.deadline("2025.9.30") == "2025-09-30"
    assert wv.deadline("") is None
    with pytest.raises(wv.WordValueError, match="不是有效的日期"):
        wv.deadline("2025年2月30日前")


def test_project_names_compare_by_the_identity_rules_of_every_intake() -> None:
    from hzsubsidy_desktop.interchange.word_import import same_project_name

    assert same_project_name("安吉白茶(线上)产业带专区项目", "安吉白茶（线上）产业带专区")
    assert same_project_name("安吉白茶\u200b线上 产业带专区", "安吉白茶线上产业带专区")
    assert not same_project_name("安吉白茶线上产业带专区", "安吉竹木线上产业带专区")
    assert not same_project_name("", "")
