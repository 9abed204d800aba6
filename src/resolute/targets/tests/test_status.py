"""A target's status on a given day, explained with its numbers."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from resolute.conftest import make_unit
from resolute.core.periods import PeriodType
from resolute.targets.models import Comparator, OverTime, ValueState, Vintage
from resolute.targets.rollup import year_value
from resolute.targets.status import TargetStatus, _points_of, evaluate, forecast, planned_on

from .rows import make_indicator, make_target, make_value, revise

pytestmark = pytest.mark.django_db

AFTER_Q3 = date(2025, 10, 15)
AFTER_THE_YEAR = date(2026, 1, 20)


def houses_target(tree, **fields):
    """10,945 houses in 2025, planned 1,000 by the end of the third quarter."""
    houses = make_indicator("HOUSES")
    values = {"comparator": Comparator.AT_LEAST, "value": "10945", "trajectory": [("2025Q3", "1000")]}
    values.update(fields)
    return make_target(tree["province"], houses, **values), houses


def english(callable_, *args, **kwargs):
    with translation.override("en"):
        return callable_(*args, **kwargs)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("1000", TargetStatus.ON_TRACK),
        ("1200", TargetStatus.ON_TRACK),
        ("900", TargetStatus.ON_TRACK),
        ("899.9", TargetStatus.AT_RISK),
        ("800", TargetStatus.AT_RISK),
        ("799.99", TargetStatus.OFF_TRACK),
    ],
)
def test_the_tolerance_band_judges_the_shortfall_against_the_plan(tree, actual, status):
    target, houses = houses_target(tree)
    make_value(houses, tree["district_a"], "2025Q3", actual)
    assert evaluate(target, as_of=AFTER_Q3).status == status


def test_exactly_ten_percent_behind_is_on_track_and_ten_point_zero_one_is_at_risk(tree):
    target, houses = houses_target(tree)
    value = make_value(houses, tree["district_a"], "2025Q3", "900")
    on_the_edge = evaluate(target, as_of=AFTER_Q3)
    assert (on_the_edge.status, on_the_edge.shortfall_percent) == (TargetStatus.ON_TRACK, Decimal("10"))
    revise(value, "899.9")
    just_past = evaluate(target, as_of=AFTER_Q3)
    assert (just_past.status, just_past.shortfall_percent) == (TargetStatus.AT_RISK, Decimal("10.01"))


def test_a_target_with_a_narrower_band_is_at_risk_sooner(tree):
    target, houses = houses_target(tree, tolerance_percent="5")
    make_value(houses, tree["district_a"], "2025Q3", "900")
    assert evaluate(target, as_of=AFTER_Q3).status == TargetStatus.AT_RISK


def test_the_sentence_names_the_plan_the_actual_the_shortfall_and_the_band(tree):
    target, houses = houses_target(tree, trajectory=[("2025Q3", "8200")])
    make_value(houses, tree["district_a"], "2025Q1", "2000")
    make_value(houses, tree["district_b"], "2025Q3", "4535")
    evaluation = english(evaluate, target, as_of=AFTER_Q3)
    assert evaluation.status == TargetStatus.OFF_TRACK
    assert (evaluation.actual, evaluation.planned) == (Decimal("6535"), Decimal("8200"))
    assert evaluation.sentence.startswith(
        "planned 8,200 by 30/09/2025, actual 6,535: 20.3% behind, band 10% → off track"
    )
    assert "twice the band" in evaluation.formula


def test_the_sentence_writes_numbers_as_vietnamese_does(tree):
    target, houses = houses_target(tree, trajectory=[("2025Q3", "8200")])
    make_value(houses, tree["district_a"], "2025Q3", "6535")
    with translation.override("vi"):
        sentence = evaluate(target, as_of=AFTER_Q3).sentence
    assert "8.200" in sentence
    assert "6.535" in sentence
    assert "20,3" in sentence


def test_without_a_curve_the_plan_is_a_straight_line_from_zero_to_the_target_for_a_cumulative_figure(tree):
    target, houses = houses_target(tree, value="365", trajectory=[])
    assert planned_on(target, date(2025, 1, 31)) == Decimal("31")
    assert planned_on(target, date(2025, 12, 31)) == Decimal("365")
    make_value(houses, tree["district_a"], "2025Q1", "80")
    evaluation = evaluate(target, as_of=date(2025, 4, 10))
    assert evaluation.planned == Decimal("90")
    assert evaluation.status == TargetStatus.AT_RISK


def test_without_a_curve_the_plan_of_a_rate_starts_from_the_baseline(tree):
    rate = make_indicator("POVERTY", unit_of_measure="%", over_time=OverTime.LATEST, decimals=2)
    target = make_target(
        tree["province"],
        rate,
        comparator=Comparator.CHANGE_FROM_BASELINE,
        value="-1",
        baseline_value="3.5",
        baseline_year=2024,
    )
    assert planned_on(target, date(2024, 12, 31)) == Decimal("3.5")
    assert planned_on(target, date(2025, 12, 31)) == Decimal("2.5")
    make_value(rate, tree["province"], "2025Q2", "3.2")
    evaluation = evaluate(target, as_of=date(2025, 7, 10))
    # planned on 30/06: 3.5 − 181/365 ≈ 3.004; the planned change ≈ 0.496, 0.196 behind ≈ 39.5%.
    assert evaluation.status == TargetStatus.OFF_TRACK


def test_no_figure_means_not_yet_measurable(tree):
    target, _houses = houses_target(tree)
    evaluation = english(evaluate, target, as_of=AFTER_Q3)
    assert evaluation.status == TargetStatus.NOT_MEASURABLE
    assert evaluation.actual is None
    assert evaluation.sentence == "No figure counts yet for the periods ended by 15/10/2025."


def test_a_draft_figure_does_not_make_a_target_measurable(tree):
    target, houses = houses_target(tree)
    make_value(houses, tree["district_a"], "2025Q3", "1000", state=ValueState.DRAFT)
    assert evaluate(target, as_of=AFTER_Q3).status == TargetStatus.NOT_MEASURABLE


def test_a_submitted_figure_counts_when_asked_for_and_the_sentence_says_so(tree, settings):
    settings.RESOLUTE_COUNT_SUBMITTED_VALUES = True
    target, houses = houses_target(tree)
    make_value(houses, tree["district_a"], "2025Q3", "1000", state=ValueState.SUBMITTED)
    evaluation = english(evaluate, target, as_of=AFTER_Q3)
    assert evaluation.status == TargetStatus.ON_TRACK
    assert evaluation.includes_submitted
    assert evaluation.sentence.endswith("Includes submitted figures not yet approved.")


def test_an_annual_figure_is_not_measurable_before_the_year_has_closed(tree):
    growth = make_indicator("GRDP_GROWTH", unit_of_measure="%", periodicity=PeriodType.YEARLY, decimals=1)
    target = make_target(tree["province"], growth, comparator=Comparator.AT_LEAST, value="8")
    make_value(growth, tree["province"], "2025", "8.5")
    evaluation = english(evaluate, target, as_of=date(2025, 11, 30))
    assert evaluation.status == TargetStatus.NOT_MEASURABLE
    assert evaluation.sentence == "An annual figure: it can be judged once the year has closed on 31/12/2025."
    assert evaluate(target, as_of=AFTER_THE_YEAR).status == TargetStatus.ACHIEVED


def test_before_the_deadline_a_target_is_tracked_and_from_the_deadline_day_it_is_judged(tree):
    target, houses = houses_target(tree, value="1000", trajectory=[])
    for quarter in ("2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        make_value(houses, tree["district_a"], quarter, "249")
    assert evaluate(target, as_of=date(2025, 12, 30)).status == TargetStatus.ON_TRACK
    for day in (date(2025, 12, 31), AFTER_THE_YEAR):
        judged = english(evaluate, target, as_of=day)
        assert judged.status == TargetStatus.NOT_ACHIEVED
        assert judged.sentence == "target at least 1,000 by 31/12/2025, actual 996, gap 4 → not achieved"
        assert (judged.gap, judged.forecast, judged.final) == (Decimal(4), None, True)


def test_after_the_deadline_a_target_met_exactly_is_achieved(tree):
    target, houses = houses_target(tree, value="1000", trajectory=[])
    for quarter in ("2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        make_value(houses, tree["district_a"], quarter, "250")
    assert evaluate(target, as_of=AFTER_THE_YEAR).status == TargetStatus.ACHIEVED


def test_after_the_deadline_without_the_last_figure_the_target_is_judged_on_the_latest_one(tree):
    target, houses = houses_target(tree, value="1000", trajectory=[])
    make_value(houses, tree["district_a"], "2025Q3", "740")
    evaluation = english(evaluate, target, as_of=AFTER_THE_YEAR)
    assert (evaluation.status, evaluation.gap) == (TargetStatus.NOT_ACHIEVED, Decimal(260))
    assert evaluation.measured_on == date(2025, 9, 30)
    assert evaluation.sentence.endswith(
        "The figure for the period holding the deadline is not in: judged on the latest figure, "
        "for the period ended 30/09/2025."
    )


def test_a_revised_official_figure_changes_the_status(tree):
    target, houses = houses_target(tree, value="1000", trajectory=[])
    estimate = make_value(houses, tree["district_a"], "2025Q4", "950")
    assert evaluate(target, as_of=AFTER_THE_YEAR).status == TargetStatus.NOT_ACHIEVED
    revise(estimate, "1010", vintage=Vintage.OFFICIAL)
    assert evaluate(target, as_of=AFTER_THE_YEAR).status == TargetStatus.ACHIEVED


def rate_target(tree, comparator, value, value_max=None):
    rate = make_indicator("UNEMPLOYMENT", unit_of_measure="%", over_time=OverTime.LATEST, decimals=1)
    target = make_target(tree["province"], rate, comparator=comparator, value=value, value_max=value_max)
    return target, rate


@pytest.mark.parametrize(
    ("comparator", "value", "value_max", "actual", "status"),
    [
        (Comparator.BELOW, "4", None, "4.0", TargetStatus.NOT_ACHIEVED),
        (Comparator.BELOW, "4", None, "3.9", TargetStatus.ACHIEVED),
        (Comparator.AT_MOST, "4", None, "4.0", TargetStatus.ACHIEVED),
        (Comparator.EQUAL, "4", None, "4.0", TargetStatus.ACHIEVED),
        (Comparator.RANGE, "3", "4.5", "4.5", TargetStatus.ACHIEVED),
        (Comparator.RANGE, "3", "4.5", "3", TargetStatus.ACHIEVED),
        (Comparator.RANGE, "3", "4.5", "4.6", TargetStatus.NOT_ACHIEVED),
    ],
)
def test_a_final_figure_is_judged_by_the_comparator(tree, comparator, value, value_max, actual, status):
    target, rate = rate_target(tree, comparator, value, value_max)
    make_value(rate, tree["province"], "2025Q4", actual)
    assert evaluate(target, as_of=AFTER_THE_YEAR).status == status


def test_a_range_target_is_on_track_while_the_figure_is_inside_the_range(tree):
    target, rate = rate_target(tree, Comparator.RANGE, "3", "4.5")
    make_value(rate, tree["province"], "2025Q2", "4.5")
    assert evaluate(target, as_of=AFTER_Q3).status == TargetStatus.ON_TRACK


def test_a_change_from_the_baseline_is_achieved_when_the_goal_is_reached(tree):
    poor = make_indicator("POOR_HOUSEHOLDS", unit_of_measure="households", over_time=OverTime.LATEST)
    target = make_target(
        tree["province"],
        poor,
        comparator=Comparator.CHANGE_FROM_BASELINE,
        value="-3000",
        baseline_value="12000",
        baseline_year=2024,
    )
    make_value(poor, tree["district_a"], "2025Q4", "5000")
    make_value(poor, tree["district_b"], "2025Q4", "4000")
    evaluation = english(evaluate, target, as_of=AFTER_THE_YEAR)
    assert evaluation.status == TargetStatus.ACHIEVED
    assert evaluation.sentence == "target at most 9,000 by 31/12/2025, actual 9,000 → achieved"


def national_rate_target(tree):
    country = make_unit("Việt Nam", name_en="Viet Nam")
    rate = make_indicator("POVERTY", unit_of_measure="%", over_time=OverTime.LATEST, decimals=2)
    target = make_target(
        tree["province"],
        rate,
        comparator=Comparator.RELATIVE_TO_REFERENCE,
        reference_unit=country,
        reference_comparator=Comparator.BELOW,
    )
    return target, rate, country


def test_a_target_below_the_national_rate_is_on_track_while_it_stays_below(tree):
    target, rate, country = national_rate_target(tree)
    make_value(rate, tree["province"], "2025Q2", "2.9")
    make_value(rate, country, "2025Q2", "3.0")
    evaluation = english(evaluate, target, as_of=AFTER_Q3)
    assert evaluation.status == TargetStatus.ON_TRACK
    assert evaluation.planned == Decimal("3.0")
    assert "reference 3.00 (Viet Nam, 2025)" in evaluation.sentence


def test_a_target_below_the_national_rate_is_at_risk_when_above_it_by_more_than_the_band(tree):
    target, rate, country = national_rate_target(tree)
    make_value(rate, tree["province"], "2025Q2", "2.9")
    make_value(rate, country, "2025Q2", "2.5")
    evaluation = evaluate(target, as_of=AFTER_Q3)
    assert evaluation.status == TargetStatus.AT_RISK
    assert evaluation.shortfall_percent == Decimal("16")


def test_a_target_below_the_national_rate_falls_back_on_last_years_national_figure(tree):
    target, rate, country = national_rate_target(tree)
    make_value(rate, tree["province"], "2025Q2", "2.9")
    make_value(rate, country, "2024Q4", "3.1")
    evaluation = english(evaluate, target, as_of=AFTER_Q3)
    assert evaluation.status == TargetStatus.ON_TRACK
    assert "(Viet Nam, 2024)" in evaluation.sentence


def test_a_target_below_the_national_rate_is_judged_after_the_deadline(tree):
    target, rate, country = national_rate_target(tree)
    make_value(rate, tree["province"], "2025Q4", "3.0")
    make_value(rate, country, "2025Q4", "3.0")
    assert evaluate(target, as_of=AFTER_THE_YEAR).status == TargetStatus.NOT_ACHIEVED


def test_a_target_relative_to_a_reference_without_its_figure_is_not_measurable(tree):
    target, rate, _country = national_rate_target(tree)
    make_value(rate, tree["province"], "2025Q2", "2.9")
    assert evaluate(target, as_of=AFTER_Q3).status == TargetStatus.NOT_MEASURABLE


@pytest.mark.parametrize(
    ("value_in_2024", "status"),
    [
        ("131.08", TargetStatus.ON_TRACK),  # 7.0% a year against 7.18% required: R ≈ 97.5%
        ("120", TargetStatus.AT_RISK),  # 4.66% a year: R ≈ 65%
        ("105", TargetStatus.OFF_TRACK),  # 1.23% a year: R ≈ 17%
        ("95", TargetStatus.OFF_TRACK),  # going the wrong way
    ],
)
def test_across_years_observed_growth_is_compared_with_the_growth_required(tree, value_in_2024, status):
    """Open SDG's method: doubling from 100 in 2020 to 200 in 2030 needs 7.18% a year."""
    output = make_indicator("OUTPUT", periodicity=PeriodType.YEARLY, over_time=OverTime.LATEST, decimals=2)
    target = make_target(
        tree["province"],
        output,
        comparator=Comparator.AT_LEAST,
        value="200",
        baseline_value="100",
        baseline_year=2020,
        year=2030,
        deadline=date(2030, 12, 31),
    )
    make_value(output, tree["province"], "2023", "110")
    make_value(output, tree["province"], "2024", value_in_2024)
    evaluation = english(evaluate, target, as_of=date(2025, 6, 30))
    assert evaluation.status == status
    assert evaluation.actual == Decimal(value_in_2024)
    assert "required growth 7.18% a year from 100.00 in 2020 to 200.00 in 2030" in evaluation.sentence


