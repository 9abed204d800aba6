"""A unit's task results on a day: counts by status, the completion and on-time rates, and the
formulas in words."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resolute.conftest import make_user
from resolute.orgunits.choices import Role
from resolute.tasks.models import TaskCoordination
from resolute.tasks.rates import UnitRates, unit_rates, unit_results

from .status_factories import make_task

AS_OF = date(2025, 6, 30)
ASSIGNED = date(2025, 1, 2)
DUE = date(2025, 5, 31)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def on_time(unit, **fields):
    return make_task(
        lead_unit=unit,
        assigned_on=ASSIGNED,
        deadline=DUE,
        accepted_completions=[(date(2025, 5, 20), date(2025, 5, 15))],
        **fields,
    )


def late(unit, **fields):
    return make_task(
        lead_unit=unit,
        assigned_on=ASSIGNED,
        deadline=DUE,
        accepted_completions=[(date(2025, 6, 12), date(2025, 6, 10))],
        **fields,
    )


def overdue(unit, **fields):
    return make_task(lead_unit=unit, assigned_on=ASSIGNED, deadline=DUE, **fields)


def in_progress(unit, **fields):
    return make_task(lead_unit=unit, assigned_on=ASSIGNED, deadline=date(2025, 12, 31), **fields)


def standing(unit, *, last_report: date, **fields):
    return make_task(lead_unit=unit, assigned_on=ASSIGNED, report_dates=[last_report], **fields)


def counts(rates: UnitRates) -> dict[str, int]:
    return {
        "on time": rates.completed_on_time,
        "late": rates.completed_late,
        "overdue": rates.overdue,
        "in progress": rates.in_progress,
        "reporting": rates.reporting_without_deadline,
        "silent": rates.silent_without_deadline,
        "fallen due": rates.fallen_due,
    }


def test_a_unit_s_tasks_are_counted_by_their_status_on_the_day(tree):
    unit = tree["district_a"]
    on_time(unit), on_time(unit), late(unit), overdue(unit), in_progress(unit)
    standing(unit, last_report=date(2025, 6, 1)), standing(unit, last_report=date(2025, 2, 1))
    rates = unit_rates(unit, as_of=AS_OF)
    assert counts(rates) == {
        "on time": 2,
        "late": 1,
        "overdue": 1,
        "in progress": 1,
        "reporting": 1,
        "silent": 1,
        "fallen due": 4,
    }


def test_the_completion_rate_is_completed_over_completed_plus_overdue(tree):
    unit = tree["district_a"]
    on_time(unit), on_time(unit), late(unit), overdue(unit), in_progress(unit)
    rates = unit_rates(unit, as_of=AS_OF)
    assert rates.completion_rate == 3 / 4
    assert rates.on_time_rate == 2 / 4


def test_tasks_within_their_deadline_or_without_one_do_not_weigh_on_the_rates(tree):
    unit = tree["district_a"]
    on_time(unit)
    in_progress(unit), standing(unit, last_report=date(2025, 2, 1))
    rates = unit_rates(unit, as_of=AS_OF)
    assert (rates.completion_rate, rates.on_time_rate) == (1, 1)


def test_with_nothing_fallen_due_there_is_no_rate_rather_than_zero(tree):
    unit = tree["district_a"]
    in_progress(unit), standing(unit, last_report=date(2025, 6, 1))
    rates = unit_rates(unit, as_of=AS_OF)
    assert (rates.fallen_due, rates.completion_rate, rates.on_time_rate) == (0, None, None)
    assert rates.completion_rate_formula == (
        "Completion rate: no task had fallen due by 30/06/2025, so there is no rate yet."
    )
    assert rates.completion_percent == "—"


def test_cancelled_tasks_are_not_counted(tree):
    unit = tree["district_a"]
    overdue(unit, cancelled_on=date(2025, 6, 15))
    on_time(unit)
    rates = unit_rates(unit, as_of=AS_OF)
    assert (rates.overdue, rates.counted, rates.completion_rate) == (0, 1, 1)


def test_a_task_cancelled_after_the_day_asked_about_still_counts_as_it_stood(tree):
    unit = tree["district_a"]
    overdue(unit, cancelled_on=date(2025, 7, 15))
    assert unit_rates(unit, as_of=AS_OF).overdue == 1


def test_tasks_a_unit_only_coordinates_are_not_counted(tree):
    task = overdue(tree["district_b"])
    TaskCoordination.objects.create(task=task, unit=tree["district_a"])
    assert unit_rates(tree["district_a"], as_of=AS_OF).counted == 0
    assert unit_rates(tree["district_b"], as_of=AS_OF).overdue == 1


def test_with_its_subtree_a_unit_also_counts_the_tasks_its_units_lead(tree):
    on_time(tree["district_a"])
    overdue(tree["commune_a1"])
    late(tree["district_b"])
    alone = unit_rates(tree["district_a"], as_of=AS_OF, include_subtree=False)
    with_subtree = unit_rates(tree["district_a"], as_of=AS_OF)
    assert (alone.fallen_due, alone.completion_rate) == (1, 1)
    assert (with_subtree.fallen_due, with_subtree.completed, with_subtree.overdue) == (2, 1, 1)


def test_a_sub_task_counts_for_the_unit_that_leads_it(tree):
    parent = on_time(tree["district_a"], assigned_by_unit=tree["province"])
    overdue(tree["commune_a1"], parent=parent, assigned_by_unit=tree["district_a"])
    district_alone = unit_rates(tree["district_a"], as_of=AS_OF, include_subtree=False)
    commune = unit_rates(tree["commune_a1"], as_of=AS_OF)
    district_with_communes = unit_rates(tree["district_a"], as_of=AS_OF)
    assert (district_alone.completed, district_alone.overdue) == (1, 0)
    assert (commune.completed, commune.overdue) == (0, 1)
    assert (district_with_communes.completed, district_with_communes.overdue) == (1, 1)


def test_on_an_earlier_day_the_rates_replay_what_was_known_then(tree):
    unit = tree["district_a"]
    late(unit)  # proposed on 10 June, accepted on 12 June
    before_acceptance = unit_rates(unit, as_of=date(2025, 6, 11))
    before_deadline = unit_rates(unit, as_of=date(2025, 5, 1))
    assert (before_acceptance.overdue, before_acceptance.completed) == (1, 0)
    assert (before_deadline.in_progress, before_deadline.fallen_due) == (1, 0)
    assert unit_rates(unit, as_of=AS_OF).completed_late == 1


def test_a_task_assigned_after_the_day_asked_about_is_not_counted(tree):
    make_task(lead_unit=tree["district_a"], assigned_on=date(2025, 7, 1), deadline=date(2025, 7, 2))
    assert unit_rates(tree["district_a"], as_of=AS_OF).counted == 0


def test_the_formulas_read_as_sentences_with_the_numbers_filled_in(tree):
    unit = tree["district_a"]
    on_time(unit), on_time(unit), late(unit)
    overdue(unit), overdue(unit), overdue(unit)
    rates = unit_rates(unit, as_of=AS_OF)
    assert rates.formulas == [
        "Fallen due = completed on time + completed late + overdue = 2 + 1 + 3 = 6",
        "Completion rate = completed ÷ (completed + overdue) = 3 ÷ (3 + 3) = 50.0%",
        "On-time rate = completed on time ÷ (completed + overdue) = 2 ÷ (3 + 3) = 33.3%",
    ]


def test_the_numbers_in_the_formulas_follow_the_reader_s_language():
    rates = UnitRates(as_of=AS_OF, completed_on_time=2038, overdue=1000)
    with translation.override("vi"):
        assert "2.038" in rates.fallen_due_formula
        assert rates.completion_percent == "67,1%"


def test_only_the_tasks_the_user_may_see_are_counted(tree, users):
    overdue(tree["district_a"])
    overdue(tree["district_b"])
    province = tree["province"]
    assert unit_rates(province, as_of=AS_OF, user=users["leader"]).overdue == 2
    assert unit_rates(province, as_of=AS_OF, user=users["district_b_reporter"]).overdue == 1
    assert unit_rates(province, as_of=AS_OF, user=make_user("nobody")).counted == 0


def test_a_unit_s_own_rates_its_subtree_s_and_whether_it_has_sub_units_come_from_one_query(tree):
    on_time(tree["district_a"])
    overdue(tree["commune_a1"])
    late(tree["commune_a1"])
    with CaptureQueriesContext(connection) as queries:
        results = unit_results(tree["district_a"], as_of=AS_OF)
    assert len(queries) == 1
    assert results.alone == unit_rates(tree["district_a"], as_of=AS_OF, include_subtree=False)
    assert results.with_subtree == unit_rates(tree["district_a"], as_of=AS_OF)
    assert results.has_sub_units


@pytest.mark.parametrize("unit_name", ["commune_a1", "district_b"])
def test_a_unit_without_tasks_still_knows_whether_it_has_sub_units(tree, unit_name):
    results = unit_results(tree[unit_name], as_of=AS_OF)
    assert results.with_subtree.counted == 0
    assert results.has_sub_units == (unit_name == "district_b")


def test_a_leaf_unit_with_tasks_has_no_sub_units(tree):
    overdue(tree["commune_a1"])
    results = unit_results(tree["commune_a1"], as_of=AS_OF)
    assert (results.alone.overdue, results.with_subtree.overdue, results.has_sub_units) == (1, 1, False)


def test_a_manager_of_a_district_sees_its_communes_tasks_in_its_rates(tree):
    manager = make_user("district manager", (tree["district_a"], Role.MANAGER))
    overdue(tree["commune_a1"])
    assert unit_rates(tree["district_a"], as_of=AS_OF, user=manager).overdue == 1
