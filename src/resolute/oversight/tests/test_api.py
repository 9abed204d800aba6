"""The oversight API at /api/oversight, used with personal tokens: what each reader sees, who may write
what, the rules answered as 422 naming the field, and the ledger as the selectors count it.

The findings are those of test_selectors (`findings`): seven recommendations of the provincial
inspectorate on Hội An, two of the State Audit on Đại Lộc, read on 1 December 2024."""

import json
from datetime import date

import pytest

from resolute.oversight.models import Oversight, Recommendation
from resolute.tasks.tests.factories import api_for

from .conftest import MILLION

API = "/api/oversight"


@pytest.fixture(autouse=True)
def on_1_december_2024(time_machine):
    time_machine.move_to(date(2024, 12, 1), tick=False)


@pytest.fixture
def clients(people):
    return {name: api_for(people[name]) for name in ("office", "hoian", "dailoc", "leader", "inspector")}


def send(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def labels(body) -> list[str]:
    return sorted((item["label"] for item in body["items"]), key=int)


# -- reading ----------------------------------------------------------------------------------------


def test_each_reader_lists_only_the_recommendations_it_may_see(findings, clients):
    assert labels(clients["leader"].get(f"{API}/recommendations").json()) == [str(n) for n in range(1, 10)]
    assert labels(clients["hoian"].get(f"{API}/recommendations").json()) == [str(n) for n in range(1, 8)]
    assert labels(clients["dailoc"].get(f"{API}/recommendations").json()) == ["8", "9"]
    titles = [item["number"] for item in clients["dailoc"].get(f"{API}/oversights").json()["items"]]
    assert titles == ["45/BC-KTNN"]


def test_a_recommendation_or_conclusion_out_of_scope_is_not_found(findings, clients):
    dailoc = clients["dailoc"]
    first = findings[1]
    assert dailoc.get(f"{API}/recommendations/{first.pk}").status_code == 404
    assert dailoc.get(f"{API}/oversights/{first.oversight_id}").status_code == 404
    refused = send(
        dailoc, f"{API}/recommendations/{first.pk}/recoveries", {"recovered_on": "2024-11-01", "amount": 1}
    )
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    assert (
        send(
            dailoc,
            f"{API}/recommendations/{first.pk}/closure",
            {"confirmed_on": "2024-11-01", "document_number": "1"},
        ).status_code
        == 404
    )
    case = findings[3].discipline_cases.get()
    assert (
        send(
            dailoc,
            f"{API}/discipline-cases/{case.pk}/decision",
            {"outcome": "warning", "decided_on": "2024-11-01", "decision_number": "1"},
        ).status_code
        == 404
    )
    assert dailoc.get(f"{API}/recommendations", {"oversight": first.oversight_id}).status_code == 404


def test_the_list_gives_each_recommendations_state_and_money_on_the_day(findings, clients):
    body = clients["leader"].get(f"{API}/recommendations", {"state": "partly"}).json()
    assert labels(body) == ["1", "3", "7", "9"]
    first = next(item for item in body["items"] if item["label"] == "1")
    assert first["state"] == "partly"
    assert first["is_overdue"] is True
    assert (first["amount_required"], first["recovered"]) == ("500000000", "150000000")
    assert first["responsible_unit"]["name"] == "Thành phố Hội An"
    in_july = clients["leader"].get(f"{API}/recommendations", {"on": "2024-07-01", "overdue": True}).json()
    assert in_july["items"] == []


def test_the_lists_read_the_same_queries_for_two_or_nine_recommendations(
    findings, clients, django_assert_max_num_queries
):
    leader = clients["leader"]
    leader.get(f"{API}/recommendations")  # the token's first use is stamped once
    with django_assert_max_num_queries(8) as nine:
        assert leader.get(f"{API}/recommendations").json()["count"] == 9
    with django_assert_max_num_queries(8) as conclusions:
        assert leader.get(f"{API}/oversights").json()["count"] == 2
    Recommendation.objects.exclude(label__in=["8", "9"]).delete()
    with django_assert_max_num_queries(len(nine.captured_queries)):
        assert leader.get(f"{API}/recommendations").json()["count"] == 2
    assert len(conclusions.captured_queries) <= 8


def test_a_recommendations_detail_has_its_money_entry_by_entry(findings, clients):
    body = clients["hoian"].get(f"{API}/recommendations/{findings[1].pk}").json()
    assert [(r["amount"], r["running_total"]) for r in body["recoveries"]] == [
        ("100000000", "100000000"),
        ("50000000", "150000000"),
    ]
    assert body["amount_outstanding"] == "350000000"
    assert body["oversight"]["inspecting_body"] == "Provincial Inspectorate"
    discipline = clients["hoian"].get(f"{API}/recommendations/{findings[3].pk}").json()
    assert [(c["person"], c["outcome"]) for c in discipline["discipline_cases"]] == [
        ("Trần Văn B", "reprimand")
    ]


def test_a_conclusion_reads_with_its_recommendations(findings, clients):
    body = clients["dailoc"].get(f"{API}/oversights/{findings['audit'].pk}").json()
    assert body["inspecting_body"] == "Kiểm toán nhà nước khu vực III"
    assert body["kind"] == "audit"
    assert [(r["label"], r["state"]) for r in body["recommendations"]] == [("8", "not_yet"), ("9", "partly")]


def test_the_ledger_counts_as_the_selectors_do(findings, clients):
    body = clients["leader"].get(f"{API}/ledger", {"by": "body", "on": "2024-12-01"}).json()
    assert body["totals"] == {
        "key": None,
        "label": "Total",
        "url": "",
        "implemented": 2,
        "partly": 4,
        "not_yet": 3,
        "overdue": 2,
        "confirmed": 1,
        "total": 9,
        "amount_required": "1100000000",
        "amount_recovered": "470000000",
        "recovery_rate": "42.7",
    }
    assert [row["label"] for row in body["rows"]] == [
        "Kiểm toán nhà nước khu vực III",
        "Provincial Inspectorate",
    ]
    dailoc = clients["dailoc"].get(f"{API}/ledger", {"by": "unit"}).json()
    assert dailoc["totals"]["total"] == 2
    assert clients["leader"].get(f"{API}/ledger", {"by": "colour"}).status_code == 422


def test_the_ledger_of_an_area_outside_ones_scope_is_not_found(findings, clients, tree):
    assert clients["dailoc"].get(f"{API}/ledger", {"unit": tree["district_a"].pk}).status_code == 404


# -- writing ----------------------------------------------------------------------------------------


def test_the_office_registers_a_conclusion_and_adds_a_recommendation(clients, tree, people):
    created = send(
        clients["office"],
        f"{API}/oversights",
        {
            "kind": "supervision",
            "subject": "Giám sát việc giải quyết kiến nghị cử tri",
            "inspected_unit_id": tree["committee"].pk,
            "follow_up_unit_id": tree["office"].pk,
            "number": "25/BC-HĐND",
            "issued_on": "2024-10-10",
            "title": "Báo cáo kết quả giám sát",
            "inspecting_body_name": "Thường trực HĐND tỉnh",
        },
    )
    assert created.status_code == 201, created.json()
    oversight = created.json()
    assert oversight["kind"] == "supervision"
    added = send(
        clients["office"],
        f"{API}/oversights/{oversight['id']}/recommendations",
        {
            "text": "Thu hồi kinh phí hỗ trợ chi sai đối tượng",
            "kind": "recover_money",
            "responsible_unit_id": tree["finance"].pk,
            "deadline": "2025-03-31",
            "label": "1",
            "amount_required": "75000000",
        },
    )
    assert added.status_code == 201, added.json()
    body = added.json()
    assert (body["state"], body["amount_required"], body["recovered"]) == ("not_yet", "75000000", "0")
    assert body["responsible_unit"]["id"] == tree["finance"].pk
    assert (
        Oversight.objects.get(pk=oversight["id"]).recommendations.get().task.assigned_by_unit
        == tree["office"]
    )


def test_the_rules_are_answered_naming_the_field(findings, clients, tree):
    audit = findings["audit"].pk
    refused = send(
        clients["office"],
        f"{API}/oversights/{audit}/recommendations",
        {
            "text": "Chấn chỉnh",
            "kind": "correct",
            "responsible_unit_id": tree["district_b"].pk,
            "deadline": "2024-05-01",
            "amount_required": 5,
        },
    )
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"deadline", "amount_required"}
    unknown = send(
        clients["office"],
        f"{API}/oversights/{audit}/recommendations",
        {"text": "Chấn chỉnh", "kind": "correct", "responsible_unit_id": 999999, "deadline": "2024-12-31"},
    )
    assert unknown.status_code == 422
    assert list(unknown.json()["errors"]) == ["responsible_unit_id"]
    fraction = send(
        clients["dailoc"],
        f"{API}/recommendations/{findings[8].pk}/recoveries",
        {"recovered_on": "2024-11-20", "amount": "10.5"},
    )
    assert fraction.status_code == 422
    assert "amount" in fraction.json()["errors"]


