"""The application opens no network socket in a full session: fill (GUI), export (Word, Excel,
PDF through LibreOffice), pack, import, consolidate. Every process is traced with strace, so
sockets opened by Qt's C++ code or by LibreOffice count too; local (AF_UNIX) sockets do not."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GUI_SESSION = r'''
import sys
from pathlib import Path
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.main_window import MainWindow
from hzsubsidy_desktop.gui.qt import QApplication, QLineEdit, Qt
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace
from PySide6.QtTest import QTest

create_app()
store = Store(sys.argv[1])
workspace = Workspace(store)
app_id = store.summaries()[0].id
window = MainWindow(workspace, restore=False)
window.show()
window.enterprise.open_application(app_id)
wizard = window.enterprise.wizard
wizard.go_to_step("project")
QApplication.processEvents()
field = window.findChild(QLineEdit, "/project/subsidy_requested")
field.setFocus()
field.selectAll()
QTest.keyClicks(field, "120")
QTest.keyClick(field, Qt.Key.Key_Tab)
for _ in range(20):
    QApplication.processEvents()
window.close()
store.close()
assert Store(sys.argv[1]).load(app_id)["project"]["subsidy_requested"] == "120"
print("gui session done")
'''


def test_full_session_opens_no_network_socket(tmp_path):
    db, clerk_db, out = tmp_path / "enterprise.sqlite3", tmp_path / "clerk.sqlite3", tmp_path / "out"
    (tmp_path / "gui_session.py").write_text(GUI_SESSION, encoding="utf-8")
    hz = f"{sys.executable} -m hzsubsidy_desktop"
    session = f"""
set -e
cd {tmp_path}
{hz} sample --out sample.json
ID=$({hz} --db {db} add sample.json)
{hz} --db {db} set $ID /project/subsidy_requested 150
{sys.executable} gui_session.py {db}
{hz} --db {db} export $ID --out {out} --pdf
{hz} --db {db} pack $ID --out {out}
{hz} import --db {clerk_db} {out}
{hz} consolidate --db {clerk_db} --out {tmp_path}/list5.xlsx
echo session complete
"""
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=socket", "-o", str(trace), "bash", "-c", session],
        capture_output=True, text=True, env=env, timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "session complete" in result.stdout and "gui session done" in result.stdout
    assert list(out.glob("*.pdf")), "LibreOffice was part of the session"
    calls = trace.read_text(errors="replace")
    network = [line for line in calls.splitlines() if re.search(r"socket\(AF_INET6?\b|socket\(AF_PACKET", line)]
    assert network == [], "\n".join(network[:20])
    # strace really followed the processes: the local sockets (X/dbus/LibreOffice pipes) are in the trace
    assert re.search(r"socket\(AF_UNIX", calls)
