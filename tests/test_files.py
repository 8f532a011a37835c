"""Atomic file writes: all or nothing, and a clear Chinese message when the system refuses."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from hzsubsidy_desktop import files
from hzsubsidy_desktop.files import ExportError, atomic_write


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


def test_writes_new_file_with_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "项目_附件3-4.docx"
    atomic_write(target, lambda p: p.write_bytes(b"hello"))
    assert target.read_bytes() == b"hello"
    assert _leftovers(tmp_path) == []
    if os.name == "posix":
        mode = stat.S_IMODE(target.stat().st_mode)
        assert mode == 0o666 & ~files._UMASK


def test_replaces_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    atomic_write(target, lambda p: p.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []


def test_failing_writer_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def broken(p: Path) -> None:
        p.write_bytes(b"half")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_target_open_in_another_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, replacing a file open in Word/Excel raises PermissionError."""
    target = tmp_path / "项目_附件3-4.docx"
    target.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(ExportError) as info:
        atomic_write(target, lambda p: p.write_bytes(b"new"))
    assert "项目_附件3-4.docx" in info.value.message
    assert "关闭" in info.value.message and "Excel" in info.value.message
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as info:
        atomic_write(folder / "a.docx", lambda p: p.write_bytes(b"x"))
    assert "只读" in info.value.message and "其他文件夹" in info.value.message
    assert list(folder.iterdir()) == []


def test_missing_folder_and_folder_as_target(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="不存在"):
        atomic_write(tmp_path / "nope" / "a.docx", lambda p: p.write_bytes(b"x"))
    (tmp_path / "dir.docx").mkdir()
    with pytest.raises(ExportError, match="文件夹"):
        atomic_write(tmp_path / "dir.docx", lambda p: p.write_bytes(b"x"))


def test_disk_full_message(tmp_path: Path) -> None:
    def full(p: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="磁盘空间不足"):
        atomic_write(tmp_path / "a.docx", full)
    assert _leftovers(tmp_path) == []


def test_file_names_drop_invisible_format_characters():
    from hzsubsidy_desktop.files import safe_file_part

    # U+202E would make "项目\u202excod.exe" display as "项目exe.docx" in a file manager
    assert safe_file_part("项目\u202excod.exe") == "项目xcod.exe"
    assert safe_file_part("安吉\u200b项目") == "安吉项目"
    assert safe_file_part("a/b:c*d") == "a_b_c_d"
    assert safe_file_part("NUL") == "_NUL"


def test_read_only_target_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "附件5.xlsx"
    target.write_bytes(b"signed copy")
    target.chmod(0o444)
    with pytest.raises(ExportError, match="“附件5.xlsx”是只读文件，没有覆盖"):
        atomic_write(target, lambda p: p.write_bytes(b"new"))
    assert target.read_bytes() == b"signed copy"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert _leftovers(tmp_path) == []
