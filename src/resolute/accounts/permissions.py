"""Who may administer whom. Built on the scope policy; every view, API call and action asks here.

An administrator works inside the subtrees where they hold the ADMIN role:

- they *find* people who hold at least one role inside those subtrees (`User.objects.administered_by`);
- they may *give or take away* a role only if everything that role would cover lies inside their
  subtrees (an office role covers the administrative level above its unit, so that is what counts);
- they may *change an account itself* (details, password, deactivation) only if every role the person
  holds lies inside their subtrees, so a district administrator cannot take over a provincial account
  that happens to hold a district role as well;
- nobody but a superuser touches a superuser.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership
from resolute.orgunits.scope import coverage_root, scope_for

from .models import User


def can_set_shared_settings(user) -> bool:
    """The office or an administrator of a top-level unit (the province): settings every unit shares
    — the working-day calendar, the urging ladder — are changed there; a district's office reads them."""
    from resolute.orgunits.models import OrgUnit

    scope = scope_for(user)
    if scope.sees_everything:
        return True
    if not scope.has_power_anywhere(Role.OFFICE):
        return False
    return any(scope.covers(root, Role.OFFICE) for root in OrgUnit.objects.filter(parent__isnull=True))


def can_read_change_log(user) -> bool:
    """Offices and administrators read the change log of what they may see."""
    return scope_for(user).has_power_anywhere(Role.OFFICE)


def reads_whole_change_log(user) -> bool:
    """A superuser or an administrator of a top-level unit (the province) reads every entry, also
    those about shared settings and deleted records; everyone else reads through
    `ChangeLogEntry.objects.visible_to`."""
    from resolute.orgunits.models import OrgUnit

    scope = scope_for(user)
    if scope.sees_everything:
        return True
    if not scope.has_power_anywhere(Role.ADMIN):
        return False
    return any(scope.covers(root, Role.ADMIN) for root in OrgUnit.objects.filter(parent__isnull=True))


def can_administer_users(user) -> bool:
    return scope_for(user).has_power_anywhere(Role.ADMIN)


def can_grant_role(user, *, unit, role: str) -> bool:
    """Whether `user` may give (or take away) `role` in `unit`."""
    scope = scope_for(user)
    if scope.sees_everything:
        return True
    return scope.covers(coverage_root(unit, role), Role.ADMIN)


def _touches_superuser(user, target: User) -> bool:
    return target.is_superuser and not getattr(user, "is_superuser", False)


def can_change_membership(user, membership: Membership) -> bool:
    if _touches_superuser(user, membership.user):
        return False
    return can_grant_role(user, unit=membership.unit, role=membership.role)


def can_manage_account(user, target: User) -> bool:
    """Whether `user` may edit `target`'s details, set their password or (de)activate them."""
    if _touches_superuser(user, target):
        return False
    if scope_for(user).sees_everything:
        return True
    memberships = list(target.memberships.select_related("unit"))
    return bool(memberships) and all(can_grant_role(user, unit=m.unit, role=m.role) for m in memberships)


def check_can_manage_account(user, target: User) -> None:
    if not can_manage_account(user, target):
        raise PermissionDenied(
            _("You may not change this account: it holds roles outside the units you administer.")
        )


def check_can_grant_role(user, *, unit, role: str) -> None:
    if not can_grant_role(user, unit=unit, role=role):
        raise PermissionDenied(_("You may only give roles that stay within the units you administer."))


def check_can_change_membership(user, membership: Membership) -> None:
    if not can_change_membership(user, membership):
        raise PermissionDenied(_("You may only take away roles within the units you administer."))
