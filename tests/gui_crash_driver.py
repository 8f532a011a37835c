"""Subprocess for the GUI crash test: the real wizard, driven by key presses, forever.

Types the next number into 本年度申请补助资金 and a line into 项目建设内容, presses Tab to
leave the field, and prints ``saved <n>`` when the wizard reports the save done.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402

from hzsubsidy_desktop.gui.app import create_app  # noqa: E402
from hzsubsidy_desktop.gui.main_window import MainWindow  # noqa: E402
from hzsubsidy_desktop.gui.qt import QApplication, QLineEdit, Qt  # noqa: E402
from hzsubsidy_desktop.store import Store  # noqa: E402
from hzsubsidy_desktop.workspace import Workspace  # noqa: E402


def main(db: str, app_id: str, start: int) -> None:
    create_app()
    window = MainWindow(Workspace(Store(db)), restore=False)
    window.show()
    window.enterprise.open_application(app_id)
    wizard = window.enterprise.wizard
    wizard.go_to_step("project")
    QApplication.processEvents()
    amount = window.findChild(QLineEdit, "/project/subsidy_requested")
    last = {"value": None}
    wizard.session.saved.connect(lambda: print(f"saved {last['value']}", flush=True))
    n = start
    while True:
        n += 1
        amount.setFocus()
        amount.selectAll()
        last["value"] = n
        QTest.keyClicks(amount, str(n))  # the whole number, then leave the field: one commit
        QTest.keyClick(amount, Qt.Key.Key_Tab)
        QApplication.processEvents()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
