"""The main window: the list of applications and the operations on it, settings, work areas."""

from __future__ import annotations

from typing import Any

from gui_helpers import activate, click, fill_line, find

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.dialogs import FRAME_ALLOWANCE
from hzsubsidy_desktop.gui.main_window import OPEN_SETTING, MainWindow
from hzsubsidy_desktop.gui.qt import QLabel, QMessageBox


def rows(window: MainWindow) -> list[list[str]]:
    tree = window.enterprise.list.tree
    return [[tree.topLevelItem(i).text(c) for c in range(4)] for i in range(tree.topLevelItemCount())]


def test_the_list_shows_name_enterprise_change_and_status(qtbot, workspace):
    create_app()
    sample_id = workspace.add_document(sample_application())
    blank_id = workspace.new_application()
    workspace.edit(blank_id, "/project/name", "白茶线上专区")
    workspace.report(blank_id)
    win = MainWindow(workspace, restore=False)
    qtbot.addWidget(win)
    tree = win.enterprise.list.tree
    assert [tree.headerItem().text(c) for c in range(4)] == ["项目名称", "承担单位", "最后修改", "状态"]
    shown = {r[0]: r for r in rows(win)}
    sample = shown["安吉椅业跨境电商产业带展示选品中心建设项目"]
    assert sample[1] == "浙江竹韵家居科技有限公司" and sample[3] == "可导出"
    assert len(sample[2]) == 16 and sample[2][4] == "-"  # 2026-11-23 17:08
    blank = shown["白茶线上专区"]
    assert blank[1] == "—" and blank[3].startswith("有错误（")
    assert set(win.enterprise.list.ids()) == {sample_id, blank_id}
    tips = {tree.topLevelItem(i).toolTip(0) for i in range(tree.topLevelItemCount())}
    assert tips == {f"编号 {sample_id[-8:]}", f"编号 {blank_id[-8:]}"}  # the short id hzsubsidy show accepts
    assert workspace.resolve(sample_id[-8:]) == sample_id
    win.close()


def test_an_empty_database_says_how_to_start(window):
    empty = window.enterprise.list.empty
    assert isinstance(empty, QLabel) and empty.isVisible()
    assert "新建空白申报" in empty.text()


def test_new_blank_opens_the_wizard_and_back_lists_it(qtbot, window, workspace):
    click(qtbot, window.enterprise.list.new_button)
    wizard = window.enterprise.wizard
    assert wizard is not None and wizard.current_step == "enterprise"
    fill_line(qtbot, find(wizard, "/project/name"), "展示选品中心")
    assert window.windowTitle().startswith("展示选品中心")
    click(qtbot, wizard.back_button)
    assert window.enterprise.wizard is None
    assert rows(window)[0][0] == "展示选品中心"
    assert rows(window)[0][3].startswith("有错误")
    assert workspace.setting(OPEN_SETTING) is None


def test_enterprise_profile_saved_and_used_for_a_new_application(qtbot, window, workspace):
    app_id = workspace.add_document(sample_application())
    window.enterprise.list.refresh()
    assert not window.enterprise.list.profile_button.isEnabled()
    window.enterprise.list.select(app_id)
    click(qtbot, window.enterprise.list.open_button)
    click(qtbot, window.enterprise.wizard.profile_button)
    assert "单位信息已保存" in window.statusBar().currentMessage()
    click(qtbot, window.enterprise.wizard.back_button)
    assert window.enterprise.list.profile_button.isEnabled()
    click(qtbot, window.enterprise.list.profile_button)
    new = window.enterprise.wizard
    assert new.app_id != app_id
    assert find(new, "/enterprise/name").text() == "浙江竹韵家居科技有限公司"
    assert workspace.load(new.app_id)["enterprise"] == sample_application()["enterprise"]
    assert workspace.load(new.app_id)["project"] == {}


