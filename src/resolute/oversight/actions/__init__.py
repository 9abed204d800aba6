"""Every write of oversight findings (see the modules for the rules each enforces). Progress reports,
extensions and completion of a recommendation are those of its task: `resolute.tasks.actions`."""

from .discipline import add_discipline_case, decide_discipline_case
from .oversights import add_recommendation, confirm_closure, register_oversight
from .recoveries import record_recovery

__all__ = [
    "add_discipline_case",
    "add_recommendation",
    "confirm_closure",
    "decide_discipline_case",
    "record_recovery",
    "register_oversight",
]
