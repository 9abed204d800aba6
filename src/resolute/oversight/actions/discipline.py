"""The people (or organisations) a recommendation asks to discipline, and what became of each: decided
once, by a numbered decision on a day."""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.models import ChangeLogEntry

from ..choices import DisciplineOutcome, RecommendationKind
from ..models import DisciplineCase, Recommendation
from ..permissions import can_record_discipline
from .common import NUMBER_MAX_LENGTH, Errors, check_day, check_length, day_text, ensure

CASE_LOGGED = ["recommendation", "person", "position", "outcome"]
DECISION_LOGGED = ["outcome", "decided_on", "decision_number"]


def _ensure_may_record(acting_user, recommendation: Recommendation) -> None:
    ensure(
        acting_user,
        lambda user: can_record_discipline(user, recommendation),
        _("Only the unit responsible or the follow-up office records the people to discipline."),
    )


@transaction.atomic
def add_discipline_case(
    *, acting_user, recommendation: Recommendation, person: str, position: str = "", is_sample: bool = False
) -> DisciplineCase:
    """Name a person (or an organisation) the recommendation asks to discipline; the outcome is
    pending until it is decided (`decide_discipline_case`)."""
    recommendation = (
        Recommendation.objects.select_related(
            "task__lead_unit", "task__assigned_by_unit", "oversight__follow_up_unit"
        )
        .select_for_update()
        .get(pk=recommendation.pk)
    )
    _ensure_may_record(acting_user, recommendation)
    errors = Errors()
    person = (person or "").strip()
    position = (position or "").strip()
    if recommendation.kind != RecommendationKind.DISCIPLINE:
        errors.add(
            NON_FIELD_ERRORS, _("Only a recommendation to discipline people names people to discipline.")
        )
    if recommendation.task.cancelled_on is not None:
        errors.add(
            NON_FIELD_ERRORS,
            _("Its task was cancelled on %(date)s; nothing more is recorded on it.")
            % {"date": day_text(recommendation.task.cancelled_on)},
        )
    if not person:
        errors.add("person", _("Name the person or organisation to discipline."))
    check_length(errors, "person", person, DisciplineCase._meta.get_field("person").max_length)
    check_length(errors, "position", position, DisciplineCase._meta.get_field("position").max_length)
    errors.raise_if_any()
    case = DisciplineCase.objects.create(
        recommendation=recommendation, person=person, position=position, is_sample=is_sample
    )
    record_change(actor=acting_user, instance=case, action=ChangeLogEntry.Action.CREATE, fields=CASE_LOGGED)
    return case


@transaction.atomic
def decide_discipline_case(
    *, acting_user, case: DisciplineCase, outcome: str, decided_on: date, decision_number: str
) -> DisciplineCase:
    """Record what became of a person to discipline: the outcome, the day and the number of the
    decision. Decided once: a decision is not overwritten."""
    case = (
        DisciplineCase.objects.select_for_update()
        .select_related(
            "recommendation__task__lead_unit",
            "recommendation__oversight__follow_up_unit",
            "recommendation__task__assigned_by_unit",
            "recommendation__oversight__document",
        )
        .get(pk=case.pk)
    )
    _ensure_may_record(acting_user, case.recommendation)
    errors = Errors()
    number = (decision_number or "").strip()
    if case.outcome != DisciplineOutcome.PENDING:
        errors.add(
            NON_FIELD_ERRORS,
            _("What became of %(person)s was already decided on %(date)s.")
            % {"person": case.person, "date": day_text(case.decided_on) if case.decided_on else "—"},
        )
    if outcome not in DisciplineOutcome.values or outcome == DisciplineOutcome.PENDING:
        errors.add("outcome", _("Choose what was decided."))
    check_day(
        errors,
        "decided_on",
        decided_on,
        label=_("The decision date"),
        recommendation=case.recommendation,
    )
    if not number:
        errors.add("decision_number", _("Enter the number of the decision."))
    check_length(errors, "decision_number", number, NUMBER_MAX_LENGTH)
    errors.raise_if_any()
    before = snapshot(case, DECISION_LOGGED)
    case.outcome = outcome
    case.decided_on = decided_on
    case.decision_number = number
    case.save()
    record_change(actor=acting_user, instance=case, action=ChangeLogEntry.Action.UPDATE, before=before)
    return case
