"""The office on Monday 2 June 2025, in a real browser: the follow-up board shows the provincial
inspectorate owing a denunciation past its legal deadline, in the petitions' own column; the office
drafts the urging letter from the board and reads the denunciation in it by its code and kind; the
list of late petitions holds it with its "late" mark. Neither page ever shows who denounced."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from resolute.orgunits import actions as unit_actions
from resolute.web.tests.browser import sign_in

from .conftest import DENOUNCER
from .scenario import half_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def made(petitions_tree, people, time_machine):
    time_machine.move_to(MONDAY, tick=True)
    # The reception office urges in its own name, so its letters need its symbol ("Số: 12/BTCD").
    unit_actions.update_unit(acting_user=None, unit=petitions_tree["reception"], document_symbol="BTCD")
    return half_year(petitions_tree)


def test_the_office_sees_a_late_denunciation_on_the_board_and_urges_it(made, people, live_server, page):
    denunciation = made["C"]
    sign_in(page, live_server, people["office"].username)
    page.goto(f"{live_server.url}/reporting/follow-up/?lang=en")

    overdue = page.locator("#board-overdue").locator("xpath=..")
    expect(overdue).to_contain_text("Petitions past their deadline")
    row = overdue.locator("tr", has_text="Provincial Inspectorate")
    expect(row).to_contain_text("1")
    assert DENOUNCER["full_name"] not in page.content()

    row.get_by_role("button", name="Draft an urging letter").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text(denunciation.code)
    assert DENOUNCER["full_name"] not in page.content()
    assert denunciation.subject not in page.content()

    page.goto(f"{live_server.url}/petitions/?deadline_state=late")
    listed = page.locator("main tr", has_text=denunciation.code)
    expect(listed).to_be_visible()
    assert DENOUNCER["full_name"] not in page.content()
