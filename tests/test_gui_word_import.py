"""The clerk drops a hand-filled Word 附件3/附件4 on the 县级汇总 and sees where every value was read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gui_helpers import activate
from word_templates import Style, build

from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.county import ClerkWorkspace
from hzsubsidy_desktop.gui.qt import QDropEvent, QMimeData, QPointF, Qt, QUrl
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import CLERK, Workspace


def test_a_dropped_word_file_is_imported_and_the_detail_pane_shows_its_sources(
    qtbot: Any, store: Store, tmp_path: Path
) -> None:
    create_app()
    clerk = ClerkWorkspace(Workspace(store, actor=CLERK))
    qtbot.addWidget(clerk)
    clerk.resize(1280, 800)
    activate(qtbot, clerk)
    try:
        path = build(tmp_path / "手填附件.docx", style=Style(wrong_total="999"))
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(QPointF(40, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        with qtbot.waitSignal(clerk.import_finished, timeout=60_000) as blocker:
            clerk.dropEvent(event)
        (outcome,) = blocker.args[0]
        assert outcome.status == "imported"
        assert clerk.shown_projects() == ["安吉椅业跨境电商产业带展示选品中心建设项目"]
        tip = clerk.results.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
        assert "· 附件4累计的已开支费用手填为 999.00 万元，各项相加为 311.50 万元" in tip
        assert clerk.show_project(outcome.app_id)
        lines = [clerk.review.findings.item(i).text() for i in range(clerk.review.findings.count())]
        assert "来源：Word 手填（手填附件.docx）" in lines
        assert clerk.review.enterprise.text().endswith("来源：Word 手填（手填附件.docx），1 处请核对（列表中的【Word】）")
        assert any(line.startswith("【Word】附件4累计的已开支费用手填为 999.00 万元") for line in lines)
        assert any("社会信用代码：91330523MA2B7Q5K57 ← 附件3 表格1 第4行 第4格" in line for line in lines)
    finally:
        clerk.shutdown()
