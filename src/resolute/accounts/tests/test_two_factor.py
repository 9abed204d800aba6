"""Two-factor authentication: setting it up, signing in with it, backup codes, removing and resetting
it, and the setting that requires it of administrators and offices."""

import re
from binascii import unhexlify
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from resolute.accounts import actions
from resolute.accounts.two_factor import PENDING_KEY_SESSION_KEY
from resolute.core.changelog import history_of

MORNING = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
PAGES_BEHIND_SIGN_IN = [
    "/",
    "/accounts/profile/",
    "/tasks/inbox/",
    "/changes/",
    "/accounts/users/",
    "/api/accounts/me",
]


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def code_for(key: str) -> str:
    return f"{totp(unhexlify(key)):06d}"


def url(name, *args):
    return reverse(f"accounts:{name}", args=args)


def sign_in_with_password(username) -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = browser.post(url("login"), {"username": username, "password": "resolute-demo"})
    assert response.status_code == 302
    return browser


def enrol(browser, clock) -> tuple[str, list[str]]:
    """Set up an authenticator from the profile; returns its key and the backup codes shown."""
    page = browser.get(url("two_factor_setup"))
    key = browser.session[PENDING_KEY_SESSION_KEY]
    assert "<svg" in page.content.decode()
    response = browser.post(url("two_factor_setup"), {"code": code_for(key)}, follow=True)
    codes = re.search(r'backup-codes">([^<]+)<', response.content.decode()).group(1).split()
    clock.shift(timedelta(seconds=60))
    return key, codes


@pytest.fixture
def finance_with_two_factor(users, clock):
    browser = sign_in_with_password("finance")
    key, codes = enrol(browser, clock)
    return users["finance"], key, codes


def test_a_person_sets_up_two_factor_from_the_profile_and_sees_the_backup_codes_once(users, clock):
    browser = sign_in_with_password("finance")
    assert url("two_factor_setup") in browser.get(url("profile")).content.decode()
    page = browser.get(url("two_factor_setup")).content.decode()
    assert 'class="qr-code"><svg' in page and "otpauth" not in page.split("<svg")[0]
    key, codes = enrol(browser, clock)
    assert len(codes) == 10
    again = browser.get(url("two_factor_setup")).content.decode()
    assert "10 backup codes left." in again and codes[0] not in again
    assert TOTPDevice.objects.get(user=users["finance"]).key == key
    assert "Set up two-factor authentication." in [e.note for e in history_of(users["finance"])]


