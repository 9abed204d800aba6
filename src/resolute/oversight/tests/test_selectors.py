"""Where recommendations stand on a day and the ledger, counted by hand.

The findings of `findings` on 1 December 2024 (deadlines in brackets):

Provincial Inspectorate, conclusion 12/KL-TTr of 15/03/2024 on Hội An:
 1. recover 500 M, 100 M recovered on 1/5 and 50 M on 1/6 (30/9)      partly, overdue
 2. correct, completed 1/8, closure confirmed 1/9 (30/9)                 implemented, confirmed
 3. discipline, one person reprimanded on 10/7 (31/3/2025)               partly
 4. amend rules, nothing done (30/6/2025)                                not yet
 5. other, nothing done (31/10)                                          not yet, overdue
 6. recover 200 M, all recovered on 15/9, completed 1/10 (30/9)          implemented (late)
 7. correct, Minh An ward reported 40 % done on 1/6 (31/12)              partly

State Audit region III (a body outside the tree), report 45/BC-KTNN of 1/6/2024 on Đại Lộc:
 8. recover 300 M, nothing recovered (31/12)                             not yet
 9. recover 100 M, 120 M recovered on 1/11 with late charges (31/12)     partly

Totals: implemented 2, partly 4, not yet 3, overdue 2, confirmed 1; money 1 100 M required over the
four money recommendations, 470 M recovered: 42.7 %.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import translation

from resolute.oversight import selectors
from resolute.oversight.choices import (
    DisciplineOutcome,
    RecommendationKind,
    RecommendationState,
)
from resolute.oversight.models import Recommendation
from resolute.tasks import actions as task_actions

from .conftest import MILLION

ON = date(2024, 12, 1)
IMPLEMENTED, PARTLY, NOT_YET = (
    RecommendationState.IMPLEMENTED,
    RecommendationState.PARTLY,
    RecommendationState.NOT_YET,
)


@pytest.fixture(autouse=True)
def on_1_december_2024_in_english(time_machine):
    time_machine.move_to(date(2024, 12, 1), tick=False)
    with translation.override("en"):
        yield


def states_on(day, user=None):
    rows = selectors.recommendations_with_state(Recommendation.objects.all(), day)
    return {int(r.label): (r.state, r.is_overdue, Decimal(r.recovered)) for r in rows}


def counts(row):
    return (row.implemented, row.partly, row.not_yet, row.overdue, row.total, row.confirmed)


def test_each_recommendation_stands_where_its_task_and_its_records_put_it(findings):
    assert states_on(ON) == {
        1: (PARTLY, True, 150 * MILLION),
        2: (IMPLEMENTED, False, 0),
        3: (PARTLY, False, 0),
        4: (NOT_YET, False, 0),
        5: (NOT_YET, True, 0),
        6: (IMPLEMENTED, False, 200 * MILLION),
        7: (PARTLY, False, 0),
        8: (NOT_YET, False, 0),
        9: (PARTLY, False, 120 * MILLION),
    }


def test_a_state_is_what_was_known_on_the_day(findings):
    # On 1 July: nothing completed yet, the discipline not decided, the September money not in.
    assert states_on(date(2024, 7, 1)) == {
        1: (PARTLY, False, 150 * MILLION),
        2: (NOT_YET, False, 0),
        3: (NOT_YET, False, 0),
        4: (NOT_YET, False, 0),
        5: (NOT_YET, False, 0),
        6: (NOT_YET, False, 0),
        7: (PARTLY, False, 0),
        8: (NOT_YET, False, 0),
        9: (NOT_YET, False, 0),
    }


def test_an_approved_extension_moves_the_deadline_that_makes_a_recommendation_overdue(findings, people):
    task = findings[5].task
    task_actions.record_extension(
        acting_user=people["office"],
        task=task,
        decided_on=date(2024, 10, 20),
        new_deadline=date(2025, 1, 31),
        reason="Chờ ý kiến của Bộ",
    )
    assert states_on(ON)[5] == (NOT_YET, False, 0)
    assert states_on(date(2024, 10, 19))[5] == (NOT_YET, False, 0)
    assert states_on(date(2024, 11, 1))[5] == (NOT_YET, False, 0)
    assert states_on(date(2025, 2, 1))[5][1] is True


def test_the_ledger_per_inspecting_body_counts_overdue_among_those_not_implemented(findings, people):
    rows = selectors.ledger(people["leader"], on=ON, by="body")
    by_label = {row.label: row for row in rows}
    inspectorate, audit = by_label["Provincial Inspectorate"], by_label["Kiểm toán nhà nước khu vực III"]
    assert counts(inspectorate) == (2, 3, 2, 2, 7, 1)
    assert (inspectorate.amount_required, inspectorate.amount_recovered) == (700 * MILLION, 350 * MILLION)
    assert inspectorate.recovery_rate == Decimal("50.0")
    assert counts(audit) == (0, 1, 1, 0, 2, 0)
    assert (audit.amount_required, audit.amount_recovered, audit.recovery_rate) == (
        400 * MILLION,
        120 * MILLION,
        Decimal("30.0"),
    )
    assert counts(rows.totals) == (2, 4, 3, 2, 9, 1)
    # Σ recovered ÷ Σ required over the money recommendations only: 470 ÷ 1 100, not the mean of 50 and 30.
    assert (rows.totals.amount_required, rows.totals.amount_recovered) == (1100 * MILLION, 470 * MILLION)
    assert rows.totals.recovery_rate == Decimal("42.7")
    assert inspectorate.key == people["inspectorate_unit"].pk
    assert audit.key == "Kiểm toán nhà nước khu vực III"


def test_the_ledger_of_an_earlier_day_counts_what_was_known_then(findings, people):
    rows = selectors.ledger(people["leader"], on=date(2024, 7, 1), by="body")
    inspectorate = next(row for row in rows if row.key == people["inspectorate_unit"].pk)
    assert counts(inspectorate) == (0, 2, 5, 0, 7, 0)
    assert inspectorate.recovery_rate == Decimal("21.4")  # 150 ÷ 700
    # Before the audit report was issued, it has nothing in the ledger.
    rows = selectors.ledger(people["leader"], on=date(2024, 5, 31), by="body")
    assert [row.label for row in rows] == ["Provincial Inspectorate"]


def test_the_ledger_per_unit_responsible_in_an_area(findings, people, tree):
    rows = selectors.ledger(people["leader"], on=ON, by="unit", unit=tree["province"])
    assert {row.key: counts(row) for row in rows} == {
        tree["district_a"].pk: (2, 2, 2, 2, 6, 1),
        tree["commune_a1"].pk: (0, 1, 0, 0, 1, 0),
        tree["district_b"].pk: (0, 1, 1, 0, 2, 0),
    }
    # A unit without an English name is shown in Vietnamese, marked as such.
    assert [row.label for row in rows] == ["Dai Loc District", "Hoi An City", "Phường Minh An (Vietnamese)"]
    rows = selectors.ledger(people["leader"], on=ON, by="unit", unit=tree["district_a"])
    assert [row.key for row in rows] == [tree["district_a"].pk, tree["commune_a1"].pk]
    assert counts(rows.totals) == (2, 3, 2, 2, 7, 1)
    rows = selectors.ledger(
        people["leader"], on=ON, by="unit", unit=tree["district_a"], include_subtree=False
    )
    assert [row.label for row in rows] == ["Hoi An City"]


def test_the_ledger_per_conclusion_and_per_kind(findings, people):
    rows = selectors.ledger(people["leader"], on=ON, by="oversight")
    assert [(row.key, row.total) for row in rows] == [
        (findings[1].oversight_id, 7),
        (findings["audit"].pk, 2),
    ]
    kinds = {row.key: counts(row) for row in selectors.ledger(people["leader"], on=ON, by="kind")}
    assert kinds[RecommendationKind.RECOVER_MONEY] == (1, 2, 1, 1, 4, 0)


def test_a_cancelled_recommendation_leaves_the_ledger(findings, people):
    task_actions.cancel_task(
        acting_user=people["office"],
        task=findings[4].task,
        cancelled_on=date(2024, 11, 1),
        reason="Đã sửa luật",
    )
    totals = selectors.ledger(people["leader"], on=ON, by="body").totals
    assert counts(totals) == (2, 4, 2, 2, 8, 1)
    assert selectors.ledger(people["leader"], on=date(2024, 10, 31), by="body").totals.total == 9


def test_a_district_reads_the_ledger_of_its_own_recommendations_only(findings, people):
    rows = selectors.ledger(people["dailoc"], on=ON, by="body")
    assert [row.label for row in rows] == ["Kiểm toán nhà nước khu vực III"]
    assert counts(rows.totals) == (0, 1, 1, 0, 2, 0)
    rows = selectors.ledger(people["hoian"], on=ON, by="body")
    assert [row.label for row in rows] == ["Provincial Inspectorate"]


def test_the_ledger_reads_in_as_many_queries_for_nine_recommendations_as_for_two(
    findings, people, django_assert_num_queries
):
    leader = people["leader"]
    selectors.ledger(leader, on=ON, by="body")  # the scope is built once per user
    with django_assert_num_queries(2):
        selectors.ledger(leader, on=ON, by="unit")
    Recommendation.objects.exclude(label__in=["8", "9"]).delete()
    with django_assert_num_queries(2):
        assert selectors.ledger(leader, on=ON, by="unit").totals.total == 2


def test_a_recommendations_detail_has_its_task_its_money_and_its_people(findings, people):
    detail = selectors.recommendation_detail(people["hoian"], findings[1].pk)
    assert detail.recommendation.state == PARTLY
    assert detail.recommendation.is_overdue is True
    assert [(line.recovery.amount, line.running_total) for line in detail.recoveries] == [
        (100 * MILLION, 100 * MILLION),
        (50 * MILLION, 150 * MILLION),
    ]
    assert detail.amount_outstanding == 350 * MILLION
    assert detail.task.lead_unit.name == "Thành phố Hội An"
    discipline = selectors.recommendation_detail(people["hoian"], findings[3].pk)
    assert [(case.person, case.outcome) for case in discipline.discipline_cases] == [
        ("Trần Văn B", DisciplineOutcome.REPRIMAND)
    ]


def test_a_recommendations_detail_reads_in_a_fixed_number_of_queries(
    findings, people, django_assert_num_queries
):
    leader = people["leader"]
    selectors.recommendation_detail(leader, findings[9].pk)
    with django_assert_num_queries(4):
        selectors.recommendation_detail(leader, findings[1].pk)


def test_another_district_cannot_read_a_recommendation(findings, people):
    with pytest.raises(Http404):
        selectors.recommendation_detail(people["dailoc"], findings[1].pk)
    with pytest.raises(Http404):
        selectors.get_visible_oversight(people["dailoc"], findings[1].oversight_id)
    assert selectors.get_visible_oversight(people["dailoc"], findings["audit"].pk) == findings["audit"]


def test_lists_filter_by_body_unit_state_and_overdue(findings, people, tree):
    leader = people["leader"]

    def labels(**filters):
        return sorted(int(r.label) for r in selectors.filter_recommendations(leader, on=ON, **filters))

    assert labels(body=str(people["inspectorate_unit"].pk)) == [1, 2, 3, 4, 5, 6, 7]
    assert labels(body="Kiểm toán nhà nước khu vực III") == [8, 9]
    assert labels(state=PARTLY) == [1, 3, 7, 9]
    assert labels(overdue=True) == [1, 5]
    assert labels(unit=tree["district_a"]) == [1, 2, 3, 4, 5, 6]
    assert labels(area=tree["district_a"]) == [1, 2, 3, 4, 5, 6, 7]
    assert labels(kind=RecommendationKind.RECOVER_MONEY, state=NOT_YET) == [8]
