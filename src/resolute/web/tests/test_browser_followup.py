"""The office's follow-up in a real browser: the board, an urging letter drafted for an overdue
unit, and the letter downloaded as a Word file."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect

from resolute.tasks.tests.factories import assign

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_unit(tree, users, default_ladder, time_machine):
    time_machine.move_to(date(2026, 11, 25), tick=True)
    assign(
        tree["district_a"],
        assigned_by_unit=tree["committee"],
        title="Hoàn thành giải phóng mặt bằng dự án đường ven biển",
        assigned_on=date(2026, 9, 1),
        deadline=date(2026, 10, 30),
    )
    return tree["district_a"]


def test_the_office_drafts_an_urging_letter_from_the_board_and_downloads_it(overdue_unit, live_server, page):
    sign_in(page, live_server, "office")
    page.goto(f"{live_server.url}/reporting/follow-up/")
    assert page.get_by_role("heading", name="Follow-up board").first.is_visible()
    row = page.locator("tr", has_text="Hoi An City")
    assert row.locator("td").nth(2).inner_text().strip() == "1"
    screenshot(page, "follow-up-board")

    row.get_by_role("button", name=re.compile("Draft an urging letter")).click()
    page.wait_for_load_state()
    # The draft opens on its own page once the server has numbered it.
    expect(page.get_by_role("heading", name="Urging letter 01/UBND-TH to Hoi An City")).to_be_visible()
    expect(page.get_by_text("Hoàn thành giải phóng mặt bằng dự án đường ven biển")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter (DOCX)").click()
    word = WordDocument(io.BytesIO(Path(download.value.path()).read_bytes()))
    head = "\n".join(cell.text for cell in word.tables[0]._cells)
    assert "Số: 01/UBND-TH" in head
    body = "\n".join(cell.text for cell in word.tables[1]._cells)
    assert "Hoàn thành giải phóng mặt bằng dự án đường ven biển" in body

    page.get_by_role("link", name="Follow-up board").first.click()
    expect(page.get_by_role("link", name="Letter 01/UBND-TH to Hoi An City")).to_be_visible()
