"""Commands on application files: ``sample``, ``schema``, ``validate``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.cli.common import fail
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.document.sample import sample_application
from hzsubsidy_desktop.document.schema import application_schema
from hzsubsidy_desktop.formdef import DefinitionError, load_definition, notices
from hzsubsidy_desktop.interchange.application_file import read_application_file
from hzsubsidy_desktop.validation import validate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="列出已安装的申报通知（编号、名称、来源）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_forms)

    p = sub.add_parser("sample", help="输出一份完整的示例申报（安吉县企业）JSON")
    p.add_argument("--out", help="写入文件而不是标准输出")
    p.add_argument("--form", default=None, help="申报通知编号（默认当前通知）")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("schema", help="输出申报数据交换格式的 JSON Schema")
    p.add_argument("--form", default=None, help="表单编号（默认当前通知）")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("validate", help="检查申报数据文件：0 可以正式导出，1 有错误或未说明的需说明项，2 无法读取")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    p.set_defaults(func=cmd_validate)


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


def cmd_forms(args: argparse.Namespace) -> int:
    """Installed notices, newest marked; extra folders that could not be used go to stderr."""
    found = notices.installed()
    newest = found.newest().id
    for problem in found.problems:
        print(f"注意：{problem}", file=sys.stderr)
    if args.json:
        rows = [{"id": n.id, "title": n.title, "origin": n.origin, "folder": str(n.folder),
                 "data_cutoff": n.data_cutoff.isoformat(), "newest": n.id == newest} for n in found.notices]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for n in found.notices:
        mark = "（最新，新建时默认）" if n.id == newest else ""
        print(f"{n.id}  {n.title}{mark}\n    来源：{n.origin}  {n.folder}")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    try:
        definition = load_definition(args.form) if args.form else load_definition()
        doc = sample_application(definition)
    except (DefinitionError, FormatError) as exc:
        return fail(exc.message)
    _write(docs.dumps(doc), args.out)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    try:
        definition = load_definition(args.form) if args.form else load_definition()
    except DefinitionError as exc:
        return fail(exc.message)
    print(json.dumps(application_schema(definition), ensure_ascii=False, indent=2))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        definition, doc = read_application_file(args.file)
    except FormatError as exc:
        if args.json:
            print(json.dumps({"readable": False, "message": exc.message}, ensure_ascii=False, indent=2))
        return fail(exc.message)
    report = validate(definition, doc)
    if args.json:
        print(json.dumps(
            {"readable": True, "ready": report.ready, "summary": report.summary(),
             "findings": [f.as_json() for f in report.findings]},
            ensure_ascii=False, indent=2,
        ))
    else:
        for f in report.findings:
            done = f"（已说明：{f.explanation}）" if f.explanation else ""
            print(f"[{f.level.label}] {definition.step_title(f.step)} {f.path}：{f.message}{done}")
        print(report.summary())
    return 0 if report.ready else 1  # exactly when the final export would be refused
