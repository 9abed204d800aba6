"""Task queries: visibility, and the status on any day computed in SQL so lists filter, sort and
paginate by it (the rules are those of `status.status_on`); and the queries of the requests the
assigning unit decides (extensions, completions)."""

from datetime import date

from django.db import models
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from resolute.core import clock

from .status import OverdueAge, TaskStatus, lateness_counts_against_original, overdue_bounds, silent_since


class TaskQuerySet(models.QuerySet):
    # The past day a `replayed_as_of` judged the tasks on; and, set by `last_reports_read_after_fetch`,
    # the day whose last reports are read for the fetched rows only.
    _replayed_on: date | None = None
    _last_reports_read_on: date | None = None

    def _clone(self):
        clone = super()._clone()
        clone._replayed_on = self._replayed_on
        clone._last_reports_read_on = self._last_reports_read_on
        return clone

    def _fetch_all(self):
        reading = self._result_cache is None and self._last_reports_read_on is not None
        super()._fetch_all()
        if reading:
            _read_last_reports(self._result_cache, self._last_reports_read_on)

    def last_reports_read_after_fetch(self):
        """For a page of an `as_of(day)` list of a past day: `last_report_on` of a task that reported
        after the day is read once the page's tasks are fetched — one query for the page — rather
        than by a subquery for every task the database sorts. The status does not need it (a task
        with a deadline is judged without its reports; one without reads them in its own branch).
        For model instances fetched as a list (a page); `iterator()` and `values()` keep the subquery."""
        day = self._replayed_on
        if day is None:
            return self
        clone = self.annotate(
            last_report_on=Case(
                When(last_reported_on__lte=day, then=F("last_reported_on")),
                default=Value(None),
                output_field=models.DateField(),
            )
        )
        clone._last_reports_read_on = day
        return clone

    def visible_to(self, user):
        """Tasks a unit in the user's scope leads, coordinates or assigned."""
        from resolute.orgunits.scope import scope_for

        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = scope_for(user)
        # Every task is led by a unit of the tree: whoever sees every unit sees every task.
        if scope.covers_every_unit:
            return self
        from .models import TaskCoordination

        coordinated = TaskCoordination.objects.filter(task=OuterRef("pk")).filter(scope.unit_q(prefix="unit"))
        return self.filter(
            scope.unit_q(prefix="lead_unit")
            | scope.unit_q(prefix="assigned_by_unit")
            | Q(Exists(coordinated))
        )

    def as_of(self, day: date | None = None):
        """Tasks that existed on `day` (default today), annotated with what was known that day:
        `deadline_as_of`, `completed_on_as_of`, `last_report_on`, `status` and `overdue_age`.

        Today is read from the columns the actions keep current on the task (no decision or report
        is ever dated in the future, so they hold exactly what was known today); a past day is
        replayed (`replayed_as_of`). Filter by status with `in_status`, which the database can
        answer from an index, rather than on the `status` annotation."""
        day = day or clock.today()
        if day != clock.today():
            return self.replayed_as_of(day)
        return self._judged(
            day,
            stored=True,
            deadline_as_of=F("deadline"),
            completed_on_as_of=F("completed_on"),
            last_report_on=F("last_reported_on"),
        )

    def replayed_as_of(self, day: date):
        """`as_of(day)` for a past day. What a task's columns hold was already known on any day
        after it last changed (`deadline_changed_on`, `completion_decided_on`, `last_reported_on`):
        only a task changed after `day` has its history read, the others are judged from their
        columns, so a past day costs little more than today."""
        history = self._history(day)

        def known_on_day(changed_on: str, current, from_history, unchanged=None):
            return Case(
                When(
                    **{f"{changed_on}__isnull": True},
                    then=unchanged if unchanged is not None else Value(None),
                ),
                When(**{f"{changed_on}__lte": day}, then=current),
                default=from_history,
                output_field=models.DateField(),
            )

        judged = self._judged(
            day,
            stored=False,
            aliases={
                "last_report_known": known_on_day(
                    "last_reported_on", F("last_reported_on"), history["last_report_on"]
                )
            },
            deadline_as_of=known_on_day(
                "deadline_changed_on", F("deadline"), history["deadline"], unchanged=F("original_deadline")
            ),
            completed_on_as_of=known_on_day(
                "completion_decided_on", F("completed_on"), history["completed_on"]
            ),
            last_report_on=F("last_report_known"),
        )
        judged._replayed_on = day
        return judged

    def history_as_of(self, day: date):
        """`as_of(day)` read from the history alone, whatever the columns say, with the days the
        deadline and the completion were decided (`deadline_changed_as_of`,
        `completion_decided_as_of`): what the nightly check compares the columns with."""
        history = self._history(day)
        return self._judged(
            day,
            stored=False,
            aliases={"last_report_known": history["last_report_on"]},
            deadline_as_of=history["deadline"],
            completed_on_as_of=history["completed_on"],
            last_report_on=F("last_report_known"),
        ).annotate(
            deadline_changed_as_of=history["deadline_changed_on"],
            completion_decided_as_of=history["completion_decided_on"],
        )

    def _history(self, day: date) -> dict:
        """Subqueries of a task's history as it stood on `day`: the deadline of the latest
        extension approved by then (else the original), the completion accepted by then, the
        latest report made by then, and the days those decisions were taken."""
        from .models import CompletionProposal, Decision, ExtensionRequest, ProgressReport

        extension = ExtensionRequest.objects.filter(
            task=OuterRef("pk"), decision=Decision.APPROVED, decided_on__lte=day
        ).order_by("-decided_on", "-id")
        completion = CompletionProposal.objects.filter(
            task=OuterRef("pk"), decision=Decision.APPROVED, decided_on__lte=day
        ).order_by("-decided_on", "-id")
        last_report = (
            ProgressReport.objects.filter(task=OuterRef("pk"), reported_on__lte=day)
            .order_by("-reported_on")
            .values("reported_on")[:1]
        )
        date_field = models.DateField()
        return {
            "deadline": Coalesce(
                Subquery(extension.values("proposed_deadline")[:1], output_field=date_field),
                F("original_deadline"),
            ),
            "deadline_changed_on": Subquery(extension.values("decided_on")[:1], output_field=date_field),
            "completed_on": Subquery(completion.values("proposed_on")[:1], output_field=date_field),
            "completion_decided_on": Subquery(completion.values("decided_on")[:1], output_field=date_field),
            "last_report_on": Subquery(last_report, output_field=date_field),
        }

    def _judged(self, day: date, *, stored: bool, aliases: dict | None = None, **known):
        """Annotate the three things known on `day` (`known`) and the status and overdue age they
        give; `aliases` are what the status reads without selecting it (the last report replayed)."""
        rules = StatusRules(day, stored=stored)
        return (
            self.filter(assigned_on__lte=day)
            .alias(**(aliases or {}))
            .annotate(**known)
            .annotate(judged_deadline=F(rules.judged))
            .annotate(status=rules.status_case(), overdue_age=rules.overdue_age_case())
        )

    def in_status(self, status: str, day: date | None = None):
        """The tasks of an `as_of(day)` query-set in `status` on that day (default today)."""
        return self.filter(StatusRules(day or clock.today()).status_q(status))

    def unfinished(self, day: date | None = None):
        """The tasks of an `as_of(day)` query-set neither completed nor cancelled on that day."""
        return self.filter(StatusRules(day or clock.today()).unfinished())

    def overdue_by(self, age: str, day: date | None = None):
        """The tasks of an `as_of(day)` query-set overdue by `age` (an `OverdueAge`) on that day."""
        return self.filter(StatusRules(day or clock.today()).overdue_age_q(age))


