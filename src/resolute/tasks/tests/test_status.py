"""A task's status on a day, at every edge of the rules, in SQL (`Task.objects.as_of`) and in the
plain-Python reference (`status_on`) alike."""

from datetime import date, timedelta

import pytest
from django.test import override_settings

from resolute.tasks.models import Task
from resolute.tasks.status import OverdueAge, TaskHistory, TaskStatus, status_on

from .status_factories import make_task_from_history

ASSIGNED = date(2025, 1, 2)
DEADLINE = date(2025, 3, 31)


def days_after(day: date, days: int) -> date:
    return day + timedelta(days=days)


def history(**fields) -> TaskHistory:
    values = {
        "assigned_on": ASSIGNED,
        "original_deadline": DEADLINE,
        "approved_extensions": [],
        "accepted_completions": [],
        "report_dates": [],
        "cancelled_on": None,
    }
    values.update(fields)
    return TaskHistory(**values)


@pytest.fixture
def judge(tree):
    """judge(history, day) → (status, overdue age), after checking that SQL and Python agree."""

    def status_of(task_history: TaskHistory, day: date):
        task = make_task_from_history(task_history, lead_unit=tree["district_a"])
        row = Task.objects.as_of(day).filter(pk=task.pk).values("status", "overdue_age").get()
        in_sql = (row["status"], row["overdue_age"])
        in_python = status_on(task_history, day)
        assert in_sql == in_python, f"SQL says {in_sql}, the reference says {in_python}"
        return in_sql

    return status_of


# -- deadlines and overdue ages --------------------------------------------------------------------


def test_a_task_due_today_is_in_progress(judge):
    assert judge(history(), DEADLINE) == (TaskStatus.IN_PROGRESS, None)


def test_a_task_the_day_after_its_deadline_is_overdue_by_up_to_30_days(judge):
    assert judge(history(), days_after(DEADLINE, 1)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_30)


def test_a_task_30_days_late_is_still_in_the_first_overdue_bucket(judge):
    assert judge(history(), days_after(DEADLINE, 30)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_30)


def test_a_task_31_days_late_moves_to_the_31_to_120_days_bucket(judge):
    assert judge(history(), days_after(DEADLINE, 31)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_120)


def test_a_task_120_days_late_is_still_in_the_31_to_120_days_bucket(judge):
    assert judge(history(), days_after(DEADLINE, 120)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_120)


def test_a_task_121_days_late_is_more_than_120_days_overdue(judge):
    assert judge(history(), days_after(DEADLINE, 121)) == (TaskStatus.OVERDUE, OverdueAge.OVER_120)


def test_a_task_on_its_assignment_day_is_in_progress(judge):
    assert judge(history(), ASSIGNED) == (TaskStatus.IN_PROGRESS, None)


# -- completion --------------------------------------------------------------------------------


def test_a_completion_proposed_on_the_deadline_day_is_on_time(judge):
    accepted = history(accepted_completions=[(days_after(DEADLINE, 10), DEADLINE)])
    assert judge(accepted, days_after(DEADLINE, 10)) == (TaskStatus.COMPLETED_ON_TIME, None)


def test_a_completion_proposed_the_day_after_the_deadline_is_late(judge):
    accepted = history(accepted_completions=[(days_after(DEADLINE, 3), days_after(DEADLINE, 1))])
    assert judge(accepted, days_after(DEADLINE, 3)) == (TaskStatus.COMPLETED_LATE, None)


def test_a_completion_accepted_after_the_day_asked_about_does_not_count_yet(judge):
    accepted_later = history(accepted_completions=[(days_after(DEADLINE, 5), days_after(DEADLINE, -1))])
    assert judge(accepted_later, days_after(DEADLINE, 2)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_30)
    assert judge(accepted_later, days_after(DEADLINE, 5)) == (TaskStatus.COMPLETED_ON_TIME, None)


def test_a_returned_completion_changes_nothing(tree):
    day = days_after(DEADLINE, 40)
    returned = history()
    task = make_task_from_history(
        returned, lead_unit=tree["district_a"], returned_completions=[(days_after(DEADLINE, -2), DEADLINE)]
    )
    row = Task.objects.as_of(day).values("status", "overdue_age", "completed_on_as_of").get(pk=task.pk)
    assert row == {
        "status": TaskStatus.OVERDUE,
        "overdue_age": OverdueAge.UP_TO_120,
        "completed_on_as_of": None,
    }
    assert status_on(returned, day) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_120)


