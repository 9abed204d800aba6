"""Every figure the dashboard, the unit scorecards and the implementation report show, computed in
one place so that the same question gets the same number wherever it is asked.

Each function takes what the caller has already scoped — a queryset of the tasks or targets a user
may see, narrowed to a unit's subtree or to a document (`scoped_tasks`, `scoped_targets`) — and a
day (`as_of`). Statuses come from the apps that own them: a task's from `Task.objects.as_of` (in
SQL), a target's from `targets.selectors.evaluated`. Each function runs a fixed number of queries
however large the province is; the query-count tests hold them to it.

Every count carries the address of the list behind it, built by `ListFilters` from the same
filters, so a click shows exactly the tasks or targets counted.

The rules, in words:

- A unit's tasks are the tasks it (with its subtree: it or a unit below it) LEADS, as in the task
  rates (`tasks.rates`). Cancelled tasks are counted in `by_status` but not in `total`.
- completion rate = completed ÷ (completed + overdue); on-time rate = completed on time ÷
  (completed + overdue); None when nothing has fallen due (see `tasks.rates.UnitRates`).
- Obstacles by category count the TASKS blocked: tasks not completed nor cancelled on `as_of`
  that have at least one obstacle of the category in a progress report dated on or before `as_of`.
- Late reporters: for each periodicity, the last period CLOSED by `as_of` — its last day plus the
  lock days (RESOLUTE_LOCK_DAYS_AFTER_DEADLINE, 15 by default) is before `as_of` — and the units that
  owe an indicator for it (a target of the unit, or a breakdown share of a target, covering that
  year) and have no submitted or approved figure for it entered on or before `as_of`. The reporting
  regime (report obligations, submissions) does not exist yet; owed indicator values stand in for it.
- Reporting timeliness: of the values a unit owed for the periods closed in the twelve months up to
  `as_of`, the share with a submitted or approved figure entered (`created_at`) by the period's
  deadline (its last day plus the lock days).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from resolute.core.models import ChangeLogEntry
from resolute.core.periods import Period, PeriodType
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.targets.models import DataValue, Indicator, Target, TargetBreakdown, ValueState
from resolute.targets.selectors import EvaluatedTarget, evaluated, share_as_target, targets_for_list
from resolute.targets.status import Evaluation, TargetStatus
from resolute.tasks.models import Obstacle, ObstacleCategory, ProgressReport, Task, TaskArea
from resolute.tasks.rates import UnitRates
from resolute.tasks.status import COMPLETED, OverdueAge, TaskStatus

# -- the filters every link carries ----------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    """How the figures were scoped (a unit, with or without its subtree, a document), written as
    the query strings of the task list, the target list and the obstacle list."""

    unit: OrgUnit | None = None
    include_subtree: bool = True
    document: object | None = None

    def task_list_url(self, as_of: date, **extra) -> str:
        """The task list showing the tasks these filters keep, as they stood on `as_of`, narrowed
        further by `extra` (status, overdue_age, area, unit...)."""
        query = {"as_of": as_of.isoformat()}
        if self.unit is not None:
            query.update({"unit": str(self.unit.pk), "role": "lead"})
            if self.include_subtree:
                query["include_below"] = "1"
        if self.document is not None:
            query["source_document"] = str(self.document.pk)
        query.update({name: str(value) for name, value in extra.items()})
        return f"{reverse('tasks:list')}?{urlencode(query)}"

    def target_list_url(self, as_of: date, **extra) -> str:
        """The target list with the targets these filters keep. The list always includes the units
        below the chosen unit."""
        query = {"as_of": as_of.isoformat()}
        if self.unit is not None:
            query["unit"] = str(self.unit.pk)
        if self.document is not None:
            query["document"] = str(self.document.pk)
        query.update({name: str(value) for name, value in extra.items()})
        return f"{reverse('targets:list')}?{urlencode(query)}"

    def obstacle_list_url(self, as_of: date, category: str) -> str:
        """The tasks blocked by an obstacle of `category` (the task list has no obstacle filter)."""
        query = {"as_of": as_of.isoformat(), "category": category}
        if self.unit is not None:
            query["unit"] = str(self.unit.pk)
            if not self.include_subtree:
                query["alone"] = "1"
        if self.document is not None:
            query["document"] = str(self.document.pk)
        return f"{reverse('reports:obstacle_tasks')}?{urlencode(query)}"


# -- scoping ---------------------------------------------------------------------------------------


def scoped_tasks(user, unit=None, *, include_subtree: bool = True, document=None) -> QuerySet:
    """The tasks `user` may see that `unit` leads (with its subtree, or alone), that came from
    `document` when one is given. Not yet judged on a day: the figures apply `as_of` themselves."""
    tasks = Task.objects.visible_to(user)
    if unit is not None:
        tasks = tasks.filter(
            subtree_q(unit.path, field="lead_unit__path") if include_subtree else Q(lead_unit=unit)
        )
    if document is not None:
        tasks = tasks.filter(source_document=document)
    return tasks.order_by()


def scoped_targets(user, unit=None, *, include_subtree: bool = True, document=None) -> QuerySet:
    """The targets `user` may see set for `unit` (with its subtree, or alone), of `document` when
    one is given, with what a row of the target list shows, in list order."""
    targets = targets_for_list(user)
    if unit is not None:
        targets = targets.filter(
            subtree_q(unit.path, field="unit__path") if include_subtree else Q(unit=unit)
        )
    if document is not None:
        targets = targets.filter(document=document)
    return targets


def contributed_targets(user, unit) -> QuerySet:
    """The targets `unit` contributes to: set for it, or with a share of their breakdown for it."""
    shares = TargetBreakdown.objects.filter(unit=unit).values("target_id")
    return targets_for_list(user).filter(Q(unit=unit) | Q(pk__in=shares))


# -- targets ---------------------------------------------------------------------------------------


@dataclass
class TargetFigures:
    """The targets with their status on a day, and how many have each status."""

    rows: list[EvaluatedTarget]
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return len(self.rows)

    def with_status(self, status: str) -> list[EvaluatedTarget]:
        return [row for row in self.rows if row.evaluation.status == status]


def target_figures(targets, as_of: date) -> TargetFigures:
    """Evaluate `targets` on `as_of` (the values are read once for all: a fixed number of queries)."""
    rows = evaluated(targets, as_of)
    by_status = dict.fromkeys(TargetStatus.values, 0)
    for row in rows:
        by_status[row.evaluation.status] += 1
    return TargetFigures(rows=rows, by_status=by_status)


@dataclass
class Contribution:
    """A target a unit contributes to: its own (`share` None) or a share of a target's breakdown,
    judged for the unit (its share against its own figures)."""

    target: Target
    unit: OrgUnit
    share: Decimal | None
    evaluation: Evaluation


def contributions(user, unit, as_of: date, *, include_subtree: bool = False) -> list[Contribution]:
    """The targets `unit` (with its subtree when asked) contributes to, that `user` may see, each
    with its status on `as_of`: its own targets, then its shares of breakdowns. A fixed number of
    queries (the targets, their curves, the shares, then the values read once for all)."""
    in_scope = subtree_q(unit.path, field="unit__path") if include_subtree else Q(unit=unit)
    own = list(targets_for_list(user).filter(in_scope))
    shares = list(
        TargetBreakdown.objects.filter(in_scope, target__in=Target.objects.visible_to(user))
        .select_related(
            "unit",
            "target__document",
            "target__unit",
            "target__reference_unit",
            "target__clause",
            "target__indicator__weight",
            "target__indicator__numerator",
            "target__indicator__denominator",
        )
        .order_by("unit__path", "target__indicator__code", "target_id")
    )
    judged = evaluated([*own, *(share_as_target(share.target, share) for share in shares)], as_of)
    rows = [
        Contribution(target=row.target, unit=row.target.unit, share=None, evaluation=row.evaluation)
        for row in judged[: len(own)]
    ]
    rows += [
        Contribution(target=share.target, unit=share.unit, share=share.value, evaluation=row.evaluation)
        for share, row in zip(shares, judged[len(own) :], strict=True)
    ]
    return rows


# -- tasks -----------------------------------------------------------------------------------------


@dataclass
class TaskFigures:
    """The tasks counted by their status and overdue age on `as_of`. `total` leaves cancelled
    tasks out; `rates` gives the completion and on-time rates with their formulas."""

    as_of: date
    by_status: dict[str, int]
    by_overdue_age: dict[str, int]
    total: int

    @property
    def rates(self) -> UnitRates:
        return UnitRates.from_status_counts(self.as_of, self.by_status)

    @property
    def completed(self) -> int:
        return self.rates.completed

    @property
    def overdue(self) -> int:
        return self.by_status[TaskStatus.OVERDUE]

    @property
    def fallen_due(self) -> int:
        return self.rates.fallen_due

    @property
    def completion_rate(self) -> float | None:
        return self.rates.completion_rate

    @property
    def on_time_rate(self) -> float | None:
        return self.rates.on_time_rate

    @property
    def without_deadline(self) -> int:
        return self.by_status[TaskStatus.NO_DEADLINE] + self.by_status[TaskStatus.NO_DEADLINE_SILENT]


def task_figures(tasks, as_of: date) -> TaskFigures:
    """Count `tasks` by status and overdue age on `as_of`: one query grouped by both, so the
    database judges each task once."""
    groups = tasks.as_of(as_of).order_by().values("status", "overdue_age").annotate(tasks=Count("pk"))
    by_status = dict.fromkeys(TaskStatus.values, 0)
    by_overdue_age = dict.fromkeys(OverdueAge.values, 0)
    for group in groups:
        by_status[group["status"]] += group["tasks"]
        if group["overdue_age"]:
            by_overdue_age[group["overdue_age"]] += group["tasks"]
    total = sum(count for status, count in by_status.items() if status != TaskStatus.CANCELLED)
    return TaskFigures(as_of=as_of, by_status=by_status, by_overdue_age=by_overdue_age, total=total)


@dataclass
class UnitCount:
    """A unit and a number of its tasks, with the list showing them."""

    unit: OrgUnit
    count: int
    url: str


def overdue_by_lead_unit(
    tasks, as_of: date, limit: int | None = None, *, filters: ListFilters | None = None
) -> list[UnitCount]:
    """The lead units of the overdue tasks among `tasks` on `as_of`, most overdue first (then in
    tree order); each links to the task list of the overdue tasks it leads itself. One query."""
    filters = filters or ListFilters()
    overdue = tasks.as_of(as_of).filter(status=TaskStatus.OVERDUE).values("pk")
    # Filtering on the relation before counting it counts only the overdue tasks.
    units = (
        OrgUnit.objects.filter(led_tasks__pk__in=overdue)
        .annotate(overdue=Count("led_tasks"))
        .order_by("-overdue", "path")
    )
    if limit is not None:
        units = units[:limit]
    return [
        UnitCount(
            unit=unit,
            count=unit.overdue,
            url=ListFilters(unit=unit, include_subtree=False, document=filters.document).task_list_url(
                as_of, status=TaskStatus.OVERDUE
            ),
        )
        for unit in units
    ]


@dataclass
class CategoryCount:
    """An obstacle category and how many open tasks it blocks."""

    category: str
    label: str
    count: int
    url: str


def blocked_tasks(tasks, as_of: date, category: str | None = None) -> QuerySet:
    """The tasks among `tasks` not completed nor cancelled on `as_of` with an obstacle (of
    `category`, when given) reported on or before `as_of`, annotated as of that day."""
    obstacles = Obstacle.objects.filter(report__reported_on__lte=as_of)
    if category is not None:
        obstacles = obstacles.filter(category=category)
    return (
        tasks.as_of(as_of)
        .exclude(status__in=[*COMPLETED, TaskStatus.CANCELLED])
        .filter(pk__in=obstacles.values("report__task_id"))
    )


def obstacles_by_category(tasks, as_of: date, *, filters: ListFilters | None = None) -> list[CategoryCount]:
    """For each obstacle category, the number of tasks it blocks on `as_of` (see `blocked_tasks`),
    most first; categories blocking nothing are left out. One query."""
    filters = filters or ListFilters()
    open_tasks = tasks.as_of(as_of).exclude(status__in=[*COMPLETED, TaskStatus.CANCELLED]).values("pk")
    groups = (
        Obstacle.objects.filter(report__reported_on__lte=as_of, report__task_id__in=open_tasks)
        .order_by()
        .values("category")
        .annotate(tasks=Count("report__task_id", distinct=True))
    )
    labels = dict(ObstacleCategory.choices)
    rows = [
        CategoryCount(
            category=group["category"],
            label=str(labels.get(group["category"], group["category"])),
            count=group["tasks"],
            url=filters.obstacle_list_url(as_of, group["category"]),
        )
        for group in groups
    ]
    rows.sort(key=lambda row: (-row.count, row.label))
    return rows


@dataclass
class AreaCounts:
    """The tasks of one area: how many, how many completed and how many overdue on `as_of`."""

    area: str
    label: str
    total: int
    completed: int
    overdue: int
    url: str = ""
    overdue_url: str = ""


def tasks_by_area(tasks, as_of: date, *, filters: ListFilters | None = None) -> list[AreaCounts]:
    """The tasks by area in the order of the areas, cancelled tasks left out; one query grouped by
    area and status. Areas without tasks are left out."""
    filters = filters or ListFilters()
    groups = tasks.as_of(as_of).order_by().values("area", "status").annotate(tasks=Count("pk"))
    counts: dict[str, dict[str, int]] = {}
    for group in groups:
        if group["status"] == TaskStatus.CANCELLED:
            continue
        counts.setdefault(group["area"], {})[group["status"]] = group["tasks"]
    rows = []
    for area, label in TaskArea.choices:
        by_status = counts.get(area)
        if not by_status:
            continue
        rows.append(
            AreaCounts(
                area=area,
                label=str(label),
                total=sum(by_status.values()),
                completed=sum(by_status.get(status, 0) for status in COMPLETED),
                overdue=by_status.get(TaskStatus.OVERDUE, 0),
                url=filters.task_list_url(as_of, area=area),
                overdue_url=filters.task_list_url(as_of, area=area, status=TaskStatus.OVERDUE),
            )
        )
    return rows


# -- reporting -------------------------------------------------------------------------------------


def lock_days() -> int:
    """Days after a period's last day until its figures are due (the period locks then)."""
    from resolute.targets.actions import lock_days as days_until_locked

    return days_until_locked()


