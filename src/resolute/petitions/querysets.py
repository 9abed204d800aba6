"""Scoped reads of petitions, and the one rule that guards a denouncer's identity.

A petition is read by those who can see the unit that received it or the unit handling it (with the
units above them), and by the people handling it. Its petitioner's identity is personal data, read
by those who work on petitions at those units (reporters and above); a denouncer's identity only by
the people handling that denunciation (Law on Denunciations 2018, Art. 47) — not by the unit's other
staff, not by those above it, not by an administrator who does not handle it.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

# The value of `PetitionKind.DENUNCIATION`, named here so the querysets need not import the choices'
# module through the models.
DENUNCIATION = "denunciation"


def _scope(user):
    from resolute.orgunits.scope import scope_for

    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    return scope_for(user)


def handled_by_q(user, prefix: str = "") -> Q:
    """A Q over petitions (or a foreign key to one, with `prefix`) that `user` handles."""
    from .models import PetitionHandler

    lead = f"{prefix}__" if prefix else ""
    pk = f"{prefix}_id" if prefix else "pk"
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(**{f"{pk}__in": PetitionHandler.objects.filter(user=user).values("petition_id")}) | Q(
        **{f"{lead}registered_by": user}
    )


def petition_q(user, prefix: str = "", power: str = "viewer") -> Q | None:
    """A Q over petitions (or a foreign key to one, with `prefix`) the user may read with `power` over
    the receiving or the handling unit, or handles; None means every petition."""
    scope = _scope(user)
    if scope is None:
        return Q(pk__in=[])
    if scope.sees_everything:
        return None
    lead = f"{prefix}__" if prefix else ""
    return (
        scope.unit_q(power, prefix=f"{lead}received_by_unit")
        | scope.unit_q(power, prefix=f"{lead}handling_unit")
        | handled_by_q(user, prefix)
    )


def identity_q(user, prefix: str = "") -> Q:
    """A Q over petitions whose petitioner's identity `user` may read: a denunciation they handle, or
    another petition they may read as a reporter of the receiving or handling unit, or handle. Never
    None: an administrator who does not handle a denunciation does not read its denouncer."""
    lead = f"{prefix}__" if prefix else ""
    scope = _scope(user)
    if scope is None:
        return Q(pk__in=[])
    handled = handled_by_q(user, prefix)
    if scope.sees_everything:
        others = ~Q(**{f"{lead}kind": DENUNCIATION})
    else:
        others = ~Q(**{f"{lead}kind": DENUNCIATION}) & (
            scope.unit_q("reporter", prefix=f"{lead}received_by_unit")
            | scope.unit_q("reporter", prefix=f"{lead}handling_unit")
        )
    return handled | others


def _filtered(queryset, condition):
    return queryset if condition is None else queryset.filter(condition)


class PetitionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Petitions received or handled in the user's area (or above it), or handled by the user."""
        return _filtered(self, petition_q(user))

    def counted(self):
        """Petitions counted in statistics: a duplicate (same person, same matter) counts once, as
        the petition it duplicates."""
        return self.filter(duplicate_of__isnull=True)


class PetitionerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Petitioners whose identity the user may read on at least one of their petitions."""
        from .models import Petition

        readable = Petition.objects.filter(identity_q(user)).filter(petitioner=OuterRef("pk"))
        return self.filter(Exists(readable))
