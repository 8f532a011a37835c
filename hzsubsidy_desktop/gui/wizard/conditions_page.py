"""基本条件自查: the measures of the chosen project types, each compared live with its threshold
(registered for the ``conditions`` step; :func:`~.pages.page_for` imports it on first use).
"""

from __future__ import annotations

from decimal import Decimal

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.formdef import Condition, FieldDef
from hzsubsidy_desktop.gui.qt import QGroupBox, QLabel, Qt, QVBoxLayout
from hzsubsidy_desktop.gui.widgets.field_text import unit_of
from hzsubsidy_desktop.gui.widgets.fields import FieldRow
from hzsubsidy_desktop.gui.wizard.pages import GroupPage, register
from hzsubsidy_desktop.validation import Report
from hzsubsidy_desktop.validation.engine import is_relevant
from hzsubsidy_desktop.values import amounts


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
