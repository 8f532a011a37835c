"""Importing files into the county's database: each file its own unit, one transaction per file.

Every file is checked completely (:mod:`hzsubsidy_desktop.interchange.intake`) before it touches the
database and is then imported in one transaction, so a rejected file never changes anything, and any
failure of one file (even an unexpected one) is that file's Chinese result while the batch goes on.
Only a storage failure (disk full, read-only or locked database) stops the batch: :class:`ImportStopped`.
:func:`iter_import` yields each file's outcomes as soon as it is done.

What an incoming application is relative to the database is decided by
:mod:`~hzsubsidy_desktop.county.matching`: *identical* (skipped), a *newer revision* of the same
enterprise's submission (replaces the older one, which goes to the history), a *conflict* that the clerk
decides on with :func:`~hzsubsidy_desktop.county.diff.diff_documents` (also: a submission id that belongs
to another enterprise, never a replacement), or a *suspected duplicate* (疑似重复), stored but counted
once until the clerk decides (:mod:`~hzsubsidy_desktop.county.duplicates`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county import decisions, reading, word_intake
from hzsubsidy_desktop.county.diff import FieldChange, diff_documents, same_content
from hzsubsidy_desktop.county.matching import Match, match_incoming
from hzsubsidy_desktop.county.reading import Checked, FileRead
from hzsubsidy_desktop.county.review import REVIEW_STATES
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.interchange.intake import collect_files, read_incoming
from hzsubsidy_desktop.store import Store, StoreError
from hzsubsidy_desktop.store.database import StoredRows
from hzsubsidy_desktop.validation import validate
from hzsubsidy_desktop.values.identity import invisible_characters, lookalike_problem

ACTOR = "import"
ORIGIN = "import"
WORD_ORIGIN = "word"  # read from a hand-filled Word 附件3/附件4 (interchange.word_import)
COUNTY_ORIGINS = (ORIGIN, WORD_ORIGIN)  # what the county's list holds
BATCH_FILES = 200  # files per transaction at most (each in its own savepoint)
BATCH_SECONDS = 0.2  # and at most this long: outcomes reach the clerk at least this often
_READ_INCOMING = read_incoming  # replaced by tests to inject failures: then read in this process
STATUSES = ("imported", "replaced", "identical", "duplicate", "conflict", "rejected")
STATUS_LABELS = {
    "imported": "已导入",
    "replaced": "已替换旧版本",
    "identical": "相同，已跳过",
    "duplicate": "疑似重复",
    "conflict": "有冲突",
    "rejected": "已拒收",
}


class ImportStopped(StoreError):
    """The database cannot take more (disk full, read-only, locked): the batch stops here. The files
    imported before stay imported; this file and the ones after it were not imported."""

ProgressCallback = Callable[[int, int, Path], None]


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # one of STATUSES
    message: str  # one Chinese line
    app_id: str | None = None  # the stored application (new, replaced, identical, or kept on conflict)
    project_name: str = ""
    credit_code: str = ""
    revision: int | None = None
    entry: str = ""
    changes: tuple[FieldChange, ...] = ()
    incoming: Incoming | None = field(default=None, repr=False, compare=False)
    other_enterprise: bool = False  # a conflict because the submission id belongs to another enterprise
    duplicate_of: str | None = None  # the application this one may duplicate (status "duplicate")
    notes: tuple[str, ...] = ()  # what a Word file could not give (findings naming the official labels)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def line(self) -> str:
        """``<file>[ <entry>]：<状态>  <message>`` for the CLI and logs."""
        where = self.path.name + (f" {self.entry}" if self.entry else "")
        return f"{where}：{self.label}。{self.message}"


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    *,
    on_conflict: str = "keep",
    progress: ProgressCallback | None = None,
) -> list[ImportOutcome]:
    """Import files and folders; one outcome per application (a county package gives several).
    Raises :class:`ImportStopped` when the database cannot take more (see :func:`iter_import`)."""
    files = collect_files(paths)
    outcomes: list[ImportOutcome] = []
    for done, (path, found) in enumerate(iter_import(store, files, on_conflict=on_conflict), start=1):
        outcomes.extend(found)
        if progress is not None:
            progress(done, len(files), path)
    return outcomes


def iter_import(
    store: Store,
    files: Iterable[Path],
    *,
    on_conflict: str = "keep",
    cancelled: Callable[[], bool] | None = None,
    processes: bool | None = None,
) -> Iterator[tuple[Path, list[ImportOutcome]]]:
    """Import file after file, yielding each file's outcomes in file order once they are committed.

    Files are read and checked ahead (:mod:`~hzsubsidy_desktop.county.reading`: in worker processes when
    there are many, ``processes`` forces the choice) and stored in batches: one transaction for up to
    ``BATCH_FILES`` files or ``BATCH_SECONDS``, each file inside it in its own savepoint, so a file that
    fails is rolled back alone, exactly as if it had its own transaction. A file's outcomes are yielded
    only after its batch committed: a process killed mid-batch never reported as imported anything that
    is not in the database (the whole batch is gone, and importing the folder again imports it).
    A storage failure (disk full, read-only, locked) rolls the batch back and stores its files again one
    transaction each up to the failing one, then raises :class:`ImportStopped`, exactly as importing file
    by file would. ``cancelled`` is asked between files: the batch so far is committed and yielded, and
    the import stops."""
    if on_conflict not in ("keep", "replace"):
        raise ValueError(f"on_conflict must be 'keep' or 'replace', not {on_conflict!r}")
    files = list(files)
    # read_incoming looked up here, at call time (tests replace it to inject failures).
    reader = reading.read_files(files, None if read_incoming is _READ_INCOMING else read_incoming,
                                processes=processes)
    try:
        pending = iter(reader)
        while True:
            batch: list[tuple[FileRead, list[ImportOutcome]]] = []
            stop = cancelled is not None and cancelled()
            failed: StoreError | None = None
            if not stop:
                storing = False
                try:
                    with store.transaction():
                        started = time.monotonic()
                        for read in pending:
                            storing = True
                            batch.append((read, _store_read(store, read, on_conflict)))
                            storing = False
                            if len(batch) >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
                                break
                            if not reader.ready() or (cancelled is not None and cancelled()):
                                break  # commit what is done rather than hold the batch open while waiting
                except StoreError as exc:
                    failed = exc
            if failed is None:
                for read, found in batch:
                    yield read.path, found
            else:
                culprit = read if storing else None
                if not batch and culprit is None:  # the batch could not start: the next file alone decides
                    culprit = next(pending, None)
                    if culprit is None:
                        return
                    batch, culprit = [(culprit, [])], None
                yield from _one_by_one(store, batch, failed, culprit=culprit, on_conflict=on_conflict)
            if stop or not batch or (cancelled is not None and cancelled()):
                return
    finally:
        reader.close()


def _one_by_one(
    store: Store,
    batch: list[tuple[FileRead, list[ImportOutcome]]],
    failed: StoreError,
    *,
    culprit: FileRead | None,
    on_conflict: str,
) -> Iterator[tuple[Path, list[ImportOutcome]]]:
    """A batch rolled back by a storage failure, stored again one transaction per file, as importing file
    by file would have: the file whose storing failed (``culprit``) stops the import. When the failure
    was the batch's own (its start or commit), every file is tried alone and the import goes on."""
    for read, _found in batch:
        try:
            found = _store_read(store, read, on_conflict)
        except ImportStopped:
            raise
        except StoreError as exc:
            raise ImportStopped(str(exc)) from exc
        yield read.path, found
    if culprit is not None:
        raise ImportStopped(str(failed)) from failed


