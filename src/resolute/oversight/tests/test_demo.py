"""The demo's oversight findings, loaded on 25 November 2026: every state appears, the units are those
of each conclusion's day, and the ledger's money rate is the hand sum of the demo's amounts.

By hand (see `oversight.demo`), on 25 November 2026, 17 recommendations:
- implemented 7 (Đại Lộc 1 and 2, budget 1 and 3, Notice 581 1 and 3, Chu Lai 4), of which confirmed
  closed 3 (Đại Lộc 1, budget 1, Chu Lai 4);
- partly 7 (Đại Lộc 3 and 5, budget 2, 4 and 5, Notice 581 2, Chu Lai 1);
- not yet 3 (Đại Lộc 4, Chu Lai 2 and 3);
- overdue 8 (Đại Lộc 3, 4, 5, budget 2, 4, 5, Notice 581 2, Chu Lai 3);
- money required 2 450 + 860 + 3 150 + 5 800 + 12 500 = 24 760 million VND; recovered 2 450 + 500 +
  3 150 + 4 300 + 4 000 = 14 400 million: 58.2 %.
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from resolute.accounts.models import User
from resolute.core.models import ChangeLogEntry
from resolute.oversight import selectors
from resolute.oversight.choices import RecommendationKind, RecommendationState
from resolute.oversight.models import DisciplineCase, Oversight, Recommendation, Recovery

DEMO_TODAY = date(2026, 11, 25)
MILLION = Decimal(1_000_000)


@pytest.fixture
def demo(demo, time_machine):
    """The demo (loaded once per test process, see conftest), read on its day in Vietnamese."""
    time_machine.move_to(DEMO_TODAY, tick=False)
    with translation.override("vi"):
        yield


def in_demo(number: str) -> Oversight:
    return Oversight.objects.select_related("document", "inspected_unit", "follow_up_unit").get(
        document__number=number
    )


def test_every_state_appears_and_the_ledger_counts_them_by_hand(demo):
    rows = selectors.ledger(User.objects.get(username="admin"), on=DEMO_TODAY, by="body")
    totals = rows.totals
    assert (
        totals.implemented,
        totals.confirmed,
        totals.partly,
        totals.not_yet,
        totals.overdue,
        totals.total,
    ) == (
        7,
        3,
        7,
        3,
        8,
        17,
    )
    assert totals.awaiting_confirmation == 4
    assert {row.label for row in rows} == {
        "Thanh tra tỉnh",
        "Kiểm toán nhà nước khu vực III",
        "Ủy ban Kiểm tra Trung ương",
        "Thanh tra Chính phủ",
    }


def test_the_money_rate_is_the_sum_recovered_over_the_sum_required(demo):
    totals = selectors.ledger(None, on=DEMO_TODAY, by="kind").totals
    assert totals.amount_required == 24760 * MILLION
    assert totals.amount_recovered == 14400 * MILLION
    assert totals.recovery_rate == Decimal("58.2")
    required = sum(
        r.amount_required for r in Recommendation.objects.filter(kind=RecommendationKind.RECOVER_MONEY)
    )
    recovered = sum(r.amount for r in Recovery.objects.all())
    assert (required, recovered) == (totals.amount_required, totals.amount_recovered)


def test_every_kind_and_state_of_each_kind_of_body_is_there(demo):
    states = selectors.recommendations_with_state(Recommendation.objects.all(), DEMO_TODAY)
    assert {r.state for r in states} == set(RecommendationState.values)
    assert {r.kind for r in states} == set(RecommendationKind.values)
    within = [r for r in states if r.state == RecommendationState.NOT_YET and not r.is_overdue]
    assert [r.oversight.document.number for r in within] == ["89/KL-TTCP"]
    assert DisciplineCase.objects.exclude(outcome="pending").count() == 4
    assert DisciplineCase.objects.filter(outcome="pending").count() == 3


def test_each_conclusion_names_the_units_of_its_day(demo):
    land = in_demo("05/KL-TTT")
    assert land.inspected_unit.name == "Huyện Đại Lộc"
    assert land.inspected_unit.effective_to == date(2025, 6, 30)
    chu_lai = in_demo("89/KL-TTCP")
    assert chu_lai.follow_up_unit.name == "Văn phòng UBND thành phố"
    # The reorganisation handed the open recommendations on Đại Lộc over to Đà Nẵng's units; those
    # completed before it stay with Đại Lộc, as history.
    leads = {
        r.label: (r.task.completed_on is not None, r.task.lead_unit.effective_to is None)
        for r in land.recommendations.select_related("task__lead_unit")
    }
    assert leads == {
        "1": (True, False),
        "2": (True, False),
        "3": (False, True),
        "4": (False, True),
        "5": (False, True),
    }


def test_notice_581_is_followed_up_on_the_seed_document(demo):
    notice = Oversight.objects.get(kind="party_inspection")
    assert notice.document.title == "Thông báo kết luận số 581 của Ủy ban Kiểm tra Trung ương"
    assert notice.document.issued_on is None
    assert {r.task.assigned_on for r in notice.recommendations.all()} == {date(2024, 12, 7)}


def test_everything_the_demo_wrote_is_sample_data(demo):
    assert not Oversight.objects.filter(is_sample=False).exists()
    assert not Recommendation.objects.filter(is_sample=False).exists()
    assert not Recommendation.objects.filter(task__is_sample=False).exists()
    assert not Recovery.objects.filter(is_sample=False).exists()
    assert not DisciplineCase.objects.filter(is_sample=False).exists()


def test_loading_the_demo_again_changes_nothing_in_oversight(demo):
    before = (Oversight.objects.count(), Recommendation.objects.count(), Recovery.objects.count())
    logged = ChangeLogEntry.objects.count()
    with time_machine.travel(DEMO_TODAY, tick=False):
        call_command("load_demo", verbosity=0)
    assert (Oversight.objects.count(), Recommendation.objects.count(), Recovery.objects.count()) == before
    assert ChangeLogEntry.objects.count() == logged
