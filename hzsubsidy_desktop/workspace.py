"""Small operations over a :class:`Store` that the GUI and the command line share.

Each operation parses what a person typed through the form definition, saves it atomically,
and returns what changed plus the new validation report. Nothing is written when the input
is rejected: :class:`~hzsubsidy_desktop.values.field_types.InputError` carries the Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.store import Store
from hzsubsidy_desktop.validation import Report, validate
from hzsubsidy_desktop.values.field_types import Parsed, check_characters, parse_input

PROFILE_FIELDS = "/enterprise"


@dataclass(frozen=True)
class EditResult:
    pointer: str
    value: Any
    note: str | None
    changed: bool


class Workspace:
    """The application's data, as the people who use it think of it."""

    def __init__(self, store: Store, actor: str = "enterprise") -> None:
        self.store = store
        self.actor = actor

    # -- documents -----------------------------------------------------------------
    def definition_for(self, app_id: str) -> FormDefinition:
        return load_definition(self.store.summary(app_id).form_id)

    def load(self, app_id: str) -> dict[str, Any]:
        doc = self.store.load(app_id)
        return docs.canonical(load_definition(doc["form_id"]), doc)

    def word_source(self, app_id: str) -> tuple[dict[str, Any], list[str]] | None:
        """For an application read from a hand-filled Word: (file, sheets, findings record; where each value was read)."""
        from hzsubsidy_desktop.county.word_intake import source_lines, word_source

        record = word_source(self.store, app_id)
        if record is None:
            return None
        return record, source_lines(self.definition_for(app_id), self.load(app_id), record)

    def report(self, app_id: str) -> Report:
        doc = self.load(app_id)
        report = validate(load_definition(doc["form_id"]), doc)
        self.store.record_status(app_id, report.status(), len(report.blocking), len(report.warnings))
        return report

    def new_application(self, *, from_profile: bool = False, form_id: str | None = None) -> str:
        """A new application of notice ``form_id`` (default: the newest installed notice)."""
        if form_id is None:
            from hzsubsidy_desktop.formdef import notices

            form_id = notices.installed().newest().id
        definition = load_definition(form_id)
        doc = docs.new_document(definition)
        if from_profile:
            profile = self.store.load_profile()
            if profile:
                doc["enterprise"] = {
                    k: v for k, v in profile.items() if definition.has_field(f"/enterprise/{k}")
                }
        app_id = self.store.create(doc, actor=self.actor)
        self.report(app_id)
        return app_id

    def add_document(self, doc: dict[str, Any], *, origin: str = "local") -> str:
        """Store a checked document (see :mod:`hzsubsidy_desktop.interchange.application_file`)."""
        app_id = self.store.create(doc, actor=self.actor, origin=origin)
        self.report(app_id)
        return app_id

    def save_profile(self, app_id: str) -> None:
        """Remember this application's enterprise block for the next new application."""
        self.store.save_profile(docs.get(self.load(app_id), PROFILE_FIELDS) or {})

    # -- edits -----------------------------------------------------------------------
    def parse(self, app_id: str, pointer: str, text: Any) -> Parsed:
        """Parse without saving (raises InputError)."""
        return parse_input(self.definition_for(app_id).field(pointer), text)

    def edit(self, app_id: str, pointer: str, text: Any) -> EditResult:
        """Parse typed text for the field at ``pointer`` and save it."""
        parsed = self.parse(app_id, pointer, text)
        changed = self.store.set_value(app_id, pointer, parsed.value, actor=self.actor)
        return EditResult(pointer, parsed.value, parsed.note, changed)

    def explain(self, app_id: str, finding_key: str, text: str) -> None:
        """Record (or with empty text, withdraw) the explanation of an explain-to-proceed finding."""
        check_characters(text, "说明")
        value = text.strip()[:2000] or None
        self.store.set_value(app_id, f"/explanations/{docs.escape(finding_key)}", value, actor=self.actor)

    def add_row(self, app_id: str, table: str, index: int | None = None, values: dict[str, Any] | None = None) -> int:
        definition = self.definition_for(app_id)
        table_def = definition.table_at(table)
        count = len(docs.get(self.store.load(app_id), table) or [])
        if count >= table_def.max_rows:
            from hzsubsidy_desktop.values.field_types import InputError

            raise InputError(f"“{table_def.title}”最多{table_def.max_rows}行。")
        return self.store.add_row(app_id, table, index=index, values=values, actor=self.actor)

    def remove_row(self, app_id: str, table: str, index: int) -> None:
        self.store.remove_row(app_id, table, index, actor=self.actor)

    def move_row(self, app_id: str, table: str, index: int, new_index: int) -> None:
        self.store.move_row(app_id, table, index, new_index, actor=self.actor)
