"""The 检查与导出 page: findings by step, jumping to fields, explanations, exports and the submission file."""

from __future__ import annotations

from typing import Any

import gui_helpers
import pytest
from gui_helpers import click, find, type_text

from hzsubsidy_desktop.document.sample import SAMPLE_CREDIT_CODE, sample_application
from hzsubsidy_desktop.gui.qt import QApplication, QDesktopServices, QMessageBox, QPushButton, Qt
from hzsubsidy_desktop.gui.wizard import review as review_module
from hzsubsidy_desktop.gui.wizard.review import FINDING_ROLE, LAST_FOLDER, ReviewPage
from hzsubsidy_desktop.gui.wizard.window import FillingWizard
from hzsubsidy_desktop.validation import Finding
from hzsubsidy_desktop.workspace import Workspace

BAD_CHECK = SAMPLE_CREDIT_CODE[:17] + ("0" if SAMPLE_CREDIT_CODE[17] != "0" else "1")


def open_wizard(qtbot: Any, workspace: Workspace, doc: dict[str, Any]) -> FillingWizard:
    return gui_helpers.open_wizard(qtbot, workspace, workspace.add_document(doc), "review")


@pytest.fixture
def flawed(qtbot: Any, workspace: Workspace) -> FillingWizard:
    """The sample with a blank name, a mistyped credit code and an empty expenditure line."""
    doc = sample_application()
    del doc["enterprise"]["name"]
    doc["enterprise"]["credit_code"] = BAD_CHECK
    doc["expenditure"]["other"][0] = {"name": "产业带跨境电商培训及海外推介活动"}
    return open_wizard(qtbot, workspace, doc)


def review_page(wizard: FillingWizard) -> ReviewPage:
    return wizard.pages["review"]


def item_for(page: ReviewPage, code: str) -> Any:
    for item in page.finding_items():
        finding = item.data(0, FINDING_ROLE)
        if isinstance(finding, Finding) and finding.code == code:
            return item
    raise AssertionError(f"no finding {code}")


def click_item(qtbot: Any, page: ReviewPage, item: Any) -> None:
    tree = page.tree
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_findings_are_grouped_by_step_with_their_level(flawed):
    page = review_page(flawed)
    tree = page.tree
    heads = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert heads == ["单位信息", "资金投入明细"]  # in the order of the steps
    required = item_for(page, "required")
    assert required.text(0) == "错误" and required.text(1) == "请填写“承担单位名称”。"
    assert item_for(page, "credit-code-check").text(0) == "需说明"
    assert item_for(page, "item-without-amount").text(0) == "提示"
    assert page.summary.text() == "错误 1 项，待说明 1 项，提示 1 项"
    assert "还有 2 项须改正或说明" in page.status.text()


def test_clicking_a_finding_jumps_to_the_field_and_focuses_it(qtbot, flawed):
    page = review_page(flawed)
    click_item(qtbot, page, item_for(page, "required"))
    assert flawed.current_step == "enterprise"
    assert QApplication.focusWidget() is find(flawed, "/enterprise/name")
    # The missing name is now shown under the field as well.
    assert find(flawed, "/enterprise/name:message").text() == "请填写“承担单位名称”。"


def test_a_finding_in_the_expenditure_table_selects_its_cell(qtbot, flawed):
    page = review_page(flawed)
    item = item_for(page, "item-without-amount")
    page.tree.setCurrentItem(item)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)  # keyboard: Enter on the finding
    assert flawed.current_step == "expenditure"
    editor = flawed.pages["expenditure"].editor
    assert editor.model.pointer(editor.view.currentIndex()) == "/expenditure/other/0/spent"
    assert editor.view.hasFocus()


def test_explanation_is_taken_right_there(qtbot, flawed, workspace):
    page = review_page(flawed)
    finding = item_for(page, "credit-code-check").data(0, FINDING_ROLE)
    box = find(flawed, f"explain:{finding.key}")
    click(qtbot, box)
    type_text(qtbot, box, "营业执照上印的代码即为此号，已核对原件。")
    click(qtbot, find(flawed, f"explainSave:{finding.key}"))
    stored = workspace.load(flawed.app_id)["explanations"]
    assert stored == {finding.key: "营业执照上印的代码即为此号，已核对原件。"}
    qtbot.waitUntil(lambda: page.summary.text() == "错误 1 项，待说明 0 项，提示 1 项，已说明 1 项")
    assert item_for(page, "credit-code-check").text(0) == "已说明"
    # One count everywhere: the badges add up to the summary; the explained item is in neither.
    counts = flawed.step_counts()
    assert counts.pop("review") == (1, 1)
    assert (sum(b for b, _o in counts.values()), sum(o for _b, o in counts.values())) == (1, 1)
    heads = [page.tree.topLevelItem(i).text(1) for i in range(page.tree.topLevelItemCount())]
    assert any("已说明 1 项" in head for head in heads), heads
    assert find(flawed, "/enterprise/credit_code:message").text().startswith("已说明：")


