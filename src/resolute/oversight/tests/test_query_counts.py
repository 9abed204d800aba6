"""Every oversight page reads as many queries for many conclusions and recommendations as for a few:
the lists count by state in the database, a page at a time, and a recommendation's page reads its
entries at once. See `findings` for the data; `more` adds a conclusion with recommendations, money
recovered and people decided on."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.oversight import actions
from resolute.oversight.choices import OversightKind, RecommendationKind

from .conftest import MILLION
from .findings import (
    complete,
    findings_fixture,  # noqa: F401 - the fixture `findings`
)

pytestmark = pytest.mark.usefixtures("findings")

# No page of the oversight app reads more than this, whatever it shows (the frame of the site included).
BUDGET = 15


@pytest.fixture(autouse=True)
def mid_october(time_machine):
    time_machine.move_to(datetime(2024, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def more(tree, people, count: int) -> None:
    """`count` more conclusions on Hội An, each with a recommendation to recover money (some recovered,
    one completed) and one to discipline with a decision."""
    for number in range(count):
        oversight = actions.register_oversight(
            acting_user=people["office"],
            kind=OversightKind.SUPERVISION,
            subject=f"Giám sát chuyên đề số {number}",
            inspected_unit=tree["district_a"],
            follow_up_unit=tree["office"],
            number=f"{number + 100}/BC-HĐND",
            issued_on=date(2024, 4, 1),
            title=f"Báo cáo giám sát số {number}",
            inspecting_body_name="Hội đồng nhân dân tỉnh",
        )
        money = actions.add_recommendation(
            acting_user=people["office"],
            oversight=oversight,
            text=f"Thu hồi khoản chi {number}",
            kind=RecommendationKind.RECOVER_MONEY,
            responsible_unit=tree["district_a"],
            deadline=date(2024, 9, 1),
            amount_required=10 * MILLION,
        )
        actions.record_recovery(
            acting_user=people["hoian"], recommendation=money, recovered_on=date(2024, 5, 1), amount=MILLION
        )
        if number == 0:
            complete(money, people)
        discipline = actions.add_recommendation(
            acting_user=people["office"],
            oversight=oversight,
            text=f"Kiểm điểm trách nhiệm {number}",
            kind=RecommendationKind.DISCIPLINE,
            responsible_unit=tree["district_a"],
            deadline=date(2024, 12, 31),
        )
        case = actions.add_discipline_case(
            acting_user=people["hoian"], recommendation=discipline, person="Trần B"
        )
        actions.decide_discipline_case(
            acting_user=people["hoian"],
            case=case,
            outcome="reprimand",
            decided_on=date(2024, 6, 1),
            decision_number=f"{number}/QĐ",
        )


def queries(user, url, **query) -> int:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.get(url, query)  # the session and the user's scope are read once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
        assert response.status_code == 200
    return len(captured)


def pages(findings) -> dict:
    return {
        "conclusions": (reverse("oversight:list"), {}),
        "recommendations": (reverse("oversight:recommendations"), {}),
        "recommendations overdue in an area": (
            reverse("oversight:recommendations"),
            {"overdue": "on", "area": ""},
        ),
        "ledger by body": (reverse("oversight:ledger"), {}),
        "ledger by unit": (reverse("oversight:ledger"), {"by": "unit"}),
        "ledger by conclusion": (reverse("oversight:ledger"), {"by": "oversight"}),
        "a conclusion": (findings["conclusion"].get_absolute_url(), {}),
        "a recommendation": (findings["money"].get_absolute_url(), {}),
    }


@pytest.mark.parametrize("who", ["office", "hoian"])
def test_every_page_reads_as_many_queries_for_many_records_as_for_a_few(findings, tree, people, who):
    user = people[who]
    few = {name: queries(user, url, **query) for name, (url, query) in pages(findings).items()}
    more(tree, people, 12)
    for recovered_on in (date(2024, 6, 1), date(2024, 7, 1), date(2024, 8, 1)):
        actions.record_recovery(
            acting_user=people["hoian"],
            recommendation=findings["money"],
            recovered_on=recovered_on,
            amount=MILLION,
        )
    many = {name: queries(user, url, **query) for name, (url, query) in pages(findings).items()}
    assert many == few
    assert max(few.values()) <= BUDGET


def test_the_lists_stay_within_their_budget_at_a_full_page(
    findings, tree, people, django_assert_max_num_queries
):
    more(tree, people, 26)  # more than a page of conclusions and of recommendations
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people["office"])
    for name in ("oversight:list", "oversight:recommendations", "oversight:ledger"):
        client.get(reverse(name))
        with django_assert_max_num_queries(BUDGET):
            assert client.get(reverse(name)).status_code == 200
