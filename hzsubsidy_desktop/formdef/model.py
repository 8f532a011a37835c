"""Immutable objects describing one notice's forms; built by :mod:`.loader`, read everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

FIELD_TYPES = (
    "text",
    "longtext",
    "money",
    "integer",
    "area",
    "yearmonth",
    "date",
    "choice",
    "multichoice",
    "phone",
    "credit_code",
    "boolean",
)
LEVELS = ("error", "warning", "explain")


@dataclass(frozen=True)
class Relevance:
    """When a field applies: another field includes any of some values, or equals one."""

    field: str
    includes_any: tuple[str, ...] = ()
    equals: Any = None


@dataclass(frozen=True)
class FieldDef:
    key: str
    path: str  # JSON Pointer; table columns use "*" for the row index
    label: str
    type: str
    step: str
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""
    max_length: int | None = None
    allow_negative: bool = False
    min: Decimal | None = None
    max: Decimal | None = None
    relevant: Relevance | None = None


@dataclass(frozen=True)
class GroupDef:
    key: str
    step: str
    title: str
    fields: tuple[FieldDef, ...]


@dataclass(frozen=True)
class TableDef:
    """A repeated group of rows: the progress plan, or one 附件4 category."""

    key: str
    path: str
    step: str
    title: str
    columns: tuple[FieldDef, ...]
    min_rows: int = 0
    max_rows: int = 500
    default_rows: tuple[Mapping[str, Any], ...] = ()
    help: str = ""

    def column(self, key: str) -> FieldDef:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    table: TableDef


@dataclass(frozen=True)
class Widths:
    """A column's width in each place it is shown (None: the place's own default)."""

    word: float | None = None  # millimetres
    excel: float | None = None  # Excel characters
    screen: int | None = None  # pixels; None in the wizard grid: the column stretches


@dataclass(frozen=True)
class ExpenditureDef:
    """附件4: its categories (each a table of the same columns), which column is what, widths,
    and the 附件3 支持内容 grid (which category prints where; each line is a category's subtotal)."""

    title: str
    categories: tuple[Category, ...]
    columns: tuple[FieldDef, ...]
    name_column: str  # the item's name, used to name an item in messages
    spent_column: str  # 已开支: the amounts already paid
    planned_column: str  # 拟支出: the amounts planned
    short_labels: Mapping[str, str]  # by column key: the 附件3 / 支持内容 header (default: the label)
    widths: Mapping[str, Widths]  # by column key, plus "category" (支持内容) and "serial" (序号)
    support_rows: tuple[tuple[str, ...], ...]  # 附件3 支持内容, category keys per printed row

    def short_label(self, key: str) -> str:
        return self.short_labels.get(key) or self.column(key).label

    def column(self, key: str) -> FieldDef:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def width(self, key: str) -> Widths:
        return self.widths.get(key, Widths())

    @property
    def money_columns(self) -> tuple[FieldDef, ...]:
        return tuple(c for c in self.columns if c.type == "money")


@dataclass(frozen=True)
class Condition:
    code: str
    types: tuple[str, ...]
    measure: str
    min: Decimal
    text: str
    when: Relevance | None = None


@dataclass(frozen=True)
class RuleDef:
    code: str
    kind: str
    level: str
    message: str
    params: Mapping[str, Any]


# The calculations the program implements, by ``how``: the parameters each takes (all required
# unless listed in OPTIONAL_PARAMS) and whether its value is an amount in 万元.
CALCULATION_KINDS: dict[str, frozenset[str]] = {
    "row_number": frozenset(),
    "expenditure_total": frozenset({"column"}),
    "sum": frozenset({"of"}),
    "progress_percent": frozenset({"total", "table", "date_column", "amount_column"}),
    "joined": frozenset({"field", "separator"}),
    "yearmonth_text": frozenset({"field"}),
    "leader_contact": frozenset({"leader", "leader_phone", "contact_person", "contact_phone"}),
    "mapped": frozenset({"field", "map"}),
}
OPTIONAL_PARAMS = frozenset({"separator"})
MONEY_CALCULATIONS = frozenset({"expenditure_total", "sum"})


@dataclass(frozen=True)
class Calculation:
    """A calculated value (``@name``): derived from the application, never stored."""

    name: str  # without the "@"
    label: str
    how: str  # one of CALCULATION_KINDS
    params: Mapping[str, Any]

    @property
    def money(self) -> bool:
        return self.how in MONEY_CALCULATIONS


@dataclass(frozen=True)
class StepDef:
    key: str
    title: str
    help: str = ""


@dataclass(frozen=True)
class ListColumn:
    key: str
    label: str
    source: str
    group: str = ""
    money: bool = False
    total: bool = False
    percent: bool = False  # a percentage with one decimal (from a progress_percent calculation)
    width: Widths = Widths()


@dataclass(frozen=True)
class ListDef:
    title: str
    unit: str
    notes: tuple[str, ...]
    columns: tuple[ListColumn, ...]


@dataclass(frozen=True)
class DeclarationDef:
    title: str
    subtitle: str
    notice: str
    approval: str
    seals: tuple[str, ...]
    fields: tuple[FieldDef, ...]


@dataclass(frozen=True)
class CountyDef:
    """The county's own settings (设区市, 县（市、区）, contact) and their defaults."""

    fields: tuple[FieldDef, ...]
    defaults: Mapping[str, str]


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: str
    notice: str
    data_cutoff: date
    planned_window: tuple[date, date]
    steps: tuple[StepDef, ...]
    groups: tuple[GroupDef, ...]
    plan: TableDef
    expenditure: ExpenditureDef
    conditions: tuple[Condition, ...]
    rules: tuple[RuleDef, ...]
    calculations: tuple[Calculation, ...]
    list: ListDef
    declaration: DeclarationDef
    county: CountyDef
    source: Path | None = field(default=None, compare=False)  # the folder it was loaded from
    _by_path: Mapping[str, FieldDef] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, FieldDef] = {}
        for f in self.all_fields():
            index[f.path] = f
        object.__setattr__(self, "_by_path", MappingProxyType(index))

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Sent to another process (the import's reading workers) as its id and folder, loaded there once."""
        if self.source is None:
            return object.__reduce_ex__(self, protocol)
        return _definition_at, (str(self.source),)

    @property
    def expenditure_title(self) -> str:
        return self.expenditure.title

    @property
    def categories(self) -> tuple[Category, ...]:
        return self.expenditure.categories

    def calculation(self, name: str) -> Calculation:
        """The calculated value ``name`` ("@spent_total" or "spent_total")."""
        bare = name[1:] if name.startswith("@") else name
        for calc in self.calculations:
            if calc.name == bare:
                return calc
        raise KeyError(name)

    # -- lookups -----------------------------------------------------------------------
    def tables(self) -> tuple[TableDef, ...]:
        return (self.plan, *(c.table for c in self.categories))

    def scalar_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for g in self.groups for f in g.fields)

    def all_fields(self) -> tuple[FieldDef, ...]:
        cols = tuple(c for t in self.tables() for c in t.columns)
        return self.scalar_fields() + cols

    def field(self, path: str) -> FieldDef:
        """The field at a concrete or pattern pointer ("/plan/2/invested" or "/plan/*/invested")."""
        found = self._by_path.get(path) or self._by_path.get(pattern_of(path))
        if found is None:
            raise KeyError(path)
        return found

    def has_field(self, path: str) -> bool:
        try:
            self.field(path)
        except KeyError:
            return False
        return True

    def table_at(self, path: str) -> TableDef:
        for table in self.tables():
            if table.path == path:
                return table
        raise KeyError(path)

    def group(self, key: str) -> GroupDef:
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(key)

    def step_of(self, path: str) -> str:
        """The wizard step a pointer belongs to (tables, fields, or the review step)."""
        for table in self.tables():
            if path == table.path or path.startswith(table.path + "/"):
                return table.step
        if path == "/expenditure" or path.startswith("/expenditure/"):
            return "expenditure"
        try:
            return self.field(path).step
        except KeyError:
            return "review"

    def step_title(self, key: str) -> str:
        for step in self.steps:
            if step.key == key:
                return step.title
        return key


def pattern_of(path: str) -> str:
    """Replace row indices in a pointer by "*"."""
    return "/".join("*" if part.isdecimal() else part for part in path.split("/"))


def _definition_at(folder: str) -> FormDefinition:
    """The definition loaded from ``folder``: the same object as every other load of it in this process
    (``notices._load`` is cached by folder, the installed notices included)."""
    from hzsubsidy_desktop.formdef.notices import _load

    return _load(Path(folder))
