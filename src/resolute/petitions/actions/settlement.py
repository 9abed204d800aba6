"""Settling a petition at its competent unit: accepting or refusing it (with the notice), verifying
and holding dialogue, extending a denunciation's time limit by written decision, deciding, publishing
and enforcing the decision; or closing it when the petitioner withdraws it. Each step is dated no
earlier than the step before it and no later than today, and keeps the petition's clock current."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import record_change
from resolute.core.models import ChangeLogEntry

from ..choices import (
    BEFORE_ACCEPTANCE,
    BEING_SETTLED,
    CLOSED,
    Complexity,
    Outcome,
    PetitionKind,
    Stage,
    StepKind,
)
from ..deadlines import EXTENSION_DAYS_AT_MOST, extended_deadline, extensions_allowed, settlement_limit
from ..models import Petition, PetitionExtension
from .common import (
    Errors,
    add_handler,
    add_step,
    before_change,
    check_day,
    check_instance,
    check_not_duplicate,
    check_open,
    check_required,
    checked_files,
    day_text,
    ensure_may_handle,
    ensure_may_route_or_handle,
    locked,
    person,
    refresh_clock,
    save_and_log,
)

# The outcomes a decision may have: a complaint or a denunciation is found (partly) well-founded or
# unfounded; a recommendation or a reflection is answered.
OUTCOMES_OF = {
    PetitionKind.COMPLAINT: (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED),
    PetitionKind.DENUNCIATION: (Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED),
    PetitionKind.RECOMMENDATION: (Outcome.ANSWERED,),
    PetitionKind.REFLECTION: (Outcome.ANSWERED,),
}


def _check_awaiting_acceptance(errors: Errors, petition: Petition) -> None:
    """Accept or refuse: once, before acceptance, and once the competent unit has the petition."""
    check_open(errors, petition)
    check_not_duplicate(errors, petition)
    if petition.stage not in BEFORE_ACCEPTANCE and petition.stage not in CLOSED:
        errors.add(
            "stage",
            _("The petition was already %(stage)s.") % {"stage": petition.get_stage_display()},
        )
    if petition.handling_unit_id is None:
        errors.add(
            "handling_unit",
            _("Send the petition to its competent unit first: only that unit accepts or refuses it."),
        )


def _check_being_settled(errors: Errors, petition: Petition, message: str) -> None:
    """`message` (with the petition's %(stage)s) unless it is accepted and not yet decided."""
    if petition.stage not in BEING_SETTLED:
        errors.add("stage", message % {"stage": petition.get_stage_display()})


def _apply_terms(
    errors: Errors, petition: Petition, *, complexity=None, instance=None, is_remote_area=None
) -> None:
    """Set what lengthens the settlement time limit, each when given, checked."""
    if complexity is not None:
        if complexity not in Complexity.values:
            errors.add("complexity", _("Choose the complexity."))
        else:
            petition.complexity = complexity
    if instance is not None:
        petition.instance = check_instance(errors, petition.kind, instance)
    if is_remote_area is not None:
        petition.is_remote_area = bool(is_remote_area)


@transaction.atomic
def accept_petition(
    *,
    acting_user,
    petition: Petition,
    day: date,
    document_number: str,
    complexity: str | None = None,
    instance: str | None = None,
    is_remote_area: bool | None = None,
    files=(),
    version: int | None = None,
) -> Petition:
    """Accept the petition for settlement with the notice of acceptance (`document_number`); its
    settlement clock starts, by its kind, instance, complexity and area. Whoever accepts it handles it."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    _check_awaiting_acceptance(errors, petition)
    check_day(errors, "day", day, petition)
    document_number = check_required(
        errors, "document_number", document_number, _("Enter the number of the notice of acceptance.")
    )
    _apply_terms(errors, petition, complexity=complexity, instance=instance, is_remote_area=is_remote_area)
    files = checked_files(errors, files)
    errors.raise_if_any()
    before = before_change(petition)
    petition.accepted_on = day
    petition.stage = Stage.ACCEPTED
    refresh_clock(petition, WorkingCalendar())
    add_step(
        acting_user,
        petition,
        StepKind.ACCEPTED,
        day,
        document_number=document_number,
        document_date=day,
        files=files,
    )
    add_handler(acting_user, petition, person(acting_user), day)
    return save_and_log(
        acting_user,
        petition,
        before,
        _("Accepted (notice %(number)s); settle by %(deadline)s.")
        % {"number": document_number, "deadline": day_text(petition.settlement_deadline)},
    )


@transaction.atomic
def refuse_petition(
    *,
    acting_user,
    petition: Petition,
    day: date,
    reason: str,
    document_number: str,
    files=(),
    version: int | None = None,
) -> Petition:
    """Refuse to accept the petition, with the notice giving the reason; it is closed."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    _check_awaiting_acceptance(errors, petition)
    check_day(errors, "day", day, petition)
    reason = check_required(errors, "reason", reason, _("Give the reason for refusing."))
    document_number = check_required(
        errors, "document_number", document_number, _("Enter the number of the notice of refusal.")
    )
    files = checked_files(errors, files)
    errors.raise_if_any()
    before = before_change(petition)
    petition.refused_on = day
    petition.refusal_reason = reason
    petition.stage = Stage.REFUSED
    refresh_clock(petition, WorkingCalendar())
    add_step(
        acting_user,
        petition,
        StepKind.REFUSED,
        day,
        note=reason,
        document_number=document_number,
        document_date=day,
        files=files,
    )
    return save_and_log(
        acting_user, petition, before, _("Refused (notice %(number)s).") % {"number": document_number}
    )


STEP_KINDS = (StepKind.VERIFICATION, StepKind.DIALOGUE)


@transaction.atomic
def record_step(
    *,
    acting_user,
    petition: Petition,
    kind: str,
    day: date,
    note: str,
    document_number: str = "",
    document_date: date | None = None,
    files=(),
    version: int | None = None,
) -> Petition:
    """Record a verification or a dialogue while the petition is being settled, with its minutes."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    check_not_duplicate(errors, petition)
    if kind not in STEP_KINDS:
        errors.add("kind", _("Choose verification or dialogue."))
    _check_being_settled(
        errors,
        petition,
        _(
            "Verification and dialogue are recorded only once the petition is accepted and before it "
            "is decided (it is %(stage)s)."
        ),
    )
    check_day(errors, "day", day, petition)
    note = check_required(errors, "note", note, _("Say what was done."))
    if document_date is not None and day is not None and document_date > day:
        errors.add("document_date", _("The document cannot be dated after the step."))
    files = checked_files(errors, files)
    errors.raise_if_any()
    before = before_change(petition)
    petition.stage = Stage(kind)
    add_step(
        acting_user,
        petition,
        kind,
        day,
        note=note,
        document_number=document_number,
        document_date=document_date,
        files=files,
    )
    return save_and_log(acting_user, petition, before, str(StepKind(kind).label))


@transaction.atomic
def change_complexity(
    *,
    acting_user,
    petition: Petition,
    complexity: str,
    reason: str,
    instance: str | None = None,
    is_remote_area: bool | None = None,
    version: int | None = None,
) -> Petition:
    """Change how complex the matter is (and, for a complaint, its instance or area): the settlement
    deadline is recomputed from the day it was accepted. A denunciation keeps the complexity its
    extensions needed."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    check_open(errors, petition)
    check_not_duplicate(errors, petition)
    reason = check_required(errors, "reason", reason, _("Say why the complexity changes."))
    _apply_terms(errors, petition, complexity=complexity, instance=instance, is_remote_area=is_remote_area)
    made = petition.extensions.count()
    if made > extensions_allowed(petition.kind, petition.complexity):
        errors.add(
            "complexity",
            _("Its time limit was extended %(count)s times, which this complexity does not allow.")
            % {"count": made},
        )
    errors.raise_if_any()
    before = before_change(petition)
    refresh_clock(petition, WorkingCalendar())
    return save_and_log(
        acting_user, petition, before, _("Complexity changed: %(reason)s") % {"reason": reason}
    )


@transaction.atomic
def extend_settlement(
    *,
    acting_user,
    petition: Petition,
    decided_on: date,
    decision_number: str,
    days: int,
    reason: str,
    version: int | None = None,
) -> PetitionExtension:
    """Extend a denunciation's settlement time limit by written decision (Law on Denunciations 2018,
    Art. 30): once for a complex matter, twice for a particularly complex one, up to 30 days each and
    90 days in all, decided before the time limit runs out."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    check_not_duplicate(errors, petition)
    if petition.kind != PetitionKind.DENUNCIATION:
        errors.add(
            "kind", _("Only a denunciation's time limit is extended (Law on Denunciations 2018, Art. 30).")
        )
    _check_being_settled(
        errors,
        petition,
        _(
            "The time limit is extended only once the petition is accepted and before it is decided "
            "(it is %(stage)s)."
        ),
    )
    made = petition.extensions.count()
    allowed = extensions_allowed(petition.kind, petition.complexity)
    if petition.kind == PetitionKind.DENUNCIATION and made >= allowed:
        errors.add(
            "days",
            _(
                "A denunciation's time limit is extended once when it is complex and twice when it is "
                "particularly complex (Law on Denunciations 2018, Art. 30); this one is %(complexity)s "
                "and was extended %(count)s times."
            )
            % {"complexity": petition.get_complexity_display(), "count": made},
        )
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= EXTENSION_DAYS_AT_MOST:
        errors.add(
            "days",
            _("An extension adds 1 to %(most)s days (Law on Denunciations 2018, Art. 30).")
            % {"most": EXTENSION_DAYS_AT_MOST},
        )
    decision_number = check_required(
        errors, "decision_number", decision_number, _("Enter the number of the extension decision.")
    )
    reason = check_required(errors, "reason", reason, _("Say why the matter needs more time."))
    check_day(errors, "decided_on", decided_on, petition)
    if (
        decided_on is not None
        and petition.settlement_deadline is not None
        and decided_on > petition.settlement_deadline
    ):
        errors.add(
            "decided_on",
            _("An extension is decided before the time limit runs out (%(deadline)s).")
            % {"deadline": day_text(petition.settlement_deadline)},
        )
    errors.raise_if_any()
    before = before_change(petition)
    calendar = WorkingCalendar()
    limit = settlement_limit(
        petition.kind,
        instance=petition.instance,
        complexity=petition.complexity,
        remote_area=petition.is_remote_area,
    )
    added = sum(petition.extensions.values_list("days", flat=True)) + days
    extension = PetitionExtension.objects.create(
        petition=petition,
        number=made + 1,
        decided_on=decided_on,
        decision_number=decision_number,
        days=days,
        previous_deadline=petition.settlement_deadline,
        new_deadline=extended_deadline(petition.accepted_on, limit, added, calendar),
        reason=reason,
        decided_by=person(acting_user),
    )
    record_change(
        actor=acting_user,
        instance=extension,
        action=ChangeLogEntry.Action.CREATE,
        fields=["number", "decided_on", "decision_number", "days", "previous_deadline", "new_deadline"],
    )
    refresh_clock(petition, calendar)
    add_step(
        acting_user,
        petition,
        StepKind.EXTENDED,
        decided_on,
        note=reason,
        document_number=decision_number,
        document_date=decided_on,
    )
    save_and_log(
        acting_user,
        petition,
        before,
        _("Time limit extended by %(days)s days (decision %(number)s).")
        % {"days": days, "number": decision_number},
    )
    return extension


@transaction.atomic
def decide_petition(
    *,
    acting_user,
    petition: Petition,
    day: date,
    decision_number: str,
    outcome: str,
    note: str = "",
    files=(),
    version: int | None = None,
) -> Petition:
    """Settle the accepted petition by its decision (a complaint's settlement decision, a denunciation's
    conclusion, the answer to a recommendation or reflection); its clock stops."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    check_not_duplicate(errors, petition)
    _check_being_settled(
        errors, petition, _("A decision is recorded only once the petition is accepted (it is %(stage)s).")
    )
    check_day(errors, "day", day, petition)
    decision_number = check_required(
        errors, "decision_number", decision_number, _("Enter the number of the decision.")
    )
    allowed = OUTCOMES_OF.get(petition.kind, ())
    if outcome not in allowed:
        errors.add(
            "outcome",
            _("A %(kind)s's decision finds: %(outcomes)s.")
            % {
                "kind": petition.get_kind_display(),
                "outcomes": ", ".join(str(Outcome(value).label) for value in allowed),
            },
        )
    files = checked_files(errors, files)
    errors.raise_if_any()
    before = before_change(petition)
    petition.decided_on = day
    petition.decision_number = decision_number
    petition.outcome = outcome
    petition.stage = Stage.DECIDED
    refresh_clock(petition, WorkingCalendar())
    add_step(
        acting_user,
        petition,
        StepKind.DECIDED,
        day,
        note=note,
        document_number=decision_number,
        document_date=day,
        files=files,
    )
    return save_and_log(
        acting_user, petition, before, _("Decided (decision %(number)s).") % {"number": decision_number}
    )


def _check_decided(errors: Errors, petition: Petition, field: str, already: str) -> None:
    if petition.decided_on is None:
        errors.add("stage", _("Only a decided petition's decision is published or enforced."))
    elif getattr(petition, field) is not None:
        errors.add("stage", already)


@transaction.atomic
def publish_decision(
    *,
    acting_user,
    petition: Petition,
    day: date,
    note: str = "",
    document_number: str = "",
    version: int | None = None,
) -> Petition:
    """Record that the decision was made public (posted, announced or sent to the parties)."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    _check_decided(errors, petition, "published_on", _("The decision was already published."))
    check_day(errors, "day", day, petition)
    errors.raise_if_any()
    before = before_change(petition)
    petition.published_on = day
    if petition.stage == Stage.DECIDED:
        petition.stage = Stage.PUBLISHED
    add_step(acting_user, petition, StepKind.PUBLISHED, day, note=note, document_number=document_number)
    return save_and_log(acting_user, petition, before, str(StepKind.PUBLISHED.label))


@transaction.atomic
def record_enforcement(
    *,
    acting_user,
    petition: Petition,
    day: date,
    note: str = "",
    document_number: str = "",
    version: int | None = None,
) -> Petition:
    """Record that the decision was carried out."""
    petition = locked(petition, version)
    ensure_may_handle(acting_user, petition)
    errors = Errors()
    _check_decided(errors, petition, "enforced_on", _("The decision's enforcement was already recorded."))
    check_day(errors, "day", day, petition)
    errors.raise_if_any()
    before = before_change(petition)
    petition.enforced_on = day
    petition.stage = Stage.ENFORCED
    add_step(acting_user, petition, StepKind.ENFORCED, day, note=note, document_number=document_number)
    return save_and_log(acting_user, petition, before, str(StepKind.ENFORCED.label))


@transaction.atomic
def withdraw_petition(
    *, acting_user, petition: Petition, day: date, note: str = "", version: int | None = None
) -> Petition:
    """Close the petition because the petitioner withdrew it before it was decided."""
    petition = locked(petition, version)
    ensure_may_route_or_handle(acting_user, petition)
    errors = Errors()
    check_open(errors, petition)
    check_day(errors, "day", day, petition)
    errors.raise_if_any()
    before = before_change(petition)
    petition.withdrawn_on = day
    petition.stage = Stage.WITHDRAWN
    refresh_clock(petition, WorkingCalendar())
    add_step(acting_user, petition, StepKind.WITHDRAWN, day, note=note)
    return save_and_log(acting_user, petition, before, str(StepKind.WITHDRAWN.label))


__all__ = [
    "accept_petition",
    "change_complexity",
    "decide_petition",
    "extend_settlement",
    "publish_decision",
    "record_enforcement",
    "record_step",
    "refuse_petition",
    "withdraw_petition",
]
