"""The county tab shows what the clerk must decide or know (issue 10): suspected duplicates waiting for a
decision, explained items and unmet basic conditions (flag, filter, texts), and the county's review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from county_helpers import OTHER_CODE, OTHER_PROJECT, Enterprise, county_db, doc_with
from gui_helpers import activate, choose, click, open_clerk

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.county import ClerkWorkspace
from hzsubsidy_desktop.gui.county.conflict import ConflictDialog
from hzsubsidy_desktop.gui.county.project_cells import STATUS_KEY
from hzsubsidy_desktop.gui.qt import QLabel
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import CLERK, Workspace

EXPLAINED = "品牌不足但已说明的展示选品中心项目"


def explained_doc() -> dict:
    doc = doc_with(project__name=EXPLAINED)
    doc["conditions"]["brands"] = 40
    doc["explanations"] = {"basic-condition-not-met:cond-showroom-brands@/conditions/brands": "另有40个品牌在备案中。"}
    return doc


def sample_address() -> str:
    return doc_with()["project"]["address"]


def retyped() -> dict:
    """The explained project typed again on another computer, with another address."""
    doc = explained_doc()
    doc["project"]["address"] = "浙江省湖州市安吉县孝丰镇"
    return doc


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    """A county database: an explained project, another one, and a suspected duplicate of the first."""
    for name, doc in (("x", explained_doc()), ("o", doc_with(enterprise__credit_code=OTHER_CODE, project__name=OTHER_PROJECT)),
                      ("dup", retyped())):
        e = Enterprise(tmp_path / name, doc)
        cons.import_files(store, [e.send()])
        e.close()
    return store


@pytest.fixture
def clerk(qtbot: Any, filled: Store) -> ClerkWorkspace:
    widget = open_clerk(qtbot, filled)
    widget.refresh()
    widget.tabs.setCurrentIndex(0)  # 项目清单
    yield widget
    widget.shutdown()


def clerk_dir(store: Store) -> Path:
    return store.path.parent


def status_of(clerk: ClerkWorkspace, name: str) -> str:
    row = clerk.shown_projects().index(name)
    return clerk.project_filter.index(row, clerk.project_model.keys.index(STATUS_KEY)).data()



def test_explained_items_are_flagged_filtered_and_shown(qtbot: Any, clerk: ClerkWorkspace) -> None:
    assert sorted(clerk.shown_projects()) == sorted([EXPLAINED, OTHER_PROJECT])  # the duplicate is not counted
    assert status_of(clerk, EXPLAINED) == "无问题，已说明 1 项，基本条件未达到 1 项"
    assert status_of(clerk, OTHER_PROJECT) == "无问题"
    choose(qtbot, clerk.filter_status, "有已说明的项")
    assert clerk.shown_projects() == [EXPLAINED]
    choose(qtbot, clerk.filter_status, "基本条件未达到")
    assert clerk.shown_projects() == [EXPLAINED]
    choose(qtbot, clerk.filter_status, "无问题")
    assert sorted(clerk.shown_projects()) == sorted([EXPLAINED, OTHER_PROJECT])
    # Searched as pasted from elsewhere: a zero-width space, a no-break space, full-width letters.
    clerk.search.setText("品牌不足\u200b但已说明")
    assert clerk.shown_projects() == [EXPLAINED]
    clerk.search.setText("品牌不足\u00a0但已说明")
    assert clerk.shown_projects() == [EXPLAINED]
    clerk.search.setText("白茶\u3000线上产业带")
    assert clerk.shown_projects() == [OTHER_PROJECT]
    clerk.search.clear()
    app_id = next(r.app_id for r in clerk.project_model.all_rows if r.texts["project_name"] == EXPLAINED)
    clerk.show_project(app_id)
    texts = [clerk.review.findings.item(i).text() for i in range(clerk.review.findings.count())]
    assert any(t.startswith("【已说明】") and "说明：另有40个品牌在备案中。" in t for t in texts), texts
    assert clerk.review.status.text() == "检查结果：无问题，已说明 1 项，基本条件未达到 1 项"


def test_pending_duplicates_are_announced_and_decided(
    qtbot: Any, clerk: ClerkWorkspace, filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert clerk.pending_label.isVisible() and clerk.pending_button.isVisible()
    assert clerk.pending_label.text() == "有 1 项疑似重复待决定：决定之前，清单和合计只计算原有的一份。"
    monkeypatch.setattr(clerk, "ask_save_path", lambda title, name, _filter: clerk_dir(filled) / name)
    path = clerk.export_list("xlsx")
    assert path is not None and path.exists()
    assert "（2 个项目）" in clerk.message_label.text()
    assert "另有 1 项疑似重复待决定，清单只计算了原有的一份" in clerk.message_label.text()
    seen: list[str] = []

    def keep_both(dialog: ConflictDialog) -> int:
        seen.append(dialog.windowTitle())
        assert dialog.rows() == [("项目建设地址", sample_address(), "浙江省湖州市安吉县孝丰镇")]
        assert "来自文件" not in " ".join(label.text() for label in dialog.findChildren(QLabel))
        return ConflictDialog.BOTH

    monkeypatch.setattr(ConflictDialog, "exec", keep_both)
    click(qtbot, clerk.pending_button)
    assert seen == [f"核对疑似重复：{EXPLAINED}"]
    assert not clerk.pending_label.isVisible()
    assert clerk.shown_projects().count(EXPLAINED) == 2
    assert cons.pending_duplicates(filled) == []


def test_the_city_sees_the_countys_review_read_only(qtbot: Any, store: Store, tmp_path: Path) -> None:
    anji, ids = county_db(tmp_path / "anji.sqlite3", "安吉县", [doc_with(project__name="安吉项目乙海外仓建设工程")])
    cons.set_review(anji, ids[0], "需修改", "请补充发票")
    cons.import_files(store, [cons.pack_county(anji, tmp_path / "to-city")])
    anji.close()
    create_app()
    city = ClerkWorkspace(Workspace(store, actor=CLERK))
    qtbot.addWidget(city)
    activate(qtbot, city)
    city.refresh()
    (row,) = city.project_model.all_rows
    city.show_project(row.app_id)
    label = city.review.county_review
    assert label.isVisible() and label.text().startswith("安吉县的审核（需修改，")
    assert label.text().endswith("：请补充发票（只读）")
    assert city.review.review_state.currentText() == "待审核"
    city.shutdown()


def test_own_applications_and_the_countys_copies_stay_apart_in_the_window(qtbot: Any, window, workspace, store, tmp_path):
    from hzsubsidy_desktop.document.sample import sample_application
    from hzsubsidy_desktop.gui.application_list import ID_ROLE
    from hzsubsidy_desktop.interchange.submission import pack_application

    own = workspace.add_document(sample_application())
    path = pack_application(store, own, tmp_path / "out")
    [outcome] = workspace.import_files([path])
    assert outcome.status == "imported" and outcome.app_id != own
    apps = window.enterprise.list
    apps.refresh()
    shown = [apps.tree.topLevelItem(i).data(0, ID_ROLE) for i in range(apps.tree.topLevelItemCount())]
    assert shown == [own]  # the user's own application only; the county's copy is in 县级汇总
    clerk = window.areas["clerk"]
    clerk.refresh()
    assert [r.app_id for r in clerk.project_model.all_rows] == [outcome.app_id]
