"""Handing a closing unit's reporting work to its successor when a reorganisation is applied.

The engine (`orgunits.actions.reorganisations.apply_reorganisation`) calls each `carry` below, through
the `CarriedWork` contributions of `reporting.contributions`, inside its own transaction, with the
hand-overs the preview showed (`Handover(item, successor)`, the item from `selectors.takeovers`).
Each writes in bulk where it can, records the change log (the note names the reorganisation) and a
`ReportingTakeover` row, which the pages read: "Taken over from <old unit> on 01/07/2025 under <legal
basis>". Each returns the number of items it handled.

- A regime the unit issued: the successor issues it from the day; before the day the old unit is
  still its issuer (`selectors.takeovers.issuers_on`), so the compliance of those days reads as it was.
- A duty that names the unit: the successor is named instead (once, if it was named already).
- An escalation still open: about a task, it follows the task to the successor (the task's steps
  already fired stay fired, so the successor is not reminded again of what the old unit was told);
  about a report the old unit owed, it is closed as "unit reorganised" — the successor never owed it.
- A letter not yet sent: addressed to the unit, it is re-addressed to the successor and lists only
  the tasks (which follow the work), not the reports the old unit owed; issued by the unit, it is
  re-issued by the successor under the successor's own number. Its date is no earlier than the
  successor's first day. A letter signed but not sent goes back to draft: the signed paper names the
  old unit. A draft that would list nothing, go to its own issuer, or come from a successor without a
  document symbol (it could not be numbered) is withdrawn; the log keeps it.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.contributions import successors_by_record
from resolute.core.models import ChangeLogEntry

from ..letter_document import render_letter
from ..models import (
    LadderEvent,
    LetterStatus,
    ReportingRegime,
    ReportingTakeover,
    TakeoverKind,
    UrgingLetter,
)
from .letters import _check_number_is_the_issuers_alone, lock_counter, next_number


def reorganisation_note(reorganisation) -> str:
    """The change log's note: which reorganisation, under which basis, from which day."""
    return (
        _("Reorganisation “%(title)s” under %(basis)s, effective %(date)s")
        % {
            "title": reorganisation.title,
            "basis": reorganisation.legal_basis,
            "date": date_format(reorganisation.effective_on, "SHORT_DATE_FORMAT"),
        }
    )[:500]


