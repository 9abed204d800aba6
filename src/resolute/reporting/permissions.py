"""Who may set reporting regimes, read compliance and send reports, built on the scope policy.

- A regime is set by the office (or an administrator) covering the unit that issues it.
- Compliance is read by anyone who sees the units; each person sees only the units in their scope.
- A narrative report is sent by a reporter of the unit (or anyone above with that power).
"""

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for


def _is_active(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def can_manage_regimes(user, issuer=None) -> bool:
    """With `issuer`, whether the user may set that unit's regimes; without, whether they may set any."""
    if not _is_active(user):
        return False
    scope = scope_for(user)
    if issuer is None:
        return scope.has_power_anywhere(Role.OFFICE)
    return scope.covers(issuer, Role.OFFICE)


def can_submit_report(user, unit) -> bool:
    return _is_active(user) and scope_for(user).covers(unit, Role.REPORTER)
