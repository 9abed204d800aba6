"""Who may do what on a task, checked where people meet it: the pages (GET) and the form posts.
Every refusal leaves nothing written. (The actions refuse the same callers; see test_actions.)"""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from resolute.tasks import actions
from resolute.tasks.models import Task

from .test_actions import (  # noqa: F401 - fixtures
    TODAY,
    assign,
    browser_for,
    english_on_a_fixed_day,
    fresh,
    pdf_file,
    report,
    subtask_fixture,
    task_fixture,
)
from .test_follow_up_views import report_form_data, table_sizes


def url(name, pk):
    return reverse(f"tasks:{name}", args=[pk])


@pytest.fixture
def pending(task):
    """A task with an extension request and a completion proposal waiting for the office."""
    request = actions.request_extension(
        acting_user=None, task=task, requested_on=TODAY, proposed_deadline=date(2025, 9, 30), reason="Rain."
    )
    proposal = actions.propose_completion(acting_user=None, task=task, proposed_on=TODAY, result="Done.")
    return {"task": fresh(task), "request": request, "proposal": proposal}


def posts_for(pending) -> dict:
    """A well-formed post for every follow-up form of the task."""
    task = pending["task"]
    version = {"version": task.version}
    return {
        url("edit", task.pk): {"title": "Taken over", "area": "other", "priority": "normal", **version},
        url("subtask_create", task.pk): {
            "title": "Mine",
            "assigned_on": "2025-02-01",
            "deadline": "2025-05-01",
        },
        url("report", task.pk): report_form_data(task),
        url("extension_request", task.pk): {
            "proposed_deadline": "2025-12-31",
            "reason": "More time.",
            **version,
        },
        url("extension_decide", pending["request"].pk): {"decision": "yes", **version},
        url("completion_propose", task.pk): {"result": "Done.", **version},
        url("completion_decide", pending["proposal"].pk): {"decision": "yes", **version},
        url("cancel", task.pk): {"reason": "Not needed.", **version},
        url("comment", task.pk): {"text": "Hello.", **version},
    }


def assert_refused(browser, addresses, posts, status):
    before = table_sizes()
    for address in addresses:
        assert browser.get(address).status_code == status, f"GET {address}"
        assert browser.post(address, posts.get(address, {})).status_code == status, f"POST {address}"
    assert table_sizes() == before


def test_a_task_outside_the_users_view_is_not_found_on_any_page_or_post(pending, users):
    task = pending["task"]
    evidence = report(task, files=[pdf_file()]).files.get()
    posts = posts_for(pending)
    browser = browser_for(users["district_b_reporter"])
    assert_refused(browser, [task.get_absolute_url(), *posts], posts, 404)
    assert browser.get(reverse("tasks:evidence_download", args=[evidence.pk])).status_code == 404


def test_a_reporter_of_another_district_cannot_report_for_the_lead_unit(tree, users):
    task = assign(tree, coordinating_units=[tree["district_b"]])
    browser = browser_for(users["district_b_reporter"])
    form = browser.get(url("report", task.pk)).context["form"]
    assert list(form.fields["unit"].queryset) == [tree["district_b"]]
    response = browser.post(url("report", task.pk), report_form_data(task, unit=tree["district_a"].pk))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == ["Choose a unit of this task that you report for."]
    assert not task.reports.exists()


def test_a_viewer_cannot_report_or_act_as_the_lead(pending, users):
    task = pending["task"]
    posts = posts_for(pending)
    addresses = [
        url(name, task.pk) for name in ["report", "extension_request", "completion_propose", "edit", "cancel"]
    ]
    assert_refused(browser_for(users["leader"]), addresses, posts, 403)


def test_a_coordinating_unit_cannot_propose_completion_or_ask_for_an_extension(task, users):
    posts = {
        url("extension_request", task.pk): {
            "proposed_deadline": "2025-12-31",
            "reason": "More time.",
            "version": 1,
        },
        url("completion_propose", task.pk): {"result": "Done.", "version": 1},
    }
    assert_refused(browser_for(users["finance"]), list(posts), posts, 403)


