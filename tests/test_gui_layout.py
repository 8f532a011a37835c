"""Issue 14, layout: on a 1366×768 screen at 100 %, 125 % and 150 % scaling (in logical pixels
1366×768, 1093×614 and 911×512) every step fits: no horizontal scrollbar, no label or button
narrower than its text, no wrapped text cut at the bottom, and the window within the screen."""

from __future__ import annotations

import pytest
from gui_helpers import activate, fill_line, find

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.main_window import MainWindow
from hzsubsidy_desktop.gui.qt import QAbstractButton, QApplication, QLabel, Qt, QWidget

# Logical screen sizes of a 1366×768 screen at 100 %, 125 % and 150 %, less a 40 px task bar,
# less the window frame (FRAME_ALLOWANCE).
SCREENS = {"100%": (1366, 768), "125%": (1093, 614), "150%": (911, 512)}


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons inside ``root`` that cannot show all their text."""
    out = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text() or label.width() == 0:
            continue
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height() + 2:
                out.append(f"label {label.objectName() or label.text()[:20]!r}: {label.height()} < {need}")
        elif label.sizePolicy().horizontalPolicy().name != "Ignored":
            need = label.minimumSizeHint().width()
            if label.width() + 1 < need:
                out.append(f"label {label.objectName() or label.text()[:20]!r}: {label.width()} < {need}")
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or button.width() == 0:
            continue  # e.g. an item widget of a tree row not laid out yet
        need = button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) + 8
        if button.width() < need:
            out.append(f"button {button.text()!r}: {button.width()} < {need}")
    return out


@pytest.mark.parametrize("scale", list(SCREENS))
def test_every_step_fits_a_1366x768_screen(qtbot, workspace, scale):
    width, height = SCREENS[scale]
    create_app()
    window = MainWindow(workspace, restore=False)
    qtbot.addWidget(window)
    window.resize(width - 16, height - 40 - 40)
    activate(qtbot, window)
    doc = sample_application()
    app_id = workspace.add_document(doc)
    window.enterprise.list.refresh()
    assert window.enterprise.open_application(app_id)
    wizard = window.enterprise.wizard
    try:
        check_steps(qtbot, window, wizard, width, height)
    finally:
        window.enterprise.close_application(ask=False)  # the rejected input must not ask at teardown


def check_steps(qtbot, window, wizard, width, height) -> None:
    assert window.width() <= width - 16 and window.height() <= height - 80, window.size()
    # The usual mistakes, so the messages under the fields are on screen too.
    wizard.go_to_step("enterprise")
    fill_line(qtbot, find(wizard, "/enterprise/credit_code"), "91330523MA2B3C4D5X")
    fill_line(qtbot, find(wizard, "/enterprise/registered_capital"), "45.123456")
    problems = {}
    for step in wizard.steps:
        wizard.go_to_step(step.key)
        QApplication.processEvents()
        page = wizard.current_page()
        found = clipped(page) + clipped(wizard.findChild(QWidget, "wizardHeader")) + clipped(wizard.help_pane)
        if wizard.step_list.horizontalScrollBar().isVisible():
            found.append("horizontal scrollbar under the step list")
        scroll = page.scroll
        if scroll is not None and scroll.horizontalScrollBar().isVisible():
            found.append(f"horizontal scrollbar: content {page.content.minimumSizeHint().width()} "
                         f"> viewport {scroll.viewport().width()}")
        if wizard.width() < wizard.minimumSizeHint().width():
            found.append(f"wizard {wizard.width()} < its minimum {wizard.minimumSizeHint().width()}")
        if found:
            problems[step.key] = found
    assert not problems, problems


def test_the_clerks_area_fits_a_1366x768_screen_at_150_percent(qtbot, workspace):
    width, height = SCREENS["150%"]
    create_app()
    window = MainWindow(workspace, restore=False)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.clerk)
    activate(qtbot, window)
    need = window.minimumSizeHint()
    # The window, frame and a 40 px task bar included, can be made as small as the screen.
    assert need.width() <= width - 16 and need.height() <= height - 40 - 40, need


def _wizard_at(qtbot, workspace, scale: str):
    width, height = SCREENS[scale]
    create_app()
    window = MainWindow(workspace, restore=False)
    qtbot.addWidget(window)
    window.resize(width - 16, height - 40 - 40)
    activate(qtbot, window)
    app_id = workspace.add_document(sample_application())
    window.enterprise.list.refresh()
    assert window.enterprise.open_application(app_id)
    wizard = window.enterprise.wizard
    wizard.go_to_step("expenditure")
    for _ in range(5):
        QApplication.processEvents()
    return window, wizard


def _rows_in_sight(view) -> int:
    """Table rows wholly visible in the grid's viewport."""
    viewport = view.viewport().rect()
    return sum(1 for row in range(view.model().rowCount())
               if viewport.contains(view.visualRect(view.model().index(row, 0)).adjusted(0, 0, 0, -1)))


def test_at_150_percent_the_expenditure_grid_shows_six_rows_and_the_window_still_fits(qtbot, workspace):
    """Issue 14's last point: on a 1366×768 screen at 150 % the 附件4 grid showed about two rows."""
    width, height = SCREENS["150%"]
    window, wizard = _wizard_at(qtbot, workspace, "150%")
    try:
        assert window.height() <= height - 80, window.height()  # opening the wizard did not make it taller
        assert window.minimumSizeHint().height() <= height - 80
        view = wizard.current_page().editor.view
        assert view.model().rowCount() >= 8
        assert _rows_in_sight(view) >= 6
        # the item's name can be read: the amounts' titles drop the unit the grid states above them
        model = view.model()
        assert view.columnWidth(model.name_column) >= 180
        spent = model.money_columns[0]
        assert model.headerData(spent, Qt.Orientation.Horizontal) == "已开支费用"
        assert model.headerData(spent, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "已开支费用（万元）"
        assert view.columnWidth(spent) >= view.horizontalHeader().fontMetrics().horizontalAdvance("已开支费用")
        # the step's description moved to the help pane and the title's tooltip, not lost
        step = next(s for s in wizard.steps if s.key == "expenditure")
        assert not wizard.step_help.isVisible()
        assert step.help in wizard.help_text.text() and wizard.step_title.toolTip() == step.help
        # every step still in sight in the step list
        last = wizard.step_list.visualItemRect(wizard.step_list.item(wizard.step_list.count() - 1))
        assert wizard.step_list.viewport().rect().contains(last)
    finally:
        window.enterprise.close_application(ask=False)


def test_at_100_percent_the_step_description_stays_above_the_page(qtbot, workspace):
    window, wizard = _wizard_at(qtbot, workspace, "100%")
    try:
        step = next(s for s in wizard.steps if s.key == "expenditure")
        assert wizard.step_help.isVisible() and wizard.step_help.text() == step.help
        assert step.help not in wizard.help_text.text()
        assert wizard.current_page().editor.keys.isVisible()  # the keyboard line under the grid
        view = wizard.current_page().editor.view
        assert _rows_in_sight(view) >= 8
        assert view.model().headerData(view.model().money_columns[0], Qt.Orientation.Horizontal) == "已开支费用（万元）"
    finally:
        window.enterprise.close_application(ask=False)