def _log_updates(*, actor, rows: list[tuple[object, dict]], note: str) -> None:
    """One change-log row per (record, {field: (old, new)}), written in one statement."""
    if not rows:
        return
    content_type = ContentType.objects.get_for_model(rows[0][0], for_concrete_model=False)
    ChangeLogEntry.objects.bulk_create(
        [
            ChangeLogEntry(
                content_type=content_type,
                object_id=str(instance.pk),
                object_repr=str(instance)[:300],
                action=ChangeLogEntry.Action.UPDATE,
                changes={name: {"old": old, "new": new} for name, (old, new) in changes.items()},
                note=note,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
            for instance, changes in rows
        ],
        batch_size=500,
    )


def _takeover(kind, reorganisation, from_unit, to_unit, **record) -> ReportingTakeover:
    return ReportingTakeover(
        kind=kind,
        from_unit=from_unit,
        to_unit=to_unit,
        effective_on=reorganisation.effective_on,
        reorganisation=reorganisation if reorganisation.pk else None,
        legal_basis=reorganisation.legal_basis,
        **record,
    )


def carry_regimes(handovers, reorganisation, acting_user) -> int:
    """The successor issues each regime from the reorganisation's day."""
    successors = successors_by_record(handovers)
    regimes = list(
        ReportingRegime.objects.select_for_update().filter(pk__in=list(successors)).select_related("issuer")
    )
    now = timezone.now()
    takeovers, log = [], []
    for regime in regimes:
        old, new = regime.issuer, successors[regime.pk]
        regime.issuer, regime.version, regime.updated_at = new, regime.version + 1, now
        takeovers.append(_takeover(TakeoverKind.REGIME_ISSUER, reorganisation, old, new, regime=regime))
        log.append((regime, {"issuer": (str(old), str(new))}))
    ReportingRegime.objects.bulk_update(regimes, ["issuer", "version", "updated_at"], batch_size=500)
    ReportingTakeover.objects.bulk_create(takeovers, batch_size=500)
    _log_updates(actor=acting_user, rows=log, note=reorganisation_note(reorganisation))
    return len(regimes)


def carry_duties(handovers, reorganisation, acting_user) -> int:
    """Each regime names the successor where it named the closing unit."""
    Named = ReportingRegime.units.through
    successors = successors_by_record(handovers)
    rows = list(Named.objects.filter(pk__in=list(successors)).select_related("orgunit", "reportingregime"))
    if not rows:
        return 0
    regime_ids = {row.reportingregime_id for row in rows}

    def named_units() -> dict[int, list[str]]:
        names: dict[int, list[str]] = {regime_id: [] for regime_id in regime_ids}
        for regime_id, name in Named.objects.filter(reportingregime_id__in=regime_ids).values_list(
            "reportingregime_id", "orgunit__name"
        ):
            names[regime_id].append(name)
        return {regime_id: sorted(found) for regime_id, found in names.items()}

    before = named_units()
    Named.objects.filter(pk__in=[row.pk for row in rows]).delete()
    Named.objects.bulk_create(
        [Named(reportingregime_id=row.reportingregime_id, orgunit_id=successors[row.pk].pk) for row in rows],
        ignore_conflicts=True,  # a successor named already stays named once
        batch_size=500,
    )
    after = named_units()
    ReportingTakeover.objects.bulk_create(
        [
            _takeover(
                TakeoverKind.NAMED_UNIT,
                reorganisation,
                row.orgunit,
                successors[row.pk],
                regime_id=row.reportingregime_id,
            )
            for row in rows
        ],
        batch_size=500,
    )
    regimes = ReportingRegime.objects.in_bulk(list(regime_ids))
    ReportingRegime.objects.filter(pk__in=regime_ids).update(updated_at=timezone.now())
    _log_updates(
        actor=acting_user,
        rows=[(regimes[pk], {"units": (before[pk], after[pk])}) for pk in sorted(regime_ids)],
        note=reorganisation_note(reorganisation),
    )
    return len(rows)


def carry_escalations(handovers, reorganisation, acting_user) -> int:
    """An open escalation about a task follows it to the successor; one about a report is closed."""
    successors = successors_by_record(handovers)
    events = list(
        # Lock the events only: a lock cannot take the nullable side of an outer join (a report's
        # escalation has no task) on PostgreSQL.
        LadderEvent.objects.select_for_update(of=("self",))
        .filter(pk__in=list(successors))
        .select_related("unit", "task")
    )
    day = reorganisation.effective_on
    followed, closed, takeovers, log = [], [], [], []
    for event in events:
        old = event.unit
        task = event.task
        if task is not None and task.completed_on is None and task.cancelled_on is None:
            event.unit = successors[event.pk]
            followed.append(event)
            takeovers.append(_takeover(TakeoverKind.ESCALATION, reorganisation, old, event.unit, event=event))
            log.append((event, {"unit": (str(old), str(event.unit))}))
        else:
            event.resolved_on = day
            closed.append(event)
            closure = _takeover(TakeoverKind.ESCALATION_CLOSED, reorganisation, old, None, event=event)
            takeovers.append(closure)
            log.append((event, {"resolved_on": (None, day.isoformat())}))
    LadderEvent.objects.bulk_update(followed, ["unit"], batch_size=500)
    LadderEvent.objects.bulk_update(closed, ["resolved_on"], batch_size=500)
    ReportingTakeover.objects.bulk_create(takeovers, batch_size=500)
    _log_updates(actor=acting_user, rows=log, note=reorganisation_note(reorganisation))
    return len(events)


def _withdraw(letter: UrgingLetter, *, acting_user, reason: str, note: str) -> None:
    before = snapshot(letter, ["issuer", "recipient", "sequence", "symbol", "status"])
    record_change(
        actor=acting_user,
        instance=letter,
        action=ChangeLogEntry.Action.DELETE,
        before=before,
        note=f"{note} — {reason}"[:500],
    )
    letter.docx.delete(save=False)
    letter.delete()


def _back_to_draft(letter: UrgingLetter) -> None:
    """A letter signed but not sent names the old unit on paper: it goes back to draft, to be signed
    again as it now reads."""
    if letter.status == LetterStatus.SIGNED:
        letter.signed_scan.delete(save=False)
        letter.status, letter.signed_on = LetterStatus.DRAFTED, None


def _redraw(letter: UrgingLetter, day: date) -> None:
    letter.issued_on = max(letter.issued_on, day)
    letter.docx.save(f"{letter.year}-{letter.sequence}.docx", ContentFile(render_letter(letter)), save=False)
    letter.save()


def carry_letters_to(handovers, reorganisation, acting_user) -> int:
    """Re-address each letter not yet sent to the successor, listing the tasks that follow the work."""
    successors = successors_by_record(handovers)
    note = reorganisation_note(reorganisation)
    letters = UrgingLetter.objects.select_for_update().filter(pk__in=list(successors))
    count = 0
    for letter in letters.select_related("issuer", "recipient").order_by("pk"):
        count += 1
        old, new = letter.recipient, successors[letter.pk]
        items = [item for item in letter.items if item.get("kind") != "report"]
        if new.pk == letter.issuer_id:
            _withdraw(letter, acting_user=acting_user, note=note, reason=_("it would go to its own issuer"))
            continue
        if not items:
            _withdraw(letter, acting_user=acting_user, note=note, reason=_("it would list nothing"))
            continue
        before = snapshot(letter, ["recipient", "status", "issued_on"])
        letter.recipient, letter.items = new, items
        _back_to_draft(letter)
        _redraw(letter, reorganisation.effective_on)
        _takeover(TakeoverKind.LETTER_RECIPIENT, reorganisation, old, new, letter=letter).save()
        record_change(
            actor=acting_user, instance=letter, action=ChangeLogEntry.Action.UPDATE, before=before, note=note
        )
    return count


def carry_letters_from(handovers, reorganisation, acting_user) -> int:
    """Re-issue each letter not yet sent from the successor, under the successor's next number."""
    successors = successors_by_record(handovers)
    note = reorganisation_note(reorganisation)
    letters = UrgingLetter.objects.select_for_update().filter(pk__in=list(successors))
    count = 0
    for letter in letters.select_related("issuer", "recipient").order_by("pk"):
        count += 1
        old, new = letter.issuer, successors[letter.pk]
        if new.pk == letter.recipient_id:
            _withdraw(letter, acting_user=acting_user, note=note, reason=_("it would go to its own issuer"))
            continue
        if not new.document_symbol:
            _withdraw(
                letter,
                acting_user=acting_user,
                note=note,
                reason=_("%(unit)s has no document symbol to number it") % {"unit": new},
            )
            continue
        before = snapshot(letter, ["issuer", "sequence", "symbol", "party_form", "status", "issued_on"])
        counter = lock_counter(new, letter.year)
        sequence = next_number(counter)
        _check_number_is_the_issuers_alone(new, letter.year, sequence, new.document_symbol, new.is_party_body)
        letter.issuer, letter.sequence = new, sequence
        letter.symbol, letter.party_form = new.document_symbol, new.is_party_body
        _back_to_draft(letter)
        _redraw(letter, reorganisation.effective_on)
        _takeover(TakeoverKind.LETTER_ISSUER, reorganisation, old, new, letter=letter).save()
        record_change(
            actor=acting_user, instance=letter, action=ChangeLogEntry.Action.UPDATE, before=before, note=note
        )
    return count
