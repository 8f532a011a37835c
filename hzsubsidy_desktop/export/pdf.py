"""PDF through LibreOffice (``soffice --headless --convert-to pdf``), when it is installed.

Each conversion uses its own throw-away LibreOffice profile, so it works while the user has
LibreOffice open and when several conversions run at once; the profile maps the official fonts to
the installed stand-ins (:mod:`export.lo_profile`). The PDF is written atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hzsubsidy_desktop.export.lo_profile import prepare_profile
from hzsubsidy_desktop.files import ExportError, atomic_write

SOFFICE_ENV = "HZSUBSIDY_SOFFICE"  # full path of soffice, when it is not on PATH
TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "生成 PDF 需要免费的 LibreOffice：请从 https://zh-cn.libreoffice.org/download/ 下载安装后重试"
    "（Linux 可安装 libreoffice-writer 软件包）；也可以用 Word 或 WPS 打开导出的 .docx 文件，"
    "再“另存为 PDF”。"
)


class PdfUnavailable(ExportError):
    """LibreOffice is not installed (or not found); the message says how to get it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or f"未找到 LibreOffice，无法生成 PDF。{INSTALL_HINT}")


def _candidates() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(v) for v in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")]
        return [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    return [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice")]


def find_soffice(*, required: bool = False) -> Path | None:
    """The LibreOffice executable: ``$HZSUBSIDY_SOFFICE``, PATH, or the usual install places."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured is not None:
        found = Path(configured) if configured and Path(configured).is_file() else None
    else:
        on_path = shutil.which("soffice") or shutil.which("libreoffice")
        found = Path(on_path) if on_path else next((p for p in _candidates() if p.is_file()), None)
    if found is None and required:
        raise PdfUnavailable()
    return found


def convert_to_pdf(source: Path, target: Path, *, soffice: Path | None = None) -> Path:
    """Convert ``source`` (.docx or .xlsx) to ``target`` (.pdf). Raises PdfUnavailable / ExportError."""
    soffice = soffice or find_soffice(required=True)
    source = Path(source)
    with tempfile.TemporaryDirectory(prefix="hzsubsidy-pdf-") as work:
        work_dir = Path(work)
        prepare_profile(work_dir / "profile")  # the official fonts mapped to installed stand-ins
        profile = (work_dir / "profile").as_uri()
        command = [
            str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(work_dir), str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except FileNotFoundError as exc:
            raise PdfUnavailable() from exc
        except subprocess.TimeoutExpired as exc:
            raise ExportError(f"LibreOffice 转换 PDF 超时（{TIMEOUT_SECONDS} 秒），请稍后重试。") from exc
        except OSError as exc:
            raise PdfUnavailable(f"无法启动 LibreOffice（{exc.strerror or exc}）。{INSTALL_HINT}") from exc
        produced = work_dir / (source.stem + ".pdf")
        if result.returncode != 0 or not produced.is_file():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-200:]
            raise ExportError(f"LibreOffice 未能把“{source.name}”转换为 PDF。{detail}")
        atomic_write(Path(target), lambda p: shutil.copyfile(produced, p))
    return Path(target)
