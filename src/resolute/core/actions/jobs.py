"""The writes of background jobs (see `core.jobs`): claim a waiting job, record its heartbeat and
progress, fail or cancel it with a reason its owner reads, and recover the jobs whose worker died.

Every write of a running job is conditional on the job still being the one this worker claimed
(`status` running and `attempts` unchanged): a job cancelled by its owner, or handed to another
worker by recovery, learns it at its next heartbeat and stops without writing anything more.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from ..changelog import record_change, snapshot
from ..jobs import (
    BackgroundJob,
    JobCancelled,
    JobFailed,
    JobTimedOut,
    dead_after_seconds,
    heartbeat_seconds,
    job_kind_of,
    job_kinds,
    max_attempts,
    time_limit,
)
from ..models import ChangeLogEntry

logger = logging.getLogger(__name__)

JOB_FIELDS = ["status", "failure_reason"]


def _in_owner_language(record, kind: BackgroundJob, message: Callable[[], str]) -> str:
    """The message in the language of the job's owner (the reason is read on their page)."""
    owner = getattr(record, kind.owner_field, None)
    language = getattr(owner, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return str(message())


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    return f"{minutes:.0f}" if minutes >= 1 else f"{minutes:.1f}"


def enqueue_job(kind: BackgroundJob, pk: int) -> None:
    """Queue the task of a waiting record and remember its id (recovery looks it up)."""
    result = kind.get_task().enqueue(pk)
    kind.model.objects.filter(pk=pk, status=kind.queued).update(task_id=str(result.id)[:64])


def _log_job_change(record, *, actor, before: dict, note: str = "") -> None:
    """Log a job's new state (read back from the database, where it was written by `update`)."""
    record.refresh_from_db()
    record_change(
        actor=actor,
        instance=record,
        action=ChangeLogEntry.Action.UPDATE,
        before=before,
        fields=JOB_FIELDS,
        note=note,
    )


class JobRun:
    """One attempt at a job, as its worker sees it."""

    def __init__(self, kind: BackgroundJob, record, attempt: int, limit: float):
        self.kind = kind
        self.record = record
        self.attempt = attempt
        self.started = time.monotonic()
        self.limit = limit
        self._last_beat = self.started
        self._unsaved: dict = {}  # progress not yet written (heartbeats are written at intervals)

    def mine(self):
        """The record, filtered to this attempt while it runs (empty once cancelled or taken over)."""
        return self.kind.model.objects.filter(
            pk=self.record.pk, attempts=self.attempt, status__in=self.kind.running
        )

    def beat(self, *, force: bool = False, **fields) -> None:
        """Record progress and a sign of life (at most every heartbeat interval unless `force` or
        fields change status); raise `JobCancelled` if the job is no longer this worker's, and
        `JobTimedOut` past the time limit."""
        now = time.monotonic()
        if self.limit and now - self.started > self.limit:
            raise JobTimedOut()
        fields = self._unsaved | fields
        if not force and "status" not in fields and now - self._last_beat < heartbeat_seconds():
            self._unsaved = fields
            return
        self._last_beat, self._unsaved = now, {}
        moment = timezone.now()
        if not self.mine().update(heartbeat_at=moment, updated_at=moment, **fields):
            raise JobCancelled()

    def finish(self, **fields) -> None:
        """Record the job's end (inside the caller's transaction, with what it wrote): if the job was
        cancelled or taken over meanwhile, raise `JobCancelled` so that transaction rolls back."""
        moment = timezone.now()
        fields = self._unsaved | fields
        if not self.mine().update(heartbeat_at=moment, updated_at=moment, **fields):
            raise JobCancelled()

    def fail(self, message: Callable[[], str]) -> None:
        reason = _in_owner_language(self.record, self.kind, message)
        moment = timezone.now()
        updated = self.mine().update(
            status=self.kind.failed, failure_reason=reason, heartbeat_at=moment, updated_at=moment
        )
        if updated:
            before = {"status": self.kind.running[0], "failure_reason": ""}
            _log_job_change(self.record, actor=None, before=before)


def claim_job(kind: BackgroundJob, pk: int) -> int | None:
    """Move a waiting job to its first running status and count the attempt; None when the job is
    not waiting (cancelled, finished, or another worker has it)."""
    moment = timezone.now()
    with transaction.atomic():
        record = kind.model.objects.select_for_update().filter(pk=pk, status=kind.queued).first()
        if record is None:
            return None
        attempt = record.attempts + 1
        kind.model.objects.filter(pk=pk).update(
            status=kind.running[0],
            attempts=attempt,
            heartbeat_at=moment,
            started_at=moment,
            updated_at=moment,
        )
    return attempt


def run_job(model, pk: int, body: Callable[[JobRun], None], *, limit: float = 0) -> None:
    """Claim the job of record `pk` and run `body(run)` within the time limit. However it ends, the
    record ends finished, failed with a reason, or cancelled — never "running" for ever."""
    kind = job_kind_of(model)
    attempt = claim_job(kind, pk)
    if attempt is None:
        return
    record = kind.model.objects.get(pk=pk)
    run = JobRun(kind, record, attempt, limit)
    try:
        with time_limit(limit):
            body(run)
    except JobCancelled:
        logger.info("%s %s stopped: cancelled or taken over", kind.key, pk)
    except JobTimedOut:
        run.fail(
            lambda: (
                _(
                    "Stopped after %(minutes)s minutes, the longest a job may run; nothing was saved. "
                    "Split the work into smaller parts and try again."
                )
                % {"minutes": _minutes(limit)}
            )
        )
    except JobFailed as failure:
        reason = failure.reason
        run.fail(lambda: reason)
    except Exception:
        logger.exception("%s %s failed", kind.key, pk)
        run.fail(
            lambda: _("The job failed unexpectedly; nothing was saved. Try again, or tell the administrator.")
        )


def cancel_job(*, acting_user, record):
    """Cancel a waiting or running job at its owner's request: a waiting job never starts, a running
    one stops at its next heartbeat and writes nothing. Only the owner (or an administrator) may."""
    kind = job_kind_of(record)
    if not (acting_user.is_superuser or getattr(record, f"{kind.owner_field}_id") == acting_user.pk):
        raise PermissionDenied(_("Only the person who started this job may cancel it."))
    with transaction.atomic():
        locked = kind.model.objects.select_for_update().get(pk=record.pk)
        if locked.status not in kind.cancellable:
            return locked
        before = snapshot(locked, JOB_FIELDS)
        moment = timezone.now()
        name = acting_user.get_full_name() or acting_user.get_username()
        reason = _in_owner_language(
            locked, kind, lambda: _("Cancelled by %(name)s; nothing was saved.") % {"name": name}
        )
        kind.model.objects.filter(pk=locked.pk).update(
            status=kind.cancelled, failure_reason=reason, updated_at=moment
        )
        _log_job_change(locked, actor=acting_user, before=before)
    return locked


def _task_is_pending(kind: BackgroundJob, task_id: str) -> bool:
    if not task_id:
        return False
    try:
        result = kind.get_task().get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):
        return False
    return result.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def _recover(kind: BackgroundJob, pk: int, cutoff, *, waiting: bool) -> str | None:
    """Retry or fail one job that looks abandoned; what was done ("retried", "failed") or None."""
    with transaction.atomic():
        # A job whose worker is alive inside a long write transaction holds its row: skip it.
        records = kind.model.objects.select_for_update(skip_locked=True).filter(pk=pk)
        if waiting:
            record = records.filter(status=kind.queued, updated_at__lt=cutoff).first()
            if record is None or _task_is_pending(kind, record.task_id):
                return None
        else:
            record = records.filter(status__in=kind.running, heartbeat_at__lt=cutoff).first()
            if record is None:
                return None
        before = snapshot(record, JOB_FIELDS)
        moment = timezone.now()
        if record.attempts < max_attempts():
            # A job whose task dies before it is claimed counts an attempt here, so it cannot loop.
            attempts = record.attempts + 1 if waiting else record.attempts
            kind.model.objects.filter(pk=pk).update(
                status=kind.queued, heartbeat_at=None, attempts=attempts, updated_at=moment
            )
            transaction.on_commit(lambda: enqueue_job(kind, pk))
            outcome = "retried"
        else:
            reason = _in_owner_language(
                record,
                kind,
                lambda: (
                    _(
                        "The worker running this job stopped %(attempts)s times; nothing was saved. "
                        "Try again later, or tell the administrator."
                    )
                    % {"attempts": record.attempts}
                ),
            )
            kind.model.objects.filter(pk=pk).update(
                status=kind.failed, failure_reason=reason, updated_at=moment
            )
            outcome = "failed"
        _log_job_change(record, actor=None, before=before, note=_("worker stopped"))
    logger.warning("%s %s: its worker stopped; %s", kind.key, pk, outcome)
    return outcome


def recover_stalled_jobs(*, now=None) -> dict[str, int]:
    """Find the jobs whose worker died — running without a sign of life for `RESOLUTE_JOB_DEAD_AFTER`
    seconds, or waiting that long with no task left to run them — and queue each again (the jobs
    write all or nothing, so a second run is safe) or, after `RESOLUTE_JOB_MAX_ATTEMPTS` runs, fail it
    with the reason. Called by the scheduler's periodic `recover_stalled_jobs` job."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=dead_after_seconds())
    counts = {"retried": 0, "failed": 0}
    for kind in job_kinds():
        stalled = kind.model.objects.filter(status__in=kind.running, heartbeat_at__lt=cutoff)
        waiting = kind.model.objects.filter(status=kind.queued, updated_at__lt=cutoff)
        for pks, is_waiting in (
            (list(stalled.values_list("pk", flat=True)), False),
            (list(waiting.values_list("pk", flat=True)), True),
        ):
            for pk in pks:
                outcome = _recover(kind, pk, cutoff, waiting=is_waiting)
                if outcome:
                    counts[outcome] += 1
    return counts
