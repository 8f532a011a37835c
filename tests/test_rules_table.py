"""docs/RULES.md is the table generated from the definition, and stays so."""

from pathlib import Path

from hzsubsidy_desktop.validation.rules_table import rules_markdown

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "RULES.md"


def test_rules_md_is_up_to_date(definition):
    expected = rules_markdown(definition)
    assert RULES_MD.read_text(encoding="utf-8") == expected, "regenerate: hzsubsidy rules > docs/RULES.md"


def test_every_rule_and_condition_is_listed(definition):
    text = rules_markdown(definition)
    for rule in definition.rules:
        assert f"`{rule.code}`" in text
    for cond in definition.conditions:
        assert f"`{cond.code}`" in text
