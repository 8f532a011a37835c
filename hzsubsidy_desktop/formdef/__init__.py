"""Form definitions: the immutable model of a notice's forms, loaded from ``forms/<id>/``."""

from hzsubsidy_desktop.formdef import notices
from hzsubsidy_desktop.formdef.loader import available_forms, load_definition
from hzsubsidy_desktop.formdef.model import (
    Calculation,
    Category,
    Condition,
    CountyDef,
    ExpenditureDef,
    FieldDef,
    FormDefinition,
    GroupDef,
    ListColumn,
    Relevance,
    RuleDef,
    StepDef,
    TableDef,
    Widths,
)
from hzsubsidy_desktop.formdef.where import DefinitionError

__all__ = [
    "Calculation",
    "Category",
    "Condition",
    "CountyDef",
    "DefinitionError",
    "ExpenditureDef",
    "FieldDef",
    "FormDefinition",
    "GroupDef",
    "ListColumn",
    "Relevance",
    "RuleDef",
    "StepDef",
    "TableDef",
    "Widths",
    "available_forms",
    "load_definition",
    "notices",
]
