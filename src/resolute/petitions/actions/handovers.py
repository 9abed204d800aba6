"""A reorganisation hands a closing unit's open petitions to its successor (`CarriedWork.carry`, called
by `orgunits.actions.reorganisations.apply_reorganisation` inside its transaction; what a unit holds is
read by `handovers`):

- a petition the unit **settles** passes to the successor as its competent unit: a step "sent to the
  competent unit" on the reorganisation's day says it was taken over, and the clocks run on unchanged
  (the law's time limits do not restart because the body changed);
- a petition the unit **received** passes to the successor as the receiving unit, so that someone may
  still route it and follow it up.

A petition closed, or given to another unit since the preview, is left alone. Every change is logged
with the reorganisation named; a national reorganisation closes thousands of units, so the action runs
a fixed number of statements per batch of petitions.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core.actions.bulk import chunks, set_by_value
from resolute.core.changelog import record_stated_changes
from resolute.core.contributions import Handover

from .. import handovers as held
from ..choices import CLOSED, StepKind
from ..models import Petition, PetitionStep

# The prefix of the held items' keys -> the petition's field it moves.
FIELDS = {held.HANDLING: "handling_unit", held.RECEIVED: "received_by_unit"}


def reorganisation_note(reorganisation) -> str:
    basis = reorganisation.legal_basis
    text = (
        _("Taken over in the reorganisation “%(title)s” under %(basis)s, effective %(date)s.")
        if basis
        else _("Taken over in the reorganisation “%(title)s”, effective %(date)s.")
    ) % {
        "title": reorganisation.title,
        "basis": basis,
        "date": date_format(reorganisation.effective_on, "SHORT_DATE_FORMAT"),
    }
    return text[:500]


def _moves(handovers: Iterable[Handover], prefix: str) -> dict[int, tuple]:
    """{petition id: (unit giving it, successor)} of the hand-overs of items keyed `prefix:<id>`."""
    start = prefix + ":"
    return {
        handover.item.record_id: (handover.item.unit, handover.successor)
        for handover in handovers
        if handover.item.key.startswith(start)
    }


def _carry(acting_user, moves: dict[int, tuple], field: str, reorganisation, note: str) -> int:
    now = timezone.now()
    moved = 0
    for batch in chunks(sorted(moves)):
        petitions = (
            Petition.objects.select_for_update()
            .filter(pk__in=batch, duplicate_of__isnull=True)
            .exclude(stage__in=CLOSED)
            .order_by("pk")
        )
        new_units, steps, changes = {}, [], []
        for petition in petitions:
            old, new = moves[petition.pk]
            if getattr(petition, f"{field}_id") != old.pk or new.pk == old.pk:
                continue
            new_units[petition.pk] = new.pk
            # The units' official names: a record keeps them whatever language its reader uses.
            changes.append((petition, {field: {"old": old.name, "new": new.name}}))
            if field == "handling_unit":
                steps.append(
                    PetitionStep(
                        petition=petition,
                        kind=StepKind.ROUTED,
                        day=reorganisation.effective_on,
                        note=_("%(new)s took the petition over from %(old)s. %(note)s")
                        % {"new": new.name, "old": old.name, "note": note},
                    )
                )
        set_by_value(Petition, field, new_units, version=F("version") + 1, updated_at=now)
        PetitionStep.objects.bulk_create(steps)
        record_stated_changes(actor=acting_user, changes=changes, note=note)
        moved += len(new_units)
    return moved


@transaction.atomic
def carry_petitions(*, acting_user, handovers: Iterable[Handover], reorganisation) -> int:
    """Give each open petition a closing unit settles or received to its successor (see the module).
    Returns how many moves were made (a petition both received and settled by the unit moves twice)."""
    handovers = list(handovers)
    note = reorganisation_note(reorganisation)
    return sum(
        _carry(acting_user, _moves(handovers, prefix), field, reorganisation, note)
        for prefix, field in FIELDS.items()
    )
