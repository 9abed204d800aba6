"""What an investor reports each month: disbursed to date per capital source, the work done, and what
holds the project back. The rules of the Public Investment Law are enforced here, so the page, the
API and the State Treasury import give the same answer."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.changelog import record_change
from resolute.core.models import ChangeLogEntry

from ..choices import ExtensionStatus, ObstacleCategory, ReportSource
from ..models import DisbursementFigure, DisbursementReport, PlanEntry, PlanExtension, ProjectObstacle
from ..permissions import can_report_disbursement
from .common import SOURCES, Errors, day_text, latest_report, plan_of, source_label, vnd, whole_vnd


def late_capital(project, plan) -> Decimal:
    """Capital added to the project's plan after 30 September of the plan's year: by law it may be
    disbursed until 31 December of the next year (Law 2024, Art. 72)."""
    total = PlanEntry.objects.filter(
        project=project, decision__plan=plan, decision__decided_on__gt=plan.late_capital_after, amount__gt=0
    ).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0)


def carried_until(project, plan) -> date | None:
    """The last day the project may still disburse the plan after it lapsed on 31 January (an approved
    extension, or capital added after 30 September), or None when nothing is carried over."""
    extension = PlanExtension.objects.filter(
        plan=plan, project=project, status=ExtensionStatus.APPROVED, approved_amount__gt=0
    ).first()
    days = []
    if extension is not None:
        days.append(extension.extended_until or plan.extended_until_at_most)
    if late_capital(project, plan) > 0:
        days.append(plan.extended_until_at_most)
    return max(days) if days else None


def _check_day(project, plan, reported_on: date | None, errors: Errors) -> None:
    if reported_on is None:
        errors.add("reported_on", _("Enter the day the figures are counted to."))
        return
    if reported_on < date(plan.year, 1, 1):
        errors.add(
            "reported_on",
            _("The %(year)s plan is disbursed from 1 January %(year)s.") % {"year": plan.year},
        )
    elif reported_on > clock.today():
        errors.add("reported_on", _("Figures cannot be counted to a day still to come."))
    elif reported_on > plan.lapses_on:
        until = carried_until(project, plan)
        if until is None:
            errors.add(
                "reported_on",
                _(
                    "The %(year)s capital plan lapsed on %(day)s (Public Investment Law 2024, Art. 72) "
                    "and no extension of this project was approved."
                )
                % {"year": plan.year, "day": day_text(plan.lapses_on)},
            )
        elif reported_on > until:
            errors.add(
                "reported_on",
                _(
                    "The %(year)s capital of this project could be disbursed until %(day)s "
                    "(Public Investment Law 2024, Art. 72); that time is over."
                )
                % {"year": plan.year, "day": day_text(until)},
            )


def _checked_figures(figures: dict, errors: Errors) -> dict[str, Decimal]:
    checked = {}
    if not figures:
        errors.add("figures", _("Enter what was disbursed to date from at least one source."))
    for source, amount in (figures or {}).items():
        if source not in SOURCES:
            errors.add("figures", _("%(source)s is not a capital source.") % {"source": source})
            continue
        value = whole_vnd(amount, "figures", errors, label=source_label(source))
        if value is not None:
            checked[source] = value
    return checked


def _check_against_earlier(project, plan, reported_on: date, figures: dict, errors: Errors) -> None:
    """Figures are cumulative: one may not fall below what an earlier-dated report gave."""
    earlier = latest_report(project, plan, reported_on, before=True)
    if earlier is None:
        return
    for figure in earlier.figures.all():
        now = figures.get(figure.source, Decimal(0))
        if now < figure.disbursed:
            errors.add(
                "figures",
                _(
                    "%(source)s: %(amount)s disbursed to date is less than "
                    "the %(earlier)s reported as of %(day)s."
                )
                % {
                    "source": source_label(figure.source),
                    "amount": vnd(now),
                    "earlier": vnd(figure.disbursed),
                    "day": day_text(earlier.reported_on),
                },
            )


def over_plan(project, plan, reported_on: date, figures: dict[str, Decimal]) -> list[str]:
    """The sentences saying which figures exceed the plan of their source on the report's day."""
    planned = plan_of(project, plan, reported_on)
    return [
        _("%(source)s: %(amount)s disbursed is more than the plan of %(plan)s.")
        % {
            "source": source_label(source),
            "amount": vnd(amount),
            "plan": vnd(planned.get(source, Decimal(0))),
        }
        for source, amount in sorted(figures.items())
        if amount > planned.get(source, Decimal(0))
    ]


