"""Working days in Vietnam: weekends, public holidays and the office's adjustments.

The statutory public holidays (Labour Code 2019, Art. 112), for any year:

- 1/1, New Year's Day;
- Tết Nguyên Đán, the lunar New Year: the last day of the old lunar year and the first four days of
  the new one (five days), computed from the lunar calendar (see `core.lunar`);
- 10/3 of the lunar calendar, the Hùng Kings' Commemoration Day;
- 30/4, Reunification Day, and 1/5, International Labour Day;
- 2/9, National Day, and one day next to it (1/9 or 3/9; the law leaves the choice to the Government
  each year). From 2021, when the 2019 Code took effect; before that 2/9 stood alone. This module
  assumes 1/9; the office records the other choice as an adjustment.

Saturday and Sunday are days off.

What the law does not settle is left to the office, entered as `CalendarAdjustment` rows:

- The Government's actual Tết schedule, which often moves or adds days around the five above.
- Compensatory days. When a holiday falls on a weekend, the Labour Code gives *employees* a day off
  in lieu, but for civil servants and public employees the day in lieu is not automatic: it comes
  from the Government's (or the Ministry of Home Affairs') notice for that year. Resolute therefore
  adds no compensatory day by itself; the office enters the day off from the notice.
- Swapped days: a Saturday worked in exchange for a bridge day off is a `working_day` adjustment.

An adjustment decides its day outright, above both the weekend and the statutory list.

Reading adjustments costs a query per year; `WorkingCalendar` keeps them for the life of one
object, so a caller computing many deadlines makes one and reuses it. The module-level functions
make a fresh one each call, so they always see the latest adjustments.
"""

from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from .lunar import from_lunar, lunar_new_year

SATURDAY, SUNDAY = 5, 6
# The values of `CalendarAdjustment.Kind`, named here so the pure parts need no model import.
DAY_OFF, WORKING_DAY = "day_off", "working_day"

# The 2019 Labour Code (the adjacent day to National Day) took effect on 1 January 2021.
NATIONAL_DAY_SECOND_DAY_FROM = 2021


def statutory_holidays(year: int) -> dict[date, str]:
    """The public holidays the law gives in a solar year, before any adjustment, with their names
    (lazy translations), sorted by day. Pure computation; a fresh copy the caller may change."""
    return dict(_statutory_holidays(year))


@lru_cache(maxsize=256)
def _statutory_holidays(year: int) -> dict[date, str]:
    """The cached computation behind `statutory_holidays`; callers inside this module only read it."""
    holidays: dict[date, str] = {date(year, 1, 1): _("New Year's Day")}
    new_year = lunar_new_year(year)
    # Tết always starts between 21 January and 20 February, so its eve stays in the same solar year.
    holidays[new_year - timedelta(days=1)] = _("Tết: lunar New Year's Eve")
    for offset in range(4):
        holidays[new_year + timedelta(days=offset)] = _("Tết: lunar New Year")
    holidays[from_lunar(year, 3, 10)] = _("Hùng Kings' Commemoration Day")
    holidays[date(year, 4, 30)] = _("Reunification Day")
    holidays[date(year, 5, 1)] = _("International Labour Day")
    holidays[date(year, 9, 2)] = _("National Day")
    if year >= NATIONAL_DAY_SECOND_DAY_FROM:
        holidays[date(year, 9, 1)] = _("National Day (adjacent day)")
    return dict(sorted(holidays.items()))


def _adjustments_of_year(year: int) -> dict[date, tuple[str, str]]:
    """{day: (kind, reason)} of the office's adjustments in a solar year."""
    from .models import CalendarAdjustment  # models need the app registry; the pure parts do not

    rows = CalendarAdjustment.objects.filter(day__year=year).values_list("day", "kind", "reason")
    return {day: (kind, reason) for day, kind, reason in rows}


class WorkingCalendar:
    """The working calendar with the office's adjustments read once per year asked for.

    Make one per piece of work (a page, a job run) and reuse it; it does not notice adjustments
    made after it has read a year."""

    def __init__(self, adjustments=None):
        # `adjustments` lets pure tests supply {day: (kind, reason)} without a database.
        self._fixed_adjustments = adjustments
        self._adjustments_by_year: dict[int, dict[date, tuple[str, str]]] = {}

    def adjustments(self, year: int) -> dict[date, tuple[str, str]]:
        """{day: (kind, reason)} of the adjustments in a solar year."""
        if year not in self._adjustments_by_year:
            if self._fixed_adjustments is not None:
                found = {day: entry for day, entry in self._fixed_adjustments.items() if day.year == year}
            else:
                found = _adjustments_of_year(year)
            self._adjustments_by_year[year] = found
        return self._adjustments_by_year[year]

    def public_holidays(self, year: int) -> dict[date, str]:
        """The days off other than weekends in a solar year, with their names: the statutory
        holidays and the office's days off, less the statutory days the office turned into
        working days. Sorted by day."""
        holidays = statutory_holidays(year)
        for day, (kind, reason) in self.adjustments(year).items():
            if kind == DAY_OFF:
                holidays[day] = reason
            else:
                holidays.pop(day, None)
        return dict(sorted(holidays.items()))

    def is_working_day(self, day: date) -> bool:
        """Whether offices work on `day`: an adjustment decides if there is one; otherwise a
        weekday that is not a statutory holiday."""
        adjustment = self.adjustments(day.year).get(day)
        if adjustment is not None:
            return adjustment[0] == WORKING_DAY
        return day.weekday() not in (SATURDAY, SUNDAY) and day not in _statutory_holidays(day.year)

    def add_working_days(self, day: date, n: int) -> date:
        """The day `n` working days after `day` (before it when `n` is negative), not counting
        `day` itself. With n = 0: `day` if it is a working day, else the next working day, which
        is how a deadline that falls on a day off moves."""
        step = 1 if n >= 0 else -1
        if n == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return day
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The working days passed on the way from `start` to `end`, not counting `start` and counting
        `end`; negative when `end` comes first. So working_days_between(d, add_working_days(d, n))
        == n for every n other than 0."""
        step = timedelta(days=1 if end >= start else -1)
        count = 0
        day = start
        while day != end:
            day += step
            if self.is_working_day(day):
                count += 1
        return count if end >= start else -count


def is_working_day(day: date) -> bool:
    """Whether offices work on `day` (see `WorkingCalendar.is_working_day`)."""
    return WorkingCalendar().is_working_day(day)


def add_working_days(day: date, n: int) -> date:
    """`n` working days after `day`, or before it for negative `n`; n = 0 gives `day` itself when it
    is a working day, else the next working day (see `WorkingCalendar.add_working_days`)."""
    return WorkingCalendar().add_working_days(day, n)


def working_days_between(start: date, end: date) -> int:
    """Working days passed from `start` (not counted) to `end` (counted), negative when `end` is
    earlier (see `WorkingCalendar.working_days_between`)."""
    return WorkingCalendar().working_days_between(start, end)


def next_working_day(day: date) -> date:
    """`day` if offices work on it, else the first working day after it: where a deadline that
    falls on a holiday or a weekend moves to."""
    return WorkingCalendar().add_working_days(day, 0)


def public_holidays(year: int) -> dict[date, str]:
    """The year's days off other than weekends, with their names, including the office's
    adjustments (see `WorkingCalendar.public_holidays`)."""
    return WorkingCalendar().public_holidays(year)
