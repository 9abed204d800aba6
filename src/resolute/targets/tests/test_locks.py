"""A period closes a set number of days after its end; an approver may open it again for one unit
(or one indicator of it), and a locked form says why."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from resolute.core.changelog import history_of
from resolute.targets.models import DataValue, PeriodLock

from ..actions import values as value_actions
from .test_values import enter, make_indicator

# March 2025 ends on 31 March; with the default 15 days it closes on 15 April.
LAST_OPEN_DAY = date(2025, 4, 15)
FIRST_LOCKED_DAY = date(2025, 4, 16)


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def poor(db):
    return make_indicator()


def save_as(user, unit, indicator, *, today, value="120"):
    return value_actions.save_values(
        acting_user=user, unit=unit, period="202503", entries=[(indicator, Decimal(value), "")], today=today
    )


def test_a_period_is_open_until_its_closing_day_inclusive(tree):
    assert value_actions.is_locked(tree["district_a"], "202503", today=date(2025, 3, 20)) == (False, "")
    assert value_actions.is_locked(tree["district_a"], "202503", today=LAST_OPEN_DAY) == (False, "")
    assert value_actions.is_locked(tree["district_a"], "202503", today=FIRST_LOCKED_DAY)[0]


def test_a_locked_period_says_why(tree):
    locked, why = value_actions.is_locked(tree["district_a"], "202503", today=FIRST_LOCKED_DAY)
    assert locked
    assert why == "The period 202503 closed on 15/04/2025, 15 days after its end; ask an approver to open it."


def test_the_number_of_days_comes_from_the_setting(tree, settings):
    settings.RESOLUTE_LOCK_DAYS_AFTER_DEADLINE = 29
    assert not value_actions.is_locked(tree["district_a"], "202503", today=date(2025, 4, 29))[0]
    locked, why = value_actions.is_locked(tree["district_a"], "202503", today=date(2025, 4, 30))
    assert locked
    assert "closed on 29/04/2025, 29 days after its end" in why


def test_a_quarter_and_a_year_close_after_their_own_end(tree):
    assert not value_actions.is_locked(tree["district_a"], "2025Q1", today=LAST_OPEN_DAY)[0]
    assert value_actions.is_locked(tree["district_a"], "2025Q1", today=FIRST_LOCKED_DAY)[0]
    assert not value_actions.is_locked(tree["district_a"], "2025", today=date(2026, 1, 15))[0]
    assert value_actions.is_locked(tree["district_a"], "2025", today=date(2026, 1, 16))[0]


def test_a_reporter_cannot_enter_or_submit_values_in_a_locked_period(tree, users, poor):
    reporter = users["district_a_reporter"]
    with pytest.raises(ValidationError) as error:
        save_as(reporter, tree["district_a"], poor, today=FIRST_LOCKED_DAY)
    assert "closed on 15/04/2025" in error.value.message_dict["POOR_HOUSEHOLDS"][0]
    assert not DataValue.objects.exists()
    save_as(reporter, tree["district_a"], poor, today=LAST_OPEN_DAY)
    with pytest.raises(ValidationError):
        value_actions.submit_values(
            acting_user=reporter, unit=tree["district_a"], period="202503", today=FIRST_LOCKED_DAY
        )


def test_the_system_loading_history_is_not_held_by_the_lock(tree, poor):
    enter(tree["district_a"], "202503", poor, "120", today=date(2026, 11, 1))
    assert DataValue.objects.count() == 1


def test_a_lock_exception_opens_one_unit_only(tree, users, poor):
    exception = value_actions.open_period(
        acting_user=users["office"],
        unit=tree["district_a"],
        period="202503",
        until=date(2025, 5, 10),
        reason="The census was late",
        today=FIRST_LOCKED_DAY,
    )
    locked, why = value_actions.is_locked(tree["district_a"], "202503", today=date(2025, 5, 1))
    assert not locked
    assert "open again for Hoi An City until 10/05/2025: The census was late" in why
    assert value_actions.is_locked(tree["district_b"], "202503", today=date(2025, 5, 1))[0]
    assert value_actions.is_locked(tree["commune_a1"], "202503", today=date(2025, 5, 1))[0]

    save_as(users["district_a_reporter"], tree["district_a"], poor, today=date(2025, 5, 1))
    with pytest.raises(ValidationError):
        save_as(users["district_b_reporter"], tree["district_b"], poor, today=date(2025, 5, 1))
    assert history_of(exception).get().actor == users["office"]
    assert exception.opened_by == users["office"]


def test_a_lock_exception_ends_after_its_last_day(tree, users):
    value_actions.open_period(
        acting_user=users["office"],
        unit=tree["district_a"],
        period="202503",
        until=date(2025, 5, 10),
        reason="The census was late",
        today=FIRST_LOCKED_DAY,
    )
    assert not value_actions.is_locked(tree["district_a"], "202503", today=date(2025, 5, 10))[0]
    assert value_actions.is_locked(tree["district_a"], "202503", today=date(2025, 5, 11))[0]


def test_a_lock_exception_for_one_indicator_opens_only_that_indicator(tree, users, poor):
    other = make_indicator("NEW_HOUSES")
    value_actions.open_period(
        acting_user=users["office"],
        unit=tree["district_a"],
        period="202503",
        until=date(2025, 5, 10),
        reason="Correction of the poverty count",
        indicator=poor,
        today=FIRST_LOCKED_DAY,
    )
    day = date(2025, 5, 1)
    assert not value_actions.is_locked(tree["district_a"], "202503", today=day, indicator=poor)[0]
    assert value_actions.is_locked(tree["district_a"], "202503", today=day, indicator=other)[0]
    assert value_actions.is_locked(tree["district_a"], "202503", today=day)[0]
    save_as(users["district_a_reporter"], tree["district_a"], poor, today=day)
    with pytest.raises(ValidationError) as error:
        save_as(users["district_a_reporter"], tree["district_a"], other, today=day)
    assert set(error.value.message_dict) == {"NEW_HOUSES"}


def test_only_an_approver_above_the_unit_may_open_its_period(tree, users):
    for role in ["district_a_manager", "district_a_reporter", "district_b_reporter", "leader"]:
        with pytest.raises(PermissionDenied):
            value_actions.open_period(
                acting_user=users[role],
                unit=tree["district_a"],
                period="202503",
                until=date(2025, 5, 10),
                reason="Please",
                today=FIRST_LOCKED_DAY,
            )
    value_actions.open_period(
        acting_user=users["district_a_manager"],
        unit=tree["commune_a1"],
        period="202503",
        until=date(2025, 5, 10),
        reason="The commune's clerk was ill",
        today=FIRST_LOCKED_DAY,
    )
    assert PeriodLock.objects.get().unit == tree["commune_a1"]


def test_opening_a_period_needs_a_reason_and_a_day_still_to_come(tree, users):
    with pytest.raises(ValidationError) as error:
        value_actions.open_period(
            acting_user=users["office"],
            unit=tree["district_a"],
            period="202503",
            until=date(2025, 4, 1),
            reason=" ",
            today=FIRST_LOCKED_DAY,
        )
    assert set(error.value.message_dict) == {"reason", "until"}
    assert not PeriodLock.objects.exists()
