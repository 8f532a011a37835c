"""Crash safety of the batched import: ``hzsubsidy import`` of 800 files killed with SIGKILL mid-run.

After each kill the database passes ``PRAGMA integrity_check``, every application in it is complete
(values, audit row, rules' status), and every file the command printed as imported is in it: a file is
reported only after its batch committed. Importing the folder again completes the list, each project once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from county_helpers import Enterprise
from import_folders import copies, project_number

from hzsubsidy_desktop.store import Store

ROOT = Path(__file__).resolve().parent.parent
FILES = 800


def test_import_killed_mid_run_keeps_every_reported_file_and_only_whole_applications(tmp_path):
    e = Enterprise(tmp_path / "e")
    files = copies(e.send(), tmp_path / "in", FILES)
    e.close()
    db = tmp_path / "county.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "hzsubsidy_desktop", "import", "--db", str(db), str(tmp_path / "in")]
    rng = random.Random(20261130)
    for _kill in range(5):
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        first = proc.stdout.readline().decode()  # the first batch is committed: the import is under way
        assert "：" in first, first + proc.stderr.read().decode(errors="replace")[-2000:]
        time.sleep(rng.uniform(0, 0.1))
        proc.send_signal(signal.SIGKILL)
        try:  # the reading workers end by themselves (they hold the pipes open until then)
            out = proc.communicate(timeout=30)[0].decode(errors="replace")  # a line may be cut by the kill
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reported = {line.split("：", 1)[0] for line in (first + out).splitlines() if "：已导入。" in line}
        assert proc.returncode == -signal.SIGKILL and len(reported) < FILES  # killed mid-run
        with Store(db) as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            summaries = store.summaries()
            numbers = {project_number(s.project_name) for s in summaries}
            assert {f"f{n:04d}.hzsub" for n in numbers} >= reported  # every reported file is there
            counts = None
            for s in summaries:
                doc = store.load(s.id)
                assert doc["project"]["name"] == s.project_name and s.status in ("ready", "warning", "explain")
                assert store.audit_trail(s.id)[0].new == {"created": "import"}
                shape = tuple(store.conn.execute(f"SELECT COUNT(*) FROM {t} WHERE application_id = ?", (s.id,))
                              .fetchone()[0] for t in ("field_values", "table_rows"))
                assert shape == (counts or shape) and shape[0] > 20
                counts = shape
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with Store(db) as store:
        numbers = sorted(project_number(s.project_name) for s in store.summaries())
    assert numbers == list(range(1, len(files) + 1))
