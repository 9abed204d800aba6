"""Working days in Vietnam: weekends, the statutory holidays of any year, and the office's adjustments."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from resolute.core import calendar as working
from resolute.core import clock
from resolute.core.actions import create_calendar_adjustment, delete_calendar_adjustment
from resolute.core.calendar import WorkingCalendar, statutory_holidays
from resolute.core.lunar import lunar_new_year
from resolute.core.models import CalendarAdjustment, ChangeLogEntry

# The law alone, no adjustments and no database.
LAW = WorkingCalendar(adjustments={})


def test_lists_the_statutory_holidays_of_2026():
    assert sorted(statutory_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 2, 16),  # lunar New Year's Eve
        date(2026, 2, 17),  # Tết, 1st day of the Year of the Horse
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
        date(2026, 4, 26),  # Hùng Kings, 10/3 lunar
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),
        date(2026, 9, 2),
    ]


@pytest.mark.parametrize("year", range(2020, 2031))
def test_tet_is_the_last_day_of_the_lunar_year_and_the_first_four_of_the_new_one(year):
    new_year = lunar_new_year(year)
    holidays = statutory_holidays(year)
    for offset in range(-1, 4):
        assert new_year + timedelta(days=offset) in holidays
    assert new_year + timedelta(days=4) not in holidays
    assert new_year - timedelta(days=2) not in holidays


def test_national_day_has_its_adjacent_day_only_from_the_2019_labour_code():
    assert date(2020, 9, 1) not in statutory_holidays(2020)
    assert date(2021, 9, 1) in statutory_holidays(2021)
    assert date(2025, 9, 1) in statutory_holidays(2025)


def test_weekends_are_days_off_and_weekdays_are_working_days():
    assert LAW.is_working_day(date(2026, 3, 6))  # a Friday
    assert not LAW.is_working_day(date(2026, 3, 7))  # Saturday
    assert not LAW.is_working_day(date(2026, 3, 8))  # Sunday


def test_a_deadline_on_a_holiday_moves_to_the_next_working_day():
    # 30/4 and 1/5 of 2026 are Thursday and Friday; the weekend follows.
    assert LAW.add_working_days(date(2026, 4, 30), 0) == date(2026, 5, 4)
    assert LAW.add_working_days(date(2026, 5, 4), 0) == date(2026, 5, 4)


def test_counting_past_tet_skips_the_whole_holiday_and_the_weekends_around_it():
    # Friday 13 February 2026, then the weekend, Tết from Monday 16 to Friday 20, the weekend again.
    assert LAW.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert LAW.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)


def test_a_tet_in_january_is_skipped_as_well():
    # Tết 2028 begins on Wednesday 26 January; its eve is Tuesday 25, the holiday ends on Saturday.
    assert LAW.add_working_days(date(2028, 1, 24), 1) == date(2028, 1, 31)


def test_counting_crosses_the_end_of_a_month_and_of_a_year():
    assert LAW.add_working_days(date(2026, 1, 30), 1) == date(2026, 2, 2)
    assert LAW.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)  # 1/1 is a holiday
    assert LAW.add_working_days(date(2026, 1, 2), -1) == date(2025, 12, 31)
    assert LAW.add_working_days(date(2027, 2, 26), 1) == date(2027, 3, 1)


def test_the_29th_of_february_of_a_leap_year_is_a_working_day_like_any_other():
    assert LAW.add_working_days(date(2028, 2, 28), 1) == date(2028, 2, 29)
    assert LAW.add_working_days(date(2028, 2, 29), 1) == date(2028, 3, 1)
    assert LAW.add_working_days(date(2028, 3, 1), -1) == date(2028, 2, 29)
    assert LAW.working_days_between(date(2028, 1, 31), date(2028, 2, 29)) == 21


def test_counts_the_working_days_of_a_month_with_tet():
    assert LAW.working_days_between(date(2026, 1, 31), date(2026, 2, 28)) == 15
    assert LAW.working_days_between(date(2026, 2, 27), date(2026, 1, 30)) == -15
    assert LAW.working_days_between(date(2026, 2, 28), date(2026, 2, 28)) == 0


def test_stepping_back_from_a_day_off_lands_on_the_last_working_day_before_it():
    assert LAW.add_working_days(date(2026, 3, 8), -1) == date(2026, 3, 6)  # Sunday → Friday
    assert LAW.add_working_days(date(2026, 3, 9), -5) == date(2026, 3, 2)


def test_a_holiday_on_a_weekend_gives_no_day_in_lieu_by_itself():
    # Hùng Kings' day 2026 is a Sunday: the Monday after is a working day until the office says not.
    assert date(2026, 4, 26).weekday() == 6
    assert LAW.is_working_day(date(2026, 4, 27))


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    n=st.integers(min_value=-40, max_value=40).filter(bool),
)
def test_counting_the_days_between_undoes_adding_them(start, n):
    end = LAW.add_working_days(start, n)
    assert LAW.working_days_between(start, end) == n
    assert LAW.is_working_day(end)


@time_machine.travel(datetime(2026, 2, 13, 23, 30, tzinfo=UTC), tick=False)
def test_today_in_vietnam_decides_whether_today_is_a_working_day():
    # Friday 23:30 in UTC is Saturday 06:30 in Hà Nội: a day off, and the next working day is after Tết.
    assert clock.today() == date(2026, 2, 14)
    assert not LAW.is_working_day(clock.today())
    assert LAW.add_working_days(clock.today(), 0) == date(2026, 2, 23)


# -- the office's adjustments (database) ---------------------------------------------------


def test_a_swapped_saturday_is_worked_and_the_bridge_day_is_off(db, users):
    office = users["office"]
    create_calendar_adjustment(
        acting_user=office, day=date(2026, 1, 2), kind="day_off", reason="Bridge day after New Year"
    )
    create_calendar_adjustment(
        acting_user=office, day=date(2026, 1, 10), kind="working_day", reason="Worked for 2 January"
    )
    assert not working.is_working_day(date(2026, 1, 2))
    assert working.is_working_day(date(2026, 1, 10))
    # 31/12 (Wednesday) + 1: 1/1 and the bridge day are off, the weekend too → Monday 5 January.
    assert working.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    # From Friday 9 January, the next working day is the swapped Saturday.
    assert working.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    holidays = working.public_holidays(2026)
    assert holidays[date(2026, 1, 2)] == "Bridge day after New Year"
    assert date(2026, 1, 10) not in holidays


def test_the_office_can_move_the_national_day_pair_to_the_third(db, users):
    office = users["office"]
    create_calendar_adjustment(acting_user=office, day=date(2026, 9, 1), kind="working_day", reason="3/9")
    create_calendar_adjustment(acting_user=office, day=date(2026, 9, 3), kind="day_off", reason="Quốc khánh")
    holidays = working.public_holidays(2026)
    assert date(2026, 9, 1) not in holidays and date(2026, 9, 3) in holidays
    assert working.is_working_day(date(2026, 9, 1))
    assert working.next_working_day(date(2026, 9, 2)) == date(2026, 9, 4)


def test_a_compensatory_day_entered_by_the_office_is_a_day_off(db, users):
    create_calendar_adjustment(
        acting_user=users["office"], day=date(2026, 4, 27), kind="day_off", reason="In lieu of 26/4"
    )
    assert not working.is_working_day(date(2026, 4, 27))
    # After Friday 24 April up to Monday 4 May: 28 and 29 April, and 4 May itself.
    assert working.working_days_between(date(2026, 4, 24), date(2026, 5, 4)) == 3


def test_adjustments_are_logged_and_one_day_holds_one_adjustment(db, users):
    adjustment = create_calendar_adjustment(
        acting_user=users["office"], day=date(2026, 2, 21), kind="day_off", reason="Tết schedule"
    )
    with pytest.raises(ValidationError):
        create_calendar_adjustment(
            acting_user=users["office"], day=date(2026, 2, 21), kind="working_day", reason="again"
        )
    delete_calendar_adjustment(acting_user=users["admin"], adjustment=adjustment)
    assert not CalendarAdjustment.objects.exists()
    log = list(
        ChangeLogEntry.objects.filter(content_type__model="calendaradjustment")
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert log == [("create", "office"), ("delete", "admin")]


def test_a_working_calendar_reads_each_year_of_adjustments_once(db, django_assert_num_queries):
    calendar = WorkingCalendar()
    with django_assert_num_queries(2):  # 2026 and 2027
        calendar.add_working_days(date(2026, 12, 1), 40)
        calendar.add_working_days(date(2026, 12, 1), 30)