def test_a_manager_cannot_split_a_task_into_a_unit_outside_its_subtree(task, tree, users):
    response = browser_for(users["district_a_manager"]).post(
        url("subtask_create", task.pk),
        {
            "title": "Elsewhere",
            "lead_unit": tree["commune_b1"].pk,
            "assigned_on": "2025-02-01",
            "deadline": "2025-05-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["lead_unit"] == [
        "Choose an open unit below Hoi An City that you manage."
    ]
    assert not Task.objects.filter(parent=task).exists()


def test_a_manager_cannot_split_a_task_it_only_coordinates(tree, users):
    coordinated = assign(tree, lead_unit=tree["finance"], coordinating_units=[tree["district_a"]])
    posts = {url("subtask_create", coordinated.pk): {"title": "Ours?", "lead_unit": tree["commune_a1"].pk}}
    assert_refused(browser_for(users["district_a_manager"]), list(posts), posts, 403)


def test_only_the_assigning_unit_decides_edits_and_cancels(pending, users):
    task = pending["task"]
    posts = posts_for(pending)
    addresses = [
        url("extension_decide", pending["request"].pk),
        url("completion_decide", pending["proposal"].pk),
        url("edit", task.pk),
        url("cancel", task.pk),
    ]
    for role in ["district_a_manager", "district_a_reporter", "finance"]:
        assert_refused(browser_for(users[role]), addresses, posts, 403)


def test_the_manager_of_the_parents_lead_unit_decides_for_a_sub_task(subtask, users):
    request = actions.request_extension(
        acting_user=None,
        task=subtask,
        requested_on=date(2025, 5, 20),
        proposed_deadline=date(2025, 6, 30),
        reason="Rain.",
    )
    browser = browser_for(users["district_a_manager"])
    assert browser.get(url("extension_decide", request.pk)).status_code == 200
    decided = browser.post(url("extension_decide", request.pk), {"decision": "yes", "version": 2})
    assert decided.status_code == 302
    assert fresh(subtask).deadline == date(2025, 6, 30)
    reporter = browser_for(users["district_a_reporter"])
    assert reporter.post(url("cancel", subtask.pk), {"reason": "No.", "version": 3}).status_code == 403


def test_only_an_office_may_open_and_post_the_create_page(tree, users):
    posts = {
        reverse("tasks:create"): {
            "title": "Mine",
            "lead_unit": tree["district_a"].pk,
            "assigned_by_unit": tree["district_a"].pk,
            "assigned_on": "2025-01-10",
            "deadline": "2025-12-31",
            "area": "other",
            "priority": "normal",
        }
    }
    for role in ["district_a_manager", "district_a_reporter", "leader", "finance"]:
        assert_refused(browser_for(users[role]), list(posts), posts, 403)


def test_a_cancelled_task_takes_no_more_follow_up(task, users):
    actions.cancel_task(acting_user=None, task=task, cancelled_on=TODAY, reason="Merged.")
    task = fresh(task)
    posts = {
        url("report", task.pk): report_form_data(task),
        url("extension_request", task.pk): {
            "proposed_deadline": "2025-12-31",
            "reason": "More.",
            "version": 2,
        },
        url("completion_propose", task.pk): {"result": "Done.", "version": 2},
        url("subtask_create", task.pk): {"title": "Mine", "assigned_on": "2025-02-01"},
        url("edit", task.pk): {"title": "Renamed", "area": "other", "priority": "normal", "version": 2},
        url("cancel", task.pk): {"reason": "Again.", "version": 2},
    }
    assert_refused(browser_for(users["district_a_manager"]), list(posts)[:4], posts, 403)
    assert_refused(browser_for(users["office"]), list(posts)[4:], posts, 403)


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(task):
    for address in [task.get_absolute_url(), url("report", task.pk), reverse("tasks:create")]:
        response = Client().get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
