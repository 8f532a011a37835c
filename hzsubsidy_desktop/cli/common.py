"""Helpers shared by the command modules: opening the store, printing errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hzsubsidy_desktop.paths import default_db_path

if TYPE_CHECKING:
    from hzsubsidy_desktop.store import Store
    from hzsubsidy_desktop.workspace import Workspace


def fail(message: str, code: int = 2) -> int:
    print(f"hzsubsidy：{message}", file=sys.stderr)
    return code


def open_store(args: argparse.Namespace) -> Store:
    from hzsubsidy_desktop.store import Store  # deferred: commands on files alone need no storage

    return Store(Path(args.db) if getattr(args, "db", None) else default_db_path())


def open_workspace(args: argparse.Namespace, actor: str = "enterprise") -> Workspace:
    from hzsubsidy_desktop.workspace import Workspace

    return Workspace(open_store(args), actor=actor)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the sub-command too (``hzsubsidy import --db DB ...``)."""
    parser.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")


__all__ = ["add_db_option", "fail", "open_store", "open_workspace"]
