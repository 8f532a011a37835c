"""Commands on the local database: list, new, add, show, set, explain, duplicate, delete, restore, history."""

from __future__ import annotations

import argparse
import json

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.cli.common import add_db_option, fail, open_workspace
from hzsubsidy_desktop.document import FormatError
from hzsubsidy_desktop.formdef import DefinitionError, load_definition, notices
from hzsubsidy_desktop.interchange.application_file import read_application_file
from hzsubsidy_desktop.store import StoreError
from hzsubsidy_desktop.store.ids import short_id
from hzsubsidy_desktop.values.field_types import InputError

STATUS = {"error": "有错误", "explain": "待说明", "warning": "有提示", "ready": "可导出", "": "未检查"}


def register(sub: argparse._SubParsersAction) -> None:
    def add(name: str, help: str, func, *args: tuple[str, dict]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help)
        add_db_option(p)
        for flag, kw in args:
            p.add_argument(flag, **kw)
        p.set_defaults(func=lambda a: _guard(func, a))
        return p

    add("list", "列出数据库中的申报", cmd_list,
        ("--trash", {"action": "store_true", "help": "列出回收站"}),
        ("--json", {"action": "store_true"}))
    add("new", "新建空白申报（--profile：从保存的企业信息开始；--form：申报通知，默认最新的）", cmd_new,
        ("--profile", {"action": "store_true"}),
        ("--form", {"default": None, "help": "申报通知编号（hzsubsidy forms 列出已安装的通知）"}))
    add("add", "把申报数据文件（JSON）加入数据库", cmd_add, ("file", {}))
    add("show", "以 JSON 输出一份申报（--sources：Word 手填的申报中每项读自何处、未能读出的内容；"
        "--review：审核、纸面核对及县级的审核、疑似重复决定）", cmd_show, ("id", {}),
        ("--sources", {"action": "store_true", "help": "列出每项内容读自 Word 的哪个表格、哪一行、哪一格"}),
        ("--review", {"action": "store_true",
                      "help": "列出审核状态、纸面核对结果，以及县级汇总包带来的县级审核、疑似重复决定和纸面核对（只读）"}))
    add("set", "修改一个字段（按填写界面的规则解析）", cmd_set,
        ("id", {}), ("pointer", {"help": "字段路径，例如 /project/total_investment"}), ("value", {}))
    add("explain", "为“需说明”的提示填写说明", cmd_explain,
        ("id", {}), ("key", {"help": "提示的键：<规则代码>@<字段路径>"}), ("text", {}))
    add("duplicate", "复制一份申报", cmd_duplicate, ("id", {}))
    add("delete", "把申报移入回收站", cmd_delete, ("id", {}))
    add("restore", "从回收站恢复申报", cmd_restore, ("id", {}))
    add("history", "列出一份申报的修改记录", cmd_history, ("id", {}))
    add("save-profile", "保存这份申报的单位信息，供新建申报使用", cmd_save_profile, ("id", {}))


def _guard(func, args: argparse.Namespace) -> int:
    try:
        return func(args)
    except StoreError as exc:
        return fail(exc.message)
    except InputError as exc:
        return fail(exc.message, 1)


def cmd_list(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    rows = ws.summaries(deleted=args.trash)
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("回收站为空。" if args.trash else "数据库中还没有申报。用 hzsubsidy new 新建，或启动图形界面。")
        return 0
    for r in rows:
        print(f"{short_id(r.id)}  {STATUS.get(r.status, r.status)}  {r.updated_at[:16]}  "
              f"{r.project_name or '（未命名项目）'}  {r.enterprise_name}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    try:
        form_id = args.form or notices.installed().newest().id
        load_definition(form_id)
    except DefinitionError as exc:
        return fail(exc.message)
    print(open_workspace(args).new_application(from_profile=args.profile, form_id=form_id))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    try:
        _definition, doc = read_application_file(args.file)
    except FormatError as exc:
        return fail(exc.message)
    ws = open_workspace(args)
    app_id = ws.add_document(doc)
    print(app_id)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    app_id = ws.resolve(args.id)
    if getattr(args, "review", False):
        for line in ws.review_lines(app_id):
            print(line)
        return 0
    if not getattr(args, "sources", False):
        print(docs.dumps(ws.load(app_id)))
        return 0
    found = ws.word_source(app_id)
    if found is None:
        return fail("这份申报不是从手填的 Word 导入的，没有读取位置。", 1)
    record, lines = found
    print(f"来源：{record.get('source', 'Word 手填')}（{'、'.join(record.get('files', []))}；{'、'.join(record.get('sheets', []))}）")
    findings = record.get("findings", [])
    print(f"请核对（{len(findings)} 处）：" if findings else "全部读出，没有需要核对的内容。")
    for line in findings:
        print(f"  {line}")
    print("各项读取位置：")
    for line in lines:
        print(f"  {line}")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    app_id = ws.resolve(args.id)
    try:
        result = ws.edit(app_id, args.pointer, args.value)
    except KeyError:
        return fail(f"没有字段 {args.pointer}。")
    except InputError as exc:
        return fail(exc.message, 1)
    if result.note:
        print(result.note)
    print(ws.report(app_id).summary())
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from hzsubsidy_desktop.validation import Level
    from hzsubsidy_desktop.values.field_types import check_characters

    ws = open_workspace(args)
    app_id = ws.resolve(args.id)
    check_characters(args.text, "说明")
    # A key no finding asks about (a typo) would be stored and never shown: say which keys there are.
    asked = [f for f in ws.report(app_id).findings if f.level is Level.EXPLAIN]
    stored = ws.load(app_id).get("explanations") or {}
    if args.key not in {f.key for f in asked} and args.key not in stored:
        keys = "".join(f"\n  {f.key}  {f.message}" for f in asked) or "（这份申报当前没有需要说明的提示）"
        return fail(f"没有键为“{args.key}”的需说明提示。需要说明的提示及其键：{keys}")
    ws.explain(app_id, args.key, args.text)
    print(ws.report(app_id).summary())
    return 0


def cmd_duplicate(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    print(ws.duplicate(ws.resolve(args.id)))
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    ws.delete(ws.resolve(args.id))
    print("已移入回收站，可用 hzsubsidy restore 恢复。")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from hzsubsidy_desktop.store import RestoreConflict

    ws = open_workspace(args)
    app_id = ws.resolve(args.id)
    if ws.summary(app_id).deleted_at is None:
        print("这份申报不在回收站中，无需恢复。")
        return 0
    try:
        ws.restore(app_id)
    except RestoreConflict as exc:  # two live copies of one submission would count it twice
        return fail(exc.message, 1)
    print("已恢复。")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    for e in ws.audit_trail(ws.resolve(args.id)):
        who = {"enterprise": "企业", "clerk": "县商务局", "import": "导入"}.get(e.actor, e.actor)
        print(f"{e.at}  {who}  {e.pointer or '（申报）'}  {json.dumps(e.old, ensure_ascii=False)} → "
              f"{json.dumps(e.new, ensure_ascii=False)}")
    return 0


def cmd_save_profile(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    ws.save_profile(ws.resolve(args.id))
    print("已保存单位信息，新建申报时可选择“从单位信息开始”。")
    return 0
