"""A token's scope, areas and last day: each refusal as a client meets it, and the tokens made before."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from resolute.accounts import actions
from resolute.accounts.models import ApiToken

ME = "/api/accounts/me"
TOKENS = "/api/accounts/me/tokens"
TODAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


def client_of(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def token_for(user, **options) -> str:
    _token, raw = actions.create_api_token(acting_user=user, name="Script", **options)
    return raw


def new_token(api: Client):
    return api.post(TOKENS, {"name": "Another"}, content_type="application/json")


def test_a_new_token_lasts_90_days_by_default_and_works_until_its_last_day(users, on_a_fixed_day):
    token, raw = actions.create_api_token(acting_user=users["finance"], name="Script")
    assert token.expires_on == datetime.date(2026, 5, 31)
    on_a_fixed_day.move_to(datetime.datetime(2026, 5, 31, 16, 0, tzinfo=datetime.UTC))  # 23:00 in Vietnam
    assert client_of(raw).get(ME).status_code == 200


def test_an_expired_token_is_a_401_saying_it_expired(users, on_a_fixed_day):
    raw = token_for(users["finance"], expires_on=datetime.date(2026, 3, 10))
    on_a_fixed_day.move_to(datetime.datetime(2026, 3, 11, 1, 0, tzinfo=datetime.UTC))
    response = client_of(raw).get(ME)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "expired after 2026-03-10" in response.json()["detail"]


def test_a_revoked_token_is_a_401_saying_it_was_revoked(users):
    token, raw = actions.create_api_token(acting_user=users["finance"], name="Script")
    actions.revoke_api_token(acting_user=users["finance"], token=token)
    response = client_of(raw).get(ME)
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_read_only_token_reads_but_a_write_is_a_403_naming_the_write_scope(users):
    api = client_of(token_for(users["finance"], scope="read"))
    assert api.get(ME).status_code == 200
    response = new_token(api)
    assert response.status_code == 403
    assert response.json()["scope"] == "write"
    assert "write" in response.json()["detail"]
    assert ApiToken.objects.filter(user=users["finance"]).count() == 1


def test_a_token_limited_to_tasks_is_a_403_naming_the_area_elsewhere(users):
    api = client_of(token_for(users["office"], areas=["tasks"]))
    assert api.get("/api/tasks/").status_code == 200
    response = api.get("/api/documents/")
    assert response.status_code == 403
    assert response.json()["scope"] == "area:documents"
    assert "documents" in response.json()["detail"]
    assert api.get(ME).status_code == 403


def test_an_expired_token_limited_to_an_area_is_told_it_expired_rather_than_refused(users, on_a_fixed_day):
    raw = token_for(users["office"], areas=["tasks"], expires_on=datetime.date(2026, 3, 3))
    on_a_fixed_day.shift(datetime.timedelta(days=5))
    assert client_of(raw).get("/api/documents/").status_code == 401


def test_a_token_made_before_scopes_existed_writes_everywhere_and_never_expires(users, on_a_fixed_day):
    raw = ApiToken.generate()
    ApiToken.objects.create(user=users["finance"], name="Old", token_hash=ApiToken.hash(raw), hint=raw[:12])
    on_a_fixed_day.shift(datetime.timedelta(days=3650))
    assert new_token(client_of(raw)).status_code == 201


def test_the_api_creates_a_token_with_its_scope_areas_and_last_day(users):
    api = client_of(token_for(users["finance"]))
    response = api.post(
        TOKENS,
        {"name": "Reader", "scope": "read", "areas": ["tasks", "targets"], "expires_on": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["scope"], body["areas"], body["expires_on"]) == ("read", ["tasks", "targets"], "2026-12-31")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"areas": ["gardens"]}, "areas"),
        ({"expires_on": "2026-03-02"}, "expires_on"),
        ({"expires_on": "2027-03-03"}, "expires_on"),
        ({"scope": "admin"}, "scope"),
    ],
)
def test_a_token_with_an_unknown_area_or_a_last_day_out_of_range_is_a_422_naming_it(users, options, field):
    api = client_of(token_for(users["finance"]))
    response = api.post(TOKENS, {"name": "Bad", **options}, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_token_lasts_at_most_a_year(users):
    with pytest.raises(ValidationError) as refused:
        actions.create_api_token(
            acting_user=users["finance"], name="Long", expires_on=datetime.date(2027, 3, 3)
        )
    assert "expires_on" in refused.value.message_dict
    token, _raw = actions.create_api_token(
        acting_user=users["finance"], name="A year", expires_on=datetime.date(2027, 3, 2)
    )
    assert token.days_left == 365
