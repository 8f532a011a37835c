"""Which notice the county's lists are for, when one database holds applications of several.

附件5 (and the county package) list the projects of one notice. The clerk names it, or it is
the notice of the imported applications when they all follow one, else the newest of theirs
(with a note saying the others are left out and how to choose them).
"""

from __future__ import annotations

from dataclasses import dataclass

from hzsubsidy_desktop.county.importing import COUNTY_ORIGINS
from hzsubsidy_desktop.formdef import FormDefinition, load_definition, notices
from hzsubsidy_desktop.store import Store


@dataclass(frozen=True)
class NoticeChoice:
    definition: FormDefinition
    present: tuple[str, ...]  # the installed notices the imported applications follow, newest first
    note: str  # Chinese; empty when there was nothing to choose


def notices_in(store: Store, origins: tuple[str, ...] = COUNTY_ORIGINS) -> tuple[str, ...]:
    """Installed notices of the (non-deleted) imported applications, newest first."""
    ids = store.form_ids(origins)
    found = {n.id: n for n in notices.installed().notices if n.id in ids}
    return tuple(sorted(found, key=lambda i: (found[i].data_cutoff, i), reverse=True))


def choose_notice(store: Store, form_id: str | None = None) -> NoticeChoice:
    """The notice named (DefinitionError when not installed), else the one the imports follow."""
    present = notices_in(store)
    if form_id:
        return NoticeChoice(load_definition(form_id), present, "")
    if not present:
        return NoticeChoice(load_definition(notices.installed().newest().id), present, "")
    chosen = load_definition(present[0])
    note = ""
    if len(present) > 1:
        others = "、".join(present[1:])
        note = (f"数据库中有 {len(present)} 份申报通知的项目；本次按最新的通知“{chosen.id}”导出，"
                f"{others} 的项目未列入（用 --form 指定通知）。")
    return NoticeChoice(chosen, present, note)
