"""A session left without activity ends, and the sign-in page says why."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import override_settings
from django.urls import reverse

MORNING = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@override_settings(RESOLUTE_SESSION_IDLE_MINUTES=30)
def test_a_session_idle_longer_than_the_limit_is_signed_out_and_told_so(users, browser_for):
    with time_machine.travel(MORNING, tick=False) as clock:
        browser = browser_for(users["finance"])
        assert browser.get(reverse("accounts:profile")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = browser.get(reverse("accounts:profile"), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
        assert "Your session ended after 30 minutes without activity." in response.content.decode()
        assert not response.context["user"].is_authenticated
        # Said once: the next visit to the sign-in page is a plain one.
        again = browser.get(reverse("accounts:login")).content.decode()
        assert "without activity" not in again


@override_settings(RESOLUTE_SESSION_IDLE_MINUTES=30)
def test_a_session_in_use_stays_signed_in(users, browser_for):
    with time_machine.travel(MORNING, tick=False) as clock:
        browser = browser_for(users["finance"])
        for _ in range(4):
            clock.shift(timedelta(minutes=20))
            assert browser.get(reverse("accounts:profile")).status_code == 200
