"""Commands for sending and consolidating: ``pack`` (enterprise), ``import``, ``consolidate``,
``declaration``, ``county-pack``, ``review`` and ``county`` (county or city clerk).

Exit codes: 0 done; 1 the input has problems (rejected files, conflicts, blocking findings,
invalid values); 2 the input could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hzsubsidy_desktop import county
from hzsubsidy_desktop.cli.common import add_db_option, fail, folder_problem, open_workspace
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.formdef import DefinitionError, FormDefinition
from hzsubsidy_desktop.store import NotFound
from hzsubsidy_desktop.store.ids import short_id
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import InputError
from hzsubsidy_desktop.workspace import CLERK, Workspace

MAX_DIFF_LINES = 20


def register(sub: argparse._SubParsersAction) -> None:
    def add(name: str, help: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        add_db_option(p)
        p.set_defaults(func=lambda a: _guard(func, a))
        return p

    p = add("pack", "生成报送文件 <信用代码>_<项目名称>.hzsub（企业报送给县商务局）", cmd_pack)
    p.add_argument("source", metavar="FILE_OR_ID", help="申报编号（见 hzsubsidy list）或申报数据文件（JSON）")
    p.add_argument("--out", required=True, help="保存报送文件的文件夹")
    p.add_argument("--draft", action="store_true", help="有未改正的问题时也生成（文档标注“草稿”）")

    p = add("import", "导入报送文件、文件夹、hzsubsidy 导出的 Excel、县级汇总包或手填的附件3/附件4 Word：0 全部导入，1 有拒收或冲突", cmd_import)
    p.add_argument("files", nargs="+", metavar="FILE", help=".hzsub / .hzcounty / .xlsx 文件或文件夹")
    p.add_argument("--replace", action="store_true", help="冲突时用收到的版本替换已有版本（旧版本存入历史）")

    p = add("decide", "决定疑似重复：都保留 / 只保留新 / 只保留原", cmd_decide)
    p.add_argument("id", help="疑似重复的申报编号（见 import 的输出；可只写末尾几位）")
    p.add_argument("choice", help="都保留 / 只保留新 / 只保留原")

    p = add("consolidate", "导出附件5 重点项目清单（.xlsx，可另加 .docx）", cmd_consolidate)
    p.add_argument("--out", required=True, help="清单 Excel 文件（.xlsx）")
    p.add_argument("--docx", help="同时导出 Word 版清单（.docx）")
    p.add_argument("--state", action="append", choices=county.REVIEW_STATES,
                   help="只列出该审核状态的项目（可重复）")
    p.add_argument("--form", default=None,
                   help="申报通知编号（默认：导入的申报所属的通知；有多份时取最新的）")

    p = add("declaration", "填写并导出附件2 重点项目申报表（.docx）", cmd_declaration)
    p.add_argument("--out", help="申报表 Word 文件（.docx）")
    p.add_argument("--set", action="append", default=[], metavar="字段=内容",
                   help="填写一项，字段可写名称（如 目标体系）或键（如 goals）；可重复")
    p.add_argument("--form", default=None,
                   help="申报通知编号（默认：导入的申报所属的通知；有多份时取最新的）")

    p = add("county-pack", "生成县级汇总包（.hzcounty），供设区市汇总", cmd_county_pack)
    p.add_argument("--out", required=True, help="保存汇总包的文件夹")
    p.add_argument("--state", action="append", choices=county.REVIEW_STATES,
                   help="只打包该审核状态的项目（可重复；默认不含“退回”）")
    p.add_argument("--include-returned", action="store_true", help="也打包审核状态为“退回”的项目")
    p.add_argument("--form", default=None,
                   help="申报通知编号（默认：导入的申报所属的通知；有多份时取最新的）")

    p = add("review", "设置审核状态：待审核 / 已通过 / 需修改 / 退回", cmd_review)
    p.add_argument("id", help="申报编号（可只写末尾几位，见 hzsubsidy list）")
    p.add_argument("state", help="审核状态")
    p.add_argument("--comment", default="", help="审核意见")

    p = add("county", "查看或修改本县设置（设区市、县（市、区）、联系人、联系电话）", cmd_county)
    p.add_argument("--city", help="设区市，例如 湖州市")
    p.add_argument("--county", help="县（市、区），例如 安吉县")
    p.add_argument("--contact", help="联系人")
    p.add_argument("--phone", help="联系电话")


def _guard(func, args: argparse.Namespace) -> int:
    try:
        return func(args)
    except AppError as exc:
        return fail(exc.message)


# -- pack ------------------------------------------------------------------------------------------
def cmd_pack(args: argparse.Namespace) -> int:
    from hzsubsidy_desktop.export import ExportBlocked

    problem = folder_problem(args.out)
    if problem:
        return fail(problem)
    ws = open_workspace(args)
    source = Path(args.source)
    try:
        if source.is_file() or source.suffix.lower() == ".json":
            app_id = ws.adopt_file(source)
        else:
            app_id = ws.resolve(args.source)
    except FormatError as exc:
        return fail(exc.message)
    except NotFound as exc:
        return fail(f"{exc.message}（也不是存在的文件）")
    definition = ws.definition_for(app_id)
    try:
        path = ws.pack_application(app_id, Path(args.out), draft=args.draft)
    except ExportBlocked as exc:
        print(f"hzsubsidy：{exc.message}", file=sys.stderr)
        for f in exc.report.blocking:
            print(f"  [{f.level.label}] {definition.step_title(f.step)} {f.path}：{f.message}", file=sys.stderr)
        return 1
    summary = ws.summary(app_id)
    print(f"已生成报送文件（第{summary.revision}版）：{path}")
    return 0


# -- import ----------------------------------------------------------------------------------------
def cmd_import(args: argparse.Namespace) -> int:
    ws = open_workspace(args, actor=CLERK)
    files = county.collect_files(args.files)
    if not files:
        return fail("没有找到可导入的文件（.hzsub、.hzcounty、.xlsx 或手填的附件3/附件4 .docx）。", 1)
    outcomes: list[county.ImportOutcome] = []
    try:
        for _path, found in ws.iter_import(files, on_conflict="replace" if args.replace else "keep"):
            for o in found:  # each file's line once it is committed (in batches of at most 0.2 s)
                _print_outcome(o)
            sys.stdout.flush()
            outcomes.extend(found)
    except county.ImportStopped as exc:
        done = sorted({o.path.name for o in outcomes if o.status in ("imported", "replaced", "duplicate")})
        print(f"hzsubsidy：导入中断：{exc}", file=sys.stderr)
        print(f"中断前已处理 {len({o.path for o in outcomes})} 个文件，其中已导入（保存）的 {len(done)} 个："
              + ("、".join(done) if done else "无") + "。其余文件未导入，处理好后可重新导入整个文件夹。",
              file=sys.stderr)
        return 2
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in county.STATUSES}
    duplicates = f"疑似重复 {counts['duplicate']}，" if counts["duplicate"] else ""
    removed = f"县级已删除或退回、移入回收站 {counts['removed']}，" if counts["removed"] else ""
    print("共 {}：已导入 {}，替换 {}，相同跳过 {}，{}冲突 {}，{}拒收 {}。".format(
        len(outcomes), counts["imported"], counts["replaced"], counts["identical"], duplicates,
        counts["conflict"], removed, counts["rejected"],
    ))
    if counts["conflict"]:
        print("有冲突的申报保留了原有版本；核对差异后，可加 --replace 重新导入以采用收到的版本"
              "（报送编号属于另一家企业的冲突不会被替换）。")
    pending = _print_pending(ws)
    return 1 if counts["conflict"] or counts["rejected"] or pending else 0


def _print_outcome(o: county.ImportOutcome) -> None:
    print(o.line())
    for note in o.notes[:MAX_DIFF_LINES]:
        print(f"    {note}")
    if len(o.notes) > MAX_DIFF_LINES:
        print(f"    …另有 {len(o.notes) - MAX_DIFF_LINES} 处，用 hzsubsidy show {short_id(o.app_id) if o.app_id else ''} --sources 查看")
    if o.status in ("conflict", "duplicate"):
        if o.status == "duplicate":
            print("    差异（原有 → 新收到）：")
        for c in o.changes[:MAX_DIFF_LINES]:
            print(f"    {c.label}：{c.old or '（空）'} → {c.new or '（空）'}")
        if len(o.changes) > MAX_DIFF_LINES:
            print(f"    …另有 {len(o.changes) - MAX_DIFF_LINES} 处不同")


def _print_pending(ws: Workspace) -> int:
    """Name every suspected duplicate still waiting for the clerk; returns how many."""
    pending = ws.pending_duplicates()
    if pending:
        print(f"有 {len(pending)} 项疑似重复待决定（附件5 暂只计算原有的一份）：")
        for p in pending:
            print(f"    {p.line()}")
        print("核对后用 hzsubsidy decide <编号> 都保留|只保留新|只保留原 决定。")
    return len(pending)


DECISIONS = {"都保留": "both", "只保留新": "this", "只保留原": "other"}


def cmd_decide(args: argparse.Namespace) -> int:
    ws = open_workspace(args, actor=CLERK)
    choice = DECISIONS.get(args.choice)
    if choice is None:
        return fail(f"决定应为以下之一：{'、'.join(DECISIONS)}；收到“{args.choice[:20]}”。")
    try:
        app_id = ws.resolve(args.id)
    except NotFound as exc:
        return fail(exc.message)
    print(ws.decide_duplicate(app_id, choice))
    _print_pending(ws)
    return 0


# -- exports ---------------------------------------------------------------------------------------
def _chosen_notice(ws: Workspace, form: str | None) -> FormDefinition:
    """The notice of ``--form``, else the one the imports follow; a note naming the notices left out goes
    to stderr. Raises :class:`DefinitionError` for a notice that is not installed."""
    choice = ws.choose_notice(form)
    if choice.note:
        print(f"注意：{choice.note}", file=sys.stderr)
    return choice.definition


def cmd_consolidate(args: argparse.Namespace) -> int:
    from hzsubsidy_desktop.export import list5 as list_export

    ws = open_workspace(args, actor=CLERK)
    try:
        definition = _chosen_notice(ws, args.form)
    except DefinitionError as exc:
        return fail(exc.message)
    rows = ws.project_rows(definition, states=args.state)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        return fail(f"清单文件应以 .xlsx 结尾：{out.name}")
    list_export.write_xlsx(definition, rows, out)
    print(f"已导出附件5 清单（{len(rows)} 个项目）：{out}")
    if args.docx:
        list_export.write_docx(definition, rows, Path(args.docx))
        print(f"已导出 Word 版清单：{args.docx}")
    sums = county.column_totals(definition, rows)
    labels = {c.key: c.label for c in definition.list.columns}
    print("合计：" + "，".join(f"{labels[k]} {amounts.display(v)} 万元" for k, v in sums.items()))
    if not rows:
        print("提示：数据库中还没有导入的申报，清单为空。", file=sys.stderr)
    pending = ws.pending_duplicates()
    if pending:
        print(f"提示：有 {len(pending)} 项疑似重复待决定，清单暂只计算原有的一份：", file=sys.stderr)
        for p in pending:
            print(f"    {p.line()}", file=sys.stderr)
    problems = [r for r in rows if r.error_count]
    if problems:
        print(f"提示：{len(problems)} 个项目还有错误，请在审核时核对。", file=sys.stderr)
    return 0


def _declaration_key(definition, name: str) -> str:
    for f in definition.declaration.fields:
        if name in (f.key, f.label):
            return f.key
    labels = "、".join(f.label for f in definition.declaration.fields)
    raise InputError(f"附件2 没有“{name}”这一项。可填写：{labels}。")


def cmd_declaration(args: argparse.Namespace) -> int:
    from hzsubsidy_desktop.export.declaration import write_declaration_docx

    ws = open_workspace(args, actor=CLERK)
    try:
        definition = _chosen_notice(ws, args.form)
    except DefinitionError as exc:
        return fail(exc.message)
    try:
        changes = {}
        for item in args.set:
            name, sep, text = item.partition("=")
            if not sep:
                return fail(f"--set 应写成 字段=内容，收到“{item[:30]}”。")
            changes[_declaration_key(definition, name.strip())] = text
        values = ws.set_declaration(changes, definition) if changes else ws.declaration_values(definition)
    except InputError as exc:
        return fail(exc.message, 1)
    for line in county.declaration_problems(definition, values):
        print(f"提示：{line}", file=sys.stderr)
    if args.out:
        county_name = ws.county_settings()["county"]
        write_declaration_docx(definition, values, county_name, Path(args.out))
        print(f"已导出附件2 申报表：{args.out}")
    elif not changes:
        for f in definition.declaration.fields:
            print(f"{f.label}：{values.get(f.key) or '（未填写）'}")
    else:
        print("已保存。")
    return 0


def cmd_county_pack(args: argparse.Namespace) -> int:
    problem = folder_problem(args.out)
    if problem:
        return fail(problem)
    ws = open_workspace(args, actor=CLERK)
    try:
        definition = _chosen_notice(ws, args.form)
    except DefinitionError as exc:
        return fail(exc.message)
    path = ws.pack_county(Path(args.out), definition=definition, states=args.state,
                          include_returned=args.include_returned)
    count = len(county.read_county_package(path).incoming)
    print(f"已生成县级汇总包（{count} 个项目）：{path}")
    return 0


# -- review and settings ---------------------------------------------------------------------------
def cmd_review(args: argparse.Namespace) -> int:
    ws = open_workspace(args, actor=CLERK)
    try:
        app_id = ws.resolve(args.id)
        s = ws.set_review(app_id, args.state, args.comment)
    except NotFound as exc:
        return fail(exc.message)
    except InputError as exc:
        return fail(exc.message)
    print(f"{s.project_name or short_id(app_id)}：{s.review_state}" + (f"（{s.review_comment}）" if s.review_comment else ""))
    return 0


def cmd_county(args: argparse.Namespace) -> int:
    ws = open_workspace(args, actor=CLERK)
    changes = {k: v for k, v in (("city", args.city), ("county", args.county),
                                 ("contact_person", args.contact), ("contact_phone", args.phone)) if v is not None}
    try:
        settings = ws.set_county_settings(changes) if changes else ws.county_settings()
    except InputError as exc:
        return fail(exc.message, 1)
    labels = {f.key: f.label for f in county.county_fields()}
    for key, label in labels.items():
        print(f"{label}：{settings.get(key) or '（未填写）'}")
    return 0
