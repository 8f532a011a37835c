"""The built wheel carries everything read at run time (forms, ui, resources) and runs.

The wheel is built without network (hatchling from the test environment) and installed
without its dependencies into a fresh venv; the dependencies come from this environment's
site-packages through a .pth file, so the test checks the wheel's own contents, not PyPI.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_runs_sample(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    (wheel,) = dist.glob("hzsubsidy-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "hzsubsidy_desktop/_data/forms/zj-cbec-2024/form.toml",
        "hzsubsidy_desktop/_data/forms/zj-cbec-2024/rules.toml",
        "hzsubsidy_desktop/cli/main.py",
        "hzsubsidy_desktop/_data/ui/about.ui",
        "hzsubsidy_desktop/_data/ui/main_window.ui",
        "hzsubsidy_desktop/gui/ui_main_window.py",  # compiled at build time (hatch_build.py)
        "hzsubsidy_desktop/_data/resources/guide/index.html",
    ):
        assert required in names
    assert any(n.startswith("hzsubsidy_desktop/_data/resources/") for n in names)

    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr
    # dependencies from this environment (a plain path: its own .pth files, e.g. the editable install, are not read)
    deps = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()]
    (Path(purelib) / "_deps.pth").write_text("\n".join(deps) + "\n")

    alone = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the wheel's package, not a checkout's
    run = subprocess.run(
        [str(venv / "bin" / "hzsubsidy"), "sample"], capture_output=True, text=True, cwd=tmp_path, env=alone,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["enterprise"]["county"] == "安吉县"
    where = subprocess.run(
        [str(py), "-c", "import hzsubsidy_desktop.paths as p; print(p.data_dir('forms'))"],
        capture_output=True, text=True, cwd=tmp_path, check=True, env=alone,
    ).stdout.strip()
    assert where.startswith(str(venv)), where
    # the installed program builds its main window from the module compiled at build time, not QUiLoader
    shell = subprocess.run(
        [str(py), "-c", "import sys; from hzsubsidy_desktop.gui.designer import compiled_ui; "
                        "print(sys.modules[compiled_ui('main_window').__module__].__file__)"],
        capture_output=True, text=True, cwd=tmp_path, env=alone,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.strip().startswith(str(venv)) and shell.stdout.strip().endswith("ui_main_window.py"), shell.stdout
