"""Registering a conclusion, its recommendations (each assigned as a task), and the inspecting body's
confirmation that a recommendation is closed.

The conclusion is a `directives` document of the kind that fits who looked (an inspection conclusion,
an audit report, a supervision report, a conclusion notice), kept by the unit that follows it up; each
recommendation is a task that the follow-up unit assigns to the unit responsible on the conclusion's
date, with the conclusion as its source, so it is reported on, extended and completed as every task.
"""

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry
from resolute.directives.actions import create_document
from resolute.directives.models import DocumentKind
from resolute.directives.permissions import can_edit_document
from resolute.tasks.actions import create_task

from ..choices import OversightKind, RecommendationKind
from ..models import Oversight, Recommendation
from ..permissions import can_add_recommendation, can_confirm_closure, can_register_oversight
from .common import (
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

# The kind of document that carries each kind of conclusion.
DOCUMENT_KINDS = {
    OversightKind.INSPECTION: DocumentKind.INSPECTION_CONCLUSION,
    OversightKind.AUDIT: DocumentKind.AUDIT_REPORT,
    OversightKind.SUPERVISION: DocumentKind.SUPERVISION_REPORT,
    OversightKind.PARTY_INSPECTION: DocumentKind.CONCLUSION_NOTICE,
}
OVERSIGHT_LOGGED = [
    "document",
    "kind",
    "inspecting_unit",
    "inspecting_body_name",
    "inspected_unit",
    "follow_up_unit",
    "subject",
    "period_covered",
]
RECOMMENDATION_LOGGED = ["oversight", "task", "label", "kind", "amount_required"]
CLOSURE_LOGGED = ["closure_confirmed_on", "closure_document_number", "closure_confirmed_by"]
TITLE_MAX_LENGTH = Recommendation._meta.get_field("task").related_model._meta.get_field("title").max_length
LABEL_MAX_LENGTH = Recommendation._meta.get_field("label").max_length


def _open_on(unit, day: date) -> bool:
    return (unit.effective_from is None or unit.effective_from <= day) and (
        unit.effective_to is None or unit.effective_to >= day
    )


def _check_unit_on(errors: Errors, field: str, unit, day: date | None, missing: str) -> None:
    """A unit named in a conclusion existed on the conclusion's date (the units of that day, not of today)."""
    if unit is None:
        errors.add(field, missing)
    elif day is not None and not _open_on(unit, day):
        errors.add(
            field,
            _("%(unit)s did not exist on %(date)s, the date of the conclusion.")
            % {"unit": unit, "date": day_text(day)},
        )


@transaction.atomic
def register_oversight(
    *,
    acting_user,
    kind: str,
    subject: str,
    inspected_unit,
    follow_up_unit,
    number: str = "",
    issued_on: date | None = None,
    title: str = "",
    signer: str = "",
    inspecting_unit=None,
    inspecting_body_name: str = "",
    period_covered: str = "",
    attachments=(),
    document=None,
    is_sample: bool = False,
) -> Oversight:
    """Register the conclusion of an inspection, an audit, a supervision or a Party inspection: its
    document (kept by the follow-up unit), who looked (a unit of the tree or a named body), whom and
    what it looked at. Its recommendations are added one by one (`add_recommendation`).

    A conclusion already registered as a document (a notice other documents refer to) is followed up
    on that `document`: its number, title and date are the document's (the date may be unknown)."""
    ensure(
        acting_user,
        lambda user: (
            can_register_oversight(user, follow_up_unit)
            and (document is None or can_edit_document(user, document))
        ),
        _("Only the office of the unit that follows the conclusion up may register it."),
    )
    if document is not None:
        return _follow_up_document(
            acting_user,
            document,
            kind=kind,
            subject=subject,
            inspected_unit=inspected_unit,
            follow_up_unit=follow_up_unit,
            inspecting_unit=inspecting_unit,
            inspecting_body_name=inspecting_body_name,
            period_covered=period_covered,
            is_sample=is_sample,
        )
    errors = Errors()
    _check_who_and_what(errors, kind, subject, inspecting_unit, inspecting_body_name, period_covered)
    title = (title or "").strip()
    number = (number or "").strip()
    body_name = (inspecting_body_name or "").strip()
    if not title:
        errors.add("title", _("Enter the title of the conclusion."))
    if not number:
        errors.add("number", _("Enter the number of the conclusion."))
    check_length(errors, "number", number, 64)
    if issued_on is None:
        errors.add("issued_on", _("Enter the date the conclusion was issued."))
    elif issued_on > clock.today():
        errors.add("issued_on", _("A conclusion cannot be dated in the future."))
    _check_unit_on(errors, "inspected_unit", inspected_unit, issued_on, _("Choose the unit inspected."))
    _check_unit_on(
        errors, "follow_up_unit", follow_up_unit, issued_on, _("Choose the unit that follows it up.")
    )
    errors.raise_if_any()
    document = create_document(
        acting_user=acting_user,
        owner=follow_up_unit,
        kind=DOCUMENT_KINDS[kind],
        title=title,
        number=number,
        issued_on=issued_on,
        issuer=inspecting_unit,
        issuer_name="" if inspecting_unit is not None else body_name,
        signer=(signer or "").strip(),
        attachments=attachments,
        is_sample=is_sample,
    )
    return _create_oversight(
        acting_user,
        document,
        kind=kind,
        subject=subject,
        inspected_unit=inspected_unit,
        follow_up_unit=follow_up_unit,
        inspecting_unit=inspecting_unit,
        inspecting_body_name=body_name,
        period_covered=period_covered,
        is_sample=is_sample,
    )


def _check_who_and_what(errors: Errors, kind, subject, inspecting_unit, inspecting_body_name, period_covered):
    if kind not in OversightKind.values:
        errors.add(
            "kind", _("Choose who looked: an inspection, an audit, a supervision or a Party inspection.")
        )
    subject = (subject or "").strip()
    if not subject:
        errors.add("subject", _("Say what was inspected."))
    check_length(errors, "subject", subject, Oversight._meta.get_field("subject").max_length)
    body_name = (inspecting_body_name or "").strip()
    if inspecting_unit is None and not body_name:
        errors.add("inspecting_body_name", _("Name the inspecting body, or choose it among the units."))
    check_length(
        errors,
        "inspecting_body_name",
        body_name,
        Oversight._meta.get_field("inspecting_body_name").max_length,
    )
    check_length(errors, "period_covered", (period_covered or "").strip(), 100)


def _follow_up_document(acting_user, document, *, kind, subject, inspected_unit, follow_up_unit, **fields):
    """Register the oversight of a conclusion already kept as a document."""
    errors = Errors()
    _check_who_and_what(
        errors,
        kind,
        subject,
        fields["inspecting_unit"],
        fields["inspecting_body_name"],
        fields["period_covered"],
    )
    if kind in OversightKind.values and document.kind != DOCUMENT_KINDS[kind]:
        errors.add(
            "document",
            _("%(document)s is not of the kind “%(kind)s”.")
            % {"document": document, "kind": DocumentKind(DOCUMENT_KINDS[kind]).label},
        )
    if Oversight.objects.filter(document=document).exists():
        errors.add("document", _("%(document)s is already followed up.") % {"document": document})
    _check_unit_on(
        errors, "inspected_unit", inspected_unit, document.issued_on, _("Choose the unit inspected.")
    )
    _check_unit_on(
        errors, "follow_up_unit", follow_up_unit, document.issued_on, _("Choose the unit that follows it up.")
    )
    errors.raise_if_any()
    return _create_oversight(
        acting_user,
        document,
        kind=kind,
        subject=subject,
        inspected_unit=inspected_unit,
        follow_up_unit=follow_up_unit,
        **{**fields, "inspecting_body_name": (fields["inspecting_body_name"] or "").strip()},
    )


def _create_oversight(
    acting_user,
    document,
    *,
    kind,
    subject,
    inspected_unit,
    follow_up_unit,
    inspecting_unit,
    inspecting_body_name,
    period_covered,
    is_sample,
) -> Oversight:
    oversight = Oversight.objects.create(
        document=document,
        kind=kind,
        inspecting_unit=inspecting_unit,
        inspecting_body_name="" if inspecting_unit is not None else inspecting_body_name,
        inspected_unit=inspected_unit,
        follow_up_unit=follow_up_unit,
        subject=subject.strip(),
        period_covered=(period_covered or "").strip(),
        registered_by=person(acting_user),
        is_sample=is_sample,
    )
    record_change(
        actor=acting_user, instance=oversight, action=ChangeLogEntry.Action.CREATE, fields=OVERSIGHT_LOGGED
    )
    return oversight


def _task_title(text: str) -> tuple[str, str]:
    """The task's title and description from the recommendation's words: a text longer than a title
    holds is clipped in the title and kept whole in the description."""
    if len(text) <= TITLE_MAX_LENGTH:
        return text, ""
    return text[: TITLE_MAX_LENGTH - 1] + "…", text


@transaction.atomic
def add_recommendation(
    *,
    acting_user,
    oversight: Oversight,
    text: str,
    kind: str,
    responsible_unit,
    deadline: date,
    label: str = "",
    amount_required=None,
    coordinating_units=(),
    assigned_on: date | None = None,
    is_sample: bool = False,
) -> Recommendation:
    """Add a recommendation of the conclusion and assign it as a task: the follow-up unit assigns it to
    the unit responsible on the conclusion's date (or, for a conclusion whose date is not known, on
    `assigned_on`), with its deadline. A recommendation to recover money says how much (whole VND); the
    others say none."""
    ensure(
        acting_user,
        lambda user: can_add_recommendation(user, oversight),
        _("Only the office that follows this conclusion up may add its recommendations."),
    )
    issued_on = oversight.document.issued_on
    errors = Errors()
    if issued_on is None and assigned_on is None:
        errors.add(
            "assigned_on", _("The conclusion has no date: enter the day the recommendation was assigned.")
        )
    assigned_on = issued_on or assigned_on
    text = (text or "").strip()
    label = (label or "").strip()
    if not text:
        errors.add("text", _("Enter what the conclusion recommends."))
    if kind not in RecommendationKind.values:
        errors.add("kind", _("Choose the kind of recommendation."))
    if responsible_unit is None:
        errors.add("responsible_unit", _("Choose the unit responsible."))
    if deadline is None:
        errors.add("deadline", _("Enter the deadline the conclusion sets."))
    elif issued_on is not None and deadline < issued_on:
        errors.add(
            "deadline",
            _("The deadline (%(deadline)s) is before the conclusion was issued (%(issued)s).")
            % {"deadline": day_text(deadline), "issued": day_text(issued_on)},
        )
    elif assigned_on is not None and deadline < assigned_on:
        errors.add(
            "deadline",
            _("The deadline (%(deadline)s) is before the recommendation was assigned (%(assigned)s).")
            % {"deadline": day_text(deadline), "assigned": day_text(assigned_on)},
        )
    check_length(errors, "label", label, LABEL_MAX_LENGTH)
    if label and oversight.recommendations.filter(label=label).exists():
        errors.add(
            "label", _("This conclusion already has a recommendation numbered %(label)s.") % {"label": label}
        )
    amount = None
    if kind == RecommendationKind.RECOVER_MONEY:
        if amount_required in (None, ""):
            errors.add("amount_required", _("Enter the amount to recover (VND)."))
        else:
            amount = whole_vnd(amount_required, "amount_required", errors)
            if amount is not None and amount == 0:
                errors.add("amount_required", _("The amount to recover is more than 0 VND."))
    elif amount_required not in (None, ""):
        errors.add("amount_required", _("Only a recommendation to recover money has an amount to recover."))
    errors.raise_if_any()
    title, description = _task_title(text)
    try:
        task = create_task(
            acting_user=acting_user,
            title=title,
            description=description,
            lead_unit=responsible_unit,
            assigned_by_unit=oversight.follow_up_unit,
            assigned_on=assigned_on,
            coordinating_units=coordinating_units,
            source_document=oversight.document,
            deadline=deadline,
            is_sample=is_sample,
        )
    except ValidationError as error:
        # The task's fields are the recommendation's: name them as the form does.
        renamed = {"title": "text", "lead_unit": "responsible_unit", "assigned_by_unit": NON_FIELD_ERRORS}
        raise ValidationError(
            {renamed.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None
    recommendation = Recommendation.objects.create(
        oversight=oversight,
        task=task,
        label=label,
        kind=kind,
        amount_required=amount,
        is_sample=is_sample,
    )
    record_change(
        actor=acting_user,
        instance=recommendation,
        action=ChangeLogEntry.Action.CREATE,
        fields=RECOMMENDATION_LOGGED,
        note=_("Amount to recover: %(amount)s") % {"amount": vnd(amount)} if amount is not None else "",
    )
    return recommendation


@transaction.atomic
def confirm_closure(
    *,
    acting_user,
    recommendation: Recommendation,
    confirmed_on: date,
    document_number: str,
    expected_version: int | None = None,
) -> Recommendation:
    """The inspecting body (or the follow-up office on its word) confirms that a recommendation is
    closed, by a document: once, and only after its task was completed."""
    recommendation = lock_for_update(recommendation, expected_version)
    ensure(
        acting_user,
        lambda user: can_confirm_closure(user, recommendation),
        _("Only the follow-up office or the inspecting body confirms that a recommendation is closed."),
    )
    task = recommendation.task
    errors = Errors()
    number = (document_number or "").strip()
    if recommendation.closure_confirmed_on is not None:
        errors.add(
            NON_FIELD_ERRORS,
            _("Its closure was already confirmed on %(date)s.")
            % {"date": day_text(recommendation.closure_confirmed_on)},
        )
    if task.completed_on is None:
        errors.add(
            NON_FIELD_ERRORS,
            _("Its task is not completed yet: closure is confirmed once the completion is accepted."),
        )
    check_day(
        errors,
        "confirmed_on",
        confirmed_on,
        label=_("The confirmation date"),
        recommendation=recommendation,
    )
    if confirmed_on is not None and task.completed_on is not None and confirmed_on < task.completed_on:
        errors.add(
            "confirmed_on",
            _("The confirmation (%(date)s) comes before the task was completed (%(completed)s).")
            % {"date": day_text(confirmed_on), "completed": day_text(task.completed_on)},
        )
    if not number:
        errors.add("document_number", _("Enter the number of the document that confirms the closure."))
    check_length(errors, "document_number", number, NUMBER_MAX_LENGTH)
    errors.raise_if_any()
    before = snapshot(recommendation, CLOSURE_LOGGED)
    recommendation.closure_confirmed_on = confirmed_on
    recommendation.closure_document_number = number
    recommendation.closure_confirmed_by = person(acting_user)
    recommendation.version += 1
    recommendation.save()
    record_change(
        actor=acting_user, instance=recommendation, action=ChangeLogEntry.Action.UPDATE, before=before
    )
    return recommendation
