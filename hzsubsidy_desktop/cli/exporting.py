"""``hzsubsidy export FILE_OR_ID --out DIR [--draft] [--pdf]``: the stamp-ready 附件3-4.

FILE is an application JSON file; anything else is an application id (or unique prefix) in the
database. With blocking findings and no ``--draft`` nothing is written: the findings are
listed and the exit code is 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hzsubsidy_desktop.cli.common import add_db_option, fail, folder_problem, open_workspace
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.export import ExportBlocked, ExportError, ExportResult, PdfUnavailable, export_application
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange.application_file import read_application_file
from hzsubsidy_desktop.store import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="导出可盖章的附件3、附件4（Word 和 Excel，可选 PDF）",
        description="导出附件3（项目信息表）和附件4（项目资金投入明细表）为 .docx 与 .xlsx；"
        "有错误或待说明的问题时不导出正式版，可用 --draft 导出标有“草稿”的版本。",
    )
    add_db_option(p)
    p.add_argument("source", metavar="FILE_OR_ID", help="申报数据文件（.json），或数据库中申报的编号（末尾几位即可，见 hzsubsidy list）")
    p.add_argument("--out", required=True, metavar="DIR", help="保存导出文件的文件夹（不存在时自动创建）")
    p.add_argument("--draft", action="store_true", help="导出草稿：即使有问题也导出，文件标有“草稿”")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    p.set_defaults(func=cmd_export)


def _load(args: argparse.Namespace) -> tuple[FormDefinition, dict[str, Any], Callable[..., ExportResult]] | int:
    """The application to export (from a file or the database) and how to export it; an exit code when
    it cannot be read. From the database the pages carry the submission identity (``Workspace.export``)."""
    source = Path(args.source)
    if source.is_file() or source.suffix.lower() == ".json" or any(sep in args.source for sep in "/\\"):
        try:
            definition, doc = read_application_file(source)
        except FormatError as exc:
            return fail(exc.message)
        return definition, doc, lambda out, **kw: export_application(definition, doc, out, **kw)
    try:
        ws = open_workspace(args)
        app_id = ws.resolve(args.source)
        return ws.definition_for(app_id), ws.load(app_id), lambda out, **kw: ws.export(app_id, out, **kw)
    except StoreError as exc:
        return fail(exc.message)


def cmd_export(args: argparse.Namespace) -> int:
    problem = folder_problem(args.out)
    if problem:
        return fail(problem)
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    definition, _doc, export = loaded
    try:
        result = export(Path(args.out), draft=args.draft, pdf=args.pdf)
    except ExportBlocked as exc:
        report = exc.report
        print(f"申报还有 {len(report.blocking)} 个问题须先处理，未导出任何文件：")
        for f in report.blocking:
            what = "需说明" if f.level.value == "explain" else f.level.label
            print(f"  [{what}] {definition.step_title(f.step)}：{f.message}")
        print("改正错误、为“需说明”的问题填写说明后再导出；或加 --draft 导出草稿（仅供核对，不能盖章报送）。")
        return 1
    except PdfUnavailable as exc:
        return fail(f"{exc.message}（未写入任何文件；去掉 --pdf 可只导出 Word 和 Excel。）")
    except ExportError as exc:
        return fail(exc.message)
    print("已导出草稿（文件标有“草稿”，不能盖章报送）：" if result.draft else "已导出：")
    for path in (result.docx, result.xlsx, result.pdf):
        if path is not None:
            print(f"  {path}")
    return 0
