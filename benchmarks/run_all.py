"""Run every ``benchmarks/bench_*.py`` script in its own process and write docs/PERFORMANCE.md.

Each script prints Markdown tables and exits 1 when it misses a target; this collects the
tables, the machine description and a summary line per script. Exit code: 0 when every
target is met.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "docs" / "PERFORMANCE.md"
SHARED = ("The machine was shared with other work during the run: absolute times are inflated and noisy; "
          "the ratios against a reference measured in the same run (interleaved) are the figures to trust.")


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    try:
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
        memory = f"{mem_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    return (f"{platform.system()} {platform.release()}, {model}, {os.cpu_count()} cores, {memory} RAM, "
            f"Python {platform.python_version()}")


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    quick = "--quick" in argv
    names = [a for a in argv[1:] if a != "--quick"]
    if names:
        scripts = [s for s in scripts if any(a in s.name for a in names)]
    load_start = os.getloadavg()[0]
    sections, summary, failed = [], [], False
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{HERE}"}
    for script in scripts:
        print(f"running {script.name} …", flush=True)
        start = time.perf_counter()
        args = [sys.executable, str(script)] + (["--quick"] if quick and "--quick" in script.read_text() else [])
        proc = subprocess.run(args, capture_output=True, text=True, cwd=HERE, env=env)
        took = time.perf_counter() - start
        ok = proc.returncode == 0
        failed |= not ok
        summary.append(f"| `{script.name}` | {'met' if ok else '**MISSED**'} | {took:.0f} s |")
        body = proc.stdout.strip() or "(no output)"
        if proc.returncode not in (0, 1):
            body += "\n\n```\n" + proc.stderr[-2000:] + "\n```"
        sections.append(f"### {script.stem}\n\n{body}\n")
    text = "\n".join([
        "# Performance",
        "",
        "Written by `bash benchmarks/run` — do not edit by hand. Each target of the issues is measured",
        "by a script in `benchmarks/`; times are medians (with the interquartile range as spread where",
        "shown). What each figure includes is stated under its table.",
        "",
        f"- Machine: {machine()}",
        f"- Run: {datetime.now().astimezone().isoformat(timespec='minutes')}{' (--quick: smallest sizes only)' if quick else ''}",
        f"- Load average (1 min) at the start and the end: {load_start:.1f} / {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores (the end includes the benchmarks' own worker processes). "
        f"{SHARED if load_start > 1.0 else ''}".rstrip(),
        "",
        "| script | targets | took |",
        "|---|---|---|",
        *summary,
        "",
        *sections,
    ])
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
