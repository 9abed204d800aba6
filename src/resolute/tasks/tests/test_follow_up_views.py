"""The task pages as people meet them: creating a task (from a clause or on its own), the task page
with its status, sub-tasks and timeline, and the follow-up forms on it."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.conftest import make_unit
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.models import OrgUnitKind
from resolute.tasks import actions
from resolute.tasks.models import (
    CompletionProposal,
    Decision,
    Evidence,
    ExtensionRequest,
    ObstacleCategory,
    ProgressReport,
    Task,
    TaskComment,
)

from .test_actions import (  # noqa: F401 - fixtures
    ASSIGNED_ON,
    DEADLINE,
    TODAY,
    assign,
    browser_for,
    conclusion_fixture,
    disguised_program,
    english_on_a_fixed_day,
    fresh,
    pdf_file,
    png_file,
    report,
    subtask_fixture,
    task_fixture,
)

CREATE_URL = reverse("tasks:create")


def url(name, obj):
    return reverse(f"tasks:{name}", args=[obj.pk])


def text_of(response) -> str:
    """The page's text without tags, spaces squeezed, for assertions on what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def report_form_data(task, **fields):
    data = {
        "unit": task.lead_unit_id,
        "narrative": "Surveyed 120 houses.",
        "percent_complete": "40",
        "version": task.version,
        "obstacles-TOTAL_FORMS": "3",
        "obstacles-INITIAL_FORMS": "0",
        "obstacles-MIN_NUM_FORMS": "0",
        "obstacles-MAX_NUM_FORMS": "3",
    }
    data.update(fields)
    return data


