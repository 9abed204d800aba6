"""Public investment in a real browser, early in October 2024: an investor's reporter sends the month's
disbursement of a school with an obstacle; the office finds the school on the follow-up board among the
projects behind schedule and drafts the urging letter, which names the school, its rate and its
obstacle; the leader's dashboard shows the province's rate moved by the report.

Each page of the journey is also photographed at 1366 and 390 px wide, in Vietnamese and in English,
into /tmp/inv-shots/ (or $RESOLUTE_INVESTMENT_SHOTS), for a person to look at."""

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from resolute.investment import actions
from resolute.investment.choices import CapitalSource, ObstacleCategory
from resolute.investment.models import DisbursementReport
from resolute.reporting.models import UrgingLetter
from resolute.web.tests.browser import sign_in

from .conftest import billions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2024, 10, 7)
SHOTS = Path(os.environ.get("RESOLUTE_INVESTMENT_SHOTS", "/tmp/inv-shots"))
WIDTHS = {1366: 900, 390: 844}
LANGUAGES = {"vi": "vi-VN", "en": "en-US"}


@pytest.fixture
def journey(investment, default_ladder, time_machine):
    """The province's 2024 plan (see the conftest) as it stood on 7 October: the road and the dyke
    reported September's figures; the school, Hội An City's, has not reported since June."""
    time_machine.move_to(TODAY, tick=True)
    plan = investment["plan"]
    actions.submit_disbursement(
        acting_user=None,
        project=investment["road"],
        plan=plan,
        reported_on=date(2024, 9, 30),
        figures={CapitalSource.CENTRAL: billions(65), CapitalSource.LOCAL: billions(12)},
    )
    actions.submit_disbursement(
        acting_user=None,
        project=investment["dyke"],
        plan=plan,
        reported_on=date(2024, 9, 30),
        figures={CapitalSource.CENTRAL: billions(20), CapitalSource.FOREIGN: billions(25)},
    )
    actions.submit_disbursement(
        acting_user=None,
        project=investment["school"],
        plan=plan,
        reported_on=date(2024, 6, 30),
        figures={CapitalSource.LOCAL: billions("0.5")},
    )
    return investment


def dashboard_rate(tab, live_server, unit) -> str:
    tab.goto(f"{live_server.url}/reports/?unit={unit.pk}&as_of={TODAY.isoformat()}")
    rate = tab.locator("section[aria-labelledby=investment-heading] .score-rate").first
    expect(rate).to_be_visible()
    return rate.inner_text().strip()


def photograph(browser, live_server, username: str, path: str, name: str) -> list[str]:
    """The page at `path` as `username` sees it at each width and in each language; returns the
    screenshots whose page is wider than the screen (a reader would scroll it sideways)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for language, locale in LANGUAGES.items():
        for width, height in WIDTHS.items():
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


def test_an_investor_reports_an_obstacle_the_office_urges_it_and_the_leader_sees_the_rate_move(
    journey, live_server, request
):
    tab, browser = request.getfixturevalue("page"), request.getfixturevalue("chromium")
    school, plan, province = journey["school"], journey["plan"], journey["province"]

    # The leader's dashboard before the report.
    sign_in(tab, live_server, "leader")
    before = dashboard_rate(tab, live_server, province)
    tab.context.clear_cookies()

    # Hội An's reporter sends September's figures of the school, with what holds it back.
    sign_in(tab, live_server, "hoian")
    tab.goto(f"{live_server.url}{school.get_absolute_url()}")
    tab.get_by_role("link", name="Report disbursement").first.click()
    tab.wait_for_load_state()
    form_path = tab.url.removeprefix(live_server.url)
    tab.fill("input[name=reported_on]", "2024-09-30")
    tab.fill(f"input[name=figure_{CapitalSource.LOCAL}]", "2000000000")
    tab.select_option("select[name=obstacles-0-category]", ObstacleCategory.SITE_CLEARANCE)
    tab.fill("textarea[name=obstacles-0-description]", "Còn 12 hộ chưa bàn giao mặt bằng.")
    tab.select_option("select[name=obstacles-0-responsible_unit]", str(journey["district_a"].pk))
    tab.get_by_role("button", name="Send the report").click()
    tab.wait_for_load_state()
    report = DisbursementReport.objects.get(project=school, reported_on=date(2024, 9, 30))
    assert report.figures.get().disbursed == Decimal(2_000_000_000)
    assert report.obstacles.get().category == ObstacleCategory.SITE_CLEARANCE
    tab.context.clear_cookies()

    # The office finds the school behind schedule on its follow-up board and drafts the letter.
    sign_in(tab, live_server, "office")
    tab.goto(f"{live_server.url}/reporting/follow-up/")
    row = tab.locator("tr", has_text="Hoi An City")
    expect(row).to_be_visible()
    row.get_by_role("button", name=re.compile("Draft an urging letter")).click()
    tab.wait_for_load_state()
    expect(tab.get_by_role("heading", name=re.compile("Urging letter .* to Hoi An City"))).to_be_visible()
    letter = UrgingLetter.objects.get(recipient=journey["district_a"])
    body = tab.locator("main").inner_text()
    assert "HA-02" in body and "Trường tiểu học Minh An" in body
    assert "20.0%" in body or "20,0%" in body
    assert re.search("site clearance|giải phóng mặt bằng", body, re.IGNORECASE)
    tab.context.clear_cookies()

    # The leader's dashboard after it: the school's 1.5 billion more moved the province's rate, from
    # 122.5 to 124 billion of its 200 billion plan.
    sign_in(tab, live_server, "leader")
    after = dashboard_rate(tab, live_server, province)
    assert (before, after) == ("61.3%", "62.0%")

    overflowing = []
    for username, path, name in [
        ("hoian", form_path, "report-form"),
        ("hoian", school.get_absolute_url() + f"?plan={plan.pk}", "project"),
        ("office", "/reporting/follow-up/", "follow-up-board"),
        ("office", letter.get_absolute_url(), "urging-letter"),
        ("leader", f"/reports/?unit={province.pk}&as_of={TODAY.isoformat()}", "dashboard"),
    ]:
        overflowing += photograph(browser, live_server, username, path, name)
    print("pages wider than the screen:", overflowing or "none")
