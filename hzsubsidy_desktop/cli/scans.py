"""``hzsubsidy verify-scan --db DB [--app ID] SCAN...``: the county checks stamped paper against the file.

Every scanned page (PDF, PNG, JPG, TIFF) is reported: matches the imported revision / an older revision
(with the changed fields) / another submission / unreadable (check by eye), and pages missing from the set.
With ``--app`` the result is kept with that application's review (audited).
Exit codes: 0 every page matches and none is missing; 1 some page does not; 2 misuse or unknown id.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hzsubsidy_desktop.cli.common import add_db_option, fail, open_workspace
from hzsubsidy_desktop.errors import AppError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify-scan", help="核对纸面：读取盖章纸件扫描件上的二维码，与导入的申报比对")
    add_db_option(p)
    p.add_argument("--app", default=None, metavar="ID", help="纸面应当属于的申报编号（可只写末尾几位，见 hzsubsidy list）")
    p.add_argument("scans", nargs="+", metavar="SCAN", help="扫描件：PDF、PNG、JPG 或 TIFF，或放扫描件的文件夹")
    p.set_defaults(func=cmd_verify_scan)


SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def scan_files(given: list[str]) -> list[Path] | str:
    """The scans named: files as they are, folders searched (in name order) for PDF and image files; or the
    Chinese line saying what is missing."""
    from hzsubsidy_desktop.interchange.intake import files_under  # deferred: every command's start-up loads this module

    out: list[Path] = []
    for text in given:
        path = Path(text)
        if path.is_dir():
            found = files_under(path, SCAN_SUFFIXES)
            if not found:
                return f"文件夹“{text}”中没有扫描件（PDF、PNG、JPG 或 TIFF）。"
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            return f"找不到扫描件“{text}”。"
    return out


def cmd_verify_scan(args: argparse.Namespace) -> int:
    scans = scan_files(args.scans)
    if isinstance(scans, str):
        return fail(scans)
    try:
        ws = open_workspace(args, actor="clerk")
        app_id = ws.resolve(args.app) if args.app else None
        report = ws.verify_scans(scans, app_id)
        if app_id is not None:
            ws.record_paper_check(app_id, report)  # kept with the review, audited as the clerk
    except AppError as exc:
        return fail(exc.message)
    for line in report.lines():
        print(line)
    return 0 if report.all_match else 1
