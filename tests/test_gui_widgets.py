"""Field widgets: what each type accepts, the inline Chinese messages, names for screen readers."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import click, fill_line, find, open_wizard, type_text

from hzsubsidy_desktop.document.sample import SAMPLE_CREDIT_CODE
from hzsubsidy_desktop.gui.qt import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, Qt
from hzsubsidy_desktop.gui.widgets.field_text import credit_code_hint
from hzsubsidy_desktop.gui.wizard.window import FillingWizard
from hzsubsidy_desktop.values.field_types import InputError, parse_input
from hzsubsidy_desktop.workspace import Workspace


@pytest.fixture
def wizard(qtbot: Any, workspace: Workspace) -> FillingWizard:
    app_id = workspace.new_application()
    # Set-up through the core: the park and showroom measures only apply to chosen types.
    workspace.edit(app_id, "/project/types", ["跨境电商产业带展示选品中心", "跨境电商产业园区"])
    workspace.edit(app_id, "/enterprise/registered_capital", "500")
    return open_wizard(qtbot, workspace, app_id)


def go(qtbot: Any, wizard: FillingWizard, pointer: str) -> QLineEdit | QPlainTextEdit:
    wizard.go_to_step(wizard.definition.step_of(pointer))
    return find(wizard, pointer)


BAD_INPUT = [
    ("/enterprise/legal_representative", "text", "沈" * 31),
    ("/project/content", "longtext", "项" * 3001),
    ("/enterprise/registered_capital", "money", "12万3"),
    ("/enterprise/total_assets", "money", "-5"),
    ("/enterprise/revenue", "money", "1e5"),
    ("/conditions/suppliers", "integer", "3.5"),
    ("/conditions/area_sqm", "area", "1.5万平方米"),
    ("/project/start", "yearmonth", "2024-13"),
    ("/plan/0/deadline", "date", "2024-02-30"),
    ("/enterprise/contact_phone", "phone", "12345"),
    ("/enterprise/credit_code", "credit_code", "91330523MA2B7Q5K5"),
    ("/enterprise/credit_code", "credit_code", "91330523MA2B7Q5KIO"),
]


@pytest.mark.parametrize(("pointer", "kind", "text"), BAD_INPUT, ids=[f"{k}-{i}" for i, (_p, k, _t) in enumerate(BAD_INPUT)])
def test_bad_input_shows_the_message_under_the_field_and_saves_nothing(qtbot, wizard, workspace, pointer, kind, text):
    field = wizard.definition.field(pointer)
    assert field.type == kind
    with pytest.raises(InputError) as expected:
        parse_input(field, text)
    before = workspace.load(wizard.app_id)
    audit_before = len(workspace.audit_trail(wizard.app_id))
    editor = go(qtbot, wizard, pointer)
    fill_line(qtbot, editor, text)
    message = find(wizard, f"{pointer}:message")
    assert isinstance(message, QLabel) and message.isVisible()
    assert expected.value.message in message.text()
    assert message.text().startswith(f"“{field.label}”")
    assert message.property("role") == "error"
    assert editor.property("state") == "error"
    text_now = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
    assert text_now == text  # what was typed stays visible for correcting
    assert workspace.load(wizard.app_id) == before
    assert len(workspace.audit_trail(wizard.app_id)) == audit_before
    assert pointer in wizard.session.invalid


def test_correcting_bad_input_clears_the_message_and_saves(qtbot, wizard, workspace):
    editor = go(qtbot, wizard, "/enterprise/registered_capital")
    fill_line(qtbot, editor, "12万3")
    message = find(wizard, "/enterprise/registered_capital:message")
    assert message.isVisible()
    fill_line(qtbot, editor, "1,200.5")
    assert not message.isVisible()
    assert workspace.load(wizard.app_id)["enterprise"]["registered_capital"] == "1200.5"
    assert editor.text() == "1200.50"


def test_money_is_right_aligned_with_two_decimals_and_its_unit(qtbot, wizard):
    editor = go(qtbot, wizard, "/enterprise/registered_capital")
    assert editor.text() == "500.00"
    assert editor.alignment() & Qt.AlignmentFlag.AlignRight
    unit = editor.findChild(QLabel, "unit")
    assert unit is not None and unit.text() == "万元" and unit.isVisible()
    fill_line(qtbot, editor, "０.１２３４")
    assert editor.text() == "0.1234"  # a fourth decimal that was typed is never hidden


def test_credit_code_is_upper_cased_and_checked_while_typing(qtbot, wizard, workspace):
    editor = go(qtbot, wizard, "/enterprise/credit_code")
    hint = find(wizard, "/enterprise/credit_code:hint")
    click(qtbot, editor)
    type_text(qtbot, editor, SAMPLE_CREDIT_CODE[:10].lower())
    assert editor.text() == SAMPLE_CREDIT_CODE[:10]
    assert hint.text() == "已输入 10 / 18 位"
    type_text(qtbot, editor, SAMPLE_CREDIT_CODE[10:17].lower())
    wrong = "0" if SAMPLE_CREDIT_CODE[17] != "0" else "1"
    type_text(qtbot, editor, wrong)
    assert "校验码不符" in hint.text() and f"“{SAMPLE_CREDIT_CODE[17]}”" in hint.text()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    type_text(qtbot, editor, SAMPLE_CREDIT_CODE[17].lower())
    assert hint.text() == "✓ 18位，校验码正确"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert workspace.load(wizard.app_id)["enterprise"]["credit_code"] == SAMPLE_CREDIT_CODE


def test_a_code_failing_its_check_is_kept_and_asks_for_an_explanation(qtbot, wizard, workspace):
    code = SAMPLE_CREDIT_CODE[:17] + ("0" if SAMPLE_CREDIT_CODE[17] != "0" else "1")
    editor = go(qtbot, wizard, "/enterprise/credit_code")
    fill_line(qtbot, editor, code)
    assert workspace.load(wizard.app_id)["enterprise"]["credit_code"] == code
    message = find(wizard, "/enterprise/credit_code:message")
    assert message.text().startswith("需说明：") and message.property("role") == "explain"


def test_credit_code_hint_texts():
    assert credit_code_hint("") == ""
    assert credit_code_hint("9133 0523") == "已输入 8 / 18 位"
    assert "不允许的字符“I”" in credit_code_hint("91I")
    assert credit_code_hint(SAMPLE_CREDIT_CODE + "1") == "多了 1 位（应为18位）"


def test_long_text_counts_characters(qtbot, wizard, workspace):
    editor = go(qtbot, wizard, "/project/content")
    hint = find(wizard, "/project/content:hint")
    assert hint.text() == "0 / 3000 字"
    click(qtbot, editor)
    type_text(qtbot, editor, "建设展示中心\n二期")
    assert hint.text() == "9 / 3000 字"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab leaves a long text, as in every other field
    assert workspace.load(wizard.app_id)["project"]["content"] == "建设展示中心\n二期"


def test_choices_and_multiple_choice_save_on_click(qtbot, wizard, workspace):
    nature = go(qtbot, wizard, "/enterprise/nature")
    click(qtbot, next(b for b in nature.findChildren(QRadioButton) if b.text() == "合资"))
    assert workspace.load(wizard.app_id)["enterprise"]["nature"] == "合资"
    types = go(qtbot, wizard, "/project/types")
    boxes = {b.text(): b for b in types.findChildren(QCheckBox)}
    click(qtbot, boxes["跨境电商公共服务中心"])
    click(qtbot, boxes["跨境电商产业园区"])
    # Stored in the definition's order whatever the order of the clicks.
    assert workspace.load(wizard.app_id)["project"]["types"] == ["跨境电商产业带展示选品中心", "跨境电商公共服务中心"]
    policy = go(qtbot, wizard, "/undertakings/policy")
    click(qtbot, policy)
    assert workspace.load(wizard.app_id)["undertakings"]["policy"] is True
    click(qtbot, policy)
    assert "policy" not in workspace.load(wizard.app_id)["undertakings"]


def test_every_field_is_named_by_its_pointer_and_label(qtbot, wizard, definition):
    for field in definition.scalar_fields():
        widget = find(wizard, field.path)
        assert widget.accessibleName() == field.label
        if field.help:
            assert field.help in widget.toolTip()
    for i in range(2):
        for column in definition.plan.columns:
            widget = find(wizard, f"/plan/{i}/{column.key}")
            assert widget.accessibleName() == f"{column.label}（第{i + 1}行）"


def test_required_fields_are_flagged_once_touched(qtbot, wizard):
    editor = go(qtbot, wizard, "/enterprise/name")
    message = find(wizard, "/enterprise/name:message")
    assert not message.isVisible()  # a blank form is not a wall of red
    fill_line(qtbot, editor, "竹韵")
    fill_line(qtbot, editor, "")
    assert message.isVisible() and message.text() == "请填写“承担单位名称”。"
