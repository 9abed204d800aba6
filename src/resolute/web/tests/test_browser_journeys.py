"""Journeys clicked through in a real browser."""

import re

import pytest

from resolute.directives.models import Document

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def demo_loaded_on():
    """The demo is loaded as `resolute load_demo` loads it: on the real today."""
    return None


def test_a_district_reporter_reads_a_clause_of_the_conclusion_and_switches_to_vietnamese(
    committed_demo, live_server, page
):
    conclusion = Document.objects.get(text__startswith="According to the Working Program")
    sign_in(page, live_server, "hoian")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Documents").click()
    page.get_by_role(
        "link", name=re.compile("Provincial Party Secretary|Bí thư Tỉnh ủy|conclusion", re.I)
    ).first.click()
    assert page.url.endswith(conclusion.get_absolute_url())

    clause = conclusion.clauses.get(anchor="II-B")
    page.locator(f"a[href='#{clause.anchor}']").first.click()
    assert page.url.endswith(f"#{clause.anchor}")
    assert page.locator(f"#{clause.anchor}").is_visible()
    assert "socio-economics" in page.locator(f"#{clause.anchor}").inner_text()
    screenshot(page, "conclusion-clause-en")

    with page.expect_navigation():
        page.select_option("#language-select", "vi")
    navigation = page.get_by_role("navigation", name=re.compile("Điều hướng chính"))
    assert navigation.get_by_role("link", name="Văn bản").is_visible()
    assert navigation.get_by_role("link", name="Tổ chức").is_visible()
    screenshot(page, "conclusion-vi")


def league_row(page, unit_name: str) -> list[str]:
    """The cells of a unit's row in the league table."""
    row = page.locator("table tbody tr", has=page.get_by_role("link", name=unit_name, exact=True)).first
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_a_district_reports_with_a_file_and_an_obstacle_and_the_office_approves_its_extension(
    committed_demo, live_server, page, tmp_path
):
    from resolute.tasks.models import Task

    task = Task.objects.get(lead_unit__code="20410", parent=None)
    evidence = tmp_path / "bao-cao-tien-do.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    # The reporter of Hoi An ward, which took over the city's work, finds the task in the inbox.
    sign_in(page, live_server, "hoian")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Tasks").click()
    page.get_by_role("link", name=re.compile("^Connect tourism development")).first.click()
    assert page.url.endswith(task.get_absolute_url())
    narrative = "Đã làm việc với các hộ dân làng Trà Quế về phương án bồi thường."
    page.get_by_role("textbox", name="Progress").fill(narrative)
    page.get_by_label("Percent complete").fill("60")
    page.locator("#id_report_files").set_input_files(str(evidence))
    obstacle = page.get_by_role("group", name="Obstacle 1", exact=True)
    obstacle.get_by_label("Obstacle").select_option(label="Site clearance and compensation")
    obstacle.get_by_label("What blocks the work").fill("Ba hộ chưa đồng ý phương án bồi thường.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ba hộ chưa đồng ý phương án bồi thường.").first.is_visible()

    # ...and asks for more time.
    page.get_by_label("Proposed deadline").fill("2027-06-30")
    page.get_by_label("Reason").fill("Chờ hoàn thành bồi thường, giải phóng mặt bằng.")
    page.get_by_role("button", name="Ask for the extension").click()
    page.wait_for_load_state()
    screenshot(page, "task-reported-by-hoian")
    page.get_by_role("button", name="Sign out").click()

    # The office sees the report on the timeline and approves the new deadline.
    sign_in(page, live_server, "office")
    page.goto(f"{live_server.url}/tasks/league/")
    overdue_before = int(league_row(page, "Phường Hội An")[4])
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    timeline_heading = page.get_by_role("heading", name=re.compile("Dòng thời gian|Timeline"))
    timeline = page.locator("section", has=timeline_heading)
    assert timeline.get_by_text("Ba hộ chưa đồng ý phương án bồi thường.").is_visible()
    assert timeline.get_by_role("link", name="bao-cao-tien-do.pdf").is_visible()
    page.get_by_label(re.compile("Approve the new deadline|Đồng ý thời hạn mới")).check()
    page.get_by_role("button", name=re.compile("Record the decision|Ghi nhận quyết định")).click()
    page.wait_for_load_state()
    screenshot(page, "task-extension-approved")

    task.refresh_from_db()
    assert str(task.deadline) == "2027-06-30"
    page.goto(f"{live_server.url}/tasks/league/")
    assert int(league_row(page, "Phường Hội An")[4]) == overdue_before - 1
