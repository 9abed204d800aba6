"""The four-way status of a task on any day, and the rules behind it, in one place.

`querysets.TaskQuerySet.as_of` computes it in SQL for lists; `status_on` below computes it in
plain Python from a task's history. The two must agree (a property test checks it); the SQL is
what the application uses, the Python is the specification a reader can check by eye.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    COMPLETED_ON_TIME = "completed_on_time", _("completed on time")
    COMPLETED_LATE = "completed_late", _("completed late")
    IN_PROGRESS = "in_progress", _("in progress within the deadline")
    OVERDUE = "overdue", _("overdue")
    NO_DEADLINE = "no_deadline", _("no deadline, reporting")
    NO_DEADLINE_SILENT = "no_deadline_silent", _("no deadline, no recent report")
    CANCELLED = "cancelled", _("cancelled")


class OverdueAge(models.TextChoices):
    UP_TO_30 = "1-30", _("1–30 days")
    UP_TO_120 = "31-120", _("31–120 days")
    OVER_120 = "120+", _("more than 120 days")


COMPLETED = (TaskStatus.COMPLETED_ON_TIME, TaskStatus.COMPLETED_LATE)

# The badge colour of each status, the same on every page that shows one.
STATUS_BADGE_CLASSES = {
    TaskStatus.COMPLETED_ON_TIME: "badge badge--ok",
    TaskStatus.COMPLETED_LATE: "badge badge--warn",
    TaskStatus.IN_PROGRESS: "badge",
    TaskStatus.OVERDUE: "badge badge--bad",
    TaskStatus.NO_DEADLINE: "badge badge--muted",
    TaskStatus.NO_DEADLINE_SILENT: "badge badge--warn",
    TaskStatus.CANCELLED: "badge badge--muted",
}


def lateness_counts_against_original() -> bool:
    """Setting RESOLUTE_LATENESS_AGAINST: "current" (default) judges lateness by the deadline in
    force after approved extensions; "original" by the deadline first assigned."""
    return getattr(settings, "RESOLUTE_LATENESS_AGAINST", "current") == "original"


def silence_limit_days() -> int:
    """A task without a deadline that has not reported for this many days is flagged (default 3 months)."""
    return int(getattr(settings, "RESOLUTE_SILENT_TASK_DAYS", 90))


def silent_since(as_of: date) -> date:
    """Reports older than this day no longer count as recent."""
    return as_of - timedelta(days=silence_limit_days())


def overdue_bounds(as_of: date) -> tuple[date, date]:
    """Deadlines on or after the first day are 1–30 days overdue; on or after the second, 31–120."""
    return as_of - timedelta(days=30), as_of - timedelta(days=120)


@dataclass
class TaskHistory:
    """What is needed to judge a task on a day; each list holds (decided or reported on, value)."""

    assigned_on: date
    original_deadline: date | None
    # Both in the order the decisions were recorded: of two taken on the same day, the later
    # recorded wins (the SQL breaks the tie by id the same way).
    approved_extensions: list[tuple[date, date]]  # (decided on, new deadline)
    accepted_completions: list[tuple[date, date]]  # (decided on, proposed on)
    report_dates: list[date]
    cancelled_on: date | None = None


def decided_last(decisions: list[tuple[date, date]], as_of: date) -> date | None:
    """The value of the decision taken last on or before `as_of` (the later recorded on a tie)."""
    latest = None
    for day, value in decisions:
        if day <= as_of and (latest is None or day >= latest[0]):
            latest = (day, value)
    return latest[1] if latest else None


def deadline_on(history: TaskHistory, as_of: date) -> date | None:
    """The deadline in force on `as_of`: the latest extension decided by then, else the original."""
    extended_to = decided_last(history.approved_extensions, as_of)
    return extended_to if extended_to is not None else history.original_deadline


def status_on(history: TaskHistory, as_of: date) -> tuple[str, str | None]:
    """(status, overdue age or None) of a task on `as_of`, from what was known on that day."""
    if history.cancelled_on is not None and history.cancelled_on <= as_of:
        return TaskStatus.CANCELLED, None
    deadline = (
        history.original_deadline if lateness_counts_against_original() else deadline_on(history, as_of)
    )
    completed_on = decided_last(history.accepted_completions, as_of)
    if completed_on is not None:
        if deadline is None or completed_on <= deadline:
            return TaskStatus.COMPLETED_ON_TIME, None
        return TaskStatus.COMPLETED_LATE, None
    if history.original_deadline is None:
        last_sign_of_life = max([history.assigned_on, *[day for day in history.report_dates if day <= as_of]])
        if last_sign_of_life < silent_since(as_of):
            return TaskStatus.NO_DEADLINE_SILENT, None
        return TaskStatus.NO_DEADLINE, None
    if deadline >= as_of:
        return TaskStatus.IN_PROGRESS, None
    up_to_30, up_to_120 = overdue_bounds(as_of)
    if deadline >= up_to_30:
        return TaskStatus.OVERDUE, OverdueAge.UP_TO_30
    if deadline >= up_to_120:
        return TaskStatus.OVERDUE, OverdueAge.UP_TO_120
    return TaskStatus.OVERDUE, OverdueAge.OVER_120
