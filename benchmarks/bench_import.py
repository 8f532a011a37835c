"""A county clerk's busiest day: import 1,000 submission files and export 附件5.

Target: import of 1,000 .hzsub files plus the 附件5 .xlsx export ≤ 20 s, peak memory (RSS)
≤ 500 MB. Also measured at 100 files to show that time grows linearly.

The files are generated once into a temporary folder from one file packed by the app (with its
real .docx and .xlsx): each copy has its own submission id, credit code and project name, and
its manifest hashes are recomputed. Each measurement runs in a fresh subprocess so that its peak
RSS (``resource.getrusage``) is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import ROOT, machine

TARGET_SECONDS = 20.0
TARGET_RSS_MB = 500.0
SIZES = (10, 100, 1000)


def credit_code_for(i: int) -> str:
    from hzsubsidy_desktop.values import credit_code

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "MA" + "".join(alphabet[(i // 31**k) % 31] for k in range(5, -1, -1))
    return credit_code.complete("91330523" + body + credit_code.organisation_check(body))


def generate(folder: Path, count: int) -> None:
    """``count`` distinct submission files made from one real packed file."""
    import zipfile

    from hzsubsidy_desktop import document as docs
    from hzsubsidy_desktop.document.sample import sample_application
    from hzsubsidy_desktop.interchange.submission import (
        APPLICATION,
        MANIFEST,
        pack_application,
        submission_file_name,
        write_archive,
    )
    from hzsubsidy_desktop.store import Store
    from hzsubsidy_desktop.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "e.sqlite3") as store:
        app_id = Workspace(store).add_document(sample_application())
        original = pack_application(store, app_id, Path(tmp) / "out")
        with zipfile.ZipFile(original) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            members = {n: archive.read(n) for n in archive.namelist() if n != MANIFEST}
    base = docs.loads(members[APPLICATION])
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        doc = json.loads(json.dumps(base))
        doc["enterprise"]["credit_code"] = credit_code_for(i)
        doc["project"]["name"] = f"{base['project']['name']}（第{i + 1:04d}号）"
        doc["project"]["total_investment"] = str(600 + i % 97)
        m = dict(manifest)
        m.update(submission_id=uuid.uuid4().hex, revision=1 + i % 3,
                 credit_code=doc["enterprise"]["credit_code"], project_name=doc["project"]["name"])
        copy = dict(members)
        copy[APPLICATION] = docs.dumps(doc).encode("utf-8")
        write_archive(folder / submission_file_name(doc), m, copy.items())


def child(folder: Path, work: Path) -> None:
    """Import every file of ``folder`` into a new database, export 附件5; print timings as JSON."""
    import resource

    from hzsubsidy_desktop import county
    from hzsubsidy_desktop.export import list5 as list_export
    from hzsubsidy_desktop.formdef import load_definition
    from hzsubsidy_desktop.store import Store

    definition = load_definition()
    files = sorted(folder.iterdir())
    for path in files:  # warm the page cache, so that both measures below read from memory
        path.read_bytes()
    start = time.perf_counter()
    size = sum(len(path.read_bytes()) for path in files)
    reference = time.perf_counter() - start  # the floor: reading the same files' bytes
    start = time.perf_counter()
    with Store(work / "clerk.sqlite3") as store:
        outcomes = county.import_files(store, [folder])
        imported = time.perf_counter()
        rows = county.project_rows(store, definition)
        list_export.write_xlsx(definition, rows, work / "附件5.xlsx")
        exported = time.perf_counter()
    statuses = {s: sum(1 for o in outcomes if o.status == s) for s in county.STATUSES}
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(json.dumps({"import": imported - start, "export": exported - imported, "rows": len(rows),
                      "reference": reference, "bytes": size,
                      "statuses": statuses, "rss_mb": rss_mb}))


def run(folder: Path, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(work)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp_path = Path(tmp)
        for n in SIZES:
            folder = tmp_path / f"files-{n}"
            start = time.perf_counter()
            generate(folder, n)
            print(f"generated {n} files in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            results[n] = run(folder, tmp_path / f"work-{n}")
            assert results[n]["rows"] == n and results[n]["statuses"]["imported"] == n, results[n]
    print(f"## Import and 附件5 export\n\n{machine()}\n")
    print("| files | import | 附件5 export | total | per file | peak RSS | reading the bytes (reference) | import ÷ reference | target | ok |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for n, r in results.items():
        total = r["import"] + r["export"]
        target = n == max(SIZES)
        good = not target or (total <= TARGET_SECONDS and r["rss_mb"] <= TARGET_RSS_MB)
        ok &= good
        goal = f"≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_RSS_MB:.0f} MB" if target else "–"
        print(f"| {n} | {r['import']:.2f} s | {r['export']:.2f} s | {total:.2f} s | {total / n * 1000:.1f} ms "
              f"| {r['rss_mb']:.0f} MB | {r['reference'] * 1000:.1f} ms ({r['bytes'] / 1e6:.1f} MB) "
              f"| ×{r['import'] / r['reference']:.0f} | {goal} | {'yes' if good else 'NO'} |")
    totals = [results[n]["import"] + results[n]["export"] for n in SIZES]
    print(f"\ngrowth 10 → 100 → 1,000 files: ×{totals[1] / totals[0]:.1f}, ×{totals[2] / totals[1]:.1f} "
          "(linear would be ×10 each): O(n)")
    print("The reference reads every file's bytes from the page cache; the import on top of it opens each zip,")
    print("checks sizes and SHA-256 of every member, parses and schema-checks the JSON, and writes one")
    print("SQLite transaction per file.")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(main())
