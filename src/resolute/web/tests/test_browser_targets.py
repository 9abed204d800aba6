"""Journey of a figure: a district enters it in the grid, explains its jump, submits it; the province
approves it; the target's status and chart change."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from resolute.orgunits.models import OrgUnit
from resolute.targets.actions import values as value_actions
from resolute.targets.models import DataValue, Indicator, Target, ValueState

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The demo is loaded as `resolute load_demo` loads it: on the real today."""
    return None


@pytest.fixture
def demo_with_december_open_for_hoi_an(committed_demo):
    """The demo, with December 2025 opened again for Hoi An ward (the city's successor), late with it."""
    value_actions.open_period(
        acting_user=None,
        unit=OrgUnit.objects.get(code="20410"),
        period="202512",
        until=timezone.localdate() + timedelta(days=30),
        reason="Hội An báo cáo muộn số nhà bàn giao tháng 12.",
    )


def status_and_actual_line(page, live_server, target) -> tuple[str, str]:
    page.goto(f"{live_server.url}{target.get_absolute_url()}")
    status = page.locator("#status-heading .badge").first.inner_text().strip()
    actual_line = page.locator("svg.target-chart polyline.chart-actual").get_attribute("points")
    return status, actual_line


def test_a_district_enters_a_jump_explains_it_and_the_approved_figure_changes_the_target(
    demo_with_december_open_for_hoi_an, live_server, page
):
    houses = Target.objects.get(indicator__code="HOUSES_REPLACED", year=2025)
    indicator = Indicator.objects.get(code="HOUSES_REPLACED")
    hoi_an = OrgUnit.objects.get(code="20410")
    grid = reverse("targets:entry") + "?" + urlencode({"unit": hoi_an.pk, "period": "202512"})

    # Before: the deadline has passed and the province is short of Hoi An's houses: not achieved. (The
    # office reads Vietnamese by default; it switches to English so the assertions below read the same words.)
    sign_in(page, live_server, "office")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    status_before, line_before = status_and_actual_line(page, live_server, houses)
    assert status_before.lower() == "not achieved"
    page.get_by_role("button", name="Sign out").click()

    # Hoi An's reporter enters December's running total: a jump from November, which the grid flags.
    # (Her browser reads English: the grid names the indicator in English.)
    sign_in(page, live_server, "hoian")
    page.goto(f"{live_server.url}{grid}")
    page.get_by_role("textbox", name=indicator.name_en, exact=True).fill("120")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("explain the change in a comment")).first.is_visible()
    screenshot(page, "entry-jump-warning")

    # ...explains it, saves and submits.
    page.get_by_role("textbox", name=indicator.name_en, exact=True).fill("120")
    page.get_by_role("textbox", name=f"Comment on {indicator.code}").fill(
        "Bàn giao đồng loạt 31 căn nhà cho các hộ trong tháng 12."
    )
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert page.get_by_text("The values are saved as drafts.").is_visible()
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile("sent for approval")).is_visible()
    page.get_by_role("button", name="Sign out").click()
    submitted = DataValue.objects.get(indicator=indicator, unit=hoi_an, period="202512", superseded_by=None)
    assert submitted.state == ValueState.SUBMITTED

    # The Party Committee Office, which covers the province, approves it.
    sign_in(page, live_server, "office")
    page.goto(f"{live_server.url}{reverse('targets:approvals')}")
    heading = page.get_by_role("heading", name=re.compile(r"(Hoi An|Hội An).*202512"))
    group = page.locator("section", has=heading)
    assert group.get_by_text("Bàn giao đồng loạt 31 căn nhà").is_visible()
    group.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 values are approved.").is_visible()
    submitted.refresh_from_db()
    assert submitted.state == ValueState.APPROVED

    # After: the province has all its houses, and the chart's actual line ends higher.
    status_after, line_after = status_and_actual_line(page, live_server, houses)
    screenshot(page, "target-houses-achieved")
    assert status_after.lower() == "achieved"
    assert line_after != line_before
    last_y_before = float(line_before.split()[-1].split(",")[1])
    last_y_after = float(line_after.split()[-1].split(",")[1])
    assert last_y_after < last_y_before
