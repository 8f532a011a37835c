"""What can be checked here of the platforms the app runs on: the glibc reader, the Windows icon,
a Chinese GBK console (as on Windows), Windows file-name rules, a target held open by Word."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from hzsubsidy_desktop.files import ExportError, atomic_write, safe_file_part

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import glibc_floor  # noqa: E402
import make_icon  # noqa: E402

sys.path.pop(0)


def test_glibc_versions_are_read_from_the_interpreter_itself():
    """The running Python links against glibc: its needs include GLIBC_2.2.5-or-later versions."""
    versions = glibc_floor.needed_versions(Path(sys.executable).resolve().read_bytes())
    glibc = [v for v in versions if glibc_floor.glibc_key(v)]
    assert glibc, versions
    host = os.confstr("CS_GNU_LIBC_VERSION").split()[-1]
    # what a binary needs can never be newer than the glibc it runs on
    assert max(glibc_floor.glibc_key(v) for v in glibc) <= tuple(int(n) for n in host.split("."))


def test_glibc_floor_of_a_folder_is_its_highest_need(tmp_path):
    exe = Path(sys.executable).resolve()
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "python").write_bytes(exe.read_bytes())
    (tmp_path / "notes.txt").write_text("not ELF")
    (tmp_path / "broken.so").write_bytes(b"\x7fELF" + b"\0" * 10)  # damaged: skipped, not a crash
    highest, per_file = glibc_floor.floor(tmp_path)
    assert list(per_file) == ["bin/python"]
    assert highest == per_file["bin/python"]
    assert glibc_floor.main([str(tmp_path), "--json"]) == 0
    assert glibc_floor.main([str(tmp_path / "missing")]) == 2


@pytest.mark.system
def test_windows_icon_holds_every_size_as_png(tmp_path):
    # its own process: the script makes a QGuiApplication, which must not become the test session's application
    out = tmp_path / "hzsubsidy.ico"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    made = subprocess.run([sys.executable, str(ROOT / "packaging" / "make_icon.py"), str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    data = out.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(make_icon.SIZES))
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _planes, bpp, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert bpp == 32 and data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size <= len(data)
        sizes.append(width or 256)
    assert sizes == list(make_icon.SIZES)


@pytest.mark.system
def test_chinese_output_on_a_gbk_console_never_crashes(tmp_path):
    """A Chinese Windows console is GBK (cp936): characters it lacks are replaced, the command still works."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "HZSUBSIDY_DB": str(tmp_path / "db.sqlite3")}
    sample = tmp_path / "sample.json"
    made = subprocess.run([sys.executable, "-m", "hzsubsidy_desktop", "sample", "--out", str(sample)],
                          env=env, capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr.decode("gbk", "replace")
    text = sample.read_text(encoding="utf-8").replace("数字营销", "数字营销\u2611\U0001F600")  # ☑ and an emoji: not in GBK
    sample.write_text(text, encoding="utf-8")
    shown = subprocess.run([sys.executable, "-m", "hzsubsidy_desktop", "rules"], env=env, capture_output=True, timeout=120)
    assert shown.returncode == 0, shown.stderr.decode("gbk", "replace")
    assert "规则" in shown.stdout.decode("gbk")
    checked = subprocess.run([sys.executable, "-m", "hzsubsidy_desktop", "validate", str(sample)],
                             env=env, capture_output=True, timeout=120)
    assert b"Traceback" not in checked.stderr
    assert checked.returncode in (0, 1)
    assert "错误" in checked.stdout.decode("gbk")


@pytest.mark.parametrize("name", ["CON", "nul", "com1", "LPT9", "aux.docx", "PRN "])
def test_windows_device_names_never_become_file_names(name):
    cleaned = safe_file_part(name)
    assert cleaned.startswith("_"), cleaned


def test_a_target_held_open_by_word_is_reported_and_kept(tmp_path, monkeypatch):
    """On Windows, replacing a file open in Word/WPS fails with a sharing violation (PermissionError)."""
    target = tmp_path / "附件3-4.docx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        atomic_write(target, lambda temp: temp.write_bytes(b"new"))
    assert "附件3-4.docx" in caught.value.message
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_paths_too_long_for_windows_are_refused_there_before_writing(tmp_path, monkeypatch):
    from hzsubsidy_desktop import files

    deep = tmp_path.joinpath(*["申报材料文件夹" * 3] * 10)
    deep.mkdir(parents=True)
    target = deep / "附件3-4.docx"
    assert files.windows_path_problem(tmp_path / "a.docx") is None
    message = files.windows_path_problem(target)
    assert message and "路径太长" in message and "259" in message
    monkeypatch.setattr(files, "_ON_WINDOWS", True)
    with pytest.raises(ExportError, match="路径太长"):
        atomic_write(target, lambda temp: temp.write_bytes(b"new"))
    assert not any(deep.iterdir())
    monkeypatch.setattr(files, "_ON_WINDOWS", False)
    atomic_write(target, lambda temp: temp.write_bytes(b"new"))  # elsewhere such paths are fine
    assert target.read_bytes() == b"new"
