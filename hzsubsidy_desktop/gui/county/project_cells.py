"""What each cell of the clerk's project table shows: the columns the clerk adds to 附件5's (审核状态,
检查结果, 审核意见), their widths, texts, colours and sort keys, the problem filter's choices and the text
the search box looks in. Plain values (colours as strings): the table model turns them into Qt's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hzsubsidy_desktop.county import REVIEW_STATES, ProjectRow
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.values.identity import name_key

_ZERO = Decimal(0)
REVIEW_KEY = "#review"
STATUS_KEY = "#status"
COMMENT_KEY = "#comment"

STATUS_ORDER = {"error": 0, "explain": 1, "warning": 2, "ready": 3}
STATUS_COLOURS = {"error": "#b3261e", "explain": "#8a4b00", "warning": "#8a6100", "ready": "#2e6b30"}
REVIEW_COLOURS = {"待审核": "#4b5563", "已通过": "#2e6b30", "需修改": "#8a4b00", "退回": "#b3261e"}
EXPLAINED, UNMET = "#explained", "#unmet"  # flags a filter can ask for beside the statuses
# Problem filter: label → statuses (or flags) it keeps
STATUS_FILTERS = {
    "全部检查结果": None,
    "有错误或待说明": {"error", "explain"},
    "仅有提示": {"warning"},
    "无问题": {"ready"},
    "有已说明的项": {EXPLAINED},
    "基本条件未达到": {UNMET},
}
# Width in pixels of the clerk's own columns; the 附件5 columns' widths come from the definition.
COLUMN_WIDTHS = {REVIEW_KEY: 72, STATUS_KEY: 150, COMMENT_KEY: 200}


def column_width(definition: FormDefinition, key: str) -> int:
    """Pixels for a column of the clerk's table (100 when neither the code nor the definition says)."""
    if key in COLUMN_WIDTHS:
        return COLUMN_WIDTHS[key]
    return next((c.width.screen for c in definition.list.columns if c.key == key and c.width.screen), 100)


def row_flags(row: ProjectRow) -> set[str]:
    """The row's status and the flags the problem filter offers (explained items, unmet conditions)."""
    flags = {row.status}
    if row.explained:
        flags.add(EXPLAINED)
    if row.unmet:
        flags.add(UNMET)
    return flags


def status_colour(row: ProjectRow) -> str:
    """The check result's colour; a project that passes only thanks to explanations stands out."""
    if row.status in ("ready", "warning") and (row.explained or row.unmet):
        return STATUS_COLOURS["explain"]
    return STATUS_COLOURS.get(row.status, "#1f2937")


def status_text(row: ProjectRow) -> str:
    """The check result as the clerk reads it: "2 个错误，1 个提示", "无问题，已说明 1 项，基本条件未达到 1 项"…"""
    notes = ([f"已说明 {row.explained} 项"] if row.explained else []) + \
        ([f"基本条件未达到 {len(row.unmet)} 项"] if row.unmet else [])
    return "，".join([_check_text(row), *notes])


def _check_text(row: ProjectRow) -> str:
    errors, warnings = row.error_count, row.warning_count
    if row.status == "error":
        text = f"{errors} 个错误" if errors else "有错误"
    elif row.status == "explain":
        text = f"{errors} 项待说明" if errors else "有待说明"
    elif row.status == "warning" or warnings:
        return f"{warnings} 个提示" if warnings else "有提示"
    else:
        return "无问题"
    return text + (f"，{warnings} 个提示" if warnings else "")


def search_text(row: ProjectRow) -> str:
    """Everything the search box looks in, normalised as identities are (NFKC, invisible characters
    removed, spaces collapsed, casefolded)."""
    return name_key(" ".join([*row.texts.values(), row.review_comment, row.review_state]))


def cell_text(row: ProjectRow, key: str) -> str:
    """What the cell of ``key`` shows for ``row``."""
    if key == REVIEW_KEY:
        return row.review_state
    if key == STATUS_KEY:
        return status_text(row)
    if key == COMMENT_KEY:
        return row.review_comment
    return row.texts.get(key, "")

def sort_key(row: ProjectRow, key: str) -> tuple[Any, ...]:
    """The value the column of ``key`` sorts ``row`` by (money as Decimal, states in their natural order)."""
    if key == REVIEW_KEY:
        state = row.review_state
        return (REVIEW_STATES.index(state) if state in REVIEW_STATES else len(REVIEW_STATES),)
    if key == STATUS_KEY:
        return (STATUS_ORDER.get(row.status, 9), -row.error_count, -row.warning_count)
    if key == COMMENT_KEY:
        return (row.review_comment,)
    value = row.values.get(key)
    if value is None or value == "":
        return (0, _ZERO, "")
    if isinstance(value, (Decimal, int)):
        return (1, value, "")  # Decimal and int compare exactly with each other
    return (1, _ZERO, str(value))
