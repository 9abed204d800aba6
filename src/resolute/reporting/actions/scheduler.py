"""The scheduler: which periodic jobs are due now, and enqueueing them exactly once.

`resolute scheduler` calls `tick()` every minute. A daily job is due once its hour has come on a
day it has not run yet; an interval job when its interval has passed since it was last enqueued.
The last run of each job is kept in `ScheduledRun`, so a scheduler restarted at 09:00 still
enqueues the 06:00 job it missed (nothing is skipped) and one restarted after the job ran does not
enqueue it again (nothing repeats). The row is locked while a job is enqueued, so two schedulers
started by mistake still enqueue each job once. The jobs themselves run in the worker
(`resolute db_worker`).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils.module_loading import import_string

from resolute.core.clock import now as clock_now

from .models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """A job to enqueue daily at `at` (local time) or every `every`; `task` is the dotted path of
    a django-tasks task."""

    name: str
    task: str
    at: time | None = None
    every: timedelta | None = None


JOBS = (
    PeriodicJob("run_ladder", "resolute.reporting.ladder.run_ladder_job", at=time(6, 0)),
    PeriodicJob("daily_digest", "resolute.reporting.jobs_notify.daily_digest", at=time(7, 0)),
    PeriodicJob(
        "send_queued_emails", "resolute.reporting.jobs_notify.send_queued_emails", every=timedelta(minutes=1)
    ),
)


def is_due(job: PeriodicJob, last: ScheduledRun | None, now: datetime) -> bool:
    """Whether `job` should be enqueued at `now` (local time), given its last recorded run."""
    if job.every is not None:
        return last is None or last.enqueued_at is None or now - last.enqueued_at >= job.every
    if now.time() < job.at:
        return False
    return last is None or last.last_run_on is None or last.last_run_on < now.date()


def due_jobs(now: datetime, jobs=JOBS) -> list[PeriodicJob]:
    """The jobs due at `now`, read from the recorded runs in one query."""
    runs = ScheduledRun.objects.in_bulk([job.name for job in jobs], field_name="name")
    return [job for job in jobs if is_due(job, runs.get(job.name), now)]


def _task_of(job: PeriodicJob):
    try:
        return import_string(job.task)
    except ImportError:
        return None


def tick(now: datetime | None = None, jobs=JOBS) -> list[str]:
    """Enqueue every job due at `now` (default: the clock's now) and record it; the names enqueued."""
    now = now or clock_now()
    enqueued = []
    for job in due_jobs(now, jobs):
        task = _task_of(job)
        if task is None:  # a job whose module is not installed
            continue
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=job.name)
            run = ScheduledRun.objects.select_for_update().get(name=job.name)
            if not is_due(job, run, now):  # another scheduler was quicker
                continue
            run.last_run_on, run.enqueued_at = now.date(), now
            run.save(update_fields=["last_run_on", "enqueued_at"])
            # With the database backend the job's row commits with the record, or neither does.
            task.enqueue()
        logger.info("Enqueued %s at %s", job.name, now.isoformat())
        enqueued.append(job.name)
    return enqueued
