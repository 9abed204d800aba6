"""A complaint in a real browser, on Monday 2 June 2025: the reception office's clerk registers it and
hands the petitioner the receipt with its code and secret; the office's head sends it to the
Department of Natural Resources and Environment, whose manager accepts it and records the decision;
then the petitioner, not signed in, looks it up with the code and the secret and reads "decided".

The list, a petition's page, the intake form and the lookup are photographed at 1366 px in English
and 390 px in Vietnamese into /tmp/shots-pw/ (or $RESOLUTE_PETITION_SHOTS), for a person to look at;
none of them may be wider than the screen."""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolute.petitions.choices import Stage
from resolute.petitions.models import Petition
from resolute.web.tests.browser import sign_in

from .conftest import PETITIONER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2025, 6, 2)
SHOTS = Path(os.environ.get("RESOLUTE_PETITION_SHOTS", "/tmp/shots-pw"))
VIEWS = [(1366, 900, "en", "en-US"), (390, 844, "vi", "vi-VN")]


@pytest.fixture
def office(people, petitions_tree, time_machine):
    time_machine.move_to(TODAY, tick=True)
    return {**people, **petitions_tree}


def photograph(browser, live_server, username: str | None, path: str, name: str) -> list[str]:
    """The page at `path` as `username` (None: not signed in) sees it at each width; returns the
    screenshots whose page is wider than the screen."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for width, height, language, locale in VIEWS:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        shot = context.new_page()
        shot.set_default_timeout(15_000)
        if username:
            sign_in(shot, live_server, username)
        shot.goto(f"{live_server.url}{path}")
        target = SHOTS / f"{name}-{language}-{width}.png"
        shot.screenshot(path=str(target), full_page=True)
        if shot.evaluate("document.documentElement.scrollWidth") > width + 1:
            too_wide.append(target.name)
        context.close()
    return too_wide


def photograph_lookup(browser, live_server, code: str, secret: str) -> list[str]:
    """The petitioner's answer at each width; returns those wider than the screen."""
    too_wide = []
    for width, height, language, locale in VIEWS:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        shot = context.new_page()
        shot.goto(f"{live_server.url}/petitions/lookup/")
        shot.fill("#id_code", code)
        shot.fill("#id_secret", secret)
        shot.locator("main button[type=submit]").click()
        shot.wait_for_load_state()
        target = SHOTS / f"lookup-result-{language}-{width}.png"
        shot.screenshot(path=str(target), full_page=True)
        if shot.evaluate("document.documentElement.scrollWidth") > width + 1:
            too_wide.append(target.name)
        context.close()
    return too_wide


