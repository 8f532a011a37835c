"""The county clerk's operations: import, conflicts, review, county settings and 附件2, 附件5 rows, packing.

They compose the functions of :mod:`hzsubsidy_desktop.county` over the workspace's store; the
GUI's worker threads (import, long lists) make their own workspace (``Workspace.open``) on their
own connection.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hzsubsidy_desktop.store import ApplicationSummary
from hzsubsidy_desktop.workspace.base import WorkspaceBase

if TYPE_CHECKING:
    from types import ModuleType

    from hzsubsidy_desktop.county import ImportOutcome, PendingDuplicate, ProjectRow
    from hzsubsidy_desktop.county.notice_choice import NoticeChoice
    from hzsubsidy_desktop.formdef import FormDefinition
    from hzsubsidy_desktop.papercode.verify import ScanReport


def _county() -> ModuleType:
    # Deferred: the county package loads every importer (Word, spreadsheets, schemas); opening the
    # main window does not need it (start-up is measured against a bare window).
    from hzsubsidy_desktop import county

    return county

CLERK = "clerk"  # the actor of the county clerk's changes (review, corrections, removal)


class CountyOps(WorkspaceBase):
    # -- import ------------------------------------------------------------------------------------
    def import_files(self, paths: Iterable[str | Path], **options: Any) -> list[ImportOutcome]:
        """Import files and folders (``on_conflict="keep"|"replace"``, ``progress``); one outcome per application."""
        return _county().import_files(self._store, paths, **options)

    def import_file(self, path: Path, **options: Any) -> list[ImportOutcome]:
        """Import one file in one transaction; a rejected file leaves the database as it was."""
        return _county().import_file(self._store, path, **options)

    def accept_incoming(self, outcome: ImportOutcome) -> ImportOutcome:
        """Take the received version of a conflict (the stored one goes to the history)."""
        return _county().accept_incoming(self._store, outcome)

    def iter_import(self, files: Iterable[Path], **options: Any) -> Iterator[tuple[Path, list[ImportOutcome]]]:
        """Import file after file, yielding each file's outcomes once committed (``cancelled``, ``processes``; raises ImportStopped)."""
        return _county().iter_import(self._store, files, **options)

    def keep_both(self, outcome: ImportOutcome) -> ImportOutcome:
        """A conflict whose received application is a project of its own: store it beside the existing one."""
        return _county().keep_both(self._store, outcome)

    # -- paper against file -------------------------------------------------------------------------
    def verify_scans(self, paths: Iterable[str | Path], app_id: str | None = None) -> ScanReport:
        """Read the page codes of scanned pages and check them against the imported applications (read only)."""
        from hzsubsidy_desktop.papercode.verify import verify_scans

        if app_id is not None:
            self._store.summary(app_id)  # NotFound for an unknown id
        return verify_scans(self._store, paths, app_id)

    def record_paper_check(self, app_id: str, report: ScanReport) -> dict[str, Any]:
        """Keep the result of a paper check with the application's review (audited); returns the record."""
        from hzsubsidy_desktop.store.records import now

        record = {"at": now(), "summary": report.summary(), "all_match": report.all_match, "lines": report.lines(),
                  "revision": self._store.summary(app_id).revision}  # the revision the paper was checked against
        self._store.record_paper_check(app_id, record, actor=self.actor)
        return record

    def paper_check(self, app_id: str) -> dict[str, Any] | None:
        """The latest recorded paper check of an application, if any."""
        found = self._store.setting(f"paper_check/{app_id}")
        return found if isinstance(found, dict) else None

    def review_lines(self, app_id: str) -> list[str]:
        """The review of an application as text: own state and comment, own latest paper check, and what a
        county decided and checked (its review, suspected-duplicate decisions, paper check; read-only)."""
        s = self._store.summary(app_id)
        lines = [f"审核状态：{s.review_state}" + (f"（{s.review_comment}）" if s.review_comment else "")]
        own = self.paper_check(app_id)
        if own:
            lines.append(f"纸面核对（{str(own.get('at', ''))[:16].replace('T', ' ')}）：{own.get('summary', '')}")
        if s.county_review_state is not None or s.county_review_county:
            from hzsubsidy_desktop.county.review import county_review_line

            lines.append(county_review_line(s.county_review_state, s.county_review_comment, s.county_review_county,
                                            s.county_review_date))
        return lines + self.county_lines(app_id)

    def county_lines(self, app_id: str) -> list[str]:
        """What the county decided on suspected duplicates and found on the paper, as the city received it,
        and why the county's removal moved it to the trash (read-only); page lines start with a full-width space."""
        from hzsubsidy_desktop.county.decisions import county_lines
        from hzsubsidy_desktop.county.removals import removal_line

        removed = removal_line(self._store, app_id)
        return ([removed] if removed else []) + county_lines(self._store, app_id)

    # -- suspected duplicates ------------------------------------------------------------------------
    def pending_duplicates(self) -> list[PendingDuplicate]:
        """Suspected duplicates still waiting for the clerk's decision, oldest first."""
        return _county().pending_duplicates(self._store)

    def pending_outcome(self, pending: PendingDuplicate) -> ImportOutcome:
        """A pending suspected duplicate with its differences, for the decision dialog."""
        return _county().pending_outcome(self._store, pending)

    def decide_duplicate(self, app_id: str, choice: str) -> str:
        """Record the clerk's decision (``both`` / ``this`` / ``other``); returns a Chinese line."""
        return _county().decide_duplicate(self._store, app_id, choice, actor=self.actor)

    def word_source(self, app_id: str) -> tuple[dict[str, Any], list[str]] | None:
        """For an application read from a hand-filled Word: (file, sheets, findings record; where each value was read)."""
        from hzsubsidy_desktop.county.word_intake import source_lines, word_source

        record = word_source(self._store, app_id)
        if record is None:
            return None
        return record, source_lines(self.definition_for(app_id), self.load(app_id), record)

    def choose_notice(self, form_id: str | None = None) -> NoticeChoice:
        """The notice named (DefinitionError when not installed), else the one the imports follow."""
        from hzsubsidy_desktop.county import notice_choice

        return notice_choice.choose_notice(self._store, form_id)

    def notices_in(self) -> tuple[str, ...]:
        """The installed notices the imported applications follow, newest first."""
        from hzsubsidy_desktop.county import notice_choice

        return notice_choice.notices_in(self._store)

    # -- the list and the review ----------------------------------------------------------------------
    def project_rows(
        self, definition: FormDefinition | None = None, *, states: Collection[str] | None = None, **options: Any
    ) -> list[ProjectRow]:
        """附件5 rows of the imported applications (optionally only some review states)."""
        return _county().project_rows(self._store, definition, states=states, **options)

    def set_review(self, app_id: str, state: str, comment: str = "") -> ApplicationSummary:
        """Record the review state and comment (raises InputError); returns the updated summary."""
        _county().set_review(self._store, app_id, state, comment, actor=self.actor)
        return self._store.summary(app_id)

    # -- county settings and 附件2 -----------------------------------------------------------------
    def county_settings(self, definition: FormDefinition | None = None) -> dict[str, str]:
        """设区市, 县（市、区）, contact person and phone (the definition's defaults where unset)."""
        return _county().county_settings(self._store, definition)

    def set_county_settings(self, values: Mapping[str, Any]) -> dict[str, str]:
        return _county().set_county_settings(self._store, values)

    def declaration_values(self, definition: FormDefinition | None = None) -> dict[str, Any]:
        return _county().declaration_values(self._store, definition)

    def set_declaration(self, values: Mapping[str, Any], definition: FormDefinition | None = None) -> dict[str, Any]:
        return _county().set_declaration(self._store, values, definition)

    # -- for the city ------------------------------------------------------------------------------
    def pack_county(
        self,
        folder: Path,
        *,
        definition: FormDefinition | None = None,
        states: Collection[str] | None = None,
        **options: Any,
    ) -> Path:
        """The county package (.hzcounty) of the list, for the city clerk (``include_returned``, …)."""
        return _county().pack_county(self._store, Path(folder), definition=definition, states=states, **options)
