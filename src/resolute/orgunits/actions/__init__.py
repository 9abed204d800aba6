"""Every write to the organisation tree. Each action runs in one transaction and is logged."""

from .reorganisations import (
    add_step,
    apply_reorganisation,
    create_reorganisation,
    delete_step,
    plan_unit,
    request_apply,
    set_choice,
    update_reorganisation,
)
from .units import (
    EDITABLE_FIELDS,
    LOGGED_FIELDS,
    close_unit,
    create_unit,
    move_unit,
    place_new_units,
    place_subtree,
    update_unit,
)

__all__ = [
    "add_step",
    "apply_reorganisation",
    "create_reorganisation",
    "delete_step",
    "plan_unit",
    "request_apply",
    "set_choice",
    "update_reorganisation",
    "EDITABLE_FIELDS",
    "LOGGED_FIELDS",
    "close_unit",
    "create_unit",
    "move_unit",
    "place_new_units",
    "place_subtree",
    "update_unit",
]
