"""Start-up of the command line: each command loads only what it uses, and every command is reachable."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys

from cli_helpers import ROOT, run_cli

from hzsubsidy_desktop.cli.main import COMMANDS, build_parser, command_in, command_modules, modules_for

LOADED = """
import json, runpy, sys
sys.argv = ["hzsubsidy", *sys.argv[1:]]
try:
    runpy.run_module("hzsubsidy_desktop", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded_packages(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True,
                            encoding="utf-8", env=env, timeout=120)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_validate_loads_neither_openpyxl_nor_docx(tmp_path):
    sample = tmp_path / "sample.json"
    assert run_cli("sample", "--out", str(sample)).returncode == 0
    loaded = loaded_packages("validate", str(sample))
    assert "hzsubsidy_desktop" in loaded
    assert not loaded & {"openpyxl", "docx", "PySide6", "sqlite_utils"}, loaded


def test_version_loads_no_command_module():
    loaded = loaded_packages("--version")
    assert not loaded & {"openpyxl", "docx", "jsonschema", "sqlite_utils", "PySide6"}, loaded


def registered_commands() -> dict[str, str]:
    found = {}
    for module in command_modules():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        found.update(dict.fromkeys(sub.choices, module.rsplit(".", 1)[1]))
    return found


def test_the_command_table_names_the_module_of_every_command():
    assert COMMANDS == registered_commands()


def test_the_command_is_found_after_options():
    assert command_in(["--db", "x.sqlite3", "validate", "f.json"]) == "validate"
    assert command_in(["--db=x.sqlite3", "list"]) == "list"
    assert command_in(["--version"]) is None
    assert modules_for(["--db", "validate"]) == []  # "validate" is the database's name here
    assert modules_for(["--help"]) == command_modules()
    assert modules_for(["no-such-command"]) == command_modules()


def test_help_still_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_an_unknown_command_is_refused_in_chinese():
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert "命令参数有误" in result.stderr
    assert "validate" in result.stderr  # the choices are listed


def test_a_partial_parser_parses_like_the_whole_one(tmp_path):
    argv = ["--db", str(tmp_path / "d.sqlite3"), "import", "a.hzsub", "b.hzsub"]
    whole = vars(build_parser().parse_args(argv))
    partial = vars(build_parser(modules_for(argv)).parse_args(argv))
    assert {k: v for k, v in whole.items() if k != "func"} == {k: v for k, v in partial.items() if k != "func"}
