"""A county's removals travel to the city, so that the city never counts a project the county no longer lists.

At the county, every package remembers what it sent (setting ``county_packed``: by submission id, the
credit code, project name and region the city received). A later package lists, under ``removed``, each
application sent before that the county no longer has in its list — moved to the trash or gone
(``deleted``), or 退回 and left out of the package (``returned``) — by submission id and that identity.
An application that is only filtered out (``--state``) or waits as a suspected duplicate is not removed.

At the city (:func:`around`, one county package inside its import transaction):

- a package older than the newest one already imported from the same county (its ``created_at``) is
  refused as a whole: importing it would bring back what the county removed since, or an older review;
- an application the county lists again (restored, or passed after 退回) whose copy this database moved
  to the trash because of that county's removal is restored first, then imported as usual;
- each removal moves to the trash only the copy that is exactly that application: an imported one (never
  the city's own), live, with the same submission id, the same normalised credit code and project name,
  from the same county. Why is kept (setting ``county_removed/<id>``, audited) and said in the import's
  line; another county's copy of the same project stays. A copy the city clerk restored by hand after
  that is the clerk's choice: later packages that still list the removal leave it counted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.interchange.county_removals import REASONS, PackageNews, Removal, created_time
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.values.identity import code_key, name_key

PACKED = "county_packed"  # at the county: what each package sent, by submission id
NOTE = "county_removed"  # at the city: why a county's application went to the trash
SEEN = "county_package_seen"  # at the city: the newest package imported from a county, by region
RETURNED = "退回"
ACTOR = "import"


# -- at the county -------------------------------------------------------------------------------
def removed_entries(store: Store, listed: set[str]) -> list[dict[str, str]]:
    """The ``removed`` list of a package carrying the submission ids ``listed``: what an earlier package
    sent that the county now has only in the trash (or no more), or only as 退回."""
    packed = store.setting(PACKED)
    if not isinstance(packed, dict):
        return []
    out = []
    for sid, sent in sorted(packed.items()):
        if sid in listed or not isinstance(sent, dict):
            continue
        copies = store.imported_copies(sid)
        live = [store.summary(app_id) for app_id, deleted in copies if deleted is None]
        entry = {"submission_id": sid, **{k: str(sent.get(k, "")) for k in ("credit_code", "project_name", "city",
                                                                             "county")}}
        if not live:
            trashed = [deleted for _app_id, deleted in copies if deleted]
            out.append({**entry, "reason": "deleted", "removed_at": max(trashed) if trashed else ""})
        elif all(s.review_state == RETURNED for s in live):
            out.append({**entry, "reason": "returned", "removed_at": store.review_date(live[0].id) or "",
                        "comment": live[0].review_comment[:500]})
    return out


def remember_packed(store: Store, entries: Sequence[dict[str, Any]]) -> None:
    """A package was written with these application entries: the next ones can say what went since."""
    packed = store.setting(PACKED)
    packed = dict(packed) if isinstance(packed, dict) else {}
    for e in entries:
        packed[e["submission_id"]] = {k: e.get(k, "") for k in ("credit_code", "project_name", "city", "county")}
    store.set_setting(PACKED, packed)


# -- at the city ---------------------------------------------------------------------------------
def around(
    store: Store, path: Path, items: Sequence[Incoming], news: Any, store_items: Callable[[], list[Any]],
    outcome: Callable[..., Any],
) -> list[Any]:
    """Import one file's ``items`` by ``store_items`` (one outcome each, in order; ``outcome`` makes one
    more), applying what a county package says about itself (``news``) around them."""
    if not isinstance(news, PackageNews):
        return store_items()
    older = _older(store, news, path.name)
    if older:
        return [outcome(path, "rejected", older)]
    noted = store.noted(NOTE)  # usually none: then nothing to bring back, and no look-up per application
    revived = [_revive(store, item, noted) if noted else (None, "") for item in items]
    found = [_revived(o, county) if o.app_id == app_id else o
             for o, (app_id, county) in zip(store_items(), revived, strict=True)]
    for removal in news.removed:
        found.extend(_remove(store, path, removal, outcome))
    _seen(store, news)
    return found


def _when(at: datetime) -> str:
    return at.isoformat(timespec="seconds")[:19].replace("T", " ")


def _older(store: Store, news: PackageNews, name: str) -> str:
    seen = store.setting(f"{SEEN}/{news.region[0]}/{news.region[1]}")
    if news.created_at is None or not isinstance(seen, dict):
        return ""
    newest = created_time(seen.get("created_at"))
    if newest is None or news.created_at >= newest or (news.package_id and news.package_id == seen.get("package_id")):
        return ""
    county = news.region[1] or "该县"
    return (f"“{name}”是{county}在 {_when(news.created_at)} 生成的汇总包，本数据库已导入{county}在 {_when(newest)} "
            "生成的更新的汇总包；为免旧内容覆盖新内容（恢复该县已删除的项目、审核意见倒退），未导入。"
            "请导入该县最新的汇总包。")


def _seen(store: Store, news: PackageNews) -> None:
    if news.created_at is None:
        return
    key = f"{SEEN}/{news.region[0]}/{news.region[1]}"
    seen = store.setting(key)
    newest = created_time(seen.get("created_at")) if isinstance(seen, dict) else None
    if newest is None or news.created_at > newest:
        store.set_setting(key, {"created_at": news.created_at.isoformat(), "package_id": news.package_id})


def _revive(store: Store, item: Incoming, noted: set[str]) -> tuple[str | None, str]:
    """Restore the copy of ``item`` this database trashed because its county removed it; returns (its id,
    the county), or (None, "") when there is none. A copy the city clerk restored meanwhile only loses the
    reason (the county lists it again)."""
    sid, region = item.submission_id, item.region
    code = code_key(str(docs.get(item.doc, "/enterprise/credit_code") or ""))
    if not sid or region is None:
        return None, ""
    copies = [(app_id, deleted) for app_id, deleted in reversed(store.imported_copies(sid)) if app_id in noted]
    live = store.find_submission(sid, code) if copies else None
    for app_id, deleted in copies:
        note = store.setting(f"{NOTE}/{app_id}")
        if (not isinstance(note, dict) or (note.get("city"), note.get("county")) != tuple(region)
                or code_key(store.summary(app_id).credit_code) != code):
            continue
        if deleted is None or live is None:
            if deleted is not None:
                store.restore(app_id, actor=ACTOR)
            store.record_note(app_id, NOTE, None, f"{region[1]}重新列入", actor=ACTOR)
            if deleted is not None:
                return app_id, region[1]
    return None, ""


def _revived(o: Any, county: str | None) -> Any:
    if not county:
        return o
    name = o.project_name or "（未命名项目）"
    back = f"{name}：{county}重新列入该项目，已从回收站恢复"
    if o.status == "identical":
        rest = o.message.split("与已导入的内容相同。", 1)[-1] if "与已导入的内容相同。" in o.message else ""
        return dataclasses.replace(o, status="imported", message=f"{back}（内容与原有的相同）。{rest}")
    return dataclasses.replace(o, message=f"{back}；{o.message}")


def _remove(store: Store, path: Path, removal: Removal, outcome: Callable[..., Any]) -> list[Any]:
    """Trash exactly the copy of the county's removed application (see the module's description)."""
    out = []
    for app_id, deleted in store.imported_copies(removal.submission_id):
        if deleted is not None or store.region_of(app_id) != (removal.city, removal.county):
            continue
        if isinstance(store.setting(f"{NOTE}/{app_id}"), dict):
            continue  # trashed for this removal before, and the city clerk restored it: the clerk's choice
        s = store.summary(app_id)
        if (code_key(s.credit_code) != code_key(removal.credit_code)
                or name_key(s.project_name) != name_key(removal.project_name)):
            continue
        why = f"{removal.county}{REASONS[removal.reason]}该项目"
        if removal.reason == "returned":
            why += f"（{removal.comment}）" if removal.comment else ""
            store.set_county_review(app_id, RETURNED, removal.comment or None, removal.county, removal.removed_at or None)
        store.delete(app_id, actor=ACTOR)
        store.record_note(app_id, NOTE, {"reason": removal.reason, "city": removal.city, "county": removal.county,
                                         "removed_at": removal.removed_at, "comment": removal.comment}, why,
                          actor=ACTOR)
        name = s.project_name or "（未命名项目）"
        out.append(outcome(path, "removed", f"{name}：{why}，不再计入，已移入回收站（可恢复）。", app_id,
                           project_name=s.project_name, credit_code=s.credit_code, revision=s.revision,
                           entry=f"{removal.county} {name[:40]}"))
    return out


def removal_line(store: Store, app_id: str) -> str:
    """Why a county's application is in the trash, as the city sees it ('' when not for that)."""
    note = store.setting(f"{NOTE}/{app_id}")
    if not isinstance(note, dict) or note.get("reason") not in REASONS:
        return ""
    when = f"（{str(note.get('removed_at', ''))[:10]}）" if note.get("removed_at") else ""
    comment = f"：{note['comment']}" if note.get("comment") else ""
    where = "已移入回收站" if store.summary(app_id).deleted_at else "设区市已从回收站恢复，照常计入"
    return f"{note.get('county', '县')}{when}{REASONS[note['reason']]}该项目{comment}，{where}（只读）"
