"""The columns that say where a task stands today, rewritten from its history.

Every action that decides an extension or a completion, cancels a task or records a report keeps
`Task.deadline`, `completed_on`, `cancelled_on` and `last_reported_on` current as it goes, so today's
status is read from them (`querysets.TaskQuerySet.as_of`). Code that writes history in bulk, without
the actions — the synthetic data for measuring, a restore — calls `refresh_status_columns` afterwards.
`check_status_columns` compares the columns with the history every night (a job of `reporting.jobs`
and `resolute check_status`) and repairs through `refresh_status_columns` when asked to; it then
checks what is kept from the columns (`copies`: the coordinations' copies and the status tally).
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from resolute.core import clock

from ..models import CompletionProposal, Decision, ExtensionRequest, ProgressReport, Task
from .copies import CopiesCheck, check_copies, keep_copies, refresh_copies

logger = logging.getLogger(__name__)


def refresh_status_columns(tasks=None) -> int:
    """Rewrite the stored columns of `tasks` (default: every task) from their history; returns how
    many tasks were written. The deadline in force is the latest approved extension's (the later
    recorded on a tie), else the original, changed on the day that extension was decided; a task
    is completed on the day proposed in its latest accepted completion, decided on the day it was
    accepted; its last report is the latest day a report speaks of."""
    every_task = tasks is None
    tasks = Task.objects.all() if every_task else tasks
    # Named before the update: a query-set of "differing" tasks no longer finds them after it.
    task_ids = [] if every_task else list(tasks.values_list("pk", flat=True))
    extension = ExtensionRequest.objects.filter(task=OuterRef("pk"), decision=Decision.APPROVED).order_by(
        "-decided_on", "-id"
    )
    completion = CompletionProposal.objects.filter(task=OuterRef("pk"), decision=Decision.APPROVED).order_by(
        "-decided_on", "-id"
    )
    last_report = (
        ProgressReport.objects.filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(day=Max("reported_on"))
        .values("day")
    )
    written = tasks.order_by().update(
        deadline=Coalesce(Subquery(extension.values("proposed_deadline")[:1]), F("original_deadline")),
        deadline_changed_on=Subquery(extension.values("decided_on")[:1]),
        completed_on=Subquery(completion.values("proposed_on")[:1]),
        completion_decided_on=Subquery(completion.values("decided_on")[:1]),
        last_reported_on=Subquery(last_report),
    )
    # What is kept from these columns: the coordinations' copies and the tally of their lead units.
    if every_task:
        refresh_copies()
    else:
        keep_copies(task_ids)
    return written


@dataclass(frozen=True)
class ColumnDifference:
    """A task whose stored column says other than its history."""

    task_id: int
    column: str
    stored: date | None
    replayed: date | None


@dataclass(frozen=True)
class StatusColumnCheck:
    differing_tasks: int
    examples: list[ColumnDifference]
    repaired: int = 0
    # The coordinations' copies and the tally, checked after the columns they are kept from.
    copies: CopiesCheck = CopiesCheck(0, 0)


# Each stored column and the annotation of `history_as_of(today)` that must equal it.
CHECKED_COLUMNS = {
    "deadline": "deadline_as_of",
    "deadline_changed_on": "deadline_changed_as_of",
    "completed_on": "completed_on_as_of",
    "completion_decided_on": "completion_decided_as_of",
    "last_reported_on": "last_report_on",
}
# Stands in for "no date" so that two empty columns compare equal in SQL.
NO_DATE = date(1, 1, 1)


def _same(column: str, replayed: str) -> Q:
    def dated(name):
        return Coalesce(F(name), Value(NO_DATE, output_field=DateField()))

    return Q(Exact(dated(column), dated(replayed)))


def differing_tasks():
    """The tasks whose stored columns are not what their history gives today (the cancellation
    is written by its action alone and has no history to compare with)."""
    agreeing = Q()
    for column, replayed in CHECKED_COLUMNS.items():
        agreeing &= _same(column, replayed)
    return Task.objects.history_as_of(clock.today()).exclude(agreeing)


def check_status_columns(*, repair: bool = False, examples: int = 10) -> StatusColumnCheck:
    """Compare every task's stored columns with its history as of today. Any difference means
    something wrote the history without the actions: it is logged as an error with examples, and
    with `repair` the columns of those tasks are rewritten from their history. Then the same for
    what is kept from the columns (`copies.check_copies`)."""
    differing = differing_tasks()
    found = []
    for task in differing.order_by("pk")[:examples]:
        for column, replayed in CHECKED_COLUMNS.items():
            if getattr(task, column) != getattr(task, replayed):
                found.append(
                    ColumnDifference(task.pk, column, getattr(task, column), getattr(task, replayed))
                )
    count = differing.count() if found else 0
    repaired = 0
    if count:
        logger.error(
            "%s task(s) have stored status columns that differ from their history, e.g. %s",
            count,
            "; ".join(f"task {d.task_id} {d.column}: stored {d.stored}, history {d.replayed}" for d in found),
        )
        if repair:
            repaired = refresh_status_columns(Task.objects.filter(pk__in=differing.values("pk")))
    return StatusColumnCheck(
        differing_tasks=count, examples=found, repaired=repaired, copies=check_copies(repair=repair)
    )
