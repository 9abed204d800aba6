"""The bell in a real browser: its count fills in after the page loads and leads to the notifications."""

import pytest

from resolute.reporting.actions.notifications import notify
from resolute.reporting.models import NotificationKind

from .browser import sign_in


def tell(user, count=1, url=""):
    for number in range(count):
        notify(users=[user], kind=NotificationKind.GENERAL, title=f"News {number}", url=url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_bell_fills_in_its_count_and_leads_to_the_page(page, live_server, users):
    tell(users["finance"], 2, url="/tasks/")
    sign_in(page, live_server, "finance")
    page.goto(f"{live_server.url}/")
    page.locator(".bell__count").wait_for()
    assert page.locator(".bell__count").inner_text() == "2"
    page.click("a.bell")
    page.wait_for_url("**/reporting/notifications/")
    page.click("text=News 1")
    page.wait_for_url("**/tasks/")
    page.goto(f"{live_server.url}/reporting/notifications/")
    page.locator(".bell__count").wait_for()
    assert page.locator(".bell__count").inner_text() == "1"
