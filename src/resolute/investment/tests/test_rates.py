"""The disbursement rate of a project, an investor and the province on a day: the plan of that day, the
latest report by then, weighted totals, the schedule, the slow projects and what holds them back.

The province's 2024 plan (see conftest): road DT-01 100 bn central + 20 bn local, school HA-02 10 bn
local, dyke DL-03 30 bn central + 40 bn foreign, 200 bn in all; milestones 40 % on 30/6, 60 % on 30/9,
80 % on 31/12 and 95 % on 31/01/2025."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from resolute.investment import actions
from resolute.investment.choices import ObstacleCategory, PlanChangeKind
from resolute.investment.selectors import (
    Money,
    curve,
    disbursement_by,
    expected_rate,
    investor_league,
    obstacle_summary,
    project_figures,
    project_history,
    province_total,
    same_day_last_year,
    slow_projects,
)

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import adjust, project, report

JUNE_END = date(2024, 6, 30)


@pytest.fixture(autouse=True)
def english_in_december_2025(time_machine):
    time_machine.move_to(datetime(2025, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def june(investment):
    """Reports to 30 June: the road 50 bn central and 5 bn local, the school 9 bn, the dyke 3 bn central
    and nothing foreign (its bridge's site is not cleared)."""
    report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)})
    report(investment, "school", JUNE_END, {LOCAL: billions(9)})
    report(
        investment,
        "dyke",
        JUNE_END,
        {CENTRAL: billions(3), FOREIGN: 0},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "47 households not yet compensated",
                "responsible_unit": investment["commune_b1"],
            }
        ],
    )
    return investment


def figures_of(investment, project_key, as_of, user=None):
    user = user or investment["people"]["desk"]
    return project_figures(user, plan=investment["plan"], as_of=as_of)[investment[project_key].pk]


def rates_by_source(investment, as_of):
    rows = disbursement_by(investment["people"]["desk"], plan=investment["plan"], as_of=as_of, by="source")
    return {row.key: row.money.rate for row in rows}


# -- the rate ---------------------------------------------------------------------------------------


def test_the_rate_per_source_is_what_was_disbursed_of_that_sources_plan(june):
    assert rates_by_source(june, JUNE_END) == {
        CENTRAL: Decimal("40.8"),  # 53 of 130 bn
        FOREIGN: Decimal("0.0"),  # 0 of 40 bn
        LOCAL: Decimal("46.7"),  # 14 of 30 bn
    }


def test_the_provinces_rate_is_weighted_by_the_plan_not_an_average_of_the_projects_rates(june):
    total = province_total(june["people"]["desk"], plan=june["plan"], as_of=JUNE_END)
    assert total == Money(plan=billions(200), disbursed=billions(67))
    assert total.rate == Decimal("33.5")
    project_rates = [
        figures.rate for figures in project_figures(None, plan=june["plan"], as_of=JUNE_END).values()
    ]
    assert project_rates == [Decimal("4.3"), Decimal("45.8"), Decimal("90.0")]  # DL-03, DT-01, HA-02
    assert total.rate != (sum(project_rates) / 3).quantize(Decimal("0.1"))


def test_amounts_are_exact_whole_decimals_of_vnd(june):
    report(june, "road", date(2024, 7, 1), {CENTRAL: Decimal("50000000001"), LOCAL: billions(5)})
    total = province_total(june["people"]["desk"], plan=june["plan"], as_of=date(2024, 7, 1))
    assert total.disbursed == Decimal("67000000001")
    assert isinstance(total.disbursed, Decimal) and isinstance(total.plan, Decimal)
    assert total.remaining == Decimal("132999999999")


def test_the_latest_report_counts_rather_than_the_sum_of_the_reports(investment):
    report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(30)})
    report(investment, "road", JUNE_END, {CENTRAL: billions(50)})
    road = figures_of(investment, "road", JUNE_END)
    assert road.by_source[CENTRAL].disbursed == billions(50)
    assert road.reported_on == JUNE_END