def test_a_completed_standing_task_is_completed_on_time(judge):
    standing = history(original_deadline=None, accepted_completions=[(date(2025, 9, 2), date(2025, 9, 1))])
    assert judge(standing, date(2025, 9, 2)) == (TaskStatus.COMPLETED_ON_TIME, None)


# -- extensions ------------------------------------------------------------------------------------


def test_an_extension_decided_after_the_day_asked_about_does_not_count_yet(judge):
    extended = history(approved_extensions=[(days_after(DEADLINE, 10), date(2025, 6, 30))])
    assert judge(extended, days_after(DEADLINE, 9)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_30)
    assert judge(extended, days_after(DEADLINE, 10)) == (TaskStatus.IN_PROGRESS, None)


def test_the_deadline_in_force_on_a_day_is_the_one_decided_last_by_then(tree):
    extended = history(
        approved_extensions=[(date(2025, 3, 20), date(2025, 6, 30)), (date(2025, 5, 5), date(2025, 5, 31))]
    )
    task = make_task_from_history(extended, lead_unit=tree["district_a"])

    def deadline_on(day):
        return Task.objects.as_of(day).values_list("deadline_as_of", flat=True).get(pk=task.pk)

    assert deadline_on(date(2025, 3, 19)) == DEADLINE
    assert deadline_on(date(2025, 3, 20)) == date(2025, 6, 30)
    # A later decision wins even when it brings the deadline forward.
    assert deadline_on(date(2025, 5, 5)) == date(2025, 5, 31)


def test_of_two_extensions_decided_on_the_same_day_the_one_recorded_last_wins(judge):
    same_day = date(2025, 3, 20)
    extended = history(approved_extensions=[(same_day, date(2025, 4, 30)), (same_day, date(2025, 6, 30))])
    assert judge(extended, date(2025, 5, 15)) == (TaskStatus.IN_PROGRESS, None)


def test_a_rejected_extension_changes_nothing(tree):
    day = days_after(DEADLINE, 5)
    task = make_task_from_history(
        history(), lead_unit=tree["district_a"], rejected_extensions=[(date(2025, 3, 25), date(2025, 6, 30))]
    )
    row = Task.objects.as_of(day).values("status", "deadline_as_of").get(pk=task.pk)
    assert row == {"status": TaskStatus.OVERDUE, "deadline_as_of": DEADLINE}


def test_a_completion_inside_an_approved_extension_is_on_time_by_default(judge):
    extended = history(
        approved_extensions=[(date(2025, 3, 20), date(2025, 6, 30))],
        accepted_completions=[(date(2025, 5, 2), date(2025, 5, 1))],
    )
    assert judge(extended, date(2025, 5, 2)) == (TaskStatus.COMPLETED_ON_TIME, None)


@override_settings(RESOLUTE_LATENESS_AGAINST="original")
def test_judged_against_the_original_deadline_the_same_completion_is_late(judge):
    extended = history(
        approved_extensions=[(date(2025, 3, 20), date(2025, 6, 30))],
        accepted_completions=[(date(2025, 5, 2), date(2025, 5, 1))],
    )
    assert judge(extended, date(2025, 5, 2)) == (TaskStatus.COMPLETED_LATE, None)


def test_an_extended_task_past_its_original_deadline_is_in_progress_by_default(judge):
    extended = history(approved_extensions=[(date(2025, 3, 20), date(2025, 6, 30))])
    assert judge(extended, date(2025, 4, 15)) == (TaskStatus.IN_PROGRESS, None)


@override_settings(RESOLUTE_LATENESS_AGAINST="original")
def test_judged_against_the_original_deadline_an_extended_task_is_overdue_from_it(judge):
    extended = history(approved_extensions=[(date(2025, 3, 20), date(2025, 6, 30))])
    assert judge(extended, date(2025, 4, 15)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_30)


@override_settings(RESOLUTE_LATENESS_AGAINST="original")
def test_the_judged_deadline_is_the_original_one_when_lateness_counts_against_it(tree):
    extended = history(approved_extensions=[(date(2025, 3, 20), date(2025, 6, 30))])
    task = make_task_from_history(extended, lead_unit=tree["district_a"])
    row = Task.objects.as_of(date(2025, 4, 15)).values("deadline_as_of", "judged_deadline").get(pk=task.pk)
    assert row == {"deadline_as_of": date(2025, 6, 30), "judged_deadline": DEADLINE}


