"""The one clock: today and now are the province's, in Asia/Ho_Chi_Minh, and tests can freeze them."""

from datetime import UTC, date, datetime, timedelta

import time_machine
from django.test import override_settings
from django.utils import timezone

from resolute.core import clock


@time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), tick=False)
def test_half_past_eleven_utc_is_already_the_next_morning_in_vietnam():
    assert clock.today() == date(2026, 4, 1)
    assert (clock.now().hour, clock.now().minute) == (6, 30)


@time_machine.travel(datetime(2026, 3, 31, 16, 59, tzinfo=UTC), tick=False)
def test_a_minute_before_midnight_in_vietnam_is_still_the_same_day():
    assert clock.today() == date(2026, 3, 31)


@time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False)
def test_the_new_year_starts_at_five_in_the_afternoon_utc():
    assert clock.today() == date(2027, 1, 1)


@time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), tick=False)
def test_the_day_does_not_follow_a_time_zone_activated_for_a_request():
    with timezone.override("America/New_York"):
        assert timezone.localdate() == date(2026, 3, 31)
        assert clock.today() == date(2026, 4, 1)


@time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), tick=False)
def test_now_is_aware_and_the_same_moment_as_the_system_clock():
    moment = clock.now()
    assert moment.utcoffset() == timedelta(hours=7)
    assert moment == timezone.now()


@override_settings(TIME_ZONE="UTC")
@time_machine.travel(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), tick=False)
def test_follows_the_configured_time_zone():
    assert clock.today() == date(2026, 3, 31)
