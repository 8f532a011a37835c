"""Form definitions: the immutable model of a notice's forms, loaded from ``forms/<id>/``."""

from hzsubsidy_desktop.formdef.loader import DefinitionError, available_forms, load_definition
from hzsubsidy_desktop.formdef.model import (
    Category,
    Condition,
    FieldDef,
    FormDefinition,
    GroupDef,
    ListColumn,
    Relevance,
    RuleDef,
    StepDef,
    TableDef,
)

__all__ = [
    "Category",
    "Condition",
    "DefinitionError",
    "FieldDef",
    "FormDefinition",
    "GroupDef",
    "ListColumn",
    "Relevance",
    "RuleDef",
    "StepDef",
    "TableDef",
    "available_forms",
    "load_definition",
]