def test_a_correction_of_the_same_day_replaces_the_report_it_corrects(investment):
    report(investment, "road", JUNE_END, {CENTRAL: billions(50)})
    report(investment, "road", JUNE_END, {CENTRAL: billions(52)}, note="Corrected after the Treasury's check")
    assert figures_of(investment, "road", JUNE_END).total.disbursed == billions(52)


def test_a_day_before_a_report_reads_the_report_before_it(investment):
    report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(30)})
    report(investment, "road", JUNE_END, {CENTRAL: billions(50)})
    assert figures_of(investment, "road", date(2024, 6, 29)).total.disbursed == billions(30)
    assert figures_of(investment, "road", date(2024, 5, 30)).total.disbursed == 0
    assert figures_of(investment, "road", date(2024, 5, 30)).reported_on is None


def test_a_project_with_no_report_has_disbursed_nothing_and_counts_in_the_total(investment):
    report(investment, "road", JUNE_END, {CENTRAL: billions(60)})
    school = figures_of(investment, "school", JUNE_END)
    assert school.total == Money(plan=billions(10), disbursed=Decimal(0))
    assert school.rate == Decimal("0.0")
    total = province_total(investment["people"]["desk"], plan=investment["plan"], as_of=JUNE_END)
    assert total.rate == Decimal("30.0")  # 60 of the 200 bn, the school's 10 among them


def test_a_project_whose_plan_is_taken_away_has_no_rate_and_leaves_the_total(investment):
    report(investment, "road", JUNE_END, {CENTRAL: billions(60)})
    adjust(investment, date(2024, 7, 10), [("school", LOCAL, -billions(10))])
    school = figures_of(investment, "school", date(2024, 7, 10))
    assert school.total.plan == 0 and school.rate is None
    total = province_total(investment["people"]["desk"], plan=investment["plan"], as_of=date(2024, 7, 10))
    assert total == Money(plan=billions(190), disbursed=billions(60))
    counts = {
        row.key: row.count
        for row in disbursement_by(
            investment["people"]["desk"], plan=investment["plan"], as_of=date(2024, 7, 10), by="investor"
        )
    }
    assert counts == {investment["construction"].pk: 2}


# -- changes of the plan ------------------------------------------------------------------------------


def test_an_adjustment_changes_the_plan_from_its_day_and_keeps_the_original(investment):
    report(investment, "road", JUNE_END, {CENTRAL: billions(60)})
    adjust(investment, date(2024, 7, 15), [("road", CENTRAL, billions(20))])
    before = figures_of(investment, "road", date(2024, 7, 14))
    after = figures_of(investment, "road", date(2024, 7, 15))
    assert before.total.plan == billions(120) and before.rate == Decimal("50.0")
    assert after.total.plan == billions(140) and after.rate == Decimal("42.9")
    assert after.original_plan == billions(120) and after.plan_changed
    assert not before.plan_changed


def test_a_transfer_moves_the_plan_between_projects_from_its_day(investment):
    actions.transfer_capital(
        acting_user=investment["people"]["desk"],
        plan=investment["plan"],
        number="1500/QĐ-UBND",
        decided_on=date(2024, 8, 1),
        from_project=investment["dyke"],
        to_project=investment["road"],
        source=CENTRAL,
        amount=billions(10),
    )
    on_the_eve = project_figures(None, plan=investment["plan"], as_of=date(2024, 7, 31))
    on_the_day = project_figures(None, plan=investment["plan"], as_of=date(2024, 8, 1))
    road, dyke = investment["road"].pk, investment["dyke"].pk
    assert on_the_eve[road].by_source[CENTRAL].plan == billions(100)
    assert on_the_day[road].by_source[CENTRAL].plan == billions(110)
    assert on_the_day[dyke].by_source[CENTRAL].plan == billions(20)
    assert on_the_day[dyke].original_plan == billions(70)
    province = province_total(None, plan=investment["plan"], as_of=date(2024, 8, 1))
    assert province.plan == billions(200)


