"""Petitions on the office's follow-up board and on the urging ladder (contributed as `BoardRows` and
`LadderSubjects` "petitions.deadline").

A petition owes its **next deadline** (`Petition.next_deadline`, kept by the actions): to accept or
refuse it before acceptance, to settle it after; none once it is closed or linked as a duplicate.

- **Who owes it** (the board's and the ladder's *unit*): its competent unit, or the unit that received
  it while it has none.
- **To whom** (the *issuer*): the unit that received it, when it sent the petition on to another
  competent unit — the reception office follows what it routed; otherwise (the unit received it
  itself) the administrative level the unit belongs to — the province, district or commune whose office
  follows its petitions. A commune that received a petition and settles it itself owes it to itself:
  the board lists it for the commune's leadership and the ladder writes it no letter.
- **Board, overdue**: the petitions past their next deadline, counted per issuer and unit, for the
  units the user's office follows, the oldest deadline first.
- **Board, due soon**: petitions whose next deadline falls within the board's days.
- **Ladder**: one subject per petition whose next deadline falls before the day the ladder asks for,
  "petition:<id>:<deadline>" (a new deadline, after acceptance or an extension, is a new subject).

Nothing here names the petitioner or quotes a petition: a petition is named by its code and its kind
(a denunciation's subject may name the person denounced), and the letter cites the law whose time
limit it missed.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import DueItem, LadderSubject, OverdueItems
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS, scope_for

from ..choices import BEFORE_ACCEPTANCE, PetitionKind
from ..deadlines import acceptance_limit, settlement_limit
from ..models import Petition

# The name the urging letter gives the kind of item a petition is.
KIND = "petition"
KIND_LABEL = _("petition past its legal deadline")


def owing():
    """Petitions that owe a deadline (open, not a duplicate), with `owing_unit_id` annotated."""
    return Petition.objects.filter(next_deadline__isnull=False, duplicate_of__isnull=True).annotate(
        owing_unit_id=Coalesce(F("handling_unit_id"), F("received_by_unit_id"))
    )


def followed_by_office(petitions, user):
    """The petitions owed by a unit the user's office follows."""
    scope = scope_for(user)
    handled = scope.unit_q(Role.OFFICE, prefix="handling_unit")
    received = scope.unit_q(Role.OFFICE, prefix="received_by_unit")
    if handled is None:
        return petitions
    return petitions.filter(
        (Q(handling_unit__isnull=False) & handled) | (Q(handling_unit__isnull=True) & received)
    )


class Issuers:
    """Who each petition is owed to (see the module), from the units involved: one query for the units
    and the administrative levels above them."""

    def __init__(self, unit_ids):
        unit_ids = set(unit_ids)
        units = OrgUnit.objects.in_bulk(unit_ids) if unit_ids else {}
        above = {pk for unit in units.values() for pk in unit.ancestor_ids} - set(units)
        levels = (
            OrgUnit.objects.in_bulk(
                OrgUnit.objects.filter(pk__in=above, kind__in=ADMINISTRATIVE_LEVELS).values_list(
                    "pk", flat=True
                )
            )
            if above
            else {}
        )
        self.units = {**units, **levels}

    def unit(self, pk) -> OrgUnit:
        return self.units[pk]

    def level_of(self, unit: OrgUnit) -> OrgUnit:
        """The province, district or commune `unit` belongs to (itself when it is one, or when it
        belongs to none)."""
        if unit.kind in ADMINISTRATIVE_LEVELS:
            return unit
        for pk in reversed(unit.ancestor_ids):
            level = self.units.get(pk)
            if level is not None and level.kind in ADMINISTRATIVE_LEVELS:
                return level
        return unit

    def issuer(self, received_by_id, handling_id) -> OrgUnit:
        if handling_id is not None and handling_id != received_by_id:
            return self.unit(received_by_id)
        return self.level_of(self.unit(received_by_id))


def title_of(petition: Petition) -> str:
    """ "2025-00003 · denunciation": the code and the kind, never the subject nor the petitioner."""
    return f"{petition.code} · {PetitionKind(petition.kind).label}"


def lazy_title(petition: Petition):
    """The title, worded when it is read: in each reader's language, in Vietnamese in a letter."""
    return lazy(lambda: title_of(petition), str)()