def test_a_complaint_is_registered_accepted_decided_and_followed_by_its_petitioner(
    office, live_server, request
):
    tab, browser = request.getfixturevalue("page"), request.getfixturevalue("chromium")

    # The clerk registers the complaint as it was handed in at the reception office.
    sign_in(tab, live_server, "reception_clerk")
    tab.goto(f"{live_server.url}/petitions/")
    tab.get_by_role("link", name="Register a petition").first.click()
    tab.wait_for_load_state()
    tab.select_option("#id_kind", "complaint")
    tab.select_option("#id_channel", "reception")
    tab.fill("#id_received_on", TODAY.isoformat())
    tab.fill("#id_full_name", PETITIONER["full_name"])
    tab.fill("#id_id_number", PETITIONER["id_number"])
    tab.fill("#id_address", PETITIONER["address"])
    tab.fill("#id_phone", PETITIONER["phone"])
    tab.fill("#id_subject", "Khiếu nại quyết định thu hồi đất")
    tab.fill("#id_content", "Đề nghị xem xét lại quyết định thu hồi đất số 123/QĐ-UBND.")
    tab.get_by_role("button", name="Register the petition").click()
    tab.wait_for_load_state()

    # The receipt: the code and the secret, shown once, with the address to follow it.
    expect(tab.get_by_role("heading", name=re.compile("Receipt of petition"))).to_be_visible()
    code = tab.locator(".receipt__code").first.inner_text().strip()
    secret = tab.locator(".receipt__secret").inner_text().strip()
    assert re.fullmatch(r"2025-\d{5}", code)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", secret)
    assert "/petitions/lookup/" in tab.locator("main").inner_text()
    assert secret not in tab.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / "receipt-with-secret-en.png"), full_page=True)
    petition = Petition.objects.get(code=code)
    receipt_path = tab.url.removeprefix(live_server.url)
    tab.context.clear_cookies()

    # The reception office's head sends it to the department.
    sign_in(tab, live_server, "reception_head")
    tab.goto(f"{live_server.url}{petition.get_absolute_url()}")
    tab.get_by_text("Send to the competent unit", exact=True).click()
    tab.select_option("#id_route_handling_unit", str(office["environment"].pk))
    tab.fill("#id_route_day", TODAY.isoformat())
    tab.get_by_role("button", name="Send it").click()
    tab.wait_for_load_state()
    expect(tab.get_by_text("The petition was sent to the competent unit.")).to_be_visible()
    tab.context.clear_cookies()

    # The department's manager accepts it, then records the decision.
    sign_in(tab, live_server, "environment_manager")
    tab.goto(f"{live_server.url}{petition.get_absolute_url()}")
    tab.get_by_text("Accept", exact=True).click()
    tab.fill("#id_accept_day", TODAY.isoformat())
    tab.fill("#id_accept_document_number", "15/TB-STNMT")
    tab.get_by_role("button", name="Accept it").click()
    tab.wait_for_load_state()
    expect(tab.get_by_text("The petition was accepted: the settlement clock runs.")).to_be_visible()
    tab.get_by_text("Decision", exact=True).click()
    tab.fill("#id_decide_day", TODAY.isoformat())
    tab.fill("#id_decide_decision_number", "88/QĐ-STNMT")
    tab.select_option("#id_decide_outcome", "partly_upheld")
    tab.get_by_role("button", name="Record the decision").click()
    tab.wait_for_load_state()
    expect(tab.get_by_text("The decision was recorded.")).to_be_visible()
    petition.refresh_from_db()
    assert petition.stage == Stage.DECIDED
    tab.context.clear_cookies()

    # The petitioner, not signed in, follows it with the code and the secret of the receipt.
    tab.goto(f"{live_server.url}/petitions/lookup/")
    tab.fill("#id_code", code)
    tab.fill("#id_secret", secret)
    tab.get_by_role("button", name="Look it up").click()
    tab.wait_for_load_state()
    result = tab.locator(".lookup-result")
    expect(result).to_be_visible()
    expect(result.locator(".lookup-stage")).to_have_text("Decided")
    assert "88/QĐ-STNMT" in result.inner_text()
    assert PETITIONER["full_name"] not in tab.content()

    overflowing = []
    for username, path, name in [
        ("environment_manager", "/petitions/", "list"),
        ("environment_manager", petition.get_absolute_url(), "detail"),
        ("reception_clerk", "/petitions/new/", "intake"),
        ("reception_clerk", receipt_path, "receipt"),
        (None, "/petitions/lookup/", "lookup"),
    ]:
        overflowing += photograph(browser, live_server, username, path, name)
    overflowing += photograph_lookup(browser, live_server, code, secret)
    assert overflowing == []


def test_typing_a_known_identity_number_offers_the_persons_earlier_petition_before_saving(
    office, register, live_server, request
):
    tab = request.getfixturevalue("page")
    earlier, _secret = register(received_on=TODAY)
    sign_in(tab, live_server, "reception_clerk")
    tab.goto(f"{live_server.url}/petitions/new/")
    tab.fill("#id_full_name", PETITIONER["full_name"])
    tab.fill("#id_id_number", PETITIONER["id_number"])
    tab.locator("#id_address").focus()
    # The script asks for the same person's petitions as soon as the number is typed.
    choice = tab.get_by_label(f"Link as a duplicate of {earlier.code}")
    expect(choice).to_be_visible()
    choice.check()
    tab.fill("#id_received_on", TODAY.isoformat())
    tab.fill("#id_subject", "Khiếu nại lần nữa về quyết định thu hồi đất")
    tab.fill("#id_content", "Nhắc lại đề nghị xem xét quyết định thu hồi đất.")
    tab.get_by_role("button", name="Register the petition").click()
    tab.wait_for_load_state()
    expect(tab.get_by_role("heading", name=re.compile("Receipt of petition"))).to_be_visible()
    duplicate = Petition.objects.exclude(pk=earlier.pk).get()
    assert duplicate.duplicate_of_id == earlier.pk