def period_deadline(period: Period) -> date:
    """The last day a period's figures are on time: its last day plus the lock days."""
    return period.last_day + timedelta(days=lock_days())


def last_closed_period(periodicity: str, as_of: date) -> Period:
    """The latest period of `periodicity` whose deadline (`period_deadline`) is before `as_of`."""
    period = Period.containing(as_of, periodicity)
    while period_deadline(period) >= as_of:
        period = period.previous()
    return period


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


@dataclass(frozen=True)
class OwedValue:
    unit_id: int
    indicator_id: int
    period: Period


def owed_values(unit, periods_by_type: dict[str, list[Period]], *, include_subtree: bool = True):
    """The (unit, indicator, period) figures owed by `unit` (with its subtree) for the given periods
    of each periodicity: an indicator of a target set for the unit or with a breakdown share for it,
    whose years (its year to its deadline's year) cover the period's year. Two queries."""
    in_scope = subtree_q(unit.path, field="unit__path") if include_subtree else Q(unit=unit)
    periodicities = list(periods_by_type)
    own = Target.objects.filter(in_scope, indicator__periodicity__in=periodicities).values_list(
        "unit_id", "indicator_id", "indicator__periodicity", "year", "deadline"
    )
    shares = TargetBreakdown.objects.filter(
        in_scope, target__indicator__periodicity__in=periodicities
    ).values_list(
        "unit_id",
        "target__indicator_id",
        "target__indicator__periodicity",
        "target__year",
        "target__deadline",
    )
    owed: set[OwedValue] = set()
    for unit_id, indicator_id, periodicity, year, deadline in [*own, *shares]:
        for period in periods_by_type.get(periodicity, []):
            if year <= period.year <= deadline.year:
                owed.add(OwedValue(unit_id, indicator_id, period))
    return owed


