"""Importing files into the county's database: one transaction per file, identical / newer revision / conflict.

Every file is checked completely (:mod:`hzsubsidy_desktop.interchange.intake`) before it touches the
database and is then imported in one transaction, so a rejected file never changes anything. The same
submission id (or the same credit code + project name) again is *identical* (skipped), a *newer
revision* (replaces the older one, which goes to the history), or a *conflict* that the clerk decides
on with :func:`~hzsubsidy_desktop.county.diff.diff_documents`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county.diff import FieldChange, diff_documents, same_content
from hzsubsidy_desktop.county.review import REVIEW_STATES
from hzsubsidy_desktop.formdef import FormDefinition
from hzsubsidy_desktop.interchange.incoming import Incoming
from hzsubsidy_desktop.interchange.intake import collect_files, read_incoming
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.store import Store, StoreError
from hzsubsidy_desktop.validation import validate

ACTOR = "import"
ORIGIN = "import"
STATUSES = ("imported", "replaced", "identical", "conflict", "rejected")
STATUS_LABELS = {
    "imported": "已导入",
    "replaced": "已替换旧版本",
    "identical": "相同，已跳过",
    "conflict": "有冲突",
    "rejected": "已拒收",
}

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
    """Import files and folders; one outcome per application (a county package gives several)."""
    if on_conflict not in ("keep", "replace"):
        raise ValueError(f"on_conflict must be 'keep' or 'replace', not {on_conflict!r}")
    files = collect_files(paths)
    outcomes: list[ImportOutcome] = []
    for done, path in enumerate(files, start=1):
        outcomes.extend(import_file(store, path, on_conflict=on_conflict))
        if progress is not None:
            progress(done, len(files), path)
    return outcomes


def import_file(store: Store, path: Path, *, on_conflict: str = "keep") -> list[ImportOutcome]:
    """Import one file in one transaction; a rejected file leaves the database as it was."""
    try:
        incoming = read_incoming(path)
    except SubmissionRejected as exc:
        return [ImportOutcome(path, "rejected", exc.message)]
    try:
        with store.transaction():
            return [_store_one(store, path, item, on_conflict) for item in incoming]
    except StoreError as exc:
        return [ImportOutcome(path, "rejected", f"未能保存：{exc}")]


def _record_status(store: Store, app_id: str, definition: FormDefinition, doc: dict[str, Any]) -> None:
    report = validate(definition, doc)
    store.record_status(app_id, report.status(), len(report.blocking), len(report.warnings))


def _store_one(store: Store, path: Path, item: Incoming, on_conflict: str) -> ImportOutcome:
    doc = item.doc
    name = str(docs.get(doc, "/project/name") or "")
    code = str(docs.get(doc, "/enterprise/credit_code") or "")
    common = {"project_name": name, "credit_code": code, "revision": item.revision, "entry": item.entry}
    existing = store.find_submission(item.submission_id) if item.submission_id else None
    if existing is None:
        existing = store.find_identity(code, name)
    if existing is None:
        app_id = store.create(
            doc, actor=ACTOR, origin=ORIGIN, submission_id=item.submission_id, revision=item.revision or 0
        )
        if item.region:
            store.set_region(app_id, *item.region)
        _record_status(store, app_id, item.definition, doc)
        rev = f"（第{item.revision}版）" if item.revision else ""
        return ImportOutcome(path, "imported", f"{name or '（未命名项目）'}{rev}", app_id, **common)
    summary = store.summary(existing)
    old = docs.canonical(item.definition, store.load(existing))
    if same_content(old, doc):
        return ImportOutcome(path, "identical", f"{name}：与已导入的内容相同。", existing, **common)
    changes = tuple(diff_documents(item.definition, old, doc))
    newer = (
        item.submission_id is not None
        and summary.submission_id == item.submission_id
        and (item.revision or 0) > summary.revision
    )
    if newer:
        _replace(store, existing, summary.revision, old, item, f"第{item.revision}版替换第{summary.revision}版")
        return ImportOutcome(
            path, "replaced",
            f"{name}：第{item.revision}版替换了第{summary.revision}版（{len(changes)} 处不同，旧版本已存入历史）。",
            existing, changes=changes, incoming=item, **common,
        )
    why = _conflict_reason(summary.submission_id, summary.revision, item)
    if on_conflict == "replace":
        _replace(store, existing, summary.revision, old, item, f"按选择替换（{why}）")
        return ImportOutcome(
            path, "replaced", f"{name}：{why}，已按选择替换（{len(changes)} 处不同，旧版本已存入历史）。",
            existing, changes=changes, incoming=item, **common,
        )
    return ImportOutcome(
        path, "conflict", f"{name}：{why}，有 {len(changes)} 处不同，已保留原有版本，请核对后选择。",
        existing, changes=changes, incoming=item, **common,
    )


def _conflict_reason(old_sid: str | None, old_rev: int, item: Incoming) -> str:
    if item.submission_id and old_sid == item.submission_id:
        if (item.revision or 0) == old_rev:
            return f"同一报送文件的同一版本（第{old_rev}版）内容不同"
        return f"收到的第{item.revision}版比已导入的第{old_rev}版旧"
    return "已有同一统一社会信用代码和项目名称的申报"


def _replace(store: Store, app_id: str, old_rev: int, old: dict[str, Any], item: Incoming, reason: str) -> None:
    with store.transaction():
        store.add_history(app_id, old_rev, old, reason)
        store.replace_document(app_id, item.doc, actor=ACTOR, reason=reason)
        summary = store.summary(app_id)
        store.set_submission(
            app_id, item.submission_id or summary.submission_id,
            item.revision if item.revision is not None else summary.revision,
        )
        if item.region:
            store.set_region(app_id, *item.region)
        if summary.review_state != REVIEW_STATES[0]:
            store.set_review(app_id, REVIEW_STATES[0], "", actor=ACTOR)
        _record_status(store, app_id, item.definition, item.doc)


def accept_incoming(store: Store, outcome: ImportOutcome) -> ImportOutcome:
    """The clerk chose the incoming version of a conflict: replace, keeping the old one in history."""
    if outcome.status != "conflict" or outcome.incoming is None or outcome.app_id is None:
        raise ValueError("only a conflict can be resolved")
    summary = store.summary(outcome.app_id)
    old = docs.canonical(outcome.incoming.definition, store.load(outcome.app_id))
    _replace(store, outcome.app_id, summary.revision, old, outcome.incoming, "县级审核人员选择了新收到的版本")
    return ImportOutcome(
        outcome.path, "replaced", f"{outcome.project_name}：已替换为新收到的版本，旧版本已存入历史。",
        outcome.app_id, outcome.project_name, outcome.credit_code, outcome.revision, outcome.entry, outcome.changes,
    )