def table_sizes() -> dict:
    models = [
        Task,
        ProgressReport,
        Evidence,
        ExtensionRequest,
        CompletionProposal,
        TaskComment,
        ChangeLogEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


# -- creating a task -------------------------------------------------------------------------------


def test_creating_from_a_clause_quotes_it_and_fills_in_the_title_and_date(conclusion, users):
    clause = conclusion.clauses.get(anchor="II-p1")
    response = browser_for(users["office"]).get(CREATE_URL, {"clause": clause.pk})
    form = response.context["form"]
    assert form.initial["title"] == "Complete the replacement of 10,945 temporary houses by the end of 2025"
    assert form.initial["assigned_on"] == date(2024, 12, 20)
    assert "source_document" not in form.fields
    page = text_of(response)
    assert (
        "Complete the replacement of 10,945 temporary houses by the end of 2025. Districts report monthly."
        in page
    )
    assert f'href="{conclusion.get_absolute_url()}#II-p1"' in response.content.decode()


def test_the_unit_pickers_offer_open_units_the_user_may_assign_to(tree, users):
    closed = make_unit(
        "Old department", tree["committee"], OrgUnitKind.DEPARTMENT, effective_to=date(2024, 12, 31)
    )
    form = browser_for(users["office"]).get(CREATE_URL).context["form"]
    leads = set(form.fields["lead_unit"].queryset)
    assert {tree["district_a"], tree["finance"], tree["commune_b1"]} <= leads
    assert closed not in leads
    assert set(form.fields["coordinating_units"].queryset) == leads
    assert form.initial["assigned_by_unit"] == tree["party"].pk


def test_posting_the_form_assigns_the_task_from_the_clause_and_opens_its_page(conclusion, tree, users):
    clause = conclusion.clauses.get(anchor="II-p1")
    response = browser_for(users["office"]).post(
        f"{CREATE_URL}?clause={clause.pk}",
        {
            "title": "Replace the temporary houses",
            "area": "socio_economics",
            "assigned_by_unit": tree["party"].pk,
            "lead_unit": tree["district_a"].pk,
            "coordinating_units": [tree["finance"].pk, tree["district_b"].pk],
            "priority": "high",
            "assigned_on": "2025-01-10",
            "deadline": "2025-12-31",
            "reporting_frequency": "monthly",
        },
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    assert (task.source_clause, task.source_document, task.priority) == (clause, conclusion, "high")
    assert set(task.coordinating_units.all()) == {tree["finance"], tree["district_b"]}


def new_task_data(tree, **fields):
    data = {
        "title": "Replace the temporary houses",
        "area": "other",
        "assigned_by_unit": tree["party"].pk,
        "lead_unit": tree["district_a"].pk,
        "priority": "normal",
        "assigned_on": "2025-01-10",
        "deadline": "2025-12-31",
        "reporting_frequency": "",
    }
    data.update(fields)
    return data


def test_a_title_typed_in_decomposed_form_is_found_by_a_search_typed_in_composed_form(tree, users):
    browser = browser_for(users["office"])
    decomposed = "Tie\u0302\u0301n ha\u0300nh"  # "Tiến hành" as some Mac programs send it
    assert browser.post(CREATE_URL, new_task_data(tree, title=decomposed)).status_code == 302
    task = Task.objects.get()
    assert task.title == "Ti\u1ebfn h\u00e0nh"
    found = browser.get(reverse("tasks:list"), {"q": "Ti\u1ebfn"}).content.decode()
    assert task.get_absolute_url() in found
    also_found = browser.get(reverse("tasks:list"), {"q": "tie\u0302\u0301n"}).content.decode()
    assert task.get_absolute_url() in also_found


def test_a_title_with_a_right_to_left_override_is_stored_without_it(tree, users):
    browser = browser_for(users["office"])
    response = browser.post(
        CREATE_URL, new_task_data(tree, title="Invoice \u202efdp.exe", description="A\u200fB")
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.title, task.description) == ("Invoice fdp.exe", "AB")


def test_a_title_with_a_nul_character_is_refused_next_to_the_title(tree, users):
    response = browser_for(users["office"]).post(CREATE_URL, new_task_data(tree, title="Roads\x00"))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deadline": "2025-01-01"}, "deadline", "is before the assignment date"),
        ({"coordinating_units": "LEAD"}, "coordinating_units", "cannot also be a coordinating unit"),
        ({"deadline": ""}, "reporting_frequency", "A task without a deadline reports on a schedule"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_written(tree, users, changes, field, message):
    data = {
        "title": "Replace the temporary houses",
        "area": "other",
        "assigned_by_unit": tree["party"].pk,
        "lead_unit": tree["district_a"].pk,
        "priority": "normal",
        "assigned_on": "2025-01-10",
        "deadline": "2025-12-31",
        "reporting_frequency": "",
    }
    data.update({key: tree["district_a"].pk if value == "LEAD" else value for key, value in changes.items()})
    response = browser_for(users["office"]).post(CREATE_URL, data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in text_of(response)
    assert not Task.objects.exists()


def test_the_office_edits_a_task_and_a_stale_edit_is_shown_again_with_who_changed_it(task, tree, users):
    browser = browser_for(users["office"])
    form = browser.get(url("edit", task)).context["form"]
    assert form.initial["version"] == 1
    data = {
        "title": "Replace every temporary house",
        "area": "other",
        "lead_unit": tree["district_a"].pk,
        "coordinating_units": [tree["finance"].pk],
        "priority": "normal",
        "deadline": "2025-06-30",
        "reporting_frequency": "",
        "version": 1,
    }
    assert browser.post(url("edit", task), data).status_code == 302
    assert fresh(task).title == "Replace every temporary house"
    stale = browser_for(users["admin"]).post(url("edit", task), {**data, "title": "Another title"})
    assert stale.status_code == 409
    assert "Someone else saved this in the meantime: office at 15/07/2025 10:00." in text_of(stale)
    assert fresh(task).title == "Replace every temporary house"


# -- the task page ---------------------------------------------------------------------------------


def test_the_task_page_shows_the_facts_the_quoted_clause_and_the_status_with_its_rule(
    conclusion, tree, users
):
    task = assign(tree, users["office"], source_clause=conclusion.clauses.get(anchor="II-p1"))
    request = actions.request_extension(
        acting_user=None,
        task=task,
        requested_on=date(2025, 6, 1),
        proposed_deadline=date(2025, 7, 10),
        reason="Rain.",
    )
    actions.decide_request(acting_user=None, request=request, approve=True, decided_on=date(2025, 6, 5))
    response = browser_for(users["leader"]).get(task.get_absolute_url())
    page = text_of(response)
    assert "Lead unit Hoi An City" in page
    assert "Coordinating units Department of Finance" in page
    assert "10/07/2025 (extended; the original deadline was 30/06/2025)" in page
    assert "Overdue by 1–30 days" in page
    assert "The deadline 10/07/2025 passed 5 days ago → overdue 1–30 days." in page
    assert "Complete the replacement of 10,945 temporary houses" in page
    assert f'href="{conclusion.get_absolute_url()}#II-p1"' in response.content.decode()


def test_the_task_page_shows_the_sub_tasks_their_progress_and_the_formula(task, subtask, tree, users):
    late = actions.create_subtask(
        acting_user=None,
        parent=task,
        title="Repair the ward office",
        lead_unit=tree["commune_a1"],
        assigned_on=date(2025, 2, 1),
        deadline=date(2025, 8, 31),
        deadline_after_parent_reason="Materials arrive in August.",
    )
    report(subtask, reported_on=date(2025, 3, 1), percent_complete=50)
    report(late, reported_on=date(2025, 3, 1), percent_complete=20)
    page = text_of(browser_for(users["district_a_manager"]).get(task.get_absolute_url()))
    assert "Replace the houses of Minh An ward" in page
    assert "after the parent's deadline Materials arrive in August." in page
    assert "Progress from the sub-tasks: 35.0%" in page
    assert "(50% + 20%) ÷ 2 = 35.0%." in page
    sub_page = text_of(browser_for(users["district_a_manager"]).get(late.get_absolute_url()))
    assert "Deadline after the parent's flagged Materials arrive in August." in sub_page


def test_the_page_of_a_task_not_split_asks_nothing_more_about_sub_tasks(task, tree, users):
    browser = browser_for(users["district_a_manager"])
    browser.get(task.get_absolute_url())
    with CaptureQueriesContext(connection) as not_split:
        browser.get(task.get_absolute_url())
    actions.create_subtask(
        acting_user=users["district_a_manager"],
        parent=task,
        title="Replace the houses of Minh An ward",
        lead_unit=tree["commune_a1"],
        assigned_on=date(2025, 2, 1),
        deadline=date(2025, 5, 31),
    )
    with CaptureQueriesContext(connection) as split:
        page = text_of(browser.get(task.get_absolute_url()))
    assert "Replace the houses of Minh An ward" in page
    # The sub-tasks' statuses and which of them the reader may see are read only when there are some.
    assert len(split.captured_queries) == len(not_split.captured_queries) + 2


def test_the_timeline_lists_every_event_with_its_evidence(task, users):
    first = report(
        task,
        obstacles=[(ObstacleCategory.SITE_CLEARANCE, "Two households disagree.")],
        files=[pdf_file("minutes.pdf")],
        is_sample=True,
    )
    report(task, reported_on=date(2025, 3, 20), corrects=first, percent_complete=20, narrative="Recounted.")
    actions.add_comment(acting_user=users["leader"], task=task, text="Please speed up.")
    response = browser_for(users["leader"]).get(task.get_absolute_url())
    page = text_of(response)
    for words in [
        "Assigned by Provincial Party Committee to Hoi An City, with Department of Finance coordinating.",
        "Progress report Sample data Hoi An City reported progress. 30% complete. Site surveys done. "
        "minutes.pdf",
        "Hoi An City met an obstacle: site clearance and compensation. Two households disagree.",
        "Hoi An City corrected its report of 14/03/2025. 20% complete. Recounted.",
        "Comment by leader. Please speed up.",
    ]:
        assert words in page
    evidence = Evidence.objects.get()
    html = response.content.decode()
    assert f'href="{reverse("tasks:evidence_download", args=[evidence.pk])}"' in html
    assert f'href="#report-{first.pk}"' in html and f'id="report-{first.pk}"' in html


def test_each_user_sees_only_the_forms_they_may_use(task, users):
    forms = ["report_form", "extension_form", "completion_form", "cancel_form", "comment_form"]

    def offered(role):
        context = browser_for(users[role]).get(task.get_absolute_url()).context
        return {name for name in forms if context[name] is not None} | {
            name for name in ["can_edit", "can_split"] if context[name]
        }

    assert offered("district_a_reporter") == {
        "report_form",
        "extension_form",
        "completion_form",
        "comment_form",
    }
    assert offered("district_a_manager") == {
        "report_form",
        "extension_form",
        "completion_form",
        "comment_form",
        "can_split",
    }
    assert offered("finance") == {"report_form", "comment_form"}
    assert offered("office") >= {"cancel_form", "comment_form", "can_edit"}
    assert offered("leader") == {"comment_form"}


def test_a_coordinating_unit_reports_for_itself_without_choosing(task, users):
    form = browser_for(users["finance"]).get(task.get_absolute_url()).context["report_form"]
    assert form.fields["unit"].widget.input_type == "hidden"
    assert form.initial["unit"] == task.coordinating_units.get().pk


def test_a_sample_task_is_marked_as_sample_data(tree, users):
    sample = assign(tree, is_sample=True)
    assert "Sample data" in text_of(browser_for(users["leader"]).get(sample.get_absolute_url()))


def test_a_closed_task_says_so_and_offers_only_comments(task, users):
    actions.cancel_task(acting_user=None, task=task, cancelled_on=TODAY, reason="Merged into another task.")
    response = browser_for(users["office"]).get(task.get_absolute_url())
    assert "This task was cancelled on 15/07/2025: Merged into another task." in text_of(response)
    context = response.context
    assert [
        name for name in ["report_form", "extension_form", "completion_form", "cancel_form"] if context[name]
    ] == []
    assert context["comment_form"] is not None


# -- follow-up forms -------------------------------------------------------------------------------


def test_the_lead_reports_with_obstacles_and_files_and_goes_back_to_the_task(task, users):
    data = report_form_data(
        task,
        **{
            "obstacles-0-category": "site_clearance",
            "obstacles-0-description": "Two households disagree.",
            "obstacles-1-category": "capital",
            "obstacles-1-description": "The second tranche is late.",
        },
        files=[pdf_file("minutes.pdf"), png_file("site.png")],
    )
    response = browser_for(users["district_a_reporter"]).post(url("report", task), data)
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    report_ = ProgressReport.objects.get()
    assert (report_.reported_on, report_.percent_complete, report_.narrative) == (
        TODAY,
        40,
        "Surveyed 120 houses.",
    )
    assert sorted(report_.obstacles.values_list("category", flat=True)) == ["capital", "site_clearance"]
    assert report_.files.count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"percent_complete": "140"}, "percent_complete", "Enter a percentage from 0 to 100."),
        ({"narrative": ""}, "narrative", "Describe the progress made."),
    ],
)
def test_a_bad_report_is_shown_again_with_the_message_at_the_field(task, users, fields, field, message):
    response = browser_for(users["district_a_reporter"]).post(
        url("report", task), report_form_data(task, **fields)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in text_of(response)
    assert not ProgressReport.objects.exists()


def test_an_obstacle_without_a_description_is_refused_at_its_row(task, users):
    data = report_form_data(task, **{"obstacles-0-category": "capital"})
    response = browser_for(users["district_a_reporter"]).post(url("report", task), data)
    assert response.context["form"].obstacles.forms[0].errors["description"] == [
        "Describe what blocks the work."
    ]
    assert not ProgressReport.objects.exists()


def test_a_bad_file_is_refused_at_the_field_and_nothing_is_written(task, users):
    data = report_form_data(task, files=[pdf_file(), disguised_program("report.pdf")])
    response = browser_for(users["district_a_reporter"]).post(url("report", task), data)
    assert response.status_code == 200
    assert "is not a PDF" in response.context["form"].errors["files"][0]
    assert table_sizes()["ProgressReport"] == 0
    assert not Evidence.objects.exists()


def test_the_lead_asks_for_an_extension_and_the_office_approves_it(task, users):
    response = browser_for(users["district_a_reporter"]).post(
        url("extension_request", task),
        {
            "proposed_deadline": "2025-09-30",
            "reason": "Site clearance is late.",
            "version": 1,
            "files": [pdf_file()],
        },
    )
    assert response.status_code == 302
    request = ExtensionRequest.objects.get()
    office = browser_for(users["office"])
    assert office.get(task.get_absolute_url()).context["extension_decision_form"] is not None
    decided = office.post(
        reverse("tasks:extension_decide", args=[request.pk]), {"decision": "yes", "version": 2}
    )
    assert decided.status_code == 302
    task = fresh(task)
    assert (task.original_deadline, task.deadline) == (DEADLINE, date(2025, 9, 30))


def test_a_rejection_without_a_comment_is_shown_again(task, users):
    request = actions.request_extension(
        acting_user=None, task=task, requested_on=TODAY, proposed_deadline=date(2025, 9, 30), reason="Rain."
    )
    response = browser_for(users["office"]).post(
        reverse("tasks:extension_decide", args=[request.pk]), {"decision": "no", "comment": "", "version": 2}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == ["Say why the extension is rejected."]
    assert ExtensionRequest.objects.get().decision == Decision.PENDING


def test_the_lead_proposes_completion_and_the_office_returns_then_accepts_it(task, users):
    lead = browser_for(users["district_a_reporter"])
    assert (
        lead.post(
            url("completion_propose", task), {"result": "All houses replaced.", "version": 1}
        ).status_code
        == 302
    )
    proposal = CompletionProposal.objects.get()
    office = browser_for(users["office"])
    returned = office.post(
        reverse("tasks:completion_decide", args=[proposal.pk]),
        {"decision": "no", "comment": "Attach the acceptance minutes.", "version": 2},
    )
    assert returned.status_code == 302
    assert fresh(task).completed_on is None
    lead.post(
        url("completion_propose", task), {"result": "With minutes.", "version": 3, "files": [pdf_file()]}
    )
    second = CompletionProposal.objects.get(decision=Decision.PENDING)
    office.post(reverse("tasks:completion_decide", args=[second.pk]), {"decision": "yes", "version": 4})
    assert fresh(task).completed_on == TODAY


def test_the_office_cancels_and_anyone_who_sees_the_task_comments(task, users):
    leader = browser_for(users["leader"])
    assert leader.post(url("comment", task), {"text": "Any news?", "version": 1}).status_code == 302
    assert TaskComment.objects.get().author == users["leader"]
    cancelled = browser_for(users["office"]).post(url("cancel", task), {"reason": "Merged.", "version": 1})
    assert cancelled.status_code == 302
    assert fresh(task).cancelled_on == TODAY


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("extension_request", {"proposed_deadline": "2025-09-30", "reason": "Rain."}),
        ("completion_propose", {"result": "Done."}),
        ("cancel", {"reason": "Merged."}),
        ("report", None),
    ],
)
def test_a_form_loaded_before_someone_else_changed_the_task_is_refused_with_409(task, users, name, data):
    actions.update_task(acting_user=users["admin"], task=task, priority="urgent")  # version 2
    before = table_sizes()
    user = users["office"] if name == "cancel" else users["district_a_manager"]
    payload = report_form_data(task, version=1) if data is None else {**data, "version": 1}
    response = browser_for(user).post(url(name, task), payload)
    assert response.status_code == 409
    page = text_of(response)
    assert "Someone else saved this in the meantime: admin at 15/07/2025 10:00." in page
    assert "Reload the task" in page
    assert table_sizes() == before
    assert fresh(task).version == 2


