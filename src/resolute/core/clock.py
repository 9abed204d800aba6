"""The one clock: every "today" and "now" in Resolute's date logic comes from here.

Deadlines, overdue status, reminders and report windows all depend on what day it is, and that day
is the province's day, in `settings.TIME_ZONE` (Asia/Ho_Chi_Minh, UTC+7), not the server's and not
the viewer's: at 23:30 UTC it is already 06:30 the next morning in Vietnam. Reading the time through
these two functions keeps that rule in one place and lets tests freeze it (with `time_machine`,
which moves the system clock that `django.utils.timezone.now()` reads).
"""

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    """The time zone the working calendar lives in (settings.TIME_ZONE)."""
    return _zone(settings.TIME_ZONE)


def now() -> datetime:
    """The current moment, time-zone aware, expressed in the province's time zone."""
    return timezone.localtime(timezone.now(), local_zone())


def today() -> date:
    """The current date in the province's time zone, whatever zone the request has activated."""
    return now().date()