def test_across_years_without_a_figure_since_the_baseline_is_not_measurable(tree):
    output = make_indicator("OUTPUT", periodicity=PeriodType.YEARLY, over_time=OverTime.LATEST)
    target = make_target(
        tree["province"],
        output,
        value="200",
        baseline_value="100",
        baseline_year=2020,
        year=2030,
        deadline=date(2030, 12, 31),
    )
    assert evaluate(target, as_of=date(2025, 6, 30)).status == TargetStatus.NOT_MEASURABLE


def test_the_forecast_extends_the_years_trend_to_the_deadline(tree):
    target, _houses = houses_target(tree)
    # 0 at the start of the year, 20 after 73 days: 100 after 365 days.
    points = [(date(2024, 12, 31), Decimal(0)), (date(2025, 3, 14), Decimal(20))]
    assert forecast(target, points).quantize(Decimal("0.0001")) == Decimal("100.0000")
    assert forecast(target, points[:1]) is None


def test_the_evaluation_carries_the_forecast_and_names_it(tree):
    target, houses = houses_target(tree, value="1000", trajectory=[])
    make_value(houses, tree["district_a"], "2025Q1", "200")
    make_value(houses, tree["district_a"], "2025Q2", "200")
    evaluation = english(evaluate, target, as_of=date(2025, 7, 5))
    assert evaluation.forecast is not None
    assert Decimal("790") < evaluation.forecast < Decimal("810")
    assert "Forecast for 31/12/2025:" in evaluation.sentence