def _submitted_rows(owed: set[OwedValue], as_of: date):
    """(unit, indicator, period code, entered at) of the submitted or approved figures of the owed
    cells, entered on or before `as_of`. One query."""
    if not owed:
        return []
    unit_ids = {item.unit_id for item in owed}
    indicator_ids = {item.indicator_id for item in owed}
    codes = {item.period.code for item in owed}
    return DataValue.objects.filter(
        unit_id__in=unit_ids,
        indicator_id__in=indicator_ids,
        period__in=codes,
        state__in=[ValueState.SUBMITTED, ValueState.APPROVED],
        created_at__lte=_end_of(as_of),
    ).values_list("unit_id", "indicator_id", "period", "created_at")


@dataclass
class LateReporter:
    """A unit that has not submitted the figures it owes for a closed period."""

    unit: OrgUnit
    period: Period
    deadline: date
    missing: list[Indicator] = field(default_factory=list)
    url: str = ""

    @property
    def count(self) -> int:
        return len(self.missing)


def late_reporters(user, unit, as_of: date) -> list[LateReporter]:
    """The units in `unit`'s subtree that `user` may see and that owe figures for the last period
    closed by `as_of` (one per periodicity) without a submitted or approved figure entered by then;
    most missing first. A fixed number of queries (five)."""
    from resolute.orgunits.scope import scope_for

    periods = {periodicity: [last_closed_period(periodicity, as_of)] for periodicity in PeriodType.values}
    owed = owed_values(unit, periods)
    submitted = {(u, i, code) for u, i, code, _at in _submitted_rows(owed, as_of)}
    missing: dict[tuple[int, Period], list[int]] = {}
    for item in owed:
        if (item.unit_id, item.indicator_id, item.period.code) not in submitted:
            missing.setdefault((item.unit_id, item.period), []).append(item.indicator_id)
    if not missing:
        return []
    scope = scope_for(user)
    units = {
        found.pk: found
        for found in OrgUnit.objects.filter(pk__in={unit_id for unit_id, _period in missing})
        if scope.can_see_unit(found)
    }
    indicators = Indicator.objects.in_bulk({pk for ids in missing.values() for pk in ids})
    rows = []
    for (unit_id, period), indicator_ids in missing.items():
        if unit_id not in units:
            continue
        query = urlencode({"unit": str(unit_id), "period": period.code})
        rows.append(
            LateReporter(
                unit=units[unit_id],
                period=period,
                deadline=period_deadline(period),
                missing=sorted((indicators[pk] for pk in indicator_ids), key=lambda i: i.code),
                url=f"{reverse('targets:entry')}?{query}",
            )
        )
    rows.sort(key=lambda row: (-row.count, row.unit.path, row.period.code))
    return rows


