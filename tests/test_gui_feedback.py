"""Issue 14, feedback on every input: a rejected 附件4 cell counts in the step badge, the subtotal
says it leaves the cell out, its message stays in the tooltip and the findings list; every 元 → 万元
conversion is said; an amount that looks typed in the wrong unit gets a 提示."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from gui_helpers import cell_editor, fill_line, find, open_wizard, type_text

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.qt import Qt
from hzsubsidy_desktop.gui.wizard.window import FillingWizard
from hzsubsidy_desktop.values.amounts import parse_amount
from hzsubsidy_desktop.workspace import Workspace


@pytest.fixture
def wizard(qtbot: Any, workspace: Workspace) -> FillingWizard:
    return open_wizard(qtbot, workspace, workspace.add_document(sample_application()), "expenditure")


def type_in_cell(qtbot: Any, wizard: FillingWizard, row: int, column: int, text: str) -> None:
    editor = wizard.pages["expenditure"].editor
    view = editor.view
    index = editor.model.index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.keyClick(view, Qt.Key.Key_F2)
    cell = cell_editor(view)
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Tab)


def test_a_rejected_cell_counts_in_the_badge_and_is_left_out_of_the_subtotal(qtbot, wizard, workspace):
    editor = wizard.pages["expenditure"].editor
    model = editor.model
    assert wizard.step_counts()["expenditure"][0] == 0
    stored_before = workspace.load(wizard.app_id)["expenditure"]["equipment"][0]["spent"]
    before_total = model.index(model.category_row("equipment"), 2).data()
    row = model.category_row("equipment") + 1
    spent_before = model.index(row, 2).data()
    type_in_cell(qtbot, wizard, row, 2, "45.123456")
    # The step badge counts it, as does the review's step.
    assert wizard.step_counts()["expenditure"][0] == 1
    assert wizard.step_counts()["review"][0] >= 1
    # The subtotal leaves the cell out (neither the old value nor a rounded 45.12) and says so.
    subtotal = model.index(model.category_row("equipment"), 2).data()
    expected = Decimal(before_total) - Decimal(spent_before)
    assert Decimal(subtotal) == expected, (subtotal, before_total, spent_before)
    assert Decimal(spent_before) > 0
    assert "1 格无效未计入" in model.index(model.category_row("equipment"), 4).data()
    assert "不含 1 格填写有误的金额" in editor.total_label.text()
    # The message is in the cell's tooltip whichever cell is selected, and in the findings list.
    assert "最多4位小数" in model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert editor.view.currentIndex() != model.index(row, 2)
    assert "最多4位小数" in editor.message.text() and editor.message.property("role") == "error"
    wizard.go_to_step("review")
    page = wizard.current_page()
    page.rebuild()
    messages = [item.text(1) for item in page.finding_items()]
    assert any("最多4位小数" in m for m in messages), messages
    assert page.summary.text().startswith("错误 1 项")
    # Nothing of it was saved.
    assert workspace.load(wizard.app_id)["expenditure"]["equipment"][0]["spent"] == stored_before


def test_a_conversion_in_a_cell_is_said_after_tab_moves_on(qtbot, wizard, workspace):
    editor = wizard.pages["expenditure"].editor
    model = editor.model
    row = model.category_row("other") + 1
    type_in_cell(qtbot, wizard, row, 3, "1,200元")
    assert workspace.load(wizard.app_id)["expenditure"]["other"][0]["planned"] == "0.12"
    assert "已按元换算为 0.12 万元" in editor.message.text()
    assert "已按元换算为 0.12 万元" in model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)


def test_a_field_amount_that_looks_typed_in_yuan_gets_a_hint(qtbot, workspace):
    wizard = open_wizard(qtbot, workspace, workspace.add_document(sample_application()), "enterprise")
    widget = find(wizard, "/enterprise/registered_capital")
    fill_line(qtbot, widget, "20000000")
    message = find(wizard, "/enterprise/registered_capital:message")
    assert message.isVisible() and "请核对单位" in message.text()
    assert message.property("role") == "warning"


def test_unit_hints_in_the_core() -> None:
    assert parse_amount("1,200元").note == "已按元换算为 0.12 万元（输入 1200 元）"
    assert parse_amount("120").note is None
    assert "亿元" in parse_amount("2000000").note
    assert "请去掉“元”" in parse_amount("50元").note
