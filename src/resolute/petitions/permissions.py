"""Who may do what with petitions, on top of the scope policy (`orgunits.scope`).

- Register a petition: the REPORTER power over the receiving unit (its citizen-reception office, its
  clerks who open the post, the e-mail and the portal).
- Route it to the competent unit, forward it to another body, reclassify it, link it as a duplicate:
  the MANAGER power over the receiving unit (`can_route`).
- Accept or refuse it, record its steps, extend, decide, publish, enforce: the MANAGER power over the
  competent unit, or one of the people handling it (`can_handle`).
- Assign or remove the people handling it: the MANAGER power over the competent unit only
  (`can_assign_handlers`), since handling a denunciation is what opens its denouncer's identity.
- Read a petitioner's identity: `can_read_identity`, the one rule (`querysets.identity_q`); for a
  denunciation only the people handling it, never an administrator who does not.

`acting_user=None` in the actions is the system (the demo, a command): the actions skip these checks.
"""

from django.db.models import Q

from resolute.core import clock
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from .models import Petition, PetitionHandler
from .querysets import identity_q


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def receiving_units(user):
    """The open units where `user` may register petitions (the REPORTER power), by path."""
    if not _active(user):
        return OrgUnit.objects.none()
    condition = scope_for(user).unit_q(Role.REPORTER)
    units = OrgUnit.objects.all() if condition is None else OrgUnit.objects.filter(condition)
    today = clock.today()
    return units.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today)).order_by("path")


def can_register_petitions(user, unit=None) -> bool:
    """Whether `user` may register petitions received by `unit` (by any unit, when None)."""
    if not _active(user):
        return False
    scope = scope_for(user)
    if unit is None:
        return scope.has_power_anywhere(Role.REPORTER)
    return scope.covers(unit, Role.REPORTER)


def can_route(user, petition: Petition) -> bool:
    """Route, forward, reclassify or link as a duplicate: the receiving unit's managers."""
    return _active(user) and scope_for(user).covers(petition.received_by_unit, Role.MANAGER)


def is_handler(user, petition: Petition) -> bool:
    """Whether `user` is one of the people handling `petition`."""
    if not _active(user) or petition.pk is None:
        return False
    return PetitionHandler.objects.filter(petition=petition, user=user).exists()


def can_assign_handlers(user, petition: Petition) -> bool:
    """Assign or remove the people handling a petition: the competent unit's managers."""
    return (
        _active(user)
        and petition.handling_unit_id is not None
        and scope_for(user).covers(petition.handling_unit, Role.MANAGER)
    )


def can_handle(user, petition: Petition) -> bool:
    """Accept or refuse, record steps, extend, decide, publish, enforce: the competent unit's managers
    or one of the people handling the petition."""
    if not _active(user):
        return False
    if petition.handling_unit_id is not None and scope_for(user).covers(petition.handling_unit, Role.MANAGER):
        return True
    return is_handler(user, petition)


def can_read_identity(user, petition: Petition) -> bool:
    """The one rule for a petitioner's identity: true iff `petition` is among those `identity_q` opens
    to `user` (for a denunciation, only the people handling it; see `querysets`)."""
    if not _active(user) or petition.pk is None:
        return False
    return Petition.objects.filter(identity_q(user)).filter(pk=petition.pk).exists()
