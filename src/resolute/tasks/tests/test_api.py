"""The tasks API at /api/tasks, used with personal tokens: the list with the page's filters, a task
with its history, and every write of the workflow with its grants and refusals."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolute.directives.actions import create_document
from resolute.directives.models import DocumentKind
from resolute.tasks.models import Decision, ObstacleCategory, Task
from resolute.tasks.status import TaskStatus

from .factories import (
    ENGLISH,
    TODAY,
    api_for,
    ask_extension,
    assign,
    at_noon,
    complete,
    extend,
    propose_completion,
    report,
)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def ring_road(tree):
    """Hội An leads it, the finance department coordinates; due 31 March, so overdue today."""
    return assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Clear the site of the ring road",
        deadline=date(2025, 3, 31),
        coordinating=[tree["finance"]],
    )


@pytest.fixture
def school(tree):
    """Đại Lộc leads it; due 31 December."""
    return assign(
        tree["district_b"],
        assigned_by_unit=tree["office"],
        title="Open the new school",
        deadline=date(2025, 12, 31),
    )


def send(client, method, url, payload):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json")


def post(user, url, payload):
    return send(api_for(user), "post", url, payload)


def refreshed(task) -> Task:
    return Task.objects.get(pk=task.pk)


# -- reading ------------------------------------------------------------------------------------------


def test_the_list_holds_only_visible_tasks_with_their_status_today(ring_road, school, users):
    body = api_for(users["district_b_reporter"]).get("/api/tasks/").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["title"], item["status"], item["as_of"]) == (
        "Open the new school",
        "in_progress",
        "2025-07-01",
    )
    assert item["status_label"] == "in progress within the deadline"
    assert item["lead_unit"]["name"] == "Huyện Đại Lộc"
    assert item["url"] == school.get_absolute_url()


def test_the_list_filters_and_sorts_like_the_page(tree, ring_road, school, users):
    api = api_for(users["office"])
    overdue = api.get("/api/tasks/", {"status": "overdue"}).json()["items"]
    assert [(item["title"], item["overdue_age"]) for item in overdue] == [
        ("Clear the site of the ring road", "31-120")
    ]
    coordinating = api.get("/api/tasks/", {"unit": tree["finance"].pk, "role": "coordinating"}).json()
    assert [item["coordinating_unit_ids"] for item in coordinating["items"]] == [[tree["finance"].pk]]
    in_march = api.get("/api/tasks/", {"as_of": "2025-03-01", "sort": "-deadline"}).json()["items"]
    assert [(item["title"], item["status"]) for item in in_march] == [
        ("Open the new school", "in_progress"),
        ("Clear the site of the ring road", "in_progress"),
    ]
    below = api.get(
        "/api/tasks/", {"unit": tree["province"].pk, "include_below": True, "role": "lead"}
    ).json()
    assert below["count"] == 2
    assert api.get("/api/tasks/", {"unit": tree["province"].pk, "include_below": False}).json()["count"] == 0


def test_a_bad_filter_is_a_422_naming_it(users, db):
    api = api_for(users["office"])
    response = api.get("/api/tasks/", {"sort": "colour"})
    assert response.status_code == 422
    assert "sort" in response.json()["errors"]
    response = api.get("/api/tasks/", {"unit": 999_999})
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]


def test_the_list_pages_by_25(tree, users):
    for number in range(27):
        assign(tree["district_a"], assigned_by_unit=tree["office"], title=f"Task {number}")
    api = api_for(users["office"])
    first, second = api.get("/api/tasks/").json(), api.get("/api/tasks/", {"page": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (27, 25, 2)


def test_the_list_makes_the_same_queries_for_few_or_many_tasks(tree, users, django_assert_max_num_queries):
    def add(count):
        for number in range(count):
            task = assign(
                tree["district_a"],
                assigned_by_unit=tree["office"],
                title=f"Task {number}",
                deadline=date(2025, 9, 30),
                coordinating=[tree["finance"]],
            )
            report(task, reported_on=date(2025, 6, 1))

    api = api_for(users["office"])
    add(5)
    api.get("/api/tasks/")  # the token's first use is recorded once
    with django_assert_max_num_queries(12) as few:
        api.get("/api/tasks/")
    add(35)
    with django_assert_max_num_queries(12) as many:
        assert len(api.get("/api/tasks/").json()["items"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_units_below_a_unit_are_read_once_for_the_list_and_its_count(tree, users):
    assign(tree["district_a"], assigned_by_unit=tree["office"], title="Clear the site")
    assign(tree["commune_a1"], assigned_by_unit=tree["office"], title="Move the households")
    api = api_for(users["office"])
    hoi_an = tree["district_a"].pk
    api.get("/api/tasks/", {"unit": hoi_an})
    with CaptureQueriesContext(connection) as alone:
        api.get("/api/tasks/", {"unit": hoi_an})
    with CaptureQueriesContext(connection) as with_below:
        body = api.get("/api/tasks/", {"unit": hoi_an, "include_below": "true"}).json()
    assert sorted(item["title"] for item in body["items"]) == ["Clear the site", "Move the households"]
    assert len(with_below.captured_queries) == len(alone.captured_queries) + 1


def test_a_task_reads_with_its_units_sub_tasks_reports_and_decisions(tree, ring_road, users):
    from resolute.tasks import actions

    subtask = actions.create_subtask(
        acting_user=None,
        parent=ring_road,
        title="Move the graves",
        lead_unit=tree["commune_a1"],
        assigned_on=date(2025, 2, 1),
    )
    report(
        ring_road,
        reported_on=date(2025, 3, 15),
        percent_complete=40,
        obstacles=[(ObstacleCategory.SITE_CLEARANCE, "Three households have not agreed.")],
    )
    report(ring_road, unit=tree["finance"], reported_on=date(2025, 3, 16), narrative="Compensation paid.")
    extend(ring_road, decided_on=date(2025, 3, 20), new_deadline=date(2025, 5, 31))
    returned = propose_completion(ring_road, proposed_on=date(2025, 5, 30))
    actions.decide_request(
        acting_user=None,
        request=returned,
        approve=False,
        decided_on=date(2025, 6, 2),
        comment="Photos missing.",
    )
    complete(ring_road, proposed_on=date(2025, 6, 10), decided_on=date(2025, 6, 12))

    body = api_for(users["office"]).get(f"/api/tasks/{ring_road.pk}").json()
    assert (body["status"], body["original_deadline"], body["deadline"]) == (
        "completed_late",
        "2025-03-31",
        "2025-05-31",
    )
    assert body["completed_on"] == "2025-06-10"
    assert [unit["id"] for unit in body["coordinating_units"]] == [tree["finance"].pk]
    assert body["subtask_ids"] == [subtask.pk]
    first, second = body["reports"]
    assert (first["unit"]["id"], first["percent_complete"]) == (tree["district_a"].pk, 40)
    assert first["obstacles"] == [
        {
            "category": "site_clearance",
            "category_label": "site clearance and compensation",
            "description": "Three households have not agreed.",
        }
    ]
    assert second["unit"]["id"] == tree["finance"].pk
    assert [(e["proposed_deadline"], e["decision"]) for e in body["extension_requests"]] == [
        ("2025-05-31", "approved")
    ]
    assert [(c["decision_label"], c["decision_comment"]) for c in body["completion_proposals"]] == [
        ("returned", "Photos missing."),
        ("accepted", ""),
    ]


def test_a_task_reads_as_of_a_past_day(ring_road, users):
    extend(ring_road, decided_on=date(2025, 3, 20), new_deadline=date(2025, 8, 31))
    api = api_for(users["office"])
    in_march = api.get(f"/api/tasks/{ring_road.pk}", {"as_of": "2025-03-10"}).json()
    assert (in_march["as_of"], in_march["deadline_as_of"], in_march["status"]) == (
        "2025-03-10",
        "2025-03-31",
        "in_progress",
    )
    assert in_march["deadline"] == "2025-08-31", "the deadline in force now is still given"
    before = api.get(f"/api/tasks/{ring_road.pk}", {"as_of": "2024-12-31"})
    assert before.status_code == 422
    assert "as_of" in before.json()["errors"]


def test_a_task_of_another_district_is_not_found(ring_road, users):
    response = api_for(users["district_b_reporter"]).get(f"/api/tasks/{ring_road.pk}")
    assert response.status_code == 404


def test_the_api_wants_a_token(ring_road, db):
    assert Client(**ENGLISH).get("/api/tasks/").status_code == 401


# -- assigning ----------------------------------------------------------------------------------------


def test_the_office_assigns_a_task_from_a_clause(tree, users):
    conclusion = create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion of the provincial conference",
        number="123/TB-TU",
        issued_on=date(2024, 12, 20),
        text="II. Tasks\n1. Finish the coastal road by the end of the year.",
    )
    clause = conclusion.clauses.get(text__startswith="1.")
    response = post(
        users["office"],
        "/api/tasks/",
        {
            "title": "Finish the coastal road",
            "lead_unit_id": tree["district_a"].pk,
            "coordinating_unit_ids": [tree["finance"].pk, tree["district_b"].pk],
            "source_clause_id": clause.pk,
            "supervising_leader_id": users["leader"].pk,
            "deadline": "2025-12-31",
            "area": "socio_economics",
            "priority": "high",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["assigned_by_unit"]["id"] == tree["office"].pk, "the office's own unit by default"
    assert body["assigned_on"] == "2025-07-01"
    assert body["source_document_id"] == conclusion.pk
    assert body["source_text"] == clause.text
    assert sorted(body["coordinating_unit_ids"]) == sorted([tree["finance"].pk, tree["district_b"].pk])
    assert body["supervising_leader"]["id"] == users["leader"].pk
    assert (body["status"], body["version"]) == ("in_progress", 1)


def test_only_an_office_assigns_tasks(tree, users):
    payload = {"title": "Anything", "lead_unit_id": tree["commune_a1"].pk}
    assert post(users["district_a_manager"], "/api/tasks/", payload).status_code == 403
    assert post(users["district_a_reporter"], "/api/tasks/", payload).status_code == 403
    assert not Task.objects.exists()


def test_bad_assignments_are_refused_naming_the_field(tree, users):
    api = api_for(users["office"])
    early = send(
        api,
        "post",
        "/api/tasks/",
        {
            "title": "Finish the road",
            "lead_unit_id": tree["district_a"].pk,
            "assigned_on": "2025-06-01",
            "deadline": "2025-05-01",
        },
    )
    assert early.status_code == 422
    assert "deadline" in early.json()["errors"]
    both = send(
        api,
        "post",
        "/api/tasks/",
        {
            "title": "Finish the road",
            "lead_unit_id": tree["district_a"].pk,
            "coordinating_unit_ids": [tree["district_a"].pk],
        },
    )
    assert both.status_code == 422
    assert "coordinating_unit_ids" in both.json()["errors"]
    unknown = send(api, "post", "/api/tasks/", {"title": "Finish the road", "lead_unit_id": 999_999})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == {"lead_unit_id": ["No unit you can see has the id 999999."]}
    assert not Task.objects.exists()


def test_the_assigning_unit_changes_a_task_with_the_version_it_read(ring_road, users, tree):
    api = api_for(users["office"])
    response = send(
        api,
        "patch",
        f"/api/tasks/{ring_road.pk}",
        {
            "version": 1,
            "title": "Clear the site of the new ring road",
            "coordinating_unit_ids": [tree["district_b"].pk],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["version"], body["coordinating_unit_ids"]) == (
        "Clear the site of the new ring road",
        2,
        [tree["district_b"].pk],
    )
    stale = send(api, "patch", f"/api/tasks/{ring_road.pk}", {"version": 1, "title": "Something else"})
    assert stale.status_code == 409
    assert "Changed by office" in stale.json()["detail"]
    assert refreshed(ring_road).title == "Clear the site of the new ring road"


def test_a_change_needs_the_version(ring_road, users):
    response = send(api_for(users["office"]), "patch", f"/api/tasks/{ring_road.pk}", {"title": "New title"})
    assert response.status_code == 428
    assert list(response.json()["errors"]) == ["version"]
    assert refreshed(ring_road).title == "Clear the site of the ring road"


def test_the_lead_unit_cannot_change_what_it_was_assigned(ring_road, school, users):
    api = api_for(users["district_a_manager"])
    assert (
        send(api, "patch", f"/api/tasks/{ring_road.pk}", {"version": 1, "title": "Easier"}).status_code == 403
    )
    assert send(api, "patch", f"/api/tasks/{school.pk}", {"version": 1, "title": "Easier"}).status_code == 404
    assert refreshed(ring_road).title == "Clear the site of the ring road"


# -- sub-tasks ----------------------------------------------------------------------------------------


def test_the_lead_units_manager_splits_a_task_for_a_unit_below(tree, school, users):
    response = post(
        users["district_a_manager"],
        "/api/tasks/",
        {"title": "x", "lead_unit_id": tree["commune_a1"].pk},
    )
    assert response.status_code == 403
    parent = assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Clear the site",
        deadline=date(2025, 9, 30),
    )
    response = post(
        users["district_a_manager"],
        f"/api/tasks/{parent.pk}/subtasks",
        {"title": "Count the households", "lead_unit_id": tree["commune_a1"].pk, "deadline": "2025-08-31"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["parent_id"], body["assigned_by_unit"]["id"]) == (parent.pk, tree["district_a"].pk)
    parent_body = api_for(users["office"]).get(f"/api/tasks/{parent.pk}").json()
    assert parent_body["subtask_ids"] == [body["id"]]


def test_a_sub_task_due_after_its_parent_needs_a_reason(tree, users):
    parent = assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Clear the site",
        deadline=date(2025, 9, 30),
    )
    url = f"/api/tasks/{parent.pk}/subtasks"
    payload = {
        "title": "Count the households",
        "lead_unit_id": tree["commune_a1"].pk,
        "deadline": "2025-10-31",
    }
    response = post(users["district_a_manager"], url, payload)
    assert response.status_code == 422
    assert "deadline_after_parent_reason" in response.json()["errors"]
    payload["deadline_after_parent_reason"] = "The ward's census ends in October."
    assert post(users["district_a_manager"], url, payload).status_code == 201


def test_sub_tasks_go_below_the_lead_unit_and_only_its_manager_splits(tree, ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/subtasks"
    sideways = post(users["district_a_manager"], url, {"title": "x", "lead_unit_id": tree["finance"].pk})
    assert sideways.status_code == 422
    assert "lead_unit_id" in sideways.json()["errors"]
    reporter = post(users["district_a_reporter"], url, {"title": "x", "lead_unit_id": tree["commune_a1"].pk})
    assert reporter.status_code == 403
    assert not Task.objects.filter(parent=ring_road).exists()


# -- reports ------------------------------------------------------------------------------------------


def test_the_lead_unit_reports_progress_with_obstacles(ring_road, users):
    response = post(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/reports",
        {
            "narrative": "Twelve of fifteen households have moved.",
            "percent_complete": 80,
            "obstacles": [{"category": "land_price", "description": "The land price is disputed."}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["unit"]["id"], body["reported_on"], body["percent_complete"]) == (
        ring_road.lead_unit_id,
        "2025-07-01",
        80,
    )
    assert body["obstacles"][0]["category"] == "land_price"
    assert body["submitted_by"]["name"] == "hoian"


def test_a_coordinating_unit_reports_its_own_part(tree, ring_road, users):
    response = post(users["finance"], f"/api/tasks/{ring_road.pk}/reports", {"narrative": "Funds released."})
    assert response.status_code == 201
    assert response.json()["unit"]["id"] == tree["finance"].pk


def test_a_correction_names_the_report_it_corrects(ring_road, users):
    first = report(ring_road, reported_on=date(2025, 6, 1), percent_complete=60)
    response = post(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/reports",
        {"narrative": "Corrected figure.", "percent_complete": 50, "corrects_id": first.pk},
    )
    assert response.status_code == 201
    assert response.json()["corrects_id"] == first.pk
    assert refreshed(ring_road).reports.get(pk=first.pk).percent_complete == 60, "a report is never edited"


def test_reports_are_refused_to_those_who_may_not_make_them(tree, ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/reports"
    assert post(users["leader"], url, {"narrative": "Looks fine."}).status_code == 403
    assert post(users["district_b_reporter"], url, {"narrative": "Not ours."}).status_code == 404
    for_finance = post(users["leader"], url, {"narrative": "For them.", "unit_id": tree["finance"].pk})
    assert for_finance.status_code == 403, "a viewer sees the coordinating unit but may not report for it"
    hidden = post(
        users["district_a_reporter"], url, {"narrative": "For them.", "unit_id": tree["finance"].pk}
    )
    assert hidden.status_code == 422
    assert "unit_id" in hidden.json()["errors"]
    assert not ring_road.reports.exists()


def test_a_percentage_outside_0_to_100_is_refused_at_the_field(ring_road, users):
    response = post(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/reports",
        {"narrative": "Done and more.", "percent_complete": 120},
    )
    assert response.status_code == 422
    assert "percent_complete" in response.json()["errors"]
    assert not ring_road.reports.exists()


# -- extensions ---------------------------------------------------------------------------------------


def test_the_lead_unit_asks_for_an_extension_and_the_office_approves_it(ring_road, users):
    asked = post(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/extension-requests",
        {
            "version": 1,
            "proposed_deadline": "2025-09-30",
            "reason": "Households have not agreed.",
            "requested_on": "2025-06-20",
        },
    )
    assert asked.status_code == 201, asked.content
    request = asked.json()
    assert (request["current_deadline"], request["decision"]) == ("2025-03-31", "pending")
    decided = post(
        users["office"],
        f"/api/tasks/extension-requests/{request['id']}/decision",
        {"approve": True, "version": 2, "decided_on": "2025-06-25"},
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision_label"] == "approved"
    task = refreshed(ring_road)
    assert (task.original_deadline, task.deadline) == (date(2025, 3, 31), date(2025, 9, 30))


def test_only_the_lead_unit_asks_and_only_the_assigning_unit_decides(ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/extension-requests"
    payload = {"proposed_deadline": "2025-09-30", "reason": "We need time."}
    assert post(users["finance"], url, payload).status_code == 403, "a coordinating unit cannot ask"
    request = ask_extension(ring_road, requested_on=date(2025, 6, 20), proposed_deadline=date(2025, 9, 30))
    decision_url = f"/api/tasks/extension-requests/{request.pk}/decision"
    assert post(users["district_a_manager"], decision_url, {"approve": True}).status_code == 403
    assert post(users["district_b_reporter"], decision_url, {"approve": True}).status_code == 404
    request.refresh_from_db()
    assert request.decision == Decision.PENDING


def test_a_rejection_needs_a_comment(ring_road, users):
    request = ask_extension(ring_road, requested_on=date(2025, 6, 20), proposed_deadline=date(2025, 9, 30))
    url = f"/api/tasks/extension-requests/{request.pk}/decision"
    response = post(users["office"], url, {"approve": False})
    assert response.status_code == 422
    assert "comment" in response.json()["errors"]
    response = post(users["office"], url, {"approve": False, "comment": "Finish on time."})
    assert response.json()["decision"] == "rejected"
    assert refreshed(ring_road).deadline == date(2025, 3, 31)


def test_an_extension_asked_on_a_stale_task_is_a_409(ring_road, users):
    from resolute.tasks import actions

    actions.update_task(acting_user=users["office"], task=ring_road, title="Renamed by the office")
    response = post(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/extension-requests",
        {"version": 1, "proposed_deadline": "2025-09-30", "reason": "Households have not agreed."},
    )
    assert response.status_code == 409
    assert not ring_road.extension_requests.exists()


# -- completion and cancelling ------------------------------------------------------------------------


def test_the_lead_unit_proposes_completion_and_the_office_accepts_it(ring_road, users):
    proposed = post(
        users["district_a_reporter"],
        f"/api/tasks/{ring_road.pk}/completion-proposals",
        {"result": "The site is clear.", "proposed_on": "2025-06-20"},
    )
    assert proposed.status_code == 201, proposed.content
    proposal = proposed.json()
    assert proposal["decision_label"] == "waiting for a decision"
    accepted = post(
        users["office"], f"/api/tasks/completion-proposals/{proposal['id']}/decision", {"accept": True}
    )
    assert accepted.status_code == 200
    assert accepted.json()["decision_label"] == "accepted"
    body = api_for(users["office"]).get(f"/api/tasks/{ring_road.pk}").json()
    assert (body["completed_on"], body["status"]) == ("2025-06-20", TaskStatus.COMPLETED_LATE)


def test_a_returned_completion_says_why(ring_road, users):
    proposal = propose_completion(ring_road, proposed_on=date(2025, 6, 20))
    url = f"/api/tasks/completion-proposals/{proposal.pk}/decision"
    assert post(users["office"], url, {"accept": False}).status_code == 422
    returned = post(users["office"], url, {"accept": False, "comment": "Send the photos."})
    assert (returned.json()["decision"], returned.json()["decision_label"]) == ("rejected", "returned")
    assert refreshed(ring_road).completed_on is None


def test_only_the_lead_unit_proposes_and_only_the_assigning_unit_accepts(ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/completion-proposals"
    assert post(users["finance"], url, {"result": "Our part is done."}).status_code == 403
    proposal = propose_completion(ring_road, proposed_on=date(2025, 6, 20))
    decision_url = f"/api/tasks/completion-proposals/{proposal.pk}/decision"
    assert post(users["district_a_manager"], decision_url, {"accept": True}).status_code == 403
    assert refreshed(ring_road).completed_on is None


def test_the_assigning_unit_cancels_a_task_with_a_reason(ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/cancel"
    assert post(users["district_a_manager"], url, {"reason": "Not needed."}).status_code == 403
    no_reason = post(users["office"], url, {"reason": " "})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["errors"]
    response = post(users["office"], url, {"reason": "The project was moved to next year.", "version": 1})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancel_reason"]) == (
        "cancelled",
        "The project was moved to next year.",
    )


def test_anyone_who_sees_a_task_may_comment_on_it(ring_road, users):
    response = post(users["leader"], f"/api/tasks/{ring_road.pk}/comments", {"text": "Please hurry."})
    assert response.status_code == 201
    assert response.json()["author"]["name"] == "leader"
    assert (
        post(users["district_b_reporter"], f"/api/tasks/{ring_road.pk}/comments", {"text": "Hi"}).status_code
        == 404
    )


def test_a_task_reads_in_the_same_queries_however_long_its_history(
    tree, ring_road, users, django_assert_max_num_queries
):
    api = api_for(users["office"])
    report(ring_road, reported_on=date(2025, 2, 1), obstacles=[(ObstacleCategory.CAPITAL, "No money.")])
    extend(ring_road, decided_on=date(2025, 2, 1), new_deadline=date(2025, 4, 15))
    propose_completion(ring_road, proposed_on=date(2025, 2, 1))
    api.get(f"/api/tasks/{ring_road.pk}")
    with django_assert_max_num_queries(20) as short:
        api.get(f"/api/tasks/{ring_road.pk}")
    for day in range(2, 28):
        report(ring_road, reported_on=date(2025, 2, day), obstacles=[(ObstacleCategory.CAPITAL, "No money.")])
        report(ring_road, unit=tree["finance"], reported_on=date(2025, 2, day))
    extend(ring_road, decided_on=date(2025, 3, 1), new_deadline=date(2025, 4, 30))
    extend(ring_road, decided_on=date(2025, 4, 1), new_deadline=date(2025, 5, 31))
    assert ring_road.completion_proposals.count() == 1
    with django_assert_max_num_queries(20) as long:
        body = api.get(f"/api/tasks/{ring_road.pk}").json()
    assert len(body["reports"]) == 53
    assert len(long.captured_queries) == len(short.captured_queries)


# -- rates ----------------------------------------------------------------------------------------------


def test_a_units_rates_count_what_it_and_its_units_lead(tree, ring_road, users):
    late = assign(
        tree["commune_a1"], assigned_by_unit=tree["office"], title="Move", deadline=date(2025, 4, 30)
    )
    complete(late, proposed_on=date(2025, 5, 10), decided_on=date(2025, 5, 12))
    on_time = assign(
        tree["district_a"], assigned_by_unit=tree["office"], title="Plan", deadline=date(2025, 5, 31)
    )
    complete(on_time, proposed_on=date(2025, 5, 20), decided_on=date(2025, 5, 21))
    assign(tree["district_a"], assigned_by_unit=tree["office"], title="Later", deadline=date(2025, 12, 31))
    api = api_for(users["district_a_reporter"])

    body = api.get("/api/tasks/rates", {"unit": tree["district_a"].pk}).json()
    assert (body["as_of"], body["subtree"], body["unit"]["id"]) == ("2025-07-01", True, tree["district_a"].pk)
    assert (body["completed_on_time"], body["completed_late"], body["overdue"], body["in_progress"]) == (
        1,
        1,
        1,
        1,
    )
    assert (body["fallen_due"], body["completion_rate"], body["on_time_rate"]) == (3, 2 / 3, 1 / 3)
    assert body["formulas"][1].startswith("Completion rate = completed ÷ (completed + overdue) = 2 ÷ (2 + 1)")

    alone = api.get("/api/tasks/rates", {"unit": tree["district_a"].pk, "subtree": False}).json()
    assert (alone["completed"], alone["overdue"]) == (1, 1)
    in_april = api.get("/api/tasks/rates", {"unit": tree["district_a"].pk, "as_of": "2025-04-15"}).json()
    assert (in_april["fallen_due"], in_april["completion_rate"]) == (1, 0.0)


def test_the_rates_of_a_unit_one_cannot_see_are_refused(tree, users, db):
    response = api_for(users["district_a_reporter"]).get("/api/tasks/rates", {"unit": tree["district_b"].pk})
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]


# -- counts by status -----------------------------------------------------------------------------------


def test_the_counts_give_each_status_and_overdue_age_of_the_tasks_the_filters_keep(
    tree, ring_road, school, users
):
    done = assign(
        tree["commune_a1"], assigned_by_unit=tree["office"], title="Move", deadline=date(2025, 4, 30)
    )
    complete(done, proposed_on=date(2025, 4, 20), decided_on=date(2025, 4, 22))
    api = api_for(users["office"])

    body = api.get("/api/tasks/counts").json()
    assert (body["as_of"], body["total"]) == ("2025-07-01", 3)
    assert body["by_status"] == {
        "completed_on_time": 1,
        "completed_late": 0,
        "in_progress": 1,
        "overdue": 1,
        "no_deadline": 0,
        "no_deadline_silent": 0,
        "cancelled": 0,
    }
    assert body["by_overdue_age"] == {"1-30": 0, "31-120": 1, "120+": 0}

    district_a = api.get("/api/tasks/counts", {"unit": tree["district_a"].pk, "include_below": True}).json()
    assert (
        district_a["total"],
        district_a["by_status"]["overdue"],
        district_a["by_status"]["in_progress"],
    ) == (
        2,
        1,
        0,
    )
    in_march = api.get("/api/tasks/counts", {"as_of": "2025-03-01"}).json()
    assert (in_march["total"], in_march["by_status"]["in_progress"], in_march["by_status"]["overdue"]) == (
        3,
        3,
        0,
    )


def test_a_district_counts_only_the_tasks_it_may_see(ring_road, school, users):
    body = api_for(users["district_b_reporter"]).get("/api/tasks/counts").json()
    assert body["total"] == 1
    assert (body["by_status"]["in_progress"], body["by_status"]["overdue"]) == (1, 0)


def test_the_counts_refuse_a_unit_one_cannot_see_naming_it(tree, users):
    response = api_for(users["district_a_reporter"]).get("/api/tasks/counts", {"unit": tree["district_b"].pk})
    assert response.status_code == 422
    assert "unit" in response.json()["errors"]


def test_the_counts_take_as_many_queries_for_many_tasks_as_for_few(
    tree, users, django_assert_max_num_queries
):
    def add(count):
        for number in range(count):
            task = assign(
                tree["district_a"],
                assigned_by_unit=tree["office"],
                title=f"Task {number}",
                deadline=date(2025, 5 + number % 3, 30),
                coordinating=[tree["finance"]],
            )
            report(task, reported_on=date(2025, 4, 1))

    api = api_for(users["district_a_reporter"])
    add(3)
    api.get("/api/tasks/counts")  # the token's first use is recorded once
    with django_assert_max_num_queries(8) as few:
        api.get("/api/tasks/counts", {"unit": tree["district_a"].pk, "include_below": True})
    add(30)
    with django_assert_max_num_queries(8) as many:
        body = api.get("/api/tasks/counts", {"unit": tree["district_a"].pk, "include_below": True}).json()
    assert body["total"] == 33
    assert len(many.captured_queries) == len(few.captured_queries)


# -- deadlines: only an approved extension moves one ----------------------------------------------


def test_the_api_offers_no_deadline_to_change_and_refuses_one_naming_the_field(ring_road, users):
    schema = api_for(users["office"]).get("/api/openapi.json").json()
    assert "deadline" not in schema["components"]["schemas"]["TaskPatch"]["properties"]
    response = send(
        api_for(users["office"]),
        "patch",
        f"/api/tasks/{ring_road.pk}",
        {"version": 1, "deadline": "2025-12-31", "title": "Renamed"},
    )
    assert response.status_code == 422
    assert "cannot be changed by editing the task" in response.json()["errors"]["deadline"][0]
    task = refreshed(ring_road)
    assert (task.title, task.original_deadline, task.deadline, task.version) == (
        "Clear the site of the ring road",
        date(2025, 3, 31),
        date(2025, 3, 31),
        1,
    )


def test_the_api_records_an_extension_decided_at_once_with_its_document(ring_road, users):
    url = f"/api/tasks/{ring_road.pk}/extensions"
    payload = {
        "version": 1,
        "new_deadline": "2025-09-30",
        "reason": "Households have not agreed.",
        "decision_document_number": "125/UBND-TH",
        "decision_document_date": "2025-06-30",
    }
    assert post(users["district_a_manager"], url, payload).status_code == 403, "the lead unit asks instead"
    assert post(users["office"], url, {**payload, "decision_document_date": None}).status_code == 422
    response = post(users["office"], url, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["decision"], body["decided_at_once"], body["requested_on"], body["decided_on"]) == (
        "approved",
        True,
        "2025-07-01",
        "2025-07-01",
    )
    assert (body["current_deadline"], body["proposed_deadline"]) == ("2025-03-31", "2025-09-30")
    assert (body["decision_document_number"], body["decision_document_date"]) == ("125/UBND-TH", "2025-06-30")
    task = refreshed(ring_road)
    assert (task.original_deadline, task.deadline) == (date(2025, 3, 31), date(2025, 9, 30))


def test_the_api_records_the_document_that_decides_a_request(ring_road, users):
    request = ask_extension(ring_road, requested_on=date(2025, 6, 20), proposed_deadline=date(2025, 9, 30))
    decided = post(
        users["office"],
        f"/api/tasks/extension-requests/{request.pk}/decision",
        {"approve": True, "decision_document_number": "98/UBND-TH", "decision_document_date": "2025-06-24"},
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["decision_document_number"], decided.json()["decision_document_date"]) == (
        "98/UBND-TH",
        "2025-06-24",
    )
    assert refreshed(ring_road).original_deadline == date(2025, 3, 31)
