"""Reporting periods, named as DHIS2 names them: monthly 202503, quarterly 2025Q1, six-monthly 2025S1,
yearly 2025. A period is a value object with its first and last day; ordering and arithmetic work
within one period type."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    SIX_MONTHLY = "six_monthly", _("six-monthly")
    YEARLY = "yearly", _("yearly")


# The years a period, a day asked for in a query string or a year of a page may fall in: those of
# resolutions, baselines and reporting (the API's `Year` and the extraction review's forms use the
# same range), narrow enough that a day's neighbours are always real dates. Year 0 or 9999 would
# parse, then fail in every calendar and chart that draws the period.
FIRST_YEAR, LAST_YEAR = 1900, 2100

MONTHS_IN = {PeriodType.MONTHLY: 1, PeriodType.QUARTERLY: 3, PeriodType.SIX_MONTHLY: 6, PeriodType.YEARLY: 12}
PATTERNS = [
    (PeriodType.MONTHLY, re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")),
    (PeriodType.QUARTERLY, re.compile(r"^(\d{4})Q([1-4])$")),
    (PeriodType.SIX_MONTHLY, re.compile(r"^(\d{4})S([12])$")),
    (PeriodType.YEARLY, re.compile(r"^(\d{4})$")),
]


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. `index` counts periods of its type from 1 within the year."""

    year: int
    type: str
    index: int

    @classmethod
    def parse(cls, code: str) -> "Period":
        code = (code or "").strip().upper()
        for period_type, pattern in PATTERNS:
            match = pattern.match(code)
            if match:
                year = int(match.group(1))
                if not FIRST_YEAR <= year <= LAST_YEAR:
                    break
                index = int(match.group(2)) if period_type != PeriodType.YEARLY else 1
                return cls(year=year, type=period_type, index=index)
        raise ValueError(
            f"{code!r} is not a period (expected 202503, 2025Q1, 2025S1 or 2025, from {FIRST_YEAR} to "
            f"{LAST_YEAR})"
        )

    @classmethod
    def containing(cls, day: date, period_type: str) -> "Period":
        months = MONTHS_IN[period_type]
        return cls(year=day.year, type=period_type, index=(day.month - 1) // months + 1)

    @classmethod
    def all_in_year(cls, year: int, period_type: str) -> list["Period"]:
        return [cls(year=year, type=period_type, index=i) for i in range(1, 12 // MONTHS_IN[period_type] + 1)]

    @property
    def code(self) -> str:
        if self.type == PeriodType.MONTHLY:
            return f"{self.year}{self.index:02d}"
        if self.type == PeriodType.QUARTERLY:
            return f"{self.year}Q{self.index}"
        if self.type == PeriodType.SIX_MONTHLY:
            return f"{self.year}S{self.index}"
        return f"{self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, (self.index - 1) * MONTHS_IN[self.type] + 1, 1)

    @property
    def last_day(self) -> date:
        month = self.index * MONTHS_IN[self.type]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def previous(self) -> "Period":
        if self.index > 1:
            return Period(self.year, self.type, self.index - 1)
        return Period(self.year - 1, self.type, 12 // MONTHS_IN[self.type])

    def next(self) -> "Period":
        if self.index < 12 // MONTHS_IN[self.type]:
            return Period(self.year, self.type, self.index + 1)
        return Period(self.year + 1, self.type, 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def __str__(self) -> str:
        return self.code
