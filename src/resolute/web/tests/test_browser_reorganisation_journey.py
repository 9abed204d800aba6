"""The administrator's journey through a reorganisation in a real browser: prepare a draft that merges
two wards into a new one, preview it, apply it; then the reporter of one of the old wards finds its open
task in the new ward's inbox, with the day and the decision it was taken over under."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from resolute.conftest import make_unit, make_user
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, OrgUnitKind, PlannedUnit, Reorganisation
from resolute.tasks.tests.factories import assign

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_wards(tree, users, time_machine):
    time_machine.move_to(datetime.datetime(2025, 8, 4, 9, 0), tick=True)
    cam_pho = make_unit("Phường Cẩm Phô", tree["district_a"], OrgUnitKind.COMMUNE, code="20341")
    make_user("minhan", (tree["commune_a1"], Role.REPORTER))
    task = assign(
        tree["commune_a1"],
        assigned_by_unit=tree["district_a"],
        title="Chỉnh trang chợ Hội An",
        assigned_on=datetime.date(2025, 3, 3),
        deadline=datetime.date(2025, 10, 31),
    )
    return {"minh_an": tree["commune_a1"], "cam_pho": cam_pho, "task": task}


def test_the_administrator_merges_two_wards_and_the_open_task_reaches_the_new_wards_inbox(
    two_wards, tree, live_server, page
):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/units/reorganisations/")
    page.get_by_role("link", name="Prepare a reorganisation").click()
    page.get_by_label("Title").fill("Sắp xếp các phường của Hội An")
    page.get_by_label("Legal basis").fill("Nghị quyết số 1659/NQ-UBTVQH15")
    page.get_by_label("Effective on").fill("2025-07-01")
    page.get_by_label("Part of the tree").select_option(str(tree["province"].pk))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Sắp xếp các phường của Hội An")).to_be_visible()

    page.get_by_role("link", name="Add a new unit").click()
    page.locator("#id_name").fill("Phường Hội An")
    page.locator("#id_kind").select_option("commune")
    page.locator("#id_code").fill("20333")
    page.locator("#id_parent").select_option(str(tree["province"].pk))
    page.locator("main form button[type=submit]").click()
    new_ward = PlannedUnit.objects.get(name="Phường Hội An")

    page.get_by_role("link", name="Add an operation").click()
    page.get_by_label("Operation").select_option("merge")
    page.get_by_label("Units changed").select_option(
        [str(two_wards["minh_an"].pk), str(two_wards["cam_pho"].pk)]
    )
    page.get_by_label("Successor", exact=True).select_option(f"planned:{new_ward.pk}")
    page.locator("main form button[type=submit]").click()

    page.get_by_role("link", name="Preview and apply").click()
    expect(page.get_by_role("heading", name="Open work handed over")).to_be_visible()
    work = page.locator("main")
    expect(work.get_by_text("Chỉnh trang chợ Hội An")).to_be_visible()
    expect(work.get_by_text(re.compile("conflicts? blocks? applying"))).to_have_count(0)
    screenshot(page, "reorganisation-journey-preview")

    page.get_by_label("I have checked the preview: apply this reorganisation now.").check()
    page.get_by_role("button", name="Apply the reorganisation").click()
    page.wait_for_load_state()
    # The background job runs at once in the tests; the page shows what applying did.
    expect(page.get_by_text(re.compile("Applied", re.I)).first).to_be_visible()
    screenshot(page, "reorganisation-journey-applied")
    assert Reorganisation.objects.get().status == Reorganisation.Status.APPLIED
    successor = OrgUnit.objects.get(code="20333")
    assert successor.effective_from == datetime.date(2025, 7, 1)

    page.context.clear_cookies()
    sign_in(page, live_server, "minhan")
    page.goto(f"{live_server.url}/tasks/inbox/")
    expect(page.get_by_role("link", name="Chỉnh trang chợ Hội An")).to_be_visible()
    page.get_by_role("link", name="Chỉnh trang chợ Hội An").click()
    expect(page.get_by_text("Phường Hội An").first).to_be_visible()
    # The English page marks the Vietnamese-only names as such.
    taken_over = (
        r"Taken over from Phường Minh An \(Vietnamese\) on 01/07/2025 under Nghị quyết số 1659/NQ-UBTVQH15"
    )
    expect(page.get_by_text(re.compile(taken_over))).to_be_visible()
    screenshot(page, "reorganisation-journey-task")
