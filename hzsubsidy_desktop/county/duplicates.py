"""Suspected duplicates (疑似重复) and the clerk's decision on them.

An application imported as a suspected duplicate of another waits for the clerk: until then 附件5 and
its totals count the project once (the application that was there first), and every list says how many
decisions are pending. The clerk keeps both (two projects), only the one that was there, or only the
new one (the other goes to the trash, from where it can be restored).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import decisions
from hzsubsidy_desktop.county.diff import diff_documents
from hzsubsidy_desktop.county.importing import ImportOutcome
from hzsubsidy_desktop.formdef import load_definition
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.store.ids import short_id

CHOICES = ("both", "this", "other")
CHOICE_LABELS = {"both": "都保留（是两个不同的项目）", "this": "只保留新收到的", "other": "只保留原有的"}


@dataclass(frozen=True)
class PendingDuplicate:
    app_id: str  # the suspected duplicate (not counted in 附件5 while pending)
    other_id: str  # the application it may duplicate (counted)
    project_name: str
    other_project_name: str
    credit_code: str
    other_credit_code: str

    def line(self) -> str:
        return (
            f"{short_id(self.app_id)} “{self.project_name}”（{self.credit_code}）疑似重复 "
            f"{short_id(self.other_id)} “{self.other_project_name}”（{self.other_credit_code}）"
        )


def pending_duplicates(store: Store) -> list[PendingDuplicate]:
    """Suspected duplicates whose counterpart is still in the list, oldest first."""
    out = []
    for app_id, other_id in store.pending_duplicates():
        mine, other = store.summary(app_id), store.summary(other_id)
        if other.deleted_at is not None:
            continue  # the counterpart is in the trash: this one counts
        out.append(PendingDuplicate(
            app_id, other_id, mine.project_name, other.project_name, mine.credit_code, other.credit_code
        ))
    return out


def uncounted(store: Store) -> set[str]:
    """Applications that 附件5 leaves out until the clerk decides."""
    return {p.app_id for p in pending_duplicates(store)}


def decide_duplicate(store: Store, app_id: str, choice: str, *, actor: str = "clerk") -> str:
    """Record the clerk's decision on the suspected duplicate ``app_id``; returns a Chinese line."""
    if choice not in CHOICES:
        raise ValueError(f"choice must be one of {CHOICES}, not {choice!r}")
    summary = store.summary(app_id)
    other_id = summary.duplicate_of
    if other_id is None:
        return f"“{summary.project_name}”不是待决定的疑似重复。"
    with store.transaction():
        decisions.remember(store, app_id, other_id, choice, actor=actor)  # travels in the county package
        if choice == "both":
            store.set_duplicate_of(app_id, None, actor=actor)
            return f"“{summary.project_name}”与原有项目都保留，按两个项目计算。"
        if choice == "this":
            store.delete(other_id, actor=actor)
            store.set_duplicate_of(app_id, None, actor=actor)
            return f"保留新收到的“{summary.project_name}”，原有的一份已移入回收站。"
        store.delete(app_id, actor=actor)
        return f"保留原有的项目，新收到的“{summary.project_name}”已移入回收站。"


def pending_outcome(store: Store, pending: PendingDuplicate) -> ImportOutcome:
    """A pending suspected duplicate as an import result (for the decision dialog): the differences
    between the application there first and the suspected duplicate."""
    summary = store.summary(pending.app_id)
    definition = load_definition(summary.form_id)
    old = docs.canonical(definition, store.load(pending.other_id))
    new = docs.canonical(definition, store.load(pending.app_id))
    return ImportOutcome(
        Path(""), "duplicate",
        f"{pending.project_name}：疑似与已导入的“{pending.other_project_name}”重复。",
        pending.app_id, pending.project_name, pending.credit_code, summary.revision,
        changes=tuple(diff_documents(definition, old, new)), duplicate_of=pending.other_id,
    )
