"""Extensions: letting a project's undisbursed capital run past 31 January, prepared by the office and
decided by the competent authority (Public Investment Law 2024, Art. 72)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.models import ChangeLogEntry

from ..choices import ExtensionReason, ExtensionStatus
from ..models import PlanExtension
from .common import Errors, day_text, ensure_may_manage, person, vnd, whole_vnd

DECISION_FIELDS = [
    "status",
    "approved_amount",
    "extended_until",
    "decision_number",
    "decided_on",
    "decided_by",
]


@transaction.atomic
def propose_extension(
    *, acting_user, plan, project, amount, reason: str, explanation: str = "", is_sample: bool = False
) -> PlanExtension:
    """Prepare the request to extend `amount` of the project's capital of `plan`."""
    ensure_may_manage(acting_user, plan.issuer)
    errors = Errors()
    if project.jurisdiction_id != plan.issuer_id:
        errors.add("project", _("%(project)s is not funded by this plan.") % {"project": project.code})
    elif PlanExtension.objects.filter(plan=plan, project=project).exists():
        errors.add(
            "project",
            _("An extension of %(project)s's %(year)s capital is already recorded.")
            % {"project": project.code, "year": plan.year},
        )
    value = whole_vnd(amount, "amount", errors)
    if value is not None and value == 0:
        errors.add("amount", _("Enter the amount to extend."))
    if reason not in ExtensionReason.values:
        errors.add("reason", _("Choose the reason the law allows."))
    errors.raise_if_any()
    extension = PlanExtension.objects.create(
        plan=plan,
        project=project,
        amount=value,
        reason=reason,
        explanation=(explanation or "").strip(),
        created_by=person(acting_user),
        is_sample=is_sample,
    )
    record_change(
        actor=acting_user,
        instance=extension,
        action=ChangeLogEntry.Action.CREATE,
        fields=["plan", "project", "amount", "reason"],
    )
    return extension


@transaction.atomic
def propose_extensions_at_risk(*, acting_user, plan, as_of: date) -> list[PlanExtension]:
    """Prepare one request for each project whose capital is at risk of lapsing on `as_of` and that has
    none yet, for the amount at risk (the office reviews and sends them)."""
    from ..selectors.rates import at_risk

    ensure_may_manage(acting_user, plan.issuer)
    recorded = set(PlanExtension.objects.filter(plan=plan).values_list("project_id", flat=True))
    proposed = []
    for row in at_risk(acting_user, plan=plan, as_of=as_of):
        if row.project.pk in recorded or row.at_risk <= 0:
            continue
        proposed.append(
            propose_extension(
                acting_user=acting_user,
                plan=plan,
                project=row.project,
                amount=row.at_risk,
                reason=ExtensionReason.OTHER,
                explanation=_("Prepared on %(day)s from the projected disbursement: %(amount)s at risk.")
                % {"day": day_text(as_of), "amount": vnd(row.at_risk)},
            )
        )
    return proposed


@transaction.atomic
def decide_extension(
    *,
    acting_user,
    extension: PlanExtension,
    approved: bool,
    decision_number: str,
    decided_on: date,
    decided_by: str,
    approved_amount=None,
    extended_until: date | None = None,
) -> PlanExtension:
    """Record the authority's decision on an extension request."""
    plan = extension.plan
    ensure_may_manage(acting_user, plan.issuer)
    extension = PlanExtension.objects.select_for_update().get(pk=extension.pk)
    before = snapshot(extension, DECISION_FIELDS)
    errors = Errors()
    if extension.status != ExtensionStatus.PROPOSED:
        errors.add(
            "approved",
            _("This request was already decided (%(status)s).") % {"status": extension.get_status_display()},
        )
    if not (decision_number or "").strip():
        errors.add("decision_number", _("Enter the number of the decision."))
    if decided_on is None:
        errors.add("decided_on", _("Enter the day of the decision."))
    if not (decided_by or "").strip():
        errors.add("decided_by", _("Name the authority that decided."))
    amount = None
    if approved:
        amount = (
            extension.amount
            if approved_amount in (None, "")
            else whole_vnd(approved_amount, "approved_amount", errors)
        )
        if amount is not None and amount == 0:
            errors.add("approved_amount", _("Enter the amount approved, or refuse the request."))
        elif amount is not None and amount > extension.amount:
            errors.add(
                "approved_amount",
                _("More than the %(amount)s requested cannot be approved.")
                % {"amount": vnd(extension.amount)},
            )
        extended_until = extended_until or plan.extended_until_at_most
        if not (plan.lapses_on < extended_until <= plan.extended_until_at_most):
            errors.add(
                "extended_until",
                _(
                    "An extension runs past %(lapse)s and until %(last)s at most "
                    "(Public Investment Law 2024, Art. 72)."
                )
                % {"lapse": day_text(plan.lapses_on), "last": day_text(plan.extended_until_at_most)},
            )
    errors.raise_if_any()
    extension.status = ExtensionStatus.APPROVED if approved else ExtensionStatus.REFUSED
    extension.approved_amount = amount if approved else None
    extension.extended_until = extended_until if approved else None
    extension.decision_number = decision_number.strip()
    extension.decided_on = decided_on
    extension.decided_by = decided_by.strip()
    extension.save()
    record_change(actor=acting_user, instance=extension, action=ChangeLogEntry.Action.UPDATE, before=before)
    return extension
