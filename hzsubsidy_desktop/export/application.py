"""Exporting one application: check it, then write the .docx and .xlsx (and a PDF on request).

A final export needs a report without blocking findings (errors, or "explain to proceed"
findings not yet explained); otherwise :class:`ExportBlocked` carries the report so the caller
can show the list. A draft export is always possible and is marked 草稿 in both files and in
the file names, so a draft never overwrites the final files.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.export.content import DRAFT_MARK, export_basename
from hzsubsidy_desktop.export.docx_form import write_docx
from hzsubsidy_desktop.export.page_codes import stamp_pdf
from hzsubsidy_desktop.export.pdf import convert_to_pdf, find_soffice
from hzsubsidy_desktop.export.xlsx_form import write_xlsx
from hzsubsidy_desktop.files import ExportError
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.papercode.payload import PageCode, code_for
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.validation.findings import Report


class ExportBlocked(AppError):
    """The application has blocking findings; ``report`` holds them (``report.blocking``)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"申报还有问题，不能导出正式版：{report.summary()}。可先改正，或导出草稿。")


@dataclass(frozen=True)
class ExportResult:
    docx: Path
    xlsx: Path
    pdf: Path | None
    draft: bool


def export_paths(doc: dict[str, Any], out_dir: Path, *, draft: bool) -> tuple[Path, Path, Path]:
    """Where the .docx, .xlsx and .pdf of ``doc`` go in ``out_dir``."""
    stem = export_basename(doc) + (f"_{DRAFT_MARK}" if draft else "")
    out_dir = Path(out_dir)
    return out_dir / f"{stem}.docx", out_dir / f"{stem}.xlsx", out_dir / f"{stem}.pdf"


def export_application(
    definition: FormDefinition,
    doc: dict[str, Any],
    out_dir: Path,
    *,
    draft: bool = False,
    pdf: bool = False,
    code: PageCode | None = None,
) -> ExportResult:
    """Write 附件3-4 as .docx and .xlsx into ``out_dir`` (and .pdf when ``pdf``).

    ``code`` is the page code's identity (submission id, revision; see :mod:`papercode.payload`);
    without it the pages carry the content digest alone. Every PDF page gets its own code (k/N).

    Raises :class:`ExportBlocked` (not draft, blocking findings: nothing is written),
    :class:`PdfUnavailable` (``pdf`` without LibreOffice: checked before anything is written),
    :class:`ExportError` (the folder or a file cannot be written; no file is left half-written).
    """
    doc = docs.canonical(definition, doc)
    report = validate(definition, doc)
    if not draft and report.blocking:
        raise ExportBlocked(report)
    soffice = find_soffice(required=True) if pdf else None
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"“{out_dir}”不是文件夹。请选择一个文件夹来保存导出的文件。")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except PermissionError as exc:
        raise ExportError(f"没有权限创建文件夹“{out_dir}”。请选择其他文件夹。") from exc
    except OSError as exc:
        raise ExportError(f"无法创建文件夹“{out_dir}”：{exc.strerror or exc}。") from exc
    docx_path, xlsx_path, pdf_path = export_paths(doc, out_dir, draft=draft)
    code = (code or code_for(definition, doc, draft=draft)).for_page(0, 0)
    write_docx(definition, doc, docx_path, draft=draft, report=report, code=code)
    write_xlsx(definition, doc, xlsx_path, draft=draft, report=report, code=code)
    written_pdf = _pdf_with_codes(definition, doc, pdf_path, soffice, draft, report, code) if soffice else None
    return ExportResult(docx_path, xlsx_path, written_pdf, draft)


def _pdf_with_codes(
    definition: FormDefinition, doc: dict[str, Any], pdf_path: Path, soffice: Path, draft: bool, report: Report,
    code: PageCode,
) -> Path:
    """The PDF from a copy of the .docx without the footer's document code; then page k/N stamped on each page."""
    with tempfile.TemporaryDirectory(prefix="hzsubsidy-print-") as tmp:
        plain = Path(tmp) / f"{pdf_path.stem}.docx"
        write_docx(definition, doc, plain, draft=draft, report=report)
        written = convert_to_pdf(plain, pdf_path, soffice=soffice)
    try:
        stamp_pdf(written, code)
    except ExportError:
        written.unlink(missing_ok=True)
        raise
    return written
