"""Counting tasks by status from what is kept beside them, without reading the tasks.

- `TaskStatusTally` rows (how many tasks a unit leads, by what their status depends on) give the
  counts of every task, or of the tasks a set of units leads, on any day from the day they were
  counted on — today's counts of the whole country read thousands of rows instead of a million tasks.
- The copies of the task's columns on each `TaskCoordination` give the counts of what a set of units
  coordinates (without leading it, or at all) from that table's index alone.

Both read today's state: the actions keep them current (`actions.copies`), and the nightly check
compares them with the tasks. `tally_expressions` says how a task is tallied; the same expressions
recount the rows and check them.
"""

from datetime import date

from django.db.models import BooleanField, Case, CharField, Count, DateField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import NO_DAY, TALLY_KEY, TallyKind, TaskCoordination, TaskStatusTally
from .querysets import StatusRules
from .rates import StatusCounts
from .status import OverdueAge, TaskStatus, lateness_counts_against_original, overdue_bounds, silent_since


def _day(value) -> Value:
    return Value(value, output_field=DateField())


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def tally_expressions(today: date) -> dict:
    """The key of a task's tally row, as expressions over the task's columns, counted on `today`: the
    same tests, in the same order, as `StatusRules.status_case` makes of the columns."""
    cancelled = Q(cancelled_on__isnull=False)
    completed = Q(cancelled_on__isnull=True, completed_on__isnull=False)
    with_deadline = Q(cancelled_on__isnull=True, completed_on__isnull=True, original_deadline__isnull=False)
    without_deadline = Q(cancelled_on__isnull=True, completed_on__isnull=True, original_deadline__isnull=True)
    return {
        "kind": Case(
            When(cancelled, then=Value(TallyKind.CANCELLED)),
            When(completed, then=Value(TallyKind.COMPLETED)),
            When(with_deadline, then=Value(TallyKind.WITH_DEADLINE)),
            default=Value(TallyKind.WITHOUT_DEADLINE),
            output_field=CharField(),
        ),
        "day": Case(
            When(with_deadline, then=Coalesce(F("deadline"), _day(NO_DAY))),
            # The last sign of life: the last report, else the assignment (`StatusRules.silent`).
            When(without_deadline, then=Coalesce(F("last_reported_on"), F("assigned_on"))),
            default=_day(NO_DAY),
            output_field=DateField(),
        ),
        "original_day": Case(
            When(with_deadline, then=F("original_deadline")), default=_day(NO_DAY), output_field=DateField()
        ),
        "late": _flag(completed & Q(deadline__isnull=False, completed_on__gt=F("deadline"))),
        "late_against_original": _flag(
            completed & Q(original_deadline__isnull=False, completed_on__gt=F("original_deadline"))
        ),
        # Counted from today on, a task assigned later is counted from its assignment.
        "counted_from": Case(
            When(assigned_on__gt=today, then=F("assigned_on")), default=_day(NO_DAY), output_field=DateField()
        ),
    }


def tallied(tasks, today: date):
    """The tally rows of `tasks` counted on `today`, per lead unit: {"tally_" + key field: value,
    "tasks": count} per row."""
    names = ["lead_unit", *TALLY_KEY]
    return (
        tasks.order_by()
        .annotate(
            tally_lead_unit=F("lead_unit"),
            **{f"tally_{name}": expression for name, expression in tally_expressions(today).items()},
        )
        .values(*[f"tally_{name}" for name in names])
        .annotate(tasks=Count("*"))
    )


def country_keys(key: tuple) -> list[tuple]:
    """The keys (`TALLY_KEY`) of the country's rows a unit's row of `key` counts in: an open task with
    a deadline twice, once by each deadline (see `TallyKind.BY_ORIGINAL_DEADLINE`)."""
    kind, day, original_day, *rest = key
    if kind != TallyKind.WITH_DEADLINE:
        return [key]
    return [
        (TallyKind.WITH_DEADLINE, day, NO_DAY, *rest),
        (TallyKind.BY_ORIGINAL_DEADLINE, NO_DAY, original_day, *rest),
    ]


