"""Entry point of ``hzsubsidy``. Sub-commands live in small modules that register themselves
(see :func:`command_modules`); with no sub-command the GUI starts.

Start-up: only the module of the sub-command being run is imported (:data:`COMMANDS` says which
module that is), so ``--version``, the GUI and ``validate`` never load openpyxl, python-docx or
the storage layer they do not use. ``--help`` and an unknown command build the whole parser.

Exit codes: 0 success, 1 the input has problems (validation errors, rejected files),
2 the input could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from hzsubsidy_desktop import __version__
from hzsubsidy_desktop.cli.common import fail
from hzsubsidy_desktop.errors import AppError

# Every module of this package that defines ``register(subparsers)`` contributes commands
# (and sets ``func`` on its parsers); a new command group is a new module, nothing else.
_NOT_COMMANDS = {"main", "common"}

# Sub-command -> the module (in this package) that registers it. A command missing here still
# works (the whole parser is built for it); a test keeps this table in step with the modules.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(
        ("list", "new", "add", "show", "set", "explain", "duplicate", "delete", "restore", "history",
         "save-profile"), "applications"),
    **dict.fromkeys(
        ("pack", "import", "consolidate", "declaration", "county-pack", "review", "county", "decide"),
        "consolidating"),
    **dict.fromkeys(("sample", "schema", "validate", "forms"), "documents"),
    "verify-scan": "scans",
    "export": "exporting",
    "rules": "rules",
}


def command_modules() -> list[str]:
    import pkgutil  # not at load: the GUI and single commands never list the modules

    import hzsubsidy_desktop.cli as package

    names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name not in _NOT_COMMANDS)
    return [f"{package.__name__}.{name}" for name in names]


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # pragma: no cover - exercised through subprocess
        self.print_usage(sys.stderr)
        self.exit(2, f"hzsubsidy：命令参数有误：{message}\n")


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (the first word that is not an option), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def modules_for(argv: Sequence[str]) -> list[str]:
    """The command modules the parser needs for ``argv``: one, none (GUI, ``--version``) or all."""
    command = command_in(argv)
    if command is None:
        return command_modules() if any(a in ("-h", "--help") for a in argv) else []
    module = COMMANDS.get(command)
    return [f"{__package__}.{module}"] if module else command_modules()


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command parser with the commands of ``modules`` (default: every command module)."""
    parser = ChineseArgumentParser(
        prog="hzsubsidy",
        description="浙江省跨境电商高质量发展专项激励 申报填报与汇总工具（离线）。不带子命令时启动图形界面。",
    )
    parser.add_argument("--version", action="version", version=f"hzsubsidy {__version__}")
    parser.add_argument("--db", help="数据库文件（默认在用户数据目录，或环境变量 HZSUBSIDY_DB）")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in command_modules() if modules is None else modules:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Chinese output must not crash on a console with a narrow encoding.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(modules_for(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        return start_gui(args)
    # Texts from files (names inside an archive, a form id…) are printed: they must not drive the terminal.
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableOnly(sys.stdout), PrintableOnly(sys.stderr)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
        return code
    except AppError as exc:  # any expected failure a command did not handle itself: its Chinese message
        return fail(exc.message)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``hzsubsidy import … | head``): stop quietly, and keep Python from
        # reporting the failed flush of the closed pipe at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, saved[0].fileno())
        return 1
    finally:
        sys.stdout, sys.stderr = saved


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


class PrintableOnly:
    """A console stream that drops control characters (escape sequences, carriage returns) from what is written."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_UNPRINTABLE.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def start_gui(args: argparse.Namespace) -> int:
    # Start-up: the domain modules the window needs are imported before Qt. Once PySide6 is loaded,
    # its import hook inspects every module imported after it (a quarter of the window's start).
    # The first paint needs the store and the workspace only: the form definitions, the parsing of
    # input, the checks and the wizard are imported when first used (tests/test_gui_startup.py).
    import hzsubsidy_desktop.store
    import hzsubsidy_desktop.workspace  # noqa: F401

    try:
        from hzsubsidy_desktop.gui.app import run
    except ImportError as exc:
        print(f"hzsubsidy：无法启动图形界面（{exc}）。命令行功能见 hzsubsidy --help。", file=sys.stderr)
        return 2
    return run(db=args.db)
