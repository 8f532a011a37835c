"""The filling wizard, driven like a person would: clicks and typing only, never model setters."""

from __future__ import annotations

from typing import Any

from gui_helpers import activate, cell_editor, click, click_step, fill_line, find, type_text

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.main_window import MainWindow
from hzsubsidy_desktop.gui.qt import QApplication, QCheckBox, QRadioButton, Qt
from hzsubsidy_desktop.gui.wizard.window import FillingWizard

# How a person might type some sample values: the stored value must still be the canonical one.
TYPED = {
    "/enterprise/registered_capital": "2,000",
    "/enterprise/total_assets": "１８６５０.３２",
    "/enterprise/cbec_turnover": "6235.8万元",
    "/project/start": "2024年3月",
    "/project/end": "2025.9",
    "/conditions/area_sqm": "3200平方米",
    "/conditions/suppliers": "86家",
    "/plan/0/deadline": "2024年12月31日",
}


def new_application(qtbot: Any, window: MainWindow) -> FillingWizard:
    click(qtbot, window.enterprise.list.new_button)
    wizard = window.enterprise.wizard
    assert wizard is not None
    return wizard


def enter_value(qtbot: Any, wizard: FillingWizard, pointer: str, value: Any) -> None:
    """Put ``value`` into the field at ``pointer`` through its widget."""
    field = wizard.definition.field(pointer)
    widget = find(wizard, pointer)
    if field.type == "choice":
        button = next(b for b in widget.findChildren(QRadioButton) if b.text() == value)
        click(qtbot, button)
    elif field.type == "multichoice":
        for box in widget.findChildren(QCheckBox):
            if (box.text() in value) != box.isChecked():
                click(qtbot, box)
    elif field.type == "boolean":
        if bool(value) != widget.isChecked():
            click(qtbot, widget)
    else:
        text = TYPED.get(pointer)
        if text is None:
            text = value.lower() if field.type == "credit_code" else str(value)
        fill_line(qtbot, widget, text)


def fill_expenditure(qtbot: Any, wizard: FillingWizard, expenditure: dict[str, list[dict[str, str]]]) -> None:
    editor = wizard.pages["expenditure"].editor
    view, model = editor.view, editor.model
    for category in wizard.definition.categories:
        for item in expenditure.get(category.key, []):
            header = model.index(model.category_row(category.key), 1)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(header).center())
            qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
            keys = ["name", "spent", "planned", "note"]
            for i, key in enumerate(keys):
                cell = cell_editor(view)
                if item.get(key):
                    type_text(qtbot, cell, item[key])
                qtbot.keyClick(cell, Qt.Key.Key_Tab if i < len(keys) - 1 else Qt.Key.Key_Return)


def test_full_filling_of_the_sample_through_the_widgets(qtbot, window, workspace, definition):
    sample = sample_application()
    wizard = new_application(qtbot, window)
    for step in definition.steps:
        click_step(qtbot, wizard.step_list, step.key)
        for group in definition.groups:
            if group.step != step.key:
                continue
            for field in group.fields:
                value = docs.get(sample, field.path)
                if value is not None:
                    enter_value(qtbot, wizard, field.path, value)
        if step.key == "plan":
            for i, row in enumerate(sample["plan"]):
                for key, value in row.items():
                    enter_value(qtbot, wizard, f"/plan/{i}/{key}", value)
        if step.key == "expenditure":
            fill_expenditure(qtbot, wizard, sample["expenditure"])
    app_id = wizard.app_id
    window.close()
    assert workspace.load(app_id) == docs.canonical(definition, sample)
    assert workspace.summary(app_id).status == "ready"


def test_typed_values_are_normalised_and_reformatted_on_leaving(qtbot, window, workspace):
    wizard = new_application(qtbot, window)
    capital = find(wizard, "/enterprise/registered_capital")
    fill_line(qtbot, capital, "１，２３４．５万元")
    assert workspace.load(wizard.app_id)["enterprise"]["registered_capital"] == "1234.5"
    assert capital.text() == "1234.50"
    assert capital.alignment() & Qt.AlignmentFlag.AlignRight
    fill_line(qtbot, capital, "3000000元")
    assert workspace.load(wizard.app_id)["enterprise"]["registered_capital"] == "300"
    message = find(wizard, "/enterprise/registered_capital:message")
    assert "已按元换算为 300 万元（输入 3000000 元）" in message.text()


def test_going_to_another_step_keeps_what_was_typed(qtbot, window, workspace):
    wizard = new_application(qtbot, window)
    name = find(wizard, "/enterprise/name")
    click(qtbot, name)
    type_text(qtbot, name, "浙江竹韵家居科技有限公司")  # still in the field, nothing committed yet
    click_step(qtbot, wizard.step_list, "project")
    overview = find(wizard, "/project/content")
    click(qtbot, overview)
    type_text(qtbot, overview, "建设展示选品中心")
    click(qtbot, wizard.prev_button)  # back to 单位信息, the long text not left by Tab
    doc = workspace.load(wizard.app_id)
    assert doc["enterprise"]["name"] == "浙江竹韵家居科技有限公司"
    assert doc["project"]["content"] == "建设展示选品中心"
    assert wizard.current_step == "enterprise"