def import_file(store: Store, path: Path, *, on_conflict: str = "keep") -> list[ImportOutcome]:
    """Import one file in one transaction; a rejected file leaves the database as it was.

    Never raises for anything in the file; raises :class:`ImportStopped` when storage fails."""
    try:
        return _store_read(store, reading.read_file(path, read_incoming), on_conflict)
    except ImportStopped:
        raise
    except StoreError as exc:
        raise ImportStopped(str(exc)) from exc


def _store_read(store: Store, read: FileRead, on_conflict: str) -> list[ImportOutcome]:
    """Store one file read in its own transaction (a savepoint inside a batch); raises :class:`StoreError`
    when storage fails, and for anything else gives the file's Chinese result with nothing stored."""
    if read.refused is not None:
        return [ImportOutcome(read.path, "rejected", read.refused)]
    try:
        with store.transaction():
            return [
                _store_one(store, read.path, item, on_conflict, checked, stored)
                for item, checked, stored in zip(read.items, read.checked, read.stored, strict=True)
            ]
    except StoreError:
        raise
    except MemoryError:
        return [ImportOutcome(read.path, "rejected", reading.MEMORY)]
    except Exception as exc:  # noqa: BLE001 - one file must never stop the batch or show a traceback
        return [ImportOutcome(read.path, "rejected", reading.unexpected(exc))]