def test_the_unit_responsible_records_money_and_a_decision_and_the_inspector_confirms_closure(
    findings, clients
):
    recovered = send(
        clients["dailoc"],
        f"{API}/recommendations/{findings[8].pk}/recoveries",
        {"recovered_on": "2024-11-20", "amount": int(100 * MILLION), "document_number": "GNT 7"},
    )
    assert recovered.status_code == 201, recovered.json()
    assert (recovered.json()["amount"], recovered.json()["running_total"]) == ("100000000", "100000000")
    added = send(
        clients["hoian"],
        f"{API}/recommendations/{findings[3].pk}/discipline-cases",
        {"person": "Lê Thị C", "position": "Phó trưởng phòng"},
    )
    assert added.status_code == 201
    decided = send(
        clients["hoian"],
        f"{API}/discipline-cases/{added.json()['id']}/decision",
        {"outcome": "warning", "decided_on": "2024-11-25", "decision_number": "301/QĐ-UBND"},
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["outcome"] == "warning"
    again = send(
        clients["hoian"],
        f"{API}/discipline-cases/{added.json()['id']}/decision",
        {"outcome": "reprimand", "decided_on": "2024-11-26", "decision_number": "302/QĐ-UBND"},
    )
    assert again.status_code == 422
    closed = send(
        clients["inspector"],
        f"{API}/recommendations/{findings[6].pk}/closure",
        {"confirmed_on": "2024-11-30", "document_number": "90/TTr-NV3"},
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["closure_confirmed_on"] == "2024-11-30"


def test_those_who_may_not_write_are_refused(findings, clients, tree):
    hoian = clients["hoian"]
    assert (
        send(
            hoian,
            f"{API}/recommendations/{findings[6].pk}/closure",
            {"confirmed_on": "2024-11-30", "document_number": "1"},
        ).status_code
        == 403
    )
    assert (
        send(
            clients["leader"],
            f"{API}/recommendations/{findings[1].pk}/recoveries",
            {"recovered_on": "2024-11-20", "amount": 1},
        ).status_code
        == 403
    )
    refused = send(
        hoian,
        f"{API}/oversights",
        {
            "kind": "inspection",
            "subject": "Đất đai",
            "inspected_unit_id": tree["district_a"].pk,
            "follow_up_unit_id": tree["district_a"].pk,
            "number": "1/KL",
            "issued_on": "2024-10-10",
            "title": "Kết luận",
            "inspecting_body_name": "Thanh tra huyện",
        },
    )
    assert refused.status_code == 403
    assert (
        send(
            hoian,
            f"{API}/oversights/{findings[1].oversight_id}/recommendations",
            {
                "text": "X",
                "kind": "other",
                "responsible_unit_id": tree["district_a"].pk,
                "deadline": "2024-12-31",
            },
        ).status_code
        == 403
    )
