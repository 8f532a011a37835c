"""Old binary Word/Excel/WPS files (.doc, .wps, .xls, .et) converted to .docx/.xlsx through LibreOffice.

Same discipline as the PDF export (:mod:`hzsubsidy_desktop.export.pdf`): a private, throw-away
profile (``-env:UserInstallation``), headless, a time limit. Without LibreOffice the file is
refused with a message saying how to get it, or how to save it as .docx instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hzsubsidy_desktop.export.pdf import find_soffice
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected

TIMEOUT_SECONDS = 60
MAX_BYTES = 50 * 1024 * 1024
HOW_TO = (
    "请安装免费的 LibreOffice（https://zh-cn.libreoffice.org/download/，Linux 可安装 libreoffice-writer 软件包）"
    "后重试，或在 Word/WPS 中把它“另存为”Word 文档（.docx）/ Excel 工作簿（.xlsx）再导入。"
)


SHEET_SUFFIXES = (".xls", ".et", ".ett", ".xlt")


def converted_docx(source: Path, work: Path) -> Path:
    """``source`` converted into ``work``/<name>.docx (a spreadsheet: .xlsx); raises :class:`SubmissionRejected`."""
    sheet = source.suffix.lower() in SHEET_SUFFIXES
    target, what = ("xlsx", "Calc MS Excel 2007 XML") if sheet else ("docx", "MS Word 2007 XML")
    name = source.name
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise SubmissionRejected(f"找不到文件“{source}”。") from exc
    if size == 0 or size > MAX_BYTES:
        raise SubmissionRejected(f"“{name}”是空文件或过大（{size // 1024 // 1024} MB），不是附件3/附件4。")
    soffice = find_soffice()
    if soffice is None:
        raise SubmissionRejected(f"“{name}”是旧格式的 Word/Excel/WPS 文件，需要 LibreOffice 才能读取。{HOW_TO}")
    work.mkdir(parents=True, exist_ok=True)
    command = [
        str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
        "--convert-to", f"{target}:{what}", "--outdir", str(work / "out"), str(source),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SubmissionRejected(f"LibreOffice 转换“{name}”超时（{TIMEOUT_SECONDS} 秒），已拒收。") from exc
    except OSError as exc:
        raise SubmissionRejected(f"无法启动 LibreOffice（{exc.strerror or exc}）。{HOW_TO}") from exc
    produced = work / "out" / f"{source.stem}.{target}"
    if not produced.is_file():
        raise SubmissionRejected(f"LibreOffice 未能打开“{name}”：文件已损坏或不是 Word/WPS 文档。")
    return produced
