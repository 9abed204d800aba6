"""Background jobs that always end: the kinds of job-backed records, and the limits every job keeps.

A record a user watches while a job works on it (an import of values, a reading of a text) declares
its kind with `contribute(BackgroundJob(...))` in its app's `contributions` module. The kind says which
statuses mean waiting, running, failed and cancelled, who owns the record and which task runs it, so
`core.actions.jobs` can claim a job, record its heartbeat, stop it at its time limit or when its owner
cancels it, and recover it when its worker died — for every kind, without importing the domains.

Settings (seconds unless said): `RESOLUTE_JOB_HEARTBEAT_SECONDS` (how often a running job records a
sign of life), `RESOLUTE_JOB_DEAD_AFTER` (no sign of life for this long: the worker died),
`RESOLUTE_JOB_MAX_ATTEMPTS` (runs before a job whose worker keeps dying is failed),
`RESOLUTE_LONG_JOB_TIME_LIMIT` (a job on the `long` queue running longer is stopped and failed).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from .contributions import contributed

# The queue of the jobs that may take minutes (reading a text, importing a workbook); the periodic
# jobs (e-mail, the urging ladder, the digest, recovery) stay on "default" with their own worker.
LONG_QUEUE = "long"


@dataclass(frozen=True)
class BackgroundJob:
    """A kind of job-backed record. `running` lists the statuses of a job at work, the first being
    the one a claimed job starts in; `cancellable` the statuses its owner may still cancel from;
    `task` the dotted path of the django-tasks task that runs it (called with the record's pk)."""

    key: str
    model: type
    task: str
    owner_field: str
    queued: str
    running: tuple[str, ...]
    failed: str
    cancelled: str
    cancellable: tuple[str, ...]
    order: int = 100

    def get_task(self):
        return import_string(self.task)


def job_kinds() -> list[BackgroundJob]:
    return contributed(BackgroundJob)


def job_kind_of(model) -> BackgroundJob:
    model = model if isinstance(model, type) else type(model)
    for kind in job_kinds():
        if kind.model is model:
            return kind
    raise LookupError(f"{model.__name__} is not a background job's record.")


def heartbeat_seconds() -> float:
    return float(getattr(settings, "RESOLUTE_JOB_HEARTBEAT_SECONDS", 5))


def dead_after_seconds() -> float:
    return float(getattr(settings, "RESOLUTE_JOB_DEAD_AFTER", 60))


def max_attempts() -> int:
    return int(getattr(settings, "RESOLUTE_JOB_MAX_ATTEMPTS", 2))


def long_job_time_limit() -> float:
    return float(getattr(settings, "RESOLUTE_LONG_JOB_TIME_LIMIT", 600))


class JobStopped(Exception):
    """The job must stop now; the record already says why (cancelled, taken over) or `reason` does."""


class JobCancelled(JobStopped):
    """The owner cancelled the job, or recovery gave it to another worker: stop, write nothing."""


class JobTimedOut(JobStopped):
    """The job ran past its time limit."""


class JobFailed(JobStopped):
    """The job cannot succeed (a damaged file): `reason` tells its owner what is wrong."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Seconds after which a time limit that fell inside a database call is tried again.
RETRY_AFTER_DATABASE_CALL = 0.01
DATABASE_MODULES = ("django.db", "psycopg")


def _inside_a_database_call(frame) -> bool:
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith(DATABASE_MODULES):
            return True
        frame = frame.f_back
    return False


@contextmanager
def time_limit(seconds: float):
    """Raise `JobTimedOut` in the job once `seconds` have passed, even in a step that records no
    progress. A signal can only interrupt the main thread (where `db_worker` runs its jobs); elsewhere
    the limit is still checked at each heartbeat."""
    usable = (
        seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        if _inside_a_database_call(frame):
            # Raised in the middle of a query, the exception would leave the connection mid-protocol
            # and the transaction unusable, so even the failure could not be recorded: try again as
            # soon as the call has returned.
            signal.setitimer(signal.ITIMER_REAL, RETRY_AFTER_DATABASE_CALL)
            return
        raise JobTimedOut()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def may_cancel_job(user, record) -> bool:
    """Whether `user` may cancel the job of `record` now: its owner (or an administrator), while the
    job is waiting or at a stage that can still be stopped."""
    kind = job_kind_of(record)
    is_owner = user.is_superuser or getattr(record, f"{kind.owner_field}_id") == user.pk
    return bool(is_owner and record.status in kind.cancellable)
