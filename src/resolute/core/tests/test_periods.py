from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolute.core.periods import Period, PeriodType


@pytest.mark.parametrize(
    ("code", "first", "last"),
    [
        ("202502", date(2025, 2, 1), date(2025, 2, 28)),
        ("202402", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025S2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_period_code_names_its_first_and_last_day(code, first, last):
    period = Period.parse(code)
    assert (period.first_day, period.last_day, period.code) == (first, last, code)


@pytest.mark.parametrize("code", ["202513", "2025Q5", "2025S3", "25", "2025-03", ""])
def test_a_malformed_period_is_refused(code):
    with pytest.raises(ValueError):
        Period.parse(code)


def test_the_period_before_january_is_last_december():
    assert Period.parse("202501").previous().code == "202412"
    assert Period.parse("2025Q1").previous().code == "2024Q4"
    assert Period.parse("2024S2").next().code == "2025S1"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(list(PeriodType)))
def test_every_day_lies_in_exactly_the_period_that_contains_it(day, period_type):
    period = Period.containing(day, period_type)
    assert period.contains(day)
    assert not period.previous().contains(day) and not period.next().contains(day)
    assert Period.parse(period.code) == period
    assert period.next().first_day == date.fromordinal(period.last_day.toordinal() + 1)
