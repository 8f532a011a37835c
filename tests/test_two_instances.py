"""Two hzsubsidy instances on one database: both work, nothing is lost.

Each save is its own short transaction on its own field (WAL, busy timeout), so two windows
editing the same application interleave safely; a window sees the other's edits when it reopens
the application."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
WRITER = """
import sys
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.workspace import Workspace
ws = Workspace(Store(sys.argv[1]))
for i in range(1, 301):
    ws.edit(sys.argv[2], sys.argv[3], f"{i}")
    if i % 50 == 0:
        ws.add_row(sys.argv[2], "/expenditure/other", values={"name": f"{sys.argv[3]} {i}"})
print("done", flush=True)
"""


def test_two_processes_edit_one_application_concurrently(tmp_path, sample):
    db = tmp_path / "shared.sqlite3"
    with Store(db) as store:
        app_id = store.create(sample)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), app_id, pointer], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for pointer in ("/project/subsidy_requested", "/enterprise/registered_capital")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "done" in out, err[-2000:]
    with Store(db) as store:
        doc = store.load(app_id)
        assert doc["project"]["subsidy_requested"] == "300"
        assert doc["enterprise"]["registered_capital"] == "300"
        assert len(doc["expenditure"]["other"]) == 1 + 12
        trail = store.audit_trail(app_id)
        assert sum(e.pointer == "/project/subsidy_requested" for e in trail) == 300
        assert sum(e.pointer == "/enterprise/registered_capital" for e in trail) == 300
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_second_window_sees_the_first_windows_saves_on_reopen(db_path, sample):
    first, second = Workspace(Store(db_path)), Workspace(Store(db_path))
    app_id = first.add_document(sample)
    first.edit(app_id, "/project/name", "一号窗口改的名称")
    second.edit(app_id, "/enterprise/address", "二号窗口改的地址")
    for ws in (first, second):
        doc = ws.load(app_id)
        assert (doc["project"]["name"], doc["enterprise"]["address"]) == ("一号窗口改的名称", "二号窗口改的地址")