def test_closing_and_reopening_restores_the_application_and_its_page(qtbot, window, workspace):
    wizard = new_application(qtbot, window)
    fill_line(qtbot, find(wizard, "/enterprise/name"), "浙江竹韵家居科技有限公司")
    click_step(qtbot, wizard.step_list, "narrative")
    overview = find(wizard, "/narrative/overview")
    click(qtbot, overview)
    type_text(qtbot, overview, "项目概述第一段")
    app_id = wizard.app_id
    window.close()

    again = MainWindow(workspace)
    qtbot.addWidget(again)
    activate(qtbot, again)
    reopened = again.enterprise.wizard
    assert reopened is not None and reopened.app_id == app_id
    assert reopened.current_step == "narrative"
    assert find(reopened, "/narrative/overview").toPlainText() == "项目概述第一段"
    assert find(reopened, "/enterprise/name").text() == "浙江竹韵家居科技有限公司"
    # Back to the list, closed, reopened: the list shows, not the wizard.
    click(qtbot, reopened.back_button)
    again.close()
    third = MainWindow(workspace)
    qtbot.addWidget(third)
    activate(qtbot, third)
    assert third.enterprise.wizard is None
    assert third.enterprise.list.ids() == [app_id]
    # Opening it again from the list returns to the remembered page.
    third.enterprise.list.select(app_id)
    click(qtbot, third.enterprise.list.open_button)
    assert third.enterprise.wizard.current_step == "narrative"
    third.close()


def test_step_counts_follow_the_typing(qtbot, window):
    wizard = new_application(qtbot, window)
    before = wizard.step_counts()["enterprise"]
    assert before[0] > 0  # a blank application has required fields to fill
    fill_line(qtbot, find(wizard, "/enterprise/name"), "浙江竹韵家居科技有限公司")
    assert wizard.step_counts()["enterprise"][0] == before[0] - 1
    click_step(qtbot, wizard.step_list, "project")
    fill_line(qtbot, find(wizard, "/project/total_investment"), "100")
    fill_line(qtbot, find(wizard, "/project/period_investment"), "150")
    project = wizard.step_counts()["project"]
    assert "total-below-period-investment" in {f.code for f in wizard.session.report.findings}
    fill_line(qtbot, find(wizard, "/project/period_investment"), "80")
    assert wizard.step_counts()["project"][0] == project[0] - 1
    review = wizard.step_counts()["review"]
    assert review[0] == len(wizard.session.report.blocking)


def test_ctrl_s_says_saved(qtbot, window, workspace):
    wizard = new_application(qtbot, window)
    name = find(wizard, "/enterprise/name")
    click(qtbot, name)
    type_text(qtbot, name, "竹韵")
    qtbot.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "已保存"
    assert workspace.load(wizard.app_id)["enterprise"]["name"] == "竹韵"


def test_undo_within_a_field(qtbot, window, workspace):
    wizard = new_application(qtbot, window)
    name = find(wizard, "/enterprise/name")
    fill_line(qtbot, name, "竹韵")
    click(qtbot, name)
    qtbot.keyClick(name, Qt.Key.Key_End)
    type_text(qtbot, name, "abc")
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == "竹韵"
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert workspace.load(wizard.app_id)["enterprise"]["name"] == "竹韵"


def test_help_pane_follows_the_focused_field(qtbot, window, definition):
    wizard = new_application(qtbot, window)
    click_step(qtbot, wizard.step_list, "project")
    types = find(wizard, "/project/types")
    assert types.toolTip().startswith(definition.field("/project/types").help)
    total = find(wizard, "/project/total_investment")
    click(qtbot, total)
    total.setFocus()
    QApplication.processEvents()
    assert wizard.help_title.text() == "总投资（投入）（万元）"
    assert "不低于200万元" in wizard.help_text.text()
    assert total.accessibleName() == "总投资（投入）（万元）"


def test_conditions_follow_the_chosen_project_types(qtbot, window):
    wizard = new_application(qtbot, window)
    click_step(qtbot, wizard.step_list, "conditions")
    page = wizard.pages["conditions"]
    assert not find(wizard, "/conditions/sku_count").isVisibleTo(page)
    click_step(qtbot, wizard.step_list, "project")
    enter_value(qtbot, wizard, "/project/types", ["跨境电商线上产业带专区"])
    click_step(qtbot, wizard.step_list, "conditions")
    sku = find(wizard, "/conditions/sku_count")
    assert sku.isVisibleTo(page)
    assert not find(wizard, "/conditions/suppliers").isVisibleTo(page)
    fill_line(qtbot, sku, "8000")
    threshold = find(wizard, "threshold:/conditions/sku_count")
    assert "不少于 10,000" in threshold.text() and "未达到" in threshold.text()
    click(qtbot, sku)
    qtbot.keyClick(sku, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, sku, "12000")  # live: the comparison follows the typing before leaving
    assert "已达到" in threshold.text()

