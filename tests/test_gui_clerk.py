"""The county clerk's 汇总 workspace, driven through its widgets on real .hzsub files built by the app."""

from __future__ import annotations

import hashlib
import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from gui_helpers import activate, choose, click, fill_line, find, open_clerk, type_text

from hzsubsidy_desktop import county as cons
from hzsubsidy_desktop.county import importing
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.export import export_application
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.county import ClerkWorkspace
from hzsubsidy_desktop.gui.county.conflict import ConflictDialog
from hzsubsidy_desktop.gui.county.editor import ClerkEditorWindow
from hzsubsidy_desktop.gui.main_window import MainWindow
from hzsubsidy_desktop.gui.qt import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDesktopServices,
    QDropEvent,
    QLineEdit,
    QMimeData,
    QPlainTextEdit,
    QPoint,
    QPointF,
    Qt,
    QUrl,
)
from hzsubsidy_desktop.interchange import submission
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import CLERK, Workspace

PARK = "跨境电商产业园区"


# -- files built by the app ------------------------------------------------------------------------
def _variant(name: str, enterprise: str, types: list[str], subsidy: str) -> dict[str, Any]:
    doc = sample_application()
    doc["project"]["name"] = name
    doc["project"]["types"] = types
    doc["project"]["subsidy_requested"] = subsidy
    doc["enterprise"]["name"] = enterprise
    return doc


