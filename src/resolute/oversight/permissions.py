"""Who may do what with oversight findings, on top of the scope policy (`orgunits.scope`).

- Register a conclusion and add its recommendations: the OFFICE power over the unit that follows
  them up (the office of the level inspected). Each recommendation is then assigned as a task in that
  unit's name, so the task rules apply too (the office assigns within its jurisdiction).
- Record money recovered, add people to discipline and record what became of them: the REPORTER
  power over the unit responsible (the task's lead unit), or the follow-up office.
- Confirm that a recommendation is closed: the follow-up office, or someone who acts for the
  inspecting body (the REPORTER power over it) when that body is a unit of the tree.

Once a recommendation is assigned, "the follow-up office" is the unit that assigned its task (the
OFFICE power over it): a reorganisation hands the task — and so the follow-up — to the successor of
the office that registered the conclusion, which `Oversight.follow_up_unit` keeps as history.
- Progress reports, extensions and completion go through the task's own rules (`tasks.permissions`).
- Everyone else reads what `querysets` lets them see.
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def can_register_oversight(user, unit) -> bool:
    """Whether `user` may register a conclusion followed up by `unit` (and add its recommendations)."""
    if not _active(user) or unit is None:
        return False
    return scope_for(user).covers(unit, Role.OFFICE)


def can_register_any_oversight(user) -> bool:
    """Whether `user` may register a conclusion for at least one unit (shows the "new" button)."""
    return _active(user) and scope_for(user).has_power_anywhere(Role.OFFICE)


def can_add_recommendation(user, oversight) -> bool:
    """The follow-up office adds the recommendations of its conclusions."""
    return can_register_oversight(user, oversight.follow_up_unit)


def can_record_recovery(user, recommendation) -> bool:
    """A reporter of the unit responsible, or the follow-up office, records money recovered."""
    if not _active(user):
        return False
    scope = scope_for(user)
    return scope.covers(recommendation.task.lead_unit, Role.REPORTER) or scope.covers(
        recommendation.task.assigned_by_unit, Role.OFFICE
    )


def can_record_discipline(user, recommendation) -> bool:
    """Who records money recovered also records the people to discipline and what became of them."""
    return can_record_recovery(user, recommendation)


def can_confirm_closure(user, recommendation) -> bool:
    """The follow-up office, or someone acting for the inspecting body when it is a unit of the tree."""
    if not _active(user):
        return False
    scope = scope_for(user)
    oversight = recommendation.oversight
    if scope.covers(recommendation.task.assigned_by_unit, Role.OFFICE):
        return True
    return oversight.inspecting_unit_id is not None and scope.covers(oversight.inspecting_unit, Role.REPORTER)
