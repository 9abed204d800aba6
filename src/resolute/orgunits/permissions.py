"""Who may do what with org units, answered by the scope policy (`orgunits.scope`).

- Anyone sees the units their memberships cover and the chain of units above them.
- Members of a unit are shown only to people whose scope covers the unit; seeing a unit only
  because it lies above one's own (as an ancestor) does not reveal who works there.
- Administering a unit (adding sub-units, editing, moving, closing) needs the administrator
  role over it. A unit moves only under a parent the same person administers, so nobody can
  push a unit out of, or pull one into, a subtree they do not administer.
- Top-level units are created and moved to the top only by superusers.
"""

from .choices import Role
from .scope import scope_for


def can_view_unit(user, unit) -> bool:
    return scope_for(user).can_see_unit(unit)


def can_view_members(user, unit) -> bool:
    return scope_for(user).covers(unit, Role.VIEWER)


def can_administer_unit(user, unit) -> bool:
    return scope_for(user).covers(unit, Role.ADMIN)


def can_add_top_level_unit(user) -> bool:
    return scope_for(user).is_superuser


def can_administer_anything(user) -> bool:
    return scope_for(user).has_power_anywhere(Role.ADMIN)


def administered_units(user, queryset):
    """The units of `queryset` that `user` administers."""
    condition = scope_for(user).unit_q(Role.ADMIN)
    return queryset if condition is None else queryset.filter(condition)
