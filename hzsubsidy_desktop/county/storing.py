"""What one incoming application does to the county's database (inside the transaction of its file).

What it is relative to the database is decided by :mod:`~hzsubsidy_desktop.county.matching`: *new*
(stored), *identical* (skipped), a *newer revision* of the same enterprise's submission (replaces the
older one, which goes to the history), a *conflict* that the clerk decides on with
:func:`~hzsubsidy_desktop.county.diff.diff_documents` (also: a submission id that belongs to another
enterprise, never a replacement), or a *suspected duplicate* (疑似重复), stored but counted once until the
clerk decides (:mod:`~hzsubsidy_desktop.county.duplicates`). A Word 附件3/附件4 may complete the stored
other half of its project. The clerk's later choices on a conflict: :func:`accept_incoming`, :func:`keep_both`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import decisions, reading, word_intake
from hzsubsidy_desktop.county.diff import diff_documents, same_content
from hzsubsidy_desktop.county.matching import Match, match_incoming
from hzsubsidy_desktop.county.outcomes import ACTOR, ORIGIN, ImportOutcome
from hzsubsidy_desktop.county.reading import Checked
from hzsubsidy_desktop.county.review import REVIEW_STATES
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.store.document_rows import StoredRows, summary_texts
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.values.identity import invisible_characters, lookalike_problem


def _record_status(
    store: Store, app_id: str, definition: FormDefinition, doc: dict[str, Any], checked: Checked | None = None
) -> None:
    if checked is None:
        report = validate(definition, doc)
        checked = report.status(), len(report.blocking), len(report.warnings)
    store.record_status(app_id, *checked)


def store_one(
    store: Store, path: Path, item: Incoming, on_conflict: str, checked: Checked | None = None,
    stored: StoredRows | None = None,
) -> ImportOutcome:
    """``checked`` and ``stored``: the rules' status of ``item.doc`` and its rows for the database (both
    computed when reading), else computed here."""
    if item.word is not None:
        paired = _pair_word(store, path, item)
        if paired is not None:
            return paired
    # The list's columns of the document: from its rows when read ahead (a new application is stored from
    # those rows, its document never parsed in this process: reading.Received).
    texts = stored.summary[:3] if stored is not None else summary_texts(item.doc)
    name = texts[0] or (item.word.project_name if item.word is not None else "")
    code = texts[2]
    common = {"project_name": name, "credit_code": code, "revision": item.revision, "entry": item.entry}
    lookalike = lookalike_problem(code)
    if lookalike:
        return ImportOutcome(path, "rejected", f"{name}：“统一社会信用代码”{lookalike}。", **common)
    same_project = word_intake.find_same_project(store, item.word) if item.word is not None else None
    match = Match("same", same_project) if same_project else match_incoming(store, item, code, name)
    decided = decisions.decision_on(store, item, match.app_id) if match.kind in ("suspect", "other_enterprise") else None
    if decided is not None:  # the county decided on exactly this pair (a county package): not a duplicate here
        match, pair = Match("new", own=match.own), match.app_id or ""
    flags = _invisible_note(texts)
    if match.kind == "suspect" and match.app_id:
        earlier = docs.canonical(item.definition, store.load(match.app_id))
        if same_content(earlier, item.doc):
            return ImportOutcome(path, "identical", f"{name}：与已导入的内容相同（报送编号不同）。", match.app_id, **common)
    if match.kind in ("new", "suspect"):
        app_id = _create(store, item, checked, stored)
        rev = f"（第{item.revision}版）" if item.revision else ""
        if item.word is not None:
            word_intake.remember(store, app_id, path.name, item.word)
        if match.kind == "new" and item.word is not None:
            return ImportOutcome(path, "imported", _word_message(name, item.word) + flags, app_id,
                                 notes=item.word.findings, **common)
        if decided is not None:
            flags = decisions.apply(store, app_id, pair, decided, ACTOR) + flags
        if match.kind == "new":
            both = "（本数据库中也有企业填报的同一申报，县级收到的这份单独保存在项目清单中，两者互不影响）" if match.own else ""
            return ImportOutcome(path, "imported", f"{name or '（未命名项目）'}{rev}{both}{flags}", app_id, **common)
        store.set_duplicate_of(app_id, match.app_id, actor=ACTOR)
        old = docs.canonical(item.definition, store.load(match.app_id or ""))
        changes = tuple(diff_documents(item.definition, old, item.doc))
        return ImportOutcome(
            path, "duplicate",
            f"{name or '（未命名项目）'}{rev}：{match.reason}，疑似重复。在核对并选择（都保留 / 只保留一份）之前，"
            f"附件5 只计算原有的一份。{flags}",
            app_id, changes=changes, incoming=item, duplicate_of=match.app_id, **common,
        )
    existing = match.app_id or ""
    doc = item.doc
    if item.word is not None:  # compared on what the Word sheets hold
        item = word_intake.overlay_on(store, existing, item)
        doc, checked = item.doc, None
    summary = store.summary(existing)
    old = docs.canonical(item.definition, store.load(existing))
    if same_content(old, doc) and match.kind == "same":
        return ImportOutcome(
            path, "identical", f"{name}：与已导入的内容相同。{_review_update(store, existing, summary, item)}",
            existing, **common,
        )
    changes = tuple(diff_documents(item.definition, old, doc))
    if match.kind == "other_enterprise":
        return ImportOutcome(
            path, "conflict",
            f"{name}：{match.reason}。不会替换原有申报，原有申报及其审核意见保持不变，请核对后选择。",
            existing, changes=changes, incoming=item, other_enterprise=True, **common,
        )
    newer = (
        item.submission_id is not None
        and summary.submission_id == item.submission_id
        and (item.revision or 0) > summary.revision
    )
    if newer:
        _replace(store, existing, summary.revision, old, item, f"第{item.revision}版替换第{summary.revision}版",
                 checked)
        return ImportOutcome(
            path, "replaced",
            f"{name}：第{item.revision}版替换了第{summary.revision}版（{len(changes)} 处不同，旧版本已存入历史）。{flags}",
            existing, changes=changes, incoming=item, **common,
        )
    why = _conflict_reason(summary.submission_id, summary.revision, item)
    if on_conflict == "replace":
        _replace(store, existing, summary.revision, old, item, f"按选择替换（{why}）", checked)
        return ImportOutcome(
            path, "replaced", f"{name}：{why}，已按选择替换（{len(changes)} 处不同，旧版本已存入历史）。{flags}",
            existing, changes=changes, incoming=item, **common,
        )
    return ImportOutcome(
        path, "conflict", f"{name}：{why}，有 {len(changes)} 处不同，已保留原有版本，请核对后选择。",
        existing, changes=changes, incoming=item, **common,
    )


def _word_message(name: str, reading: Any) -> str:
    sheets = "、".join(reading.sheets)
    waiting = "" if reading.complete else f"（只有{sheets}，等待同一项目的{'附件4' if '附件3' in sheets else '附件3'}）"
    unread = f"，{len(reading.findings)} 处请核对" if reading.findings else ""
    return f"{name or '（未命名项目）'}：Word 手填{sheets}{waiting}{unread}"


def _pair_word(store: Store, path: Path, item: Incoming) -> ImportOutcome | None:
    """A lone 附件3/附件4 completing the stored other half of the same project."""
    partner = word_intake.find_partner(store, item.word)
    if partner is None:
        return None
    earlier = word_intake.word_source(store, partner)
    doc, findings = word_intake.complete_with(store, partner, item)
    store.replace_document(partner, doc, actor=ACTOR, reason=f"与 Word 手填的{'、'.join(item.word.sheets)}配对")
    word_intake.remember(store, partner, path.name, item.word, earlier, tuple(findings))
    _record_status(store, partner, item.definition, doc)
    name = str(docs.get(doc, "/project/name") or item.word.project_name)
    code = str(docs.get(doc, "/enterprise/credit_code") or "")
    other = "、".join(earlier.get("files", [])) if earlier else ""
    notes = (*item.word.findings, *findings)
    return ImportOutcome(
        path, "imported", f"{name}：与先前导入的“{other}”配对，附件3和附件4已齐全"
        + (f"，{len(notes)} 处请核对" if notes else ""),
        partner, project_name=name, credit_code=code, entry=item.entry, notes=notes,
    )


def _invisible_note(texts: Sequence[str]) -> str:
    """" 注意：项目名称含有零宽空格（U+200B）" for the names and code the clerk cannot fully see (``texts``:
    project name, enterprise name, credit code)."""
    notes = []
    for text, label in zip(texts, ("项目名称", "企业名称", "统一社会信用代码"), strict=False):
        found = invisible_characters(text)
        if found:
            notes.append(f"{label}含有{'、'.join(found)}")
    return f"（注意：{'；'.join(notes)}，已按原样保存）" if notes else ""


def _review_update(store: Store, app_id: str, summary: Any, item: Incoming) -> str:
    """The county reviewed again since its last package: the city sees the new review (content unchanged)."""
    travelled = decisions.travelled(store, app_id, item, ACTOR)
    if item.review is None:
        return travelled
    stored = (summary.county_review_state, summary.county_review_comment, summary.county_review_county,
              summary.county_review_date)
    if tuple(item.review) == stored:
        return travelled
    store.set_county_review(app_id, *item.review)
    state, comment = item.review[0] or "未审核", item.review[1]
    return f"县级审核已更新为“{state}”" + (f"（{comment}）" if comment else "") + "。" + travelled


def _create(store: Store, item: Incoming, checked: Checked | None, stored: StoredRows | None = None) -> str:
    """A new application with its region, the county's review and the rules' status, in one statement."""
    if checked is None:
        checked = reading.check(item)
    app_id = store.create(
        item.doc if stored is None else None, actor=ACTOR, origin=item.origin, submission_id=item.submission_id,
        revision=item.revision or 0, status=checked, region=item.region or None, county_review=item.review,
        stored=stored, savepoint=False,  # inside the file's own savepoint (importing._store_read)
    )
    decisions.travelled(store, app_id, item, ACTOR)
    return app_id


def _arrived(store: Store, app_id: str, item: Incoming, checked: Checked | None = None) -> None:
    """Region, the county's review and the validation status of an application just replaced."""
    if item.region:
        store.set_region(app_id, *item.region)
    if item.review is not None:
        store.set_county_review(app_id, *item.review)
    decisions.travelled(store, app_id, item, ACTOR)
    _record_status(store, app_id, item.definition, item.doc, checked)


