"""The organisation tree (`units`) and the reorganisations that change it (`reorganisations`)."""

from .reorganisations import (
    PlannedUnit,
    Reorganisation,
    ReorganisationChoice,
    ReorganisationStep,
    ReorganisationStepKind,
    StepSuccessor,
)
from .units import (
    Membership,
    OrgUnit,
    OrgUnitKind,
    UnitFormerName,
    UnitPlacement,
    UnitSuccession,
    display_name_for,
    document_symbol_validator,
    prefers_english_names,
)

__all__ = [
    "Membership",
    "OrgUnit",
    "OrgUnitKind",
    "PlannedUnit",
    "Reorganisation",
    "ReorganisationChoice",
    "ReorganisationStep",
    "ReorganisationStepKind",
    "StepSuccessor",
    "UnitFormerName",
    "UnitPlacement",
    "UnitSuccession",
    "display_name_for",
    "document_symbol_validator",
    "prefers_english_names",
]
