"""The background jobs of the stored evaluations (django-tasks entry points calling actions).

- `refresh_target_evaluations_job`: queued once per transaction that marked targets stale
  (`actions.evaluations`), when it commits; refreshes those targets' rows for the day it names.
- `refresh_target_snapshots`: every night (scheduled in `reporting.jobs.JOBS`), every target's row for
  the new day, and the rows of days nothing reads any more are deleted.

Both are idempotent: a second run of either writes the same rows.
"""

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from resolute.core import clock

from .actions.evaluations import forget_evaluations_before, refresh_target_evaluations


def kept_days() -> int:
    """How many days of stored evaluations are kept (RESOLUTE_TARGET_SNAPSHOT_DAYS, 7 by default):
    only today's are read; the earlier ones are there to look back at when something is questioned."""
    return int(getattr(settings, "RESOLUTE_TARGET_SNAPSHOT_DAYS", 7))


@task()
def refresh_target_evaluations_job(target_ids: list[int] | None) -> dict[str, int]:
    """Refresh today's stored evaluations of `target_ids` (None: every target). Run after midnight,
    it writes the new day's rows (the change marked those too, should the nightly job have written
    them already); the day before's are read no more."""
    result = refresh_target_evaluations(targets=target_ids, day=clock.today())
    return {"written": result.written, "skipped": len(result.skipped)}


@task()
def refresh_target_snapshots() -> dict[str, int]:
    """Every target's stored evaluation for today; those of the days before the kept ones deleted."""
    today = clock.today()
    result = refresh_target_evaluations(day=today)
    forgotten = forget_evaluations_before(today - timedelta(days=kept_days() - 1))
    return {"evaluated": result.evaluated, "written": result.written, "forgotten": forgotten}