def test_a_manager_splits_a_task_and_a_late_deadline_needs_a_reason(task, tree, users):
    browser = browser_for(users["district_a_manager"])
    data = {
        "title": "Replace the houses of Minh An ward",
        "lead_unit": tree["commune_a1"].pk,
        "assigned_on": "2025-02-01",
        "deadline": "2025-08-31",
        "reporting_frequency": "",
    }
    refused = browser.post(url("subtask_create", task), data)
    assert refused.status_code == 200
    assert "state why" in refused.context["form"].errors["deadline_after_parent_reason"][0]
    assert not task.subtasks.exists()
    done = browser.post(
        url("subtask_create", task), {**data, "deadline_after_parent_reason": "Rainy season."}
    )
    assert done.status_code == 302
    subtask = task.subtasks.get()
    assert (subtask.assigned_by_unit, subtask.deadline_after_parent_reason) == (
        tree["district_a"],
        "Rainy season.",
    )


def test_reading_any_task_page_writes_nothing(task, subtask, users):
    request = actions.request_extension(
        acting_user=None, task=task, requested_on=TODAY, proposed_deadline=date(2025, 9, 30), reason="Rain."
    )
    proposal = actions.propose_completion(acting_user=None, task=task, proposed_on=TODAY, result="Done.")
    evidence_report = report(task, files=[pdf_file()])
    before = table_sizes()
    office, lead = browser_for(users["office"]), browser_for(users["district_a_manager"])
    for browser, address in [
        (office, task.get_absolute_url()),
        (office, url("edit", task)),
        (office, url("cancel", task)),
        (office, reverse("tasks:extension_decide", args=[request.pk])),
        (office, reverse("tasks:completion_decide", args=[proposal.pk])),
        (office, CREATE_URL),
        (lead, url("report", task)),
        (lead, url("comment", task)),
        (lead, url("subtask_create", task)),
        (lead, subtask.get_absolute_url()),
        (lead, reverse("tasks:evidence_download", args=[evidence_report.files.get().pk])),
    ]:
        assert browser.get(address).status_code == 200, address
    assert table_sizes() == before


