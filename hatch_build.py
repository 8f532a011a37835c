"""Build hook: the Qt Designer files the first window needs, compiled to Python at build time.

As Picard does, ``pyside6-uic`` turns ``ui/<name>.ui`` into ``hzsubsidy_desktop/gui/ui_<name>.py``
when the wheel or the editable install is built (``[tool.hatch.build.hooks.custom]`` in
pyproject.toml), so start-up does not pay for QtUiTools and XML parsing. The generated modules are
never committed (.gitignore); each records the CRC-32 of the ``.ui`` it was made from, and
:func:`hzsubsidy_desktop.gui.designer.setup_ui` falls back to QUiLoader on the ``.ui`` itself when
the module is missing or was made from another version of the file (a source tree not built).

Two changes to uic's output: its ``from PySide6.X import (...)`` lists become one import of the
names the form uses from ``hzsubsidy_desktop.gui.qt`` (the one module that imports the binding;
each imported name makes PySide create the class and its enums: uic's full lists cost ~35 ms at
start-up), and the checksum line is added (CRC-32: it tells an edited file, and zlib is
loaded already where hashlib would cost milliseconds of start-up).

Run ``python hatch_build.py`` to regenerate the modules in a source tree (needs PySide6);
``packaging/hzsubsidy.spec`` does so before bundling.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script or from packaging/hzsubsidy.spec, where only compile_ui is used
    BuildHookInterface = object

ROOT = Path(__file__).resolve().parent
# The .ui files compiled at build time (the others are read with QUiLoader when first opened).
COMPILED = ("main_window",)


def generated_path(root: Path, name: str) -> Path:
    return root / "hzsubsidy_desktop" / "gui" / f"ui_{name}.py"


def uic_executable() -> Path:
    """PySide6's ``uic`` (what ``pyside6-uic`` runs, with ``-g python``)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hatch_build.py: PySide6-Essentials is needed to compile ui/*.ui (build-system requires)")
    package = Path(next(iter(spec.submodule_search_locations)))
    candidates = [package / "uic.exe", package / "uic"] if sys.platform == "win32" else [package / "Qt" / "libexec" / "uic"]
    for exe in candidates:
        if exe.is_file():
            return exe
    raise RuntimeError(f"hatch_build.py: uic not found in {package}")


def trim_imports(source: str) -> str:
    """uic's ``from PySide6.X import (...)`` lists as one import, from ``hzsubsidy_desktop.gui.qt``,
    of the names the generated code uses."""
    tree = ast.parse(source)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    imports = [node for node in tree.body
               if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "PySide6"]
    names = sorted({alias.name for node in imports for alias in node.names if alias.name in used})
    lines = source.splitlines(keepends=True)
    for node in reversed(imports):
        first = node is imports[0]
        lines[node.lineno - 1:node.end_lineno] = [f"from hzsubsidy_desktop.gui.qt import {', '.join(names)}\n"
                                                  if first and names else ""]
    return "".join(lines)


def compile_ui(root: Path = ROOT) -> list[Path]:
    """Generate ``ui_<name>.py`` for each compiled ``.ui``; the paths written."""
    exe = uic_executable()
    written = []
    for name in COMPILED:
        ui = root / "ui" / f"{name}.ui"
        result = subprocess.run([str(exe), "-g", "python", "-a", str(ui)], capture_output=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"hatch_build.py: uic failed on {ui}: {result.stderr.decode(errors='replace')}")
        source = trim_imports(result.stdout.decode("utf-8").replace("\r\n", "\n"))
        checksum = zlib.crc32(ui.read_bytes())
        header = (f"# Generated from ui/{name}.ui by hatch_build.py (pyside6-uic) at build time; not committed.\n"
                  f"UI_CRC32 = {checksum:#010x}\n")
        out = generated_path(root, name)
        out.write_text(header + source, encoding="utf-8", newline="\n")
        written.append(out)
    return written


class UiBuildHook(BuildHookInterface):
    """Compiles the ``.ui`` files into the package of the wheel and of the editable install."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return  # the sdist carries the .ui files and this hook; its wheel compiles them
        for path in compile_ui(Path(self.root)):
            # Generated files are ignored by git, so hatchling leaves them out unless told.
            # (An editable install imports them from the source tree, where they were written.)
            if version != "editable":
                build_data["force_include"][str(path)] = path.relative_to(self.root).as_posix()


if __name__ == "__main__":
    for path in compile_ui():
        print(f"wrote {path.relative_to(ROOT)}")
