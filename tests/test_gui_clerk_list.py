"""The clerk's project list at scale: read on a worker thread, sorted and filtered in one pass."""

from __future__ import annotations

from typing import Any

import pytest
from gui_helpers import activate

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.county import ClerkWorkspace, list_tab
from hzsubsidy_desktop.gui.qt import Qt
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace

NAMES = ["乙项目", "甲项目十二", "丙项目一", "甲项目一"]
SUBSIDIES = ["150", "60", "80", "5"]


@pytest.fixture
def filled(store: Store) -> Store:
    ws = Workspace(store, actor="import")
    for name, subsidy in zip(NAMES, SUBSIDIES, strict=True):
        doc = sample_application()
        doc["project"]["name"] = name
        doc["project"]["subsidy_requested"] = subsidy
        ws.add_document(doc, origin="import")
    return store


@pytest.fixture
def clerk(qtbot: Any, filled: Store, monkeypatch: pytest.MonkeyPatch) -> ClerkWorkspace:
    monkeypatch.setattr(list_tab, "BACKGROUND_FROM", 2)  # these four count as a long list
    create_app()
    widget = ClerkWorkspace(Workspace(filled, actor="clerk"))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    activate(qtbot, widget)
    widget.wait_for_rows()
    yield widget
    widget.shutdown()


def shown(clerk: ClerkWorkspace, key: str = "project_name") -> list[str]:
    col = clerk.project_model.keys.index(key)
    return [clerk.project_filter.index(r, col).data() for r in range(clerk.project_filter.rowCount())]


def test_a_long_list_is_read_on_a_worker_thread_and_shown(clerk: ClerkWorkspace) -> None:
    assert sorted(shown(clerk)) == sorted(NAMES)
    assert clerk.count_label.text() == "共 4 个项目，已通过 0 个"


def test_sorting_by_money_and_back_keeps_the_selected_project(clerk: ClerkWorkspace) -> None:
    clerk.select_project(clerk.project_model.all_rows[0].app_id)
    selected = clerk.current_app
    col = clerk.project_model.keys.index("subsidy")
    clerk.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert shown(clerk, "subsidy") == ["5.00", "60.00", "80.00", "150.00"]
    clerk.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert shown(clerk, "subsidy") == ["150.00", "80.00", "60.00", "5.00"]
    (index,) = clerk.table.selectionModel().selectedRows()
    assert clerk._app_at(index) == selected
    seq = clerk.project_model.keys.index("seq")
    clerk.table.sortByColumn(seq, Qt.SortOrder.DescendingOrder)
    assert shown(clerk, "seq") == ["4", "3", "2", "1"]
    clerk.table.sortByColumn(seq, Qt.SortOrder.AscendingOrder)
    assert shown(clerk, "seq") == ["1", "2", "3", "4"]
    (index,) = clerk.table.selectionModel().selectedRows()
    assert clerk._app_at(index) == selected


def test_typing_narrows_and_deleting_widens_the_search(clerk: ClerkWorkspace) -> None:
    clerk.table.sortByColumn(clerk.project_model.keys.index("project_name"), Qt.SortOrder.AscendingOrder)
    for text, expected in [("甲", {"甲项目十二", "甲项目一"}), ("甲项目一", {"甲项目一"}), ("甲项目", {"甲项目十二", "甲项目一"}),
                           ("项目一", {"丙项目一", "甲项目一"}), ("", set(NAMES))]:
        clerk.search.setText(text)
        assert set(shown(clerk)) == expected, text
    clerk.search.setText("甲 十二")
    assert shown(clerk) == ["甲项目十二"]
    assert clerk.count_label.text() == "共 4 个项目，已通过 0 个，显示 1 个"
    assert "60.00" in clerk.totals_label.text()


def test_an_edited_row_leaves_a_filter_it_no_longer_matches(clerk: ClerkWorkspace, filled: Store) -> None:
    clerk.search.setText("乙项目")
    (app_id,) = [r.app_id for r in clerk.project_filter.shown_rows()]
    filled.set_value(app_id, "/project/name", "丁项目", actor="clerk")
    assert clerk.refresh_project(app_id)
    assert shown(clerk) == []
    clerk.search.setText("丁")
    assert shown(clerk) == ["丁项目"]
