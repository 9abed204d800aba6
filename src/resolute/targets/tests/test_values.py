"""Which figure counts for a cell: approved ones, the highest vintage, then the latest; never an
erased one. Also the builders the other value tests share."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from resolute.core.periods import PeriodType
from resolute.targets.models import DataValue, Direction, ValueState, Vintage
from resolute.targets.values import current_values, latest_entered_values, value_history

from ..actions import indicators as indicator_actions
from ..actions import values as value_actions

# A day inside the entry window of March 2025 (it closes on 15 April).
IN_MARCH_WINDOW = date(2025, 4, 10)


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


def make_indicator(code="POOR_HOUSEHOLDS", **fields):
    values = {
        "name": f"Indicator {code}",
        "unit_of_measure": "households",
        "direction": Direction.LOWER_IS_BETTER,
        "periodicity": PeriodType.MONTHLY,
    }
    values.update(fields)
    return indicator_actions.create_indicator(acting_user=None, code=code, **values)


def enter(
    unit, period, indicator, value, comment="", *, vintage=Vintage.ESTIMATE, acting_user=None, today=None
):
    result = value_actions.save_values(
        acting_user=acting_user,
        unit=unit,
        period=period,
        entries=[(indicator, Decimal(value), comment)],
        vintage=vintage,
        today=today,
    )
    return result.saved[0]


def submitted(unit, period, indicator, value, comment="", *, vintage=Vintage.ESTIMATE):
    row = enter(unit, period, indicator, value, comment, vintage=vintage)
    value_actions.submit_values(acting_user=None, unit=unit, period=period)
    row.refresh_from_db()
    return row


def approved(unit, period, indicator, value, comment="", *, vintage=Vintage.ESTIMATE):
    row = submitted(unit, period, indicator, value, comment, vintage=vintage)
    value_actions.approve_values(acting_user=None, values=[row])
    row.refresh_from_db()
    return row


@pytest.fixture
def poor(db):
    return make_indicator()


def value_of(indicator, unit, period, **options):
    row = current_values(indicator, [unit], [period], **options).get((unit.pk, period))
    return None if row is None else row.value


def test_only_an_approved_value_counts(tree, poor):
    district = tree["district_a"]
    enter(district, "202503", poor, "120")
    assert value_of(poor, district, "202503") is None
    value_actions.submit_values(acting_user=None, unit=district, period="202503")
    assert value_of(poor, district, "202503") is None
    value_actions.approve_values(acting_user=None, values=DataValue.objects.filter(unit=district))
    assert value_of(poor, district, "202503") == Decimal("120")


def test_submitting_only_some_drafts_leaves_the_units_other_drafts_as_drafts(tree, poor):
    district = tree["district_a"]
    other = make_indicator("SCHOOLS")
    chosen = enter(district, "202503", poor, "120")
    left = enter(district, "202503", other, "7")
    submitted_rows = value_actions.submit_values(
        acting_user=None, unit=district, period="202503", only=[chosen]
    )
    assert submitted_rows == [chosen]
    chosen.refresh_from_db()
    left.refresh_from_db()
    assert (chosen.state, left.state) == (ValueState.SUBMITTED, ValueState.DRAFT)


def test_a_submitted_value_counts_when_asked_and_says_so(tree, poor):
    district = tree["district_a"]
    submitted(district, "202503", poor, "120")
    row = current_values(poor, [district], ["202503"], include_submitted=True)[(district.pk, "202503")]
    assert row.value == Decimal("120")
    assert row.state == ValueState.SUBMITTED


def test_the_setting_makes_submitted_values_count(tree, poor, settings):
    settings.RESOLUTE_COUNT_SUBMITTED_VALUES = True
    submitted(tree["district_a"], "202503", poor, "120")
    assert value_of(poor, tree["district_a"], "202503") == Decimal("120")
    assert value_of(poor, tree["district_a"], "202503", include_submitted=False) is None


def test_a_returned_value_does_not_count(tree, poor):
    row = submitted(tree["district_a"], "202503", poor, "120")
    value_actions.return_values(acting_user=None, values=[row], reason="Check the count")
    assert value_of(poor, tree["district_a"], "202503", include_submitted=True) is None


def test_the_highest_vintage_counts_over_a_later_lower_one(tree, poor):
    district = tree["district_a"]
    approved(district, "202503", poor, "120")
    submitted(district, "202503", poor, "118", vintage=Vintage.OFFICIAL)
    # the approved estimate counts until the official figure is approved ...
    assert value_of(poor, district, "202503") == Decimal("120")
    # ... and when submitted ones count, the official figure wins
    assert value_of(poor, district, "202503", include_submitted=True) == Decimal("118")


def test_an_approved_revision_supersedes_the_approved_estimate_without_erasing_it(tree, poor):
    district = tree["district_a"]
    estimate = approved(district, "202503", poor, "120")
    preliminary = approved(district, "202503", poor, "131", vintage=Vintage.PRELIMINARY)
    estimate.refresh_from_db()
    assert value_of(poor, district, "202503") == Decimal("131")
    assert estimate.superseded_by == preliminary
    assert estimate.state == ValueState.APPROVED
    assert [row.value for row in value_history(poor, district, "202503")] == [Decimal("131"), Decimal("120")]


def test_a_correction_of_the_same_vintage_counts_once_approved(tree, poor):
    district = tree["district_a"]
    first = approved(district, "202503", poor, "120")
    correction = enter(district, "202503", poor, "125", "Recounted in Cam Chau")
    assert value_of(poor, district, "202503") == Decimal("120")
    value_actions.submit_values(acting_user=None, unit=district, period="202503")
    value_actions.approve_values(acting_user=None, values=[correction])
    first.refresh_from_db()
    assert value_of(poor, district, "202503") == Decimal("125")
    assert first.superseded_by_id == correction.pk


def test_current_values_reads_many_cells_in_one_query(tree, poor, django_assert_num_queries):
    units = [tree["district_a"], tree["district_b"], tree["commune_a1"]]
    for number, unit in enumerate(units):
        approved(unit, "202502", poor, 100 + number)
        approved(unit, "202503", poor, 200 + number)
    with django_assert_num_queries(1):
        values = current_values(poor, units, ["202502", "202503", "202504"])
    assert len(values) == 6
    assert values[(tree["district_b"].pk, "202503")].value == Decimal("201")


def test_cells_without_a_value_are_absent(tree, poor):
    assert current_values(poor, [tree["district_a"]], ["202503"]) == {}


def test_the_counting_queryset_agrees_with_current_values(tree, poor):
    district = tree["district_a"]
    approved(district, "202503", poor, "120")
    approved(district, "202503", poor, "131", vintage=Vintage.PRELIMINARY)
    submitted(district, "202504", poor, "140")
    approved(tree["district_b"], "202503", poor, "90")
    counting = DataValue.objects.filter(indicator=poor).counting()
    assert sorted((row.unit_id, row.period, row.value) for row in counting) == sorted(
        (unit_id, period, row.value)
        for (unit_id, period), row in current_values(
            poor, [district, tree["district_b"]], ["202503", "202504"]
        ).items()
    )
    assert DataValue.objects.filter(indicator=poor).counting(include_submitted=True).count() == 3


def test_the_latest_entered_value_includes_drafts_but_not_returned_ones(tree, poor):
    district = tree["district_a"]
    draft = enter(district, "202503", poor, "120")
    assert latest_entered_values([poor.pk], district, ["202503"])[(poor.pk, "202503")] == draft
    value_actions.submit_values(acting_user=None, unit=district, period="202503")
    value_actions.return_values(acting_user=None, values=[draft], reason="Wrong")
    assert latest_entered_values([poor.pk], district, ["202503"]) == {}
