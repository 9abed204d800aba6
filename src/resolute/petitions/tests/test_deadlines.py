"""The legal clocks of petitions, on and around their last days: calendar days rolling past weekends,
Tết, National Day and the office's days off; working days skipping them; a denunciation's extensions."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from resolute.core.actions import create_calendar_adjustment
from resolute.core.calendar import WorkingCalendar
from resolute.petitions.actions import routing, settlement
from resolute.petitions.choices import Complexity, Instance, PetitionKind
from resolute.petitions.deadlines import (
    WORKING_DAYS,
    acceptance_limit,
    extensions_allowed,
    settlement_limit,
)
from resolute.petitions.models import Petition
from resolute.petitions.selectors import deadline_state, with_deadline_state

from .conftest import DENOUNCER

# The statutory calendar alone, without the office's adjustments (no database needed).
PLAIN = WorkingCalendar(adjustments={})

COMPLAINT, DENUNCIATION = PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION
RECOMMENDATION, REFLECTION = PetitionKind.RECOMMENDATION, PetitionKind.REFLECTION
FIRST, SECOND = Instance.FIRST, Instance.SECOND
ORDINARY, COMPLEX = Complexity.ORDINARY, Complexity.COMPLEX
PARTICULARLY_COMPLEX = Complexity.PARTICULARLY_COMPLEX


def accept_by(kind, accepted_on, calendar=PLAIN, **terms):
    return settlement_limit(kind, **terms).deadline(accepted_on, calendar)


# -- acceptance ------------------------------------------------------------------------------------------


def test_a_complaint_is_accepted_or_refused_within_10_days_of_receipt():
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 3, 3), PLAIN) == date(2025, 3, 13)
    assert acceptance_limit(COMPLAINT).days == 10


def test_a_complaint_received_on_the_last_day_before_a_day_off_is_due_on_the_next_working_day():
    # Received Thursday 13/03; the tenth day is Sunday 23/03, so the limit ends on Monday 24/03.
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 3, 13), PLAIN) == date(2025, 3, 24)
    # A day earlier, the tenth day is Saturday: also Monday.
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 3, 12), PLAIN) == date(2025, 3, 24)
    # A day later, the tenth day is Monday itself.
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 3, 14), PLAIN) == date(2025, 3, 24)
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 3, 15), PLAIN) == date(2025, 3, 25)


def test_a_limit_ending_during_tet_ends_on_the_first_working_day_after_it():
    # Tết 2025: 28/01 (New Year's Eve) to 01/02; then a Sunday. The tenth day after 19/01 is 29/01.
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 1, 19), PLAIN) == date(2025, 2, 3)
    # The day before Tết is still a working day.
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 1, 17), PLAIN) == date(2025, 1, 27)


def test_a_limit_ending_on_national_day_or_the_day_next_to_it_ends_on_3_september():
    # 2/9/2025 is a Tuesday and 1/9 the day next to it (Labour Code 2019, Art. 112).
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 8, 23), PLAIN) == date(2025, 9, 3)
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 8, 22), PLAIN) == date(2025, 9, 3)
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 8, 24), PLAIN) == date(2025, 9, 3)
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 8, 25), PLAIN) == date(2025, 9, 4)


def test_a_limit_ending_on_a_day_the_office_gave_off_ends_after_it(db):
    # The Government gave Friday 2/5/2025 off in exchange for Saturday 26/4.
    assert acceptance_limit(COMPLAINT).deadline(date(2025, 4, 22), WorkingCalendar()) == date(2025, 5, 2)
    create_calendar_adjustment(acting_user=None, day=date(2025, 5, 2), kind="day_off", reason="Nghỉ bù")
    create_calendar_adjustment(acting_user=None, day=date(2025, 4, 26), kind="working_day", reason="Làm bù")

    assert acceptance_limit(COMPLAINT).deadline(date(2025, 4, 22), WorkingCalendar()) == date(2025, 5, 5)
    # Counted in working days, the Saturday worked counts and the Friday off does not.
    assert acceptance_limit(DENUNCIATION).deadline(date(2025, 4, 21), WorkingCalendar()) == date(2025, 4, 29)
    assert acceptance_limit(RECOMMENDATION).deadline(date(2025, 4, 21), WorkingCalendar()) == date(2025, 5, 7)


def test_a_denunciation_is_processed_within_7_working_days_of_receipt():
    limit = acceptance_limit(DENUNCIATION)
    assert (limit.days, limit.counting) == (7, WORKING_DAYS)
    assert limit.deadline(date(2025, 3, 3), PLAIN) == date(2025, 3, 12)
    # Across a weekend and the holidays of 30/4 and 1/5.
    assert limit.deadline(date(2025, 4, 25), PLAIN) == date(2025, 5, 8)
    # Across Tết: 28/01–01/02/2025 are not counted.
    assert limit.deadline(date(2025, 1, 24), PLAIN) == date(2025, 2, 10)


@pytest.mark.parametrize("kind", [RECOMMENDATION, REFLECTION])
def test_a_recommendation_or_reflection_is_processed_within_10_working_days(kind):
    assert acceptance_limit(kind).deadline(date(2025, 3, 3), PLAIN) == date(2025, 3, 17)
    assert acceptance_limit(kind).deadline(date(2025, 8, 25), PLAIN) == date(2025, 9, 10)


# -- settlement ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instance", "complexity", "remote", "days", "deadline"),
    [
        (FIRST, ORDINARY, False, 30, date(2025, 4, 9)),
        (FIRST, COMPLEX, False, 45, date(2025, 4, 24)),
        (FIRST, PARTICULARLY_COMPLEX, False, 45, date(2025, 4, 24)),
        (FIRST, ORDINARY, True, 45, date(2025, 4, 24)),
        (FIRST, COMPLEX, True, 60, date(2025, 5, 9)),
        (SECOND, ORDINARY, False, 45, date(2025, 4, 24)),
        (SECOND, COMPLEX, False, 60, date(2025, 5, 9)),
        (SECOND, ORDINARY, True, 60, date(2025, 5, 9)),
        (SECOND, COMPLEX, True, 70, date(2025, 5, 19)),
    ],
)
def test_a_complaint_is_settled_within_its_instance_s_limit_from_acceptance(
    instance, complexity, remote, days, deadline
):
    limit = settlement_limit(COMPLAINT, instance=instance, complexity=complexity, remote_area=remote)

    assert limit.days == days
    assert limit.deadline(date(2025, 3, 10), PLAIN) == deadline
    assert ("Điều 37" if instance == SECOND else "Điều 28") in limit.source


def test_a_complaint_accepted_so_that_its_last_day_is_a_saturday_is_due_on_monday():
    # Accepted Thursday 13/03: the 30th day is Saturday 12/04.
    assert accept_by(COMPLAINT, date(2025, 3, 12), instance=FIRST) == date(2025, 4, 11)
    assert accept_by(COMPLAINT, date(2025, 3, 13), instance=FIRST) == date(2025, 4, 14)
    assert accept_by(COMPLAINT, date(2025, 3, 14), instance=FIRST) == date(2025, 4, 14)


def test_a_denunciation_is_settled_within_30_days_of_acceptance_whatever_its_complexity():
    for complexity in Complexity.values:
        assert accept_by(DENUNCIATION, date(2025, 3, 10), complexity=complexity) == date(2025, 4, 9)


def test_a_recommendation_is_answered_within_the_province_s_setting(settings):
    assert accept_by(RECOMMENDATION, date(2025, 3, 10)) == date(2025, 4, 9)
    settings.PETITION_ANSWER_DAYS = 15
    assert accept_by(RECOMMENDATION, date(2025, 3, 10)) == date(2025, 3, 25)


def test_only_a_complex_denunciation_may_be_extended_once_and_a_particularly_complex_one_twice():
    assert extensions_allowed(DENUNCIATION, ORDINARY) == 0
    assert extensions_allowed(DENUNCIATION, COMPLEX) == 1
    assert extensions_allowed(DENUNCIATION, PARTICULARLY_COMPLEX) == 2
    for kind in (COMPLAINT, RECOMMENDATION, REFLECTION):
        assert extensions_allowed(kind, PARTICULARLY_COMPLEX) == 0


# -- where a petition stands on and around its last day ------------------------------------------------


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2025, 3, 5), "on_track"),  # five working days later is 12/03, before the deadline
        (date(2025, 3, 6), "due_soon"),
        (date(2025, 3, 13), "due_soon"),  # the last day itself is not late
        (date(2025, 3, 14), "late"),
    ],
)
def test_a_complaint_owes_its_acceptance_until_the_end_of_its_last_day(register, on, state):
    petition, _secret = register()

    assert petition.next_deadline == date(2025, 3, 13)
    assert deadline_state(petition, on) == state
    assert with_deadline_state(Petition.objects.filter(pk=petition.pk), on).get().deadline_state == state


# -- extensions of a denunciation, through the actions --------------------------------------------------


@pytest.fixture
def accepted_denunciation(register, people, petitions_tree):
    """A particularly complex denunciation accepted by the inspectorate on Monday 10/03/2025."""

    def accepted(complexity=PARTICULARLY_COMPLEX):
        petition, _secret = register(kind="denunciation", petitioner=DENOUNCER)
        with time_machine.travel(date(2025, 3, 10), tick=False):
            routing.route_petition(
                acting_user=None,
                petition=petition,
                handling_unit=petitions_tree["inspectorate"],
                day=date(2025, 3, 4),
            )
            return settlement.accept_petition(
                acting_user=None,
                petition=petition,
                day=date(2025, 3, 10),
                document_number="05/TB-TTr",
                complexity=complexity,
            )

    return accepted


def extend(petition, decided_on, days=30, number="01/QĐ-TTr"):
    with time_machine.travel(decided_on, tick=False):
        return settlement.extend_settlement(
            acting_user=None,
            petition=petition,
            decided_on=decided_on,
            decision_number=number,
            days=days,
            reason="Vụ việc đặc biệt phức tạp, cần xác minh tại nhiều nơi.",
        )


def test_a_particularly_complex_denunciation_is_extended_twice_to_90_days_and_no_more(accepted_denunciation):
    petition = accepted_denunciation()
    assert petition.settlement_deadline == date(2025, 4, 9)

    first = extend(petition, date(2025, 4, 8))
    petition.refresh_from_db()
    assert (first.number, first.previous_deadline, first.new_deadline) == (
        1,
        date(2025, 4, 9),
        date(2025, 5, 9),
    )
    assert petition.settlement_deadline == petition.next_deadline == date(2025, 5, 9)

    second = extend(petition, date(2025, 5, 8), number="02/QĐ-TTr")
    petition.refresh_from_db()
    # 90 days from 10/03 is Sunday 08/06: the limit ends on Monday 09/06.
    assert second.new_deadline == petition.settlement_deadline == date(2025, 6, 9)
    assert petition.original_settlement_deadline == date(2025, 4, 9)

    with pytest.raises(ValidationError) as refused:
        extend(petition, date(2025, 6, 2), number="03/QĐ-TTr")
    assert "twice when it is particularly complex" in str(refused.value.message_dict["days"])
    petition.refresh_from_db()
    assert petition.settlement_deadline == date(2025, 6, 9)


def test_a_complex_denunciation_is_extended_once(accepted_denunciation):
    petition = accepted_denunciation(COMPLEX)
    extend(petition, date(2025, 4, 1), days=20)
    petition.refresh_from_db()
    assert petition.settlement_deadline == date(2025, 4, 29)

    with pytest.raises(ValidationError) as refused:
        extend(petition, date(2025, 4, 2), days=10, number="02/QĐ-TTr")
    assert "once when it is complex" in str(refused.value.message_dict["days"])


@pytest.mark.parametrize("days", [0, 31, -5])
def test_an_extension_adds_between_1_and_30_days(accepted_denunciation, days):
    petition = accepted_denunciation()

    with pytest.raises(ValidationError) as refused:
        extend(petition, date(2025, 4, 1), days=days)

    assert "1 to 30 days" in str(refused.value.message_dict["days"])


def test_an_ordinary_denunciation_is_not_extended(accepted_denunciation):
    petition = accepted_denunciation(ORDINARY)

    with pytest.raises(ValidationError) as refused:
        extend(petition, date(2025, 4, 1))

    assert "Law on Denunciations 2018, Art. 30" in str(refused.value.message_dict["days"])


def test_an_extension_is_decided_before_the_time_limit_runs_out(accepted_denunciation):
    petition = accepted_denunciation()

    with pytest.raises(ValidationError) as refused:
        extend(petition, date(2025, 4, 10))

    assert "before the time limit runs out" in str(refused.value.message_dict["decided_on"])


# -- every deadline is a working day --------------------------------------------------------------------

TERMS = st.tuples(
    st.sampled_from(PetitionKind.values),
    st.sampled_from(Instance.values),
    st.sampled_from(Complexity.values),
    st.booleans(),
)


@given(start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), terms=TERMS)
def test_every_deadline_of_every_kind_is_a_working_day(start, terms):
    kind, instance, complexity, remote = terms
    instance = instance if kind == COMPLAINT else ""
    acceptance = acceptance_limit(kind)
    settlement_ = settlement_limit(kind, instance=instance, complexity=complexity, remote_area=remote)

    for limit in (acceptance, settlement_):
        deadline = limit.deadline(start, PLAIN)
        assert PLAIN.is_working_day(deadline)
        assert deadline > start
        if limit.counting == WORKING_DAYS:
            assert PLAIN.working_days_between(start, deadline) == limit.days
        else:
            # Calendar days: the limit's last day, or the first working day after it.
            assert (deadline - start).days >= limit.days
            last_day = start.toordinal() + limit.days
            assert all(
                not PLAIN.is_working_day(date.fromordinal(day))
                for day in range(last_day, deadline.toordinal())
            )