# -- standing tasks (no deadline) ------------------------------------------------------------------


def test_a_standing_task_that_reported_89_days_ago_is_reporting(judge):
    day = date(2025, 9, 1)
    standing = history(original_deadline=None, report_dates=[days_after(day, -89)])
    assert judge(standing, day) == (TaskStatus.NO_DEADLINE, None)


def test_a_standing_task_that_reported_90_days_ago_is_still_reporting(judge):
    day = date(2025, 9, 1)
    standing = history(original_deadline=None, report_dates=[days_after(day, -90)])
    assert judge(standing, day) == (TaskStatus.NO_DEADLINE, None)


def test_a_standing_task_that_last_reported_91_days_ago_is_silent(judge):
    day = date(2025, 9, 1)
    standing = history(original_deadline=None, report_dates=[date(2025, 2, 1), days_after(day, -91)])
    assert judge(standing, day) == (TaskStatus.NO_DEADLINE_SILENT, None)


def test_a_standing_task_that_never_reported_is_silent_91_days_after_assignment(judge):
    standing = history(original_deadline=None)
    assert judge(standing, days_after(ASSIGNED, 90)) == (TaskStatus.NO_DEADLINE, None)
    assert judge(standing, days_after(ASSIGNED, 91)) == (TaskStatus.NO_DEADLINE_SILENT, None)


def test_a_report_dated_after_the_day_asked_about_does_not_count_yet(judge):
    day = date(2025, 9, 1)
    standing = history(original_deadline=None, report_dates=[days_after(day, -120), days_after(day, 1)])
    assert judge(standing, day) == (TaskStatus.NO_DEADLINE_SILENT, None)


@override_settings(RESOLUTE_SILENT_TASK_DAYS=30)
def test_the_silence_limit_follows_the_setting(judge):
    day = date(2025, 9, 1)
    standing = history(original_deadline=None, report_dates=[days_after(day, -31)])
    assert judge(standing, day) == (TaskStatus.NO_DEADLINE_SILENT, None)


# -- cancellation and existence --------------------------------------------------------------------


def test_a_cancelled_task_is_cancelled_from_the_day_of_cancellation(judge):
    cancelled = history(cancelled_on=date(2025, 5, 10))
    assert judge(cancelled, date(2025, 5, 10)) == (TaskStatus.CANCELLED, None)


def test_before_its_cancellation_a_task_has_the_status_it_had_then(judge):
    cancelled = history(cancelled_on=date(2025, 5, 10))
    assert judge(cancelled, date(2025, 5, 9)) == (TaskStatus.OVERDUE, OverdueAge.UP_TO_120)


def test_cancellation_outranks_an_accepted_completion(judge):
    both = history(accepted_completions=[(date(2025, 3, 1), date(2025, 3, 1))], cancelled_on=date(2025, 4, 1))
    assert judge(both, date(2025, 4, 1)) == (TaskStatus.CANCELLED, None)


def test_a_task_assigned_after_the_day_asked_about_is_absent(tree):
    task = make_task_from_history(history(), lead_unit=tree["district_a"])
    assert not Task.objects.as_of(days_after(ASSIGNED, -1)).filter(pk=task.pk).exists()
    assert Task.objects.as_of(ASSIGNED).filter(pk=task.pk).exists()


def test_the_status_can_be_filtered_and_sorted_in_the_database(tree):
    day = days_after(DEADLINE, 45)
    overdue = make_task_from_history(history(), lead_unit=tree["district_a"])
    on_time = make_task_from_history(
        history(accepted_completions=[(DEADLINE, DEADLINE)]), lead_unit=tree["district_b"]
    )
    in_progress = make_task_from_history(
        history(original_deadline=date(2025, 12, 31)), lead_unit=tree["finance"]
    )
    tasks = Task.objects.as_of(day)
    assert list(tasks.filter(status=TaskStatus.OVERDUE, overdue_age=OverdueAge.UP_TO_120)) == [overdue]
    assert list(tasks.order_by("status").values_list("pk", flat=True)) == [
        on_time.pk,
        in_progress.pk,
        overdue.pk,
    ]
