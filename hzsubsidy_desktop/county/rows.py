"""The rows of 附件5 (plus status and review state), shared by the CLI, the exports and the GUI table.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hzsubsidy_desktop import document as docs
from hzsubsidy_desktop.county.diff import _text
from hzsubsidy_desktop.county.duplicates import pending_duplicates, uncounted
from hzsubsidy_desktop.county.explanations import explanation_flags
from hzsubsidy_desktop.county.importing import COUNTY_ORIGINS
from hzsubsidy_desktop.county.settings import county_settings
from hzsubsidy_desktop.document import calculated, totals
from hzsubsidy_desktop.formdef import FormDefinition, load_definition
from hzsubsidy_desktop.store import ApplicationSummary, Store, StoreError
from hzsubsidy_desktop.values import amounts


@dataclass(frozen=True)
class ProjectRow:
    """One project of 附件5, with what the clerk's table shows beside it."""

    app_id: str
    values: dict[str, Any]  # by list column key: Decimal for money and progress, int for 序号, else str
    texts: dict[str, str]  # display text by list column key
    status: str
    error_count: int
    warning_count: int
    review_state: str
    review_comment: str
    project_types: tuple[str, ...]
    enterprise_type: str
    city: str
    county: str
    origin: str
    submission_id: str | None
    revision: int
    created_at: str
    duplicate_of: str | None = None  # a pending suspected duplicate of this application (not counted)
    # The county's review as the city sees it: (state, comment, county, date), None for own imports.
    county_review: tuple[str, str, str, str] | None = None
    explained: int = 0  # items the enterprise explained (说明后可继续)
    unmet: tuple[str, ...] = ()  # basic conditions the project does not meet (explained or not)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return amounts.display(value)
    return str(value)


def row_for(
    definition: FormDefinition,
    doc: dict[str, Any],
    *,
    seq: int,
    city: str,
    county: str,
) -> tuple[dict[str, Any], dict[str, str]]:
    """附件5 values and display texts of one application."""
    computed = totals.compute(definition, doc)
    values: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for col in definition.list.columns:
        src = col.source
        if src.startswith("@"):
            value: Any = calculated.value(definition, definition.calculation(src), doc, computed, seq=seq)
        elif src.startswith("county:"):
            value = {"city": city, "county": county}.get(src[7:], "")
        else:
            raw = docs.get(doc, src)
            if col.money:
                value = amounts.from_text(raw)
            elif definition.has_field(src):
                value = _text(definition.field(src), raw)
            else:
                value = _text(None, raw)
        if col.money and isinstance(value, str):
            value = amounts.from_text(value)
        values[col.key] = value
        if col.percent and isinstance(value, Decimal):
            texts[col.key] = f"{value:.1f}"
        else:
            texts[col.key] = _cell_text(value)
    return values, texts


def project_rows(
    store: Store,
    definition: FormDefinition | None = None,
    *,
    states: Collection[str] | None = None,
    origins: Collection[str] | None = COUNTY_ORIGINS,
    with_pending: bool = False,
) -> list[ProjectRow]:
    """附件5 rows: every non-deleted imported application of this form (optionally only some
    review states), ordered by 设区市, 县（市、区） and import time, numbered from 1.

    A suspected duplicate waiting for the clerk's decision is left out (the project is counted once)
    unless ``with_pending`` (the clerk's table shows it, flagged).

    Each application's row is computed once from its document and kept in the store
    (:meth:`Store.list_rows`) until the document changes, so listing 10,000 projects reads one
    table instead of loading every document."""
    definition = definition or load_definition()
    county = county_settings(store)
    skipped = set() if with_pending else uncounted(store)
    key = definition_key(definition)
    chosen = [
        (i, item) for i, item in enumerate(store.list_rows(definition.id, key))
        if (origins is None or item[0].origin in origins) and (states is None or item[0].review_state in states)
        and item[0].id not in skipped
    ]
    pending = {p.app_id: p.other_id for p in pending_duplicates(store)} if with_pending else {}
    default_city, default_county = county["city"], county["county"]
    chosen.sort(key=lambda c: (c[1][1] or default_city, c[1][2] or default_county, c[0]))
    layout = _Layout.of(definition)
    computed: list[tuple[str, int, str]] = []
    rows = []
    for seq, (_, (s, own_city, own_county, version, data)) in enumerate(chosen, start=1):
        if data is None:
            doc = docs.canonical(definition, store.load(s.id))
            values, texts = row_for(definition, doc, seq=0, city="", county="")
            raw_types = docs.get(doc, "/project/types") or []
            types = tuple(raw_types) if isinstance(raw_types, list) else ()
            enterprise_type = str(docs.get(doc, "/enterprise/enterprise_type") or "")
            flags = explanation_flags(definition, doc)
            with contextlib.suppress(TypeError, ValueError):  # a value JSON cannot hold is computed each time
                computed.append((s.id, version, layout.encode(values, texts, types, enterprise_type, flags)))
        else:
            values, texts, types, enterprise_type, flags = layout.decode(data)
        city, cty = own_city or default_city, own_county or default_county
        layout.place(values, texts, seq=seq, city=city, county=cty)
        rows.append(ProjectRow(
            s.id, values, texts, s.status, s.error_count, s.warning_count, s.review_state, s.review_comment,
            types, enterprise_type, city, cty, s.origin, s.submission_id, s.revision, s.created_at,
            pending.get(s.id), _county_review(s), *flags,
        ))
    if computed:
        with contextlib.suppress(StoreError):  # a read-only database lists all the same, only slower
            store.save_list_rows(key, computed)
    return rows