@dataclass
class Timeliness:
    """Of the figures a unit owed for the periods closed in the year to `as_of`, how many were
    submitted (or approved) by their deadline."""

    owed: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.owed if self.owed else None


def periods_closed_in_year(as_of: date) -> dict[str, list[Period]]:
    """For each periodicity, the periods whose deadline fell in the twelve months up to `as_of`."""
    since = as_of - timedelta(days=365)
    periods: dict[str, list[Period]] = {}
    for periodicity in PeriodType.values:
        period = last_closed_period(periodicity, as_of)
        found = []
        while period_deadline(period) >= since:
            found.append(period)
            period = period.previous()
        periods[periodicity] = found
    return periods


def reporting_timeliness(unit, as_of: date, *, include_subtree: bool = False) -> Timeliness:
    """How on time `unit` (with its subtree when asked) reported the figures it owed for the
    periods closed in the twelve months up to `as_of`. Three queries."""
    owed = owed_values(unit, periods_closed_in_year(as_of), include_subtree=include_subtree)
    first_entered: dict[tuple, datetime] = {}
    for unit_id, indicator_id, code, created_at in _submitted_rows(owed, as_of):
        key = (unit_id, indicator_id, code)
        if key not in first_entered or created_at < first_entered[key]:
            first_entered[key] = created_at
    on_time = late = 0
    for item in owed:
        entered = first_entered.get((item.unit_id, item.indicator_id, item.period.code))
        if entered is None:
            continue
        if entered <= _end_of(period_deadline(item.period)):
            on_time += 1
        else:
            late += 1
    return Timeliness(owed=len(owed), on_time=on_time, late=late, missing=len(owed) - on_time - late)


