"""The PyInstaller one-folder bundle (``bash scripts/build-bundle``) runs without this checkout.

The bundle is built once into ``build/test-bundle/`` and reused while its inputs (the package,
forms/ui/resources, the spec, the build script, the installed distributions) are unchanged; a
lock keeps two test runs in one working tree from building at the same time. Every run is from
an empty folder with a clean environment (no PYTHONPATH), as a user would start it.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from hzsubsidy_desktop import __version__

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "build" / "test-bundle"
README = ROOT / "README.md"
INPUTS = ("hzsubsidy_desktop", "forms", "ui", "resources", "packaging", "scripts/build-bundle", "pyproject.toml")


def fingerprint() -> str:
    """SHA-256 of everything the bundle is built from."""
    digest = hashlib.sha256(sys.executable.encode())
    for name in INPUTS:
        base = ROOT / name
        files = [base] if base.is_file() else sorted(
            p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        )
        for path in files:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(dists).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def bundle() -> Path:
    """``dist/hzsubsidy/hzsubsidy`` of a bundle built from the current inputs."""
    HERE.mkdir(parents=True, exist_ok=True)
    exe = HERE / "dist" / "hzsubsidy" / "hzsubsidy"
    stamp = HERE / "inputs.sha256"
    with (HERE / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if exe.is_file() and stamp.is_file() and stamp.read_text() == fingerprint():
            return exe
        stamp.unlink(missing_ok=True)
        started = time.monotonic()
        env = {**os.environ, "PYTHON": sys.executable, "DIST": str(HERE / "dist"), "WORK": str(HERE / "work")}
        build = subprocess.run(
            ["bash", str(ROOT / "scripts" / "build-bundle")], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=900,
        )
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        print(f"bundle built in {time.monotonic() - started:.0f} s: {build.stdout.strip().splitlines()[-1]}")
        stamp.write_text(fingerprint())  # again: the build may have installed PyInstaller
        return exe


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))}
    return {**env, "HZSUBSIDY_DB": str(tmp_path / "user.sqlite3"), "QT_QPA_PLATFORM": "offscreen", **extra}


def run(exe: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(exe), *args], cwd=tmp_path, env=clean_env(tmp_path), capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_bundle_carries_data_translations_and_plugins(bundle):
    inside = bundle.parent / "_internal"
    for required in (
        "hzsubsidy_desktop/_data/forms/zj-cbec-2024/form.toml",
        "hzsubsidy_desktop/_data/forms/zj-cbec-2024/rules.toml",
        "hzsubsidy_desktop/_data/resources/icons/hzsubsidy.svg",
        "hzsubsidy_desktop/_data/resources/styles/app.qss",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "docx/templates/default.docx",
        "jsonschema_specifications/schemas",
    ):
        assert (inside / required).exists(), required
    assert (inside / "hzsubsidy_desktop" / "_data" / "ui").is_dir()
    assert not list(inside.rglob("*WebEngine*")), "QtWebEngine must not be bundled"


def test_version(bundle, tmp_path):
    result = run(bundle, tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"hzsubsidy {__version__}"


def test_sample_validate_headless_export_pack_and_import(bundle, tmp_path):
    sample = tmp_path / "申报.json"
    assert run(bundle, tmp_path, "sample", "--out", str(sample)).returncode == 0
    doc = json.loads(sample.read_text(encoding="utf-8"))
    assert doc["enterprise"]["county"] == "安吉县"

    checked = run(bundle, tmp_path, "validate", str(sample))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "错误 0 项" in checked.stdout

    exported = run(bundle, tmp_path, "export", str(sample), "--out", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert exported.stdout.startswith("已导出：")
    (docx_path,) = (tmp_path / "out").glob("*.docx")
    (xlsx_path,) = (tmp_path / "out").glob("*.xlsx")
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    cells = "\n".join(c.text for t in Document(str(docx_path)).tables for r in t.rows for c in r.cells)
    assert "项目信息表" in text + cells
    assert doc["project"]["name"] in text + cells
    workbook = load_workbook(xlsx_path)
    values = [str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert doc["project"]["name"] in values
    workbook.close()

    packed = run(bundle, tmp_path, "pack", str(sample), "--out", str(tmp_path / "sent"))
    assert packed.returncode == 0, packed.stdout + packed.stderr
    (submission,) = (tmp_path / "sent").glob("*.hzsub")
    imported = run(bundle, tmp_path, "import", "--db", str(tmp_path / "clerk.sqlite3"), str(submission))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert f"：已导入。{doc['project']['name']}" in imported.stdout


def test_bad_input_gives_a_chinese_message_not_a_traceback(bundle, tmp_path):
    bad = tmp_path / "坏.json"
    bad.write_text("{不是 JSON", encoding="utf-8")
    result = run(bundle, tmp_path, "validate", str(bad))
    assert result.returncode == 2
    assert "不是有效的 JSON" in result.stderr


def test_gui_starts_offscreen_and_keeps_running(bundle, tmp_path):
    env = clean_env(tmp_path)
    with subprocess.Popen(
        [str(bundle)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) as gui:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and gui.poll() is None:
            time.sleep(0.1)
        alive = gui.poll() is None
        gui.terminate()
        try:
            _out, err = gui.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            gui.kill()
            _out, err = gui.communicate()
    assert alive, f"the GUI exited with {gui.returncode}: {err[-2000:]}"
    assert "Traceback" not in err
    assert (tmp_path / "user.sqlite3").is_file()  # the main window opened the user's database


def test_glibc_floor_is_what_the_readme_says(bundle):
    """The README names the glibc a bundle built on this base needs; the build must agree with it."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import glibc_floor
    finally:
        sys.path.pop(0)
    highest, per_file = glibc_floor.floor(bundle.parent)
    assert highest is not None and per_file
    host = os.confstr("CS_GNU_LIBC_VERSION").split()[-1]  # e.g. "glibc 2.36"
    claim = re.search(r"在 glibc (\d+\.\d+) 的系统上构建的程序包需要 glibc ≥ (\d+\.\d+)", README.read_text(encoding="utf-8"))
    assert claim, "README must state the glibc floor of the bundle"
    built_on, needs = claim.groups()
    if host != built_on:
        pytest.skip(f"the README's figure is for a build on glibc {built_on}; this machine has {host}")
    assert highest == f"GLIBC_{needs}", (highest, sorted(per_file.items(), key=lambda kv: kv[1])[-5:])