def _record_status(
    store: Store, app_id: str, definition: FormDefinition, doc: dict[str, Any], checked: Checked | None = None
) -> None:
    if checked is None:
        report = validate(definition, doc)
        checked = report.status(), len(report.blocking), len(report.warnings)
    store.record_status(app_id, *checked)


def _store_one(
    store: Store, path: Path, item: Incoming, on_conflict: str, checked: Checked | None = None,
    stored: StoredRows | None = None,
) -> ImportOutcome:
    """``checked`` and ``stored``: the rules' status of ``item.doc`` and its rows for the database (both
    computed when reading), else computed here."""
    if item.word is not None:
        paired = _pair_word(store, path, item)
        if paired is not None:
            return paired
    doc = item.doc
    name = str(docs.get(doc, "/project/name") or "") or (item.word.project_name if item.word is not None else "")
    code = str(docs.get(doc, "/enterprise/credit_code") or "")
    common = {"project_name": name, "credit_code": code, "revision": item.revision, "entry": item.entry}
    lookalike = lookalike_problem(code)
    if lookalike:
        return ImportOutcome(path, "rejected", f"{name}：“统一社会信用代码”{lookalike}。", **common)
    same_project = word_intake.find_same_project(store, item.word) if item.word is not None else None
    match = Match("same", same_project) if same_project else match_incoming(store, item, code, name)
    decided = decisions.decision_on(store, item, match.app_id) if match.kind in ("suspect", "other_enterprise") else None
    if decided is not None:  # the county decided on exactly this pair (a county package): not a duplicate here
        match, pair = Match("new"), match.app_id or ""
    flags = _invisible_note(doc)
    if match.kind == "suspect" and match.app_id:
        earlier = docs.canonical(item.definition, store.load(match.app_id))
        if same_content(earlier, doc):
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
            own = store.own_application_of(item.submission_id) if item.submission_id else None
            both = "（本数据库中也有企业填报的同一申报，县级收到的这份单独保存在项目清单中，两者互不影响）" if own else ""
            return ImportOutcome(path, "imported", f"{name or '（未命名项目）'}{rev}{both}{flags}", app_id, **common)
        store.set_duplicate_of(app_id, match.app_id, actor=ACTOR)
        old = docs.canonical(item.definition, store.load(match.app_id or ""))
        changes = tuple(diff_documents(item.definition, old, doc))
        return ImportOutcome(
            path, "duplicate",
            f"{name or '（未命名项目）'}{rev}：{match.reason}，疑似重复。在核对并选择（都保留 / 只保留一份）之前，"
            f"附件5 只计算原有的一份。{flags}",
            app_id, changes=changes, incoming=item, duplicate_of=match.app_id, **common,
        )
    existing = match.app_id or ""
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


def _invisible_note(doc: dict[str, Any]) -> str:
    """" 注意：项目名称含有零宽空格（U+200B）" for the names and code the clerk cannot fully see."""
    notes = []
    for pointer, label in (
        ("/project/name", "项目名称"), ("/enterprise/name", "企业名称"), ("/enterprise/credit_code", "统一社会信用代码")
    ):
        found = invisible_characters(str(docs.get(doc, pointer) or ""))
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
        item.doc, actor=ACTOR, origin=item.origin, submission_id=item.submission_id, revision=item.revision or 0,
        status=checked, region=item.region or None, county_review=item.review, stored=stored,
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
