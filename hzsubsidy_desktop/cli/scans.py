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
    p.add_argument("scans", nargs="+", metavar="SCAN", help="扫描件：PDF、PNG、JPG 或 TIFF")
    p.set_defaults(func=cmd_verify_scan)


def cmd_verify_scan(args: argparse.Namespace) -> int:
    missing = [s for s in args.scans if not Path(s).is_file()]
    if missing:
        return fail(f"找不到扫描件“{missing[0]}”。")
    try:
        ws = open_workspace(args, actor="clerk")
        app_id = ws.resolve(args.app) if args.app else None
        report = ws.verify_scans([Path(s) for s in args.scans], app_id)
        if app_id is not None:
            ws.record_paper_check(app_id, report)  # kept with the review, audited as the clerk
    except AppError as exc:
        return fail(exc.message)
    for line in report.lines():
        print(line)
    return 0 if report.all_match else 1
