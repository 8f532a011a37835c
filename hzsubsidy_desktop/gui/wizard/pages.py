"""Wizard pages, generated from the form definition.

As in Picard's option pages, each page class declares the step it serves (``STEP``) and
registers itself; :func:`page_for` picks the registered class for a step, or a generic page
built from the step's field groups or tables. A new field in the TOML appears on its page with
no code change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import Condition, FieldDef, StepDef, TableDef
from hzsubsidy_desktop.gui.qt import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from hzsubsidy_desktop.gui.widgets.field_text import unit_of
from hzsubsidy_desktop.gui.widgets.fields import FieldRow
from hzsubsidy_desktop.gui.widgets.rows import RowsTable
from hzsubsidy_desktop.gui.wizard.session import FillingSession
from hzsubsidy_desktop.validation import Report
from hzsubsidy_desktop.validation.engine import is_relevant
from hzsubsidy_desktop.values import amounts

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


@register
class ConditionsPage(GroupPage):
    """基本条件自查: the measures of the chosen project types, each compared live with its threshold."""

    STEP = "conditions"

    def build(self) -> None:
        self.types_label = self.add_note("", "stephelp")
        self.none_label = self.add_note("尚未选择项目类型：请先在“项目信息”中选择项目类型，这里会列出对应的基本条件。", "warning")
        self.threshold_labels: dict[str, QLabel] = {}
        self.other_box = QGroupBox("其他页面填写的条件")
        other_layout = QVBoxLayout(self.other_box)
        self.other_labels: dict[str, QLabel] = {}
        own = {f.path for g in self.definition.groups if g.step == self.step.key for f in g.fields}
        for measure in dict.fromkeys(c.measure for c in self.definition.conditions):
            if measure in own:
                continue
            label = QLabel()
            label.setWordWrap(True)
            label.setObjectName(f"threshold:{measure}")
            label.setTextFormat(Qt.TextFormat.RichText)
            other_layout.addWidget(label)
            self.other_labels[measure] = label
        self.body.addWidget(self.other_box)
        super().build()
        self.refresh_thresholds()

    def make_row(self, field: FieldDef) -> FieldRow:
        row = super().make_row(field)
        if any(c.measure == field.path for c in self.definition.conditions):
            label = QLabel(row)
            label.setObjectName(f"threshold:{field.path}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            row.layout().addWidget(label, 3, 1 if field.type != "longtext" else 0)
            self.threshold_labels[field.path] = label
        return row

    def on_report(self, report: Report) -> None:
        super().on_report(report)
        self.refresh_thresholds()

    def active(self) -> list[tuple[Condition, str]]:
        types = docs.get(self.session.doc, "/project/types")
        types = types if isinstance(types, list) else []
        out = []
        for cond in self.definition.conditions:
            chosen = [t for t in cond.types if t in types]
            if chosen and is_relevant(cond.when, self.session.doc):
                out.append((cond, chosen[0]))
        return out

    def refresh_thresholds(self) -> None:
        types = docs.get(self.session.doc, "/project/types")
        self.types_label.setText("已选项目类型：" + ("、".join(types) if isinstance(types, list) and types else "无"))
        self.none_label.setVisible(not (isinstance(types, list) and types))
        active = self.active()
        by_measure: dict[str, list[tuple[Condition, str]]] = {}
        for cond, project_type in active:
            by_measure.setdefault(cond.measure, []).append((cond, project_type))
        for measure, label in {**self.threshold_labels, **self.other_labels}.items():
            items = by_measure.get(measure, [])
            label.setVisible(bool(items))
            if items:
                label.setText(self.comparison_html(measure, items))
        self.other_box.setVisible(any(by_measure.get(m) for m in self.other_labels))

    def comparison_html(self, measure: str, items: list[tuple[Condition, str]]) -> str:
        field = self.definition.field(measure)
        value = _measure_value(field, docs.get(self.session.doc, measure))
        unit = unit_of(field)
        lines = []
        if measure in self.other_labels:
            shown = "未填写" if value is None else f"{_shown(field, value)} {unit}"
            lines.append(f"<b>{field.label}</b>：{shown}")
        for cond, project_type in items:
            threshold = f"{project_type}：不少于 {_plain(cond.min)} {unit}"
            if value is None:
                mark = '<span style="color:#6b7280">— 未填写</span>'
            elif value >= cond.min:
                mark = '<span style="color:#2e7d32">✓ 已达到</span>'
            else:
                mark = f'<span style="color:#b3261e">✗ 未达到（差 {_plain(cond.min - value)} {unit}）</span>'
            lines.append(f"门槛　{threshold}　{mark}")
        return "<br>".join(lines)


def _measure_value(field: FieldDef, raw: object) -> Decimal | None:
    if field.type == "integer":
        return Decimal(raw) if isinstance(raw, int) and not isinstance(raw, bool) else None
    return amounts.from_text(raw)


def _shown(field: FieldDef, value: Decimal) -> str:
    return amounts.display(value) if field.type == "money" else _plain(value)


def _plain(value: Decimal) -> str:
    return f"{value:,f}" if value == value.to_integral_value() else amounts.format_plain(value)


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


@register
class SupportPage(StepPage):
    """支持内容: the 附件3 lines, derived from the 附件4 subtotals (read-only)."""

    STEP = "support"

    def build(self) -> None:
        self.add_note("以下金额由“资金投入明细”（附件4）自动汇总，不能在此修改；如需调整，请修改明细。", "stephelp")
        categories = self.definition.categories
        self.grid = QTableWidget(len(categories) + 1, 3, self)
        self.grid.setObjectName("supportTable")
        exp = self.definition.expenditure
        self.grid.setHorizontalHeaderLabels(
            ["支持内容", *(f"{exp.short_label(k)}（万元）" for k in (exp.spent_column, exp.planned_column))])
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.grid.setColumnWidth(col, 170)
        for row, cat in enumerate(categories):
            self.grid.setItem(row, 0, QTableWidgetItem(f"{cat.label}（万元）"))
        total = QTableWidgetItem("合计")
        font = total.font()
        font.setBold(True)
        total.setFont(font)
        self.grid.setItem(len(categories), 0, total)
        height = self.grid.horizontalHeader().height() + 2 + sum(
            self.grid.rowHeight(r) for r in range(self.grid.rowCount()))
        self.grid.setFixedHeight(height + 4)
        self.body.addWidget(self.grid)
        self.figures = QLabel()
        self.figures.setObjectName("supportFigures")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.figures)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setProperty("role", "error")
        self.body.addWidget(self.findings)
        go = QPushButton("修改资金投入明细…")
        go.clicked.connect(lambda: self.wizard.go_to_step("expenditure", focus=True))
        row = QHBoxLayout()
        row.addWidget(go)
        row.addStretch(1)
        self.body.addLayout(row)
        self.on_report(self.session.report)

    def on_report(self, report: Report) -> None:
        totals = self.session.totals
        for row, cat in enumerate(totals.categories):
            self._money(row, 1, cat.spent)
            self._money(row, 2, cat.planned)
        last = len(totals.categories)
        self._money(last, 1, totals.spent_total, bold=True)
        self._money(last, 2, totals.planned_total, bold=True)
        subsidy = amounts.from_text(self.session.value("/project/subsidy_requested"))
        total_investment = amounts.from_text(self.session.value("/project/total_investment"))
        exp = self.definition.expenditure
        both = f"{exp.short_label(exp.spent_column)} + {exp.short_label(exp.planned_column)}"
        lines = [f"与支持内容相关的费用合计（{both}）：<b>{amounts.display(totals.related_costs)}</b> 万元"]
        lines.append("本年度申请补助资金：" + (f"<b>{amounts.display(subsidy)}</b> 万元" if subsidy is not None
                                      else "未填写"))
        if total_investment is not None:
            lines.append(f"总投资（投入）：{amounts.display(total_investment)} 万元")
        self.figures.setText("<br>".join(lines))
        related = [f for f in report.findings
                   if f.code in ("subsidy-above-related-costs", "related-costs-above-total",
                                 "spent-above-period-investment", "no-expenditure-items")]
        self.findings.setText("\n".join(f.message for f in related))
        self.findings.setVisible(bool(related))

    def _money(self, row: int, col: int, value: Decimal, *, bold: bool = False) -> None:
        item = self.grid.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.grid.setItem(row, col, item)
        item.setText(amounts.display(value))


class InfoPage(StepPage):
    """A step with nothing to fill (only its help text)."""


def page_for(step: StepDef, session: FillingSession, wizard: FillingWizard) -> StepPage:
    """The page for ``step``: its registered class, else one generated from its groups or tables."""
    if step.key == "review":
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

