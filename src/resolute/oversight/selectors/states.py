"""Where each recommendation stands on a day, computed in SQL so lists filter, sort and count by it.

The rules (docs/user/oversight.md):

1. **Implemented** — its task is completed on the day: a completion accepted by then (the task's
   status "completed on time" or "completed late", from `tasks.querysets.TaskQuerySet.as_of`).
2. **Partly implemented** — not completed, but something was done by the day: money recovered (the
   sum of the entries up to the day is above 0), a person's discipline decided, or a progress report
   saying part of the work is done (more than 0% complete).
3. **Not yet implemented** — neither.
4. **Overdue** — counted beside these, among those not implemented: the task's status on the day is
   "overdue" (the deadline in force that day, after approved extensions, has passed).
5. **Money recovered** by the day — the sum of its recovery entries dated up to the day (a correction
   is a negative entry).
6. **Closure confirmed** — the inspecting body's confirmation is dated up to the day.

The task's status is read from `Task.objects.as_of(day)` as a correlated subquery, so a recommendation
is judged exactly as its task is on the board and the ladder.
"""

from datetime import date

from django.db import models
from django.db.models import BigIntegerField, Case, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from resolute.tasks.models import ProgressReport, Task
from resolute.tasks.status import COMPLETED, TaskStatus

from ..choices import DisciplineOutcome, RecommendationState
from ..models import DisciplineCase, Recovery

# A sum of whole VND, read as the database's integer or numeric, never through the decimal converter
# (on SQLite it would round to 15 significant digits): see investment's `selectors.rates`.
WHOLE_SUM = BigIntegerField()


def recovered_by(on: date):
    """The money recovered on the outer recommendation by `on`, as a subquery (0 when nothing)."""
    entries = (
        Recovery.objects.filter(recommendation=OuterRef("pk"), recovered_on__lte=on)
        .order_by()
        .values("recommendation")
        .annotate(total=Sum("amount", output_field=WHOLE_SUM))
        .values("total")
    )
    return Coalesce(Subquery(entries, output_field=WHOLE_SUM), Value(0), output_field=WHOLE_SUM)


def recommendations_with_state(queryset, on: date):
    """`queryset` of recommendations annotated with what is known on `on`: `task_status` and
    `deadline_as_of` (the task's, see `tasks.status`), `recovered` (whole VND), `state`
    (RecommendationState), `is_overdue` and `is_closed` (closure confirmed by then). A recommendation
    whose task was assigned after `on` has no task status yet (None) and is "not yet"."""
    task = Task.objects.as_of(on).filter(pk=OuterRef("task_id"))
    disciplined = DisciplineCase.objects.filter(recommendation=OuterRef("pk"), decided_on__lte=on).exclude(
        outcome=DisciplineOutcome.PENDING
    )
    progressed = ProgressReport.objects.filter(
        task=OuterRef("task_id"), reported_on__lte=on, percent_complete__gt=0
    )
    return queryset.annotate(
        task_status=Subquery(task.values("status")[:1], output_field=models.CharField()),
        deadline_as_of=Subquery(task.values("deadline_as_of")[:1], output_field=models.DateField()),
        recovered=recovered_by(on),
    ).annotate(
        state=Case(
            When(task_status__in=COMPLETED, then=Value(RecommendationState.IMPLEMENTED)),
            When(
                Q(recovered__gt=0) | Exists(disciplined) | Exists(progressed),
                then=Value(RecommendationState.PARTLY),
            ),
            default=Value(RecommendationState.NOT_YET),
            output_field=models.CharField(),
        ),
        is_overdue=Case(
            When(task_status=TaskStatus.OVERDUE, then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
        is_closed=Case(
            When(closure_confirmed_on__lte=on, then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
    )


def counted_on(queryset, on: date):
    """The recommendations a ledger of `on` counts: those assigned by then, whose task was not
    cancelled by then (a recommendation withdrawn is no longer owed)."""
    return queryset.filter(task__assigned_on__lte=on).exclude(task__cancelled_on__lte=on)
