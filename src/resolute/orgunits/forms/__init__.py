"""Forms of the organisation pages: units (`units`) and reorganisations (`reorganisations`)."""

from .units import (
    CloseUnitForm,
    MoveUnitForm,
    TreeDayForm,
    UnitChoiceField,
    UnitForm,
    UnitMultipleChoiceField,
    UnitWithParentForm,
    unit_choice_label,
    unit_lookup_text,
)

__all__ = [
    "CloseUnitForm",
    "MoveUnitForm",
    "TreeDayForm",
    "UnitChoiceField",
    "UnitForm",
    "UnitMultipleChoiceField",
    "UnitWithParentForm",
    "unit_choice_label",
    "unit_lookup_text",
]