def _tampered(src: Path, dst: Path) -> Path:
    """A genuine file whose application.json was changed after packing (hash no longer matches)."""
    with zipfile.ZipFile(src) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    doc = json.loads(members["application.json"])
    doc["project"]["subsidy_requested"] = "999"
    members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()
    with zipfile.ZipFile(dst, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return dst


def _same_revision_other_figures(src: Path, dst: Path) -> Path:
    """The same submission and revision again with other figures (re-packed, hashes recomputed): a conflict."""
    import hostile_files as hostile

    def change(members: dict[str, bytes]) -> dict[str, bytes]:
        doc = json.loads(members["application.json"])
        doc["project"]["subsidy_requested"] = "180"
        doc["project"]["total_investment"] = "650"
        return {**members, "application.json": json.dumps(doc, ensure_ascii=False).encode()}

    dst.parent.mkdir(parents=True, exist_ok=True)
    return hostile.variant(src, dst, members=change)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Submission files packed with ``submission.pack_application`` from enterprise databases."""
    root = tmp_path_factory.mktemp("submissions")
    out: dict[str, Path] = {}
    with Store(root / "enterprise.sqlite3") as store:
        a = store.create(sample_application())
        out["a1"] = submission.pack_application(store, a, root / "rev1")
        store.set_value(a, "/project/subsidy_requested", "120", actor="enterprise")
        out["a2"] = submission.pack_application(store, a, root / "rev2")
        b = store.create(_variant("湖州智慧物流园区跨境电商孵化基地", "湖州云帆供应链管理有限公司", [PARK], "80"))
        out["b"] = submission.pack_application(store, b, root / "batch", draft=True)  # 园区面积待说明
        c = store.create(_variant("安吉白茶线上产业带专区运营项目", "安吉茗香白茶有限公司", ["跨境电商线上产业带专区"], "60"))
        out["c"] = submission.pack_application(store, c, root / "batch")
    # The same credit code and project name sent again from another computer, with other figures:
    # a new submission id, so a suspected duplicate.
    with Store(root / "other.sqlite3") as store:
        doc = sample_application()
        doc["project"]["subsidy_requested"] = "180"
        doc["project"]["total_investment"] = "650"
        x = store.create(doc)
        out["duplicate"] = submission.pack_application(store, x, root / "other")
    out["conflict"] = _same_revision_other_figures(out["a1"], root / "conflict" / out["a1"].name)
    out["batch"] = root / "batch"
    out["tampered"] = _tampered(out["a1"], root / "被改动的报送文件.hzsub")
    not_zip = root / "batch" / "说明.hzsub"
    not_zip.write_text("这不是报送文件", encoding="utf-8")
    out["not_zip"] = not_zip
    return out


@pytest.fixture
def clerk(qtbot: Any, store: Store) -> ClerkWorkspace:
    widget = open_clerk(qtbot, store)
    yield widget
    widget.shutdown()


def run_import(qtbot: Any, clerk: ClerkWorkspace, *paths: Path) -> list[cons.ImportOutcome]:
    with qtbot.waitSignal(clerk.import_finished, timeout=60_000) as blocker:
        assert clerk.import_paths(list(paths)) is not None
    return blocker.args[0]


def cell(clerk: ClerkWorkspace, row: int, key: str) -> str:
    return clerk.project_filter.index(row, clerk.project_model.keys.index(key)).data()


def row_of(clerk: ClerkWorkspace, name: str) -> int:
    names = clerk.shown_projects()
    assert name in names, names
    return names.index(name)


def db_bytes(store: Store) -> bytes:
    store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    return hashlib.sha256(store.path.read_bytes()).digest()


# -- import ----------------------------------------------------------------------------------------
def test_folder_import_shows_a_result_line_per_file(qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path]) -> None:
    run_import(qtbot, clerk, files["batch"])

    lines = clerk.results.lines()
    assert len(lines) == 3
    assert any(line.startswith(files["b"].name) and "已导入。湖州智慧物流园区跨境电商孵化基地（第1版）" in line for line in lines)
    assert any(line.startswith(files["c"].name) and "已导入" in line for line in lines)
    assert "说明.hzsub：已拒收。“说明.hzsub”不是报送文件：文件不是 zip 压缩包。" in lines
    assert clerk.import_summary.text() == "导入完成：已导入 2 个，拒收 1 个。"
    assert clerk.progress.isHidden() and clerk.import_files_button.isEnabled()
    assert sorted(clerk.shown_projects()) == sorted(["湖州智慧物流园区跨境电商孵化基地", "安吉白茶线上产业带专区运营项目"])
    assert clerk.count_label.text() == "共 2 个项目，已通过 0 个"


def test_rejected_file_shows_the_reason_and_imports_nothing(
    qtbot: Any, clerk: ClerkWorkspace, store: Store, files: dict[str, Path]
) -> None:
    before = db_bytes(store)
    outcomes = run_import(qtbot, clerk, files["tampered"])

    assert [o.status for o in outcomes] == ["rejected"]
    (line,) = clerk.results.lines()
    assert line.startswith("被改动的报送文件.hzsub：已拒收。")
    assert "application.json" in line and "与清单不符" in line
    assert clerk.import_summary.text() == "导入完成：拒收 1 个。"
    assert store.summaries() == []
    assert db_bytes(store) == before
    assert clerk.project_stack.currentIndex() == 0  # the "nothing imported yet" page


def test_newer_revision_replaces_identical_is_skipped(
    qtbot: Any, clerk: ClerkWorkspace, store: Store, files: dict[str, Path]
) -> None:
    run_import(qtbot, clerk, files["a1"])
    assert cell(clerk, 0, "subsidy") == "150.00"

    run_import(qtbot, clerk, files["a2"])
    (line,) = clerk.results.lines()
    assert "已替换旧版本" in line and "第2版替换了第1版" in line
    assert cell(clerk, 0, "subsidy") == "120.00"

    run_import(qtbot, clerk, files["a2"])
    (line,) = clerk.results.lines()
    assert "相同，已跳过" in line
    assert len(store.summaries()) == 1
    assert len(store.history(store.summaries()[0].id)) == 1


def test_drop_of_files_imports_them(qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files["b"])), QUrl.fromLocalFile(str(files["c"]))])
    event = QDropEvent(QPointF(40, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(clerk.import_finished, timeout=60_000):
        clerk.dropEvent(event)
    assert event.isAccepted()
    assert len(clerk.shown_projects()) == 2


def test_the_xlsx_that_hzsubsidy_exports_is_imported(qtbot: Any, clerk: ClerkWorkspace, tmp_path: Path) -> None:
    result = export_application(clerk.definition, _variant("德清地信跨境电商公共服务中心", "德清地信科技有限公司",
                                                            ["跨境电商公共服务中心"], "90"), tmp_path)
    (outcome,) = run_import(qtbot, clerk, result.xlsx)
    assert outcome.status == "imported"
    assert clerk.results.lines()[0].startswith(f"{result.xlsx.name}：已导入。")
    assert clerk.shown_projects() == ["德清地信跨境电商公共服务中心"]
    assert cell(clerk, 0, "subsidy") == "90.00"


def test_a_county_package_is_imported_by_the_city_clerk(
    qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path], tmp_path: Path
) -> None:
    with Store(tmp_path / "county.sqlite3") as county:
        cons.import_files(county, [files["b"], files["c"]])
        cons.set_county_settings(county, {"county": "长兴县"})
        package = cons.pack_county(county, tmp_path)
    outcomes = run_import(qtbot, clerk, package)
    assert [o.status for o in outcomes] == ["imported", "imported"]
    lines = clerk.results.lines()
    assert all(line.startswith(f"{package.name}  长兴县 ") for line in lines), lines
    assert [cell(clerk, r, "county") for r in range(2)] == ["长兴县", "长兴县"]


def test_a_project_the_county_deleted_leaves_the_city_list(
    qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path], tmp_path: Path
) -> None:
    with Store(tmp_path / "county.sqlite3") as county:
        found = cons.import_files(county, [files["b"], files["c"]])
        cons.set_county_settings(county, {"county": "长兴县"})
        first = cons.pack_county(county, tmp_path / "first")
        county.delete(found[1].app_id, actor="clerk")
        second = cons.pack_county(county, tmp_path / "second")
    run_import(qtbot, clerk, first)
    assert len(clerk.shown_projects()) == 2
    outcomes = run_import(qtbot, clerk, second)
    assert [o.status for o in outcomes] == ["identical", "removed"]
    line = clerk.results.lines()[-1]
    assert line.startswith(f"{second.name}  长兴县 安吉白茶线上产业带专区运营项目：已移入回收站。") and "长兴县已删除该项目" in line
    assert clerk.shown_projects() == ["湖州智慧物流园区跨境电商孵化基地"]
    assert "县级已删除或退回、移入回收站 1 个" in clerk.import_summary.text()


def test_stopping_an_import_keeps_what_was_imported(
    qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = importing.read_incoming
    first_done, pressed = threading.Event(), threading.Event()

    def read_and_wait(path: Path) -> list[Any]:
        found = original(path)
        first_done.set()
        assert pressed.wait(30)  # the worker goes on only after the clerk pressed 停止导入
        return found

    monkeypatch.setattr(importing, "read_incoming", read_and_wait)
    with qtbot.waitSignal(clerk.import_finished, timeout=60_000) as blocker:
        clerk.import_paths([files["batch"]])
        qtbot.waitUntil(first_done.is_set)
        assert not clerk.export_xlsx_button.isEnabled() and not clerk.import_folder_button.isEnabled()
        click(qtbot, clerk.cancel_button)
        pressed.set()
    outcomes = blocker.args[0]
    assert len(outcomes) == 1
    assert clerk.import_summary.text() in ("导入已停止，停止前已导入 1 个。", "导入已停止，停止前拒收 1 个。")
    assert len(clerk.results.lines()) == 1
    assert len(clerk.shown_projects()) == (1 if outcomes[0].status == "imported" else 0)
    assert clerk.import_files_button.isEnabled() and clerk.export_xlsx_button.isEnabled()
    assert clerk.progress.isHidden()


# -- conflicts -------------------------------------------------------------------------------------
def test_conflict_dialog_shows_the_diff_and_replace_takes_the_new_version(
    qtbot: Any, clerk: ClerkWorkspace, store: Store, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(qtbot, clerk, files["a1"])
    run_import(qtbot, clerk, files["conflict"])
    (line,) = clerk.results.lines()
    assert "有冲突" in line and "同一报送文件的同一版本（第1版）内容不同" in line
    assert clerk.conflicts_button.isVisible() and clerk.conflicts_button.text() == "核对冲突（1）"
    assert cell(clerk, 0, "subsidy") == "150.00"  # nothing replaced yet

    shown: list[list[tuple[str, str, str]]] = []

    def choose_replace(dialog: ConflictDialog) -> int:
        shown.append(dialog.rows())
        return ConflictDialog.REPLACE

    monkeypatch.setattr(ConflictDialog, "exec", choose_replace)
    click(qtbot, clerk.conflicts_button)

    (rows,) = shown
    assert ("申请补助资金（万元）", "150.00", "180.00") in rows or any(
        r[1:] == ("150.00", "180.00") and "补助" in r[0] for r in rows
    ), rows
    assert any(r[1:] == ("600.00", "650.00") for r in rows), rows
    (line,) = clerk.results.lines()
    assert "已替换旧版本" in line
    assert not clerk.conflicts_button.isVisible()
    assert cell(clerk, 0, "subsidy") == "180.00"
    app_id = store.summaries()[0].id
    assert len(store.history(app_id)) == 1


def test_conflict_kept_leaves_the_imported_version(
    qtbot: Any, clerk: ClerkWorkspace, store: Store, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(qtbot, clerk, files["a1"])
    run_import(qtbot, clerk, files["conflict"])
    monkeypatch.setattr(ConflictDialog, "exec", lambda dialog: ConflictDialog.KEEP)
    clerk.resolve_conflict(0)
    (line,) = clerk.results.lines()
    assert "已保留原版本" in line
    assert cell(clerk, 0, "subsidy") == "150.00"
    assert store.history(store.summaries()[0].id) == []


def test_conflict_dialog_buttons(qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path]) -> None:
    run_import(qtbot, clerk, files["a1"])
    (outcome,) = run_import(qtbot, clerk, files["conflict"])
    dialog = ConflictDialog(outcome, clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.horizontalHeaderItem(1).text() == "已导入的内容"
    assert dialog.table.rowCount() == len(outcome.changes) > 0
    click(qtbot, dialog.replace_button)
    assert dialog.result() == ConflictDialog.REPLACE
    dialog2 = ConflictDialog(outcome, clerk)
    qtbot.addWidget(dialog2)
    dialog2.show()
    qtbot.keyClick(dialog2, Qt.Key.Key_Escape)
    assert dialog2.result() == ConflictDialog.KEEP


def test_suspected_duplicate_is_counted_once_until_the_clerk_decides(
    qtbot: Any, clerk: ClerkWorkspace, store: Store, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_import(qtbot, clerk, files["a1"])
    (outcome,) = run_import(qtbot, clerk, files["duplicate"])
    assert outcome.status == "duplicate"
    (line,) = clerk.results.lines()
    assert "疑似重复" in line and "附件5 只计算原有的一份" in line and "双击核对差异" in line
    assert clerk.conflicts_button.text() == "核对冲突与疑似重复（1）"
    assert clerk.shown_projects() == [sample_application()["project"]["name"]]  # counted once
    assert cell(clerk, 0, "subsidy") == "150.00"
    dialog = ConflictDialog(outcome, clerk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle().startswith("核对疑似重复")
    assert [dialog.both_button.text(), dialog.keep_button.text(), dialog.replace_button.text()] == [
        "都保留（两个不同的项目）", "只保留原有的", "只保留新收到的"
    ]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == ConflictDialog.LATER
    monkeypatch.setattr(ConflictDialog, "exec", lambda dialog: ConflictDialog.LATER)
    assert not clerk.resolve_conflict(0)
    assert len(cons.pending_duplicates(store)) == 1
    monkeypatch.setattr(ConflictDialog, "exec", lambda dialog: ConflictDialog.REPLACE)
    assert clerk.resolve_conflict(0)
    (line,) = clerk.results.lines()
    assert "已决定" in line and "保留新收到的" in line
    assert not clerk.conflicts_button.isVisible()
    assert cell(clerk, 0, "subsidy") == "180.00"
    assert cons.pending_duplicates(store) == []


# -- the table -------------------------------------------------------------------------------------
@pytest.fixture
def imported(qtbot: Any, clerk: ClerkWorkspace, files: dict[str, Path]) -> ClerkWorkspace:
    run_import(qtbot, clerk, files["a1"], files["b"], files["c"])
    clerk.tabs.setCurrentIndex(0)
    return clerk



def test_filter_by_type_and_state_and_search(qtbot: Any, imported: ClerkWorkspace) -> None:
    clerk = imported
    assert len(clerk.shown_projects()) == 3
    assert "申请补助资金 290.00" in clerk.totals_label.text()  # 150 + 80 + 60
    choose(qtbot, clerk.filter_type, PARK)
    assert clerk.shown_projects() == ["湖州智慧物流园区跨境电商孵化基地"]
    assert clerk.count_label.text() == "共 3 个项目，已通过 0 个，显示 1 个"
    assert clerk.totals_label.text().startswith("显示的 1 个项目合计（万元）：")
    assert "申请补助资金 80.00" in clerk.totals_label.text()
    choose(qtbot, clerk.filter_type, "全部项目类型")

    clerk.search.setFocus()
    type_text(qtbot, clerk.search, "白茶")
    assert clerk.shown_projects() == ["安吉白茶线上产业带专区运营项目"]
    fill_line(qtbot, clerk.search, "")
    assert len(clerk.shown_projects()) == 3

    choose(qtbot, clerk.filter_review, "已通过")
    assert clerk.shown_projects() == []
    choose(qtbot, clerk.filter_review, "待审核")
    assert len(clerk.shown_projects()) == 3


def test_sorting_by_money_uses_the_amounts(qtbot: Any, imported: ClerkWorkspace) -> None:
    clerk = imported
    col = clerk.project_model.keys.index("subsidy")
    header = clerk.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(col) + 10, 5))
    values = [cell(clerk, r, "subsidy") for r in range(3)]
    assert values in (["60.00", "80.00", "150.00"], ["150.00", "80.00", "60.00"])


def test_columns_are_those_of_attachment5_plus_status_and_review(imported: ClerkWorkspace) -> None:
    clerk = imported
    headers = clerk.project_model.headers
    for col in clerk.definition.list.columns:
        assert any(col.label in h for h in headers), col.label
    assert {"审核状态", "检查结果", "审核意见"} <= set(headers)
    row = row_of(clerk, "湖州智慧物流园区跨境电商孵化基地")
    assert cell(clerk, row, "enterprise") == "湖州云帆供应链管理有限公司"
    assert cell(clerk, row, "start") == "2024年3月"
    assert cell(clerk, row, "#review") == "待审核"
    assert cell(clerk, row, "#status")  # e.g. "无问题" or "1 个提示"


def test_review_state_and_comment_are_saved_and_shown(qtbot: Any, imported: ClerkWorkspace, store: Store) -> None:
    clerk = imported
    row = row_of(clerk, "安吉白茶线上产业带专区运营项目")
    clerk.table.selectRow(row)
    assert clerk.review.title.text() == "安吉白茶线上产业带专区运营项目"
    assert clerk.review.findings.count() >= 1
    app_id = clerk.current_app

    choose(qtbot, clerk.review.review_state, "需修改")
    fill_line(qtbot, clerk.review.review_comment, "请补充设备采购发票")

    summary = store.summary(app_id)
    assert (summary.review_state, summary.review_comment) == ("需修改", "请补充设备采购发票")
    row = row_of(clerk, "安吉白茶线上产业带专区运营项目")
    assert cell(clerk, row, "#review") == "需修改"
    assert cell(clerk, row, "#comment") == "请补充设备采购发票"
    assert clerk.review.saved_label.text() == "已保存：需修改"
    assert any(e.pointer == "#review" and e.actor == "clerk" for e in store.audit_trail(app_id))

    choose(qtbot, clerk.filter_review, "需修改")
    assert clerk.shown_projects() == ["安吉白茶线上产业带专区运营项目"]

    # a new workspace over the same database shows the saved state
    again = ClerkWorkspace(Workspace(store, actor=CLERK))
    qtbot.addWidget(again)
    row = again.shown_projects().index("安吉白茶线上产业带专区运营项目")
    assert cell(again, row, "#review") == "需修改"


def test_double_click_on_a_result_shows_the_project(qtbot: Any, imported: ClerkWorkspace) -> None:
    clerk = imported
    choose(qtbot, clerk.filter_type, PARK)  # hides the white-tea project
    clerk.tabs.setCurrentIndex(1)
    row = next(i for i, o in enumerate(clerk.results.items) if o.project_name == "安吉白茶线上产业带专区运营项目")
    view = clerk.results_view
    pos = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)  # a double click starts with a press
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert clerk.tabs.currentIndex() == 0
    assert clerk.filter_type.currentIndex() == 0
    assert clerk.review.title.text() == "安吉白茶线上产业带专区运营项目"


def test_a_project_can_be_moved_out_of_the_list(
    qtbot: Any, imported: ClerkWorkspace, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = imported
    clerk.table.selectRow(row_of(clerk, "安吉白茶线上产业带专区运营项目"))
    app_id = clerk.current_app
    asked: list[str] = []
    monkeypatch.setattr(clerk, "confirm", lambda title, text: asked.append(text) or False)
    click(qtbot, clerk.review.remove_button)
    assert len(clerk.shown_projects()) == 3  # answered no
    monkeypatch.setattr(clerk, "confirm", lambda title, text: asked.append(text) or True)
    click(qtbot, clerk.review.remove_button)
    assert "安吉白茶线上产业带专区运营项目" in asked[0]
    assert "安吉白茶线上产业带专区运营项目" not in clerk.shown_projects()
    assert store.summary(app_id).deleted_at is not None
    assert len(cons.project_rows(store)) == 2
    assert not clerk.review.remove_button.isEnabled()


def test_a_comment_being_typed_survives_a_refresh(
    qtbot: Any, imported: ClerkWorkspace, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = imported
    clerk.table.selectRow(row_of(clerk, "安吉白茶线上产业带专区运营项目"))
    app_id = clerk.current_app
    comment = clerk.review.review_comment
    click(qtbot, comment)
    type_text(qtbot, comment, "请补充发票")
    clerk.refresh()  # e.g. another import finished while the clerk was typing
    assert comment.toPlainText() == "请补充发票"
    assert store.summary(app_id).review_comment == "请补充发票"

    errors: list[str] = []
    monkeypatch.setattr("hzsubsidy_desktop.gui.operations.QMessageBox.warning",
                        lambda _parent, _title, text: errors.append(text))
    comment.setPlainText("长" * 501)
    clerk.refresh()
    assert errors == ["“审核意见”最多500字，当前501字，请精简。"]
    assert comment.toPlainText() == "长" * 501  # kept for the clerk to shorten
    assert store.summary(app_id).review_comment == "请补充发票"


def test_open_in_wizard_changes_are_the_clerks(qtbot: Any, imported: ClerkWorkspace, store: Store) -> None:
    clerk = imported
    row = row_of(clerk, "湖州智慧物流园区跨境电商孵化基地")
    clerk.table.selectRow(row)
    app_id = clerk.current_app
    click(qtbot, clerk.review.edit_button)
    editor = clerk.editors[app_id]
    assert isinstance(editor, ClerkEditorWindow) and editor.workspace.actor == "clerk"
    activate(qtbot, editor)
    assert editor.wizard.go_to_pointer("/project/subsidy_requested")
    fill_line(qtbot, find(editor.wizard, "/project/subsidy_requested"), "75")
    # the table follows the clerk's edits while the wizard is open
    qtbot.waitUntil(lambda: cell(clerk, row_of(clerk, "湖州智慧物流园区跨境电商孵化基地"), "subsidy") == "75.00")
    editor.close()

    assert app_id not in clerk.editors
    entries = [e for e in store.audit_trail(app_id) if e.pointer == "/project/subsidy_requested"]
    assert entries and entries[-1].actor == "clerk" and entries[-1].new == "75"
    assert cell(clerk, row_of(clerk, "湖州智慧物流园区跨境电商孵化基地"), "subsidy") == "75.00"


# -- county settings and 附件2 ----------------------------------------------------------------------
def test_county_settings_default_and_saved(qtbot: Any, clerk: ClerkWorkspace, store: Store) -> None:
    clerk.tabs.setCurrentIndex(2)
    form = clerk.county_form
    assert find(form, "/county/city").text() == "湖州市"
    assert find(form, "/county/county").text() == "安吉县"

    fill_line(qtbot, find(form, "/county/contact_person"), "王丽")
    fill_line(qtbot, find(form, "/county/contact_phone"), "0572 5012345")
    fill_line(qtbot, find(form, "/county/county"), "德清县")
    settings = cons.county_settings(store)
    assert settings == {"city": "湖州市", "county": "德清县", "contact_person": "王丽",
                        "contact_phone": find(form, "/county/contact_phone").text()}
    # 附件2 takes its defaults from the county settings
    assert find(clerk.declaration_form, "/declaration/region").text() == "湖州市德清县"
    assert find(clerk.declaration_form, "/declaration/contact_person").text() == "王丽"

    fill_line(qtbot, find(form, "/county/contact_phone"), "12")
    assert form.error("contact_phone")  # a Chinese message under the field
    assert "联系电话" in form.error("contact_phone")
    assert cons.county_settings(store)["contact_phone"] == settings["contact_phone"]

    fill_line(qtbot, find(form, "/county/city"), "")
    assert form.error("city") == "“设区市”不能为空。"
    assert cons.county_settings(store)["city"] == "湖州市"


def test_declaration_fields_saved_with_help(qtbot: Any, clerk: ClerkWorkspace, store: Store) -> None:
    clerk.tabs.setCurrentIndex(2)
    goals = find(clerk.declaration_form, "/declaration/goals")
    assert isinstance(goals, QPlainTextEdit) and goals.accessibleName() == "目标体系"
    assert "总体工作目标" in goals.toolTip()
    fill_line(qtbot, goals, "到2025年培育跨境电商重点项目10个")
    assert cons.declaration_values(store, clerk.definition)["goals"] == "到2025年培育跨境电商重点项目10个"


def test_every_input_has_a_name_and_a_chinese_accessible_name(clerk: ClerkWorkspace) -> None:
    inputs = [*clerk.findChildren(QLineEdit), *clerk.findChildren(QPlainTextEdit), *clerk.findChildren(QComboBox),
              *clerk.findChildren(QCheckBox)]
    inputs = [w for w in inputs if not isinstance(w.parent(), QComboBox)]
    assert len(inputs) >= 4 + 8 + 4 + 2 + 1
    for widget in inputs:
        assert widget.objectName(), widget
        assert any("\u4e00" <= ch <= "\u9fff" for ch in widget.accessibleName()), widget.objectName()


# -- exports ---------------------------------------------------------------------------------------
def test_exports_write_the_files_and_offer_the_folder(
    qtbot: Any, imported: ClerkWorkspace, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = imported
    out = tmp_path / "导出"
    out.mkdir()
    monkeypatch.setattr(clerk, "ask_save_path", lambda title, name, _filter: out / name)
    monkeypatch.setattr(clerk, "ask_folder", lambda title: out)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)

    click(qtbot, clerk.export_xlsx_button)
    xlsx = out / "附件5_重点项目清单_湖州市安吉县.xlsx"
    sheet = openpyxl.load_workbook(xlsx).active
    text = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "浙江省跨境电商高质量发展试点重点项目清单" in text
    for name in ("安吉椅业跨境电商产业带展示选品中心建设项目", "湖州智慧物流园区跨境电商孵化基地", "安吉白茶线上产业带专区运营项目"):
        assert name in text
    assert clerk.message_bar.isVisible() and str(xlsx) in clerk.message_label.text()
    click(qtbot, clerk.open_folder_button)
    assert opened == [str(out)]

    click(qtbot, clerk.export_docx_button)
    document = docx.Document(out / "附件5_重点项目清单_湖州市安吉县.docx")
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "湖州智慧物流园区跨境电商孵化基地" in cells

    clerk.tabs.setCurrentIndex(2)
    fill_line(qtbot, find(clerk.declaration_form, "/declaration/goals"), "培育重点项目10个")
    questions: list[str] = []
    monkeypatch.setattr(clerk, "confirm", lambda title, text: questions.append(text) or True)
    click(qtbot, clerk.export_declaration_button)
    assert questions and "“工作体系”尚未填写。" in questions[0]
    document = docx.Document(out / "附件2_重点项目申报表_湖州市安吉县.docx")
    body = "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows
                                                              for c in r.cells])
    assert "培育重点项目10个" in body and "安吉县商务局（盖章）" in body

    click(qtbot, clerk.export_package_button)
    package = cons.read_county_package(out / "湖州市安吉县_重点项目汇总.hzcounty")
    assert len(package.incoming) == 3 and package.county["county"] == "安吉县"


def test_only_approved_projects_are_exported_when_asked(
    qtbot: Any, imported: ClerkWorkspace, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clerk = imported
    monkeypatch.setattr(clerk, "ask_save_path", lambda title, name, _filter: tmp_path / name)
    shown: list[str] = []
    monkeypatch.setattr("hzsubsidy_desktop.gui.county.exports.QMessageBox.information",
                        lambda _parent, _title, text: shown.append(text))
    click(qtbot, clerk.only_approved)
    assert clerk.export_list("xlsx") is None
    assert shown == ["还没有审核状态为“已通过”的项目，附件5 清单无法导出。"]

    clerk.table.selectRow(row_of(clerk, "湖州智慧物流园区跨境电商孵化基地"))
    choose(qtbot, clerk.review.review_state, "已通过")
    path = clerk.export_list("xlsx")
    assert path is not None
    text = [str(c.value) for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if c.value]
    assert "湖州智慧物流园区跨境电商孵化基地" in text
    assert "安吉白茶线上产业带专区运营项目" not in text


# -- main window -----------------------------------------------------------------------------------
def test_main_window_has_the_clerk_area(qtbot: Any, workspace: Workspace) -> None:
    create_app()
    window = MainWindow(workspace, restore=False)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "县级汇总" in titles
    assert isinstance(window.areas["clerk"], ClerkWorkspace)
    assert QApplication.instance() is not None
