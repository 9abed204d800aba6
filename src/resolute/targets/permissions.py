"""Who may do what with indicators, targets and values, built on the scope policy (`orgunits.scope`).

- Entering and submitting values: the reporter power over the unit (its own staff or anyone above
  with that power).
- Approving or returning values, and opening a locked period: approval goes up the tree, so it
  needs the manager power over the unit's PARENT; a unit's own manager cannot approve its own
  figures. A unit without a parent (the province) is approved by the office covering it.
- The indicator registry: the office power anywhere. A target: the office power over its unit.
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def _is_active(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def can_enter_values(user, unit) -> bool:
    return _is_active(user) and scope_for(user).covers(unit, Role.REPORTER)


def can_approve_values(user, unit) -> bool:
    """The manager power over the unit's parent; for a top unit, the office power over itself."""
    if not _is_active(user):
        return False
    scope = scope_for(user)
    if unit.parent_id is None:
        return scope.covers(unit, Role.OFFICE)
    return scope.covers(unit.parent, Role.MANAGER)


def can_open_period(user, unit) -> bool:
    """Opening a locked period again is an approver's decision."""
    return can_approve_values(user, unit)


def can_manage_indicators(user) -> bool:
    return _is_active(user) and scope_for(user).has_power_anywhere(Role.OFFICE)


def can_manage_target(user, unit) -> bool:
    """The office covering the target's unit (or an administrator above it)."""
    return _is_active(user) and scope_for(user).covers(unit, Role.OFFICE)
