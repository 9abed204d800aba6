"""On random histories and random days, the status computed in SQL is exactly the one the
plain-Python reference gives — status and overdue age, under either lateness rule."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.tasks.models import Task
from resolute.tasks.querysets import StatusRules
from resolute.tasks.status import OverdueAge, TaskHistory, TaskStatus, status_on

from .status_factories import make_task

pytestmark = pytest.mark.django_db

FIRST_DAY = date(2024, 1, 1)


def later(day: date, days: int) -> date:
    return day + timedelta(days=days)


@st.composite
def histories(draw):
    """A task's life: assigned on a day, perhaps a deadline, decisions taken on later days (some
    approving or accepting, some not), reports, perhaps a cancellation."""
    assigned_on = later(FIRST_DAY, draw(st.integers(0, 400)))
    days_after_assignment = st.integers(0, 400).map(lambda days: later(assigned_on, days))
    # Decisions are taken on a few days only, so two are often taken on the same day.
    decision_days = st.sampled_from(draw(st.lists(days_after_assignment, min_size=1, max_size=3)))
    deadline = draw(st.none() | days_after_assignment)

    def decisions(max_size):
        return st.lists(st.tuples(decision_days, days_after_assignment), max_size=max_size)

    # A completion is decided on or after the day it was proposed.
    completions = st.lists(
        st.tuples(days_after_assignment, st.integers(0, 60)).map(
            lambda pair: (later(pair[0], pair[1]), pair[0])
        ),
        max_size=2,
    )
    history = TaskHistory(
        assigned_on=assigned_on,
        original_deadline=deadline,
        approved_extensions=draw(decisions(3)),
        accepted_completions=draw(completions),
        report_dates=draw(st.lists(days_after_assignment, max_size=4)),
        cancelled_on=draw(st.none() | days_after_assignment),
    )
    noise = {
        "rejected_extensions": draw(decisions(1)),
        "returned_completions": draw(completions.map(lambda items: items[:1])),
    }
    return history, noise


# Days around a date named in a history where a rule changes its answer: the day itself, the day
# after, and the overdue-age and silence limits.
EDGES = [-1, 0, 1, 30, 31, 90, 91, 120, 121]


def _days_named_in(lives) -> list[date]:
    days = []
    for history, noise in lives:
        days += [history.assigned_on, *history.report_dates]
        days += [day for day in (history.original_deadline, history.cancelled_on) if day is not None]
        decided = history.approved_extensions + history.accepted_completions
        decided += noise["rejected_extensions"] + noise["returned_completions"]
        days += [day for pair in decided for day in pair]
    return days


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lives=st.lists(histories(), min_size=1, max_size=4),
    lateness_against=st.sampled_from(["current", "original"]),
    data=st.data(),
)
def test_the_status_in_sql_matches_the_reference_on_any_history_and_day(tree, lives, lateness_against, data):
    any_day = st.integers(-30, 900).map(lambda days: later(FIRST_DAY, days))
    edge_day = st.tuples(st.sampled_from(_days_named_in(lives)), st.sampled_from(EDGES)).map(
        lambda pair: later(*pair)
    )
    days = data.draw(st.lists(any_day | edge_day, min_size=1, max_size=3), label="days")
    Task.objects.all().delete()
    with override_settings(RESOLUTE_LATENESS_AGAINST=lateness_against):
        tasks = [
            (make_task(lead_unit=tree["district_a"], **noise, **_fields(history)), history)
            for history, noise in lives
        ]
        for day in days:
            in_sql = {
                row["pk"]: (row["status"], row["overdue_age"])
                for row in Task.objects.as_of(day).values("pk", "status", "overdue_age")
            }
            expected = {
                task.pk: status_on(history, day) for task, history in tasks if history.assigned_on <= day
            }
            assert in_sql == expected, f"on {day}"
            # Read from the history alone, without the shortcuts of the stored columns: the same.
            assert _in_sql(Task.objects.history_as_of(day)) == expected, f"on {day}, from the history"


def _fields(history: TaskHistory) -> dict:
    return {
        "assigned_on": history.assigned_on,
        "deadline": history.original_deadline,
        "approved_extensions": history.approved_extensions,
        "accepted_completions": history.accepted_completions,
        "report_dates": history.report_dates,
        "cancelled_on": history.cancelled_on,
    }


def _in_sql(tasks) -> dict[int, tuple[str, str | None]]:
    return {
        row["pk"]: (row["status"], row["overdue_age"]) for row in tasks.values("pk", "status", "overdue_age")
    }


def _filtered_the_same(tasks, day: date, in_sql: dict) -> None:
    """Each status filter keeps exactly the tasks the `status` annotation gives that status."""
    for status in TaskStatus:
        kept = set(tasks.in_status(status, day).values_list("pk", flat=True))
        assert kept == {pk for pk, (judged, _age) in in_sql.items() if judged == status}, f"{status} on {day}"
    for age in OverdueAge:
        kept = set(tasks.overdue_by(age, day).values_list("pk", flat=True))
        assert kept == {pk for pk, (_status, judged) in in_sql.items() if judged == age}, f"{age} on {day}"


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lives=st.lists(histories(), min_size=1, max_size=4),
    lateness_against=st.sampled_from(["current", "original"]),
    days_later=st.sampled_from([0, 1, 30, 31, 90, 91, 120, 121, 400]),
)
def test_today_read_from_the_stored_columns_is_the_replayed_status(
    tree, time_machine, lives, lateness_against, days_later
):
    """Today nothing is dated after today: the status read from the columns the actions keep is
    the one replayed from the history, and each status filter keeps the tasks of that status."""
    today = later(max(_days_named_in(lives)), days_later)
    time_machine.move_to(datetime(today.year, today.month, today.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    Task.objects.all().delete()
    with override_settings(RESOLUTE_LATENESS_AGAINST=lateness_against):
        tasks = [
            (make_task(lead_unit=tree["district_a"], **noise, **_fields(history)), history)
            for history, noise in lives
        ]
        assert StatusRules(today).stored
        stored = _in_sql(Task.objects.as_of(today))
        assert stored == _in_sql(Task.objects.replayed_as_of(today))
        assert stored == {task.pk: status_on(history, today) for task, history in tasks}
        _filtered_the_same(Task.objects.as_of(today), today, stored)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lives=st.lists(histories(), min_size=1, max_size=4), data=st.data())
def test_each_status_filter_keeps_the_tasks_of_that_status_on_a_past_day(tree, lives, data):
    day = data.draw(
        st.tuples(st.sampled_from(_days_named_in(lives)), st.sampled_from(EDGES)).map(
            lambda pair: later(*pair)
        )
    )
    Task.objects.all().delete()
    for history, noise in lives:
        make_task(lead_unit=tree["district_a"], **noise, **_fields(history))
    tasks = Task.objects.as_of(day)
    _filtered_the_same(tasks, day, _in_sql(tasks))
