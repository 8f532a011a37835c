"""Stamp-ready export of 附件3 and 附件4: Word (.docx), Excel (.xlsx, re-importable) and PDF;
the county's 附件5 list (:mod:`.list5`) and 附件2 declaration (:mod:`.declaration`).

No Qt here: the CLI (``hzsubsidy export``), the wizard's last page and the submission packer
all call :func:`export_application` (or the single writers).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hzsubsidy_desktop.export.application import ExportBlocked, ExportResult, export_application, export_paths
    from hzsubsidy_desktop.export.content import export_basename
    from hzsubsidy_desktop.export.docx_form import build_docx, write_docx
    from hzsubsidy_desktop.export.pdf import PdfUnavailable, convert_to_pdf, find_soffice
    from hzsubsidy_desktop.export.xlsx_form import build_workbook, write_xlsx
    from hzsubsidy_desktop.files import ExportError

# The names below are imported on first use (PEP 562): the wizard reads ``export.fonts`` (the
# official fonts) when it opens, and importing the package must not load openpyxl and python-docx
# (a third of a second) with it.
_WHERE = {
    **dict.fromkeys(("ExportBlocked", "ExportResult", "export_application", "export_paths"), "application"),
    "export_basename": "content",
    **dict.fromkeys(("build_docx", "write_docx"), "docx_form"),
    **dict.fromkeys(("PdfUnavailable", "convert_to_pdf", "find_soffice"), "pdf"),
    **dict.fromkeys(("build_workbook", "write_xlsx"), "xlsx_form"),
}


def __getattr__(name: str) -> Any:
    if name == "ExportError":
        from hzsubsidy_desktop.files import ExportError

        return ExportError
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


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
