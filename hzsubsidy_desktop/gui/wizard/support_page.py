"""支持内容: the 附件3 lines, derived from the 附件4 subtotals, read-only (registered for the
``support`` step; :func:`~.pages.page_for` imports it on first use).
"""

from __future__ import annotations

from decimal import Decimal

from hzsubsidy_desktop.gui.qt import QHBoxLayout, QHeaderView, QLabel, QPushButton, Qt, QTableWidget, QTableWidgetItem
from hzsubsidy_desktop.gui.wizard.pages import StepPage, register
from hzsubsidy_desktop.validation import Report
from hzsubsidy_desktop.values import amounts


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
