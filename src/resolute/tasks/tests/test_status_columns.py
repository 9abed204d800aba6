"""The columns today's status is read from are kept by every action, and the nightly check finds,
reports and repairs a task whose columns were written some other way."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.reporting import jobs
from resolute.reporting.models import Notification
from resolute.tasks.actions.status_columns import check_status_columns, refresh_status_columns
from resolute.tasks.models import ProgressReport, Task
from resolute.tasks.status import TaskStatus

from .factories import TODAY, assign, at_noon, cancel, complete, extend, report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def lived(tree):
    """A task that was extended twice, reported on twice (the later report first) and completed, one
    cancelled, and one untouched."""
    office = tree["office"]
    extended = assign(tree["district_a"], assigned_by_unit=office, deadline=date(2025, 3, 31))
    extend(extended, decided_on=date(2025, 3, 20), new_deadline=date(2025, 5, 31))
    extend(extended, decided_on=date(2025, 5, 25), new_deadline=date(2025, 6, 30))
    report(extended, reported_on=date(2025, 6, 2))
    report(extended, reported_on=date(2025, 5, 2))
    complete(extended, proposed_on=date(2025, 6, 20), decided_on=date(2025, 6, 25))
    cancelled = assign(tree["district_b"], assigned_by_unit=office, deadline=date(2025, 8, 31))
    cancel(cancelled, cancelled_on=date(2025, 6, 1))
    untouched = assign(tree["finance"], assigned_by_unit=office, deadline=date(2025, 5, 31))
    return {"extended": extended, "cancelled": cancelled, "untouched": untouched}


def test_the_actions_leave_the_columns_the_history_gives(lived):
    extended = Task.objects.get(pk=lived["extended"].pk)
    assert (extended.deadline, extended.completed_on, extended.last_reported_on) == (
        date(2025, 6, 30),
        date(2025, 6, 20),
        date(2025, 6, 2),
    )
    assert check_status_columns().differing_tasks == 0
    statuses = dict(Task.objects.as_of(TODAY).values_list("pk", "status"))
    assert statuses == {
        lived["extended"].pk: TaskStatus.COMPLETED_ON_TIME,
        lived["cancelled"].pk: TaskStatus.CANCELLED,
        lived["untouched"].pk: TaskStatus.OVERDUE,
    }


def test_a_report_written_behind_the_actions_back_is_found_and_repaired(lived, tree):
    ProgressReport.objects.create(
        task=lived["untouched"],
        unit=tree["finance"],
        reported_on=date(2025, 6, 28),
        narrative="Written by a script.",
    )
    Task.objects.filter(pk=lived["extended"].pk).update(deadline=date(2025, 3, 31))
    check = check_status_columns()
    assert check.differing_tasks == 2
    assert {(d.task_id, d.column, d.stored, d.replayed) for d in check.examples} == {
        (lived["untouched"].pk, "last_reported_on", None, date(2025, 6, 28)),
        (lived["extended"].pk, "deadline", date(2025, 3, 31), date(2025, 6, 30)),
    }
    assert check_status_columns(repair=True).repaired == 2
    assert check_status_columns().differing_tasks == 0
    assert Task.objects.get(pk=lived["untouched"].pk).last_reported_on == date(2025, 6, 28)


def test_the_command_lists_the_differences_and_fails_until_repaired(lived):
    Task.objects.filter(pk=lived["untouched"].pk).update(completed_on=date(2025, 5, 1))
    with pytest.raises(CommandError, match="1 task"):
        call_command("check_status", stdout=StringIO())
    out = StringIO()
    call_command("check_status", "--repair", stdout=out)
    assert f"task {lived['untouched'].pk}: completed_on is 2025-05-01, its history gives —" in out.getvalue()
    out = StringIO()
    call_command("check_status", stdout=out)
    assert "agree with its history" in out.getvalue()


def test_the_nightly_job_repairs_and_tells_the_administrators_in_their_language(lived, tree):
    admin = make_user("platform", (tree["province"], Role.ADMIN), language="en")
    make_user("hoian", (tree["district_a"], Role.MANAGER))
    Task.objects.filter(pk=lived["untouched"].pk).update(deadline=date(2026, 1, 1))
    assert jobs.check_task_status.call() == {
        "differing": 1,
        "repaired": 1,
        "differing_coordinations": 0,
        "differing_tally_units": 0,
    }
    notices = Notification.objects.all()
    assert [notice.user for notice in notices] == [admin]
    assert notices[0].title == "1 task(s) showed a status their history does not give; they were corrected."
    assert jobs.check_task_status.call() == {
        "differing": 0,
        "repaired": 0,
        "differing_coordinations": 0,
        "differing_tally_units": 0,
    }
    assert Notification.objects.count() == 1


def test_refreshing_from_the_history_gives_what_the_actions_left(lived):
    before = list(Task.objects.order_by("pk").values_list("deadline", "completed_on", "last_reported_on"))
    Task.objects.update(deadline=None, completed_on=None, last_reported_on=None)
    assert refresh_status_columns() == 3
    assert (
        list(Task.objects.order_by("pk").values_list("deadline", "completed_on", "last_reported_on"))
        == before
    )
