"""``hzsubsidy rules``: print the table of validation rules (Markdown)."""

from __future__ import annotations

import argparse

from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.validation.rules_table import rules_markdown


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="输出检查规则一览（Markdown）")
    p.add_argument("--form", default=None, help="表单编号（默认当前通知）")
    p.set_defaults(func=cmd_rules)


def cmd_rules(args: argparse.Namespace) -> int:
    print(rules_markdown(load_definition(args.form) if args.form else load_definition()), end="")
    return 0
