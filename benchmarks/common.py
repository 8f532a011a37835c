"""Shared helpers for the benchmark scripts: timing, the result table, the machine line."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def sample_with_items(n: int, name: str = "费用项目{i}") -> dict:
    """The sample application with ``n`` line items spread over the six 附件4 categories."""
    import copy

    from hzsubsidy_desktop.document.sample import sample_application

    doc = copy.deepcopy(sample_application())
    cats = list(doc["expenditure"])
    for cat in cats:
        doc["expenditure"][cat] = []
    for i in range(n):
        doc["expenditure"][cats[i % len(cats)]].append(
            {"name": name.format(i=i), "spent": f"{i % 50}.25", "planned": "1.5", "note": "备注"}
        )
    doc["project"]["subsidy_requested"] = "1"
    return doc


@dataclass
class Result:
    name: str
    median: float  # seconds
    spread: float  # interquartile range, seconds
    target: float | None  # seconds; None: reported only
    runs: int

    @property
    def ok(self) -> bool:
        return self.target is None or self.median <= self.target


def measure(name: str, func: Callable[[], object], *, runs: int = 30, target: float | None = None, warmup: int = 2) -> Result:
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    q = statistics.quantiles(times, n=4) if len(times) >= 4 else [min(times), 0, max(times)]
    return Result(name, statistics.median(times), q[2] - q[0], target, runs)


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def report(title: str, results: list[Result]) -> int:
    """Print a table; return the exit code (1 when a target is missed)."""
    print(f"## {title}\n\n{machine()}\n")
    print("| measure | median | spread (IQR) | target | runs | ok |")
    print("|---|---|---|---|---|---|")
    for r in results:
        target = f"≤ {r.target * 1000:.1f} ms" if r.target is not None else "–"
        print(f"| {r.name} | {r.median * 1000:.2f} ms | {r.spread * 1000:.2f} ms | {target} | {r.runs} | {'yes' if r.ok else 'NO'} |")
    return 0 if all(r.ok for r in results) else 1
