"""What the enterprise explained, and which basic conditions a project does not meet, for the clerk.

An application whose unmet basic condition (品牌种类 40 < 50) is explained passes the checks (检查结果
无问题), yet the clerk must see it: :func:`explanation_flags` gives the count of explained items and
the unmet conditions that the 项目清单 flags and filters on; the texts are in the document
(``/explanations``) and shown in the detail pane.
"""

from __future__ import annotations

from typing import Any

from hzsubsidy_desktop.document import totals
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.validation import cross_rules

BASIC_CONDITIONS = "basic_conditions"


def unmet_conditions(definition: FormDefinition, doc: dict[str, Any], computed: totals.Totals | None = None) -> list[str]:
    """The basic conditions of the project's types that its figures do not meet, as the rule words them."""
    computed = computed if computed is not None else totals.compute(definition, doc)
    out: list[str] = []
    for rule in definition.rules:
        if rule.kind == BASIC_CONDITIONS:
            out.extend(message for _level, _code, _pointer, message in
                       cross_rules.basic_conditions(definition, rule, doc, computed))
    return out


def explained_count(doc: dict[str, Any]) -> int:
    """How many items the enterprise explained (说明后可继续)."""
    explanations = doc.get("explanations")
    if not isinstance(explanations, dict):
        return 0
    return sum(1 for text in explanations.values() if isinstance(text, str) and text.strip())


def explanation_flags(definition: FormDefinition, doc: dict[str, Any]) -> tuple[int, tuple[str, ...]]:
    """(explained items, unmet basic conditions) of one application."""
    try:
        unmet = tuple(unmet_conditions(definition, doc))
    except (TypeError, ValueError, ArithmeticError, KeyError):  # a malformed value: the checks report it
        unmet = ()
    return explained_count(doc), unmet
