"""The background jobs of reporting (django-tasks entry points calling actions), and when the
scheduler enqueues each (`JOBS`, see `actions.scheduler`).

- `run_ladder_job`, daily at 06:00: the urging ladder;
- `daily_digest`, daily at 07:00: one digest e-mail per user who has notifications waiting for it;
- `send_queued_emails`, every minute (so retries happen when their backoff has passed) and after
  each notification that queues mail;
- `deliver_webhooks`, every minute: the webhooks' deliveries whose retry is due (`webhooks.jobs`;
  a change that writes deliveries also enqueues it when its transaction commits);
- `delete_expired_idempotency_keys`, hourly: the answers kept for the API's idempotency keys, once
  their 24 hours have passed (`api.jobs`);
- `recover_stalled_jobs`, every `RESOLUTE_JOB_RECOVERY_INTERVAL` seconds: the jobs whose worker died
  are queued again or failed with the reason (see `core.actions.jobs`);
- `refresh_target_snapshots`, daily at 00:30: every target's stored evaluation for the new day
  (`targets.jobs`), which the dashboard, the report and the target list read;
- `check_task_status`, daily at 05:00: every task's stored status columns against its history
  (`tasks.actions.status_columns`), and what is kept from them (`tasks.actions.copies`); a difference
  is logged, repaired and told to the administrators.

All run on the "default" queue, whose worker never runs the long jobs.
"""

from datetime import time, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from resolute.core.actions.jobs import recover_stalled_jobs as recover_jobs
from resolute.tasks.actions.status_columns import check_status_columns

from .actions.email import send_due_emails
from .actions.ladder import run_ladder
from .actions.notifications import notify_administrators, send_daily_digests
from .models import StepKind
from .selectors.scheduler import PeriodicJob

JOBS = (
    PeriodicJob("refresh_target_snapshots", "resolute.targets.jobs.refresh_target_snapshots", at=time(0, 30)),
    PeriodicJob("check_task_status", "resolute.reporting.jobs.check_task_status", at=time(5, 0)),
    PeriodicJob("run_ladder", "resolute.reporting.jobs.run_ladder_job", at=time(6, 0)),
    PeriodicJob("daily_digest", "resolute.reporting.jobs.daily_digest", at=time(7, 0)),
    PeriodicJob(
        "send_queued_emails", "resolute.reporting.jobs.send_queued_emails", every=timedelta(minutes=1)
    ),
    PeriodicJob("deliver_webhooks", "resolute.webhooks.jobs.deliver_webhooks", every=timedelta(minutes=1)),
    PeriodicJob(
        "delete_expired_idempotency_keys",
        "resolute.api.jobs.delete_expired_idempotency_keys",
        every=timedelta(hours=1),
    ),
    PeriodicJob(
        "recover_stalled_jobs",
        "resolute.reporting.jobs.recover_stalled_jobs",
        every=timedelta(seconds=settings.RESOLUTE_JOB_RECOVERY_INTERVAL),
    ),
)


@task()
def run_ladder_job() -> dict:
    """The urging ladder for today: how many steps of each kind fired, and how many letters."""
    run = run_ladder()
    return {kind: run.count(kind) for kind in StepKind.values} | {"letters": len(run.letters)}


@task()
def send_queued_emails() -> dict[str, int]:
    """Send every queued e-mail that is due; failures stay queued with a longer wait."""
    return send_due_emails()


@task()
def daily_digest() -> int:
    """Queue one digest e-mail per user who has notifications waiting for it, then send the outbox."""
    queued = send_daily_digests()
    if queued:
        send_due_emails()
    return queued


@task()
def recover_stalled_jobs() -> dict[str, int]:
    """Queue again, or fail with the reason, every job whose worker stopped giving signs of life."""
    return recover_jobs()


@task()
def check_task_status() -> dict[str, int]:
    """Compare each task's stored status columns with its history; repair and report differences.
    Lists read today's status from those columns, so a difference would show a wrong status."""
    check = check_status_columns(repair=True)
    if check.differing_tasks:
        notify_administrators(
            title=_("{count} task(s) showed a status their history does not give; they were corrected."),
            context={"count": check.differing_tasks},
            body=_(
                "The nightly check found tasks whose deadline, completion or last report, as stored on "
                "the task, differed from their history, and rewrote them from it. Something changed the "
                "history without going through Resolute's actions (a script, a restore): the server log "
                "names the tasks."
            ),
        )
    copies = check.copies
    if copies.differing_coordinations or copies.differing_units:
        notify_administrators(
            title=_(
                "The task counts of {units} unit(s) or the copies on {coordinations} coordination(s) "
                "were corrected."
            ),
            context={"units": copies.differing_units, "coordinations": copies.differing_coordinations},
            body=_(
                "The nightly check found that the status counts kept per lead unit, or the copies of a "
                "task's lead unit and status kept on its coordinating units, differed from the tasks, and "
                "rewrote them. Something changed the tasks without going through Resolute's actions (a "
                "script, a restore)."
            ),
        )
    return {
        "differing": check.differing_tasks,
        "repaired": check.repaired,
        "differing_coordinations": copies.differing_coordinations,
        "differing_tally_units": copies.differing_units,
    }
