"""Helpers shared by the command modules: opening the workspace, printing errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hzsubsidy_desktop.paths import default_db_path

if TYPE_CHECKING:
    from hzsubsidy_desktop.workspace import Workspace


def fail(message: str, code: int = 2) -> int:
    print(f"hzsubsidy：{message}", file=sys.stderr)
    return code


def open_workspace(args: argparse.Namespace, actor: str = "enterprise") -> Workspace:
    """The workspace on the database of ``--db`` (default: the user's); the only door to the data."""
    from hzsubsidy_desktop.workspace import Workspace  # deferred: commands on files alone need no storage

    return Workspace.open(Path(args.db) if getattr(args, "db", None) else default_db_path(), actor=actor)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the sub-command too (``hzsubsidy import --db DB ...``)."""
    parser.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")


__all__ = ["add_db_option", "fail", "open_workspace"]
