"""Named reads of projects, plans, reports and extensions: one by id (404 outside the reader's scope),
the plan a reader works on, a project's history of decisions and reports, and the units a project
belonged to on a past day.

Every read starts from `visible_to(user)`, so a row the user may not see answers exactly as a row
that does not exist. `user=None` stands for the system (a command, the demo, an action run without a
person), which reads every project.

The units of a day (rule 8 of docs/user/investment.md): a reorganisation hands a project's investor or
locality over to a successor from `effective_on`; the project then belongs to the successor today, yet
a view of a day before the hand-over must count it where it stood then, so a closed province's
figures of 2024 stay its own. The unit of a day is the `from_unit` of the earliest hand-over after
that day, else today's unit. It is written as a correlated subquery, so a list of thousands of
projects reads it in its own query.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from resolute.orgunits.history import units_in_area
from resolute.orgunits.scope import scope_for

from ..choices import HandoverRole, PlanChangeKind
from ..models import (
    CapitalPlan,
    DisbursementFigure,
    DisbursementReport,
    InvestmentProject,
    PlanDecision,
    PlanEntry,
    PlanExtension,
    ProjectHandover,
    ProjectObstacle,
)
from ..querysets import desk_jurisdiction_ids

# -- what the user sees ----------------------------------------------------------------------------


def visible_projects(user):
    """The projects `user` may read (every project for the system, `user=None`)."""
    if user is None:
        return InvestmentProject.objects.all()
    return InvestmentProject.objects.visible_to(user)


def visible_plans(user):
    """The plans `user` may read (every plan for the system, `user=None`)."""
    if user is None:
        return CapitalPlan.objects.all()
    return CapitalPlan.objects.visible_to(user)


def get_visible_project(user, pk) -> InvestmentProject:
    """The project with the units its page names, or 404 when it does not exist or the user may not see it."""
    project = (
        visible_projects(user).select_related("investor", "locality", "jurisdiction").filter(pk=pk).first()
    )
    if project is None:
        raise Http404(_("No such project."))
    return project


def get_visible_plan(user, pk) -> CapitalPlan:
    """A capital plan whose issuer the user can see, or 404."""
    plan = visible_plans(user).select_related("issuer").filter(pk=pk).first()
    if plan is None:
        raise Http404(_("No such capital plan."))
    return plan


def get_visible_report(user, pk) -> DisbursementReport:
    """A disbursement report of a project the user sees, with its figures and obstacles, or 404."""
    reports = (
        DisbursementReport.objects.all() if user is None else DisbursementReport.objects.visible_to(user)
    )
    report = (
        reports.select_related("project", "plan", "investor", "submitted_by")
        .prefetch_related(
            "figures", Prefetch("obstacles", ProjectObstacle.objects.select_related("responsible_unit"))
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("No such disbursement report."))
    return report


def get_visible_extension(user, pk) -> PlanExtension:
    """An extension of a project the user sees, or 404."""
    extensions = PlanExtension.objects.all() if user is None else PlanExtension.objects.visible_to(user)
    extension = extensions.select_related("plan", "plan__issuer", "project").filter(pk=pk).first()
    if extension is None:
        raise Http404(_("No such extension."))
    return extension


# -- the plan a reader works on --------------------------------------------------------------------


def plan_years(user) -> list[int]:
    """The years with a plan the user sees, newest first (one query)."""
    years = visible_plans(user).order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def _home_rank(user):
    """A sort key putting first the plans of the user's own jurisdiction: the one whose books they keep
    (their desk), then the nearest level above or at one of their own units, then the others."""
    if user is None:
        return lambda plan: (2, 0, plan.issuer.path)
    scope = scope_for(user)
    desks = desk_jurisdiction_ids(user)
    desk_ids = set() if desks is None else set(desks.values_list("jurisdiction_id", flat=True))
    own_paths = [coverage.root_path for coverage in scope.own_coverages]

    def rank(plan):
        issuer = plan.issuer
        if issuer.pk in desk_ids:
            return (0, 0, issuer.path)
        if any(path.startswith(issuer.path) for path in own_paths):
            # The nearest level first: the longest path that is still above (or at) the user's unit.
            return (1, -len(issuer.path), issuer.path)
        return (2, 0, issuer.path)

    return rank


def plan_for(user, year: int, jurisdiction=None) -> CapitalPlan | None:
    """The plan of `year` the user sees: of `jurisdiction` when given, else their own jurisdiction's
    first (a district's officer who sees the province's plan and the district's gets the district's).
    None when there is none."""
    plans = visible_plans(user).filter(year=year).select_related("issuer")
    if jurisdiction is not None:
        return plans.filter(issuer=jurisdiction).first()
    found = list(plans)
    if not found:
        return None
    return min(found, key=_home_rank(user))


# -- a project's history ---------------------------------------------------------------------------


@dataclass
class HistoryRow:
    """One decision on a project's plan of a year: what it added (or took away) per source, and the
    plan it left. The first row of a year is the plan as assigned (the original plan)."""

    plan: CapitalPlan
    decision: PlanDecision
    changes: dict[str, Decimal] = field(default_factory=dict)
    plan_after: dict[str, Decimal] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.decision.kind

    @property
    def is_original(self) -> bool:
        return self.decision.kind == PlanChangeKind.ORIGINAL

    @property
    def change(self) -> Decimal:
        return sum(self.changes.values(), Decimal(0))

    @property
    def total_after(self) -> Decimal:
        return sum(self.plan_after.values(), Decimal(0))


def project_history(project) -> list[HistoryRow]:
    """The decisions on the project's plans, year by year and in the order taken, each with its change
    per source and the plan it left: the original plan stays readable after any adjustment or
    transfer (one query)."""
    entries = (
        PlanEntry.objects.filter(project=project)
        .select_related("decision", "decision__plan", "decision__document")
        .order_by(
            "decision__plan__year", "decision__plan_id", "decision__decided_on", "decision_id", "source"
        )
    )
    rows: list[HistoryRow] = []
    running: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for entry in entries:
        decision = entry.decision
        if not rows or rows[-1].decision.pk != decision.pk:
            rows.append(HistoryRow(plan=decision.plan, decision=decision))
        row = rows[-1]
        amount = Decimal(entry.amount)
        row.changes[entry.source] = amount
        plan_of_year = running[decision.plan_id]
        plan_of_year[entry.source] = plan_of_year.get(entry.source, Decimal(0)) + amount
        row.plan_after = dict(plan_of_year)
    return rows


def reports_of(project, plan) -> list[DisbursementReport]:
    """The project's reports on `plan`, newest first (by the day counted to, then by arrival), with
    their figures and obstacles (three queries)."""
    return list(
        DisbursementReport.objects.filter(project=project, plan=plan)
        .select_related("submitted_by", "investor")
        .prefetch_related(
            Prefetch("figures", DisbursementFigure.objects.order_by("source")),
            Prefetch("obstacles", ProjectObstacle.objects.select_related("responsible_unit")),
        )
        .order_by("-reported_on", "-pk")
    )


# -- the units of a day (rule 8) -------------------------------------------------------------------


def roles_handed_over_after(day: date) -> set[str]:
    """The roles (investor, locality) in which some project was handed over after `day` (one query).
    For a role with none, today's units are that day's, and the plain column serves: a view of today
    pays nothing for the history it does not have."""
    handovers = ProjectHandover.objects.filter(effective_on__gt=day).order_by()
    return set(handovers.values_list("role", flat=True).distinct())


def unit_on(role: str, day: date, project: str = "pk", current: str | None = None, *, handed_over=None):
    """An expression for the id of the project's investor or locality (`role`) on `day`: the unit the
    earliest hand-over after `day` took it from, else today's. `project` names the project's id in the
    outer query (`"pk"` on projects, `"project_id"` on rows of a project) and `current` its unit today;
    `handed_over`, the roles handed over after `day` when known (`roles_handed_over_after`)."""
    current = current or ("investor_id" if role == HandoverRole.INVESTOR else "locality_id")
    if handed_over is not None and role not in handed_over:
        return F(current)
    earliest_after = (
        ProjectHandover.objects.filter(project_id=OuterRef(project), role=role, effective_on__gt=day)
        .order_by("effective_on", "pk")
        .values("from_unit_id")[:1]
    )
    return Coalesce(Subquery(earliest_after), F(current), output_field=BigIntegerField())


def units_on(projects, day: date):
    """`projects` annotated with `investor_on_id` and `locality_on_id`: their investor and locality on
    `day` (rule 8), for listing, grouping and filtering by the units of a past day (one query, to
    know whether anything was handed over since)."""
    handed_over = roles_handed_over_after(day)
    return projects.annotate(
        investor_on_id=unit_on(HandoverRole.INVESTOR, day, handed_over=handed_over),
        locality_on_id=unit_on(HandoverRole.LOCALITY, day, handed_over=handed_over),
    )


def in_area(projects, unit, day: date):
    """The projects of `projects` in `unit`'s area on `day`: those whose locality or investor of that
    day lay in the area of that day (its subtree then, and the areas of the predecessors whose past it
    carries), so a city formed in 2025 shows the 2024 projects of the province it took over."""
    area = units_in_area(unit, day).values("pk")
    return units_on(projects, day).filter(Q(investor_on_id__in=area) | Q(locality_on_id__in=area))


def with_plan(projects, plan, day: date):
    """The projects of `projects` that have an entry in `plan` decided on or before `day`."""
    entries = PlanEntry.objects.filter(
        project_id=OuterRef("pk"), decision__plan=plan, decision__decided_on__lte=day
    )
    return projects.filter(Exists(entries))
