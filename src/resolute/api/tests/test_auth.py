"""API authentication against the real URLs: a personal token acts as its owner, and nothing else gets in."""

import datetime

import pytest
import time_machine
from django.test import Client

from resolute.accounts import actions
from resolute.accounts.models import ApiToken

ME = "/api/accounts/me"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def finance_token(tree, users):
    token, raw = actions.create_api_token(acting_user=users["finance"], name="Budget spreadsheet")
    return token, raw


def test_a_valid_token_authenticates_as_its_owner(finance_token, users):
    _, raw = finance_token
    response = Client().get(ME, **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "finance"
    assert [(m["unit_name"], m["role"]) for m in body["memberships"]] == [("Sở Tài chính", "reporter")]


def test_a_request_without_credentials_gets_401(db):
    response = Client().get(ME)
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_an_unknown_token_gets_401(finance_token):
    _, raw = finance_token
    assert Client().get(ME, **bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B"))).status_code == 401
    assert Client().get(ME, **bearer("rsl_made-up")).status_code == 401
    assert Client().get(ME, **bearer("not-even-our-format")).status_code == 401


def test_a_revoked_token_gets_401(finance_token, users):
    token, raw = finance_token
    actions.revoke_api_token(acting_user=users["finance"], token=token)
    assert Client().get(ME, **bearer(raw)).status_code == 401


def test_a_deactivated_user_s_token_gets_401_and_works_again_after_reactivation(finance_token, users):
    _, raw = finance_token
    actions.deactivate_user(acting_user=users["admin"], user=users["finance"])
    assert Client().get(ME, **bearer(raw)).status_code == 401
    actions.reactivate_user(acting_user=users["admin"], user=users["finance"])
    assert Client().get(ME, **bearer(raw)).status_code == 200


def test_a_token_acts_with_its_owner_s_permissions_only(finance_token, users):
    _, finance_raw = finance_token
    admin_token, admin_raw = actions.create_api_token(acting_user=users["admin"], name="Admin script")
    # The finance reporter's token cannot revoke the administrator's token: it is not theirs.
    response = Client().delete(f"/api/accounts/me/tokens/{admin_token.pk}", **bearer(finance_raw))
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=admin_token.pk).is_active
    # The administrator's token sees the administrator's roles, not the reporter's.
    assert Client().get(ME, **bearer(admin_raw)).json()["memberships"][0]["role"] == "admin"


def test_a_token_works_for_writes_without_a_csrf_token(finance_token):
    _, raw = finance_token
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(
        "/api/accounts/me/tokens", {"name": "Second"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 201


def test_a_session_write_without_the_csrf_token_is_refused(tree, users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["finance"])
    assert browser.get(ME).status_code == 200
    response = browser.post("/api/accounts/me/tokens", {"name": "Sneaky"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not ApiToken.objects.filter(name="Sneaky").exists()


def test_using_a_token_records_when_it_was_last_used(finance_token):
    token, raw = finance_token
    with time_machine.travel(datetime.datetime(2025, 3, 3, 8, 0, tzinfo=datetime.UTC), tick=False):
        Client().get(ME, **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == datetime.datetime(
        2025, 3, 3, 8, 0, tzinfo=datetime.UTC
    )
    # Within the minute, reads stay reads.
    with time_machine.travel(datetime.datetime(2025, 3, 3, 8, 0, 30, tzinfo=datetime.UTC), tick=False):
        Client().get(ME, **bearer(raw))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == datetime.datetime(
        2025, 3, 3, 8, 0, tzinfo=datetime.UTC
    )
