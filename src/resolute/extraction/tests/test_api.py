"""Plans proposed from a text through the API (/api/v1/plans): read as the pages read them, started
as a background job (202), decided, confirmed and cancelled by whom the pages let, and hidden (404)
from whoever may not read the document."""

from datetime import date

import pytest
from django.test import Client

from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.extraction import actions
from resolute.extraction.models import Decision, ItemKind, PlanProposal, ProposalStatus
from resolute.tasks.models import Task
from resolute.tasks.tests.factories import ENGLISH, api_for, at_noon

from .test_plan_flow import VIETNAMESE_PARAGRAPH, item_of, read

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Early in 2025, before the deadlines the text names."""
    time_machine.move_to(at_noon(date(2025, 1, 5)), tick=False)


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        title="Nghị quyết về nhiệm vụ năm 2025",
        issued_on=date(2024, 12, 10),
    )


def test_the_office_sends_a_text_and_the_reading_is_queued_with_202(users, document):
    response = api_for(users["office"]).post(
        f"/api/v1/plans/documents/{document.pk}",
        {"text": VIETNAMESE_PARAGRAPH, "language": "vi"},
        content_type="application/json",
    )
    assert response.status_code == 202
    body = response.json()
    proposal = PlanProposal.objects.get()
    assert (body["id"], body["status"], body["items"]) == (proposal.pk, "queued", [])
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.text == VIETNAMESE_PARAGRAPH.strip() and proposal.created_by == users["office"]


def test_a_document_without_text_and_no_text_sent_is_a_422_naming_text(users, document):
    response = api_for(users["office"]).post(
        f"/api/v1/plans/documents/{document.pk}", {}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "text" in response.json()["errors"]
    assert not PlanProposal.objects.exists()


def test_a_reporter_may_read_but_not_propose_decide_or_confirm(users, document):
    proposal = read(document, users["office"])
    item = proposal.items.first()
    api = api_for(users["finance"])
    assert api.get(f"/api/v1/plans/{proposal.pk}").json()["may_decide"] is False
    refused = [
        api.post(f"/api/v1/plans/documents/{document.pk}", {"text": "x"}, content_type="application/json"),
        api.post(
            f"/api/v1/plans/{proposal.pk}/items/{item.pk}/decide",
            {"decision": "rejected"},
            content_type="application/json",
        ),
        api.post(f"/api/v1/plans/{proposal.pk}/confirm"),
        api.post(f"/api/v1/plans/{proposal.pk}/cancel"),
    ]
    assert [response.status_code for response in refused] == [403, 403, 403, 403]
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def test_a_unit_that_cannot_read_the_document_finds_nothing(tree, users):
    hidden = document_actions.create_document(
        acting_user=None, owner=tree["district_b"], kind=DocumentKind.PLAN, title="Kế hoạch của huyện"
    )
    proposal = read(hidden, None)
    api = api_for(users["district_a_reporter"])
    assert api.get(f"/api/v1/plans/{proposal.pk}").status_code == 404
    assert api.get(f"/api/v1/plans/documents/{hidden.pk}").status_code == 404
    item = proposal.items.first()
    decided = api.post(
        f"/api/v1/plans/{proposal.pk}/items/{item.pk}/decide",
        {"decision": "rejected"},
        content_type="application/json",
    )
    assert decided.status_code == 404


def test_the_api_wants_a_token(users, document):
    assert Client(**ENGLISH).get(f"/api/v1/plans/documents/{document.pk}").status_code == 401


def test_the_office_reviews_decides_and_confirms_a_plan(tree, users, document):
    proposal = read(document, users["office"])
    api = api_for(users["office"])
    detail = api.get(f"/api/v1/plans/{proposal.pk}").json()
    assert (detail["status"], detail["may_decide"]) == ("ready", True)
    assert {item["kind"] for item in detail["items"]} == {"target", "task"}
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    for other in proposal.items.exclude(pk=task_item.pk):
        response = api.post(
            f"/api/v1/plans/{proposal.pk}/items/{other.pk}/decide",
            {"decision": "rejected"},
            content_type="application/json",
        )
        assert (response.status_code, response.json().get("decision")) == (200, "rejected"), response.json()
    response = api.post(
        f"/api/v1/plans/{proposal.pk}/items/{task_item.pk}/decide",
        {
            "decision": "accepted",
            "title": "Tham mưu phân bổ vốn đầu tư công",
            "unit_id": tree["finance"].pk,
            "deadline": "2025-06-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["unit_id"], response.json()["deadline"]) == (tree["finance"].pk, "2025-06-30")

    response = api.post(f"/api/v1/plans/{proposal.pk}/confirm")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed"
    task = Task.objects.get()
    assert (task.title, task.lead_unit, task.deadline) == (
        "Tham mưu phân bổ vốn đầu tư công",
        tree["finance"],
        date(2025, 6, 30),
    )
    confirmed = api.get(f"/api/v1/plans/{proposal.pk}").json()
    assert (
        next(item for item in confirmed["items"] if item["id"] == task_item.pk)["created_task_id"] == task.pk
    )


def test_accepting_a_task_without_its_lead_unit_is_a_422_naming_unit_id(users, document):
    proposal = read(document, users["office"])
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    response = api_for(users["office"]).post(
        f"/api/v1/plans/{proposal.pk}/items/{task_item.pk}/decide",
        {"decision": "accepted", "title": "Phân bổ vốn", "unit_id": None},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["unit_id"] == ["Choose the lead unit."]
    task_item.refresh_from_db()
    assert task_item.decision == Decision.PENDING


def test_a_field_the_item_does_not_take_is_a_422_naming_it(users, document):
    proposal = read(document, users["office"])
    task_item = item_of(proposal, ItemKind.TASK, "Sở Tài chính")
    response = api_for(users["office"]).post(
        f"/api/v1/plans/{proposal.pk}/items/{task_item.pk}/decide",
        {"decision": "accepted", "comparator": "below"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "comparator" in response.json()["errors"]


def test_confirming_nothing_accepted_is_a_422_and_the_proposal_stays_ready(users, document):
    proposal = read(document, users["office"])
    response = api_for(users["office"]).post(f"/api/v1/plans/{proposal.pk}/confirm")
    assert response.status_code == 422
    assert "__all__" in response.json()["errors"]
    assert PlanProposal.objects.get().status == ProposalStatus.READY


def test_only_who_started_a_reading_cancels_it(users, document):
    proposal = actions.start_proposal(
        acting_user=users["office"], document=document, text=VIETNAMESE_PARAGRAPH
    )
    assert api_for(users["admin"]).post(f"/api/v1/plans/{proposal.pk}/cancel").status_code in (403, 404)
    response = api_for(users["office"]).post(f"/api/v1/plans/{proposal.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_the_list_of_a_documents_proposals_costs_the_same_queries_for_few_or_many(
    users, document, django_assert_max_num_queries
):
    api = api_for(users["office"])

    def add(count):
        for _number in range(count):
            actions.start_proposal(acting_user=users["office"], document=document, text=VIETNAMESE_PARAGRAPH)

    add(2)
    api.get(f"/api/v1/plans/documents/{document.pk}")
    with django_assert_max_num_queries(30) as few:
        first = api.get(f"/api/v1/plans/documents/{document.pk}")
    add(10)
    with django_assert_max_num_queries(30) as many:
        response = api.get(f"/api/v1/plans/documents/{document.pk}")
    assert (first.json()["count"], response.json()["count"]) == (2, 12)
    assert len(many.captured_queries) == len(few.captured_queries)
