"""What an import pays per file for its checks, phase by phase, against reading the same files.

The files are ``bench_import.py``'s 1,000 generated submissions. Each phase runs over all of them,
the phases one after another and the whole round three times; a phase's figure is its best round,
in CPU time of this process (``time.process_time``: on a shared machine wall time is mostly waiting).
Before every phase of every round validation forgets the values it has seen, so a later round is not
cheaper than the files' first reading.
The reference is ``bench_import.read_like_an_import`` (open the zip, read and SHA-256 every member,
parse the application's JSON). Reported only, no target: the import's own target is in
``bench_import.py``. Usage: ``python benchmarks/bench_file_checks.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_import import generate, read_like_an_import
from common import machine

FILES = 1000
ROUNDS = 3


def phases(files: Sequence[Path]) -> list[tuple[str, Callable[[Any], Any], Sequence[Any]]]:
    from hzsubsidy_desktop import document as docs
    from hzsubsidy_desktop.interchange.application_file import check_document
    from hzsubsidy_desktop.interchange.intake import read_incoming
    from hzsubsidy_desktop.interchange.safe_archive import SafeArchive
    from hzsubsidy_desktop.interchange.submission import APPLICATION, MANIFEST, SUBMISSION_LIMITS
    from hzsubsidy_desktop.validation import validate

    def archive(path: Path) -> dict[str, bytes]:
        with SafeArchive(path, "报送文件", SUBMISSION_LIMITS) as opened:
            return opened.verify(opened.read_json(MANIFEST))

    texts = [archive(path)[APPLICATION] for path in files]
    checked = [check_document(docs.loads(text), owned=True) for text in texts]
    return [
        ("reference: unzip, SHA-256 of every member, parse the JSON", read_like_an_import, files),
        ("SafeArchive: directory checks, manifest, every member's size and SHA-256", archive, files),
        ("document.loads (the application's JSON)", docs.loads, texts),
        ("document.loads + check_document (schema, canonical in place, amounts)", lambda text: check_document(docs.loads(text), owned=True),
         texts),
        ("validate (every field and rule)", lambda item: validate(*item), checked),
        ("read_incoming (a .hzsub file, all of the above but validate)", read_incoming, files),
    ]


def forget() -> None:
    """What validation remembers of the values it has seen (its per-definition plan is rebuilt too)."""
    from hzsubsidy_desktop.validation import engine, plan

    plan._PLANS.clear()
    engine._PROBLEMS.clear()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        generate(folder, FILES)
        files = sorted(folder.iterdir())
        work = phases(files)
        best = [float("inf")] * len(work)
        for _ in range(ROUNDS):
            for i, (_name, func, items) in enumerate(work):
                forget()  # each round meets the texts afresh, as an import meets new files
                start = time.process_time()
                for item in items:
                    func(item)
                best[i] = min(best[i], (time.process_time() - start) / len(items))
    print(f"## Per-file checks of an import\n\n{machine()}\n")
    print(f"{FILES:,} generated submission files; CPU time per file, best of {ROUNDS} rounds "
          "(validation forgets the values it has seen before each).\n")
    print("| phase | per file | ÷ reference |\n|---|---|---|")
    for (name, _func, _items), seconds in zip(work, best, strict=True):
        print(f"| {name} | {seconds * 1000:.3f} ms | ×{seconds / best[0]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