def test_a_projects_history_shows_the_original_plan_and_each_change_per_source(investment):
    adjust(investment, date(2024, 7, 15), [("road", CENTRAL, billions(20)), ("road", LOCAL, -billions(5))])
    history = project_history(investment["road"])
    assert [row.kind for row in history] == [PlanChangeKind.ORIGINAL, PlanChangeKind.ADJUSTMENT]
    original, adjustment = history
    assert original.changes == {CENTRAL: billions(100), LOCAL: billions(20)}
    assert adjustment.changes == {CENTRAL: billions(20), LOCAL: -billions(5)}
    assert adjustment.plan_after == {CENTRAL: billions(120), LOCAL: billions(15)}
    assert adjustment.change == billions(15) and adjustment.total_after == billions(135)


# -- the schedule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 31), "0.0"),
        (date(2024, 1, 1), "0.0"),
        (date(2024, 3, 31), "19.9"),  # 40 % × 90 of the 181 days to 30 June
        (JUNE_END, "40.0"),
        (date(2024, 8, 15), "50.0"),  # half way from 40 % on 30/6 to 60 % on 30/9
        (date(2025, 1, 31), "95.0"),
        (date(2025, 3, 1), "95.0"),  # flat after the last milestone
    ],
)
def test_the_expected_rate_runs_straight_between_the_milestones(investment, day, expected):
    assert expected_rate(investment["plan"], day) == Decimal(expected)


def test_without_milestones_nothing_is_expected_and_no_project_is_slow(investment):
    actions.set_milestones(acting_user=investment["people"]["desk"], plan=investment["plan"], milestones=[])
    assert expected_rate(investment["plan"], JUNE_END) == Decimal("0.0")
    assert slow_projects(None, plan=investment["plan"], as_of=JUNE_END) == []


def test_projects_below_the_schedule_are_slow_the_largest_gap_first(june):
    report(june, "road", date(2024, 7, 31), {CENTRAL: billions(50), LOCAL: billions(5)})
    slow = slow_projects(june["people"]["desk"], plan=june["plan"], as_of=date(2024, 7, 31))
    # expected on 31/7: 40 + 20 × 31/92 = 46.7 %; the road is at 45.8 %, the dyke at 4.3 %, the school at 90 %
    assert [(figures.project.code, figures.gap) for figures in slow] == [
        ("DL-03", Decimal("42.4")),
        ("DT-01", Decimal("0.9")),
    ]
    assert slow[0].expected_rate == Decimal("46.7")
    assert [
        f.project.code for f in slow_projects(None, plan=june["plan"], as_of=date(2024, 7, 31), limit=1)
    ] == ["DL-03"]


def test_the_curve_gives_each_month_end_and_the_day_asked_for(june):
    points = curve(june["people"]["desk"], plan=june["plan"], as_of=date(2024, 7, 10))
    assert [point.day for point in points] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
        date(2024, 6, 30),
        date(2024, 7, 10),
    ]
    assert points[4].rate == Decimal("0.0") and points[5].rate == Decimal("33.5")
    assert points[5].expected == Decimal("40.0")
    assert points[-1].money == Money(plan=billions(200), disbursed=billions(67))


def test_the_curve_stops_at_the_lapse_day_and_adds_a_later_day_asked_for(june):
    days = [point.day for point in curve(None, plan=june["plan"], as_of=date(2025, 3, 15))]
    assert days[-3:] == [date(2024, 12, 31), date(2025, 1, 31), date(2025, 3, 15)]
    assert len(days) == 14


# -- who is behind, and why -------------------------------------------------------------------------


def test_the_league_puts_the_slowest_investor_first(june):
    league = investor_league(june["people"]["desk"], plan=june["plan"], as_of=JUNE_END)
    assert [(row.label, row.money.rate, row.count) for row in league] == [
        ("Department of Construction", Decimal("30.5"), 2),  # 58 of 190 bn
        ("Hoi An City", Decimal("90.0"), 1),
    ]


