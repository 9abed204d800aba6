"""The disbursement engine: plans, what was disbursed of them and the rates, on any day, for a project,
a unit's area or the whole province, and what follows from them (the schedule, slow projects, the
obstacles, the capital at risk of lapsing, the lapse itself, the transfers that would save it).

The rules (docs/user/investment.md; the numbers refer to them) are applied in one place, here:

1. The plan of a project on a day is the sum of the entries of the plan's decisions taken by then; the
   original plan the sum of those of the decisions of kind "original". A change never edits an entry.
2. What was disbursed on a day is the figures of the project's latest report of the plan dated on or
   before that day (latest by date, then by arrival). Figures are cumulative: a later report replaces
   an earlier one, it is never added to it.
3. A rate is disbursed ÷ plan, in percent with one decimal rounded half up; a total over projects or
   sources is Σ disbursed ÷ Σ plan — weighted by the plan, never an average of rates — over the
   projects with a plan above 0 on that day.
4. (lapse), 6. (schedule), 7. (at risk) and 8. (units of a day): see the functions below.

Why it is written this way:

- **Scope once.** Every function takes the user and reads only the projects `visible_to` them (the
  system, `user=None`, reads all), so a figure one may not see is never in a total one sees.
- **A fixed number of queries.** A province has thousands of projects and a national view tens of
  thousands. Each function reads in a number of queries that does not grow with them: the plan is one
  grouped sum over the entries, and what was disbursed one grouped sum over the figures of the latest
  reports, picked in SQL by "no later report of the same project exists on or before the day"
  (`NOT EXISTS` on the index plan, project, day): PostgreSQL and SQLite both run it as an anti-join on
  that index, where a window function would sort every report first.
- **Exact money.** Sums are read as whole numbers of VND (the columns have no fractional digits): SQLite
  gives back an integer, PostgreSQL a numeric, and both become a `Decimal` here. Django's decimal
  converter is not used for sums, because on SQLite it rounds to 15 significant digits, and a national
  total of VND has more.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from resolute.orgunits.models import OrgUnit

from ..choices import (
    CapitalSource,
    ExtensionStatus,
    HandoverRole,
    ObstacleCategory,
    PlanChangeKind,
    ProjectGroup,
    Sector,
)
from ..models import (
    CapitalPlan,
    DisbursementFigure,
    DisbursementReport,
    InvestmentProject,
    PlanEntry,
    PlanExtension,
    ProjectFunding,
    ProjectObstacle,
)
from .projects import in_area, roles_handed_over_after, unit_on, visible_plans, visible_projects, with_plan

ZERO = Decimal(0)
HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
WHOLE = Decimal(1)
# How far back the pace of a project's disbursement is measured when projecting it to 31 January.
PACE_DAYS = 90
# A sum of whole VND, read as the database's integer (SQLite) or numeric (PostgreSQL), never through
# the decimal converter (see the module's docstring).
WHOLE_SUM = BigIntegerField()

SOURCES = tuple(CapitalSource.values)
GROUPINGS = ("source", "investor", "locality", "project", "sector", "group")


# -- numbers ---------------------------------------------------------------------------------------


def whole(value) -> Decimal:
    """A sum read from the database as a whole `Decimal` of VND (None, the sum of nothing, is 0)."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value.quantize(WHOLE, rounding=ROUND_HALF_UP)
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(str(value)).quantize(WHOLE, rounding=ROUND_HALF_UP)


