"""The scheduler's decisions with a frozen clock: a daily job once a day from its hour, never
repeated after a restart and never skipped when the scheduler was down at that hour."""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from resolute.reporting.actions import scheduler
from resolute.reporting.actions.scheduler import tick
from resolute.reporting.models import ScheduledRun
from resolute.reporting.selectors.scheduler import PeriodicJob, is_due

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAILY = PeriodicJob("ladder", "x.y", at=time(6, 0))
EVERY_MINUTE = PeriodicJob("mail", "x.z", every=timedelta(minutes=1))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def ran(on: date | None, enqueued_at: datetime | None = None) -> ScheduledRun:
    return ScheduledRun(name="ladder", last_run_on=on, enqueued_at=enqueued_at)


def test_a_daily_job_waits_for_its_hour():
    assert not is_due(DAILY, None, at(25, 5, 59))
    assert is_due(DAILY, None, at(25, 6, 0))


def test_a_daily_job_that_ran_today_is_not_repeated_after_a_restart():
    assert not is_due(DAILY, ran(date(2026, 11, 25)), at(25, 6, 1))
    assert not is_due(DAILY, ran(date(2026, 11, 25)), at(25, 23, 59))


def test_a_daily_job_missed_while_the_scheduler_was_down_runs_when_it_comes_back():
    assert is_due(DAILY, ran(date(2026, 11, 24)), at(25, 9, 30))
    assert is_due(DAILY, ran(date(2026, 11, 20)), at(25, 6, 0))


def test_an_interval_job_runs_once_its_interval_has_passed():
    assert is_due(EVERY_MINUTE, None, at(25, 10))
    assert not is_due(EVERY_MINUTE, ran(None, at(25, 10)), at(25, 10) + timedelta(seconds=59))
    assert is_due(EVERY_MINUTE, ran(None, at(25, 10)), at(25, 10, 1))


class FakeTask:
    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


@pytest.fixture
def fake_tasks(monkeypatch):
    tasks = {}

    def task_of(job):
        return tasks.setdefault(job.name, FakeTask())

    monkeypatch.setattr(scheduler, "_task_of", task_of)
    return tasks


@pytest.mark.django_db
def test_ticking_every_minute_enqueues_the_daily_job_once_a_day(fake_tasks):
    jobs = (DAILY,)
    minutes = [
        at(25, 5, 58) + timedelta(minutes=n) for n in range(24 * 60 + 3)
    ]  # 05:58 to 06:00 the next day
    enqueued = [moment for moment in minutes if tick(now=moment, jobs=jobs)]
    assert enqueued == [at(25, 6, 0), at(26, 6, 0)]
    assert fake_tasks["ladder"].enqueued == 2
    assert ScheduledRun.objects.get(name="ladder").last_run_on == date(2026, 11, 26)


@pytest.mark.django_db
def test_a_restarted_scheduler_neither_repeats_nor_skips(fake_tasks):
    jobs = (DAILY,)
    assert tick(now=at(25, 6, 0), jobs=jobs) == ["ladder"]
    # Restarted the same day: the record says the job ran.
    assert tick(now=at(25, 14, 0), jobs=jobs) == []
    # Down over the next morning, back at 11:00: the missed run happens now.
    assert tick(now=at(26, 11, 0), jobs=jobs) == ["ladder"]
    assert fake_tasks["ladder"].enqueued == 2


@pytest.mark.django_db
def test_the_command_enqueues_the_ladder_once(fake_tasks, time_machine):
    time_machine.move_to(at(25, 8, 0), tick=False)
    call_command("scheduler", "--once", stdout=io.StringIO())
    call_command("scheduler", "--once", stdout=io.StringIO())
    assert fake_tasks["run_ladder"].enqueued == 1
    assert fake_tasks["send_queued_emails"].enqueued == 1


def test_the_jobs_named_by_the_schedule_exist():
    for job in scheduler.JOBS:
        assert hasattr(scheduler.import_string(job.task), "enqueue"), job.task
