"""What lapses of a year's capital plan and what is carried over (Public Investment Law 2024, Art. 72),
the capital at risk of lapsing in the last three months, and the transfers that would save it.

The province's 2024 plan (see conftest): road DT-01 100 bn central + 20 bn local, school HA-02 10 bn
local, dyke DL-03 30 bn central + 40 bn foreign. It may be disbursed until 31/01/2025."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from resolute.investment import actions
from resolute.investment.choices import ExtensionReason
from resolute.investment.selectors import at_risk, lapse_summary, transfer_proposals

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import adjust, project, report

LAPSE_DAY = date(2025, 1, 31)
LAPSED = date(2025, 2, 1)


@pytest.fixture(autouse=True)
def english_in_march_2026(time_machine):
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def year_end(investment):
    """On 15/10/2024 the road gets 10 bn more central capital (late capital: it may be disbursed until
    31/12/2025). By 31/01/2025 the road has disbursed 115 of its 130 bn, the school all its 10 bn and the
    dyke 50 of its 70 bn."""
    adjust(investment, date(2024, 10, 15), [("road", CENTRAL, billions(10))], number="2100/QĐ-UBND")
    report(investment, "road", LAPSE_DAY, {CENTRAL: billions(95), LOCAL: billions(20)})
    report(investment, "school", LAPSE_DAY, {LOCAL: billions(10)})
    report(investment, "dyke", LAPSE_DAY, {CENTRAL: billions(20), FOREIGN: billions(30)})
    return investment


def extend_dyke(investment, *, until=date(2025, 6, 30), decided_on=date(2025, 1, 20)):
    """The dyke asks for 20 bn to run past the lapse day; 15 bn are approved."""
    desk = investment["people"]["desk"]
    extension = actions.propose_extension(
        acting_user=desk,
        plan=investment["plan"],
        project=investment["dyke"],
        amount=billions(20),
        reason=ExtensionReason.SITE_CLEARANCE,
    )
    return actions.decide_extension(
        acting_user=desk,
        extension=extension,
        approved=True,
        decision_number="45/QĐ-TTg",
        decided_on=decided_on,
        decided_by="Thủ tướng Chính phủ",
        approved_amount=billions(15),
        extended_until=until,
    )


def lapse(investment, as_of):
    return lapse_summary(investment["people"]["desk"], plan=investment["plan"], as_of=as_of)


def by_code(summary):
    return {row.project.code: row for row in summary.rows}


# -- the lapse -----------------------------------------------------------------------------------------


def test_on_the_lapse_day_nothing_has_lapsed_yet(year_end):
    summary = lapse(year_end, LAPSE_DAY)
    assert not summary.has_lapsed
    assert summary.balance == billions(35)  # 15 bn of the road, 20 bn of the dyke
    assert summary.lapsed == 0
    assert summary.late_capital == billions(10)


def test_the_next_day_the_balance_lapses_but_the_late_capital(year_end):
    summary = lapse(year_end, LAPSED)
    assert summary.has_lapsed
    assert (summary.balance, summary.late_capital, summary.extended, summary.lapsed) == (
        billions(35),
        billions(10),
        0,
        billions(25),  # the road's 5 bn beyond its late capital, the dyke's 20 bn
    )
    rows = by_code(summary)
    assert set(rows) == {"DT-01", "DL-03"}  # the school disbursed everything
    assert (rows["DT-01"].late_capital, rows["DT-01"].lapsed, rows["DT-01"].carried_until) == (
        billions(10),
        billions(5),
        date(2025, 12, 31),
    )
    assert [row.project.code for row in summary.rows] == ["DL-03", "DT-01"]  # the most lapsed first


def test_an_approved_extension_carries_its_amount_and_the_rest_lapses(year_end):
    extend_dyke(year_end)
    summary = lapse(year_end, LAPSED)
    assert (summary.extended, summary.lapsed, summary.projects_extended) == (billions(15), billions(10), 1)
    dyke = by_code(summary)["DL-03"]
    assert (dyke.balance, dyke.extended, dyke.lapsed, dyke.carried_until) == (
        billions(20),
        billions(15),
        billions(5),
        date(2025, 6, 30),
    )


def test_an_extension_decided_after_the_lapse_day_carries_capital_from_its_decision_on(year_end):
    extend_dyke(year_end, decided_on=date(2025, 3, 10))
    assert lapse(year_end, LAPSED).extended == 0
    assert lapse(year_end, LAPSED).lapsed == billions(25)
    assert lapse(year_end, date(2025, 3, 10)).extended == billions(15)
    assert lapse(year_end, date(2025, 3, 10)).lapsed == billions(10)


def test_an_extension_never_carries_more_than_the_balance(year_end):
    report(year_end, "dyke", date(2025, 1, 31), {CENTRAL: billions(30), FOREIGN: billions(30)})
    extend_dyke(year_end)  # 15 bn approved, 10 bn left
    dyke = by_code(lapse(year_end, LAPSED))["DL-03"]
    assert (dyke.balance, dyke.extended, dyke.lapsed) == (billions(10), billions(10), 0)


def test_what_the_extension_leaves_undisbursed_lapses_when_it_ends(year_end):
    extend_dyke(year_end)
    report(year_end, "dyke", date(2025, 6, 30), {CENTRAL: billions(30), FOREIGN: billions(30)})  # 10 of 15 bn
    on_the_last_day = by_code(lapse(year_end, date(2025, 6, 30)))["DL-03"]
    assert (on_the_last_day.lapsed, on_the_last_day.carried_disbursed) == (billions(5), billions(10))
    after = by_code(lapse(year_end, date(2025, 7, 1)))["DL-03"]
    assert (after.lapsed_on_deadline, after.lapsed_after_carry, after.lapsed) == (
        billions(5),
        billions(5),
        billions(10),
    )


def test_late_capital_left_undisbursed_finally_lapses_after_31_december_of_the_next_year(year_end):
    report(year_end, "road", date(2025, 9, 30), {CENTRAL: billions(100), LOCAL: billions(20)})  # 5 of 10 bn
    assert lapse(year_end, date(2025, 12, 31)).lapsed_after_carry == 0
    summary = lapse(year_end, date(2026, 1, 1))
    road = by_code(summary)["DT-01"]
    assert (road.lapsed_on_deadline, road.lapsed_after_carry, road.carried_disbursed) == (
        billions(5),
        billions(5),
        billions(5),
    )
    assert summary.lapsed == billions(5 + 5 + 20)
    assert summary.lapsed_after_carry == billions(5)


def test_a_report_after_the_lapse_without_carried_capital_is_refused_and_changes_nothing(year_end):
    with pytest.raises(ValidationError) as refused:
        report(year_end, "dyke", date(2025, 3, 1), {CENTRAL: billions(30), FOREIGN: billions(30)})
    assert "lapsed on 31/01/2025" in refused.value.message_dict["reported_on"][0]
    assert lapse(year_end, date(2025, 3, 1)).lapsed == billions(25)


# -- at risk of lapsing --------------------------------------------------------------------------------


@pytest.fixture
def november(investment):
    """By 30/11/2024: the road has disbursed 85 of 120 bn (50 bn by 01/08), the school nothing, the dyke
    all of its 70 bn; a fast school NH-05 all of the 5 bn it got, of 30 bn approved."""
    report(investment, "road", date(2024, 8, 1), {CENTRAL: billions(40), LOCAL: billions(10)})
    report(investment, "road", date(2024, 11, 30), {CENTRAL: billions(70), LOCAL: billions(15)})
    report(investment, "dyke", date(2024, 9, 30), {CENTRAL: billions(30), FOREIGN: billions(40)})
    fast = project(
        investment,
        "NH-05",
        investor=investment["district_a"],
        funding={LOCAL: billions(30)},
        sector="education",
    )
    adjust(investment, date(2024, 3, 1), [(fast, LOCAL, billions(5))], number="300/QĐ-UBND")
    report(investment, fast, date(2024, 6, 30), {LOCAL: billions(5)})
    return {**investment, "fast": fast}


def risks(investment, as_of, user=None):
    return at_risk(user or investment["people"]["desk"], plan=investment["plan"], as_of=as_of)


def test_capital_at_risk_is_the_plan_less_the_disbursement_projected_at_the_pace_of_the_last_90_days(
    november,
):
    rows = risks(november, date(2024, 11, 30))
    assert [(row.project.code, row.at_risk) for row in rows] == [
        # 85 bn + 35 bn in 90 days × 62 days left = 109,111,111,111 of 120 bn
        ("DT-01", Decimal("10888888889")),
        ("HA-02", billions(10)),  # nothing disbursed, no pace
    ]
    road = rows[0]
    assert road.projected == Decimal("109111111111")
    assert road.money.plan == billions(120) and road.money.disbursed == billions(85)
    assert road.by_source == {CENTRAL: Decimal("9333333333"), LOCAL: Decimal("1555555556")}


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (date(2024, 10, 31), False),
        (date(2024, 11, 1), True),
        (date(2025, 1, 31), True),
        (date(2025, 2, 1), False),
    ],
)
def test_capital_at_risk_is_shown_from_1_november_to_31_january(november, day, shown):
    assert bool(risks(november, day)) is shown


def test_a_project_with_an_approved_extension_is_no_longer_at_risk(november):
    desk = november["people"]["desk"]
    extension = actions.propose_extension(
        acting_user=desk,
        plan=november["plan"],
        project=november["school"],
        amount=billions(10),
        reason=ExtensionReason.SITE_CLEARANCE,
    )
    actions.decide_extension(
        acting_user=desk,
        extension=extension,
        approved=True,
        decision_number="12/NQ-HĐND",
        decided_on=date(2024, 12, 1),
        decided_by="Hội đồng nhân dân tỉnh",
    )
    assert [row.project.code for row in risks(november, date(2024, 11, 30))] == ["DT-01", "HA-02"]
    assert [row.project.code for row in risks(november, date(2024, 12, 1))] == ["DT-01"]


def test_the_desk_prepares_an_extension_for_each_project_at_risk(november):
    proposed = actions.propose_extensions_at_risk(
        acting_user=november["people"]["desk"], plan=november["plan"], as_of=date(2024, 11, 30)
    )
    assert [(extension.project.code, extension.amount) for extension in proposed] == [
        ("DT-01", Decimal("10888888889")),
        ("HA-02", billions(10)),
    ]


def test_transfers_move_capital_at_risk_to_projects_ahead_of_schedule_with_room_the_largest_first(november):
    proposals = transfer_proposals(
        november["people"]["desk"], plan=november["plan"], as_of=date(2024, 11, 30)
    )
    assert [(p.source, p.from_project.code, p.to_project.code, p.amount) for p in proposals] == [
        (LOCAL, "HA-02", "NH-05", billions(10)),  # NH-05 has 25 bn of approved local capital not yet planned
        (CENTRAL, "DT-01", "DL-03", Decimal("9333333333")),  # DL-03 has 50 bn of central capital
        (LOCAL, "DT-01", "NH-05", Decimal("1555555556")),
    ]


def test_no_transfer_is_proposed_when_no_project_has_room(november):
    actions.update_project(
        acting_user=None,
        project=november["fast"],
        version=november["fast"].version,
        funding={LOCAL: billions(5)},
    )
    actions.update_project(
        acting_user=None,
        project=november["dyke"],
        version=november["dyke"].version,
        funding={CENTRAL: billions(30), FOREIGN: billions(40)},
    )
    assert transfer_proposals(None, plan=november["plan"], as_of=date(2024, 11, 30)) == []
    assert transfer_proposals(None, plan=november["plan"], as_of=date(2024, 10, 31)) == []
