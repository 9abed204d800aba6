"""The office's follow-up board and the letter pages: what they list, who may open them, and a
fixed number of queries however many units and tasks there are."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.core.changelog import history_of
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership
from resolute.reporting.actions.ladder import run_ladder
from resolute.reporting.models import LadderStep, LetterStatus, UrgingLetter
from resolute.tasks.tests.factories import assign, browser_for

TODAY = date(2026, 12, 10)  # a Thursday
PDF_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


def overdue_tasks(tree, count, unit="district_a", deadline=date(2026, 11, 18)):
    return [
        assign(
            tree[unit],
            assigned_by_unit=tree["committee"],
            title=f"Overdue task {number} of {unit}",
            assigned_on=date(2026, 10, 1),
            deadline=deadline,
        )
        for number in range(count)
    ]


def test_the_board_lists_overdue_units_this_weeks_deadlines_letters_and_escalations(tree, users, clock):
    overdue_tasks(tree, 2)
    assign(
        tree["finance"],
        assigned_by_unit=tree["committee"],
        title="Due on Friday",
        assigned_on=date(2026, 10, 1),
        deadline=date(2026, 12, 11),
    )
    run_ladder(on=TODAY)
    page = browser_for(users["office"]).get(reverse("reporting:board"))
    assert page.status_code == 200
    board = page.context
    assert [(row.unit.name, row.cells["tasks.overdue"].count) for row in board["overdue"]] == [
        ("Thành phố Hội An", 2)
    ]
    assert [task.title for task in board["due_this_week"]] == ["Due on Friday"]
    assert [letter.recipient.name for letter in board["waiting"]] == ["Thành phố Hội An"]
    assert sorted(event.task.title for event in board["escalations"]) == [
        "Overdue task 0 of district_a",
        "Overdue task 1 of district_a",
    ]


def test_only_the_office_opens_the_board(tree, users, clock):
    assert browser_for(users["district_a_reporter"]).get(reverse("reporting:board")).status_code == 403
    assert browser_for(users["district_a_manager"]).get(reverse("reporting:board")).status_code == 403


def test_the_board_makes_the_same_queries_for_few_or_many_units(
    tree, users, clock, django_assert_max_num_queries
):
    overdue_tasks(tree, 1)
    run_ladder(on=TODAY)
    browser = browser_for(users["office"])
    with django_assert_max_num_queries(20) as few:
        browser.get(reverse("reporting:board"))
    for unit in ("district_b", "commune_a1", "commune_b1", "finance"):
        overdue_tasks(tree, 3, unit=unit)
    run_ladder(on=TODAY)
    with django_assert_max_num_queries(20) as many:
        page = browser.get(reverse("reporting:board"))
    assert len(page.context["overdue"]) == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_office_drafts_a_letter_from_the_board_and_downloads_it(tree, users, clock):
    overdue_tasks(tree, 1)
    browser = browser_for(users["office"])
    response = browser.post(
        reverse("reporting:letter_create"),
        {"issuer": tree["committee"].pk, "recipient": tree["district_a"].pk},
    )
    letter = UrgingLetter.objects.get()
    assert response.url == letter.get_absolute_url()
    assert browser.get(letter.get_absolute_url()).status_code == 200
    download = browser.get(reverse("reporting:letter_download", args=[letter.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_the_office_uploads_the_signed_scan_then_marks_the_letter_sent(tree, users, clock):
    overdue_tasks(tree, 1)
    browser = browser_for(users["office"])
    browser.post(
        reverse("reporting:letter_create"),
        {"issuer": tree["committee"].pk, "recipient": tree["district_a"].pk},
    )
    letter = UrgingLetter.objects.get()
    refused = browser.post(
        letter.get_absolute_url(), {"signed_scan": SimpleUploadedFile("scan.pdf", b"text")}
    )
    assert "is not a PDF" in refused.content.decode()
    browser.post(letter.get_absolute_url(), {"signed_scan": SimpleUploadedFile("scan.pdf", PDF_SCAN)})
    browser.post(reverse("reporting:letter_send", args=[letter.pk]))
    letter.refresh_from_db()
    assert (letter.status, letter.sent_on) == (LetterStatus.SENT, TODAY)


def test_a_unit_does_not_find_a_letter_of_the_office(tree, users, clock):
    overdue_tasks(tree, 1)
    browser_for(users["office"]).post(
        reverse("reporting:letter_create"),
        {"issuer": tree["committee"].pk, "recipient": tree["district_a"].pk},
    )
    letter = UrgingLetter.objects.get()
    assert browser_for(users["district_b_reporter"]).get(letter.get_absolute_url()).status_code == 404


def ladder_form(changes: dict[str, int]) -> dict:
    steps = list(LadderStep.objects.order_by("order"))
    data = {"form-TOTAL_FORMS": len(steps), "form-INITIAL_FORMS": len(steps)}
    for index, step in enumerate(steps):
        data |= {
            f"form-{index}-id": step.pk,
            f"form-{index}-order": step.order,
            f"form-{index}-delay_working_days": changes.get(step.kind, step.delay_working_days),
            f"form-{index}-active": "on",
        }
    return data


def test_the_office_changes_the_delay_of_a_step_and_the_change_is_logged(tree, users, clock):
    browser = browser_for(users["office"])
    assert (
        browser.post(reverse("reporting:ladder_settings"), ladder_form({"reminder": -5})).status_code == 302
    )
    step = LadderStep.objects.get(kind="reminder")
    assert step.delay_working_days == -5
    (entry,) = history_of(step)
    assert entry.actor == users["office"]
    assert entry.changes["delay_working_days"] == {"old": -3, "new": -5}


def test_a_district_office_reads_the_ladder_but_may_not_change_it(tree, users, clock):
    district_office = users["district_a_reporter"]
    Membership.objects.create(user=district_office, unit=tree["commune_a1"], role=Role.OFFICE)
    browser = browser_for(district_office)
    page = browser.get(reverse("reporting:ladder_settings")).content.decode()
    assert "the province's office changes it" in page
    refused = browser.post(reverse("reporting:ladder_settings"), ladder_form({"reminder": -5}))
    assert refused.status_code == 403
    assert LadderStep.objects.get(kind="reminder").delay_working_days == -3


def test_the_ladder_settings_refuse_steps_out_of_order(tree, users, clock):
    browser = browser_for(users["office"])
    page = browser.post(reverse("reporting:ladder_settings"), ladder_form({"reminder": 2}))
    assert "give a negative number" in page.content.decode()
    page = browser.post(reverse("reporting:ladder_settings"), ladder_form({"reminder": -21}))
    assert "at most 20 working days" in page.content.decode()
    page = browser.post(reverse("reporting:ladder_settings"), ladder_form({"escalation": 4}))
    assert "must come in that order" in page.content.decode()
    assert LadderStep.objects.get(kind="escalation").delay_working_days == 15


def test_the_office_takes_a_discussed_escalation_off_the_list(tree, users, clock):
    overdue_tasks(tree, 1)
    run_ladder(on=TODAY)
    browser = browser_for(users["office"])
    (escalation,) = browser.get(reverse("reporting:board")).context["escalations"]
    browser.post(reverse("reporting:escalation_resolve", args=[escalation.pk]))
    assert browser.get(reverse("reporting:board")).context["escalations"] == []


def test_a_unit_that_owes_a_report_appears_on_the_board_with_it(tree, users, clock):
    from resolute.reporting.actions.regimes import create_regime
    from resolute.reporting.models import RegimeKind

    create_regime(
        acting_user=None,
        name="Monthly report on site clearance",
        kind=RegimeKind.NARRATIVE,
        issuer=tree["province"],
        period_type="monthly",
        units=[tree["district_b"]],
    )
    (row,) = browser_for(users["office"]).get(reverse("reporting:board")).context["overdue"]
    assert (row.unit, row.issuer, row.cells["tasks.overdue"].count) == (
        tree["district_b"],
        tree["province"],
        0,
    )
    assert any(
        title.startswith("Monthly report on site clearance")
        for title in row.cells["reporting.reports"].titles
    )


def test_the_board_proposes_no_letter_to_an_issuer_about_its_own_work_but_lists_it_for_its_leadership(
    tree, users, clock
):
    overdue_tasks(tree, 1)
    assign(
        tree["committee"],
        assigned_by_unit=tree["committee"],
        title="The committee's own overdue work",
        assigned_on=date(2026, 10, 1),
        deadline=date(2026, 11, 18),
    )
    page = browser_for(users["office"]).get(reverse("reporting:board"))
    board = page.context
    assert [(row.issuer, row.unit) for row in board["overdue"]] == [(tree["committee"], tree["district_a"])]
    assert [(row.issuer, row.unit) for row in board["own_overdue"]] == [
        (tree["committee"], tree["committee"])
    ]
    html = page.content.decode()
    assert f'name="recipient" value="{tree["committee"].pk}"' not in html
    assert f'name="recipient" value="{tree["district_a"].pk}"' in html

    refused = browser_for(users["office"]).post(
        reverse("reporting:letter_create"),
        {"issuer": tree["committee"].pk, "recipient": tree["committee"].pk},
        follow=True,
    )
    assert "cannot be urged by letter from itself" in refused.content.decode()
    assert not UrgingLetter.objects.exists()


def test_the_board_shows_no_row_for_a_unit_closed_on_or_before_the_day(tree, users, clock):
    from resolute.orgunits.actions import close_unit

    overdue_tasks(tree, 1)
    overdue_tasks(tree, 1, unit="district_b")
    close_unit(acting_user=None, unit=tree["commune_b1"], closed_on=TODAY)
    close_unit(acting_user=None, unit=tree["district_b"], closed_on=TODAY)
    board = browser_for(users["office"]).get(reverse("reporting:board")).context
    assert [row.unit for row in board["overdue"]] == [tree["district_a"]]
