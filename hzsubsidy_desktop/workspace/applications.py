"""The enterprise's operations on its applications: create, edit, explain, rows, copy, trash, export, send.

Each operation parses what a person typed through the form definition, saves it atomically,
and returns what changed. Nothing is written when the input is rejected:
:class:`~hzsubsidy_desktop.values.field_types.InputError` carries the Chinese message.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.store import AuditEntry
from hzsubsidy_desktop.workspace.base import WorkspaceBase, load_definition

if TYPE_CHECKING:
    from hzsubsidy_desktop.export import ExportResult
    from hzsubsidy_desktop.values.field_types import Parsed

PROFILE_FIELDS = "/enterprise"
NAME_FIELD = "/project/name"


def copy_name(name: str) -> str:
    """The project name of a copy: “…（副本）”, “…（副本2）” for a copy of a copy."""
    match = re.fullmatch(r"(.*)（副本(\d*)）", name)
    if match:
        return f"{match.group(1)}（副本{int(match.group(2) or 1) + 1}）"
    return f"{name}（副本）"


@dataclass(frozen=True)
class EditResult:
    pointer: str
    value: Any
    note: str | None
    changed: bool


class ApplicationOps(WorkspaceBase):
    # -- creating ------------------------------------------------------------------------------
    def new_application(self, *, from_profile: bool = False, form_id: str | None = None) -> str:
        """A new application of notice ``form_id`` (default: the newest installed notice)."""
        if form_id is None:
            from hzsubsidy_desktop.formdef import notices

            form_id = notices.installed().newest().id
        definition = load_definition(form_id)
        doc = docs.new_document(definition)
        if from_profile:
            profile = self._store.load_profile()
            if profile:
                doc["enterprise"] = {
                    k: v for k, v in profile.items() if definition.has_field(f"/enterprise/{k}")
                }
        app_id = self._store.create(doc, actor=self.actor)
        self.report(app_id)
        return app_id

    def add_document(self, doc: dict[str, Any], *, origin: str = "local") -> str:
        """Store a checked document (see :mod:`hzsubsidy_desktop.interchange.application_file`)."""
        app_id = self._store.create(doc, actor=self.actor, origin=origin)
        self.report(app_id)
        return app_id

    def adopt_file(self, path: Path) -> str:
        """Store the application of a JSON file, re-using the local application of the same
        project (same credit code and project name) from an earlier run (raises FormatError)."""
        from hzsubsidy_desktop.county import same_content
        from hzsubsidy_desktop.interchange.application_file import read_application_file

        definition, doc = read_application_file(path)
        code = str(docs.get(doc, "/enterprise/credit_code") or "")
        name = str(docs.get(doc, "/project/name") or "")
        for s in self._store.summaries():
            if s.origin == "local" and s.credit_code == code and s.project_name == name:
                if not same_content(docs.canonical(definition, self._store.load(s.id)), doc):
                    self._store.replace_document(s.id, doc, actor=self.actor, reason=f"来自文件 {path.name}")
                    self.report(s.id)
                return s.id
        return self.add_document(doc)

    def duplicate(self, app_id: str) -> str:
        """A copy to start a similar application from, named “…（副本）” so the two are told apart
        in every list. Explanations are not copied: they explain the original's numbers, which the
        copy is about to change."""
        doc = self._store.load(app_id)
        doc.pop("explanations", None)
        name = docs.get(doc, NAME_FIELD)
        if isinstance(name, str) and name.strip():
            from hzsubsidy_desktop.values.field_types import InputError, parse_input

            definition = load_definition(doc["form_id"])
            try:
                docs.put(doc, NAME_FIELD, parse_input(definition.field(NAME_FIELD), copy_name(name)).value)
            except InputError:
                pass  # a name at its length limit stays as it was
        new_id = self._store.create(doc, actor=self.actor)
        self.report(new_id)
        return new_id

    # -- the profile ---------------------------------------------------------------------------------
    def save_profile(self, app_id: str) -> None:
        """Remember this application's enterprise block for the next new application."""
        self._store.save_profile(docs.get(self.load(app_id), PROFILE_FIELDS) or {})

    def has_profile(self) -> bool:
        return bool(self._store.load_profile())

    # -- edits -----------------------------------------------------------------------------------
    def parse(self, app_id: str, pointer: str, text: Any) -> Parsed:
        """Parse without saving (raises InputError)."""
        from hzsubsidy_desktop.values.field_types import parse_input  # not at load: start-up needs no parsing

        return parse_input(self.definition_for(app_id).field(pointer), text)

    def edit(self, app_id: str, pointer: str, text: Any) -> EditResult:
        """Parse typed text for the field at ``pointer`` and save it."""
        parsed = self.parse(app_id, pointer, text)
        changed = self._store.set_value(app_id, pointer, parsed.value, actor=self.actor)
        return EditResult(pointer, parsed.value, parsed.note, changed)

    def explain(self, app_id: str, finding_key: str, text: str) -> None:
        """Record (or with empty text, withdraw) the explanation of an explain-to-proceed finding."""
        from hzsubsidy_desktop.values.field_types import check_characters

        check_characters(text, "说明")
        value = text.strip()[:2000] or None
        self._store.set_value(app_id, f"/explanations/{docs.escape(finding_key)}", value, actor=self.actor)

    def add_row(self, app_id: str, table: str, index: int | None = None, values: dict[str, Any] | None = None) -> int:
        definition = self.definition_for(app_id)
        table_def = definition.table_at(table)
        count = len(docs.get(self._store.load(app_id), table) or [])
        if count >= table_def.max_rows:
            from hzsubsidy_desktop.values.field_types import InputError

            raise InputError(f"“{table_def.title}”最多{table_def.max_rows}行。")
        return self._store.add_row(app_id, table, index=index, values=values, actor=self.actor)

    def remove_row(self, app_id: str, table: str, index: int) -> None:
        self._store.remove_row(app_id, table, index, actor=self.actor)

    def move_row(self, app_id: str, table: str, index: int, new_index: int) -> None:
        self._store.move_row(app_id, table, index, new_index, actor=self.actor)

    # -- where the person is ---------------------------------------------------------------------
    def set_step(self, app_id: str, step: str) -> None:
        """Remember the wizard step, so reopening returns there."""
        self._store.set_step(app_id, step)

    def current_step(self, app_id: str) -> str:
        return self._store.summary(app_id).current_step

    # -- trash and history ---------------------------------------------------------------------------
    def delete(self, app_id: str) -> None:
        """Move to the trash; :meth:`restore` brings it back."""
        self._store.delete(app_id, actor=self.actor)

    def restore(self, app_id: str) -> None:
        self._store.restore(app_id, actor=self.actor)

    def audit_trail(self, app_id: str) -> list[AuditEntry]:
        """Every change of one application, oldest first."""
        return self._store.audit_trail(app_id)

    # -- files ---------------------------------------------------------------------------------------
    def export(self, app_id: str, folder: Path, *, draft: bool = False, pdf: bool = False) -> ExportResult:
        """附件3 and 附件4 as .docx/.xlsx (and PDF) in ``folder`` (raises ExportBlocked, ExportError)."""
        from hzsubsidy_desktop.export import export_application
        from hzsubsidy_desktop.papercode.payload import code_for

        # The pages carry the identity the next submission file will carry: the submission id (given
        # here on the first final export and kept) and the revision the next pack gives.
        summary = self._store.summary(app_id)
        definition, doc = self.definition_for(app_id), self.load(app_id)
        sid = summary.submission_id or (None if draft else uuid.uuid4().hex)
        code = code_for(definition, doc, submission_id=sid, revision=summary.revision + 1, draft=draft)
        result = export_application(definition, doc, Path(folder), draft=draft, pdf=pdf, code=code)
        if sid and sid != summary.submission_id:
            self._store.set_submission(app_id, sid, summary.revision)
        return result

    def pack_application(self, app_id: str, folder: Path, *, draft: bool = False) -> Path:
        """The submission file (.hzsub) for the county (raises ExportBlocked, ExportError)."""
        from hzsubsidy_desktop.interchange.submission import pack_application

        return pack_application(self._store, app_id, Path(folder), draft=draft)