class StatusRules:
    """The rules of `status.status_on` as SQL over the columns of an `as_of(day)` query-set.

    `status_q` is one condition per status that excludes every other status, for filtering a list;
    `status_case` is the same rules as a CASE tried in order, each branch relying on the ones before
    (so a replayed day looks up a task's completion and extensions as few times as it can).

    `stored` names the columns the actions keep current on the task (`deadline`, `completed_on`…),
    which hold what is known today: "overdue in this subtree" is then answered from the index of
    open tasks by unit and deadline. A cancellation or completion is never dated in the future, so
    today "not cancelled" is simply "no cancellation" — the condition of the open tasks' partial
    indexes. Otherwise the conditions name the annotations replayed from the history.
    """

    def __init__(self, day: date, *, stored: bool | None = None):
        self.day = day
        self.stored = day == clock.today() if stored is None else stored
        if self.stored:
            self.deadline, self.completed_on, self.last_report = (
                "deadline",
                "completed_on",
                "last_reported_on",
            )
        else:
            self.deadline, self.completed_on, self.last_report = (
                "deadline_as_of",
                "completed_on_as_of",
                "last_report_known",
            )
        self.judged = "original_deadline" if lateness_counts_against_original() else self.deadline

    def _q(self, field: str, lookup: str, value) -> Q:
        return Q(**{f"{field}__{lookup}": value})

    def cancelled(self) -> Q:
        return Q(cancelled_on__isnull=False) if self.stored else Q(cancelled_on__lte=self.day)

    def still_on(self) -> Q:
        """Not cancelled by the day."""
        if self.stored:
            return Q(cancelled_on__isnull=True)
        return Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=self.day)

    def completed(self) -> Q:
        return self._q(self.completed_on, "isnull", False)

    def not_completed(self) -> Q:
        return self._q(self.completed_on, "isnull", True)

    def on_time(self) -> Q:
        return self._q(self.judged, "isnull", True) | self._q(self.completed_on, "lte", F(self.judged))

    def late(self) -> Q:
        return self._q(self.completed_on, "gt", F(self.judged))

    def silent(self) -> Q:
        """Neither a report nor the assignment within the silence limit (a report is never dated
        before the assignment, so the last report, when there is one, is the later of the two)."""
        since = silent_since(self.day)
        return self._q(self.last_report, "lt", since) | (
            self._q(self.last_report, "isnull", True) & Q(assigned_on__lt=since)
        )

    def heard_of(self) -> Q:
        """A report, or the assignment, within the silence limit (`silent`'s opposite)."""
        since = silent_since(self.day)
        return self._q(self.last_report, "gte", since) | (
            self._q(self.last_report, "isnull", True) & Q(assigned_on__gte=since)
        )

    def without_deadline(self) -> Q:
        return Q(original_deadline__isnull=True)

    def with_deadline(self) -> Q:
        return Q(original_deadline__isnull=False)

    def due_by(self, day: date) -> Q:
        """The deadline judged against is `day` or later."""
        return self._q(self.judged, "gte", day)

    def due_before(self, day: date) -> Q:
        return self._q(self.judged, "lt", day)

    def unfinished(self) -> Q:
        return self.still_on() & self.not_completed()

    def status_q(self, status: str) -> Q:
        """The tasks in `status` on the day, and no others. Written without negations, which an
        index cannot serve."""
        open_ = self.unfinished()
        conditions = {
            TaskStatus.CANCELLED: self.cancelled(),
            TaskStatus.COMPLETED_ON_TIME: self.still_on() & self.completed() & self.on_time(),
            TaskStatus.COMPLETED_LATE: self.still_on() & self.late(),
            TaskStatus.NO_DEADLINE_SILENT: open_ & self.without_deadline() & self.silent(),
            TaskStatus.NO_DEADLINE: open_ & self.without_deadline() & self.heard_of(),
            TaskStatus.IN_PROGRESS: open_ & self.with_deadline() & self.due_by(self.day),
            TaskStatus.OVERDUE: open_ & self.with_deadline() & self.due_before(self.day),
        }
        return conditions[TaskStatus(status)]

    def overdue_age_q(self, age: str) -> Q:
        """The tasks overdue on the day by `age`, and no others."""
        up_to_30, up_to_120 = overdue_bounds(self.day)
        ages = {
            OverdueAge.UP_TO_30: self.due_by(up_to_30),
            OverdueAge.UP_TO_120: self.due_before(up_to_30) & self.due_by(up_to_120),
            OverdueAge.OVER_120: self.due_before(up_to_120),
        }
        return self.status_q(TaskStatus.OVERDUE) & ages[OverdueAge(age)]

    def status_case(self) -> Case:
        return Case(
            When(self.cancelled(), then=Value(TaskStatus.CANCELLED)),
            When(self.completed() & self.on_time(), then=Value(TaskStatus.COMPLETED_ON_TIME)),
            When(self.completed(), then=Value(TaskStatus.COMPLETED_LATE)),
            When(self.without_deadline() & self.silent(), then=Value(TaskStatus.NO_DEADLINE_SILENT)),
            When(self.without_deadline(), then=Value(TaskStatus.NO_DEADLINE)),
            When(self.due_by(self.day), then=Value(TaskStatus.IN_PROGRESS)),
            default=Value(TaskStatus.OVERDUE),
            output_field=models.CharField(),
        )

    def overdue_age_case(self) -> Case:
        up_to_30, up_to_120 = overdue_bounds(self.day)
        return Case(
            When(self.cancelled() | self.completed() | self.without_deadline(), then=Value(None)),
            When(self.due_by(self.day), then=Value(None)),
            When(self.due_by(up_to_30), then=Value(OverdueAge.UP_TO_30)),
            When(self.due_by(up_to_120), then=Value(OverdueAge.UP_TO_120)),
            default=Value(OverdueAge.OVER_120),
            output_field=models.CharField(null=True),
        )


