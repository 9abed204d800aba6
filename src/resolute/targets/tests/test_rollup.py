"""Roll-up along the tree by each indicator's rule, and over the periods of a year."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from resolute.core.periods import PeriodType
from resolute.targets.models import AcrossUnits, OverTime, ValueState
from resolute.targets.rollup import unit_value, year_value

from .rows import make_indicator, make_value, revise

pytestmark = pytest.mark.django_db


def test_a_sum_indicator_adds_up_the_districts_under_the_province(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["district_a"], "2025Q1", "120")
    make_value(houses, tree["district_b"], "2025Q1", "80.5")
    rolled = unit_value(houses, tree["province"], "2025Q1")
    assert rolled.own is None
    assert rolled.from_children == Decimal("200.5")
    assert rolled.value == Decimal("200.5")


def test_the_communes_add_up_through_a_district_that_reports_nothing(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["commune_a1"], "2025Q1", "30")
    make_value(houses, tree["district_b"], "2025Q1", "70")
    assert unit_value(houses, tree["province"], "2025Q1").value == Decimal("100")


def test_a_units_own_value_is_shown_beside_its_childrens_sum_and_its_own_counts(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["district_a"], "2025Q1", "50")
    make_value(houses, tree["commune_a1"], "2025Q1", "45")
    with translation.override("en"):
        rolled = unit_value(houses, tree["district_a"], "2025Q1")
    assert (rolled.own, rolled.from_children, rolled.value) == (Decimal("50"), Decimal("45"), Decimal("50"))
    assert "reports 50 itself" in rolled.explanation
    assert "combine to 45" in rolled.explanation


def test_the_parent_of_a_unit_that_reports_its_own_value_counts_it_once(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["district_a"], "2025Q1", "50")
    make_value(houses, tree["commune_a1"], "2025Q1", "45")
    make_value(houses, tree["district_b"], "2025Q1", "10")
    assert unit_value(houses, tree["province"], "2025Q1").value == Decimal("60")


def test_only_approved_values_count_unless_submitted_ones_are_asked_for(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["district_a"], "2025Q1", "50")
    make_value(houses, tree["district_b"], "2025Q1", "10", state=ValueState.SUBMITTED)
    make_value(houses, tree["commune_a1"], "2025Q1", "7", state=ValueState.DRAFT)
    assert unit_value(houses, tree["province"], "2025Q1").value == Decimal("50")
    with_submitted = unit_value(houses, tree["province"], "2025Q1", include_submitted=True)
    assert with_submitted.value == Decimal("60")
    assert with_submitted.includes_submitted


def test_the_setting_may_count_submitted_values(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["district_b"], "2025Q1", "10", state=ValueState.SUBMITTED)
    with override_settings(RESOLUTE_COUNT_SUBMITTED_VALUES=True):
        assert unit_value(houses, tree["province"], "2025Q1").value == Decimal("10")


def test_a_revised_vintage_replaces_the_estimate_in_the_roll_up(tree):
    houses = make_indicator("HOUSES")
    estimate = make_value(houses, tree["district_a"], "2025Q1", "50")
    revise(estimate, "65")
    assert unit_value(houses, tree["province"], "2025Q1").value == Decimal("65")


def test_an_average_indicator_takes_the_plain_mean_of_the_childrens_values(tree):
    rate = make_indicator("RATE", across_units=AcrossUnits.AVERAGE, over_time=OverTime.LATEST)
    make_value(rate, tree["district_a"], "2025Q1", "3")
    make_value(rate, tree["district_b"], "2025Q1", "4")
    make_value(rate, tree["finance"], "2025Q1", "8")
    # finance sits under the people's committee, whose value (8) is one of the province's children.
    assert unit_value(rate, tree["province"], "2025Q1").value == Decimal("5")


def test_a_weighted_average_weighs_each_child_by_the_weight_indicators_value(tree):
    population = make_indicator("POPULATION", unit_of_measure="persons")
    rate = make_indicator(
        "POVERTY", across_units=AcrossUnits.WEIGHTED_AVERAGE, weight=population, over_time=OverTime.LATEST
    )
    make_value(rate, tree["district_a"], "2025Q1", "2")
    make_value(rate, tree["district_b"], "2025Q1", "6")
    make_value(population, tree["district_a"], "2025Q1", "300")
    make_value(population, tree["district_b"], "2025Q1", "100")
    assert unit_value(rate, tree["province"], "2025Q1").value == Decimal("3")


def test_a_weighted_average_leaves_out_a_child_without_a_weight(tree):
    population = make_indicator("POPULATION", unit_of_measure="persons")
    rate = make_indicator("POVERTY", across_units=AcrossUnits.WEIGHTED_AVERAGE, weight=population)
    make_value(rate, tree["district_a"], "2025Q1", "2")
    make_value(rate, tree["district_b"], "2025Q1", "6")
    make_value(population, tree["district_a"], "2025Q1", "300")
    assert unit_value(rate, tree["province"], "2025Q1").value == Decimal("2")


def test_a_ratio_divides_the_summed_numerator_by_the_summed_denominator_never_averaging_percentages(tree):
    disbursed = make_indicator("DISBURSED", unit_of_measure="billion VND")
    allocated = make_indicator("ALLOCATED", unit_of_measure="billion VND")
    rate = make_indicator(
        "DISBURSEMENT_RATE",
        unit_of_measure="%",
        across_units=AcrossUnits.RATIO,
        numerator=disbursed,
        denominator=allocated,
        over_time=OverTime.LATEST,
    )
    make_value(disbursed, tree["commune_a1"], "2025Q1", "10")
    make_value(allocated, tree["commune_a1"], "2025Q1", "20")
    make_value(disbursed, tree["commune_b1"], "2025Q1", "90")
    make_value(allocated, tree["commune_b1"], "2025Q1", "180")
    make_value(disbursed, tree["finance"], "2025Q1", "0")
    make_value(allocated, tree["finance"], "2025Q1", "200")
    # (10 + 90 + 0) / (20 + 180 + 200) = 25%, where the average of 50%, 50% and 0% would be 33.3%.
    assert unit_value(rate, tree["province"], "2025Q1").value == Decimal("25")


def test_a_not_combinable_indicator_takes_nothing_from_the_children(tree):
    score = make_indicator("SCORE", across_units=AcrossUnits.NONE)
    make_value(score, tree["district_a"], "2025Q1", "80")
    rolled = unit_value(score, tree["province"], "2025Q1")
    assert (rolled.own, rolled.from_children, rolled.value) == (None, None, None)


def test_no_data_gives_no_value_and_says_so(tree):
    houses = make_indicator("HOUSES")
    with translation.override("en"):
        rolled = unit_value(houses, tree["province"], "2025Q1")
    assert rolled.value is None
    assert rolled.explanation == "No figure counts yet."


def test_a_period_not_yet_ended_has_no_value_as_of_a_day_inside_it(tree):
    houses = make_indicator("HOUSES")
    make_value(houses, tree["district_a"], "2025Q1", "50")
    assert unit_value(houses, tree["province"], "2025Q1", as_of=date(2025, 3, 30)).value is None
    assert unit_value(houses, tree["province"], "2025Q1", as_of=date(2025, 3, 31)).value == Decimal("50")


def test_a_cumulative_indicator_adds_up_the_periods_of_the_year(tree):
    houses = make_indicator("HOUSES", over_time=OverTime.CUMULATIVE)
    make_value(houses, tree["district_a"], "2025Q1", "100")
    make_value(houses, tree["district_a"], "2025Q2", "150")
    make_value(houses, tree["district_b"], "2025Q2", "50")
    make_value(houses, tree["district_b"], "2024Q4", "999")
    rolled = year_value(houses, tree["province"], 2025)
    assert rolled.value == Decimal("300")
    assert rolled.by_period == {"2025Q1": Decimal("100"), "2025Q2": Decimal("200")}


def test_a_latest_indicator_takes_the_latest_period_with_a_value(tree):
    rate = make_indicator("RATE", over_time=OverTime.LATEST, periodicity=PeriodType.MONTHLY)
    make_value(rate, tree["district_a"], "202501", "5")
    make_value(rate, tree["district_a"], "202503", "4.2")
    assert year_value(rate, tree["district_a"], 2025).value == Decimal("4.2")
    assert year_value(rate, tree["district_a"], 2025, as_of=date(2025, 2, 28)).value == Decimal("5")


def test_an_average_over_time_takes_the_mean_of_the_periods(tree):
    rate = make_indicator("RATE", over_time=OverTime.AVERAGE)
    make_value(rate, tree["district_a"], "2025Q1", "2")
    make_value(rate, tree["district_a"], "2025Q2", "5")
    assert year_value(rate, tree["district_a"], 2025).value == Decimal("3.5")


def test_a_year_roll_up_costs_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    houses = make_indicator("HOUSES")
    for unit in tree.values():
        make_value(houses, unit, "2025Q1", "1")
        make_value(houses, unit, "2025Q2", "1")
    # The changes of the tree after the first period, the subtree, the values.
    with django_assert_max_num_queries(3):
        year_value(houses, tree["province"], 2025)
