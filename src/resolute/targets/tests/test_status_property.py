"""On random targets of every kind (comparators, over-time rules, periodicities, deadlines on a
period's last day or within it, with or without a baseline, judged within the year or across years),
with random figures: the status on the deadline day is the status the day after, given the same
figures; and a cumulative figure is never forecast below what it has already reached."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.conftest import make_unit
from resolute.core.periods import Period, PeriodType
from resolute.targets.models import Comparator, OverTime
from resolute.targets.status import evaluate

from .rows import make_indicator, make_target, make_value

pytestmark = pytest.mark.django_db

codes = count(1)

amounts = st.decimals(min_value=Decimal("-50"), max_value=Decimal("500"), places=1, allow_nan=False)
positive = st.decimals(min_value=Decimal("1"), max_value=Decimal("500"), places=1, allow_nan=False)


@st.composite
def targets(draw):
    periodicity = draw(st.sampled_from([PeriodType.MONTHLY, PeriodType.QUARTERLY, PeriodType.YEARLY]))
    over_time = draw(st.sampled_from(OverTime.values))
    comparator = draw(st.sampled_from(Comparator.values))
    value = draw(positive)
    fields = {"comparator": comparator, "value": value}
    if comparator == Comparator.RANGE:
        fields["value_max"] = value + draw(positive)
    if comparator == Comparator.CHANGE_FROM_BASELINE:
        fields["value"] = draw(st.sampled_from([-1, 1])) * value
    if comparator == Comparator.CHANGE_FROM_BASELINE or draw(st.booleans()):
        fields["baseline_value"] = draw(positive)
        fields["baseline_year"] = draw(st.sampled_from([2024, 2020]))
    if comparator == Comparator.RELATIVE_TO_REFERENCE:
        fields["reference_comparator"] = draw(st.sampled_from([Comparator.BELOW, Comparator.ABOVE]))
    periods = Period.all_in_year(2025, periodicity)
    # A deadline on the last day of a period, or on any day within the year.
    deadline = draw(
        st.sampled_from([period.last_day for period in periods])
        | st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31))
    )
    figures = draw(
        st.dictionaries(st.sampled_from([p.code for p in periods]), amounts, max_size=len(periods))
    )
    references = draw(st.dictionaries(st.sampled_from(["2024", "2025"]), positive, max_size=2))
    return periodicity, over_time, fields, deadline, figures, references


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=targets())
def test_the_status_on_the_deadline_day_equals_the_status_the_day_after_given_the_same_values(tree, drawn):
    periodicity, over_time, fields, deadline, figures, references = drawn
    indicator = make_indicator(f"KIND_{next(codes)}", over_time=over_time, periodicity=periodicity)
    if fields["comparator"] == Comparator.RELATIVE_TO_REFERENCE:
        country = make_unit(f"Reference {next(codes)}")
        fields = {**fields, "reference_unit": country}
        for year, figure in references.items():
            make_value(indicator, country, Period.all_in_year(int(year), periodicity)[-1].code, figure)
    target = make_target(tree["province"], indicator, deadline=deadline, **fields)
    for code, figure in figures.items():
        make_value(indicator, tree["district_a"], code, figure)

    on_the_day = evaluate(target, as_of=deadline)
    the_day_after = evaluate(target, as_of=deadline + timedelta(days=1))

    assert on_the_day.status == the_day_after.status
    assert on_the_day == the_day_after


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    figures=st.lists(
        st.decimals(min_value=Decimal(0), max_value=Decimal(500), places=0), min_size=1, max_size=11
    ),
    value=positive,
    sign=st.sampled_from([1, -1]),
)
def test_a_cumulative_figure_is_never_forecast_on_the_wrong_side_of_what_it_has_reached(
    tree, figures, value, sign
):
    indicator = make_indicator(f"RUNNING_{next(codes)}", periodicity=PeriodType.MONTHLY)
    comparator = Comparator.AT_LEAST if sign > 0 else Comparator.AT_MOST
    target = make_target(tree["province"], indicator, comparator=comparator, value=sign * value)
    for month, figure in enumerate(figures, start=1):
        make_value(indicator, tree["district_a"], f"2025{month:02d}", sign * figure)

    evaluation = evaluate(target, as_of=date(2025, len(figures) + 1, 1))

    if evaluation.forecast is not None:
        assert sign * evaluation.forecast >= sign * evaluation.actual
