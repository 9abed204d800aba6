"""The Vietnamese lunar calendar, computed: converting between solar (Gregorian) and lunar dates.

This follows Hồ Ngọc Đức's published algorithm ("Âm lịch Việt Nam"), which derives the lunar
calendar from astronomy: the new moons (Jean Meeus's series, accurate to about two minutes) and the
sun's longitude, both taken in the time zone UTC+7 that Vietnam's calendar has used since 1968.
The time zone matters: Vietnam and China sometimes start a month (even Tết) on different days
because the new moon falls either side of midnight in their zones (Tết 1985 is the famous case).

Rules of the lunisolar calendar, as the algorithm applies them:

- a month starts on the day (in UTC+7) that holds the new moon;
- the 11th month is the one that contains the winter solstice;
- a year with 13 months between two 11th months has a leap month: the first month after the
  11th that contains no major solar term (the sun does not cross a multiple of 30°).

Only the standard library is used; results are cached, since the same years are asked many times.
"""

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

VIETNAM_UTC_OFFSET_HOURS = 7

# Julian day number of 1900-01-01 12:00 and the mean length of a synodic month in days:
# the algorithm's epoch for counting new moons.
_EPOCH_NEW_MOON = 2415021.076998695
_SYNODIC_MONTH = 29.530588853
# date.toordinal() counts 0001-01-01 as day 1; the Julian day number of that day is 1721426.
_ORDINAL_TO_JULIAN_DAY = 1721425


@dataclass(frozen=True)
class LunarDate:
    """A day in the Vietnamese lunar calendar; `leap` marks a day of the year's leap (intercalary) month."""

    year: int
    month: int
    day: int
    leap: bool = False


def _julian_day(day: date) -> int:
    return day.toordinal() + _ORDINAL_TO_JULIAN_DAY


def _from_julian_day(julian_day: int) -> date:
    return date.fromordinal(julian_day - _ORDINAL_TO_JULIAN_DAY)


def _new_moon(k: int) -> float:
    """The moment (Julian day, UTC) of the k-th new moon after the one of 1900-01-01."""
    t = k / 1236.85  # Julian centuries since 1900-01-01
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    sun_anomaly = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    moon_anomaly = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    latitude = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    m, mpr, f = sun_anomaly * dr, moon_anomaly * dr, latitude * dr
    c1 = (0.1734 - 0.000393 * t) * math.sin(m) + 0.0021 * math.sin(2 * m)
    c1 = c1 - 0.4068 * math.sin(mpr) + 0.0161 * math.sin(2 * mpr)
    c1 = c1 - 0.0004 * math.sin(3 * mpr)
    c1 = c1 + 0.0104 * math.sin(2 * f) - 0.0051 * math.sin(m + mpr)
    c1 = c1 - 0.0074 * math.sin(m - mpr) + 0.0004 * math.sin(2 * f + m)
    c1 = c1 - 0.0004 * math.sin(2 * f - m) - 0.0006 * math.sin(2 * f + mpr)
    c1 = c1 + 0.0010 * math.sin(2 * f - mpr) + 0.0005 * math.sin(2 * mpr + m)
    # Terrestrial time to universal time.
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _sun_longitude(julian_moment: float) -> float:
    """The sun's apparent longitude in radians, 0 to 2π, at a moment given as a Julian day (UTC)."""
    t = (julian_moment - 2451545.0) / 36525  # Julian centuries since J2000
    t2 = t * t
    dr = math.pi / 180
    mean_anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    correction = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * mean_anomaly)
    correction += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * mean_anomaly)
    correction += 0.000290 * math.sin(dr * 3 * mean_anomaly)
    longitude = (mean_longitude + correction) * dr
    return longitude - 2 * math.pi * math.floor(longitude / (2 * math.pi))


