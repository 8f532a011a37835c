"""One door to the data: the GUI and the command line reach the database only through the Workspace."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hzsubsidy_desktop
from hzsubsidy_desktop.workspace import Workspace

PACKAGE = Path(hzsubsidy_desktop.__file__).parent


def store_uses(source: str, name: str) -> list[str]:
    """``x.store`` / ``x._store`` / ``x.conn`` attribute uses, a ``store`` passed around, the ``Store`` class."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("store", "_store", "conn"):
            found.append(f"{name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in ("Store", "store"):
            found.append(f"{name}:{node.lineno}: {node.id}")
        elif isinstance(node, ast.arg) and node.arg == "store":
            found.append(f"{name}:{node.lineno}: parameter store")
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "Store" for alias in node.names):
            found.append(f"{name}:{node.lineno}: import Store")
    return found


@pytest.mark.parametrize("front_end", ["gui", "cli"])
def test_front_ends_do_not_touch_the_store(front_end):
    modules = sorted((PACKAGE / front_end).rglob("*.py"))
    assert len(modules) > 3
    uses = [use for path in modules for use in store_uses(path.read_text(encoding="utf-8"), path.name)]
    assert uses == []


@pytest.mark.parametrize("source", [
    "def f(ws):\n    return ws._store.summaries()\n",
    "def f(ws):\n    return ws.store.load('x')\n",
    "from hzsubsidy_desktop.store import Store\n",
    "def f(ws):\n    ws.workspace.conn.execute('DELETE FROM applications')\n",
    "def f(store):\n    return county.project_rows(store)\n",
])
def test_the_check_sees_each_way_round_the_door(source):
    assert store_uses(source, "probe.py")


def test_the_workspace_keeps_its_store_private(store):
    assert not hasattr(Workspace(store), "store")