def legal_source(petition: Petition) -> str:
    """The law whose time limit the petition owes: acceptance before acceptance, settlement after."""
    if petition.stage in BEFORE_ACCEPTANCE or petition.accepted_on is None:
        return acceptance_limit(petition.kind).source
    return settlement_limit(
        petition.kind,
        instance=petition.instance,
        complexity=petition.complexity,
        remote_area=petition.is_remote_area,
    ).source


# -- the follow-up board -----------------------------------------------------------------------------


def overdue_petitions_by_unit(user, on: date, limit: int) -> list[OverdueItems]:
    """For the board: how many petitions each unit the user's office follows owes past their next
    deadline on `on`, per issuer, the oldest deadline first. Two queries."""
    groups = list(
        followed_by_office(owing(), user)
        .filter(next_deadline__lt=on, received_on__lte=on)
        .order_by()
        .values("received_by_unit_id", "handling_unit_id", "owing_unit_id")
        .annotate(count=Count("pk"), oldest=Min("next_deadline"))
    )
    issuers = Issuers(
        {row["received_by_unit_id"] for row in groups} | {row["owing_unit_id"] for row in groups}
    )
    merged: dict[tuple[int, int], OverdueItems] = {}
    for row in groups:
        issuer = issuers.issuer(row["received_by_unit_id"], row["handling_unit_id"])
        unit = issuers.unit(row["owing_unit_id"])
        item = merged.get((issuer.pk, unit.pk))
        if item is None:
            item = merged[(issuer.pk, unit.pk)] = OverdueItems(
                issuer=issuer, unit=unit, oldest_deadline=row["oldest"]
            )
        item.count += row["count"]
        item.oldest_deadline = min(item.oldest_deadline, row["oldest"])
    return sorted(merged.values(), key=lambda item: (item.oldest_deadline, item.unit.path))[:limit]


def due_item_title(petition: Petition) -> str:
    if petition.stage in BEFORE_ACCEPTANCE or petition.accepted_on is None:
        return gettext("%(petition)s: to accept or refuse") % {"petition": title_of(petition)}
    return gettext("%(petition)s: to settle") % {"petition": title_of(petition)}


def petitions_due_soon(user, on: date, until: date, limit: int) -> list[DueItem]:
    """For the board: petitions of the units the user's office follows whose next deadline falls from
    `on` to `until`, the earliest first. One query."""
    petitions = (
        followed_by_office(owing(), user)
        .filter(next_deadline__gte=on, next_deadline__lte=until, received_on__lte=on)
        .select_related("handling_unit", "received_by_unit")
        .order_by("next_deadline", "pk")[:limit]
    )
    return [
        DueItem(
            title=due_item_title(petition),
            url=petition.get_absolute_url(),
            unit=petition.handling_unit or petition.received_by_unit,
            deadline=petition.next_deadline,
        )
        for petition in petitions
    ]


# -- the urging ladder -------------------------------------------------------------------------------


def petition_subjects(on: date, *, deadline_before: date, issuer=None, unit=None) -> list[LadderSubject]:
    """What the ladder chases of petitions: each petition received by `on` whose next deadline falls
    before `deadline_before`, owed by its competent unit (see the module), optionally only what `unit`
    owes `issuer`; the earliest deadline first. A unit closed by `on` is not chased: its petitions
    passed to its successor. Two queries."""
    petitions = (
        owing()
        .filter(next_deadline__lt=deadline_before, received_on__lte=on)
        .select_related("handling_unit", "received_by_unit")
        .order_by("next_deadline", "pk")
    )
    if unit is not None:
        petitions = petitions.filter(owing_unit_id=unit.pk)
    petitions = list(petitions)
    issuers = Issuers(
        {petition.received_by_unit_id for petition in petitions}
        | {petition.owing_unit_id for petition in petitions}
    )
    subjects = []
    for petition in petitions:
        owed_to = issuers.issuer(petition.received_by_unit_id, petition.handling_unit_id)
        owed_by = petition.handling_unit or petition.received_by_unit
        if (issuer is not None and owed_to.pk != issuer.pk) or owed_by.is_closed_by(on):
            continue
        subjects.append(
            LadderSubject(
                key=f"petition:{petition.pk}:{petition.next_deadline.isoformat()}",
                unit=owed_by,
                issuer=owed_to,
                deadline=petition.next_deadline,
                title=lazy_title(petition),
                source=legal_source(petition),
                url=petition.get_absolute_url(),
                obligation_label=f"{petition.code} — {petition.next_deadline:%d/%m/%Y}",
                kind=KIND,
                kind_label=KIND_LABEL,
            )
        )
    return subjects
