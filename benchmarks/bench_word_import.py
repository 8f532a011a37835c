"""The county imports hand-filled Word 附件3/附件4: 100 files through the real CLI.

Target: ``hzsubsidy import <folder>`` of 100 hand-filled .docx files (both sheets each, filled in
the styles of ``tests/word_templates.py``: check marks, deleted options, 万元/元/full-width amounts,
periods in three spellings, typed totals) ≤ 10 s on 2 cores, the whole process from start to exit.
Also measured at 10 files to show that time grows linearly. The files are generated into a
temporary folder; each has its own project name and credit code, so every one is a new application.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, machine

TARGET_SECONDS = 10.0
SIZES = (10, 100)


def generate(folder: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from bench_import import credit_code_for
    from word_templates import Style, build

    from hzsubsidy_desktop.document.sample import sample_application

    styles = [
        Style(), Style(mark="√", mark_after=True), Style(mark="delete", amount="wan"), Style(mark="sym", amount="full"),
        Style(mark="strike", period="{sy}.{smm}-{ey}.{emm}"), Style(mark="(√)", amount="thousands", typed_totals=True),
        Style(narrative_below=False, labels_broken=False, serial="{n}、", period="{sy}-{smm}～{ey}-{emm}"),
    ]
    base = sample_application()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        doc = copy.deepcopy(base)
        doc["enterprise"]["credit_code"] = credit_code_for(i)
        doc["project"]["name"] = f"{base['project']['name']}（第{i + 1:04d}号）"
        build(folder / f"手填{i + 1:04d}.docx", doc, styles[i % len(styles)])


def run(folder: Path, db: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HZSUBSIDY_DB": str(db), "PYTHONIOENCODING": "utf-8"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "hzsubsidy_desktop", "import", str(folder)],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return took, proc.stdout.strip().splitlines()[-1]


def main() -> int:
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-word-") as tmp:
        tmp_path = Path(tmp)
        for n in SIZES:
            folder = tmp_path / f"files-{n}"
            start = time.perf_counter()
            generate(folder, n)
            print(f"generated {n} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            took, last = run(folder, tmp_path / f"county-{n}.sqlite3")
            assert f"已导入 {n}，" in last, last
            results[n] = took
    print(f"## Importing hand-filled Word 附件3/附件4\n\n{machine()}\n")
    print("| files | `hzsubsidy import <folder>` (whole process) | per file | target | ok |")
    print("|---|---|---|---|---|")
    ok = True
    for n, took in results.items():
        target = n == max(SIZES)
        good = not target or took <= TARGET_SECONDS
        ok &= good
        print(f"| {n} | {took:.2f} s | {took / n * 1000:.0f} ms | {f'≤ {TARGET_SECONDS:.0f} s' if target else '–'} "
              f"| {'yes' if good else 'NO'} |")
    print("\nEach file: archive checks, defusedxml parse of word/document.xml, the 附件3/附件4 tables read,")
    print("every value checked by its field's rules, one SQLite transaction with the validation status.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
