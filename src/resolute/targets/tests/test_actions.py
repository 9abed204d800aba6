"""Writing indicators, targets and values: complete validation, nothing half-written, every write
in the change log, vintages never erased, and the approval states."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from resolute.core.changelog import history_of
from resolute.core.exceptions import StaleObjectError
from resolute.core.models import ChangeLogEntry
from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.targets.models import (
    AcrossUnits,
    Comparator,
    DataValue,
    Direction,
    Indicator,
    Target,
    ValidationRule,
    ValueState,
    Vintage,
)

from ..actions import indicators as indicator_actions
from ..actions import targets as target_actions
from ..actions import values as value_actions
from .test_values import IN_MARCH_WINDOW, approved, enter, make_indicator, submitted


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def poor(db):
    return make_indicator("POOR_HOUSEHOLDS", jump_warning_percent=Decimal("20"), minimum=Decimal("0"))


@pytest.fixture
def coverage(db):
    return make_indicator("HEALTH_INSURANCE", unit_of_measure="%", direction=Direction.HIGHER_IS_BETTER)


@pytest.fixture
def allocated(db):
    return make_indicator(
        "CAPITAL_ALLOCATED", unit_of_measure="billion VND", direction=Direction.HIGHER_IS_BETTER
    )


@pytest.fixture
def disbursed(allocated):
    indicator = make_indicator(
        "CAPITAL_DISBURSED", unit_of_measure="billion VND", direction=Direction.HIGHER_IS_BETTER
    )
    ValidationRule.objects.create(
        name="disbursed ≤ allocated",
        left=indicator,
        operator=ValidationRule.Operator.LESS_OR_EQUAL,
        right=allocated,
    )
    return indicator


@pytest.fixture
def conclusion(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion on the socio-economic plan for 2025",
        number="123/TB-TU",
        issued_on=date(2024, 12, 20),
    )


def save(unit, period, *entries, acting_user=None, vintage=Vintage.ESTIMATE, today=IN_MARCH_WINDOW):
    return value_actions.save_values(
        acting_user=acting_user,
        unit=unit,
        period=period,
        entries=[(indicator, Decimal(value), comment) for indicator, value, comment in entries],
        vintage=vintage,
        today=today,
    )


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


# -- indicators ------------------------------------------------------------------------------------


def test_an_indicator_is_created_and_logged(users):
    indicator = indicator_actions.create_indicator(
        acting_user=users["office"],
        code="NEW_HOUSES",
        name="Houses built for poor households",
        unit_of_measure="houses",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.QUARTERLY,
        over_time="cumulative",
    )
    entry = history_of(indicator).get()
    assert entry.action == ChangeLogEntry.Action.CREATE
    assert entry.actor == users["office"]
    assert entry.changes["code"]["new"] == "NEW_HOUSES"


def test_a_weighted_average_needs_a_weight_and_a_ratio_its_two_sides(db):
    with pytest.raises(ValidationError) as error:
        make_indicator("AVERAGE_INCOME", across_units=AcrossUnits.WEIGHTED_AVERAGE)
    assert "weight" in messages(error)
    with pytest.raises(ValidationError) as error:
        make_indicator("POVERTY_RATE", across_units=AcrossUnits.RATIO)
    assert set(messages(error)) == {"numerator", "denominator"}
    assert not Indicator.objects.exists()


def test_an_indicator_code_is_unique_and_its_range_is_ordered(poor):
    with pytest.raises(ValidationError) as error:
        make_indicator("POOR_HOUSEHOLDS", minimum=Decimal("10"), maximum=Decimal("5"))
    assert set(messages(error)) == {"code", "maximum"}


def test_a_stale_indicator_form_is_refused(poor, users):
    indicator_actions.update_indicator(
        acting_user=users["office"], indicator=poor, expected_version=1, name="Poor households"
    )
    with pytest.raises(StaleObjectError):
        indicator_actions.update_indicator(
            acting_user=users["office"], indicator=poor, expected_version=1, name="Old form"
        )
    poor.refresh_from_db()
    assert poor.name == "Poor households"
    assert poor.version == 2


def test_a_validation_rule_relates_two_indicators_of_the_same_periodicity(users, allocated):
    yearly = make_indicator("YEARLY_PLAN", periodicity=PeriodType.YEARLY)
    with pytest.raises(ValidationError) as error:
        indicator_actions.create_validation_rule(
            acting_user=users["office"], name="", left=allocated, operator="lte", right=yearly
        )
    assert set(messages(error)) == {"name", "right"}
    with pytest.raises(PermissionDenied):
        indicator_actions.create_validation_rule(
            acting_user=users["district_a_reporter"], name="x", left=allocated, operator="lte", right=yearly
        )
    assert not ValidationRule.objects.exists()


# -- targets ---------------------------------------------------------------------------------------


def test_a_target_with_its_breakdown_and_trajectory_is_created_and_logged(tree, users, conclusion, poor):
    target = target_actions.create_target(
        acting_user=users["office"],
        document=conclusion,
        indicator=poor,
        unit=tree["province"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.CHANGE_FROM_BASELINE,
        value=Decimal("-3000"),
        baseline_value=Decimal("12000"),
        baseline_year=2024,
        breakdown=[(tree["district_a"], Decimal("1000")), (tree["district_b"], Decimal("2000"))],
        trajectory=[("202506", Decimal("10500")), ("202512", Decimal("9000"))],
    )
    assert target.created_by == users["office"]
    assert {share.unit: share.value for share in target.breakdown.all()} == {
        tree["district_a"]: Decimal("1000"),
        tree["district_b"]: Decimal("2000"),
    }
    assert [point.period for point in target.trajectory.all()] == ["202506", "202512"]
    assert history_of(target).get().action == ChangeLogEntry.Action.CREATE


@pytest.mark.parametrize(
    ("comparator", "fields", "missing"),
    [
        (Comparator.AT_LEAST, {}, {"value"}),
        (Comparator.AT_MOST, {}, {"value"}),
        (Comparator.BELOW, {}, {"value"}),
        (Comparator.ABOVE, {}, {"value"}),
        (Comparator.EQUAL, {}, {"value"}),
        (Comparator.RANGE, {"value": Decimal("5")}, {"value_max"}),
        (Comparator.RANGE, {"value": Decimal("5"), "value_max": Decimal("4")}, {"value_max"}),
        (Comparator.CHANGE_FROM_BASELINE, {"value": Decimal("-1")}, {"baseline_value", "baseline_year"}),
        (Comparator.RELATIVE_TO_REFERENCE, {}, {"reference_unit", "reference_comparator"}),
    ],
)
def test_each_comparator_asks_for_the_figures_it_needs(tree, conclusion, poor, comparator, fields, missing):
    with pytest.raises(ValidationError) as error:
        target_actions.create_target(
            acting_user=None,
            document=conclusion,
            indicator=poor,
            unit=tree["province"],
            year=2025,
            deadline=date(2025, 12, 31),
            comparator=comparator,
            **fields,
        )
    assert set(messages(error)) == missing
    assert not Target.objects.exists()


def test_a_range_whose_ends_are_equal_is_accepted(tree, conclusion, coverage):
    target = target_actions.create_target(
        acting_user=None,
        document=conclusion,
        indicator=coverage,
        unit=tree["province"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.RANGE,
        value=Decimal("95"),
        value_max=Decimal("95"),
    )
    assert target.value == target.value_max


def test_a_breakdown_is_for_units_below_and_a_trajectory_follows_the_periodicity(tree, conclusion, poor):
    with pytest.raises(ValidationError) as error:
        target_actions.create_target(
            acting_user=None,
            document=conclusion,
            indicator=poor,
            unit=tree["district_a"],
            year=2025,
            deadline=date(2025, 12, 31),
            comparator=Comparator.AT_MOST,
            value=Decimal("100"),
            breakdown=[(tree["district_b"], Decimal("10"))],
            trajectory=[("2025Q2", Decimal("10")), ("202413", Decimal("1")), ("202612", Decimal("1"))],
        )
    assert len(messages(error)["breakdown"]) == 1
    assert len(messages(error)["trajectory"]) == 3


def test_updating_a_target_replaces_its_trajectory_and_logs_it(tree, users, conclusion, poor):
    target = target_actions.create_target(
        acting_user=None,
        document=conclusion,
        indicator=poor,
        unit=tree["province"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.AT_MOST,
        value=Decimal("9000"),
        trajectory=[("202506", Decimal("10500"))],
    )
    target = target_actions.update_target(
        acting_user=users["office"],
        target=target,
        expected_version=1,
        value=Decimal("8800"),
        trajectory=[("202509", Decimal("9500"))],
    )
    assert target.value == Decimal("8800")
    assert [point.period for point in target.trajectory.all()] == ["202509"]
    assert history_of(target).first().changes["value"] == {"old": "9000.000000", "new": "8800"}


# -- entering values -------------------------------------------------------------------------------


def test_a_reporter_enters_a_draft_that_is_logged(tree, users, poor):
    result = save(tree["district_a"], "202503", (poor, "120", ""), acting_user=users["district_a_reporter"])
    row = result.saved[0]
    assert (row.state, row.value, row.entered_by) == (
        ValueState.DRAFT,
        Decimal("120"),
        users["district_a_reporter"],
    )
    assert history_of(row).get().actor == users["district_a_reporter"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [("-0.01", False), ("0", True), ("50", True), ("100", True), ("100.01", False)],
)
def test_a_percentage_lies_between_0_and_100_inclusive(tree, coverage, value, valid):
    if valid:
        assert save(tree["district_a"], "202503", (coverage, value, "")).saved[0].value == Decimal(value)
    else:
        with pytest.raises(ValidationError) as error:
            save(tree["district_a"], "202503", (coverage, value, ""))
        assert "HEALTH_INSURANCE is a percentage" in messages(error)["HEALTH_INSURANCE"][0]


@pytest.mark.parametrize(("value", "valid"), [("9", False), ("10", True), ("20", True), ("20.5", False)])
def test_a_value_exactly_on_a_bound_of_the_valid_range_is_accepted(tree, value, valid):
    indicator = make_indicator("SCHOOL_SIZE", minimum=Decimal("10"), maximum=Decimal("20"))
    if valid:
        save(tree["district_a"], "202503", (indicator, value, ""))
    else:
        with pytest.raises(ValidationError) as error:
            save(tree["district_a"], "202503", (indicator, value, ""))
        assert messages(error)["SCHOOL_SIZE"][0].startswith(f"SCHOOL_SIZE: {value} is")


def test_one_bad_cell_writes_nothing_and_every_bad_cell_is_named(tree, poor, coverage):
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "202503", (poor, "120", ""), (coverage, "101", ""), (poor, "121", ""))
    assert set(messages(error)) == {"HEALTH_INSURANCE", "POOR_HOUSEHOLDS"}
    assert not DataValue.objects.exists()
    assert not ChangeLogEntry.objects.filter(content_type__model="datavalue").exists()


def test_a_value_for_the_wrong_kind_of_period_is_refused(tree, poor):
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "2025Q1", (poor, "120", ""))
    assert "POOR_HOUSEHOLDS is reported monthly" in messages(error)["POOR_HOUSEHOLDS"][0]


def test_disbursed_may_not_exceed_allocated_when_both_are_entered(tree, allocated, disbursed):
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "202503", (allocated, "500", ""), (disbursed, "500.1", ""))
    assert "break the rule “disbursed ≤ allocated”" in messages(error)["CAPITAL_DISBURSED"][0]
    saved = save(tree["district_a"], "202503", (allocated, "500", ""), (disbursed, "500", "")).saved
    assert len(saved) == 2


def test_the_rule_compares_with_the_value_entered_earlier(tree, allocated, disbursed):
    save(tree["district_a"], "202503", (allocated, "500", ""))
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "202503", (disbursed, "650", ""))
    assert "CAPITAL_DISBURSED = 650 and CAPITAL_ALLOCATED = 500" in messages(error)["CAPITAL_DISBURSED"][0]
    # lowering the allocation below what was disbursed is blamed on the allocation
    save(tree["district_a"], "202503", (disbursed, "400", ""))
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "202503", (allocated, "300", ""))
    assert set(messages(error)) == {"CAPITAL_ALLOCATED"}


def test_a_rule_without_the_other_side_is_not_checked_yet(tree, disbursed):
    assert save(tree["district_a"], "202503", (disbursed, "650", "")).saved


def test_a_jump_from_the_previous_period_warns_unless_a_comment_explains_it(tree, poor):
    save(tree["district_a"], "202502", (poor, "100", ""))
    within = save(tree["district_a"], "202503", (poor, "120", ""))
    assert within.warnings == {}
    jump = save(tree["district_a"], "202503", (poor, "121", ""))
    assert jump.saved[0].value == Decimal("121")
    assert "changed by 21% from 100 in 202502, more than 20%" in jump.warnings["POOR_HOUSEHOLDS"][0]
    explained = save(tree["district_a"], "202503", (poor, "121", "Storm Yagi damaged 21 houses"))
    assert explained.warnings == {}


def test_a_jump_across_the_new_year_compares_with_december(tree, poor):
    save(tree["district_a"], "202412", (poor, "100", ""))
    assert save(tree["district_a"], "202501", (poor, "50", "")).warnings


def test_an_unexplained_jump_cannot_be_submitted(tree, users, poor):
    save(tree["district_a"], "202502", (poor, "100", ""))
    value_actions.submit_values(acting_user=None, unit=tree["district_a"], period="202502")
    save(tree["district_a"], "202503", (poor, "150", ""))
    with pytest.raises(ValidationError) as error:
        value_actions.submit_values(
            acting_user=users["district_a_reporter"],
            unit=tree["district_a"],
            period="202503",
            today=IN_MARCH_WINDOW,
        )
    assert "explain the change in a comment" in messages(error)["POOR_HOUSEHOLDS"][0]
    save(tree["district_a"], "202503", (poor, "150", "New poverty line from 2025"))
    submitted_rows = value_actions.submit_values(
        acting_user=users["district_a_reporter"],
        unit=tree["district_a"],
        period="202503",
        today=IN_MARCH_WINDOW,
    )
    assert [row.state for row in submitted_rows] == [ValueState.SUBMITTED]


def test_a_new_draft_supersedes_the_previous_draft_without_erasing_it(tree, poor):
    first = save(tree["district_a"], "202503", (poor, "120", "")).saved[0]
    second = save(tree["district_a"], "202503", (poor, "125", "")).saved[0]
    first.refresh_from_db()
    assert first.superseded_by == second
    assert DataValue.objects.count() == 2
    assert history_of(first).first().changes["superseded_by"]["new"] == str(second)


def test_a_value_awaiting_approval_cannot_be_entered_again(tree, poor):
    submitted(tree["district_a"], "202503", poor, "120")
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "202503", (poor, "125", ""))
    assert "awaiting approval" in messages(error)["POOR_HOUSEHOLDS"][0]


def test_an_earlier_vintage_cannot_replace_an_approved_later_one(tree, poor):
    approved(tree["district_a"], "202503", poor, "120", vintage=Vintage.OFFICIAL)
    with pytest.raises(ValidationError) as error:
        save(tree["district_a"], "202503", (poor, "125", ""), vintage=Vintage.PRELIMINARY)
    assert "already has an approved figure (official)" in messages(error)["POOR_HOUSEHOLDS"][0]


def test_a_revised_vintage_supersedes_the_approved_one_when_approved(tree, users, poor):
    estimate = approved(tree["district_a"], "202503", poor, "120")
    official = enter(tree["district_a"], "202503", poor, "118", vintage=Vintage.OFFICIAL)
    estimate.refresh_from_db()
    assert estimate.superseded_by is None
    value_actions.submit_values(acting_user=None, unit=tree["district_a"], period="202503")
    value_actions.approve_values(acting_user=users["office"], values=[official])
    estimate.refresh_from_db()
    assert estimate.superseded_by == official
    assert estimate.value == Decimal("120")


# -- approval --------------------------------------------------------------------------------------


def test_submitting_sends_every_draft_of_the_unit_and_period(tree, users, poor, coverage):
    save(tree["district_a"], "202503", (poor, "120", ""), (coverage, "91.5", ""))
    rows = value_actions.submit_values(
        acting_user=users["district_a_reporter"],
        unit=tree["district_a"],
        period="202503",
        today=IN_MARCH_WINDOW,
    )
    assert {row.state for row in rows} == {ValueState.SUBMITTED}
    with pytest.raises(ValidationError) as error:
        value_actions.submit_values(acting_user=None, unit=tree["district_a"], period="202503")
    assert "no draft values for 202503" in messages(error)["period"][0]


def test_an_approval_records_who_and_when(tree, users, poor):
    row = submitted(tree["district_a"], "202503", poor, "120")
    value_actions.approve_values(acting_user=users["office"], values=[row.pk])
    row.refresh_from_db()
    assert (row.state, row.decided_by) == (ValueState.APPROVED, users["office"])
    assert row.decided_at is not None
    assert history_of(row).first().changes["state"] == {"old": "submitted", "new": "approved"}


def test_only_a_submitted_value_can_be_approved_or_returned(tree, poor):
    draft = enter(tree["district_a"], "202503", poor, "120")
    with pytest.raises(ValidationError) as error:
        value_actions.approve_values(acting_user=None, values=[draft])
    assert "is draft, not awaiting approval" in messages(error)["POOR_HOUSEHOLDS"][0]
    with pytest.raises(ValidationError):
        value_actions.return_values(acting_user=None, values=[draft], reason="Check")


def test_approval_checks_the_range_again(tree, poor):
    row = submitted(tree["district_a"], "202503", poor, "120")
    indicator_actions.update_indicator(acting_user=None, indicator=poor, maximum=Decimal("100"))
    with pytest.raises(ValidationError) as error:
        value_actions.approve_values(acting_user=None, values=[row])
    assert "above the highest valid value, 100" in messages(error)["POOR_HOUSEHOLDS"][0]
    row.refresh_from_db()
    assert row.state == ValueState.SUBMITTED


def test_a_return_needs_a_reason(tree, poor):
    row = submitted(tree["district_a"], "202503", poor, "120")
    with pytest.raises(ValidationError) as error:
        value_actions.return_values(acting_user=None, values=[row], reason="  ")
    assert "reason" in messages(error)


def test_a_returned_value_can_be_entered_again_and_approved(tree, users, poor):
    row = submitted(tree["district_a"], "202503", poor, "120")
    value_actions.return_values(acting_user=users["office"], values=[row], reason="The census says 112")
    row.refresh_from_db()
    assert (row.state, row.return_reason) == (ValueState.RETURNED, "The census says 112")
    assert history_of(row).first().note == "The census says 112"
    again = enter(
        tree["district_a"],
        "202503",
        poor,
        "112",
        acting_user=users["district_a_reporter"],
        today=IN_MARCH_WINDOW,
    )
    row.refresh_from_db()
    assert row.superseded_by == again
    value_actions.submit_values(acting_user=None, unit=tree["district_a"], period="202503")
    value_actions.approve_values(acting_user=users["office"], values=[again])
    again.refresh_from_db()
    assert again.state == ValueState.APPROVED


def test_a_superseded_value_cannot_be_approved(tree, poor):
    estimate = submitted(tree["district_a"], "202503", poor, "120")
    official = submitted(tree["district_a"], "202503", poor, "118", vintage=Vintage.OFFICIAL)
    value_actions.approve_values(acting_user=None, values=[official])
    with pytest.raises(ValidationError) as error:
        value_actions.approve_values(acting_user=None, values=[estimate])
    assert "replaced by a newer figure" in messages(error)["POOR_HOUSEHOLDS"][0]