def test_a_wrong_code_does_not_turn_two_factor_on(users, clock):
    browser = sign_in_with_password("finance")
    browser.get(url("two_factor_setup"))
    response = browser.post(url("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 422
    assert "This code does not match." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=users["finance"]).exists()


def test_with_two_factor_the_password_alone_reaches_no_page(finance_with_two_factor):
    browser = sign_in_with_password("finance")
    for page in PAGES_BEHIND_SIGN_IN:
        response = browser.get(page)
        assert response.status_code in (302, 403), page
        if response.status_code == 302:
            assert response["Location"].startswith(url("two_factor_verify")), page
    assert browser.post(url("token_create"), {"token-name": "x"}).status_code == 302
    assert not actions.ApiToken.objects.filter(user=finance_with_two_factor[0]).exists()


def test_the_code_of_the_app_completes_the_sign_in_and_returns_to_the_page_asked_for(
    finance_with_two_factor, clock
):
    _user, key, _codes = finance_with_two_factor
    browser = sign_in_with_password("finance")
    asked = browser.get("/tasks/inbox/")
    code_page = browser.get(asked["Location"])
    assert "Open your authenticator app" in code_page.content.decode()
    wrong = browser.post(asked["Location"], {"code": "123456", "next": "/tasks/inbox/"})
    assert wrong.status_code == 422 and "This code is not correct" in wrong.content.decode()
    clock.shift(timedelta(seconds=2))  # a wrong code makes the next try wait a moment
    right = browser.post(asked["Location"], {"code": code_for(key), "next": "/tasks/inbox/"})
    assert right.status_code == 302 and right["Location"] == "/tasks/inbox/"
    assert browser.get("/accounts/profile/").status_code == 200


def test_a_code_of_the_app_serves_only_once(finance_with_two_factor):
    _user, key, _codes = finance_with_two_factor
    code = code_for(key)
    first = sign_in_with_password("finance")
    assert first.post(url("two_factor_verify"), {"code": code}).status_code == 302
    second = sign_in_with_password("finance")
    assert second.post(url("two_factor_verify"), {"code": code}).status_code == 422


def test_a_backup_code_signs_in_once_for_a_lost_phone(finance_with_two_factor):
    user, _key, codes = finance_with_two_factor
    browser = sign_in_with_password("finance")
    assert browser.post(url("two_factor_verify"), {"code": codes[0].upper()}).status_code == 302
    assert browser.get("/").status_code == 200
    again = sign_in_with_password("finance")
    assert again.post(url("two_factor_verify"), {"code": codes[0]}).status_code == 422
    assert "Signed in with a backup code (9 left)." in [e.note for e in history_of(user)]


def test_a_person_turns_two_factor_off_with_a_code(finance_with_two_factor, clock):
    user, key, _codes = finance_with_two_factor
    browser = sign_in_with_password("finance")
    browser.post(url("two_factor_verify"), {"code": code_for(key)})
    refused = browser.post(url("two_factor_remove"), {"remove-code": "999999"})
    assert refused.status_code == 422 and TOTPDevice.objects.filter(user=user).exists()
    clock.shift(timedelta(seconds=2))
    browser.post(url("two_factor_remove"), {"remove-code": _codes[3]})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert sign_in_with_password("finance").get("/").status_code == 200


def test_an_administrator_resets_the_two_factor_of_someone_who_lost_their_phone(
    finance_with_two_factor, users
):
    user, _key, _codes = finance_with_two_factor
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(users["admin"])
    detail = admin.get(url("user_detail", user.pk)).content.decode()
    assert url("two_factor_reset", user.pk) in detail
    response = admin.post(url("two_factor_reset", user.pk), follow=True)
    assert "Two-factor authentication of finance is reset." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    entry = history_of(user).first()
    assert entry.actor == users["admin"] and entry.note == "An administrator reset two-factor authentication."
    assert sign_in_with_password("finance").get("/").status_code == 200


def test_a_district_administrator_cannot_reset_the_two_factor_of_a_provincial_person(
    finance_with_two_factor, district_admin
):
    user = finance_with_two_factor[0]
    browser = Client()
    browser.force_login(district_admin)
    assert browser.post(url("two_factor_reset", user.pk)).status_code == 404
    assert TOTPDevice.objects.filter(user=user).exists()


@override_settings(RESOLUTE_REQUIRE_TWO_FACTOR=True)
def test_when_required_an_office_without_two_factor_must_set_it_up_before_anything_else(users, clock):
    browser = sign_in_with_password("office")
    for page in PAGES_BEHIND_SIGN_IN:
        response = browser.get(page)
        assert response.status_code in (302, 403), page
        if response.status_code == 302:
            assert response["Location"].startswith(url("two_factor_setup")), page
    page = browser.get(url("two_factor_setup")).content.decode()
    assert "Your role requires two-factor authentication." in page
    enrol(browser, clock)
    assert browser.get("/").status_code == 200


@override_settings(RESOLUTE_REQUIRE_TWO_FACTOR=True)
def test_when_required_a_reporter_still_signs_in_with_the_password_alone(users):
    assert sign_in_with_password("finance").get("/").status_code == 200


@override_settings(RESOLUTE_REQUIRE_TWO_FACTOR=True)
def test_when_required_api_tokens_keep_working(users):
    _token, raw = actions.create_api_token(acting_user=users["admin"], name="Spreadsheet")
    response = Client().get("/api/accounts/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_the_two_factor_pages_read_in_vietnamese(finance_with_two_factor):
    browser = sign_in_with_password("finance")
    html = Client(HTTP_ACCEPT_LANGUAGE="vi")
    html.cookies = browser.cookies
    page = html.get(url("two_factor_verify")).content.decode()
    assert "Mã xác thực" in page
