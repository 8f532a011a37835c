"""Unified social credit code (统一社会信用代码, GB 32100-2015) and its check characters."""

from __future__ import annotations

import re
import unicodedata

from hzsubsidy_desktop.values.identity import lookalike_problem

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_WELL_FORMED = re.compile(f"[{ALPHABET}]{{18}}")
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalize(text: str) -> str:
    """Upper-case, NFKC (full-width forms), no spaces or invisible characters, as a user would expect
    when typing. Letters of other scripts are kept, so that :func:`format_problem` names them."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch.upper() for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def format_problem(code: str) -> str | None:
    """A Chinese reason when ``code`` is not 18 characters of the code alphabet, else None."""
    if _WELL_FORMED.fullmatch(code):
        return None
    lookalike = lookalike_problem(code)
    if lookalike:
        return lookalike
    if len(code) != 18:
        return f"应为18位，当前为{len(code)}位"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return "含有不允许的字符“" + "".join(bad) + "”（不使用 I、O、Z、S、V）"
    return None


def check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_check(body8: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body."""
    total = 0
    for ch, weight in zip(body8, _ORG_WEIGHTS, strict=True):
        value = int(ch) if ch in "0123456789" else ord(ch) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def is_valid(code: str) -> bool:
    return format_problem(code) is None and code[17] == check_character(code[:17])


def organisation_code_ok(code: str) -> bool:
    """Whether positions 9-17 carry a valid GB 11714 organisation code."""
    return organisation_check(code[8:16]) == code[16]


def complete(first17: str) -> str:
    """Append the check character (used to build valid sample codes)."""
    return first17 + check_character(first17)
