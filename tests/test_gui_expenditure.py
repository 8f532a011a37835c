"""The 附件4 expenditure table and the progress-plan rows: keyboard work, live totals, row operations."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import cell_editor, click, find, open_wizard, type_text

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.qt import QMessageBox, Qt
from hzsubsidy_desktop.gui.widgets.expenditure import ExpenditureEditor
from hzsubsidy_desktop.gui.widgets.expenditure_model import COMPUTED_BACKGROUND
from hzsubsidy_desktop.gui.wizard.window import FillingWizard
from hzsubsidy_desktop.workspace import Workspace


@pytest.fixture
def wizard(qtbot: Any, workspace: Workspace) -> FillingWizard:
    return open_wizard(qtbot, workspace, workspace.add_document(sample_application()), "expenditure")


@pytest.fixture
def editor(wizard: FillingWizard) -> ExpenditureEditor:
    return wizard.pages["expenditure"].editor


def click_cell(qtbot: Any, editor: ExpenditureEditor, row: int, column: int) -> None:
    view = editor.view
    index = editor.model.index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert view.currentIndex() == index


def shown(editor: ExpenditureEditor, row: int, column: int) -> str:
    return editor.model.index(row, column).data()


def answer(monkeypatch: pytest.MonkeyPatch, reply: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_subtotals_and_total_follow_each_keystroke(qtbot, wizard, editor, workspace):
    model = editor.model
    software = model.category_row("software")
    total = model.rowCount() - 1
    assert shown(editor, software, 2) == "36.00" and shown(editor, total, 2) == "311.50"
    click_cell(qtbot, editor, software + 1, 2)
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    cell = cell_editor(editor.view)
    assert cell.objectName() == "/expenditure/software/0/spent"
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, cell, "4")
    assert shown(editor, software, 2) == "4.00"  # live, before the cell is left
    type_text(qtbot, cell, "6.5")
    assert shown(editor, software, 2) == "46.50"
    assert shown(editor, total, 2) == "322.00"
    assert "已开支费用 <b>322.00</b> 万元" in editor.total_label.text()
    assert workspace.load(wizard.app_id)["expenditure"]["software"][0]["spent"] == "36"  # not yet committed
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert workspace.load(wizard.app_id)["expenditure"]["software"][0]["spent"] == "46.5"
    # Enter moved on to the next cell and opened it.
    assert cell_editor(editor.view).objectName() == "/expenditure/software/0/planned"


def test_keyboard_only_adding_a_line_item(qtbot, wizard, editor, workspace):
    model = editor.model
    click_cell(qtbot, editor, model.category_row("technology") + 1, 1)
    qtbot.keyClick(editor.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    for text, key in (("海外合规咨询服务", Qt.Key.Key_Tab), ("12", Qt.Key.Key_Tab), ("3.5", Qt.Key.Key_Tab),
                      ("合同已签", Qt.Key.Key_Return)):
        type_text(qtbot, cell_editor(editor.view), text)
        qtbot.keyClick(cell_editor(editor.view), key)
    rows = workspace.load(wizard.app_id)["expenditure"]["technology"]
    assert rows[1] == {"name": "海外合规咨询服务", "spent": "12", "planned": "3.5", "note": "合同已签"}
    assert shown(editor, model.category_row("technology"), 2) == "32.00"
    assert shown(editor, model.category_row("technology"), 4) == "2 项"
    # Ctrl+Enter while editing adds the next line right after.
    click_cell(qtbot, editor, model.category_row("technology") + 2, 1)
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    qtbot.keyClick(cell_editor(editor.view), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(workspace.load(wizard.app_id)["expenditure"]["technology"]) == 3
    assert cell_editor(editor.view).objectName() == "/expenditure/technology/2/name"


def test_delete_asks_first(qtbot, wizard, editor, workspace, monkeypatch):
    model = editor.model
    row = model.category_row("equipment") + 1
    click_cell(qtbot, editor, row, 1)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert asked and "展示货架及灯光系统" in asked[0]
    assert len(workspace.load(wizard.app_id)["expenditure"]["equipment"]) == 2
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    stored = workspace.load(wizard.app_id)["expenditure"]["equipment"]
    assert [r["name"] for r in stored] == ["多媒体互动展示屏（86英寸，12台）"]
    assert shown(editor, model.category_row("equipment"), 2) == "42.50"
    assert shown(editor, model.rowCount() - 1, 2) == "226.50"


def test_reorder_with_alt_arrows_and_buttons(qtbot, wizard, editor, workspace):
    model = editor.model
    click_cell(qtbot, editor, model.category_row("equipment") + 2, 1)
    qtbot.keyClick(editor.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    names = [r["name"] for r in workspace.load(wizard.app_id)["expenditure"]["equipment"]]
    assert names == ["多媒体互动展示屏（86英寸，12台）", "展示货架及灯光系统"]
    assert editor.view.currentIndex().row() == model.category_row("equipment") + 1
    click(qtbot, editor.down_button)
    names = [r["name"] for r in workspace.load(wizard.app_id)["expenditure"]["equipment"]]
    assert names == ["展示货架及灯光系统", "多媒体互动展示屏（86英寸，12台）"]


def test_bad_amount_in_a_cell_is_shown_and_not_saved(qtbot, wizard, editor, workspace):
    model = editor.model
    before = workspace.load(wizard.app_id)
    row = model.category_row("other") + 1
    click_cell(qtbot, editor, row, 3)
    type_text(qtbot, editor.view, "2")  # typing starts editing
    cell = cell_editor(editor.view)
    type_text(qtbot, cell, "5万元整")
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    assert workspace.load(wizard.app_id) == before
    click_cell(qtbot, editor, row, 3)
    assert shown(editor, row, 3) == "25万元整"  # kept for correcting
    assert "“拟支出费用”只能填写数字" in editor.message.text()
    assert editor.message.property("role") == "error"
    assert "只能填写数字" in model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)


def test_escape_forgets_the_typing(qtbot, wizard, editor, workspace):
    model = editor.model
    row = model.category_row("information") + 1
    click_cell(qtbot, editor, row, 2)
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    cell = cell_editor(editor.view)
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, cell, "99")
    assert shown(editor, model.category_row("information"), 2) == "99.00"
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    assert shown(editor, model.category_row("information"), 2) == "8.00"
    wizard.flush()
    assert workspace.load(wizard.app_id)["expenditure"]["information"][0]["spent"] == "8"


def test_computed_cells_look_different_and_cannot_be_edited(qtbot, wizard, editor):
    model = editor.model
    category = model.category_row("construction")
    for row in (category, model.rowCount() - 1):
        index = model.index(row, 2)
        assert index.data(Qt.ItemDataRole.BackgroundRole).color() == COMPUTED_BACKGROUND
        assert index.data(Qt.ItemDataRole.FontRole).bold()
        assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    item = model.index(category + 1, 2)
    assert item.flags() & Qt.ItemFlag.ItemIsEditable
    assert item.data(Qt.ItemDataRole.BackgroundRole) is None
    assert shown(editor, category, 0) == "建设费用（小计）"
    assert shown(editor, model.rowCount() - 1, 0) == "累计"
    assert editor.view.columnSpan(category, 0) == 2


def test_findings_mark_the_cells(qtbot, wizard, editor):
    model = editor.model
    row = model.category_row("other") + 1
    click_cell(qtbot, editor, row, 2)
    qtbot.keyClick(editor.view, Qt.Key.Key_F2)
    cell = cell_editor(editor.view)
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(cell, Qt.Key.Key_Delete)
    qtbot.keyClick(cell, Qt.Key.Key_Tab)
    cell = cell_editor(editor.view)
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(cell, Qt.Key.Key_Delete)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    # Both amounts empty: a warning on the line, shown in the cell and in the message line.
    assert model.index(row, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    click_cell(qtbot, editor, row, 2)
    assert "已开支费用和拟支出费用都为空" in editor.message.text()


def test_plan_rows_add_and_remove(qtbot, wizard, workspace, monkeypatch):
    wizard.go_to_step("plan")
    table = wizard.pages["plan"].table
    click(qtbot, table.add_button)
    assert len(workspace.load(wizard.app_id)["plan"]) == 3
    deadline = find(wizard, "/plan/2/deadline")
    assert deadline.hasFocus()
    type_text(qtbot, deadline, "2025-06-30")
    qtbot.keyClick(deadline, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # adds after the focused row
    assert len(workspace.load(wizard.app_id)["plan"]) == 4
    plan = workspace.load(wizard.app_id)["plan"]
    assert plan[2] == {"deadline": "2025-06-30"} and plan[3] == {}
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    click(qtbot, find(wizard, "/plan/3:删除"))
    assert asked and len(workspace.load(wizard.app_id)["plan"]) == 4
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    click(qtbot, find(wizard, "/plan/3:删除"))
    click(qtbot, find(wizard, "/plan/2:上移"))
    plan = workspace.load(wizard.app_id)["plan"]
    assert [r.get("deadline") for r in plan] == ["2024-12-31", "2025-06-30", "2025-09-30"]
    assert find(wizard, "/plan/1/deadline").text() == "2025-06-30"
    # Moved above a later date: the plan rule reports it under the row, in Chinese.
    click(qtbot, find(wizard, "/plan/2:上移"))
    message = find(wizard, "/plan/2/deadline:message")
    qtbot.waitUntil(message.isVisible)  # new rows are shown by the layout on the next event loop turn
    assert "进度计划第3行的截止日期（2025年6月30日）应晚于上一行" in message.text()


def test_a_column_the_user_widened_stays_when_the_window_resizes(qtbot, wizard, editor):
    wizard.resize(1300, 760)
    wizard.show()
    qtbot.waitExposed(wizard)
    last = editor.model.columnCount() - 1  # 备注: a column of the definition's width the user can drag
    editor.view.setColumnWidth(last, 260)
    wizard.resize(1280, 740)
    qtbot.wait(50)
    assert editor.view.columnWidth(last) == 260