def percent(part: Decimal, of: Decimal) -> Decimal | None:
    """`part` ÷ `of` in percent with one decimal, rounded half up; None when `of` is 0."""
    if not of:
        return None
    return (Decimal(part) * HUNDRED / Decimal(of)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Money:
    """A plan and what was disbursed of it: the rate is derived, never stored (rule 3)."""

    plan: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def rate(self) -> Decimal | None:
        """disbursed ÷ plan in percent, one decimal; None when the plan is 0."""
        return percent(self.disbursed, self.plan)

    @property
    def remaining(self) -> Decimal:
        """What is still to be disbursed of the plan (never negative: a figure above the plan leaves 0)."""
        return max(self.plan - self.disbursed, ZERO)

    def __add__(self, other: "Money") -> "Money":
        return Money(plan=self.plan + other.plan, disbursed=self.disbursed + other.disbursed)


def _total(moneys: Iterable[Money]) -> Money:
    return sum(moneys, Money())


# -- the building blocks, in SQL -------------------------------------------------------------------


def _later_report(plan: CapitalPlan, up_to):
    """Reports of the same project as the outer report, dated up to `up_to` (a day, or a reference to
    one) and later than it: by date, or of the same date and recorded after it (a correction)."""
    return DisbursementReport.objects.filter(
        plan=plan, project_id=OuterRef("project_id"), reported_on__lte=up_to
    ).filter(
        Q(reported_on__gt=OuterRef("reported_on"))
        | Q(reported_on=OuterRef("reported_on"), pk__gt=OuterRef("pk"))
    )


def latest_reports(plan: CapitalPlan, day: date, projects=None):
    """Each project's latest report of `plan` on or before `day` (rule 2): a report with no later one of
    the same project by then — later by date, or of the same date and recorded after it."""
    later = _later_report(plan, day)
    # No ordering: a report's default one joins its project, plan and issuer, which nothing here needs.
    reports = (
        DisbursementReport.objects.filter(plan=plan, reported_on__lte=day).filter(~Exists(later)).order_by()
    )
    if projects is not None:
        reports = reports.filter(project__in=projects)
    return reports


def plan_entries(plan: CapitalPlan, day: date, projects=None):
    """The entries of the decisions on `plan` taken on or before `day` (rule 1)."""
    entries = PlanEntry.objects.filter(decision__plan=plan, decision__decided_on__lte=day)
    if projects is not None:
        entries = entries.filter(project__in=projects)
    return entries


def planned_project_ids(plan: CapitalPlan, day: date):
    """A subquery of the ids of the projects whose plan on `day` is above 0: those that count (rule 3)."""
    return (
        plan_entries(plan, day)
        .order_by()
        .values("project_id")
        .annotate(planned=Sum("amount", output_field=WHOLE_SUM))
        .filter(planned__gt=0)
        .values("project_id")
    )


def counted(projects, plan: CapitalPlan, day: date):
    """The projects of `projects` that count in a total on `day`: those with a plan above 0."""
    return projects.filter(pk__in=planned_project_ids(plan, day))


def ids_of(projects):
    """The ids of a queryset of projects, as a subquery."""
    return projects.order_by().values("pk")


def _group_key(by: str, day: date, project: str, handed_over: set[str] | None = None):
    """What rows of a project are grouped by, as an expression reached through `project` (the path to
    the project from the rows summed: "" on projects, "project" on entries, "report__project" on
    figures). The investor and the locality are those of `day` (rule 8)."""
    lead = f"{project}__" if project else ""
    project_id = f"{lead}id" if project else "pk"
    if by == "investor":
        return unit_on(
            HandoverRole.INVESTOR,
            day,
            project=project_id,
            current=f"{lead}investor_id",
            handed_over=handed_over,
        )
    if by == "locality":
        return unit_on(
            HandoverRole.LOCALITY,
            day,
            project=project_id,
            current=f"{lead}locality_id",
            handed_over=handed_over,
        )
    if by == "project":
        return F(project_id)
    return F(f"{lead}{by}")


def _sums(plan: CapitalPlan, day: date, projects, by: str | None = None, *, with_counts: bool = True):
    """The plan and what was disbursed of it on `day`, summed in SQL over the counted projects of
    `projects`, per capital source and, with `by`, per value of that grouping, with the number of
    projects of each group (`with_counts`). Three queries — two without counts, one more by investor or
    locality — whatever the number of projects.

    Returns ({(group, source): Money}, {group: projects}); the group is None without `by`."""
    projects_counted = counted(projects, plan, day)
    entries = plan_entries(plan, day, projects_counted).order_by()
    figures = DisbursementFigure.objects.filter(
        report__in=latest_reports(plan, day, projects_counted)
    ).order_by()
    keyed = by is not None and by != "source"
    handed_over = roles_handed_over_after(day) if by in ("investor", "locality") else None
    if keyed:
        entries = entries.annotate(group_key=_group_key(by, day, "project", handed_over))
        figures = figures.annotate(group_key=_group_key(by, day, "report__project", handed_over))
        fields = ["group_key", "source"]
    else:
        fields = ["source"]
    sums: dict[tuple, Money] = defaultdict(Money)
    for row in entries.values(*fields).annotate(summed=Sum("amount", output_field=WHOLE_SUM)):
        sums[(row.get("group_key"), row["source"])].plan += whole(row["summed"])
    for row in figures.values(*fields).annotate(summed=Sum("disbursed", output_field=WHOLE_SUM)):
        sums[(row.get("group_key"), row["source"])].disbursed += whole(row["summed"])
    if not with_counts:
        return dict(sums), {}
    if by == "source":
        rows = entries.values("source").annotate(projects=Count("project_id", distinct=True))
        counts = {row["source"]: row["projects"] for row in rows}
        return {(source, source): money for (_none, source), money in sums.items()}, counts
    if keyed:
        rows = (
            projects_counted.order_by()
            .annotate(group_key=_group_key(by, day, "", handed_over))
            .values("group_key")
            .annotate(projects=Count("pk"))
        )
        return dict(sums), {row["group_key"]: row["projects"] for row in rows}
    return dict(sums), {None: projects_counted.order_by().count()}


def _by_group(sums: dict[tuple, Money]) -> dict:
    grouped: dict = defaultdict(Money)
    for (group, _source), money in sums.items():
        grouped[group] = grouped[group] + money
    return dict(grouped)


def _disbursed_by_project(
    plan: CapitalPlan, day: date, projects, reports=None
) -> dict[int, dict[str, Decimal]]:
    """{project id: {source: disbursed}} from each project's latest report on or before `day` (or of
    `reports`, those latest reports already chosen): one query."""
    if reports is None:
        reports = latest_reports(plan, day, projects)
    figures = (
        DisbursementFigure.objects.filter(report__in=reports.values("pk"))
        .order_by()
        .values_list("report__project_id", "source", "disbursed")
    )
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for project_id, source, disbursed in figures:
        found[project_id][source] = whole(disbursed)
    return found


def _scoped(user, unit=None, day: date | None = None):
    """The projects `user` sees, in `unit`'s area on `day` when a unit is given (rule 8)."""
    projects = visible_projects(user)
    if unit is not None:
        projects = in_area(projects, unit, day)
    return projects


def _url(name: str, args=(), query: dict | None = None) -> str:
    """The address of a page of public investment, or "" where the pages are not installed."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


# -- the schedule (rule 6) -------------------------------------------------------------------------


def schedule(plan: CapitalPlan) -> list[tuple[date, Decimal]]:
    """The points the expected rate runs through: (1 January, 0 %) and each milestone of the plan, in
    order (uses the plan's prefetched milestones when there are)."""
    start = date(plan.year, 1, 1)
    points = {start: ZERO}
    for milestone in plan.milestones.all():
        points[max(milestone.day, start)] = Decimal(milestone.rate)
    return sorted(points.items())


def expected_on(points: list[tuple[date, Decimal]], day: date) -> Decimal:
    """The rate expected on `day` along `points`: linear between two points, 0 before the first and
    flat after the last."""
    if day <= points[0][0]:
        return ZERO.quantize(ONE_DECIMAL)
    for (day_before, rate_before), (day_after, rate_after) in zip(points, points[1:], strict=False):
        if day <= day_after:
            share = Decimal((day - day_before).days) / Decimal((day_after - day_before).days)
            return (rate_before + (rate_after - rate_before) * share).quantize(
                ONE_DECIMAL, rounding=ROUND_HALF_UP
            )
    return points[-1][1].quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def expected_rate(plan: CapitalPlan, day: date) -> Decimal:
    """The share of the plan that should be disbursed by `day` (rule 6): a straight line from 0 % on
    1 January through the plan's milestones, flat after the last. Without milestones nothing is
    expected, so no project is slow."""
    return expected_on(schedule(plan), day)


# -- one project at a time, for many projects at once ----------------------------------------------


@dataclass
class ProjectFigures:
    """A project's plan and disbursement of one plan on a day, with what its latest report says."""

    project: InvestmentProject
    by_source: dict[str, Money]
    total: Money
    original_plan: Decimal
    reported_on: date | None = None
    work_done_percent: Decimal | None = None
    obstacles: list[ProjectObstacle] = field(default_factory=list)
    expected_rate: Decimal | None = None
    gap: Decimal | None = None
    extension: PlanExtension | None = None
    report_id: int | None = None

    @property
    def rate(self) -> Decimal | None:
        return self.total.rate

    @property
    def is_slow(self) -> bool:
        return self.gap is not None

    @property
    def plan_changed(self) -> bool:
        """Whether adjustments or transfers changed the plan from the one first assigned."""
        return self.total.plan != self.original_plan


def extension_approved_by(extension: PlanExtension | None, day: date) -> bool:
    """Whether `extension` was approved, with an amount, by `day`."""
    return (
        extension is not None
        and extension.status == ExtensionStatus.APPROVED
        and (extension.approved_amount or ZERO) > 0
        and (extension.decided_on is None or extension.decided_on <= day)
    )


def _figures(plan: CapitalPlan, as_of: date, projects) -> dict[int, ProjectFigures]:
    """The figures of each project of `projects` (already scoped), in the order of their codes: seven
    queries, whatever their number. Only the projects, the obstacles and the extensions are read as
    records; sums and figures are read as plain values, since a national view has tens of thousands."""
    # The projects go to each query below as a subquery rather than a list of ids: a national view
    # has more projects than SQLite (32,766) or PostgreSQL (65,535) take parameters in one statement.
    ids = ids_of(projects)
    projects = list(projects.select_related("investor", "locality").order_by("code"))
    if not projects:
        return {}
    plans: dict[int, dict[str, Money]] = defaultdict(lambda: defaultdict(Money))
    originals: dict[int, Decimal] = defaultdict(Decimal)
    rows = (
        plan_entries(plan, as_of)
        .filter(project_id__in=ids)
        .order_by()
        .values_list("project_id", "source")
        .annotate(
            summed=Sum("amount", output_field=WHOLE_SUM),
            original=Sum("amount", filter=Q(decision__kind=PlanChangeKind.ORIGINAL), output_field=WHOLE_SUM),
        )
    )
    for project_id, source, summed, original in rows:
        plans[project_id][source].plan += whole(summed)
        originals[project_id] += whole(original)
    latest = latest_reports(plan, as_of, ids)
    reports = {
        project_id: (report_id, reported_on, work_done)
        for report_id, project_id, reported_on, work_done in latest.values_list(
            "pk", "project_id", "reported_on", "work_done_percent"
        )
    }
    for project_id, by_source in _disbursed_by_project(plan, as_of, ids, reports=latest).items():
        for source, disbursed in by_source.items():
            plans[project_id][source].disbursed += disbursed
    obstacles = defaultdict(list)
    for obstacle in (
        ProjectObstacle.objects.filter(report__in=latest.values("pk"))
        .select_related("responsible_unit")
        .order_by("report_id", "category", "pk")
    ):
        obstacles[obstacle.project_id].append(obstacle)
    extensions = {
        extension.project_id: extension
        for extension in PlanExtension.objects.filter(plan=plan, project_id__in=ids).order_by()
    }
    expected = expected_rate(plan, as_of)
    found = {}
    for project in projects:
        by_source = plans[project.pk]
        by_source = {source: by_source[source] for source in SOURCES if source in by_source}
        total = _total(by_source.values())
        rate = total.rate
        # Slow is judged on the rates as shown (one decimal): a project shown at 40.0 % when 40.0 % was
        # expected is on schedule, whatever the digits after.
        gap = expected - rate if rate is not None and rate < expected else None
        report_id, reported_on, work_done = reports.get(project.pk, (None, None, None))
        found[project.pk] = ProjectFigures(
            project=project,
            by_source=by_source,
            total=total,
            original_plan=originals[project.pk],
            reported_on=reported_on,
            work_done_percent=work_done,
            obstacles=obstacles.get(project.pk, []),
            expected_rate=expected,
            gap=gap,
            extension=extensions.get(project.pk),
            report_id=report_id,
        )
    return found


def project_figures(user, *, plan: CapitalPlan, as_of: date, projects=None) -> dict[int, ProjectFigures]:
    """{project id: ProjectFigures} of `plan` on `as_of` for `projects` (a queryset of projects, kept to
    those the user sees; by default every visible project with an entry in the plan by then), in the
    order of their codes. A project without a report has disbursed 0; one whose plan is 0 has no rate."""
    visible = visible_projects(user)
    if projects is None:
        projects = with_plan(visible, plan, as_of)
    else:
        projects = projects.filter(pk__in=visible.values("pk"))
    return _figures(plan, as_of, projects)


# -- totals and breakdowns -------------------------------------------------------------------------


@dataclass
class RateRow:
    """A line of a breakdown: what `key` (a source, a unit id, a project id, a sector or a group) names,
    its label, the page that lists it (or ""), its money and the number of projects counted in it."""

    key: object
    label: str
    url: str
    money: Money
    count: int = 0

    @property
    def rate(self) -> Decimal | None:
        return self.money.rate


def _labels(by: str, keys: Iterable) -> dict:
    keys = [key for key in keys if key is not None]
    if by == "source":
        return {key: str(CapitalSource(key).label) for key in keys}
    if by == "sector":
        return {key: str(Sector(key).label) for key in keys}
    if by == "group":
        return {key: str(ProjectGroup(key).label) for key in keys}
    if by in ("investor", "locality"):
        return {unit.pk: str(unit.display_name) for unit in OrgUnit.objects.filter(pk__in=keys)}
    return {
        project.pk: f"{project.code} · {project.display_name}"
        for project in InvestmentProject.objects.filter(pk__in=keys)
    }


def _row_url(by: str, key, plan: CapitalPlan, as_of: date, unit=None) -> str:
    """The page listing the projects behind a row: the project's own page, or the project list filtered
    as the row was counted (the plan, the day, the area, and the row's source or unit or class)."""
    if by == "project":
        return _url("investment:project", args=[key])
    query = {"plan": plan.pk, "as_of": as_of.isoformat(), by: key}
    if unit is not None:
        query["area"] = unit.pk
    return _url("investment:projects", query=query)


def disbursement_by(user, *, plan: CapitalPlan, as_of: date, by: str, unit=None) -> list[RateRow]:
    """The plan, what was disbursed and the rate on `as_of` per source, investor, locality, project,
    sector or group (`by`) of the projects the user sees (in `unit`'s area when given), sorted by label.
    The investor and the locality are those of `as_of` (rule 8), so a 2024 view keeps the units of 2024."""
    if by not in GROUPINGS:
        raise ValueError(f"Cannot group disbursement by {by!r}; choose one of {', '.join(GROUPINGS)}.")
    sums, counts = _sums(plan, as_of, _scoped(user, unit, as_of), by)
    grouped = _by_group(sums)
    labels = _labels(by, grouped)
    rows = [
        RateRow(
            key=key,
            label=labels.get(key, str(key)),
            url=_row_url(by, key, plan, as_of, unit),
            money=money,
            count=counts.get(key, 0),
        )
        for key, money in grouped.items()
    ]
    return sorted(rows, key=lambda row: (row.label.casefold(), str(row.key)))


def province_total(user, *, plan: CapitalPlan, as_of: date, unit=None) -> Money:
    """The plan and what was disbursed on `as_of` of every project the user sees (in `unit`'s area when
    given): Σ disbursed ÷ Σ plan, over the projects with a plan (two queries)."""
    sums, _counts = _sums(plan, as_of, _scoped(user, unit, as_of), with_counts=False)
    return _total(sums.values())


def investor_league(user, *, plan: CapitalPlan, as_of: date, unit=None) -> list[RateRow]:
    """The investors with a plan, slowest first: the lowest rate on `as_of`, then the largest amount
    still to disburse (a big investor at 10 % holds more capital back than a small one at 10 %)."""
    rows = disbursement_by(user, plan=plan, as_of=as_of, by="investor", unit=unit)
    rows = [row for row in rows if row.money.plan > 0]
    return sorted(rows, key=lambda row: (row.money.rate, -row.money.remaining, row.label.casefold()))


@dataclass
class CurvePoint:
    """The cumulative rate on a day, beside the rate the schedule expected then."""

    day: date
    rate: Decimal | None
    expected: Decimal
    money: Money = field(default_factory=Money)


def curve_days(plan: CapitalPlan, as_of: date) -> list[date]:
    """The days of the curve: each month end from January of the plan's year to its lapse day
    (31 January of the next), up to `as_of`, and `as_of` itself."""
    last = min(as_of, plan.lapses_on)
    days = [date(plan.year, month, calendar.monthrange(plan.year, month)[1]) for month in range(1, 13)]
    days.append(plan.lapses_on)
    days = [day for day in days if day <= last]
    if as_of >= date(plan.year, 1, 1) and as_of not in days:
        days.append(as_of)
    return days


def curve(user, *, plan: CapitalPlan, as_of: date, unit=None) -> list[CurvePoint]:
    """The disbursement rate of the projects the user sees (in `unit`'s area on `as_of`, so that every
    point counts the same projects) at each month end up to `as_of`, and on `as_of`, with the rate the
    schedule expected: one query for every day's plan and
    one per day for what was disbursed (14 days at most), whatever the number of projects."""
    days = curve_days(plan, as_of)
    if not days:
        return []
    projects = _scoped(user, unit, as_of)
    points = schedule(plan)
    # A plan is never below 0 (rule 9), so a project whose plan is 0 adds nothing to it: every day's
    # plan is one conditional sum over the entries.
    planned = plan_entries(plan, max(days), projects).aggregate(
        **{
            f"day_{number}": Sum("amount", filter=Q(decision__decided_on__lte=day), output_field=WHOLE_SUM)
            for number, day in enumerate(days)
        }
    )
    result = []
    for number, day in enumerate(days):
        disbursed = DisbursementFigure.objects.filter(
            report__in=latest_reports(plan, day, counted(projects, plan, day))
        ).aggregate(total=Sum("disbursed", output_field=WHOLE_SUM))["total"]
        money = Money(plan=whole(planned[f"day_{number}"]), disbursed=whole(disbursed))
        result.append(CurvePoint(day=day, rate=money.rate, expected=expected_on(points, day), money=money))
    return result


def same_day_last_year(user, *, plan: CapitalPlan, as_of: date, unit=None) -> Money | None:
    """The same issuer's plan of the year before, as it stood one year before `as_of` (28 February for
    a 29 February), for "this time last year"; None when there was no such plan."""
    earlier = visible_plans(user).filter(issuer_id=plan.issuer_id, year=plan.year - 1).first()
    if earlier is None:
        return None
    try:
        last_year = as_of.replace(year=as_of.year - 1)
    except ValueError:
        last_year = as_of.replace(year=as_of.year - 1, day=28)
    return province_total(user, plan=earlier, as_of=last_year, unit=unit)


# -- the projects behind -------------------------------------------------------------------------------


def slow_projects(
    user, *, plan: CapitalPlan, as_of: date, unit=None, limit: int | None = None
) -> list[ProjectFigures]:
    """The projects with a plan whose rate on `as_of` is below the schedule's (rule 6), the largest gap
    first (then the most capital still to disburse)."""
    projects = counted(_scoped(user, unit, as_of), plan, as_of)
    slow = [figures for figures in _figures(plan, as_of, projects).values() if figures.gap is not None]
    slow.sort(key=lambda figures: (-figures.gap, -figures.total.remaining, figures.project.code))
    return slow[:limit] if limit is not None else slow


@dataclass
class ObstacleRow:
    """An obstacle and the unit that must remove it, with the projects whose latest report names it and
    the capital they still have to disburse (what the obstacle holds back)."""

    category: str
    label: str
    responsible_unit: OrgUnit
    projects: int
    blocked: Decimal


def obstacle_summary(user, *, plan: CapitalPlan, as_of: date, unit=None) -> list[ObstacleRow]:
    """The obstacles the latest reports on `as_of` name, per category and responsible unit, the most
    blocked capital first. A project counts once in a row even if its report names it twice."""
    projects = counted(_scoped(user, unit, as_of), plan, as_of)
    groups: dict[tuple[str, int], dict] = {}
    for figures in _figures(plan, as_of, projects).values():
        for obstacle in figures.obstacles:
            key = (obstacle.category, obstacle.responsible_unit_id)
            group = groups.setdefault(key, {"unit": obstacle.responsible_unit, "projects": {}})
            group["projects"][figures.project.pk] = figures.total.remaining
    rows = [
        ObstacleRow(
            category=category,
            label=str(ObstacleCategory(category).label),
            responsible_unit=group["unit"],
            projects=len(group["projects"]),
            blocked=sum(group["projects"].values(), ZERO),
        )
        for (category, _unit), group in groups.items()
    ]
    return sorted(rows, key=lambda row: (-row.blocked, -row.projects, row.label, str(row.responsible_unit)))


# -- at risk of lapsing (rule 7) -------------------------------------------------------------------


def risk_window(plan: CapitalPlan) -> tuple[date, date]:
    """The days the capital at risk of lapsing is shown: from 1 November to the lapse day."""
    return date(plan.year, 11, 1), plan.lapses_on


@dataclass
class RiskRow:
    """A project that, at its pace, would not disburse its plan by the lapse day: `projected` is what it
    would have disbursed by then, `at_risk` the rest of the plan, `pace` VND a day over the last 90
    days; `by_source` the part at risk of each source."""

    project: InvestmentProject
    money: Money
    projected: Decimal
    at_risk: Decimal
    pace: Decimal = ZERO
    figures: ProjectFigures | None = None
    by_source: dict[str, Decimal] = field(default_factory=dict)


def _projected(now: Decimal, then: Decimal, days_left: int) -> tuple[Decimal, Decimal]:
    pace = (now - then) / Decimal(PACE_DAYS) if now > then else ZERO
    return now + pace * days_left, pace


def in_risk_window(plan: CapitalPlan, day: date) -> bool:
    first, last = risk_window(plan)
    return first <= day <= last


def _risks(plan: CapitalPlan, as_of: date, figures: dict[int, ProjectFigures], projects) -> list[RiskRow]:
    """The rows at risk among `figures`, the figures on `as_of` of the counted `projects`: one query more."""
    earlier = _disbursed_by_project(plan, as_of - timedelta(days=PACE_DAYS), projects)
    days_left = (plan.lapses_on - as_of).days
    rows = []
    for project_id, project_figures in figures.items():
        if extension_approved_by(project_figures.extension, as_of):
            continue
        then = earlier.get(project_id, {})
        total_then = sum(then.values(), ZERO)
        projected, pace = _projected(project_figures.total.disbursed, total_then, days_left)
        at_risk = max(project_figures.total.plan - projected, ZERO).quantize(WHOLE, rounding=ROUND_HALF_UP)
        if at_risk <= 0:
            continue
        by_source = {}
        for source, money in project_figures.by_source.items():
            projected_source, _pace = _projected(money.disbursed, then.get(source, ZERO), days_left)
            part = max(money.plan - projected_source, ZERO).quantize(WHOLE, rounding=ROUND_HALF_UP)
            if part > 0:
                by_source[source] = part
        rows.append(
            RiskRow(
                project=project_figures.project,
                money=project_figures.total,
                projected=projected.quantize(WHOLE, rounding=ROUND_HALF_UP),
                at_risk=at_risk,
                pace=pace.quantize(WHOLE, rounding=ROUND_HALF_UP),
                figures=project_figures,
                by_source=by_source,
            )
        )
    rows.sort(key=lambda row: (-row.at_risk, row.project.code))
    return rows


def at_risk(user, *, plan: CapitalPlan, as_of: date, unit=None) -> list[RiskRow]:
    """The projects without an approved extension whose plan, at the pace of their last 90 days of
    reports, would not be disbursed by 31 January (rule 7), the largest amount at risk first. Shown
    from 1 November to 31 January only ([] on other days): earlier the projection says little, later
    the capital has lapsed."""
    if not in_risk_window(plan, as_of):
        return []
    projects = counted(_scoped(user, unit, as_of), plan, as_of)
    return _risks(plan, as_of, _figures(plan, as_of, projects), projects)


@dataclass
class TransferProposal:
    """Move `amount` of `source` of the plan from a project at risk to one that can disburse it."""

    source: str
    from_project: InvestmentProject
    to_project: InvestmentProject
    amount: Decimal

    @property
    def source_label(self) -> str:
        return str(CapitalSource(self.source).label)


def transfer_proposals(user, *, plan: CapitalPlan, as_of: date) -> list[TransferProposal]:
    """Transfers that would keep capital at risk of lapsing from lapsing: from each project at risk (its
    amount at risk, split over its sources) to projects of the same plan that disburse at or above the
    schedule and whose approved total investment from that source exceeds every plan of it so far (the
    room they have). Greedy: the largest amount at risk goes first, to the project with most room."""
    if not in_risk_window(plan, as_of):
        return []
    counted_projects = counted(visible_projects(user), plan, as_of)
    figures = _figures(plan, as_of, counted_projects)
    risks = _risks(plan, as_of, figures, counted_projects)
    if not risks:
        return []
    giving = []
    for row in risks:
        left = row.at_risk
        for source, part in sorted(row.by_source.items(), key=lambda item: (-item[1], item[0])):
            amount = min(part, left)
            if amount > 0:
                giving.append((amount, source, row.project))
                left -= amount
    at_risk_ids = {row.project.pk for row in risks}
    receivers = [
        project_figures
        for project_figures in figures.values()
        if project_figures.project.pk not in at_risk_ids and project_figures.gap is None
    ]
    projects = {figures.project.pk: figures.project for figures in receivers}
    room = {key: space for key, space in _room(counted_projects, as_of).items() if key[0] in projects}
    proposals = []
    for amount, source, giver in sorted(giving, key=lambda item: (-item[0], item[2].code, item[1])):
        while amount > 0:
            candidates = [
                (space, project_id) for (project_id, s), space in room.items() if s == source and space > 0
            ]
            if not candidates:
                break
            space, project_id = max(candidates, key=lambda item: (item[0], -item[1]))
            moved = min(amount, space)
            proposals.append(
                TransferProposal(
                    source=source, from_project=giver, to_project=projects[project_id], amount=moved
                )
            )
            room[(project_id, source)] -= moved
            amount -= moved
    return proposals


def _room(projects, as_of: date) -> dict[tuple[int, str], Decimal]:
    """{(project id, source): approved total investment − every plan of it decided by `as_of`}, where
    positive, for the projects of the queryset `projects` (two queries)."""
    project_ids = ids_of(projects)
    planned = {
        (row["project_id"], row["source"]): whole(row["summed"])
        for row in PlanEntry.objects.filter(project_id__in=project_ids, decision__decided_on__lte=as_of)
        .order_by()
        .values("project_id", "source")
        .annotate(summed=Sum("amount", output_field=WHOLE_SUM))
    }
    room = {}
    for funding in ProjectFunding.objects.filter(project_id__in=project_ids).order_by():
        space = whole(funding.amount) - planned.get((funding.project_id, funding.source), ZERO)
        if space > 0:
            room[(funding.project_id, funding.source)] = space
    return room


# -- the lapse (rule 4) ----------------------------------------------------------------------------


@dataclass
class LapseRow:
    """What happened, or will, to a project's capital of the plan left undisbursed on the lapse day.

    `balance` is what was left on 31 January; of it, `late_capital` (added after 30 September) and
    `extended` (an approved extension) were carried over, and the rest `lapsed` on 1 February;
    `lapsed_after_carry` is what the carried capital left undisbursed when its time ran out."""

    project: InvestmentProject
    money: Money
    balance: Decimal
    late_capital: Decimal
    extended: Decimal
    lapsed_on_deadline: Decimal
    lapsed_after_carry: Decimal
    carried_disbursed: Decimal
    carried_until: date | None
    extension: PlanExtension | None

    @property
    def carried(self) -> Decimal:
        return self.late_capital + self.extended

    @property
    def lapsed(self) -> Decimal:
        return self.lapsed_on_deadline + self.lapsed_after_carry


@dataclass
class LapseSummary:
    """The lapse of a plan on a day: the balance left on the lapse day, what was carried over (by an
    extension, as late capital), and what lapsed (on 1 February, and when the carried time ran out);
    `rows` per project with a balance, the most lapsed first."""

    balance: Decimal
    extended: Decimal
    late_capital: Decimal
    lapsed: Decimal
    projects_extended: int
    rows: list[LapseRow]
    lapsed_after_carry: Decimal = ZERO
    has_lapsed: bool = False


def _late_capital(plan: CapitalPlan, projects) -> dict[int, Decimal]:
    """{project id: the positive entries of the decisions taken after 30 September and by the lapse day}
    (one query): by law it runs to 31 December of the next year."""
    rows = (
        PlanEntry.objects.filter(
            project__in=projects,
            decision__plan=plan,
            decision__decided_on__gt=plan.late_capital_after,
            decision__decided_on__lte=plan.lapses_on,
            amount__gt=0,
        )
        .order_by()
        .values("project_id")
        .annotate(summed=Sum("amount", output_field=WHOLE_SUM))
    )
    return {row["project_id"]: whole(row["summed"]) for row in rows}


def _disbursed_at_extension_end(plan: CapitalPlan, projects) -> dict[int, Decimal]:
    """{project id: disbursed by the last day of its approved extension} (one query): each project's
    latest report on or before its own `extended_until`."""
    end = (
        PlanExtension.objects.filter(plan=plan, project_id=OuterRef("project_id"))
        .order_by()
        .values("extended_until")[:1]
    )
    later = _later_report(plan, OuterRef("end"))
    reports = (
        DisbursementReport.objects.filter(plan=plan, project__in=projects)
        .annotate(end=Subquery(end))
        .filter(reported_on__lte=F("end"))
        .filter(~Exists(later))
    )
    rows = (
        DisbursementFigure.objects.filter(report__in=reports.values("pk"))
        .order_by()
        .values("report__project_id")
        .annotate(summed=Sum("disbursed", output_field=WHOLE_SUM))
    )
    return {row["report__project_id"]: whole(row["summed"]) for row in rows}


def lapse_summary(user, *, plan: CapitalPlan, as_of: date, unit=None) -> LapseSummary:
    """The lapse of `plan` as it stands on `as_of` (rule 4; Public Investment Law 2024, Art. 72).

    The balance is each project's plan on 31 January less what it had disbursed by then. Of it, capital
    added after 30 September is carried over by law, and an extension approved by `as_of` carries its
    approved amount (late capital first, the extension for the rest, never more than the balance); the
    rest lapses on 1 February. Carried capital may be disbursed until the extension's day or, for late
    capital, 31 December of the next year; what it leaves undisbursed then lapses too (what was
    disbursed after 31 January pays the extension, which ends first, before the late capital).

    On or before 31 January nothing has lapsed yet: the figures say what would, were nothing more
    disbursed. Ten queries, whatever the number of projects."""
    has_lapsed = as_of > plan.lapses_on
    balance_day = min(as_of, plan.lapses_on)
    last_day = plan.extended_until_at_most
    projects = counted(_scoped(user, unit, as_of), plan, balance_day)
    figures = _figures(plan, balance_day, projects)
    late = _late_capital(plan, projects)
    after = _disbursed_by_project(plan, min(as_of, last_day), projects) if has_lapsed else {}
    at_extension_end = _disbursed_at_extension_end(plan, projects) if has_lapsed else {}
    rows = []
    for project_id, project_figures in figures.items():
        balance = project_figures.total.remaining
        if balance <= 0:
            continue
        extension = project_figures.extension
        approved = extension.approved_amount if extension_approved_by(extension, as_of) else ZERO
        late_carried = min(balance, late.get(project_id, ZERO))
        extended = min(balance - late_carried, approved)
        lapsed_on_deadline = balance - late_carried - extended if has_lapsed else ZERO
        disbursed_at_lapse = project_figures.total.disbursed
        disbursed_since = max(sum(after.get(project_id, {}).values(), ZERO) - disbursed_at_lapse, ZERO)
        lapsed_after_carry = ZERO
        extension_paid = ZERO
        ends = []
        if extended > 0:
            extension_end = min(extension.extended_until or last_day, last_day)
            ends.append(extension_end)
            if as_of > extension_end:
                paid = at_extension_end.get(project_id, disbursed_at_lapse) - disbursed_at_lapse
                extension_paid = min(extended, max(paid, ZERO))
                lapsed_after_carry += extended - extension_paid
            else:
                extension_paid = min(extended, disbursed_since)
        if late_carried > 0:
            ends.append(last_day)
            if as_of > last_day:
                late_paid = min(late_carried, max(disbursed_since - extension_paid, ZERO))
                lapsed_after_carry += late_carried - late_paid
        rows.append(
            LapseRow(
                project=project_figures.project,
                money=project_figures.total,
                balance=balance,
                late_capital=late_carried,
                extended=extended,
                lapsed_on_deadline=lapsed_on_deadline,
                lapsed_after_carry=lapsed_after_carry,
                carried_disbursed=min(disbursed_since, late_carried + extended),
                carried_until=max(ends) if ends else None,
                extension=extension,
            )
        )
    rows.sort(key=lambda row: (-row.lapsed, -row.balance, row.project.code))
    return LapseSummary(
        balance=sum((row.balance for row in rows), ZERO),
        extended=sum((row.extended for row in rows), ZERO),
        late_capital=sum((row.late_capital for row in rows), ZERO),
        lapsed=sum((row.lapsed for row in rows), ZERO),
        projects_extended=sum(1 for row in rows if row.extended > 0),
        rows=rows,
        lapsed_after_carry=sum((row.lapsed_after_carry for row in rows), ZERO),
        has_lapsed=has_lapsed,
    )
