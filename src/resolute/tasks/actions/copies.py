"""What is kept beside the tasks so that national-scale lists and counts need not read every task:
the copies of a task's lead unit and status columns on its coordinations, and the status tally of
each lead unit (`tally`).

Every action that creates a task, changes its lead unit, its coordinating units or a status column
calls `keep_copies` for it inside its transaction (through `_bump_and_log`, `report_progress`, the
hand-overs of a reorganisation and `refresh_status_columns`). Code that writes tasks in bulk without
the actions (the synthetic country, a restore) calls `refresh_copies` afterwards. `check_copies`
compares both with the tasks every night (`status_columns.check_status_columns`) and repairs.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from resolute.core import clock
from resolute.core.actions.bulk import chunks
from resolute.orgunits.models import OrgUnit

from ..models import COPIED_TASK_COLUMNS, NO_DAY, TALLY_KEY, Task, TaskCoordination, TaskStatusTally
from ..tally import EVERY_UNIT, country_keys, judged_tally, tallied

logger = logging.getLogger(__name__)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def copy_to_coordinations(tasks=None) -> int:
    """Copy the lead unit and status columns of `tasks` (a query-set; default every task) onto their
    coordinations; returns how many coordinations were written. One UPDATE … FROM, which both
    PostgreSQL and SQLite (3.33+) understand."""
    coordination, task = TaskCoordination._meta.db_table, Task._meta.db_table
    assignments = ", ".join(
        f"{_column(TaskCoordination, name)} = {connection.ops.quote_name(task)}.{_column(Task, name)}"
        for name in COPIED_TASK_COLUMNS
    )
    sql = (
        f"UPDATE {connection.ops.quote_name(coordination)} SET {assignments} "
        f"FROM {connection.ops.quote_name(task)} "
        f"WHERE {connection.ops.quote_name(task)}.id = {connection.ops.quote_name(coordination)}.task_id"
    )
    params: tuple = ()
    if tasks is not None:
        subquery, params = tasks.order_by().values("pk").query.sql_with_params()
        sql += f" AND {connection.ops.quote_name(coordination)}.task_id IN ({subquery})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert_tally(tasks, today) -> int:
    """INSERT … SELECT the tally rows of `tasks`, per lead unit."""
    grouped, params = tallied(tasks, today).query.sql_with_params()
    keys = ["lead_unit", *TALLY_KEY]
    names = ", ".join(_column(TaskStatusTally, name) for name in (*keys, "tasks"))
    selected = ", ".join(
        connection.ops.quote_name(name) for name in (*[f"tally_{key}" for key in keys], "tasks")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(TaskStatusTally._meta.db_table)} ({names}) "
            f"SELECT {selected} FROM ({grouped}) grouped",
            params,
        )
        return cursor.rowcount


def _country_keys(rows) -> dict[tuple, int]:
    """{key of the country's rows: tasks} of units' tally rows (`tally.country_keys`)."""
    counted: dict[tuple, int] = {}
    for row in rows.order_by().values(*TALLY_KEY).annotate(tasks=Sum("tasks")):
        for key in country_keys(tuple(row[name] for name in TALLY_KEY)):
            counted[key] = counted.get(key, 0) + row["tasks"]
    return counted


def _add_to_country(differences: dict[tuple, int]) -> None:
    """Add each key's difference to the country's row of that key (created at need), in the keys'
    order so that two actions never wait on each other's rows crosswise; drop rows left empty."""
    table = connection.ops.quote_name(TaskStatusTally._meta.db_table)
    keys = ", ".join(_column(TaskStatusTally, name) for name in TALLY_KEY)
    tasks = _column(TaskStatusTally, "tasks")
    marks = ", ".join(["%s"] * (len(TALLY_KEY) + 1))
    sql = (
        f"INSERT INTO {table} ({keys}, {tasks}) VALUES ({marks}) "
        f"ON CONFLICT ({keys}) WHERE {_column(TaskStatusTally, 'lead_unit')} IS NULL "
        f"DO UPDATE SET {tasks} = {table}.{tasks} + excluded.{tasks}"
    )
    changed = sorted((key, number) for key, number in differences.items() if number)
    with connection.cursor() as cursor:
        for key, number in changed:
            cursor.execute(sql, [*key, number])
    for key, number in changed:
        if number < 0:
            TaskStatusTally.objects.filter(
                lead_unit__isnull=True, tasks=0, **dict(zip(TALLY_KEY, key, strict=True))
            ).delete()


@transaction.atomic
def recount_tally(lead_units: Iterable[int] | None = None) -> None:
    """Rewrite the tally rows of `lead_units` (ids; default every unit, and the country's rows) from
    the tasks they lead, counted today, and add what changed to the country's rows. The units' rows
    are locked first, so two actions on tasks of one unit recount it one after the other, each
    seeing the other's tasks."""
    today = clock.today()
    if lead_units is None:
        TaskStatusTally.objects.all().delete()
        _insert_tally(Task.objects.all(), today)
        recount_country()
        return
    lead_units = sorted(set(lead_units))
    for chunk in chunks(lead_units):
        list(
            OrgUnit.objects.select_for_update(no_key=True)
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk")
        )
        rows = TaskStatusTally.objects.filter(lead_unit__in=chunk)
        before = _country_keys(rows)
        rows.delete()
        _insert_tally(Task.objects.filter(lead_unit__in=chunk), today)
        after = _country_keys(rows)
        _add_to_country({key: after.get(key, 0) - before.get(key, 0) for key in before.keys() | after.keys()})


@transaction.atomic
def recount_country() -> None:
    """Rewrite the country's tally rows from the units' rows."""
    TaskStatusTally.objects.filter(lead_unit__isnull=True).delete()
    counted = _country_keys(TaskStatusTally.objects.filter(lead_unit__isnull=False))
    TaskStatusTally.objects.bulk_create(
        [
            TaskStatusTally(tasks=tasks, **dict(zip(TALLY_KEY, key, strict=True)))
            for key, tasks in counted.items()
        ],
        batch_size=1000,
    )


@transaction.atomic
def keep_copies(task_ids: Iterable[int], *, former_lead_units: Iterable[int] = ()) -> None:
    """After an action changed the tasks `task_ids`: copy their columns onto their coordinations and
    recount the tally of their lead units, and of the units that led them before (`former_lead_units`)."""
    task_ids = sorted(set(task_ids))
    if not task_ids:
        return
    lead_units = set(former_lead_units)
    for chunk in chunks(task_ids):
        tasks = Task.objects.filter(pk__in=chunk)
        copy_to_coordinations(tasks)
        lead_units.update(tasks.values_list("lead_unit", flat=True))
    recount_tally(lead_units)


@transaction.atomic
def refresh_copies() -> None:
    """Rewrite every coordination's copies and the whole tally from the tasks."""
    copy_to_coordinations()
    recount_tally()


# -- the nightly check ----------------------------------------------------------------------------


def _same(left, right) -> Q:
    def dated(expression):
        return Coalesce(expression, Value(NO_DAY, output_field=DateField()))

    return Q(Exact(dated(left), dated(right)))


def differing_coordinations():
    """The coordinations whose copies are not their task's columns."""
    agreeing = Q(lead_unit=F("task__lead_unit"))
    for name in COPIED_TASK_COLUMNS[1:]:
        agreeing &= _same(F(name), F(f"task__{name}"))
    return TaskCoordination.objects.exclude(agreeing)


def differing_tally_units() -> set[int | None]:
    """The lead units whose tally does not give today the counts by status and overdue age that
    their tasks give, and None when the country's rows do not give the counts of every task (four
    grouped queries, over the tasks and over the tally)."""
    today = clock.today()
    fields = ("lead_unit", "status", "overdue_age")

    def counted(rows, total):
        return {
            tuple(row[name] for name in fields): row["tasks"]
            for row in rows.annotate(tasks=total)
            if row["tasks"]
        }

    tasks = Task.objects.as_of(today).order_by()
    live = counted(tasks.values(*fields), Count("*"))
    kept = counted(judged_tally(today, EVERY_UNIT).values(*fields), Sum("tasks"))
    differing: set[int | None] = {
        key[0] for key in live.keys() | kept.keys() if live.get(key) != kept.get(key)
    }
    fields = ("status", "overdue_age")
    if counted(tasks.values(*fields), Count("*")) != counted(
        judged_tally(today).values(*fields), Sum("tasks")
    ):
        differing.add(None)
    return differing


@dataclass(frozen=True)
class CopiesCheck:
    differing_coordinations: int
    differing_units: int
    repaired: bool = False


def check_copies(*, repair: bool = False) -> CopiesCheck:
    """Compare the coordinations' copies and the tally with the tasks; log any difference as an
    error and, with `repair`, rewrite the differing copies and recount the differing units."""
    coordinations = differing_coordinations()
    coordination_count = coordinations.count()
    units = differing_tally_units()
    if not coordination_count and not units:
        return CopiesCheck(0, 0)
    logger.error(
        "%s coordination(s) hold copies that differ from their task; the tally of %s unit(s) differs "
        "from their tasks (e.g. units %s)",
        coordination_count,
        len(units),
        ", ".join(str(unit or "of the country") for unit in sorted(units, key=lambda unit: unit or 0)[:10]),
    )
    if repair:
        if coordination_count:
            copy_to_coordinations(Task.objects.filter(pk__in=coordinations.values("task")))
        if units:
            recount_tally(unit for unit in units if unit is not None)
            # Recounting a unit adds its difference to the country's rows, which is right only if its
            # rows were right before: the country's rows are added up again from the units'.
            recount_country()
    return CopiesCheck(coordination_count, len(units), repaired=repair)
