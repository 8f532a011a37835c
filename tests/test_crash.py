"""Crash safety: a writer killed with SIGKILL at random moments never corrupts the database
and never loses a change it had reported saved."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from hzsubsidy_desktop.store import Store

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 40


def test_sigkill_at_random_moments(tmp_path, sample):
    db = tmp_path / "crash.sqlite3"
    with Store(db) as store:
        app_id = store.create(sample)
    rng = random.Random(20241216)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    last_reported = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), app_id, str(last_reported)],
            stdout=subprocess.PIPE, text=True, env=env,
        )
        # Wait until the writer is really writing, then kill it at a random moment.
        first = proc.stdout.readline()
        assert first.strip().isdigit(), first
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        reported = [int(x) for x in (first + out).split() if x.isdigit()]
        last_reported = max(reported)
        with Store(db) as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            saved = int(store.load(app_id)["project"]["subsidy_requested"])
            # every reported save is there; at most the one in flight went further
            assert saved in (last_reported, last_reported + 1)
            last_reported = saved
            positions = [p for (p,) in store.conn.execute(
                "SELECT position FROM table_rows WHERE table_path = '/expenditure/other' ORDER BY position")]
            assert positions == list(range(len(positions)))  # row moves were atomic too
