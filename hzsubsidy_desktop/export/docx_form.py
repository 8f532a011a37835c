"""附件3 (重点项目信息表) and 附件4 (项目资金投入明细表) in one Word document, ready to stamp.

Laid out as the official sheets of seed 001, with the labels of the form definition. Generated
from the model only: the canonical document, the definition, :func:`totals.compute` and the
validation report (for the explanations written for "explain to proceed" findings).

Layout decisions:

- Short rows never split across pages (``cantSplit``). A long answer (more than
  :data:`CHUNK_LINES` estimated lines) is one row that may break across pages, its label at the
  top, so a 5,000-character 项目概述 flows over pages as one text, with no rule through it and no
  blank band at a page foot.
- An explanation is printed in a "说明" row right under the row that shows the field it concerns
  (basic-condition measures under 项目类型, 附件4 items under their item, the table as a whole
  under 附件4's 注); anything else in a "说明" row before 承诺意见.
- The 承诺意见 block, the seal room (≥ 45 mm) and "项目承担企业（盖章）/ 年 月 日" are one row, so
  they always stay together on one page.

The sheets are built by :mod:`.docx_sheet3` and :mod:`.docx_sheet4` from the pieces in :mod:`.docx_rows`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.document import Document

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.export import content as c
from hzsubsidy_desktop.export.docx_package import finish_package
from hzsubsidy_desktop.export.docx_page import new_document
from hzsubsidy_desktop.export.docx_sheet3 import Sheet3
from hzsubsidy_desktop.export.docx_sheet4 import Sheet4
from hzsubsidy_desktop.files import atomic_write
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.validation.findings import Report


def write_docx(
    definition: FormDefinition, doc: dict[str, Any], path: Path, *, draft: bool = False, report: Report | None = None,
    code: Any = None,
) -> None:
    """Write 附件3 + 附件4 of ``doc`` to ``path`` atomically (see :func:`build_docx`); ``code``: the
    document-level page code (a ``papercode.payload.PageCode``) put in the footers."""
    document = build_docx(definition, doc, draft=draft, report=report)
    if code is not None:
        from hzsubsidy_desktop.export.page_codes import add_docx_code

        add_docx_code(document, code)
    finish_package(document)
    atomic_write(Path(path), lambda p: document.save(str(p)))


def build_docx(
    definition: FormDefinition, doc: dict[str, Any], *, draft: bool = False, report: Report | None = None
) -> Document:
    """The Word document of 附件3 and 附件4 (not saved)."""
    doc = docs.canonical(definition, doc)
    report = report if report is not None else validate(definition, doc)
    notes = c.explanation_notes(definition, doc, report)
    title = f"{c.text(docs.get(doc, '/project/name')) or '未命名项目'} 附件3-4"
    document = new_document(title=title + ("（草稿）" if draft else ""), draft=draft)
    sheet4_notes = [n for n in notes if n.path == "/expenditure" or n.path.startswith("/expenditure/")]
    sheet3_notes = [n for n in notes if n not in sheet4_notes]
    Sheet3(definition, doc, document, sheet3_notes, draft).build()
    Sheet4(definition, doc, document, sheet4_notes).build()
    return document


__all__ = ["build_docx", "write_docx"]
