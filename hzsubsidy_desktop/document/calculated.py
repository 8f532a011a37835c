"""The calculations a form definition can name (``how`` in ``calculated.toml``), implemented once.

A definition's calculated values (``@name``) are read by the rules, the 附件5 columns and the
GUI through :func:`value`; the amounts among them are computed with the totals
(:func:`hzsubsidy_desktop.document.totals.compute`), the others here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.document.totals import Totals
from hzsubsidy_desktop.formdef import Calculation, FormDefinition
from hzsubsidy_desktop.values import amounts


def yearmonth_text(value: Any) -> str:
    """"2024-03" → "2024年3月" (as the official lists write 年月)."""
    if isinstance(value, str) and len(value) == 7 and value[4] == "-" and value[:4].isdecimal() and value[5:].isdecimal():
        return f"{value[:4]}年{int(value[5:])}月"
    return "" if value is None else str(value)


def completed_investment(definition: FormDefinition, doc: dict[str, Any], params: Mapping[str, Any]) -> Decimal | None:
    """Investment completed at the notice's data cutoff: the last plan row due by then."""
    best = None
    rows = docs.get(doc, params["table"])
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        try:
            deadline = date.fromisoformat(row.get(params["date_column"], ""))
        except (TypeError, ValueError):
            continue
        invested = amounts.from_text(row.get(params["amount_column"]))
        if deadline <= definition.data_cutoff and invested is not None:
            best = invested
    return best


def progress_percent(definition: FormDefinition, doc: dict[str, Any], params: Mapping[str, Any]) -> Decimal | None:
    """Investment completed at the cutoff over the total, in percent with one decimal, at most 100."""
    total = amounts.from_text(docs.get(doc, params["total"]))
    done = completed_investment(definition, doc, params)
    if not total or done is None:
        return None
    return min(done / total * 100, Decimal(100)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def leader_contact(doc: dict[str, Any], params: Mapping[str, Any]) -> str:
    """项目负责人及联系方式: the leader with the leader's own phone, never another person's.

    Without the leader's phone, the contact phone is used only when the leader is the contact
    person; otherwise the contact person is named with it, so no name is paired with a phone
    that is not theirs.
    """
    def text(param: str) -> str:
        value = docs.get(doc, params[param])
        return str(value).strip() if isinstance(value, str) else ""

    leader, leader_phone = text("leader"), text("leader_phone")
    contact, phone = text("contact_person"), text("contact_phone")
    if leader and leader_phone:
        return f"{leader} {leader_phone}"
    if not leader or leader == contact:
        return " ".join(p for p in (leader or contact, phone) if p)
    if contact and phone:
        return f"{leader}（联系人{contact} {phone}）"
    return leader


def value(definition: FormDefinition, calc: Calculation, doc: dict[str, Any], computed: Totals,
          *, seq: int | None = None) -> Any:
    """The value of one calculated value: Decimal for amounts and percentages, int for row_number, else str."""
    p = calc.params
    if calc.money:
        return computed.calculation(calc.name)
    if calc.how == "row_number":
        return seq
    if calc.how == "progress_percent":
        return progress_percent(definition, doc, p)
    if calc.how == "joined":
        raw = docs.get(doc, p["field"]) or []
        return str(p.get("separator", "、")).join(str(t) for t in raw) if isinstance(raw, list) else str(raw)
    if calc.how == "yearmonth_text":
        return yearmonth_text(docs.get(doc, p["field"]))
    if calc.how == "leader_contact":
        return leader_contact(doc, p)
    if calc.how == "mapped":
        kind = str(docs.get(doc, p["field"]) or "")
        return dict(p["map"]).get(kind, kind)
    raise KeyError(calc.how)  # the loader admits only the kinds above
