"""Journey of a leader: the dashboard is the home page; the card of a target not achieved leads to the
target's page, and Back returns to the dashboard as it was."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from resolute.targets.models import Target

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's data are written as of this day.
DEMO_DAY = datetime(2026, 11, 25, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def demo_day(committed_demo):
    """The demo (loaded on its day: see the shared fixture), and the test run on that day."""
    with time_machine.travel(DEMO_DAY, tick=True):
        yield


def test_a_leader_opens_the_dashboard_and_follows_a_target_not_achieved_there_and_back(
    demo_day, live_server, page
):
    sign_in(page, live_server, "leader")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    page.goto(f"{live_server.url}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("Dashboard:")
    screenshot(page, "dashboard-leader")

    card = page.locator(".dash-card--not_achieved").first
    title = card.locator(".dash-card__title").inner_text().strip()
    assert card.locator(".badge").inner_text().strip().lower() == "not achieved"
    with page.expect_navigation():
        card.locator("a.dash-card__link").click()
    match = re.search(r"/targets/(\d+)/$", page.url)
    assert match, page.url
    target = Target.objects.select_related("indicator").get(pk=int(match.group(1)))
    assert title in (target.indicator.name, target.indicator.name_en)
    assert page.locator("#status-heading .badge").first.inner_text().strip().lower() == "not achieved"

    page.go_back()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard:")
    assert page.locator(".dash-card--not_achieved").count() >= 1

    # Printed, the dashboard fits one A4 page.
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")

    # On a phone the cards stack in one column.
    page.set_viewport_size({"width": 390, "height": 844})
    boxes = [page.locator(".dash-card").nth(index).bounding_box() for index in range(2)]
    assert boxes[0]["x"] == boxes[1]["x"]
    screenshot(page, "dashboard-leader-phone")
