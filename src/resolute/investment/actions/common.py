"""What the investment actions share: gathering broken rules, exact whole amounts of VND, the checks of
who may write, and the few reads of one project's plan and figures that the rules need."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from resolute.core.actions.errors import Errors
from resolute.core.numbers import exact_decimal

from ..choices import CapitalSource
from ..models import MONEY_DIGITS, DisbursementReport, PlanEntry
from ..permissions import can_manage_investment

SOURCES = {choice.value for choice in CapitalSource}


def person(acting_user):
    """The user to record as author, None for the system (the demo, a command)."""
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def ensure_may_manage(acting_user, jurisdiction) -> None:
    """Only the jurisdiction's desk and office (or the system) keep its books."""
    if acting_user is not None and not can_manage_investment(acting_user, jurisdiction):
        raise PermissionDenied(_("Only the public-investment desk or the office may do this."))


def day_text(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def vnd(value: Decimal) -> str:
    """An amount as a reader writes it: grouped thousands, in the active locale, with its currency."""
    return f"{number_format(value.quantize(Decimal(1)), force_grouping=True)} VND"


def whole_vnd(value, field: str, errors: Errors, *, signed: bool = False, label: str = "") -> Decimal | None:
    """`value` as a whole, exact number of VND, or None with the reason added under `field`: VND has no
    minor unit, and an amount is never negative (a change may be, when `signed`)."""
    prefix = f"{label}: " if label else ""
    try:
        amount = exact_decimal(value, max_digits=MONEY_DIGITS, decimal_places=0)
    except ValidationError as error:
        for message in error.messages:
            errors.add(field, prefix + _("enter a whole number of VND (%(reason)s)") % {"reason": message})
        return None
    if amount < 0 and not signed:
        errors.add(field, prefix + _("an amount cannot be negative."))
        return None
    return amount


def source_label(source: str) -> str:
    return str(CapitalSource(source).label)


def plan_of(project, plan, day: date) -> dict[str, Decimal]:
    """{source: the project's plan from that source on `day`} (rule: the decisions taken by then)."""
    rows = (
        PlanEntry.objects.filter(project=project, decision__plan=plan, decision__decided_on__lte=day)
        .values("source")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["source"]: Decimal(row["total"] or 0) for row in rows}


def latest_report(project, plan, day: date, *, before: bool = False):
    """The project's latest report of `plan` on (or, with `before`, strictly before) `day`."""
    reports = DisbursementReport.objects.filter(project=project, plan=plan)
    reports = reports.filter(reported_on__lt=day) if before else reports.filter(reported_on__lte=day)
    return reports.order_by("-reported_on", "-pk").first()


def disbursed_of(project, plan, day: date) -> dict[str, Decimal]:
    """{source: disbursed to date} of the project's latest report of `plan` on or before `day`."""
    report = latest_report(project, plan, day)
    if report is None:
        return {}
    return {figure.source: figure.disbursed for figure in report.figures.all()}