def _county_review(s: ApplicationSummary) -> tuple[str, str, str, str] | None:
    if s.county_review_state is None:
        return None
    return (s.county_review_state, s.county_review_comment or "", s.county_review_county or "",
            s.county_review_date or "")


# Bump when row_for's values or texts change for the same document (stored rows are then recomputed).
ROW_FORMAT = 3
_KEYS: dict[int, tuple[FormDefinition, str]] = {}


def definition_key(definition: FormDefinition) -> str:
    """What a stored row depends on besides its document: this code's row format and the definition."""
    known = _KEYS.get(id(definition))
    if known is None or known[0] is not definition:
        digest = hashlib.sha256(f"{ROW_FORMAT}\n{definition!r}".encode()).hexdigest()[:24]
        known = _KEYS[id(definition)] = (definition, f"{definition.id}:{digest}")
    return known[1]


class _Layout:
    """How one definition's row is stored: values and texts as JSON arrays in column order."""

    _known: dict[int, tuple[FormDefinition, _Layout]] = {}

    def __init__(self, definition: FormDefinition) -> None:
        columns = definition.list.columns
        self.keys = [c.key for c in columns]
        self.seq = [c.key for c in columns
                    if c.source.startswith("@") and definition.calculation(c.source).how == "row_number"]
        self.region = [(c.key, c.source[7:]) for c in columns if c.source.startswith("county:")]

    @classmethod
    def of(cls, definition: FormDefinition) -> _Layout:
        known = cls._known.get(id(definition))
        if known is None or known[0] is not definition:
            known = cls._known[id(definition)] = (definition, cls(definition))
        return known[1]

    def encode(
        self, values: dict[str, Any], texts: dict[str, str], types: tuple[Any, ...], kind: str,
        flags: tuple[int, tuple[str, ...]],
    ) -> str:
        plain, decimals, ints = [], [], []
        for i, k in enumerate(self.keys):
            v = values.get(k)
            if isinstance(v, Decimal):
                decimals.append(i)
                v = str(v)
            elif type(v) is int:
                ints.append(i)
                v = str(v)
            plain.append(v)
        return json.dumps(
            [plain, decimals, ints, [texts.get(k, "") for k in self.keys], list(types), kind,
             [flags[0], list(flags[1])]],
            ensure_ascii=False, separators=(",", ":"),
        )

    def decode(
        self, data: str
    ) -> tuple[dict[str, Any], dict[str, str], tuple[Any, ...], str, tuple[int, tuple[str, ...]]]:
        plain, decimals, ints, texts, types, kind, (explained, unmet) = json.loads(data)
        for i in decimals:
            plain[i] = Decimal(plain[i])
        for i in ints:
            plain[i] = int(plain[i])
        return (dict(zip(self.keys, plain, strict=True)), dict(zip(self.keys, texts, strict=True)), tuple(types),
                kind, (explained, tuple(unmet)))

    def place(self, values: dict[str, Any], texts: dict[str, str], *, seq: int, city: str, county: str) -> None:
        """Fill the columns that depend on the row's place in the list rather than on its document."""
        for k in self.seq:
            values[k] = seq
            texts[k] = str(seq)
        for k, part in self.region:
            value = city if part == "city" else county if part == "county" else ""
            values[k] = value
            texts[k] = _cell_text(value)


def column_totals(definition: FormDefinition, rows: Sequence[ProjectRow]) -> dict[str, Decimal]:
    """Sums of the columns marked ``total`` (exact; the exports write SUM formulas that must agree)."""
    out = {}
    for col in definition.list.columns:
        if col.total:
            out[col.key] = sum((r.values.get(col.key) or Decimal(0) for r in rows), Decimal(0))
    return out