def test_export_of_a_clean_application_writes_the_files(qtbot, workspace, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, workspace, sample_application())
    page = review_page(wizard)
    assert page.status.text().startswith("✓")
    out = tmp_path / "导出"
    out.mkdir()
    monkeypatch.setattr(review_module, "choose_folder", lambda *a, **k: str(out))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    click(qtbot, page.export_button)
    names = sorted(p.suffix for p in out.iterdir())
    assert names == [".docx", ".xlsx"]
    assert "已导出" in page.result.text()
    assert workspace.setting(LAST_FOLDER) == str(out)
    click(qtbot, page.open_button)
    assert opened == [str(out)]
    click(qtbot, page.pack_button)
    packed = [p for p in out.iterdir() if p.suffix == ".hzsub"]
    assert len(packed) == 1 and packed[0].name in page.result.text()
    assert workspace.summary(wizard.app_id).revision == 1


def test_a_final_export_with_errors_is_refused_but_a_draft_is_written(qtbot, flawed, tmp_path, monkeypatch):
    page = review_page(flawed)
    out = tmp_path / "exports"
    out.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(review_module, "choose_folder", lambda _parent, title, _start: asked.append(title) or str(out))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    click(qtbot, page.export_button)
    # Said before any folder dialog, right under the buttons, with the draft offered there.
    assert asked == [] and warnings == []
    assert page.result.isVisible() and "不能导出正式版" in page.result.text() and "导出草稿" in page.result.text()
    assert page.result.property("role") == "error"
    assert QApplication.focusWidget() is page.draft_button
    assert not list(out.iterdir())
    qtbot.keyClick(page.draft_button, Qt.Key.Key_Return)  # Enter takes the offer
    assert asked == ["选择导出草稿的文件夹"]
    drafts = sorted(p.name for p in out.iterdir())
    assert len(drafts) == 2 and all("草稿" in name for name in drafts)


def test_the_pdf_choice_is_remembered(qtbot, workspace):
    wizard = open_wizard(qtbot, workspace, sample_application())
    page = review_page(wizard)
    assert not page.pdf_box.isChecked()
    click(qtbot, page.pdf_box)
    again = open_wizard(qtbot, workspace, sample_application())
    assert review_page(again).pdf_box.isChecked()


def test_a_failed_open_folder_says_so_and_shows_the_path(qtbot, workspace, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, workspace, sample_application())
    page = review_page(wizard)
    out = tmp_path / "导出"
    out.mkdir()
    monkeypatch.setattr(review_module, "choose_folder", lambda *a, **k: str(out))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # no file manager
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0)
    click(qtbot, page.draft_button)
    click(qtbot, page.open_button)
    assert shown and "无法" in shown[0][0] or "未能" in shown[0][0]
    assert shown[0][1] == str(out)
    assert str(out) in page.result.text() and "未能打开文件夹" in page.result.text()


def test_cancelling_the_folder_choice_writes_nothing(qtbot, workspace, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, workspace, sample_application())
    page = review_page(wizard)
    monkeypatch.setattr(review_module, "choose_folder", lambda *a, **k: "")
    click(qtbot, page.export_button)
    assert page.result.text() == "" and not page.open_button.isEnabled()


def test_a_clean_application_lists_no_finding(qtbot, workspace):
    wizard = open_wizard(qtbot, workspace, sample_application())
    page = review_page(wizard)
    assert page.finding_items() == []
    assert page.summary.text() == "错误 0 项，待说明 0 项，提示 0 项"
    assert isinstance(page.export_button, QPushButton) and page.export_button.isEnabled()


def test_an_explanation_typed_but_not_saved_is_kept_when_leaving(qtbot, flawed, workspace):
    page = review_page(flawed)
    finding = item_for(page, "credit-code-check").data(0, FINDING_ROLE)
    box = find(flawed, f"explain:{finding.key}")
    click(qtbot, box)
    type_text(qtbot, box, "执照原件如此。")
    click(qtbot, flawed.prev_button)  # to 承诺, without pressing 保存说明
    assert workspace.load(flawed.app_id)["explanations"] == {finding.key: "执照原件如此。"}


def test_a_refused_promise_is_an_error_naming_it(qtbot, workspace):
    doc = sample_application()
    doc["undertakings"]["no_other_funds"] = False
    page = review_page(open_wizard(qtbot, workspace, doc))
    item = item_for(page, "undertaking-refused")
    assert item.text(0) == "错误"
    assert item.text(1).startswith("未作出承诺：2.申报期本项目未获得过中央和省级商务类财政专项资金补助。")
    assert "不能导出正式版" in item.text(1) or "才能导出正式版" in item.text(1)
    assert page.summary.text() == "错误 1 项，待说明 0 项，提示 0 项"