def test_breakdowns_by_sector_group_locality_and_project_are_sorted_by_label(june):
    desk, plan = june["people"]["desk"], june["plan"]
    by_sector = disbursement_by(desk, plan=plan, as_of=JUNE_END, by="sector")
    assert [(row.label, row.money.rate) for row in by_sector] == [
        ("agriculture and irrigation", Decimal("4.3")),
        ("education", Decimal("90.0")),
        ("transport", Decimal("45.8")),
    ]
    by_locality = disbursement_by(desk, plan=plan, as_of=JUNE_END, by="locality")
    assert [(row.key, row.money.disbursed, row.count) for row in by_locality] == [
        (june["commune_a1"].pk, billions(64), 2),  # Phường Minh An
        (june["commune_b1"].pk, billions(3), 1),  # Thị trấn Ái Nghĩa
    ]
    assert by_locality[0].label == str(june["commune_a1"].display_name)
    by_project = disbursement_by(desk, plan=plan, as_of=JUNE_END, by="project")
    assert [row.label for row in by_project] == [
        "DL-03 · Kè sông Vu Gia (Vietnamese)",
        "DT-01 · Đường ven biển (Vietnamese)",
        "HA-02 · Trường tiểu học Minh An (Vietnamese)",
    ]
    (group_b,) = disbursement_by(desk, plan=plan, as_of=JUNE_END, by="group")
    assert (group_b.label, group_b.money.rate, group_b.count) == ("group B", Decimal("33.5"), 3)


def test_an_unknown_breakdown_is_refused(investment):
    with pytest.raises(ValueError, match="Cannot group"):
        disbursement_by(None, plan=investment["plan"], as_of=JUNE_END, by="colour")


def test_the_obstacle_summary_counts_the_capital_each_obstacle_holds_back(june):
    report(
        june,
        "road",
        date(2024, 7, 31),
        {CENTRAL: billions(60), LOCAL: billions(5)},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "",
                "responsible_unit": june["commune_b1"],
            },
            {
                "category": ObstacleCategory.MATERIALS,
                "description": "",
                "responsible_unit": june["construction"],
            },
        ],
    )
    rows = obstacle_summary(june["people"]["desk"], plan=june["plan"], as_of=date(2024, 7, 31))
    assert [(row.label, row.responsible_unit, row.projects, row.blocked) for row in rows] == [
        ("site clearance", june["commune_b1"], 2, billions(67 + 55)),  # the dyke's 67 bn, the road's 55 bn
        ("construction materials", june["construction"], 1, billions(55)),
    ]


def test_an_obstacle_of_an_earlier_report_no_longer_counts(june):
    report(june, "dyke", date(2024, 7, 31), {CENTRAL: billions(10), FOREIGN: billions(5)})
    assert obstacle_summary(None, plan=june["plan"], as_of=date(2024, 7, 31)) == []
    assert len(obstacle_summary(None, plan=june["plan"], as_of=JUNE_END)) == 1


# -- a year ago -------------------------------------------------------------------------------------


@pytest.fixture
def plan_2023(june):
    """The province's 2023 plan: 80 bn of central capital for bridge CV-09."""
    bridge = project(june, "CV-09", funding={CENTRAL: billions(100)})
    plan = actions.create_plan(
        acting_user=None,
        issuer=june["province"],
        year=2023,
        title="Kế hoạch đầu tư công năm 2023",
        number="2900/QĐ-UBND",
        decided_on=date(2022, 12, 10),
        entries=[(bridge, CENTRAL, billions(80))],
    )
    return {"plan": plan, "bridge": bridge}


def test_the_same_day_last_year_reads_last_years_plan_as_it_stood_then(june, plan_2023):
    plan, bridge = plan_2023["plan"], plan_2023["bridge"]
    report(june, bridge, date(2023, 6, 30), {CENTRAL: billions(20)}, plan=plan)
    report(june, bridge, date(2023, 7, 31), {CENTRAL: billions(30)}, plan=plan)
    last_year = same_day_last_year(june["people"]["desk"], plan=june["plan"], as_of=JUNE_END)
    assert last_year == Money(plan=billions(80), disbursed=billions(20))
    assert last_year.rate == Decimal("25.0")
    assert same_day_last_year(None, plan=plan, as_of=date(2023, 6, 30)) is None


def test_a_year_before_29_february_is_28_february(june, plan_2023):
    report(june, plan_2023["bridge"], date(2023, 2, 28), {CENTRAL: billions(8)}, plan=plan_2023["plan"])
    last_year = same_day_last_year(None, plan=june["plan"], as_of=date(2024, 2, 29))
    assert last_year == Money(plan=billions(80), disbursed=billions(8))
