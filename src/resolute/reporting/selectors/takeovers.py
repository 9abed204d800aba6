"""Reads of reporting across a reorganisation: the items a closing unit holds and what it keeps (the
preview, see `reporting.contributions`), the traces of what was handed over
(`models.ReportingTakeover`) that the pages show, and who issued a regime on a day before a
reorganisation gave it to a successor."""

from datetime import date

from django.utils.translation import gettext

from resolute.core.contributions import HeldItem
from resolute.orgunits.models import OrgUnit

from ..models import (
    LadderEvent,
    LetterStatus,
    ReportingRegime,
    ReportingTakeover,
    ReportSubmission,
    TakeoverKind,
    UrgingLetter,
)


def traces_of(*, regime=None, letter=None, event=None) -> list[ReportingTakeover]:
    """The hand-overs of one regime, letter or escalation, oldest first, each with its `text`."""
    rows = ReportingTakeover.objects.select_related("from_unit", "to_unit")
    if regime is not None:
        rows = rows.filter(regime=regime)
    if letter is not None:
        rows = rows.filter(letter=letter)
    if event is not None:
        rows = rows.filter(event=event)
    return list(rows.order_by("effective_on", "pk"))


def issuers_on(regimes, day: date) -> dict[int, OrgUnit]:
    """{regime id: the unit that issued it on `day`}, in one query for any number of regimes.

    A regime handed to a successor keeps its old issuer for the days before the hand-over: the
    issuer on `day` is the `from_unit` of the first hand-over that took effect after `day`, or the
    regime's issuer today when none did."""
    regimes = list(regimes)
    found = {regime.pk: regime.issuer for regime in regimes}
    later = (
        ReportingTakeover.objects.filter(
            kind=TakeoverKind.REGIME_ISSUER,
            regime__in=[regime.pk for regime in regimes],
            effective_on__gt=day,
        )
        .select_related("from_unit")
        .order_by("-effective_on", "-pk")
    )
    for takeover in later:  # newest first, so the earliest after `day` is written last
        found[takeover.regime_id] = takeover.from_unit
    return found


# -- what a closing unit holds (the preview of a reorganisation) ----------------------------------------


def _ids(units) -> list[int]:
    return [unit.pk for unit in units]


def held_regimes(units, day: date) -> list[HeldItem]:
    """The regimes in force that the units issue (one query)."""
    regimes = ReportingRegime.objects.active().filter(issuer__in=_ids(units)).select_related("issuer")
    return [
        HeldItem(
            key=f"reporting.regime:{regime.pk}",
            unit=regime.issuer,
            title=regime.name,
            url=regime.get_absolute_url(),
            role=gettext("issuer"),
        )
        for regime in regimes.order_by("issuer__path", "name", "pk")
    ]


def held_duties(units, day: date) -> list[HeldItem]:
    """The duties to report under a regime in force that name the units one by one (one query)."""
    rows = (
        ReportingRegime.units.through.objects.filter(orgunit__in=_ids(units), reportingregime__active=True)
        .select_related("orgunit", "reportingregime")
        .order_by("orgunit__path", "reportingregime__name", "pk")
    )
    return [
        HeldItem(
            key=f"reporting.duty:{row.pk}",
            unit=row.orgunit,
            title=row.reportingregime.name,
            url=row.reportingregime.get_absolute_url(),
            role=gettext("named to report"),
        )
        for row in rows
    ]


def held_escalations(units, day: date) -> list[HeldItem]:
    """Escalations still on the leadership meeting's list about the units (one query). One about a
    task follows the task to the successor; one about a report the unit owed is closed, since the
    successor never owed that report."""
    events = (
        LadderEvent.objects.open_escalations()
        .filter(unit__in=_ids(units))
        .select_related("unit", "task")
        .order_by("unit__path", "deadline", "pk")
    )
    items = []
    for event in events:
        task = event.task
        items.append(
            HeldItem(
                key=f"reporting.escalation:{event.pk}",
                unit=event.unit,
                title=str(task.display_title) if task is not None else event.obligation_label,
                url=task.get_absolute_url() if task is not None else "",
                role=gettext("follows the task") if task is not None else gettext("closed: unit reorganised"),
            )
        )
    return items


def _unsent_letters(units, field: str):
    return (
        UrgingLetter.objects.filter(**{f"{field}__in": _ids(units)})
        .exclude(status=LetterStatus.SENT)
        .select_related(field)
        .order_by(f"{field}__path", "year", "sequence")
    )


def held_letters_to(units, day: date) -> list[HeldItem]:
    """Urging letters not yet sent to the units (one query)."""
    return [
        HeldItem(
            key=f"reporting.letter_to:{letter.pk}",
            unit=letter.recipient,
            title=gettext("Urging letter %(number)s") % {"number": letter.number},
            url=letter.get_absolute_url(),
            role=gettext("recipient"),
        )
        for letter in _unsent_letters(units, "recipient")
    ]


def held_letters_from(units, day: date) -> list[HeldItem]:
    """Urging letters not yet sent from the units (one query)."""
    return [
        HeldItem(
            key=f"reporting.letter_from:{letter.pk}",
            unit=letter.issuer,
            title=gettext("Urging letter %(number)s") % {"number": letter.number},
            url=letter.get_absolute_url(),
            role=gettext("issuer"),
        )
        for letter in _unsent_letters(units, "issuer")
    ]


def kept_submissions(units, day: date) -> int:
    """Reports the units submitted: they stay theirs."""
    return ReportSubmission.objects.filter(unit__in=_ids(units)).count()


def kept_steps(units, day: date) -> int:
    """Reminders, notices, letters and escalations fired about the units, escalations still open
    apart: the record of how they were urged."""
    open_ids = LadderEvent.objects.open_escalations().values("pk")
    return LadderEvent.objects.filter(unit__in=_ids(units)).exclude(pk__in=open_ids).count()


def kept_letters_to(units, day: date) -> int:
    """Letters sent to the units."""
    return UrgingLetter.objects.filter(recipient__in=_ids(units), status=LetterStatus.SENT).count()


def kept_letters_from(units, day: date) -> int:
    """Letters the units sent."""
    return UrgingLetter.objects.filter(issuer__in=_ids(units), status=LetterStatus.SENT).count()
