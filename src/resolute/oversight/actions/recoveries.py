"""Money recovered on a recommendation, entered as a ledger: each entry is an amount on a day, never
overwritten; a mistaken entry is corrected by a negative one that says why. What was recovered by a
day is the sum of the entries up to it, and it never falls below 0 on any day."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change
from resolute.core.models import ChangeLogEntry

from ..choices import RecommendationKind
from ..models import Recommendation, Recovery
from ..permissions import can_record_recovery
from .common import (
    NOTE_MAX_LENGTH,
    NUMBER_MAX_LENGTH,
    Errors,
    check_day,
    check_length,
    day_text,
    ensure,
    person,
    vnd,
    whole_vnd,
)

RECOVERY_LOGGED = ["recommendation", "recovered_on", "amount", "document_number", "note"]


def _lowest_running_total(entries: list[tuple[date, Decimal]]) -> tuple[Decimal, date | None]:
    """The lowest of the totals recovered by each entry's day (entries of one day count together),
    and that day."""
    lowest, lowest_on, running = Decimal(0), None, Decimal(0)
    by_day: dict[date, Decimal] = {}
    for day, amount in entries:
        by_day[day] = by_day.get(day, Decimal(0)) + amount
    for day in sorted(by_day):
        running += by_day[day]
        if running < lowest:
            lowest, lowest_on = running, day
    return lowest, lowest_on


@transaction.atomic
def record_recovery(
    *,
    acting_user,
    recommendation: Recommendation,
    recovered_on: date,
    amount,
    document_number: str = "",
    note: str = "",
    is_sample: bool = False,
) -> Recovery:
    """Record an amount recovered on a day (whole VND). A negative amount corrects earlier entries and
    says why in `note`; it may never take what was recovered below 0. Recovering more than required
    is possible (interest, late-payment charges) but needs a note saying so."""
    # Lock the recommendation: two entries at once must not both pass the checks of the total.
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related(
            "task__lead_unit", "task__assigned_by_unit", "oversight__follow_up_unit", "oversight__document"
        )
        .get(pk=recommendation.pk)
    )
    ensure(
        acting_user,
        lambda user: can_record_recovery(user, recommendation),
        _("Only the unit responsible or the follow-up office records the money recovered."),
    )
    errors = Errors()
    note = (note or "").strip()
    number = (document_number or "").strip()
    if recommendation.kind != RecommendationKind.RECOVER_MONEY:
        errors.add(NON_FIELD_ERRORS, _("Only a recommendation to recover money has amounts recovered."))
    if recommendation.task.cancelled_on is not None:
        errors.add(
            NON_FIELD_ERRORS,
            _("Its task was cancelled on %(date)s; nothing more is recorded on it.")
            % {"date": day_text(recommendation.task.cancelled_on)},
        )
    check_day(
        errors,
        "recovered_on",
        recovered_on,
        label=_("The recovery date"),
        recommendation=recommendation,
    )
    value = whole_vnd(amount, "amount", errors, signed=True)
    if value is not None and value == 0:
        errors.add("amount", _("Enter the amount recovered: more than 0, or less than 0 to correct."))
    if value is not None and value < 0 and not note:
        errors.add("note", _("A negative amount corrects an earlier entry: say what it corrects."))
    check_length(errors, "document_number", number, NUMBER_MAX_LENGTH)
    check_length(errors, "note", note, NOTE_MAX_LENGTH)
    if not errors.by_field and value is not None:
        entries = [*recommendation.recoveries.values_list("recovered_on", "amount"), (recovered_on, value)]
        lowest, lowest_on = _lowest_running_total(entries)
        if lowest < 0:
            errors.add(
                "amount",
                _(
                    "This correction would leave %(amount)s recovered by %(date)s: "
                    "what was recovered cannot fall below 0."
                )
                % {"amount": vnd(lowest), "date": day_text(lowest_on)},
            )
        total = sum((entry[1] for entry in entries), Decimal(0))
        required = recommendation.amount_required or Decimal(0)
        if total > required and not note:
            errors.add(
                "note",
                _("%(total)s recovered in all is more than the %(required)s required: say why in the note.")
                % {"total": vnd(total), "required": vnd(required)},
            )
    errors.raise_if_any()
    recovery = Recovery.objects.create(
        recommendation=recommendation,
        recovered_on=recovered_on,
        amount=value,
        document_number=number,
        note=note,
        recorded_by=person(acting_user),
        is_sample=is_sample,
    )
    record_change(
        actor=acting_user,
        instance=recovery,
        action=ChangeLogEntry.Action.CREATE,
        fields=RECOVERY_LOGGED,
        note=vnd(value),
    )
    return recovery