# -- the trend -------------------------------------------------------------------------------------


def month_ends(as_of: date, months: int = 12) -> list[date]:
    """The last days of the `months` months up to `as_of`, oldest first; the last is `as_of` itself
    when the month has not ended."""
    ends = []
    day = as_of
    for _ in range(months):
        ends.append(day)
        day = day.replace(day=1) - timedelta(days=1)
    return list(reversed(ends))


@dataclass
class MonthFigures:
    """The tasks completed and overdue as of one month end."""

    month_end: date
    completed: int
    overdue: int
    url_completed: str = ""
    url_overdue: str = ""


def monthly_trend(tasks, as_of: date, months: int = 12, *, filters=None) -> list[MonthFigures]:
    """For each of the `months` months up to `as_of`, the tasks completed and overdue as of its
    last day. One grouped query per month, sent as one statement (UNION ALL)."""
    filters = filters or ListFilters()
    ends = month_ends(as_of, months)
    from django.db.models import DateField, Value

    queries = [
        tasks.as_of(end)
        .order_by()
        .annotate(month_end=Value(end, output_field=DateField()))
        .values("month_end", "status")
        .annotate(tasks=Count("pk"))
        .values_list("month_end", "status", "tasks")
        for end in ends
    ]
    counts: dict[date, dict[str, int]] = {end: {} for end in ends}
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for month_end, status, number in union:
        if isinstance(month_end, str):
            month_end = date.fromisoformat(month_end)
        counts[month_end][status] = counts[month_end].get(status, 0) + number
    rows = []
    for end in ends:
        by_status = counts[end]
        rows.append(
            MonthFigures(
                month_end=end,
                completed=sum(by_status.get(status, 0) for status in COMPLETED),
                overdue=by_status.get(TaskStatus.OVERDUE, 0),
                url_overdue=filters.task_list_url(end, status=TaskStatus.OVERDUE),
            )
        )
    return rows


