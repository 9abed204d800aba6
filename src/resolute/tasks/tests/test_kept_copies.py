"""What is kept beside the tasks — each coordination's copy of its task's lead unit and status
columns, and the status tally of each lead unit — stays what the tasks say through every action,
gives the counts the tasks give on any later day, and the nightly check finds and repairs it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.reporting import jobs
from resolute.reporting.models import Notification
from resolute.tasks import actions
from resolute.tasks.actions.copies import CopiesCheck, check_copies, refresh_copies
from resolute.tasks.actions.status_columns import check_status_columns
from resolute.tasks.filters import TaskFilter
from resolute.tasks.models import COPIED_TASK_COLUMNS, Task, TaskCoordination, TaskStatusTally
from resolute.tasks.rates import count_by_status
from resolute.tasks.tally import counted_from_coordinations, counted_from_tally

from .factories import TODAY, assign, at_noon, cancel, complete, extend, report
from .status_factories import make_task
from .test_status_property import _days_named_in, _fields, histories, later

pytestmark = pytest.mark.django_db

CLEAN = CopiesCheck(0, 0)


def copies_agree() -> bool:
    for coordination in TaskCoordination.objects.select_related("task"):
        for column in COPIED_TASK_COLUMNS:
            field = f"{column}_id" if column == "lead_unit" else column
            if getattr(coordination, field) != getattr(coordination.task, field):
                return False
    return True


@pytest.fixture
def today(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)
    return TODAY


def test_every_action_keeps_the_copies_and_the_tally(tree, today):
    office, finance = tree["office"], tree["finance"]
    extended = assign(
        tree["district_a"], assigned_by_unit=office, deadline=date(2025, 3, 31), coordinating=[finance]
    )
    extend(extended, decided_on=date(2025, 3, 20), new_deadline=date(2025, 8, 31))
    report(extended, reported_on=date(2025, 6, 2))
    done = assign(
        tree["district_b"], assigned_by_unit=office, deadline=date(2025, 5, 31), coordinating=[finance]
    )
    complete(done, proposed_on=date(2025, 6, 20), decided_on=date(2025, 6, 25))
    dropped = assign(tree["district_b"], assigned_by_unit=office, coordinating=[tree["district_a"]])
    cancel(dropped, cancelled_on=date(2025, 6, 1))
    moved = assign(
        tree["commune_a1"], assigned_by_unit=office, deadline=date(2025, 6, 1), coordinating=[finance]
    )
    actions.update_task(acting_user=None, task=moved, lead_unit=tree["commune_b1"])

    assert copies_agree()
    assert check_copies() == CLEAN
    assert counted_from_tally(today) == count_by_status(Task.objects.as_of(today))
    # The unit the task was moved from no longer counts it.
    assert counted_from_tally(today, [tree["commune_a1"].pk]).total == 0
    assert counted_from_tally(today, [tree["commune_b1"].pk]).by_status["overdue"] == 1


def test_the_nightly_check_finds_and_repairs_copies_written_around_the_actions(tree, today):
    admin = make_user("platform", (tree["province"], Role.ADMIN), language="en")
    task = assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        deadline=date(2025, 9, 30),
        coordinating=[tree["finance"]],
    )
    TaskCoordination.objects.update(deadline=date(2025, 1, 1))
    TaskStatusTally.objects.filter(lead_unit__isnull=False).update(day=date(2025, 1, 1))

    check = check_status_columns()
    assert check.copies == CopiesCheck(differing_coordinations=1, differing_units=1)
    assert not copies_agree()

    assert jobs.check_task_status.call() == {
        "differing": 0,
        "repaired": 0,
        "differing_coordinations": 1,
        "differing_tally_units": 1,
    }
    assert copies_agree()
    assert check_copies() == CLEAN
    assert counted_from_tally(today).by_status["in_progress"] == 1
    notice = Notification.objects.get()
    assert notice.user == admin
    assert notice.title == "The task counts of 1 unit(s) or the copies on 1 coordination(s) were corrected."
    assert task.coordinations.get().deadline == date(2025, 9, 30)

    # The country's rows are checked against every task.
    TaskStatusTally.objects.filter(lead_unit__isnull=True).update(tasks=5)
    assert check_copies(repair=True) == CopiesCheck(0, 1, repaired=True)
    assert counted_from_tally(today).total == 1


def test_the_list_counts_of_the_whole_country_and_of_a_subtree_are_the_tasks_counts(tree, today):
    office = tree["office"]
    assign(
        tree["district_a"], assigned_by_unit=office, deadline=date(2025, 6, 1), coordinating=[tree["finance"]]
    )
    assign(
        tree["finance"], assigned_by_unit=office, deadline=date(2025, 8, 1), coordinating=[tree["commune_a1"]]
    )
    assign(tree["commune_b1"], assigned_by_unit=office, coordinating=[tree["district_a"], tree["commune_a1"]])
    national = make_user("national", (tree["province"], Role.VIEWER))
    request = RequestFactory().get("/tasks/")
    request.user = national

    def counts(**data):
        filterset = TaskFilter(data, request=request)
        kept = filterset.status_counts()
        read = TaskFilter(data, request=request, queryset=Task.objects.all()).status_counts()
        return kept, read

    for data in [
        {},
        {"status": "overdue"},
        {"unit": tree["district_a"].pk, "include_below": True},
        {"unit": tree["district_a"].pk, "include_below": True, "role": "lead"},
        {"unit": tree["district_a"].pk, "include_below": True, "role": "coordinating"},
        {"unit": tree["finance"].pk, "status": "in_progress"},
    ]:
        kept, read = counts(**data)
        assert kept == read, data
    assert counts()[0]["total"] == 3
    # Whoever sees every unit is counted from the tally, not from the tasks.
    everything = TaskFilter({}, request=request)
    assert everything.is_valid()
    assert everything.counted_from_what_is_kept(None) is not None


RANDOM = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@RANDOM
@given(
    lives=st.lists(histories(), min_size=1, max_size=5),
    lateness_against=st.sampled_from(["current", "original"]),
    days_later=st.lists(st.sampled_from([0, 1, 30, 31, 90, 91, 120, 121, 400]), min_size=1, max_size=3),
    leads=st.lists(st.sampled_from(["district_a", "district_b", "finance"]), min_size=5, max_size=5),
    coordinating=st.lists(
        st.sets(st.sampled_from(["district_a", "commune_a1", "finance"])), min_size=5, max_size=5
    ),
)
def test_the_tally_and_the_copies_count_what_the_tasks_count_on_any_later_day(
    tree, time_machine, lives, lateness_against, days_later, leads, coordinating
):
    """Counted once, on the day the last thing happened, the tally and the copies give the counts the
    tasks give on that day and on every later day, without being counted again — a task falls
    overdue, or silent, by the date alone."""
    counted_on = max(_days_named_in(lives))
    time_machine.move_to(
        datetime(counted_on.year, counted_on.month, counted_on.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    Task.objects.all().delete()
    with override_settings(RESOLUTE_LATENESS_AGAINST=lateness_against):
        for (history, noise), lead, units in zip(lives, leads, coordinating, strict=False):
            task = make_task(lead_unit=tree[lead], **noise, **_fields(history))
            TaskCoordination.objects.bulk_create(
                [TaskCoordination(task=task, unit=tree[unit]) for unit in sorted(units) if unit != lead]
            )
        refresh_copies()
        subtree = [tree["district_a"].pk, tree["commune_a1"].pk]
        for days in sorted(days_later):
            day = later(counted_on, days)
            time_machine.move_to(
                datetime(day.year, day.month, day.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
            )
            tasks = Task.objects.as_of(day)
            assert counted_from_tally(day) == count_by_status(tasks), f"on {day}"
            assert counted_from_tally(day, subtree) == count_by_status(tasks.filter(lead_unit__in=subtree))
            coordinated = tasks.filter(coordinations__unit__in=subtree).distinct()
            assert counted_from_coordinations(day, subtree, leading_excluded=False) == count_by_status(
                Task.objects.as_of(day).filter(pk__in=coordinated.values("pk"))
            )
            assert counted_from_coordinations(day, subtree, leading_excluded=True) == count_by_status(
                Task.objects.as_of(day).filter(pk__in=coordinated.values("pk")).exclude(lead_unit__in=subtree)
            )
