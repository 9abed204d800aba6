"""Oversight findings in a real browser, in mid-October 2024: the Party Committee Office registers the
State Audit's report on Hội An City, adds its recommendation to recover 500 million VND; Hội An's
reporter records the 200 million recovered; the ledger shows 40% recovered.

Each page of the journey is also photographed at 1366 px in English and 390 px in Vietnamese into
/tmp/shots-ow/ (or $RESOLUTE_OVERSIGHT_SHOTS), for a person to look at."""

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from resolute.oversight.models import Oversight, Recovery
from resolute.web.tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("RESOLUTE_OVERSIGHT_SHOTS", "/tmp/shots-ow"))
VIEWS = [("en", "en-US", 1366, 900), ("vi", "vi-VN", 390, 844)]
STATE_AUDIT = "Kiểm toán nhà nước khu vực III"


@pytest.fixture
def october(time_machine):
    time_machine.move_to(datetime(2024, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True)


def photograph(browser, live_server, username: str, path: str, name: str) -> list[str]:
    """The page at `path` as `username` sees it, wide in English and narrow in Vietnamese; returns the
    screenshots whose page is wider than the screen (a reader would scroll it sideways)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for language, locale, width, height in VIEWS:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        shot = context.new_page()
        shot.set_default_timeout(15_000)
        sign_in(shot, live_server, username)
        shot.goto(f"{live_server.url}{path}")
        target = SHOTS / f"{name}-{language}-{width}.png"
        shot.screenshot(path=str(target), full_page=True)
        if shot.evaluate("document.documentElement.scrollWidth") > width + 1:
            too_wide.append(target.name)
        context.close()
    return too_wide


def test_the_office_registers_an_audit_the_unit_records_a_recovery_and_the_ledger_shows_the_rate(
    tree, users, october, live_server, request
):
    tab, browser = request.getfixturevalue("page"), request.getfixturevalue("chromium")

    # The office registers the State Audit's report on Hội An City.
    sign_in(tab, live_server, "office")
    tab.goto(f"{live_server.url}/oversight/")
    tab.get_by_role("link", name="Register a conclusion").first.click()
    tab.wait_for_load_state()
    form_path = tab.url.removeprefix(live_server.url)
    tab.select_option("select[name=kind]", "audit")
    tab.fill("input[name=number]", "45/BC-KTNN")
    tab.fill("input[name=issued_on]", "2024-06-20")
    tab.fill("input[name=title]", "Báo cáo kiểm toán ngân sách thành phố Hội An năm 2023")
    tab.fill("input[name=inspecting_body_name]", STATE_AUDIT)
    tab.select_option("select[name=inspected_unit]", str(tree["district_a"].pk))
    tab.select_option("select[name=follow_up_unit]", str(tree["office"].pk))
    tab.fill("textarea[name=subject]", "Quản lý, sử dụng ngân sách năm 2023")
    tab.get_by_role("button", name="Register the conclusion").click()
    tab.wait_for_load_state()
    oversight = Oversight.objects.get()
    expect(tab.get_by_text("The conclusion 45/BC-KTNN was registered.")).to_be_visible()

    # …and adds its recommendation to recover 500 million VND, for Hội An City by the end of the year.
    tab.fill("input[name=recommendation-label]", "1")
    tab.fill("textarea[name=recommendation-text]", "Thu hồi các khoản chi sai chế độ")
    tab.select_option("select[name=recommendation-kind]", "recover_money")
    tab.select_option("select[name=recommendation-responsible_unit]", str(tree["district_a"].pk))
    tab.fill("input[name=recommendation-deadline]", "2024-12-31")
    tab.fill("input[name=recommendation-amount_required]", "500.000.000")
    tab.get_by_role("button", name="Add the recommendation").click()
    tab.wait_for_load_state()
    recommendation = oversight.recommendations.get()
    expect(tab.locator("#recommendations").get_by_text("Thu hồi các khoản chi sai chế độ")).to_be_visible()
    tab.context.clear_cookies()

    # Hội An's reporter records the 200 million recovered.
    sign_in(tab, live_server, "hoian")
    tab.goto(f"{live_server.url}{recommendation.get_absolute_url()}")
    tab.get_by_text("Record an amount recovered").click()
    tab.fill("input[name=recovery-recovered_on]", "2024-10-01")
    tab.fill("input[name=recovery-amount]", "200.000.000")
    tab.fill("input[name=recovery-document_number]", "PT-0110")
    tab.get_by_role("button", name="Record the amount").click()
    tab.wait_for_load_state()
    assert Recovery.objects.get().amount == 200_000_000
    expect(tab.get_by_text("200,000,000 VND recovered ÷ 500,000,000 VND to recover = 40.0%")).to_be_visible()
    tab.context.clear_cookies()

    # The office's ledger shows the State Audit's 40% recovered.
    sign_in(tab, live_server, "office")
    tab.goto(f"{live_server.url}/oversight/ledger/")
    row = tab.locator("tbody tr", has_text=STATE_AUDIT)
    expect(row).to_be_visible()
    expect(row.locator("td").last).to_have_text("40.0%")

    overflowing = []
    for username, path, name in [
        ("office", "/oversight/", "conclusions"),
        ("office", form_path, "conclusion-form"),
        ("office", oversight.get_absolute_url(), "conclusion"),
        ("hoian", recommendation.get_absolute_url(), "recommendation"),
        ("office", "/oversight/recommendations/", "recommendations"),
        ("office", "/oversight/ledger/", "ledger"),
        ("leader", f"/reports/?unit={tree['province'].pk}&as_of=2024-10-15", "dashboard"),
        ("hoian", recommendation.task.get_absolute_url(), "task"),
    ]:
        overflowing += photograph(browser, live_server, username, path, name)
    print("pages wider than the screen:", overflowing or "none")
