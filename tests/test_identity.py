"""Identity of credit codes and names (:mod:`hzsubsidy_desktop.values.identity`): re-typed variants map to
one identity, different codes never do, look-alike letters are named."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from hzsubsidy_desktop.values import credit_code
from hzsubsidy_desktop.values.field_types import InputError, parse_input
from hzsubsidy_desktop.values.identity import (
    LOOKALIKES,
    code_key,
    invisible_characters,
    lookalike_problem,
    name_key,
    near_identical,
)

CODE_CHARS = credit_code.ALPHABET
SPACES = ["", " ", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2060", "\t", "\u200e"]
LATIN_TO_LOOKALIKES: dict[str, list[str]] = {}
for _other, _latin in LOOKALIKES.items():
    LATIN_TO_LOOKALIKES.setdefault(_latin, []).append(_other)

codes = st.text(alphabet=CODE_CHARS, min_size=18, max_size=18)


@st.composite
def retyped_code(draw: st.DrawFn) -> tuple[str, str]:
    """A code and how a person may have typed it: lower case, full width, look-alikes, spaces anywhere."""
    code = draw(codes)
    out = []
    for ch in code:
        form = draw(st.sampled_from(["same", "lower", "full", "lookalike"]))
        if form == "lower":
            ch = ch.lower()
        elif form == "full":
            ch = chr(ord(ch) + 0xFEE0)
        elif form == "lookalike" and ch in LATIN_TO_LOOKALIKES:
            ch = draw(st.sampled_from(LATIN_TO_LOOKALIKES[ch]))
        out.append(draw(st.sampled_from(SPACES)) + ch)
    return code, "".join(out) + draw(st.sampled_from(SPACES))


@given(retyped_code())
def test_every_retyped_variant_of_a_code_has_its_identity(pair):
    code, typed = pair
    assert code_key(typed) == code_key(code) == code


@given(codes, codes)
def test_different_codes_never_share_an_identity(a, b):
    assert (code_key(a) == code_key(b)) == (a == b)


names = st.text(alphabet="安吉椅业跨境电商产业带展示选品中心建设项目ABCabc123（）()", min_size=1, max_size=30).map(
    lambda text: "项目" + text
)


@given(names, st.lists(st.tuples(st.integers(0, 40), st.sampled_from(SPACES[1:])), max_size=5))
def test_invisible_and_space_variants_of_a_name_have_its_identity(name, inserts):
    typed = name
    for position, space in inserts:
        typed = typed[:position] + space + typed[position:]
    typed = "\u3000" + typed + "\u00a0 "
    assert " ".join(name_key(typed).split()).replace(" ", "") == name_key(name).replace(" ", "")
    assert near_identical(typed, name)


@given(names)
def test_full_width_and_case_variants_of_a_name_have_its_identity(name):
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in name)
    assert name_key(full) == name_key(name) == name_key(name.upper())


def test_names_that_differ_in_a_number_or_a_word_are_different_projects():
    assert not near_identical("安吉椅业跨境电商产业带展示选品中心（一期）", "安吉椅业跨境电商产业带展示选品中心（二期）")
    assert not near_identical("2024年海外仓建设项目第一批", "2025年海外仓建设项目第一批")
    assert not near_identical("德清项目一", "德清项目二")
    assert near_identical("安吉椅业跨境电商产业带展示选品中心建设项目", "安吉椅业跨境电商产业带展示选品中心建没项目")
    assert near_identical("安吉椅业 跨境电商（产业带）", "安吉椅业跨境电商产业带")


def test_lookalike_letters_are_named_and_refused_by_the_field():
    typed = "91330523МА2B7Q5K57"  # Cyrillic М and А
    assert code_key(typed) == "91330523MA2B7Q5K57"
    problem = lookalike_problem(typed)
    assert problem is not None and "西里尔字母“М”" in problem and "U+041C" in problem and "“M”" in problem
    assert "希腊字母“Α”" in (lookalike_problem("Α") or "")
    from hzsubsidy_desktop.formdef import load_definition

    field = load_definition().field("/enterprise/credit_code")
    try:
        parse_input(field, typed)
    except InputError as exc:
        assert "西里尔字母“М”" in exc.message
    else:
        raise AssertionError("a Cyrillic letter in the credit code was accepted")
    # Full width, lower case, zero-width and spaces are what people type: accepted and normalised.
    assert parse_input(field, "９１３３０５２３ma2b7q5k57\u200b ").value == "91330523MA2B7Q5K57"


def test_invisible_characters_are_described():
    assert invisible_characters("项目\u200b名称\u202e") == ["零宽空格（U+200B）", "文字方向控制符（U+202E）"]
    assert invisible_characters("普通 名称") == []
    assert invisible_characters("名称\u3000\u00a0") == ["全角空格（U+3000）", "不换行空格（U+00A0）"]


def test_plain_ascii_code_is_its_own_key():
    for code in ("91330523MA2B7Q5K57", string.digits * 2):
        assert code_key(code) == code


# -- fast paths for printable text (what nearly every name and code is) ------------------------------

_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.text(
    alphabet="项目A a1\u00a0\u3000\u200b\ufeff\u2060\t\n\r\u200e\u202e\u061c\u00ad\x07\u2028\u2029\U000e0001\ue000",
    max_size=12,
)


@given(_ANY_TEXT)
def test_printable_fast_paths_change_nothing(text):
    import unicodedata

    from hzsubsidy_desktop.values import identity

    slow = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc") or ch in "\t\n\r")
    assert identity._drop_invisible(text) == slow
    if text.isprintable():
        assert invisible_characters(text) == []
        # the full scan (taken because of the bell character) finds nothing else in the text either
        assert invisible_characters(text + "\x07") == ["不可见字符（U+0007）"]


@given(_ANY_TEXT | st.text(alphabet="".join(LOOKALIKES) + "ßﬁ ǅ" + CODE_CHARS + "ａ１\u2003", max_size=20))
def test_code_key_is_the_per_character_fold(text):
    import unicodedata

    from hzsubsidy_desktop.values import identity

    normalized = unicodedata.normalize("NFKC", identity._drop_invisible(text))
    expected = "".join(LOOKALIKES.get(ch, ch).upper() for ch in normalized if not ch.isspace())
    assert code_key(text) == expected