# -- on and after the deadline: the final value only ------------------------------------------------


def running_total_of_houses(tree):
    """The demo's houses: a running total of houses replaced (the latest month counts), 6,535 at
    the end of 2024, 10,945 due by 31/12/2025, reported monthly."""
    houses = make_indicator("HOUSES_REPLACED", over_time=OverTime.LATEST, periodicity=PeriodType.MONTHLY)
    target = make_target(tree["province"], houses, value="10945", baseline_value="6535", baseline_year=2024)
    for month, done in enumerate([6900, 7300, 7700, 8100, 8500, 8900, 9300, 9700, 10100, 10500, 10700], 1):
        make_value(houses, tree["district_a"], f"2025{month:02d}", done)
    make_value(houses, tree["district_a"], "202512", "10825")
    return target


def test_on_and_after_its_deadline_a_target_is_judged_on_its_final_value_only(tree):
    target = running_total_of_houses(tree)
    # The day before, 120 houses behind the straight line to 10,945 is well within the band.
    assert evaluate(target, as_of=date(2025, 12, 30)).status == TargetStatus.ON_TRACK
    for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30)):
        evaluation = english(evaluate, target, as_of=day)
        assert (evaluation.status, evaluation.actual, evaluation.gap) == (
            TargetStatus.NOT_ACHIEVED,
            Decimal(10825),
            Decimal(120),
        )
        assert evaluation.forecast is None
        assert (
            evaluation.sentence
            == "target at least 10,945 by 31/12/2025, actual 10,825, gap 120 → not achieved"
        )
        assert "on and after the deadline" in evaluation.formula


