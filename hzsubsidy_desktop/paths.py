"""Where the application finds its shipped data and keeps the user's database.

In a built wheel the top-level ``forms/``, ``ui/`` and ``resources/`` folders are packed into
``hzsubsidy_desktop/_data/``; in a source checkout they sit beside the package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_ENV = "HZSUBSIDY_DB"
_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the shipped data folder ``name`` ("forms", "ui" or "resources")."""
    candidates = [_PACKAGE / "_data" / name, _PACKAGE.parent / name]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "hzsubsidy_desktop" / "_data" / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped data folder {name!r} not found in {candidates}")


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``HZSUBSIDY_DB`` says otherwise."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    return user_data_dir() / "hzsubsidy.sqlite3"


def user_data_dir() -> Path:
    """The user's data folder (the default database, extra notice folders in ``forms/``)."""
    import platformdirs  # deferred: start-up of commands that never need it

    return Path(platformdirs.user_data_dir("hzsubsidy", appauthor=False))
