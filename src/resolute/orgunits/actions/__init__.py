"""Every write to the organisation tree. Each action runs in one transaction and is logged."""

from .units import (
    EDITABLE_FIELDS,
    LOGGED_FIELDS,
    close_unit,
    create_unit,
    move_unit,
    place_subtree,
    update_unit,
)

__all__ = [
    "EDITABLE_FIELDS",
    "LOGGED_FIELDS",
    "close_unit",
    "create_unit",
    "move_unit",
    "place_subtree",
    "update_unit",
]