def test_evidence_downloads_under_its_original_name(task, users):
    evidence = report(task, files=[pdf_file("biên bản.pdf")]).files.get()
    response = browser_for(users["leader"]).get(reverse("tasks:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "bi%C3%AAn%20b%E1%BA%A3n.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# -- the document page links to task creation --------------------------------------------------------


def test_the_document_page_offers_to_create_a_task_beside_each_clause_to_its_editors(conclusion, users):
    clause = conclusion.clauses.get(anchor="II-p1")
    link = f'href="{CREATE_URL}?clause={clause.pk}"'
    assert link in browser_for(users["office"]).get(conclusion.get_absolute_url()).content.decode()
    assert link not in browser_for(users["leader"]).get(conclusion.get_absolute_url()).content.decode()


# -- query counts ----------------------------------------------------------------------------------


def task_page_queries(task, tree, users, size, django_assert_max_num_queries) -> int:
    for number in range(size):
        actions.create_subtask(
            acting_user=None,
            parent=task,
            title=f"Ward {number}",
            lead_unit=tree["commune_a1"],
            assigned_on=date(2025, 2, 1),
            deadline=date(2025, 5, 31),
        )
        report(
            task,
            reported_on=date(2025, 3, 1 + number),
            obstacles=[(ObstacleCategory.CAPITAL, "Late capital.")],
            files=[pdf_file()],
        )
        report(task, unit=tree["finance"], reported_on=date(2025, 3, 1 + number), percent_complete=None)
        actions.add_comment(acting_user=users["leader"], task=task, text=f"Comment {number}")
    request = actions.request_extension(
        acting_user=None,
        task=task,
        requested_on=date(2025, 6, 1),
        proposed_deadline=date(2025, 9, 30),
        reason="Rain.",
    )
    actions.decide_request(
        acting_user=None, request=request, approve=False, decided_on=date(2025, 6, 2), comment="No"
    )
    browser = browser_for(users["office"])
    with django_assert_max_num_queries(40) as captured:
        response = browser.get(task.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_task_page_runs_the_same_queries_for_few_or_many_reports_and_sub_tasks(
    tree, users, django_assert_max_num_queries
):
    few = task_page_queries(assign(tree), tree, users, 2, django_assert_max_num_queries)
    many = task_page_queries(assign(tree, title="Another"), tree, users, 8, django_assert_max_num_queries)
    assert few == many
