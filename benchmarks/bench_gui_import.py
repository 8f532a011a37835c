"""The 汇总 workspace stays responsive while it imports 10,000 submission files.

A timer ticks every 10 ms on the GUI thread while :class:`ClerkWorkspace` imports (on its worker
thread) ``.hzsub`` files made as in ``bench_import.py``; the longest pause between two ticks is how
long the window would have stopped answering. Target: no pause above 100 ms at 10,000 files,
including showing the 10,000 rows at the end. Also reports the total time and the same at 1,000
files. Usage: ``python benchmarks/bench_gui_import.py [--quick]`` (``--quick``: 1,000 files only).
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

TARGET_PAUSE = 0.100
SIZES = (1000, 10000)


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
    sizes = SIZES[:1] if "--quick" in sys.argv else SIZES
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"files-{n}"
            generate(folder, n)
            results[n] = run(folder, Path(tmp) / f"clerk-{n}.sqlite3")
    print(f"## 汇总 workspace: import while the window stays responsive\n\n{machine()}\n")
    print("| files | total | longest pause of the GUI thread | 99th percentile pause | rows shown | target | ok |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for n, r in results.items():
        good = r["rows"] == n and (n < 10000 or r["max_pause"] <= TARGET_PAUSE)
        ok = ok and good
        print(f"| {n} | {r['total']:.2f} s | {r['max_pause'] * 1000:.0f} ms | {r['p99_pause'] * 1000:.0f} ms | "
              f"{r['rows']} | {'≤ %.0f ms' % (TARGET_PAUSE * 1000) if n >= 10000 else '–'} | {'yes' if good else 'NO'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
