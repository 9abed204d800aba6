"""What a closing unit holds of petitions, for a reorganisation's preview (`CarriedWork.held` and
`kept`); `actions.handovers` hands it to the successor.

A unit holds the petitions not yet closed (refused, forwarded, withdrawn or settled) that it — a
duplicate owes nothing of its own and stays where it was received, with its original's record:

- **settles** (it is their competent unit): the successor settles them, on the same legal clocks;
- **received** and still follows (while they wait to be routed, and as the issuer the follow-up board
  and the ladder count them for): the successor routes them and follows them up.

What stays with the old unit is its record: the petitions closed by its last day. Each function is one
query, however many units close. A petition is named by its code and kind only — never its subject
(a denunciation's may name the person denounced) nor its petitioner.
"""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from resolute.core.contributions import HeldItem

from .choices import CLOSED, PetitionKind
from .models import Petition

# Prefixes of the keys of held items ("petitions.handling:12"), read back by `actions.handovers`.
HANDLING = "petitions.handling"
RECEIVED = "petitions.received"


def _ids(units) -> list[int]:
    return [getattr(unit, "pk", unit) for unit in units]


def held_petitions(units, day: date) -> list[HeldItem]:
    """The open petitions the units settle or received (an item for each role). One query."""
    by_pk = {unit.pk: unit for unit in units}
    petitions = (
        Petition.objects.exclude(stage__in=CLOSED)
        .filter(duplicate_of__isnull=True)
        .filter(Q(handling_unit_id__in=list(by_pk)) | Q(received_by_unit_id__in=list(by_pk)))
        .only("id", "code", "kind", "handling_unit_id", "received_by_unit_id")
        .order_by("code")
    )
    items = []
    for petition in petitions:
        title = f"{petition.code} · {PetitionKind(petition.kind).label}"
        if petition.handling_unit_id in by_pk:
            items.append(
                HeldItem(
                    key=f"{HANDLING}:{petition.pk}",
                    unit=by_pk[petition.handling_unit_id],
                    title=title,
                    url=petition.get_absolute_url(),
                    role=_("competent unit"),
                )
            )
        if petition.received_by_unit_id in by_pk:
            items.append(
                HeldItem(
                    key=f"{RECEIVED}:{petition.pk}",
                    unit=by_pk[petition.received_by_unit_id],
                    title=title,
                    url=petition.get_absolute_url(),
                    role=_("received it"),
                )
            )
    return items


def closed_petitions(units, day: date) -> int:
    """How many closed petitions (and duplicates) the units received or settled: their record. One
    query."""
    ids = _ids(units)
    return (
        Petition.objects.filter(Q(stage__in=CLOSED) | Q(duplicate_of__isnull=False))
        .filter(Q(handling_unit_id__in=ids) | Q(received_by_unit_id__in=ids))
        .count()
    )
