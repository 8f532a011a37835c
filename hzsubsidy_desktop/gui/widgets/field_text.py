"""What a field's editor shows as text: the unit at the end of its label, a stored value in
editable form, its tooltip (help and what is expected), and the live remark on a credit code.
"""

from __future__ import annotations

import re
from typing import Any

from hzsubsidy_desktop.formdef import FieldDef
from hzsubsidy_desktop.values import amounts, credit_code
from hzsubsidy_desktop.values.field_types import expectation

_UNIT = re.compile(r"（([^（）]{1,4})）$")


def unit_of(field: FieldDef) -> str:
    """The unit written at the end of the official label: 万元, 平方米, 家, 个…"""
    if field.type == "money":
        return "万元"
    match = _UNIT.search(field.label)
    return match.group(1) if match else ""


def edit_text(field: FieldDef, value: Any) -> str:
    """The text an editor shows for a stored value (editable form: 2024-03, not 2024年3月)."""
    if value is None:
        return ""
    if field.type == "money":
        return amounts.display(amounts.from_text(value))
    if field.type == "multichoice" and isinstance(value, list):
        return "、".join(value)
    return str(value)


def tooltip_for(field: FieldDef) -> str:
    parts = [field.help] if field.help else []
    if field.type not in ("text", "longtext", "boolean", "choice", "multichoice"):
        parts.append("填写要求：" + expectation(field))
    return "\n".join(parts)


def credit_code_hint(text: str) -> str:
    """A live remark while a credit code is typed (the stored check is a validation rule)."""
    code = credit_code.normalize(text)
    if not code:
        return ""
    bad = sorted({c for c in code if c not in credit_code.ALPHABET})
    if bad:
        return "含有不允许的字符“" + "".join(bad) + "”（不使用 I、O、Z、S、V）"
    if len(code) < 18:
        return f"已输入 {len(code)} / 18 位"
    if len(code) > 18:
        return f"多了 {len(code) - 18} 位（应为18位）"
    expected = credit_code.check_character(code[:17])
    if code[17] != expected:
        return f"校验码不符：按国家标准第18位应为“{expected}”，请核对营业执照"
    return "✓ 18位，校验码正确"
