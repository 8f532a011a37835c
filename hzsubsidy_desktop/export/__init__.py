"""Stamp-ready export of 附件3 and 附件4: Word (.docx), Excel (.xlsx, re-importable) and PDF;
the county's 附件5 list (:mod:`.list5`) and 附件2 declaration (:mod:`.declaration`).

No Qt here: the CLI (``hzsubsidy export``), the wizard's last page and the submission packer
all call :func:`export_application` (or the single writers).
"""

from hzsubsidy_desktop.export.application import ExportBlocked, ExportResult, export_application, export_paths
from hzsubsidy_desktop.export.content import export_basename
from hzsubsidy_desktop.export.docx_form import build_docx, write_docx
from hzsubsidy_desktop.export.pdf import PdfUnavailable, convert_to_pdf, find_soffice
from hzsubsidy_desktop.export.xlsx_form import build_workbook, write_xlsx
from hzsubsidy_desktop.files import ExportError

__all__ = [
    "ExportBlocked",
    "ExportError",
    "ExportResult",
    "PdfUnavailable",
    "build_docx",
    "build_workbook",
    "convert_to_pdf",
    "export_application",
    "export_basename",
    "export_paths",
    "find_soffice",
    "write_docx",
    "write_xlsx",
]
