"""The lunar calendar, computed in Vietnam's time zone, against known Tết and Hùng Kings' days."""

from datetime import date, timedelta

import pytest

from resolute.core.lunar import LunarDate, from_lunar, lunar_new_year, to_lunar

# Tết Nguyên Đán as published in Vietnam. 2030 is on 2 February: the new moon falls at 23:07 on
# 2 February in UTC+7, so the Vietnamese month begins that day, while in China (UTC+8) it is already
# 3 February, and Chinese New Year (the date often quoted) is one day later.
TET = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 2),
}


@pytest.mark.parametrize(("year", "expected"), sorted(TET.items()))
def test_finds_the_lunar_new_year_of_each_year_from_2020_to_2030(year, expected):
    assert lunar_new_year(year) == expected


def test_keeps_vietnams_own_tet_where_it_differs_from_chinas():
    # 1985 and 2007 are the well-known years when Vietnam's Tết came before China's.
    assert lunar_new_year(1985) == date(1985, 1, 21)
    assert lunar_new_year(2007) == date(2007, 2, 17)


def test_finds_the_hung_kings_day_on_the_tenth_of_the_third_lunar_month():
    assert from_lunar(2024, 3, 10) == date(2024, 4, 18)
    assert from_lunar(2025, 3, 10) == date(2025, 4, 7)
    assert from_lunar(2026, 3, 10) == date(2026, 4, 26)


def test_the_day_before_tet_is_the_last_day_of_the_old_lunar_year():
    eve = to_lunar(date(2024, 2, 9))
    assert (eve.year, eve.month) == (2023, 12)
    assert eve.day in (29, 30)
    assert to_lunar(date(2024, 2, 10)) == LunarDate(2024, 1, 1)


def test_recognises_the_leap_sixth_month_of_2025():
    assert to_lunar(date(2025, 7, 25)) == LunarDate(2025, 6, 1, leap=True)
    assert to_lunar(date(2025, 6, 25)) == LunarDate(2025, 6, 1, leap=False)
    assert from_lunar(2025, 6, 1, leap=True) == date(2025, 7, 25)


def test_refuses_a_leap_month_the_year_does_not_have():
    with pytest.raises(ValueError):
        from_lunar(2026, 6, 1, leap=True)
    with pytest.raises(ValueError):
        from_lunar(2025, 5, 1, leap=True)


def test_converts_every_day_from_2000_to_2050_there_and_back():
    day = date(2000, 1, 1)
    while day < date(2051, 1, 1):
        lunar = to_lunar(day)
        assert 1 <= lunar.day <= 30
        assert from_lunar(lunar.year, lunar.month, lunar.day, lunar.leap) == day
        day += timedelta(days=1)


def test_converts_the_29th_of_february():
    lunar = to_lunar(date(2024, 2, 29))
    assert lunar == LunarDate(2024, 1, 20)
    assert from_lunar(2024, 1, 20) == date(2024, 2, 29)


def test_refuses_the_thirtieth_of_a_month_of_twenty_nine_days():
    # In 2025 the sixth month has 30 days and its leap twin 29; the seventh follows the leap month.
    assert from_lunar(2025, 6, 30) == date(2025, 7, 24)
    assert to_lunar(from_lunar(2025, 6, 29, leap=True)) == LunarDate(2025, 6, 29, leap=True)
    with pytest.raises(ValueError):
        from_lunar(2025, 6, 30, leap=True)