def test_duplicate_delete_and_restore(qtbot, window, workspace):
    app_id = workspace.add_document(sample_application())
    listing = window.enterprise.list
    listing.refresh()
    listing.select(app_id)
    click(qtbot, listing.duplicate_button)
    assert len(listing.ids()) == 2
    copy_id = next(i for i in listing.ids() if i != app_id)
    original, copied = workspace.load(app_id), workspace.load(copy_id)
    name = original["project"]["name"]
    assert copied["project"].pop("name") == f"{name}（副本）"  # the two are told apart in the list
    original["project"].pop("name")
    assert copied == original
    shown = [listing.tree.topLevelItem(i).text(0) for i in range(listing.tree.topLevelItemCount())]
    assert sorted(shown) == sorted([name, f"{name}（副本）"])
    listing.select(copy_id)
    click(qtbot, listing.delete_button)
    assert listing.ids() == [app_id]
    assert "回收站" in window.statusBar().currentMessage()
    click(qtbot, listing.trash_button)
    assert listing.ids() == [copy_id] and listing.restore_button.isVisible()
    assert not listing.new_button.isVisible()
    listing.select(copy_id)
    click(qtbot, listing.restore_button)
    assert listing.ids() == []
    click(qtbot, listing.trash_button)
    assert sorted(listing.ids()) == sorted([app_id, copy_id])


def test_window_size_is_remembered_per_database(qtbot, workspace):
    create_app()
    first = MainWindow(workspace, restore=False)
    qtbot.addWidget(first)
    activate(qtbot, first)
    first.resize(1000, 700)
    first.close()
    assert workspace.setting("gui.window") == {"width": 1000, "height": 700, "maximized": False}
    second = MainWindow(workspace)
    qtbot.addWidget(second)
    # Restored, but never larger than the screen, frame and title bar included (the test screen
    # is small); its size is applied before it is shown.
    room = second.screen().availableGeometry()
    frame_w, frame_h = FRAME_ALLOWANCE
    assert second.height() == min(700, room.height() - frame_h)
    assert second.width() == min(1000, room.width() - frame_w)
    second.close()


def test_closing_with_rejected_input_asks_first(qtbot, window, workspace, monkeypatch):
    click(qtbot, window.enterprise.list.new_button)
    wizard = window.enterprise.wizard
    capital = find(wizard, "/enterprise/registered_capital")
    fill_line(qtbot, capital, "两千")
    asked: list[str] = []

    def question(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not window.close()  # the person chose to stay
    assert asked and "1 处输入不符合要求" in asked[0]
    assert window.isVisible() and window.enterprise.wizard is wizard
    fill_line(qtbot, capital, "2000")
    assert window.close()
    assert workspace.load(wizard.app_id)["enterprise"]["registered_capital"] == "2000"


def test_work_areas_are_tabs(qtbot, window):
    from hzsubsidy_desktop.gui.qt import QWidget

    before = window.tabs.count()
    extra = QWidget()
    index = window.add_area("extra", "另一个区域", extra)
    assert window.tabs.count() == before + 1
    assert window.tabs.tabText(index) == "另一个区域" and window.areas["extra"] is extra
    assert window.tabs.widget(0) is window.enterprise


def test_a_lazy_area_is_built_when_first_opened(qtbot, window):
    from hzsubsidy_desktop.gui.qt import QLabel as Label

    built: list[Label] = []

    def build() -> Label:
        built.append(Label("县级汇总以外的区域"))
        return built[-1]

    index = window.add_lazy_area("later", "稍后", build)
    assert built == [] and "later" in window.areas
    window.tabs.setCurrentIndex(index)
    assert len(built) == 1 and window.tabs.widget(index) is built[0]
    assert window.tabs.tabText(index) == "稍后" and window.tabs.currentIndex() == index
    assert window.areas["later"] is built[0] and len(built) == 1


def test_opening_a_missing_application_says_so(qtbot, window, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    assert not window.enterprise.open_application("0" * 32)
    assert shown == [f"没有编号为 {'0' * 32} 的申报。"]
    assert window.enterprise.wizard is None and window.enterprise.currentWidget() is window.enterprise.list


def test_a_copy_of_a_copy_is_numbered() -> None:
    from hzsubsidy_desktop.workspace.applications import copy_name

    assert copy_name("直播基地") == "直播基地（副本）"
    assert copy_name("直播基地（副本）") == "直播基地（副本2）"
    assert copy_name("直播基地（副本2）") == "直播基地（副本3）"
