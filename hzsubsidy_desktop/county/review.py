"""The clerk's review of an application: state (待审核 / 已通过 / 需修改 / 退回) and comment.
"""

from __future__ import annotations

from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values.field_types import InputError, check_characters, clean_text

REVIEW_STATES = ("待审核", "已通过", "需修改", "退回")
MAX_REVIEW_COMMENT = 500


def county_review_line(state: str | None, comment: str | None, county: str | None, date: str | None) -> str:
    """A county's review as the city sees it (read-only): "安吉县的审核（已通过，2026-11-30）：意见（只读）"."""
    when = f"，{date[:10]}" if date else ""
    return f"{county or '县'}的审核（{state or '未审核'}{when}）" + (f"：{comment}" if comment else "") + "（只读）"


def set_review(store: Store, app_id: str, state: str, comment: str = "", *, actor: str = "clerk") -> None:
    """Record the clerk's review state (待审核 / 已通过 / 需修改 / 退回) and comment."""
    if state not in REVIEW_STATES:
        raise InputError(f"“审核状态”应为以下之一：{'、'.join(REVIEW_STATES)}；收到“{state[:20]}”。")
    check_characters(comment, "审核意见")
    comment = clean_text(comment).strip()
    if len(comment) > MAX_REVIEW_COMMENT:
        raise InputError(f"“审核意见”最多{MAX_REVIEW_COMMENT}字，当前{len(comment)}字，请精简。")
    store.set_review(app_id, state, comment, actor=actor)