def _checked_obstacles(obstacles, errors: Errors) -> list[dict]:
    checked = []
    for number, obstacle in enumerate(obstacles or (), start=1):
        category = obstacle.get("category")
        unit = obstacle.get("responsible_unit")
        if category not in ObstacleCategory.values:
            errors.add(
                "obstacles", _("Obstacle %(row)s: choose what holds the project back.") % {"row": number}
            )
            continue
        if unit is None:
            errors.add(
                "obstacles", _("Obstacle %(row)s: name the unit that must remove it.") % {"row": number}
            )
            continue
        checked.append(
            {"category": category, "description": (obstacle.get("description") or "").strip(), "unit": unit}
        )
    return checked


@transaction.atomic
def submit_disbursement(
    *,
    acting_user,
    project,
    plan,
    reported_on: date,
    figures: dict,
    obstacles=(),
    work_done_percent=None,
    work_done: str = "",
    note: str = "",
    over_plan_explanation: str = "",
    source: str = ReportSource.FORM,
    submitted_at=None,
    is_sample: bool = False,
) -> DisbursementReport:
    """Record the project's disbursement of `plan` to `reported_on` (cumulative, {source: VND}), with the
    work done and the obstacles ({"category", "description", "responsible_unit"}). A figure above the plan
    needs `over_plan_explanation`; a report after the plan lapsed is refused unless capital was carried
    over. A correction is a new report of the same day."""
    if acting_user is not None and not can_report_disbursement(acting_user, project):
        raise PermissionDenied(
            _("Only the investor's reporters or the public-investment desk report this project.")
        )
    errors = Errors()
    if project.jurisdiction_id != plan.issuer_id:
        errors.add("plan", _("%(project)s is not funded by this plan.") % {"project": project.code})
    _check_day(project, plan, reported_on, errors)
    checked = _checked_figures(figures, errors)
    if work_done_percent is not None and not (Decimal(0) <= Decimal(work_done_percent) <= Decimal(100)):
        errors.add("work_done_percent", _("The work done is a share between 0 and 100%."))
    checked_obstacles = _checked_obstacles(obstacles, errors)
    explanation = (over_plan_explanation or "").strip()
    if not errors.by_field:
        _check_against_earlier(project, plan, reported_on, checked, errors)
        exceeded = over_plan(project, plan, reported_on, checked)
        if exceeded and not explanation:
            for sentence in exceeded:
                errors.add("over_plan_explanation", sentence)
            errors.add("over_plan_explanation", _("Explain why, or correct the figures."))
    errors.raise_if_any()
    report = DisbursementReport.objects.create(
        project=project,
        plan=plan,
        reported_on=reported_on,
        work_done_percent=work_done_percent,
        work_done=(work_done or "").strip(),
        note=(note or "").strip(),
        over_plan_explanation=explanation,
        source=source,
        submitted_at=submitted_at or clock.now(),
        submitted_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        investor=project.investor,
        is_sample=is_sample,
    )
    DisbursementFigure.objects.bulk_create(
        [
            DisbursementFigure(report=report, source=s, disbursed=amount)
            for s, amount in sorted(checked.items())
        ]
    )
    ProjectObstacle.objects.bulk_create(
        [
            ProjectObstacle(
                report=report,
                project=project,
                category=row["category"],
                description=row["description"],
                responsible_unit=row["unit"],
            )
            for row in checked_obstacles
        ]
    )
    record_change(
        actor=acting_user,
        instance=report,
        action=ChangeLogEntry.Action.CREATE,
        fields=["project", "plan", "reported_on", "work_done_percent", "source"],
        note="; ".join(f"{source_label(s)} {vnd(a)}" for s, a in sorted(checked.items())),
    )
    return report
