"""Wizard pages, generated from the form definition.

As in Picard's option pages, each page class declares the step it serves (``STEP``) and
registers itself; :func:`page_for` picks the registered class for a step, or a generic page
built from the step's field groups or tables. A new field in the TOML appears on its page with
no code change. The 基本条件自查, 支持内容 and 检查与导出 pages are their own modules
(:mod:`.conditions_page`, :mod:`.support_page`, :mod:`.review`), imported when their step is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from hzsubsidy_desktop.formdef import FieldDef, StepDef, TableDef
from hzsubsidy_desktop.gui.qt import QFrame, QGroupBox, QLabel, QResizeEvent, QScrollArea, Qt, QVBoxLayout, QWidget
from hzsubsidy_desktop.gui.widgets.fields import FieldRow
from hzsubsidy_desktop.gui.widgets.rows import RowsTable
from hzsubsidy_desktop.gui.wizard.session import FillingSession
from hzsubsidy_desktop.validation import Report
from hzsubsidy_desktop.validation.engine import is_relevant

if TYPE_CHECKING:
    from hzsubsidy_desktop.gui.wizard.window import FillingWizard

PAGE_TYPES: dict[str, type[StepPage]] = {}
NARROW_PAGE = 640  # below this page width the label column narrows (see FieldRow.set_narrow)


def register(cls: type[StepPage]) -> type[StepPage]:
    """Class decorator: this page class serves ``cls.STEP``."""
    assert cls.STEP, cls
    PAGE_TYPES[cls.STEP] = cls
    return cls


class StepPage(QWidget):
    """One step of the wizard. Subclasses set ``STEP`` and build their content in ``build``."""

    STEP: ClassVar[str] = ""
    SCROLLS: ClassVar[bool] = True

    def __init__(self, session: FillingSession, step: StepDef, wizard: FillingWizard) -> None:
        super().__init__()
        self.session = session
        self.step = step
        self.wizard = wizard
        self.definition = session.definition
        self.setObjectName(f"page:{step.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.content = QWidget()
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(16, 8, 16, 16)
        self.body.setSpacing(10)
        if self.SCROLLS:
            self.scroll = QScrollArea(self)
            self.scroll.setWidgetResizable(True)
            self.scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll.setWidget(self.content)
            outer.addWidget(self.scroll)
        else:
            self.scroll = None
            outer.addWidget(self.content)
        self.build()
        if self.SCROLLS:
            self.body.addStretch(1)
        session.report_changed.connect(self._report_changed)

    # -- to override -----------------------------------------------------------------------
    def build(self) -> None:
        """Create the page's widgets (called once)."""

    def on_report(self, report: Report) -> None:
        """The in-memory document was re-checked."""

    def on_shown(self) -> None:
        """The page became the current step (Picard's ``initializePage``)."""

    def flush(self) -> None:
        """Save what the page holds beyond its field editors (called before saving and leaving)."""

    def set_compact(self, compact: bool) -> None:
        """A low screen (see ``FillingWizard.set_compact``): narrower margins and gaps."""
        self.body.setContentsMargins(16, 4 if compact else 8, 16, 4 if compact else 16)
        self.body.setSpacing(6 if compact else 10)

    def focus_first(self) -> None:
        """Focus the step's first field (pages without fields: their first control)."""
        candidates = [w for w in self.content.findChildren(QWidget)
                      if w.isVisibleTo(self) and w.isEnabled()
                      and (w.focusPolicy() & Qt.FocusPolicy.TabFocus or w.focusProxy() is not None)]
        fields = [w for w in candidates if isinstance(w.property("pointer"), str)]
        target = fields[0] if fields else candidates[0] if candidates else None
        if target is not None:
            self.reveal(target)

    def focus_pointer(self, pointer: str) -> bool:
        """Show and focus the input for ``pointer``; False when this page has none."""
        widget = self.findChild(QWidget, pointer)
        if widget is None:
            return False
        return self.reveal(widget)

    # -- helpers ---------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """On a narrow page (a small or scaled screen) the label column narrows, so no field is
        cut off and no horizontal scrollbar appears."""
        super().resizeEvent(event)
        narrow = self.width() < NARROW_PAGE
        if narrow != getattr(self, "_narrow", False) or not hasattr(self, "_narrow"):
            self._narrow = narrow
            for row in self.content.findChildren(FieldRow):
                row.set_narrow(narrow)

    def _report_changed(self, report: Report) -> None:
        self.on_report(report)

    def reveal(self, widget: QWidget) -> bool:
        if not widget.isVisibleTo(self):
            return False
        if self.scroll is not None:
            self.content.layout().activate()  # geometry is current even right after a step change
            # The whole row (label, field, its messages) comes into view, not only the editor.
            row = widget
            while row.parentWidget() is not None and row.parentWidget() is not self.content \
                    and not isinstance(row, FieldRow):
                row = row.parentWidget()
            target = row if isinstance(row, FieldRow) and row.height() < self.scroll.viewport().height() else widget
            self.scroll.ensureWidgetVisible(target, 20, 20)
        focus = getattr(widget, "focus_editor", None)
        if focus is not None:
            focus()
        else:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def add_note(self, text: str, role: str = "muted") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setProperty("role", role)
        self.body.addWidget(label)
        return label


class GroupPage(StepPage):
    """Every field group of the step, one row per field (the generic page)."""

    def build(self) -> None:
        self.rows: list[FieldRow] = []
        for group in self.definition.groups:
            if group.step != self.step.key:
                continue
            box = QGroupBox(group.title)
            box.setObjectName(f"group:{group.key}")
            layout = QVBoxLayout(box)
            layout.setSpacing(6)
            for field in group.fields:
                row = self.make_row(field)
                layout.addWidget(row)
                self.rows.append(row)
            self.body.addWidget(box)
        self.update_relevance()

    def make_row(self, field: FieldDef) -> FieldRow:
        return FieldRow(field, field.path, self.session)

    def on_report(self, report: Report) -> None:
        self.update_relevance()
        for row in self.rows:
            row.show_findings()

    def update_relevance(self) -> None:
        """Fields that do not apply (e.g. park measures without a park) are hidden."""
        for row in self.rows:
            relevant = is_relevant(row.field.relevant, self.session.doc)
            if row.isHidden() == relevant:
                row.setVisible(relevant)


class TablePage(StepPage):
    """A step made of one table (the progress plan): one row of editors per table row."""

    def build(self) -> None:
        for table in self.definition.tables():
            if table.step == self.step.key:
                self.add_table(table)

    def add_table(self, table: TableDef) -> None:
        box = QGroupBox(table.title)
        layout = QVBoxLayout(box)
        if table.help:
            help_label = QLabel(table.help)
            help_label.setWordWrap(True)
            help_label.setProperty("role", "muted")
            layout.addWidget(help_label)
        self.table = RowsTable(table, self.session, box)
        layout.addWidget(self.table)
        self.body.addWidget(box)

    def focus_pointer(self, pointer: str) -> bool:
        if pointer == self.table.table.path:
            self.table.setFocus()
            return True
        return super().focus_pointer(pointer)


@register
class PlanPage(TablePage):
    STEP = "plan"


@register
class ExpenditurePage(StepPage):
    """附件4: the expenditure table with live subtotals and 累计."""

    STEP = "expenditure"
    SCROLLS = False

    def build(self) -> None:
        from hzsubsidy_desktop.gui.widgets.expenditure import ExpenditureEditor

        self.editor = ExpenditureEditor(self.session, self)
        self.body.addWidget(self.editor, 1)

    def focus_pointer(self, pointer: str) -> bool:
        return self.editor.focus_pointer(pointer)

    def set_compact(self, compact: bool) -> None:
        super().set_compact(compact)
        self.editor.set_compact(compact)


class InfoPage(StepPage):
    """A step with nothing to fill (only its help text)."""


def page_for(step: StepDef, session: FillingSession, wizard: FillingWizard) -> StepPage:
    """The page for ``step``: its registered class, else one generated from its groups or tables."""
    if step.key == "conditions":
        from hzsubsidy_desktop.gui.wizard import conditions_page  # noqa: F401 - registers ConditionsPage
    elif step.key == "support":
        from hzsubsidy_desktop.gui.wizard import support_page  # noqa: F401 - registers SupportPage
    elif step.key == "review":
        from hzsubsidy_desktop.gui.wizard import review  # noqa: F401 - registers ReviewPage
    cls = PAGE_TYPES.get(step.key)
    if cls is None:
        if any(g.step == step.key for g in session.definition.groups):
            cls = GroupPage
        elif any(t.step == step.key for t in session.definition.tables()):
            cls = TablePage
        else:
            cls = InfoPage
    return cls(session, step, wizard)

