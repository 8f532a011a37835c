"""The clerk's 县级汇总 list at 1,000 / 5,000 / 10,000 projects.

For each size, a database of imported projects is built (``clerk_db.py``) and its rows computed
once, as the import does at its end. Then a fresh process opens the real :class:`ClerkWorkspace`
in a 1280×800 window (offscreen unless QT_QPA_PLATFORM says otherwise) and measures:

- open: from creating the workspace until every row is in the table and the window has painted,
  with a 5 ms timer on the GUI thread recording the longest pause (creating the widget counts);
- sort: clicking each column header (ascending, then descending), until repainted;
- search: typing a search text one key at a time (each key until the table is repainted), and
  clearing it;
- peak RSS of the process.

Targets at 10,000: shown ≤ 0.5 s, no GUI-thread pause > 100 ms, any sort ≤ 0.3 s, a keystroke
≤ 50 ms, clearing ≤ 0.2 s, peak ≤ 300 MB. Usage: ``python benchmarks/bench_county_list.py
[--quick]`` (``--quick``: 1,000 projects only). Exits 1 when a target is missed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = (1000, 5000, 10000)
TARGETS = {"open": 0.5, "pause": 0.1, "sort": 0.3, "key": 0.05, "clear": 0.2, "rss": 300.0}
SEARCH = "第123"

MEASURE = r"""
import json, resource, statistics, sys, time
from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.county import ClerkWorkspace
from hzsubsidy_desktop.gui.qt import QApplication, QPoint, Qt, QTimer
from hzsubsidy_desktop.workspace import CLERK, Workspace
from PySide6.QtTest import QTest

db, count, search = sys.argv[1], int(sys.argv[2]), sys.argv[3]
app = create_app()
gaps, last = [], [time.perf_counter()]
def tick():
    now = time.perf_counter(); gaps.append(now - last[0]); last[0] = now
timer = QTimer(); timer.setInterval(5); timer.timeout.connect(tick)

workspace = Workspace.open(db, actor=CLERK)
timer.start()
start = last[0] = time.perf_counter()
widget = ClerkWorkspace(workspace)
widget.resize(1280, 800)
widget.show()
built = time.perf_counter()
gaps.append(built - start)  # creating the widget blocks the GUI thread
while widget.project_model.rowCount() < count and time.perf_counter() - start < 120:
    app.processEvents()
    time.sleep(0.001)
widget.table.viewport().repaint()
shown = time.perf_counter() - start
for _ in range(20):  # events left from loading
    app.processEvents(); time.sleep(0.005)
timer.stop()
assert widget.project_model.rowCount() == count, widget.project_model.rowCount()

def timed(action):
    t = time.perf_counter(); action(); app.processEvents(); widget.table.viewport().repaint()
    return time.perf_counter() - t

header = widget.table.horizontalHeader()
sorts = {}
for col in range(widget.project_model.columnCount()):
    pos = QPoint(header.sectionViewportPosition(col) + 5, 5)
    widget.table.scrollTo(widget.project_filter.index(0, col))
    pos = QPoint(header.sectionViewportPosition(col) + 5, 5)
    click = lambda: QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    sorts[widget.project_model.headers[col]] = max(timed(click), timed(click))
widget.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

widget.search.setFocus()
keys = []
for ch in search:
    keys.append(timed(lambda: widget.search.insert(ch)))  # as a key press inserts it
shown_after_search = widget.project_filter.rowCount()
clear = timed(widget.search.clear)
assert widget.project_filter.rowCount() == count
widget.shutdown()
print(json.dumps({
    "open": shown, "pause": max(gaps), "sorts": sorts, "keys": keys, "found": shown_after_search,
    "clear": clear, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def build(path: Path, count: int) -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[3]); import clerk_db; from pathlib import Path;"
        "from hzsubsidy_desktop import county; from hzsubsidy_desktop.store import Store;"
        "clerk_db.build(Path(sys.argv[1]), int(sys.argv[2]));"
        "s = Store(sys.argv[1]); county.project_rows(s); s.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(path), str(count), str(Path(__file__).parent)],
                   check=True, cwd=ROOT)


def measure(path: Path, count: int) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(count), SEARCH], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"measuring {count} projects failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    quick = "--quick" in sys.argv
    sizes = SIZES[:1] if quick else SIZES
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            db = Path(tmp) / f"clerk-{n}.sqlite3"
            started = time.perf_counter()
            build(db, n)
            print(f"built {n} projects in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            results[n] = measure(db, n)
    print(f"## 县级汇总: the project list at scale\n\n{machine()}\n")
    print("| projects | list shown | longest GUI pause while opening | slowest sort (column) | median sort "
          "| search keystroke, max | clearing the search | peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    ok = True
    for n, r in results.items():
        slow_col, slow = max(r["sorts"].items(), key=lambda kv: kv[1])
        print(f"| {n:,} | {r['open'] * 1000:.0f} ms | {r['pause'] * 1000:.0f} ms | {slow * 1000:.0f} ms ({slow_col}) "
              f"| {statistics.median(r['sorts'].values()) * 1000:.0f} ms | {max(r['keys']) * 1000:.0f} ms "
              f"| {r['clear'] * 1000:.0f} ms | {r['rss']:.0f} MB |")
        if n == max(sizes):
            checks = {
                "open": r["open"], "pause": r["pause"], "sort": slow, "key": max(r["keys"]), "clear": r["clear"],
                "rss": r["rss"],
            }
            missed = [k for k, v in checks.items() if v > TARGETS[k]]
            ok = not missed
    top = max(sizes)
    print(f"\nTargets at {top:,} projects: shown ≤ 0.5 s, GUI pause ≤ 100 ms, sort ≤ 0.3 s, keystroke ≤ 50 ms, "
          f"clearing ≤ 0.2 s, peak ≤ 300 MB — {'met' if ok else 'MISSED: ' + ', '.join(missed)}.")
    print(f"Each sort is the slower of two clicks on the header (ascending, descending), repaint included; "
          f"the search types “{SEARCH}” one key at a time ({results[top]['found']} rows match at the end).")
    if quick:
        print("\n(--quick: 1,000 projects only.)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
