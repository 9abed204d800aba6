"""The rate limit per token and per signed-in person, on a fake clock."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from resolute.accounts.models import ApiToken

ME = "/api/accounts/me"
START = datetime.datetime(2026, 3, 2, 9, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def three_a_minute(settings):
    settings.RESOLUTE_API_RATE_LIMIT = "3/minute"
    cache.clear()
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller
    cache.clear()


def api_of(user) -> Client:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="Sync", token_hash=ApiToken.hash(raw), hint=raw[:12])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def test_every_answer_says_the_limit_what_remains_and_when_it_resets(users):
    response = api_of(users["finance"]).get(ME)
    assert (response["RateLimit-Limit"], response["RateLimit-Remaining"], response["RateLimit-Reset"]) == (
        "3",
        "2",
        "50",
    )
    not_found = api_of(users["finance"]).get("/api/no-such-thing")
    assert not_found.status_code == 404 and not_found["RateLimit-Remaining"] == "2"


def test_past_the_limit_a_token_gets_a_429_with_retry_after_until_the_window_ends(users, three_a_minute):
    api = api_of(users["finance"])
    assert [api.get(ME).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(ME)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Retry-After"] == "50" and refused["RateLimit-Remaining"] == "0"
    assert "Try again in 50 seconds" in refused.json()["detail"]
    three_a_minute.shift(datetime.timedelta(seconds=50))
    assert api.get(ME).status_code == 200


def test_each_token_and_each_session_has_its_own_count(users):
    first, second = api_of(users["finance"]), api_of(users["finance"])
    for _ in range(3):
        first.get(ME)
    assert first.get(ME).status_code == 429
    assert second.get(ME).status_code == 200
    browser = Client()
    browser.force_login(users["finance"])
    assert [browser.get(ME).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_request_without_credentials_is_not_counted(db):
    response = Client().get(ME)
    assert response.status_code == 401
    assert "RateLimit-Limit" not in response


def test_no_limit_when_the_setting_is_empty(users, settings):
    settings.RESOLUTE_API_RATE_LIMIT = ""
    api = api_of(users["finance"])
    responses = [api.get(ME) for _ in range(5)]
    assert [response.status_code for response in responses] == [200] * 5
    assert "RateLimit-Limit" not in responses[-1]
