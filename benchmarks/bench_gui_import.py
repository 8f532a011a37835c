"""The 汇总 workspace stays responsive while it imports 1,000 submission files.

A timer ticks every 10 ms on the GUI thread while :class:`ClerkWorkspace` imports (on its worker
thread) 1,000 ``.hzsub`` files made as in ``bench_import.py``; the longest pause between two ticks
is how long the window would have stopped answering. Target: no pause above 250 ms (people feel a
window "hang" from about a quarter of a second), including showing the 1,000 rows at the end.
Also reports the total time and the same at 100 files.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_import import generate  # noqa: E402
from common import machine  # noqa: E402

TARGET_PAUSE = 0.250
SIZES = (100, 1000)


def run(folder: Path, db: Path) -> dict[str, float]:
    from hzsubsidy_desktop.gui.app import create_app
    from hzsubsidy_desktop.gui.county import ClerkWorkspace
    from hzsubsidy_desktop.gui.qt import QEventLoop, QTimer
    from hzsubsidy_desktop.workspace import CLERK, Workspace

    create_app()
    workspace = Workspace.open(db, actor=CLERK)
    widget = ClerkWorkspace(workspace)
    widget.resize(1280, 800)
    widget.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    widget.import_finished.connect(lambda _outcomes: QTimer.singleShot(50, loop.quit))
    timer.start()
    start = time.perf_counter()
    last[0] = start
    widget.import_paths([folder])
    loop.exec()
    total = time.perf_counter() - start
    timer.stop()
    rows = widget.project_model.rowCount()
    widget.shutdown()
    widget.deleteLater()
    workspace.close()
    return {
        "total": total,
        "max_pause": max(gaps),
        "p99_pause": statistics.quantiles(gaps, n=100)[98] if len(gaps) > 100 else max(gaps),
        "rows": rows,
    }


def main() -> int:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            folder = Path(tmp) / f"files-{n}"
            generate(folder, n)
            results[n] = run(folder, Path(tmp) / f"clerk-{n}.sqlite3")
    print(f"## 汇总 workspace: import while the window stays responsive\n\n{machine()}\n")
    print("| files | total | longest pause of the GUI thread | 99th percentile pause | rows shown | target | ok |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for n, r in results.items():
        good = r["max_pause"] <= TARGET_PAUSE and r["rows"] == n
        ok = ok and good
        print(f"| {n} | {r['total']:.2f} s | {r['max_pause'] * 1000:.0f} ms | {r['p99_pause'] * 1000:.0f} ms | "
              f"{r['rows']} | ≤ {TARGET_PAUSE * 1000:.0f} ms | {'yes' if good else 'NO'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
