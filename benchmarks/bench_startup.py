"""Start-up as the user sees it: whole processes through the real ``hzsubsidy`` entry point.

1. ``hzsubsidy`` (no sub-command) → the main window viewable on a real X server (Xvfb), against
   a bare PySide6 ``QMainWindow`` process measured the same way: target ×2.
   "Viewable" is the X server's MapNotify for the process's top-level window, seen by ``xev``
   listening on the root window; the clock starts just before the process is spawned.
2. ``hzsubsidy --version`` against ``python -c pass``: target ×4.
3. ``hzsubsidy validate FILE`` against ``python -c "import openpyxl, docx"`` (reported), and
   whether ``validate`` loads openpyxl or python-docx (target: neither).

Measured as installed: the main window's shell compiled from ``ui/main_window.ui`` as a build does
(``hatch_build.py``; a source tree not built would read it with QUiLoader, ~25 ms slower), and
bytecode cached as pip's install and the bundle have it: every process here writes and reads its
``.pyc`` under a temporary ``PYTHONPYCACHEPREFIX`` (from the warm-up run on), whatever
``PYTHONDONTWRITEBYTECODE`` says — without it each start would compile every module from source.

Runs are interleaved (A B A B …) so both sides see the same machine; the ratio is the median of
the pairwise ratios. Needs ``Xvfb`` and ``xev`` for part 1 (skipped with a note otherwise).
Usage: ``python benchmarks/bench_startup.py [--runs N]``. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, machine

WINDOW_RATIO = 2.0
VERSION_RATIO = 4.0

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
app.exec()
"""

MODULES_OF_VALIDATE = """
import runpy, sys, json
sys.argv = ["hzsubsidy", "validate", sys.argv[1]]
try:
    runpy.run_module("hzsubsidy_desktop", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def entry_point() -> list[str]:
    """The installed ``hzsubsidy`` console script (``python -m hzsubsidy_desktop`` without one)."""
    script = Path(sys.executable).parent / "hzsubsidy"
    return [str(script)] if script.exists() else [sys.executable, "-m", "hzsubsidy_desktop"]


def environment(home: Path, **extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**inherited, "PYTHONPATH": str(ROOT), "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "PYTHONPYCACHEPREFIX": str(home / "pycache"), **extra}


def build_shell() -> str:
    """Compile ui/main_window.ui as the build does (hatch_build.py); what the window was built from."""
    sys.path.insert(0, str(ROOT))
    try:
        from hatch_build import compile_ui
    finally:
        sys.path.remove(str(ROOT))
    compile_ui(ROOT)
    return "the compiled shell (hzsubsidy_desktop/gui/ui_main_window.py, as built)"


def interleaved(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    a(), b()  # warm the file cache
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(a())
        times_b.append(b())
    return times_a, times_b


def run_process(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


class XServer:
    """A private Xvfb display and an ``xev`` watching its root window for mapped top-level windows."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24",
                                      "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()
        self.events: queue.Queue[float] = queue.Queue()
        self.xev = subprocess.Popen(["stdbuf", "-oL", "xev", "-display", self.display, "-root", "-event",
                                     "substructure"], stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        time.sleep(0.3)

    def _read(self) -> None:
        assert self.xev.stdout is not None
        for line in self.xev.stdout:
            if line.startswith("MapNotify"):
                self.events.put(time.perf_counter())

    def time_to_window(self, cmd: list[str], env: dict[str, str], timeout: float = 30.0) -> float:
        while not self.events.empty():
            self.events.get_nowait()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env={**env, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            mapped = self.events.get(timeout=timeout)
        finally:
            proc.terminate()
            proc.wait()
        return mapped - start

    def close(self) -> None:
        for proc in (self.xev, self.xvfb):
            proc.terminate()
            proc.wait()


def pairwise(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def row(name: str, a: list[float], b: list[float], ref: str, target: float | None) -> tuple[str, bool]:
    ratio = pairwise(a, b)
    ok = target is None or ratio <= target
    goal = f"≤ ×{target:g}" if target is not None else "–"
    return (f"| {name} | {statistics.median(a) * 1000:.0f} ms | {ref} | {statistics.median(b) * 1000:.0f} ms "
            f"| ×{ratio:.2f} | {goal} | {len(a)} | {'yes' if ok else 'NO'} |"), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="processes per command")
    args = parser.parse_args()
    hz = entry_point()
    lines, oks, notes = [], [], []
    notes.append(f"Main window from {build_shell()}; bytecode cached (PYTHONPYCACHEPREFIX) as in an install.")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = environment(tmp)
        sample = tmp / "sample.json"
        subprocess.run([*hz, "sample", "--out", str(sample)], env=env, check=True, cwd=ROOT)
        db = tmp / "five.sqlite3"
        for _ in range(5):
            subprocess.run([*hz, "--db", str(db), "add", str(sample)], env=env, check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)

        if shutil.which("Xvfb") and shutil.which("xev"):
            server = XServer()
            try:
                a, b = interleaved(lambda: server.time_to_window([*hz, "--db", str(db)], env),
                                   lambda: server.time_to_window([sys.executable, "-c", BARE], env), args.runs)
            finally:
                server.close()
            text, ok = row("`hzsubsidy` → main window viewable (Xvfb)", a, b, "bare PySide6 window", WINDOW_RATIO)
            lines.append(text)
            oks.append(ok)
        else:
            notes.append("Xvfb or xev not found: the window start-up was not measured.")

        a, b = interleaved(lambda: run_process([*hz, "--version"], env),
                           lambda: run_process([sys.executable, "-c", "pass"], env), args.runs)
        text, ok = row("`hzsubsidy --version`", a, b, "`python -c pass`", VERSION_RATIO)
        lines.append(text)
        oks.append(ok)

        a, b = interleaved(lambda: run_process([*hz, "validate", str(sample)], env),
                           lambda: run_process([sys.executable, "-c", "import openpyxl, docx"], env), args.runs)
        text, _ = row("`hzsubsidy validate sample.json`", a, b, "`python -c \"import openpyxl, docx\"`", None)
        lines.append(text)

        out = subprocess.run([sys.executable, "-c", MODULES_OF_VALIDATE, str(sample)], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=False)
        loaded = set(json.loads(out.stderr.strip().splitlines()[-1]))
        heavy = sorted(loaded & {"openpyxl", "docx", "PySide6", "sqlite_utils"})
        oks.append(not loaded & {"openpyxl", "docx"})

    print(f"## Start-up (whole processes, real entry point)\n\n{machine()}\n")
    print("| command | median | reference | reference median | ratio (median of pairs) | target | pairs | ok |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print(f"\n`validate` loads: {', '.join(heavy) or 'none'} of openpyxl, docx, PySide6, sqlite_utils "
          f"(target: neither openpyxl nor docx) — {'yes' if oks[-1] else 'NO'}")
    print("\nEach pair runs the command and its reference back to back (A B A B …) after one warm-up of each;"
          "\nthe window is timed from spawning the process to the X server mapping its top-level window"
          "\n(Xvfb, no window manager), the others to the process's exit.")
    for note in notes:
        print(f"\n{note}")
    return 0 if all(oks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
