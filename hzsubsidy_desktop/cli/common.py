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


# Names that are files, not the folder --out asks for ("--out 附件3.docx" would make a folder of that name).
_FILE_SUFFIXES = (".docx", ".doc", ".xlsx", ".xls", ".pdf", ".hzsub", ".hzcounty", ".json", ".zip", ".wps", ".et")


def folder_problem(text: str) -> str | None:
    """Why ``--out TEXT`` cannot be the folder to save in (a file, or a file's name), else None."""
    path = Path(text)
    if path.is_file():
        return f"“{text}”是文件，不是文件夹。--out 应写保存文件的文件夹。"
    if not path.exists() and path.suffix.lower() in _FILE_SUFFIXES:
        return (f"--out 应写保存文件的文件夹，“{text}”像是文件名（{path.suffix}）；文件名由程序按项目生成。"
                f"请写文件夹，例如 --out {path.parent / path.stem}")
    return None


def open_workspace(args: argparse.Namespace, actor: str = "enterprise") -> Workspace:
    """The workspace on the database of ``--db`` (default: the user's); the only door to the data."""
    from hzsubsidy_desktop.workspace import Workspace  # deferred: commands on files alone need no storage

    return Workspace.open(Path(args.db) if getattr(args, "db", None) else default_db_path(), actor=actor)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the sub-command too (``hzsubsidy import --db DB ...``)."""
    parser.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")


__all__ = ["add_db_option", "fail", "folder_problem", "open_workspace"]
