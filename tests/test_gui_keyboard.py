"""Issue 14, keyboard: Enter on 下一步, focus in a step's first field, Tab order, shortcuts shown,
Ctrl+N, and a jump from the review that brings the whole field and its help into view."""

from __future__ import annotations

from gui_helpers import find, open_wizard

from hzsubsidy_desktop.gui.qt import QApplication, QPoint, QRect, Qt


def test_enter_on_next_goes_to_the_next_step_and_focus_lands_in_its_first_field(qtbot, workspace):
    app_id = workspace.new_application()
    wizard = open_wizard(qtbot, workspace, app_id, "enterprise")
    start = wizard.step_list.currentRow()
    wizard.next_button.setFocus()
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)
    assert wizard.step_list.currentRow() == start + 1
    focus = QApplication.focusWidget()
    page = wizard.current_page()
    assert focus is not None and page.isAncestorOf(focus), focus
    assert focus is not wizard.next_button


def test_focus_after_next_is_the_first_field_of_the_step(qtbot, workspace):
    app_id = workspace.new_application()
    wizard = open_wizard(qtbot, workspace, app_id, "enterprise")
    wizard.next_button.setFocus()
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Space)
    assert wizard.current_step == "project"
    first = next(g.fields[0] for g in wizard.definition.groups if g.step == "project")
    assert QApplication.focusWidget() is find(wizard, first.path)


def test_tab_from_the_last_field_reaches_next_before_previous(qtbot, workspace):
    app_id = workspace.new_application()
    wizard = open_wizard(qtbot, workspace, app_id, "project")
    wizard.next_button.setFocus()
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wizard.prev_button
    qtbot.keyClick(wizard.prev_button, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is wizard.next_button
    # Backtab from 下一步 goes into the page: the page's last field, not 上一步.
    qtbot.keyClick(wizard.next_button, Qt.Key.Key_Backtab)
    focus = QApplication.focusWidget()
    assert focus is not wizard.prev_button and wizard.current_page().isAncestorOf(focus)


def test_enter_on_a_check_box_moves_on_but_enter_in_a_line_edit_stays(qtbot, workspace):
    app_id = workspace.new_application()
    wizard = open_wizard(qtbot, workspace, app_id, "enterprise")
    first = next(g.fields[0] for g in wizard.definition.groups if g.step == "enterprise")
    edit = find(wizard, first.path)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wizard.current_step == "enterprise"


def test_step_shortcuts_are_on_the_tooltips_and_in_the_help_pane(qtbot, workspace):
    wizard = open_wizard(qtbot, workspace, workspace.new_application(), "enterprise")
    assert "Alt+→" in wizard.next_button.toolTip() and "Ctrl+PgDown" in wizard.next_button.toolTip()
    assert "Alt+←" in wizard.prev_button.toolTip() and "Ctrl+PgUp" in wizard.prev_button.toolTip()
    wizard.step_list.setFocus()
    wizard._show_help(None)
    assert "Alt+→" in wizard.help_text.text() and "Ctrl+S" in wizard.help_text.text()
    qtbot.keyClick(wizard.step_list, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_step != "enterprise"


def test_ctrl_n_creates_a_new_application_from_the_list(qtbot, window):
    assert "Ctrl+N" in window.enterprise.list.new_button.toolTip()
    before = len(window.enterprise.list.ids())
    qtbot.keyClick(window.enterprise.list.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.enterprise.wizard is not None
    window.enterprise.close_application(ask=False)
    assert len(window.enterprise.list.ids()) == before + 1


def test_a_jump_shows_the_whole_field_and_its_help(qtbot, workspace):
    app_id = workspace.new_application()
    wizard = open_wizard(qtbot, workspace, app_id, "review")
    wizard.resize(1366, 700)
    target = "/enterprise/contact_phone"
    assert wizard.go_to_pointer(target)
    page = wizard.current_page()
    widget = find(wizard, target)
    viewport = page.scroll.viewport()

    def shown() -> bool:
        return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))

    qtbot.waitUntil(shown, timeout=3000)  # the scroll settles after layout; a loaded machine takes longer than 50 ms
    assert wizard.help_title.text() == wizard.definition.field(target).label



def test_ctrl_1_and_2_switch_work_areas_and_enter_opens_rows(qtbot, window):
    from hzsubsidy_desktop.gui.qt import QKeySequence, QShortcut

    qtbot.keyClick(window.enterprise.list.tree, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    clerk = window.clerk
    assert window.tabs.currentWidget() is clerk
    focus = QApplication.focusWidget()
    assert focus is not None and clerk.isAncestorOf(focus)
    # The clerk's project list and import results open their row with Enter, as with a double click.
    for view in (clerk.table, clerk.results_view):
        keys = {s.key().toString() for s in view.findChildren(QShortcut)
                if s.context() == Qt.ShortcutContext.WidgetShortcut}
        assert QKeySequence(Qt.Key.Key_Return).toString() in keys
    qtbot.keyClick(focus, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.enterprise
