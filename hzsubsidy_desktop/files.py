"""Writing output files safely: all or nothing, with a Chinese message when the system refuses.

A file is written to a temporary name in the target folder, flushed to disk, then renamed
over the target (``os.replace`` is atomic on one file system). When something goes wrong the
temporary file is removed and the old target, if any, is left as it was. On Windows a target
that is open in Word or Excel cannot be replaced: that becomes an :class:`ExportError` saying so.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from hzsubsidy_desktop.errors import AppError

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def safe_file_part(text: str, *, limit: int = 60, reserved_prefix: str = "_") -> str:
    """Text usable in a file name on Windows, macOS and Linux (Chinese kept).

    Characters no file system allows become "_"; invisible format characters (bidi overrides
    such as U+202E that make "exe.docx" look like "xcod.exe", zero-width spaces) are dropped.
    """
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    cleaned = re.sub(r"\s+", " ", _UNSAFE_NAME.sub("_", visible)).strip(" .")
    cleaned = cleaned[:limit].rstrip(" .")
    if _WINDOWS_RESERVED.match(cleaned):  # CON, NUL, COM1…: names Windows keeps for devices
        cleaned = f"{reserved_prefix}{cleaned}"
    return cleaned


class ExportError(AppError):
    """Writing an output file failed; the message is Chinese and says what to do."""


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once: os.umask can only be read by setting it, which is not thread-safe.
_UMASK = _current_umask()


_ON_WINDOWS = sys.platform == "win32"
# Windows programs (Explorer, Word, WPS, many zip tools) cannot open paths of 260 characters or more
# unless long paths are switched on machine-wide; the temporary file's name adds up to 50 characters.
WINDOWS_MAX_PATH = 259
_TEMP_NAME_ROOM = 50


def windows_path_problem(path: Path) -> str | None:
    """A Chinese message when ``path`` is too long for Windows programs, else None."""
    length = len(str(Path(path).absolute()))
    if length + _TEMP_NAME_ROOM <= WINDOWS_MAX_PATH:
        return None
    return (
        f"保存位置的路径太长（{length} 个字符；Windows 的程序只能打开 {WINDOWS_MAX_PATH} 个字符以内的路径）。"
        "请选择层级较浅的文件夹，例如桌面或“文档”。"
    )


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` by calling ``write(temp_path)``, then rename the temporary file over it.

    Raises :class:`ExportError` (Chinese) when the folder is missing or read-only, the target is
    a folder, or the target is open in another program; nothing half-written remains.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"“{path}”是一个文件夹，无法写成文件。请换一个文件名。")
    if not folder.is_dir():
        raise ExportError(f"文件夹“{folder}”不存在。请先创建它，或选择其他文件夹。")
    with contextlib.suppress(OSError):
        if path.exists() and not path.stat().st_mode & 0o222:
            # Renaming over it would succeed in a writable folder: the read-only mark is the user's word.
            raise ExportError(
                f"“{path.name}”是只读文件，没有覆盖。请取消它的只读属性后重试，或换一个文件名、导出到其他文件夹。"
            )
    if _ON_WINDOWS and (problem := windows_path_problem(path)):
        raise ExportError(problem)
    try:
        fd, name = tempfile.mkstemp(prefix=f".~{path.stem[:40]}.", suffix=".tmp", dir=folder)
    except PermissionError as exc:
        raise ExportError(
            f"没有权限在文件夹“{folder}”中写入文件（文件夹可能是只读的）。请选择其他文件夹，例如“文档”或桌面。"
        ) from exc
    except OSError as exc:
        raise ExportError(f"无法在文件夹“{folder}”中写入文件：{_reason(exc)}。") from exc
    os.close(fd)
    temp = Path(name)
    stage = "write"
    try:
        write(temp)
        with open(temp, "rb+") as handle:
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual permissions
        stage = "replace"
        os.replace(temp, path)
    except PermissionError as exc:
        _remove(temp)
        if stage == "replace":
            raise ExportError(
                f"无法覆盖“{path.name}”：文件可能正在 Word、WPS 或 Excel 中打开，或者是只读文件。"
                "请关闭该文件后重试，或导出到其他文件夹。"
            ) from exc
        raise ExportError(f"没有权限写入“{path.name}”。请选择其他文件夹后重试。") from exc
    except OSError as exc:
        _release_writers(exc)
        _remove(temp)
        raise ExportError(f"写入“{path.name}”失败：{_reason(exc)}。原有文件未改动。") from exc
    except Exception as exc:
        _remove(temp)
        if not _serialisation_io_error(exc):
            raise
        _release_writers(exc)
        raise ExportError(f"写入“{path.name}”失败：磁盘空间不足或文件超出允许的大小。原有文件未改动。") from exc
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(folder)


def _serialisation_io_error(exc: Exception) -> bool:
    """lxml (under openpyxl) reports a failed write as ``SerialisationError: IO_ENOSPC`` / ``IO_EFBIG``."""
    return type(exc).__name__ == "SerialisationError" and str(exc).startswith("IO_")


def _release_writers(exc: BaseException) -> None:
    """Close what the failed writer left open (a zip file half written by python-docx or openpyxl) now,
    quietly: otherwise its ``__del__`` fails again on the full disk later and Python prints
    "Exception ignored …" with a traceback."""
    import gc
    import traceback

    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)  # the writer's locals go: its zip file is closed here
        gc.collect()
    finally:
        sys.unraisablehook = previous


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "文件夹不存在或已被移走"
    if exc.errno == 28:  # ENOSPC
        return "磁盘空间不足"
    if exc.errno == 27:  # EFBIG
        return "文件超出允许的大小（磁盘或文件系统的限制）"
    return exc.strerror or str(exc)


def _remove(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
