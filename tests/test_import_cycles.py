"""No import cycles between modules, and widgets never import the wizard (house rules).

Only what runs when a module is imported counts: module-level imports, including those under a
module-level ``if``/``try``, but not those under ``if TYPE_CHECKING:`` (annotations only) nor inside
functions (deferred on purpose). Importing ``a.b.c`` also runs ``a/b/__init__.py``, so that is an
edge too, unless the importing module lives inside ``a.b`` itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hzsubsidy_desktop"


def _modules(package: Path) -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append(node)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):
                    visit(block)

    visit(tree.body)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module → the modules of ``package`` that importing it runs."""
    modules = _modules(package)
    root = package.name

    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        here = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(owner(a.name) or "" for a in node.names if a.name.split(".")[0] == root)
                continue
            base = node.module or ""
            if node.level:
                parent = here
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}" if base else parent
            if base.split(".")[0] != root:
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in modules else owner(base) or "")
        edges = set()
        for target in targets - {"", name}:
            parts = target.split(".")
            for i in range(2, len(parts) + 1):
                step = ".".join(parts[:i])
                if step in modules and step != name and not name.startswith(step + "."):
                    edges.add(step)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, round and round (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_round_a_cycle():
    graph = import_graph(PACKAGE)
    assert len(graph) > 50
    assert cycles(graph) == []


def test_widgets_do_not_import_the_wizard():
    graph = import_graph(PACKAGE)
    widgets = [m for m in graph if m.startswith("hzsubsidy_desktop.gui.widgets")]
    assert widgets
    assert [(m, t) for m in widgets for t in graph[m] if t.startswith("hzsubsidy_desktop.gui.wizard")] == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "hzsubsidy_desktop"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_check_finds_a_cycle_through_a_package_init(tmp_path):
    root = _package(tmp_path, {
        "a.py": "from hzsubsidy_desktop.sub.b import x\n",
        "sub/__init__.py": "from hzsubsidy_desktop.sub.c import y\n",
        "sub/b.py": "x = 1\n",
        "sub/c.py": "import hzsubsidy_desktop.a\ny = 2\n",
    })
    assert cycles(import_graph(root)) == [["hzsubsidy_desktop.a", "hzsubsidy_desktop.sub", "hzsubsidy_desktop.sub.c"]]


def test_the_check_ignores_annotation_and_deferred_imports(tmp_path):
    root = _package(tmp_path, {
        "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from hzsubsidy_desktop.b import B\n",
        "b.py": "from hzsubsidy_desktop import a\nclass B: ...\n",
        "c.py": "def f():\n    from hzsubsidy_desktop import d\n",
        "d.py": "from hzsubsidy_desktop.c import f\n",
    })
    graph = import_graph(root)
    assert graph["hzsubsidy_desktop.b"] == {"hzsubsidy_desktop.a"}
    assert cycles(graph) == []
