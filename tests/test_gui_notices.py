"""Several notices in the GUI: 新建 asks which one (newest first) only when more than one is
installed; the county tab offers a notice selector only when the database holds several."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_helpers import activate, click
from notice_helpers import NEXT_ID, NEXT_TITLE, install_notice

from hzsubsidy_desktop import county
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.formdef import load_definition, notices
from hzsubsidy_desktop.gui.notice_chooser import NoticeChooser
from hzsubsidy_desktop.gui.qt import QDialog, QLabel, QListWidget
from hzsubsidy_desktop.workspace import CLERK, Workspace

SHIPPED_ID = "zj-cbec-2024"


@pytest.fixture
def extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "extra-forms"
    install_notice(root)
    monkeypatch.setenv(notices.FORMS_ENV, str(root))
    return root


def _form_of_open_application(window: Any) -> str:
    wizard = window.enterprise.wizard
    assert wizard is not None
    return wizard.session.definition.id


def test_one_notice_new_is_one_click(qtbot, window, monkeypatch):
    monkeypatch.setattr(NoticeChooser, "exec", lambda self: pytest.fail("no question with one notice"))
    click(qtbot, window.enterprise.list.new_button)
    assert _form_of_open_application(window) == SHIPPED_ID


@pytest.mark.parametrize(("row", "expected"), [(0, NEXT_ID), (1, SHIPPED_ID)])
def test_several_notices_new_asks_newest_first(qtbot, extra, window, monkeypatch, row, expected):
    seen: list[list[str]] = []

    def answer(dialog: NoticeChooser) -> int:
        items = dialog.findChild(QListWidget, "noticeList")
        seen.append([items.item(i).text().splitlines()[0] for i in range(items.count())])
        assert items.currentRow() == 0  # the newest is the default
        items.setCurrentRow(row)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoticeChooser, "exec", answer)
    click(qtbot, window.enterprise.list.new_button)
    assert seen == [[f"{NEXT_TITLE}（最新）", load_definition(SHIPPED_ID).title]]
    assert _form_of_open_application(window) == expected


def test_cancelling_the_choice_creates_nothing(qtbot, extra, window, workspace, monkeypatch):
    monkeypatch.setattr(NoticeChooser, "exec", lambda self: QDialog.DialogCode.Rejected)
    click(qtbot, window.enterprise.list.new_button)
    assert window.enterprise.wizard is None and workspace.summaries() == []


def test_the_chooser_names_a_broken_extra_folder(qtbot, extra):
    broken = extra / "zj-cbec-2026"
    broken.mkdir()
    (broken / "form.toml").write_text("id = [\n", encoding="utf-8")
    dialog = NoticeChooser(notices.installed())
    qtbot.addWidget(dialog)
    assert dialog.findChild(QListWidget, "noticeList").count() == 2
    assert str(broken) in dialog.findChild(QLabel, "noticeProblems").text()


def _import(store, form_id: str, name: str) -> None:
    doc = sample_application(load_definition(form_id))
    doc["project"]["name"] = name
    Workspace(store, actor="county").add_document(doc, origin=county.ORIGIN)


@pytest.fixture
def open_clerk(qtbot: Any, store):
    """Open the 县级汇总 workspace on ``store``; closed (and deaf to changes) before the store closes."""
    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.county import ClerkWorkspace
    from hzsubsidy_desktop.gui.operations import changes

    opened = []

    def open_() -> Any:
        create_app()
        widget = ClerkWorkspace(Workspace(store, actor=CLERK))
        qtbot.addWidget(widget)
        widget.resize(1280, 800)
        activate(qtbot, widget)
        opened.append(widget)
        return widget

    yield open_
    for widget in opened:
        widget.shutdown()
        changes().changed.disconnect(widget._changed_elsewhere)
        widget._refresh_timer.stop()
        widget.close()


def test_county_tab_follows_the_imports_and_offers_a_selector_only_for_several(extra, store, open_clerk):
    _import(store, SHIPPED_ID, "二〇二四年的项目")
    clerk = open_clerk()
    selector = clerk.notice_box
    assert not selector.isVisible()  # one notice in the database: nothing to choose
    assert clerk.definition.id == SHIPPED_ID and clerk.shown_projects() == ["二〇二四年的项目"]

    _import(store, NEXT_ID, "二〇二五年的项目")
    clerk.refresh()
    assert selector.isVisible() and selector.count() == 2
    assert clerk.definition.id == SHIPPED_ID  # the list shown does not change under the clerk
    selector.setCurrentIndex(selector.findData(NEXT_ID))
    selector.activated.emit(selector.currentIndex())
    assert clerk.definition.id == NEXT_ID and clerk.shown_projects() == ["二〇二五年的项目"]


def test_county_tab_opens_on_the_newest_notice_of_the_database(extra, store, open_clerk):
    _import(store, SHIPPED_ID, "二〇二四年的项目")
    _import(store, NEXT_ID, "二〇二五年的项目")
    clerk = open_clerk()
    assert clerk.notice_box.isVisible() and clerk.notice_box.currentData() == NEXT_ID
    assert clerk.shown_projects() == ["二〇二五年的项目"]
