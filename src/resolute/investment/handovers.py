"""What a closing unit holds in public investment, for a reorganisation's preview (`CarriedWork.held`
and `kept`); `actions.handovers` hands it to the successor.

A unit holds five kinds of open work here:

- the projects it **invests** in that are not completed: the successor reports their disbursement;
- the projects **located** in it that are not completed: they lie in the successor's area;
- the capital **plans** it issued that have not finally lapsed on its last day — capital carried over may
  be disbursed until 31 December of the next year, so their reports still come in (Law 2024, Art. 72);
- the projects its plans **fund** (their jurisdiction) that are not completed, so they and the plans
  stay together (a report is accepted only on a plan of the project's jurisdiction);
- the **desks** that keep public-investment books: as the department keeping them, or as the
  jurisdiction whose books they are.

What stays with the old unit is its record: completed projects, plans that lapsed for good, and every
disbursement report (a report keeps the investor that sent it). Each function is one query, however
many units close."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from resolute.core.contributions import HeldItem

from .choices import ProjectStatus
from .models import CapitalPlan, InvestmentDesk, InvestmentProject

# Prefixes of the keys of held items ("investment.investor:12"), read back by `actions.handovers`.
INVESTOR = "investment.investor"
LOCALITY = "investment.locality"
JURISDICTION = "investment.jurisdiction"
PLAN = "investment.plan"
DESK_UNIT = "investment.desk"
DESK_JURISDICTION = "investment.desk_of"


def _ids(units) -> list[int]:
    return [getattr(unit, "pk", unit) for unit in units]


def _open(projects):
    return projects.exclude(status=ProjectStatus.COMPLETED)


def _held_projects(
    units, field: str, prefix: str, role: str, *, completed_too: bool = False
) -> list[HeldItem]:
    by_pk = {unit.pk: unit for unit in units}
    projects = InvestmentProject.objects.filter(**{f"{field}_id__in": list(by_pk)})
    projects = (projects if completed_too else _open(projects)).only(
        "id", "code", "name", "name_en", f"{field}_id"
    )
    return [
        HeldItem(
            key=f"{prefix}:{project.pk}",
            unit=by_pk[getattr(project, f"{field}_id")],
            title=f"{project.code} · {project.display_name}",
            url=project.get_absolute_url(),
            role=role,
        )
        for project in projects.order_by("code")
    ]


def held_as_investor(units, day: date) -> list[HeldItem]:
    """The projects the units invest in that are not completed. One query."""
    return _held_projects(units, "investor", INVESTOR, _("investor"))


def held_as_locality(units, day: date) -> list[HeldItem]:
    """The projects located in the units that are not completed. One query."""
    return _held_projects(units, "locality", LOCALITY, _("locality"))


def held_as_jurisdiction(units, day: date) -> list[HeldItem]:
    """Every project the units' plans fund, completed ones too: the successor takes over the books, and
    its desk must read the whole of the plans it inherits (a completed project of a plan still being
    extended counts in that plan's rate). One query."""
    return _held_projects(units, "jurisdiction", JURISDICTION, _("funded by its plans"), completed_too=True)


def completed_as_investor(units, day: date) -> int:
    """The completed projects the units invested in: they stay in their record. One query."""
    return InvestmentProject.objects.filter(
        investor_id__in=_ids(units), status=ProjectStatus.COMPLETED
    ).count()


def _still_disbursed(day: date) -> Q:
    """Plans that have not finally lapsed on `day`: carried capital runs to 31 December of year + 1."""
    return Q(year__gte=day.year - 1)


def held_plans(units, day: date) -> list[HeldItem]:
    """The capital plans the units issued that may still be disbursed after `day`. One query."""
    by_pk = {unit.pk: unit for unit in units}
    plans = CapitalPlan.objects.filter(_still_disbursed(day), issuer_id__in=list(by_pk))
    return [
        HeldItem(
            key=f"{PLAN}:{plan.pk}",
            unit=by_pk[plan.issuer_id],
            title=plan.title,
            url=plan.get_absolute_url(),
            role=_("issuer of the plan"),
        )
        for plan in plans.order_by("year", "pk")
    ]


def lapsed_plans(units, day: date) -> int:
    """The plans of the units that lapsed for good: they stay in their record. One query."""
    return CapitalPlan.objects.filter(issuer_id__in=_ids(units)).exclude(_still_disbursed(day)).count()


def held_desks(units, day: date) -> list[HeldItem]:
    """The desks the units keep (as the department) or whose books are theirs (as the jurisdiction).
    One query."""
    by_pk = {unit.pk: unit for unit in units}
    desks = InvestmentDesk.objects.filter(
        Q(unit_id__in=list(by_pk)) | Q(jurisdiction_id__in=list(by_pk))
    ).select_related("unit", "jurisdiction")
    items = []
    for desk in desks.order_by("pk"):
        title = _("Public-investment books of %(jurisdiction)s, kept by %(unit)s") % {
            "jurisdiction": desk.jurisdiction,
            "unit": desk.unit,
        }
        if desk.unit_id in by_pk:
            items.append(
                HeldItem(
                    key=f"{DESK_UNIT}:{desk.pk}",
                    unit=by_pk[desk.unit_id],
                    title=title,
                    role=_("keeps the books"),
                )
            )
        if desk.jurisdiction_id in by_pk:
            items.append(
                HeldItem(
                    key=f"{DESK_JURISDICTION}:{desk.pk}",
                    unit=by_pk[desk.jurisdiction_id],
                    title=title,
                    role=_("whose books they are"),
                )
            )
    return items