# -- recent activity -------------------------------------------------------------------------------


@dataclass
class Activity:
    """One recorded change to a task, a progress report or a target in scope."""

    at: datetime
    actor: object
    action: str
    kind: str
    record: str
    note: str
    url: str


def _as_keys(queryset) -> QuerySet:
    # The change log keeps record ids as text.
    return queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")


def recent_activity(user, unit, limit: int = 15, *, as_of: date | None = None) -> list[Activity]:
    """The latest changes, up to the end of `as_of` (now when None), to the tasks `unit`'s subtree
    leads, their progress reports and the targets of its subtree, that `user` may see, newest
    first. Two queries (the entries, then the tasks of the reports among them)."""
    tasks = scoped_tasks(user, unit)
    targets = Target.objects.visible_to(user)
    if unit is not None:
        targets = targets.filter(subtree_q(unit.path, field="unit__path"))
    reports = ProgressReport.objects.filter(task__in=tasks.values("pk"))
    entries = (
        ChangeLogEntry.objects.filter(
            (
                Q(content_type__app_label="tasks", content_type__model="task")
                & Q(object_id__in=_as_keys(tasks))
            )
            | (
                Q(content_type__app_label="tasks", content_type__model="progressreport")
                & Q(object_id__in=_as_keys(reports))
            )
            | (
                Q(content_type__app_label="targets", content_type__model="target")
                & Q(object_id__in=_as_keys(targets))
            )
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )
    if as_of is not None:
        entries = entries.filter(at__lte=_end_of(as_of))
    entries = list(entries[:limit])
    report_ids = [int(entry.object_id) for entry in entries if entry.content_type.model == "progressreport"]
    task_of_report = (
        dict(ProgressReport.objects.filter(pk__in=report_ids).values_list("pk", "task_id"))
        if report_ids
        else {}
    )
    rows = []
    for entry in entries:
        model = entry.content_type.model
        if model == "target":
            url = reverse("targets:target_detail", args=[int(entry.object_id)])
        elif model == "progressreport":
            task_id = task_of_report.get(int(entry.object_id))
            url = reverse("tasks:detail", args=[task_id]) if task_id else ""
        else:
            url = reverse("tasks:detail", args=[int(entry.object_id)])
        rows.append(
            Activity(
                at=entry.at,
                actor=entry.actor,
                action=entry.get_action_display(),
                kind=str(entry.content_type.model_class()._meta.verbose_name),
                record=entry.object_repr,
                note=entry.note,
                url=url,
            )
        )
    return rows