def _tally_status(day: date) -> tuple[Case, Case]:
    """The status and the overdue age on `day` of the tasks of a tally row."""
    original = lateness_counts_against_original()
    judged = "original_day" if original else "day"
    late = "late_against_original" if original else "late"
    up_to_30, up_to_120 = overdue_bounds(day)
    kind = TallyKind
    status = Case(
        When(kind=kind.CANCELLED, then=Value(TaskStatus.CANCELLED)),
        When(Q(kind=kind.COMPLETED, **{late: True}), then=Value(TaskStatus.COMPLETED_LATE)),
        When(kind=kind.COMPLETED, then=Value(TaskStatus.COMPLETED_ON_TIME)),
        When(
            kind=kind.WITHOUT_DEADLINE, day__lt=silent_since(day), then=Value(TaskStatus.NO_DEADLINE_SILENT)
        ),
        When(kind=kind.WITHOUT_DEADLINE, then=Value(TaskStatus.NO_DEADLINE)),
        When(**{f"{judged}__gte": day}, then=Value(TaskStatus.IN_PROGRESS)),
        default=Value(TaskStatus.OVERDUE),
        output_field=CharField(),
    )
    age = Case(
        When(~Q(kind__in=[kind.WITH_DEADLINE, kind.BY_ORIGINAL_DEADLINE]), then=Value(None)),
        When(**{f"{judged}__gte": day}, then=Value(None)),
        When(**{f"{judged}__gte": up_to_30}, then=Value(OverdueAge.UP_TO_30)),
        When(**{f"{judged}__gte": up_to_120}, then=Value(OverdueAge.UP_TO_120)),
        default=Value(OverdueAge.OVER_120),
        output_field=CharField(null=True),
    )
    return status, age


def _counts(rows) -> StatusCounts:
    counts = StatusCounts()
    for row in rows:
        counts.add(row["status"], row["overdue_age"], row["tasks"])
    return counts


EVERY_UNIT = "every unit"


def judged_tally(day: date, lead_units=None):
    """The tally rows of `lead_units` (ids; default the country's rows, for every unit; `EVERY_UNIT`
    for the rows of each unit) that count on `day` — today or later — each annotated with the
    `status` and `overdue_age` its tasks have on that day."""
    rows = TaskStatusTally.objects.filter(counted_from__lte=day)
    if lead_units is None:
        # Each open task with a deadline by the deadline the lateness rule judges by.
        judged_otherwise = (
            TallyKind.WITH_DEADLINE if lateness_counts_against_original() else TallyKind.BY_ORIGINAL_DEADLINE
        )
        rows = rows.filter(lead_unit__isnull=True).exclude(kind=judged_otherwise)
    elif lead_units == EVERY_UNIT:
        rows = rows.filter(lead_unit__isnull=False)
    else:
        rows = rows.filter(lead_unit__in=lead_units)
    status, age = _tally_status(day)
    return rows.order_by().annotate(status=status, overdue_age=age)


def counted_from_tally(day: date, lead_units=None) -> StatusCounts:
    """The tasks led by `lead_units` (ids; default every unit) counted by status on `day` — today or
    later — from the tally, in one query over its rows."""
    return _counts(judged_tally(day, lead_units).values("status", "overdue_age").annotate(tasks=Sum("tasks")))


def counted_from_coordinations(day: date, units, *, leading_excluded: bool) -> StatusCounts:
    """The tasks that `units` (ids) coordinate — with `leading_excluded`, only those none of them
    leads — counted by status today from the copies on the coordinations: each task once, however
    many of the units coordinate it."""
    rules = StatusRules(day, stored=True)
    rows = TaskCoordination.objects.filter(unit__in=units, assigned_on__lte=day)
    if leading_excluded:
        rows = rows.exclude(lead_unit__in=units)
    return _counts(
        rows.order_by()
        .annotate(status=rules.status_case(), overdue_age=rules.overdue_age_case())
        .values("status", "overdue_age")
        .annotate(tasks=Count("task", distinct=True))
    )
