"""Running ``hzsubsidy`` as a user would: a subprocess, its exit code, its Chinese output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, db: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    if db is not None:
        env["HZSUBSIDY_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-m", "hzsubsidy_desktop", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, input=input, timeout=120,
    )