def _conflict_reason(old_sid: str | None, old_rev: int, item: Incoming) -> str:
    if item.submission_id and old_sid == item.submission_id:
        if (item.revision or 0) == old_rev:
            return f"同一报送文件的同一版本（第{old_rev}版）内容不同"
        return f"收到的第{item.revision}版比已导入的第{old_rev}版旧"
    return "已有同一统一社会信用代码和项目名称的申报"


def _replace(
    store: Store, app_id: str, old_rev: int, old: dict[str, Any], item: Incoming, reason: str,
    checked: Checked | None = None,
) -> None:
    with store.transaction():
        store.add_history(app_id, old_rev, old, reason)
        store.replace_document(app_id, item.doc, actor=ACTOR, reason=reason)
        summary = store.summary(app_id)
        store.set_submission(
            app_id, item.submission_id or summary.submission_id,
            item.revision if item.revision is not None else summary.revision,
        )
        if summary.review_state != REVIEW_STATES[0]:
            store.set_review(app_id, REVIEW_STATES[0], "", actor=ACTOR)
        _arrived(store, app_id, item, checked)
        if item.word is not None:  # the values now read from the Word: where each came from
            word_intake.remember(store, app_id, item.word.file, item.word, word_intake.word_source(store, app_id))


def accept_incoming(store: Store, outcome: ImportOutcome) -> ImportOutcome:
    """The clerk chose the incoming version of a conflict: replace, keeping the old one in history."""
    if outcome.status != "conflict" or outcome.incoming is None or outcome.app_id is None:
        raise ValueError("only a conflict can be resolved")
    if outcome.other_enterprise:
        return keep_both(store, outcome)
    summary = store.summary(outcome.app_id)
    old = docs.canonical(outcome.incoming.definition, store.load(outcome.app_id))
    _replace(store, outcome.app_id, summary.revision, old, outcome.incoming, "县级审核人员选择了新收到的版本")
    return ImportOutcome(
        outcome.path, "replaced", f"{outcome.project_name}：已替换为新收到的版本，旧版本已存入历史。",
        outcome.app_id, outcome.project_name, outcome.credit_code, outcome.revision, outcome.entry, outcome.changes,
    )


def keep_both(store: Store, outcome: ImportOutcome) -> ImportOutcome:
    """The clerk decided that the incoming application of a conflict is a project of its own (an agency
    re-used another enterprise's copy): store it beside the existing one, which stays as it was."""
    if outcome.status != "conflict" or outcome.incoming is None:
        raise ValueError("only a conflict can be resolved")
    item = outcome.incoming
    with store.transaction():
        checked = reading.check(item)
        app_id = store.create(
            item.doc, actor=ACTOR, origin=ORIGIN, submission_id=item.submission_id, revision=item.revision or 0,
            status=checked, region=item.region or None, county_review=item.review,
        )
        decisions.travelled(store, app_id, item, ACTOR)
        if outcome.app_id is not None:  # travels in the county package, so that the city keeps both too
            decisions.remember(store, app_id, outcome.app_id, "both", actor="clerk")
    return ImportOutcome(
        outcome.path, "imported", f"{outcome.project_name}：已作为另一个项目导入，原有申报保持不变。",
        app_id, outcome.project_name, outcome.credit_code, outcome.revision, outcome.entry, outcome.changes,
    )