class AssignerDecisionRequestQuerySet(models.QuerySet):
    """Extension requests and completion proposals: seen with their task, pending or decided."""

    def visible_to(self, user):
        """The requests on the tasks the user may see."""
        from .models import Task

        return self.filter(task__in=Task.objects.visible_to(user))

    def pending(self):
        from .models import Decision

        return self.filter(decision=Decision.PENDING)

    def decided(self):
        return self.exclude(decided_on=None)

    def on_open_tasks(self):
        return self.filter(task__cancelled_on__isnull=True, task__completed_on__isnull=True)

    def last_decided_on(self) -> date | None:
        """The day of the latest decision among these requests, or None."""
        return self.decided().order_by("-decided_on").values_list("decided_on", flat=True).first()


def _read_last_reports(tasks, day: date) -> None:
    """Set `last_report_on` of the `tasks` (fetched with `last_reports_read_after_fetch`) that reported
    after `day`: the latest of their reports made by then, in one query."""
    from .models import ProgressReport, Task

    after = {task.pk: task for task in tasks if isinstance(task, Task) and _reported_after(task, day)}
    if not after:
        return
    latest = (
        ProgressReport.objects.filter(task__in=list(after), reported_on__lte=day)
        .order_by()
        .values("task")
        .annotate(day=Max("reported_on"))
        .values_list("task", "day")
    )
    for task in after.values():
        task.last_report_on = None
    for task_id, reported_on in latest:
        after[task_id].last_report_on = reported_on


def _reported_after(task, day: date) -> bool:
    return task.last_reported_on is not None and task.last_reported_on > day
