"""When the periodic jobs of `jobs.JOBS` are due: a daily job once its hour has come on a day it
has not run yet; an interval job when its interval has passed since it was last enqueued."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ..models import ScheduledRun


@dataclass(frozen=True)
class PeriodicJob:
    """A job to enqueue daily at `at` (local time) or every `every`; `task` is the dotted path of
    a django-tasks task."""

    name: str
    task: str
    at: time | None = None
    every: timedelta | None = None


def is_due(job: PeriodicJob, last: ScheduledRun | None, now: datetime) -> bool:
    """Whether `job` should be enqueued at `now` (local time), given its last recorded run."""
    if job.every is not None:
        return last is None or last.enqueued_at is None or now - last.enqueued_at >= job.every
    if now.time() < job.at:
        return False
    return last is None or last.last_run_on is None or last.last_run_on < now.date()


def due_jobs(now: datetime, jobs) -> list[PeriodicJob]:
    """The jobs due at `now`, read from the recorded runs in one query."""
    runs = ScheduledRun.objects.in_bulk([job.name for job in jobs], field_name="name")
    return [job for job in jobs if is_due(job, runs.get(job.name), now)]
