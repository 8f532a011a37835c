"""The county's review panel checks scanned paper against the imported application and records the result;
the enterprise's review page says what the code on the pages is for."""

from __future__ import annotations

import gui_helpers
from county_helpers import Enterprise
from export_helpers import explained_application
from test_paper_codes import _printed, county_with, degrade, page_image, save_jpeg

from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.gui.county.review import ReviewPanel
from hzsubsidy_desktop.gui.qt import QLabel


def test_the_review_panel_checks_scans_and_keeps_the_result_with_the_review(qtbot, tmp_path, definition):
    ent = Enterprise(tmp_path / "ent", explained_application())
    codes = _printed(ent, 2)
    sent = ent.send()
    _store, ws = county_with(tmp_path, sent)
    [row] = ws.project_rows(definition)
    panel = ReviewPanel(ws, definition)
    qtbot.addWidget(panel)
    panel.show_project(row)
    assert panel.paper_label.text() == "纸面核对：尚未核对"
    good = save_jpeg(degrade(page_image(codes[0])), tmp_path / "p1.jpg")
    blank = tmp_path / "blank.png"
    page_image(codes[1]).crop((0, 0, 400, 400)).save(blank)  # a page whose code is cut off
    panel.verify_scans([str(good), str(blank)])
    assert "共 2 页：1 页与导入版本一致，1 页无法识别，缺少 1 页。" in panel.paper_label.text()
    texts = [panel.findings.item(i).text() for i in range(panel.findings.count())]
    assert texts[0] == "纸面核对：共 2 页：1 页与导入版本一致，1 页无法识别，缺少 1 页。"
    assert any("“blank.png”第 1 页：无法识别" in t for t in texts)
    assert any("扫描件中缺少第 2 页" in t for t in texts)
    record = ws.paper_check(row.app_id)
    assert record and not record["all_match"]
    trail = [e for e in ws.audit_trail(row.app_id) if e.pointer == "#paper_check"]
    assert trail and trail[-1].new == record["summary"] and trail[-1].actor == "clerk"
    panel.show_project(None)
    panel.show_project(ws.project_rows(definition)[0])  # shown again from the store
    assert "1 页无法识别" in panel.paper_label.text()


def test_the_enterprise_review_page_explains_the_code(qtbot, workspace):
    wizard = gui_helpers.open_wizard(qtbot, workspace, workspace.add_document(sample_application()), "review")
    hint = wizard.pages["review"].findChild(QLabel, "paperCodeHint")
    assert hint is not None and "县商务局扫描纸件即可核对" in hint.text() and "从导出的 PDF 打印" in hint.text()


def test_the_city_sees_the_countys_paper_check_and_duplicate_decision_read_only(qtbot, tmp_path, definition):
    from hzsubsidy_desktop import county as cons
    from hzsubsidy_desktop.store import Store

    a = Enterprise(tmp_path / "a", explained_application())
    codes = _printed(a, 1)
    second = explained_application()  # the same enterprise and project name: a suspected duplicate
    second["project"]["subsidy_requested"] = "80"
    b = Enterprise(tmp_path / "b", second)
    store, county = county_with(tmp_path, a.send())
    cons.set_county_settings(store, {"county": "安吉县"})
    [a_id] = [s.id for s in county.summaries()]
    [pending] = cons.import_files(store, [b.send()])
    county.decide_duplicate(pending.app_id, "both")
    page = tmp_path / "p1.png"
    page_image(codes[0]).save(page)
    county.record_paper_check(a_id, county.verify_scans([page], a_id))
    package = county.pack_county(tmp_path / "to-city")
    city_store = Store(tmp_path / "city.sqlite3")
    cons.import_files(city_store, [package])
    from hzsubsidy_desktop.workspace import Workspace

    city = Workspace(city_store, actor="clerk")
    rows = {r.submission_id: r for r in city.project_rows(definition)}
    assert len(rows) == 2
    panel = ReviewPanel(city, definition)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_project(rows[store.summary(a_id).submission_id])
    text = panel.county_review.text()
    assert panel.county_review.isVisible()
    assert "安吉县的疑似重复决定" in text and "都保留，按两个项目计算（只读）" in text
    assert "安吉县的纸面核对" in text and "共 1 页：1 页与导入版本一致。（只读）" in text
    assert "与导入的第 1 版一致" in panel.county_review.toolTip()  # the page lines
    assert panel.paper_label.text() == "纸面核对：尚未核对"  # the city's own check is its own
    panel.show_project(rows[store.summary(pending.app_id).submission_id])
    assert "都保留" in panel.county_review.text() and "纸面核对" not in panel.county_review.text()
    for e in (a, b):
        e.close()
