"""One application open for filling: the in-memory document, autosave and live checking.

The session keeps a copy of the document in memory. Each keystroke is parsed through the
core (``field_types.parse_input``); a value that parses goes into the in-memory document at
once, which is re-validated (``validation.validate``) and re-totalled (``totals.compute``), so
totals and findings follow the typing. Saving to SQLite (``Workspace.edit``) is debounced and
forced on every commit (focus leaves the field, Enter, page change, Ctrl+S, closing). Text that
does not parse is never saved; its Chinese message goes to the field.
"""

from __future__ import annotations

import copy
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document import totals as totals_mod
from hzsubsidy_desktop.formdef import FieldDef, FormDefinition
from hzsubsidy_desktop.gui.operations import APPLICATIONS, DOCUMENT, run_op
from hzsubsidy_desktop.gui.qt import QObject, QTimer, QWidget, Signal
from hzsubsidy_desktop.validation import Finding, Report, validate
from hzsubsidy_desktop.values import amounts
from hzsubsidy_desktop.values.field_types import InputError, parse_input
from hzsubsidy_desktop.workspace import Workspace

SAVE_DELAY_MS = 600


class FillingSession(QObject):
    """The state of one application being filled, shared by all wizard pages."""

    report_changed = Signal(object)  # Report
    totals_changed = Signal(object)  # totals.Totals
    value_changed = Signal(str)  # pointer whose value was set from outside its widget
    rows_changed = Signal(str)  # table pointer whose rows were added, removed or moved
    input_state = Signal(str, str, str)  # pointer, level ("error", "note", ""), message
    saved = Signal()

    def __init__(self, workspace: Workspace, app_id: str, parent: QObject | None = None, *,
                 loaded: tuple[FormDefinition, dict[str, Any]] | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.app_id = app_id
        definition, doc = loaded if loaded is not None else load_application(workspace, app_id)
        self.definition: FormDefinition = definition
        self.doc: dict[str, Any] = doc
        self.totals = totals_mod.compute(self.definition, self.doc)
        self.report: Report = validate(self.definition, self.doc, totals=self.totals)
        self.by_path: dict[str, tuple[Finding, ...]] = _index(self.report)
        self.widget: QWidget | None = None  # parent for error messages
        self.touched: set[str] = set()  # pointers the person has edited in this session
        self.reveal_all = False  # after visiting the review page every finding is shown inline
        self.invalid: dict[str, str] = {}  # pointer -> message of text that could not be saved
        self._pending: dict[str, Any] = {}  # pointer -> typed text not yet saved
        self._status_dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._record_status()

    # -- reading ---------------------------------------------------------------------------
    def field(self, pointer: str) -> FieldDef:
        return self.definition.field(pointer)

    def value(self, pointer: str) -> Any:
        return docs.get(self.doc, pointer)

    def rows(self, table: str) -> list[dict[str, Any]]:
        rows = docs.get(self.doc, table)
        return rows if isinstance(rows, list) else []

    def findings_at(self, pointer: str) -> tuple[Finding, ...]:
        return self.by_path.get(pointer, ())

    def shown_findings(self, pointer: str) -> tuple[Finding, ...]:
        """Findings to show under a field: "required" only once the field was touched."""
        found = self.by_path.get(pointer, ())
        if self.reveal_all or pointer in self.touched:
            return found
        return tuple(f for f in found if f.code != "required")

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    # -- typing ----------------------------------------------------------------------------
    def type_text(self, pointer: str, text: Any) -> None:
        """A keystroke: update the in-memory document when the text parses; save later."""
        self._pending[pointer] = text
        self._timer.start()
        try:
            parsed = parse_input(self.field(pointer), text)
        except InputError:
            return  # shown when committed; the document keeps the last good value
        was_invalid = self.invalid.pop(pointer, None) is not None
        if was_invalid:
            self.input_state.emit(pointer, "", "")
        if docs.get(self.doc, pointer) != parsed.value:
            docs.put(self.doc, pointer, parsed.value)
            self.refresh()
        elif was_invalid:
            self.refresh()

    def commit(self, pointer: str, text: Any) -> bool:
        """The person finished with a field (focus out, Enter, a click): save it now."""
        self._pending[pointer] = text
        self.touched.add(pointer)
        return self.flush()

    def flush(self) -> bool:
        """Save every pending edit. Returns False when some text could not be saved."""
        self._timer.stop()
        ok = True
        changed = False
        while self._pending:
            pointer, text = next(iter(self._pending.items()))
            del self._pending[pointer]
            result = self._save(pointer, text)
            ok = ok and result is not None
            changed = changed or bool(result)
        if changed or self._status_dirty:
            self._record_status()
        if ok:
            self.saved.emit()
        return ok and not self.invalid  # text that was rejected earlier is still unsaved

    def _save(self, pointer: str, text: Any) -> bool | None:
        """Save one field; None when rejected, else whether the stored value changed."""
        rejected: list[str] = []

        def rejected_input(exc: InputError) -> None:
            rejected.append(exc.message)

        outcome = run_op(
            self.widget,
            lambda: self.workspace.edit(self.app_id, pointer, text),
            on_input_error=rejected_input,
            quiet=True,
        )
        if rejected:
            newly = pointer not in self.invalid
            self.invalid[pointer] = rejected[0]
            self.input_state.emit(pointer, "error", rejected[0])
            if newly:
                self.refresh()  # badges count it; totals leave the cell out
            return None
        if not outcome.ok:
            self._pending.setdefault(pointer, text)  # keep it; the next flush retries
            return None
        result = outcome.value
        was_invalid = self.invalid.pop(pointer, None) is not None
        self.input_state.emit(pointer, note_level(result.note), result.note or "")
        if docs.get(self.doc, pointer) != result.value:
            docs.put(self.doc, pointer, result.value)
            self.refresh()
        elif was_invalid:
            self.refresh()
        return result.changed

    def set_value(self, pointer: str, value: Any) -> bool:
        """A choice, check box or confirmation: parse and save at once."""
        self._pending.pop(pointer, None)
        self.touched.add(pointer)
        result = self._save(pointer, value)
        if result:
            self._record_status()
        return result is not None

    def revert_typing(self, pointer: str, value: Any) -> None:
        """Forget the typing in a field (Esc in a table cell): the field holds ``value`` again,
        in memory and on disk (a pause in the typing may already have saved some of it)."""
        self._pending.pop(pointer, None)
        if pointer in self.invalid:
            del self.invalid[pointer]
            self.input_state.emit(pointer, "", "")
        self._save(pointer, "" if value is None else value)

    # -- rows ------------------------------------------------------------------------------
    def add_row(self, table: str, index: int | None = None, values: dict[str, Any] | None = None) -> int | None:
        self.flush()
        outcome = run_op(self.widget, lambda: self.workspace.add_row(self.app_id, table, index, values),
                         changed=[DOCUMENT], app_id=self.app_id)
        if not outcome.ok:
            return None
        at = outcome.value
        rows = self._rows_for_update(table)
        rows.insert(at, {k: v for k, v in (values or {}).items() if v not in (None, "", [])})
        self._rows_changed(table)
        return at

    def remove_row(self, table: str, index: int) -> bool:
        self._drop_pending_under(table)
        self.flush()
        outcome = run_op(self.widget, lambda: self.workspace.remove_row(self.app_id, table, index),
                         changed=[DOCUMENT], app_id=self.app_id)
        if not outcome.ok:
            return False
        self._rows_for_update(table).pop(index)
        self._rows_changed(table)
        return True

    def move_row(self, table: str, index: int, new_index: int) -> bool:
        rows = self.rows(table)
        if not (0 <= index < len(rows) and 0 <= new_index < len(rows)) or index == new_index:
            return False
        self.flush()
        outcome = run_op(self.widget, lambda: self.workspace.move_row(self.app_id, table, index, new_index),
                         changed=[DOCUMENT], app_id=self.app_id)
        if not outcome.ok:
            return False
        rows = self._rows_for_update(table)
        rows.insert(new_index, rows.pop(index))
        self._rows_changed(table)
        return True

    def _rows_for_update(self, table: str) -> list[dict[str, Any]]:
        tokens = docs.split_pointer(table)
        node = self.doc
        for token in tokens[:-1]:
            node = node.setdefault(token, {})
        rows = node.get(tokens[-1])
        if not isinstance(rows, list):
            rows = node[tokens[-1]] = []
        return rows

    def _drop_pending_under(self, table: str) -> None:
        for pointer in [p for p in self._pending if p.startswith(table + "/")]:
            del self._pending[pointer]
        for pointer in [p for p in self.invalid if p.startswith(table + "/")]:
            del self.invalid[pointer]

    def _rows_changed(self, table: str) -> None:
        # Row indices shifted: "touched" marks under the table no longer mean the same cells.
        self.touched = {p for p in self.touched if not p.startswith(table + "/")}
        self.rows_changed.emit(table)
        self._status_dirty = True
        self.refresh()
        self._record_status()

    # -- explanations and steps ---------------------------------------------------------------
    def explain(self, finding_key: str, text: str) -> bool:
        outcome = run_op(self.widget, lambda: self.workspace.explain(self.app_id, finding_key, text),
                         changed=[DOCUMENT], app_id=self.app_id)
        if not outcome.ok:
            return False
        explanations = self.doc.setdefault("explanations", {})
        value = text.strip()[:2000]
        if value:
            explanations[finding_key] = value
        else:
            explanations.pop(finding_key, None)
        self.refresh()
        self._record_status()
        return True

    def explanation(self, finding_key: str) -> str:
        value = (self.doc.get("explanations") or {}).get(finding_key)
        return value if isinstance(value, str) else ""

    def set_step(self, step: str) -> None:
        run_op(self.widget, lambda: self.workspace.set_step(self.app_id, step), quiet=True)

    def current_step(self) -> str:
        try:
            return self.workspace.current_step(self.app_id)
        except Exception:  # noqa: BLE001 - a missing step only means "start at the beginning"
            return ""

    # -- derived state ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-check and re-total the in-memory document and tell the pages."""
        self.totals = self._totals()
        self.report = validate(self.definition, self.doc, totals=self.totals)
        self.by_path = _index(self.report)
        self._status_dirty = True
        self.totals_changed.emit(self.totals)
        self.report_changed.emit(self.report)

    def _totals(self) -> totals_mod.Totals:
        """Subtotals and 累计 without the amounts whose typed text was rejected: a cell that shows
        "45.123456" must not count as the last value that parsed."""
        invalid = [p for p in self.invalid if p.startswith("/expenditure/")]
        if not invalid:
            return totals_mod.compute(self.definition, self.doc)
        doc = copy.deepcopy(self.doc)
        for pointer in invalid:
            if docs.get(doc, pointer) is not None:
                docs.put(doc, pointer, None)
        return totals_mod.compute(self.definition, doc)

    def invalid_by_step(self) -> dict[str, int]:
        """Rejected inputs per step (they count as errors in the badges and the summary)."""
        out: dict[str, int] = {}
        for pointer in self.invalid:
            step = self.definition.step_of(pointer)
            out[step] = out.get(step, 0) + 1
        return out

    def summary(self) -> str:
        """The review's one-line count: the report's, with rejected inputs counted as errors."""
        text = self.report.summary()
        if self.invalid:
            errors = len(self.report.errors) + len(self.invalid)
            text = text.replace(f"错误 {len(self.report.errors)} 项", f"错误 {errors} 项", 1)
        return text

    def _record_status(self) -> None:
        report = self.report
        outcome = run_op(
            self.widget,
            lambda: self.workspace.record_report(self.app_id, report),
            changed=[APPLICATIONS], app_id=self.app_id, quiet=True,
        )
        if outcome.ok:
            self._status_dirty = False


def note_level(note: str | None) -> str:
    """The level of a parse note: a 提示 (the amount looks typed in the wrong unit) or a plain note."""
    if not note:
        return ""
    return "warning" if note.startswith(amounts.UNIT_HINT) else "note"


def load_application(workspace: Workspace, app_id: str) -> tuple[FormDefinition, dict[str, Any]]:
    """What a session starts from (a core operation: it may raise StoreError / NotFound)."""
    return workspace.definition_for(app_id), workspace.load(app_id)


def _index(report: Report) -> dict[str, tuple[Finding, ...]]:
    out: dict[str, list[Finding]] = {}
    for finding in report.findings:
        out.setdefault(finding.path, []).append(finding)
    return {k: tuple(v) for k, v in out.items()}
