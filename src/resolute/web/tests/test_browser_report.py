"""The implementation report clicked through in a real browser: the leader downloads it."""

import io
import re
from pathlib import Path

import pytest
from docx import Document as WordDocument

from resolute.demo.reports import REPORT_NUMBER
from resolute.reports.models import ImplementationReport

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The demo is loaded as `resolute load_demo` loads it: on the real today."""
    return None


@pytest.fixture
def demo_with_a_report(committed_demo):
    """The demo drafts its year-end report on the conclusion."""
    return ImplementationReport.objects.get(number=REPORT_NUMBER)


def test_the_leader_follows_a_target_not_achieved_from_the_dashboard_then_downloads_the_report(
    demo_with_a_report, live_server, page
):
    report = demo_with_a_report
    sign_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").first.is_visible()

    # The whole journey of the leader: the card of a target not achieved, its page, back to the dashboard…
    card = page.locator(".dash-card--not_achieved").first
    card.locator("a").first.click()
    page.wait_for_url("**/targets/**")
    page.go_back()
    page.wait_for_load_state()
    assert page.locator(".dash-card--not_achieved").count() >= 1

    # …then the year-end report on the conclusion, in both files.

    page.get_by_role("navigation", name=re.compile("Main navigation|Điều hướng chính")).get_by_role(
        "link", name=re.compile("^(Documents|Văn bản)$")
    ).click()
    page.locator(f"a[href='{report.document.get_absolute_url()}']").first.click()
    page.get_by_role("link", name=re.compile("Implementation report|Báo cáo")).first.click()
    page.locator(f"a[href='{report.get_absolute_url()}']").first.click()
    page.wait_for_url(f"**{report.get_absolute_url()}")
    # The leader reads the report and its linked figures but gets no text boxes to edit.
    assert page.locator("textarea").count() == 0
    assert page.locator("a[href^='/targets/']").count() > 0
    screenshot(page, "implementation-report-preview")

    with page.expect_download() as docx_download:
        page.locator("a[href$='report.docx']").click()
    word = WordDocument(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in cell.text for table in word.tables for cell in table._cells)

    with page.expect_download() as pdf_download:
        page.locator("a[href$='report.pdf']").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")
