"""Journey from text to plan: the office registers a document, pastes a Vietnamese paragraph, reviews
what Resolute proposes, accepts a target and a task, and finds both linked to their clause."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from resolute.extraction.models import PlanProposal, ProposalStatus
from resolute.targets.models import Target
from resolute.tasks.models import Task

from .browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = (
    "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU\n"
    "1. Phấn đấu đến cuối năm 2025 tỷ lệ hộ nghèo toàn tỉnh giảm xuống dưới 4%.\n"
    "2. Sở Tài chính chủ trì tham mưu phân bổ vốn đầu tư công trước ngày 30/6/2025.\n"
)


def proposal_card(page, kind: str, words: str):
    return page.locator("article.proposal-item", has_text=words).filter(has_text=kind).first


@pytest.fixture
def early_january_2025():
    """The resolution is read in the first days of the year it sets tasks for."""
    with time_machine.travel(datetime(2025, 1, 6, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True):
        yield


def test_the_office_turns_a_pasted_paragraph_into_a_task_and_a_target_linked_to_their_clause(
    early_january_2025, tree, users, live_server, page
):
    sign_in(page, live_server, "office")
    with page.expect_navigation():
        page.select_option("#language-select", "en")

    # A new document, registered without its text.
    page.goto(f"{live_server.url}/documents/new/")
    page.select_option("select[name=kind]", "resolution")
    page.fill("input[name=issued_on]", "2024-12-10")
    page.fill("input[name=title]", "Nghị quyết về nhiệm vụ năm 2025")
    page.select_option("select[name=owner]", str(tree["party"].pk))
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()

    # Propose targets and tasks from the pasted paragraph.
    page.get_by_role("link", name="Propose targets and tasks").click()
    page.fill("textarea[name=text]", PARAGRAPH)
    page.get_by_role("button", name="Read the text").click()
    page.wait_for_selector(".review")
    expect(page.get_by_text(re.compile("Ready for review")).first).to_be_visible()
    assert page.locator("mark.proposal-mark").count() >= 2

    # The target: a new indicator, below 4%.
    target = proposal_card(page, "Target", "hộ nghèo")
    target.get_by_label("Or a new indicator").fill("Tỷ lệ hộ nghèo")
    target.get_by_label("Its unit of measure").fill("%")
    target.get_by_label("Comparator").select_option("below")
    target.get_by_label("Value", exact=True).fill("4")
    target.get_by_role("button", name="Accept").click()
    page.wait_for_selector("article.proposal-item--accepted")

    # The task: led by the Department of Finance.
    task = proposal_card(page, "Task", "Sở Tài chính chủ trì")
    task.get_by_label("Lead unit").select_option(str(tree["finance"].pk))
    task.get_by_role("button", name="Accept").click()
    expect(page.locator("article.proposal-item--accepted")).to_have_count(2)
    screenshot(page, "plan-review")

    page.get_by_role("button", name="Create the 2 accepted items").click()
    expect(page.get_by_text(re.compile("The plan was created: 1 tasks and 1 targets"))).to_be_visible()
    assert PlanProposal.objects.get().status == ProposalStatus.CONFIRMED

    # The task page quotes its clause and links back to it.
    page.locator("p", has_text="Became the task").get_by_role("link").first.click()
    page.wait_for_load_state()
    created_task = Task.objects.get()
    assert page.url.endswith(created_task.get_absolute_url())
    clause = created_task.source_clause
    assert "Sở Tài chính chủ trì" in clause.text
    assert clause.document.title == "Nghị quyết về nhiệm vụ năm 2025"
    assert page.locator(f"a[href$='#{clause.anchor}']").count() >= 1
    created_target = Target.objects.get()
    assert "dưới 4%" in created_target.clause.text
    assert created_target.clause.document == clause.document
    screenshot(page, "plan-task-from-clause")