def test_the_final_value_is_the_figure_of_the_period_holding_the_deadline_and_later_figures_do_not_count(
    tree,
):
    houses = make_indicator("HOUSES_BY_JUNE", over_time=OverTime.LATEST, periodicity=PeriodType.MONTHLY)
    target = make_target(tree["province"], houses, value="500", deadline=date(2025, 6, 15))
    make_value(houses, tree["province"], "202505", "420")
    make_value(houses, tree["province"], "202506", "480")
    make_value(houses, tree["province"], "202509", "600")
    for day in (date(2025, 6, 15), date(2025, 6, 16), date(2025, 10, 1)):
        evaluation = evaluate(target, as_of=day)
        assert (evaluation.status, evaluation.actual, evaluation.gap) == (
            TargetStatus.NOT_ACHIEVED,
            Decimal(480),
            Decimal(20),
        )


def late_running_total(tree, code, sign, comparator, value):
    """Nothing from January to August, then a burst in September: the straight line through the
    running totals reads far below what was reached by the deadline."""
    indicator = make_indicator(code, periodicity=PeriodType.MONTHLY)
    target = make_target(tree["province"], indicator, comparator=comparator, value=value)
    for month in range(1, 9):
        make_value(indicator, tree["district_a"], f"2025{month:02d}", "0")
    make_value(indicator, tree["district_a"], "202509", sign * 600)
    return target


def test_a_forecast_is_never_below_what_a_cumulative_indicator_has_already_reached(tree):
    target = late_running_total(tree, "BUILT", 1, Comparator.AT_LEAST, "1000")
    points = _points_of(target, year_value(target.indicator, target.unit, 2025, as_of=AFTER_Q3))
    assert forecast(target, points) < Decimal(600)
    evaluation = evaluate(target, as_of=AFTER_Q3)
    assert (evaluation.actual, evaluation.forecast) == (Decimal(600), Decimal(600))


def test_a_forecast_is_never_above_what_a_decreasing_running_total_has_already_reached(tree):
    target = late_running_total(tree, "REDUCED", -1, Comparator.AT_MOST, "-1000")
    evaluation = evaluate(target, as_of=AFTER_Q3)
    assert (evaluation.actual, evaluation.forecast) == (Decimal(-600), Decimal(-600))
