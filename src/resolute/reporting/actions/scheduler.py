"""The scheduler: enqueueing the periodic jobs that are due (`jobs.JOBS`), exactly once.

`resolute scheduler` calls `tick()` every minute. The last run of each job is kept in `ScheduledRun`,
so a scheduler restarted at 09:00 still enqueues the 06:00 job it missed (nothing is skipped) and one
restarted after the job ran does not enqueue it again (nothing repeats). The row is locked while a
job is enqueued, so two schedulers started by mistake still enqueue each job once. The jobs
themselves run in the worker (`resolute db_worker`).
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils.module_loading import import_string

from resolute.core.clock import now as clock_now

from ..jobs import JOBS
from ..models import ScheduledRun
from ..selectors.scheduler import PeriodicJob, due_jobs, is_due

logger = logging.getLogger(__name__)


def _task_of(job: PeriodicJob):
    try:
        return import_string(job.task)
    except ImportError:
        return None


def tick(*, now: datetime | None = None, jobs=JOBS) -> list[str]:
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