@lru_cache(maxsize=4096)
def _new_moon_day(k: int) -> int:
    """The Julian day number of the local (UTC+7) day that holds the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + VIETNAM_UTC_OFFSET_HOURS / 24)


def _solar_term_sector(julian_day: int) -> int:
    """Which 30° sector (0–11) the sun is in at the start of a local day: sector changes are the
    major solar terms; 9 is the one from the winter solstice (270°)."""
    moment = julian_day - 0.5 - VIETNAM_UTC_OFFSET_HOURS / 24
    return math.floor(_sun_longitude(moment) / math.pi * 6)


@lru_cache(maxsize=512)
def _month_11_start(year: int) -> int:
    """The Julian day number on which the lunar 11th month that holds the winter solstice of the
    solar `year` begins."""
    offset = _julian_day(date(year, 12, 31)) - 2415021
    k = math.floor(offset / _SYNODIC_MONTH)
    start = _new_moon_day(k)
    if _solar_term_sector(start) >= 9:
        # That new moon falls after the solstice: the 11th month began one moon earlier.
        start = _new_moon_day(k - 1)
    return start


@lru_cache(maxsize=512)
def _leap_month_offset(month_11_start: int) -> int:
    """In a 13-month year beginning at `month_11_start`, how many months after the 11th the leap
    month comes: the first month in which the sun enters no new sector."""
    k = math.floor((month_11_start - _EPOCH_NEW_MOON) / _SYNODIC_MONTH + 0.5)
    index = 1
    sector = _solar_term_sector(_new_moon_day(k + index))
    while True:
        previous = sector
        index += 1
        sector = _solar_term_sector(_new_moon_day(k + index))
        if sector == previous or index >= 14:
            break
    return index - 1


def to_lunar(day: date) -> LunarDate:
    """The lunar date of a solar (Gregorian) date, in Vietnam's time zone."""
    julian_day = _julian_day(day)
    # The mean month gives the right new moon to within one; step to the one that starts this month.
    k = math.floor((julian_day - _EPOCH_NEW_MOON) / _SYNODIC_MONTH) + 1
    while _new_moon_day(k) > julian_day:
        k -= 1
    while _new_moon_day(k + 1) <= julian_day:
        k += 1
    month_start = _new_moon_day(k)
    month_11 = _month_11_start(day.year)
    next_month_11 = month_11
    if month_11 >= month_start:
        lunar_year = day.year
        month_11 = _month_11_start(day.year - 1)
    else:
        lunar_year = day.year + 1
        next_month_11 = _month_11_start(day.year + 1)
    lunar_day = julian_day - month_start + 1
    months_since_11 = math.floor((month_start - month_11) / 29)
    leap = False
    lunar_month = months_since_11 + 11
    if next_month_11 - month_11 > 365:
        leap_offset = _leap_month_offset(month_11)
        if months_since_11 >= leap_offset:
            lunar_month = months_since_11 + 10
            leap = months_since_11 == leap_offset
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and months_since_11 < 4:
        lunar_year -= 1
    return LunarDate(year=lunar_year, month=lunar_month, day=lunar_day, leap=leap)


def from_lunar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar date of a lunar date. Raises ValueError for a leap month the year does not have
    or a day outside 1–30."""
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(f"No lunar date {day}/{month}/{year}.")
    if month < 11:
        month_11 = _month_11_start(year - 1)
        next_month_11 = _month_11_start(year)
    else:
        month_11 = _month_11_start(year)
        next_month_11 = _month_11_start(year + 1)
    k = math.floor(0.5 + (month_11 - _EPOCH_NEW_MOON) / _SYNODIC_MONTH)
    offset = (month - 11) % 12
    if next_month_11 - month_11 > 365:
        leap_offset = _leap_month_offset(month_11)
        leap_month = (leap_offset - 2) % 12 or 12
        if leap and month != leap_month:
            raise ValueError(f"Lunar year {year} has no leap month {month}.")
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        raise ValueError(f"Lunar year {year} has no leap month.")
    result = _from_julian_day(_new_moon_day(k + offset) + day - 1)
    found = to_lunar(result)
    if (found.month, found.leap) != (month, leap):
        raise ValueError(f"Lunar month {month} of {year} has no day {day}.")
    return result


def lunar_new_year(year: int) -> date:
    """Tết Nguyên Đán: the solar date of the first day of the lunar year that begins in `year`."""
    return from_lunar(year, 1, 1)
