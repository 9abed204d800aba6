"""The petitions API at /api/petitions, used with personal tokens: what each role reads of the list, a
petition, the figures and the public lookup, and who may register, route, accept, refuse and decide.

A denunciation's identity is answered only to the people handling it (the clerk who registered it,
the chief inspector who accepted it, the inspector assigned to it), never to anyone else — not the
inspectorate's other staff, the committee above it, the office, the leader, an administrator or a
superuser — and never in a list, to anyone. A complaint's petitioner is read by those who work on
petitions at its units (reporters and above), not by a viewer.

On 2 June 2025: the denunciation DN was received on 3 March by the reception office, sent to the
inspectorate and accepted there on 5 March, the inspector assigned; the complaint CP was received the
same day and sent to the Department of Environment, still waiting for acceptance."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client

from resolute.petitions.actions import routing, settlement
from resolute.petitions.models import Petition
from resolute.tasks.tests.factories import api_for

from .conftest import DENOUNCER, PETITIONER, RECEIVED
from .scenario import half_year

PETITIONS = "/api/petitions"

# Who reads the denunciation, and whether they read its denouncer.
HANDLERS = ("clerk", "inspectorate_manager", "inspector")
READERS_WITHOUT_IDENTITY = (
    "reception_head",
    "inspectorate_colleague",
    "committee_manager",
    "department_office",
    "office",
    "leader",
    "admin",
    "superuser",
)
OUTSIDERS = ("officer", "colleague", "department_viewer", "commune_clerk", "finance", "district_b_reporter")
EVERYONE = (*HANDLERS, *READERS_WITHOUT_IDENTITY, *OUTSIDERS)


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture(autouse=True)
def fresh_counters():
    # The lookup's attempts are counted in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cases(register, people, petitions_tree):
    """DN, the denunciation at the inspectorate, handled; CP, the complaint at the department."""
    denunciation, secret = register(
        kind="denunciation", petitioner=DENOUNCER, subject="Tố cáo cán bộ địa chính xã Minh An"
    )
    routing.route_petition(
        acting_user=people["reception_head"],
        petition=denunciation,
        handling_unit=petitions_tree["inspectorate"],
        day=RECEIVED,
    )
    settlement.accept_petition(
        acting_user=people["inspectorate_manager"],
        petition=denunciation,
        day=date(2025, 3, 5),
        document_number="03/TB-TTr",
    )
    routing.assign_handler(
        acting_user=people["inspectorate_manager"], petition=denunciation, user=people["inspector"]
    )
    complaint, _secret = register()
    routing.route_petition(
        acting_user=people["reception_head"],
        petition=complaint,
        handling_unit=petitions_tree["environment"],
        day=RECEIVED,
    )
    return {
        "DN": Petition.objects.get(pk=denunciation.pk),
        "CP": Petition.objects.get(pk=complaint.pk),
        "secret": secret,
    }


def client_of(people, role) -> Client:
    return api_for(people[role])


def send(client, url, payload):
    return client.post(url, json.dumps(payload, default=str), content_type="application/json")


def mentions_a_person(body: str) -> bool:
    return any(
        person[field] in body for person in (PETITIONER, DENOUNCER) for field in ("full_name", "id_number")
    )


# -- the list -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_the_list_holds_only_what_each_role_may_read_and_never_a_petitioner(cases, people, role):
    response = client_of(people, role).get(PETITIONS)
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["items"]}
    expected = set()
    if role in (*HANDLERS, *READERS_WITHOUT_IDENTITY):
        expected.add(cases["DN"].code)
    if role not in (
        "inspectorate_manager",
        "inspector",
        "inspectorate_colleague",
        "commune_clerk",
        "finance",
        "district_b_reporter",
    ):
        expected.add(cases["CP"].code)
    assert codes == expected
    assert not mentions_a_person(response.content.decode())


def test_the_list_filters_like_the_page(cases, people):
    client = client_of(people, "leader")
    assert [item["code"] for item in client.get(PETITIONS, {"kind": "denunciation"}).json()["items"]] == [
        cases["DN"].code
    ]
    assert client.get(PETITIONS, {"kind": "lawsuit"}).status_code == 422
    area = client.get(PETITIONS, {"area": cases["CP"].handling_unit_id, "alone": True}).json()
    assert [item["code"] for item in area["items"]] == [cases["CP"].code]


def test_the_list_reads_as_many_queries_for_many_petitions_as_for_a_few(
    cases, people, petitions_tree, django_assert_max_num_queries
):
    client = client_of(people, "leader")
    client.get(PETITIONS)
    half_year(petitions_tree)
    with django_assert_max_num_queries(9):
        body = client.get(PETITIONS).json()
    assert body["count"] == 12


# -- one petition -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_a_denunciations_identity_is_answered_to_its_handlers_only(cases, people, role):
    response = client_of(people, role).get(f"{PETITIONS}/{cases['DN'].pk}")
    if role in OUTSIDERS:
        assert response.status_code == 404
        assert not mentions_a_person(response.content.decode())
        return
    assert response.status_code == 200
    body = response.json()
    if role in HANDLERS:
        assert body["petitioner"]["full_name"] == DENOUNCER["full_name"]
    else:
        assert body["petitioner"] is None
        assert not mentions_a_person(response.content.decode())
    assert [step["kind"] for step in body["steps"]] == ["received", "classified", "routed", "accepted"]


@pytest.mark.parametrize(
    ("role", "reads"),
    [
        ("clerk", True),
        ("officer", True),
        ("department_manager", True),
        ("superuser", True),
        ("department_viewer", False),
        ("leader", False),
    ],
)
def test_a_complaints_petitioner_is_read_by_those_who_work_on_it(cases, people, role, reads):
    body = client_of(people, role).get(f"{PETITIONS}/{cases['CP'].pk}").json()
    assert (body["petitioner"] is not None) is reads


# -- the figures --------------------------------------------------------------------------------------


def test_the_statistics_count_what_the_reader_may_read(people, petitions_tree):
    half_year(petitions_tree)
    body = (
        client_of(people, "leader")
        .get(
            f"{PETITIONS}/statistics",
            {"unit": petitions_tree["province"].pk, "start": "2025-01-01", "end": "2025-06-02"},
        )
        .json()
    )
    assert body["current"]["total"]["received"] == 7
    assert body["current"]["total"]["open_overdue"] == 2
    assert body["last_year"]["total"]["received"] == 2
    assert body["change"] == "250.0"
    viewer = (
        client_of(people, "department_viewer").get(f"{PETITIONS}/statistics", {"end": "2025-06-02"}).json()
    )
    assert viewer["current"]["total"]["received"] == 4


@pytest.mark.parametrize("role", ("officer", "commune_clerk", "department_viewer"))
def test_the_statistics_of_a_unit_outside_ones_area_are_not_found(people, petitions_tree, role):
    response = client_of(people, role).get(f"{PETITIONS}/statistics", {"unit": petitions_tree["province"].pk})
    assert response.status_code == 404


def test_the_statistics_need_a_token(petitions_tree):
    assert Client().get(f"{PETITIONS}/statistics").status_code == 401


# -- the public lookup --------------------------------------------------------------------------------


def test_a_petitioner_reads_their_progress_without_signing_in_and_nothing_else(cases):
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    response = send(visitor, f"{PETITIONS}/lookup", {"code": cases["DN"].code, "secret": cases["secret"]})
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["stage"]) == (cases["DN"].code, "accepted")
    text = response.content.decode()
    assert not mentions_a_person(text)
    assert cases["DN"].subject not in text and cases["DN"].content not in text
    wrong = send(visitor, f"{PETITIONS}/lookup", {"code": cases["DN"].code, "secret": "WRONG-SECRET"})
    assert wrong.status_code == 404


def test_the_lookup_is_throttled_with_the_public_pages_attempts(cases, settings):
    settings.PETITION_LOOKUPS_PER_CLIENT = 3
    visitor = Client(REMOTE_ADDR="203.0.113.8")
    for _attempt in range(3):
        assert send(visitor, f"{PETITIONS}/lookup", {"code": "2025-99999", "secret": "x"}).status_code == 404
    refused = send(visitor, f"{PETITIONS}/lookup", {"code": cases["DN"].code, "secret": cases["secret"]})
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"


# -- writing ------------------------------------------------------------------------------------------


def intake_payload(unit, **extra):
    return {
        "kind": "complaint",
        "channel": "post",
        "received_on": "2025-06-02",
        "received_by_unit_id": unit.pk,
        "petitioner": {"full_name": "Phạm Văn Nam", "id_number": "049180002222", "address": "Tam Kỳ"},
        "subject": "Khiếu nại quyết định xử phạt",
        "content": "Đề nghị xem xét lại.",
        **extra,
    }


def test_a_clerk_registers_a_petition_and_gets_its_secret_once(people, petitions_tree):
    response = send(client_of(people, "clerk"), PETITIONS, intake_payload(petitions_tree["reception"]))
    assert response.status_code == 201
    body = response.json()
    assert body["secret"] and body["petition"]["code"].startswith("2025-")
    assert body["petition"]["petitioner"]["full_name"] == "Phạm Văn Nam"


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("officer", 422), ("commune_clerk", 422)])
def test_only_the_receiving_units_staff_register_its_petitions(people, petitions_tree, role, status):
    response = send(client_of(people, role), PETITIONS, intake_payload(petitions_tree["reception"]))
    assert response.status_code == status
    if status == 422:
        assert "received_by_unit_id" in response.json()["errors"]


def test_a_broken_rule_names_the_field_as_the_api_names_it(people, petitions_tree):
    response = send(
        client_of(people, "clerk"),
        PETITIONS,
        intake_payload(petitions_tree["reception"], handling_unit_id=petitions_tree["environment"].pk),
    )
    assert response.status_code == 422
    assert "handling_unit_id" in response.json()["errors"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("department_manager", 200),
        ("officer", 403),
        ("department_viewer", 403),
        ("reception_head", 403),
        ("inspector", 404),
        ("commune_clerk", 404),
    ],
)
def test_who_may_accept_a_complaint_at_the_department(cases, people, role, status):
    response = send(
        client_of(people, role),
        f"{PETITIONS}/{cases['CP'].pk}/accept",
        {"day": "2025-03-10", "document_number": "15/TB-STNMT"},
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["stage"] == "accepted"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("inspector", 200),
        ("inspectorate_manager", 200),
        ("inspectorate_colleague", 403),
        ("leader", 403),
        ("clerk", 403),
        ("officer", 404),
        ("district_b_reporter", 404),
    ],
)
def test_who_may_decide_the_denunciation(cases, people, role, status):
    response = send(
        client_of(people, role),
        f"{PETITIONS}/{cases['DN'].pk}/decide",
        {"day": "2025-04-01", "decision_number": "12/KL-TTr", "outcome": "partly_upheld"},
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["outcome"] == "partly_upheld"
    assert not (status != 200 and mentions_a_person(response.content.decode()))


def test_a_refusal_and_a_routing_go_through_the_actions(cases, people, petitions_tree, register):
    refused = send(
        client_of(people, "department_manager"),
        f"{PETITIONS}/{cases['CP'].pk}/refuse",
        {"day": "2025-03-10", "reason": "Quá thời hiệu.", "document_number": "16/TB-STNMT"},
    )
    assert (refused.status_code, refused.json()["stage"]) == (200, "refused")
    petition, _secret = register(petitioner={**PETITIONER, "id_number": "049190005555"})
    routed = send(
        client_of(people, "reception_head"),
        f"{PETITIONS}/{petition.pk}/route",
        {"handling_unit_id": petitions_tree["environment"].pk, "day": "2025-06-02"},
    )
    assert routed.status_code == 200
    assert routed.json()["handling_unit"]["id"] == petitions_tree["environment"].pk
    twice = send(
        client_of(people, "reception_head"),
        f"{PETITIONS}/{petition.pk}/route",
        {"handling_unit_id": petitions_tree["environment"].pk, "day": "2025-06-02"},
    )
    assert twice.status_code == 422 and "handling_unit_id" in twice.json()["errors"]


def test_a_decision_on_a_petition_not_yet_accepted_is_refused_naming_the_stage(cases, people):
    response = send(
        client_of(people, "department_manager"),
        f"{PETITIONS}/{cases['CP'].pk}/decide",
        {"day": "2025-04-01", "decision_number": "1/QĐ", "outcome": "upheld"},
    )
    assert response.status_code == 422
    assert "stage" in response.json()["errors"]
