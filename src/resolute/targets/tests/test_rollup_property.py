"""On random trees with random figures on their leaves, the roll-up of a sum indicator at the root
is exactly the sum of the leaves, and so is every unit's roll-up of its own subtree."""

from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.conftest import make_unit
from resolute.targets.rollup import unit_value

from .rows import make_indicator, make_value

pytestmark = pytest.mark.django_db

codes = count(1)

figures = st.none() | st.decimals(
    min_value=Decimal("-1000000000"), max_value=Decimal("1000000000"), places=6, allow_nan=False
)


@st.composite
def trees(draw):
    """A tree as each unit's parent index (unit 0 is the root), and a figure (or none) per unit."""
    size = draw(st.integers(1, 10))
    parents = [None] + [draw(st.integers(0, index - 1)) for index in range(1, size)]
    return parents, [draw(figures) for _ in range(size)]


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tree_and_figures=trees())
def test_the_roll_up_of_a_sum_indicator_equals_the_sum_of_its_leaves(db, tree_and_figures):
    parents, figures = tree_and_figures
    indicator = make_indicator(f"SUM_{next(codes)}")
    units = []
    for index, parent in enumerate(parents):
        units.append(make_unit(f"Unit {index}", None if parent is None else units[parent]))
    has_children = {parent for parent in parents if parent is not None}
    leaves = [index for index in range(len(units)) if index not in has_children]
    for index in leaves:
        if figures[index] is not None:
            make_value(indicator, units[index], "2025Q1", figures[index])

    def leaves_under(top):
        under = {top}
        for index, parent in enumerate(parents):
            if parent in under:
                under.add(index)
        return [index for index in leaves if index in under and figures[index] is not None]

    for index, unit in enumerate(units):
        expected = [figures[leaf] for leaf in leaves_under(index)]
        rolled = unit_value(indicator, unit, "2025Q1")
        assert rolled.value == (sum(expected, Decimal(0)) if expected else None), f"unit {index}"
