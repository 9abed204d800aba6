"""Each comparator judges a final figure at full precision, edges included."""

from decimal import Decimal

import pytest

from resolute.targets.models import Comparator
from resolute.targets.status import compare


def d(text) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize(
    ("comparator", "actual", "value", "expected"),
    [
        (Comparator.AT_LEAST, "10945", "10945", True),
        (Comparator.AT_LEAST, "10944.999", "10945", False),
        (Comparator.AT_LEAST, "11000", "10945", True),
        (Comparator.AT_MOST, "4", "4", True),
        (Comparator.AT_MOST, "4.000001", "4", False),
        (Comparator.AT_MOST, "3.9", "4", True),
        (Comparator.BELOW, "4.0", "4", False),
        (Comparator.BELOW, "3.99", "4", True),
        (Comparator.ABOVE, "8", "8", False),
        (Comparator.ABOVE, "8.01", "8", True),
        (Comparator.EQUAL, "100.0", "100", True),
        (Comparator.EQUAL, "99.99", "100", False),
    ],
)
def test_a_one_value_comparator_judges_the_actual(comparator, actual, value, expected):
    assert compare(comparator, d(actual), d(value)) is expected


def test_a_ceiling_of_below_four_percent_is_not_met_by_exactly_four():
    assert compare(Comparator.BELOW, d("4.0"), d("4")) is False


def test_at_most_is_met_by_a_value_equal_to_the_ceiling():
    assert compare(Comparator.AT_MOST, d("4.0"), d("4")) is True


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("3", True), ("4.5", True), ("3.7", True), ("2.999999", False), ("4.500001", False)],
)
def test_a_range_includes_both_of_its_bounds(actual, expected):
    assert compare(Comparator.RANGE, d(actual), d("3"), d("4.5")) is expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("2.5", True), ("2.4", True), ("2.51", False)],
)
def test_reducing_by_one_point_from_the_baseline_needs_the_actual_at_or_below_the_goal(actual, expected):
    assert compare(Comparator.CHANGE_FROM_BASELINE, d(actual), d("-1"), baseline=d("3.5")) is expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("9000", True), ("8500", True), ("9001", False)],
)
def test_three_thousand_fewer_poor_households_is_a_change_of_minus_three_thousand(actual, expected):
    assert compare(Comparator.CHANGE_FROM_BASELINE, d(actual), d("-3000"), baseline=d("12000")) is expected


def test_a_positive_change_from_the_baseline_needs_the_actual_at_or_above_the_goal():
    assert compare(Comparator.CHANGE_FROM_BASELINE, d("105"), d("5"), baseline=d("100")) is True
    assert compare(Comparator.CHANGE_FROM_BASELINE, d("104.9"), d("5"), baseline=d("100")) is False


@pytest.mark.parametrize(
    ("actual", "reference_comparator", "expected"),
    [
        ("2.9", Comparator.BELOW, True),
        ("3.0", Comparator.BELOW, False),
        ("3.1", Comparator.ABOVE, True),
        ("3.0", Comparator.ABOVE, False),
    ],
)
def test_a_relative_target_compares_with_the_reference_on_its_side(actual, reference_comparator, expected):
    met = compare(
        Comparator.RELATIVE_TO_REFERENCE,
        d(actual),
        None,
        reference=d("3.0"),
        reference_comparator=reference_comparator,
    )
    assert met is expected
