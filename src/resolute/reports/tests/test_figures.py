"""The figures behind the dashboard, the scorecards and the implementation report: what each counts,
that each count links to a list showing the same tasks, and that each costs a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resolute.conftest import make_unit
from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.orgunits.models import OrgUnitKind
from resolute.reports import selectors as report_selectors
from resolute.targets import selectors as target_selectors
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.models import Comparator, DataValue, Direction, OverTime, ValueState
from resolute.targets.status import TargetStatus
from resolute.tasks import selectors as task_selectors
from resolute.tasks.filters import TaskFilter
from resolute.tasks.models import ObstacleCategory, TaskArea
from resolute.tasks.rates import unit_rates
from resolute.tasks.status import OverdueAge, TaskStatus
from resolute.tasks.tests.factories import assign, cancel, complete, report

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def english_on_a_fixed_day():
    with translation.override("en"), time_machine.travel(date(2025, 7, 1), tick=False):
        yield


def province_at_work(tree):
    """Eight tasks led across the tree, each with a known status on 1 July 2025."""
    province, district_a, commune_a1, district_b = (
        tree["province"],
        tree["district_a"],
        tree["commune_a1"],
        tree["district_b"],
    )
    by = {"assigned_by_unit": province}
    tasks = {
        "on_time": assign(district_a, deadline=date(2025, 5, 31), area=TaskArea.SOCIO_ECONOMICS, **by),
        "overdue_recent": assign(commune_a1, deadline=date(2025, 6, 15), area=TaskArea.SOCIO_ECONOMICS, **by),
        "overdue_old": assign(commune_a1, deadline=date(2025, 2, 1), area=TaskArea.ADMINISTRATION, **by),
        "overdue_middle": assign(district_b, deadline=date(2025, 4, 15), **by),
        "in_progress": assign(district_b, deadline=date(2025, 12, 31), **by),
        "standing": assign(province, **by),
        "cancelled": assign(district_a, deadline=date(2025, 9, 30), **by),
        "late": assign(district_a, deadline=date(2025, 3, 31), area=TaskArea.SOCIO_ECONOMICS, **by),
    }
    site = ObstacleCategory.SITE_CLEARANCE
    # Blocks nothing any more once the task is completed.
    report(tasks["late"], reported_on=date(2025, 3, 15), obstacles=[(site, "Waiting for the land price.")])
    complete(tasks["on_time"], proposed_on=date(2025, 5, 20), decided_on=date(2025, 5, 22))
    complete(tasks["late"], proposed_on=date(2025, 4, 10), decided_on=date(2025, 4, 12))
    cancel(tasks["cancelled"], cancelled_on=date(2025, 6, 1))
    report(tasks["standing"], reported_on=date(2025, 6, 20))
    report(
        tasks["overdue_recent"], reported_on=date(2025, 6, 10), obstacles=[(site, "Two households refuse.")]
    )
    report(tasks["overdue_middle"], reported_on=date(2025, 5, 1), obstacles=[(site, "The land is disputed.")])
    report(
        tasks["overdue_old"],
        reported_on=date(2025, 3, 1),
        obstacles=[(ObstacleCategory.CAPITAL, "No capital yet."), (site, "Graves to move.")],
    )
    return tasks


def listed_by(url, user):
    """The tasks the task list at `url` shows to `user`."""
    request = RequestFactory().get("/")
    request.user = user
    return TaskFilter(QueryDict(url.split("?", 1)[1]), request=request).qs


# -- tasks -------------------------------------------------------------------------------------------


def test_tasks_are_counted_by_status_and_overdue_age(tree, users):
    province_at_work(tree)
    counted = task_selectors.task_figures(
        task_selectors.scoped_tasks(users["leader"], tree["province"]), TODAY
    )
    assert counted.by_status == {
        TaskStatus.COMPLETED_ON_TIME: 1,
        TaskStatus.COMPLETED_LATE: 1,
        TaskStatus.IN_PROGRESS: 1,
        TaskStatus.OVERDUE: 3,
        TaskStatus.NO_DEADLINE: 1,
        TaskStatus.NO_DEADLINE_SILENT: 0,
        TaskStatus.CANCELLED: 1,
    }
    assert counted.by_overdue_age == {OverdueAge.UP_TO_30: 1, OverdueAge.UP_TO_120: 1, OverdueAge.OVER_120: 1}
    assert counted.total == 7  # the cancelled task is not counted
    assert counted.completed == 2
    assert counted.completion_rate == pytest.approx(2 / 5)
    assert counted.on_time_rate == pytest.approx(1 / 5)


def test_task_figures_agree_with_the_unit_rates_of_the_task_pages(tree, users):
    province_at_work(tree)
    for unit in (tree["province"], tree["district_a"], tree["district_b"]):
        counted = task_selectors.task_figures(task_selectors.scoped_tasks(users["leader"], unit), TODAY)
        assert counted.rates == unit_rates(unit, as_of=TODAY, user=users["leader"])


def test_a_unit_alone_counts_only_the_tasks_it_leads_itself(tree, users):
    province_at_work(tree)
    alone = task_selectors.scoped_tasks(users["leader"], tree["district_a"], include_subtree=False)
    with_subtree = task_selectors.scoped_tasks(users["leader"], tree["district_a"])
    assert task_selectors.task_figures(alone, TODAY).by_status[TaskStatus.OVERDUE] == 0
    assert task_selectors.task_figures(with_subtree, TODAY).by_status[TaskStatus.OVERDUE] == 2


def test_a_district_reporter_counts_none_of_the_other_districts_tasks(tree, users):
    province_at_work(tree)
    seen = task_selectors.task_figures(task_selectors.scoped_tasks(users["district_b_reporter"]), TODAY)
    assert seen.by_status[TaskStatus.OVERDUE] == 1
    assert seen.total == 2


def test_the_figures_of_a_past_day_count_what_was_known_that_day(tree, users):
    province_at_work(tree)
    counted = task_selectors.task_figures(task_selectors.scoped_tasks(users["leader"]), date(2025, 5, 1))
    # On 1 May the "on time" task was still running and the late one was already completed late.
    assert counted.by_status[TaskStatus.IN_PROGRESS] == 4
    assert counted.by_status[TaskStatus.COMPLETED_LATE] == 1
    assert counted.by_status[TaskStatus.OVERDUE] == 2


def test_units_with_the_most_overdue_tasks_come_first_and_link_to_those_tasks(tree, users):
    province_at_work(tree)
    leader = users["leader"]
    rows = task_selectors.overdue_by_lead_unit(task_selectors.scoped_tasks(leader, tree["province"]), TODAY)
    assert [(row.unit, row.count) for row in rows] == [(tree["commune_a1"], 2), (tree["district_b"], 1)]
    for row in rows:
        shown = listed_by(row.url, leader)
        assert shown.count() == row.count
        assert {task.lead_unit for task in shown} == {row.unit}
    top = task_selectors.overdue_by_lead_unit(task_selectors.scoped_tasks(leader), TODAY, limit=1)
    assert [row.unit for row in top] == [tree["commune_a1"]]


def test_obstacles_count_the_open_tasks_they_block(tree, users):
    province_at_work(tree)
    rows = task_selectors.obstacles_by_category(
        task_selectors.scoped_tasks(users["leader"], tree["province"]), TODAY
    )
    assert [(row.category, row.count) for row in rows] == [
        (ObstacleCategory.SITE_CLEARANCE, 3),
        (ObstacleCategory.CAPITAL, 1),
    ]
    assert rows[0].label == "site clearance and compensation"


def test_obstacles_reported_after_the_day_do_not_count(tree, users):
    province_at_work(tree)
    rows = task_selectors.obstacles_by_category(
        task_selectors.scoped_tasks(users["leader"]), date(2025, 5, 15)
    )
    # On 15 May the 10 June report had not been made, and the late task had been completed.
    assert [(row.category, row.count) for row in rows] == [
        (ObstacleCategory.SITE_CLEARANCE, 2),
        (ObstacleCategory.CAPITAL, 1),
    ]


def test_each_obstacle_count_links_to_a_page_listing_the_tasks_it_blocks(client, tree, users):
    tasks = province_at_work(tree)
    rows = task_selectors.obstacles_by_category(
        task_selectors.scoped_tasks(users["leader"], tree["district_a"]),
        TODAY,
        links=task_selectors.TaskLinks(unit=tree["district_a"]),
    )
    client.force_login(users["leader"])
    html = client.get(rows[0].url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert rows[0].count == 2
    assert tasks["overdue_recent"].get_absolute_url() in html
    assert tasks["overdue_old"].get_absolute_url() in html
    assert tasks["overdue_middle"].get_absolute_url() not in html  # district B's
    assert tasks["late"].get_absolute_url() not in html  # completed


def test_the_obstacle_page_refuses_a_unit_the_user_cannot_see(client, tree, users):
    client.force_login(users["district_b_reporter"])
    url = task_selectors.TaskLinks(unit=tree["district_a"]).obstacle_list_url(TODAY, ObstacleCategory.CAPITAL)
    assert client.get(url).status_code == 404


def test_tasks_by_area_count_completed_and_overdue_tasks(tree, users):
    province_at_work(tree)
    leader = users["leader"]
    rows = task_selectors.tasks_by_area(task_selectors.scoped_tasks(leader), TODAY)
    assert [(row.area, row.total, row.completed, row.overdue) for row in rows] == [
        (TaskArea.SOCIO_ECONOMICS, 3, 2, 1),
        (TaskArea.ADMINISTRATION, 1, 0, 1),
        (TaskArea.OTHER, 3, 0, 1),  # the cancelled task is left out
    ]
    for row in rows:
        assert listed_by(row.overdue_url, leader).count() == row.overdue


def test_status_and_overdue_age_counts_link_to_lists_of_as_many_tasks(tree, users):
    province_at_work(tree)
    leader = users["leader"]
    links = task_selectors.TaskLinks(unit=tree["district_a"])
    counted = task_selectors.task_figures(task_selectors.scoped_tasks(leader, tree["district_a"]), TODAY)
    for status, count in counted.by_status.items():
        assert listed_by(links.task_list_url(TODAY, status=status), leader).count() == count, status
    for age, count in counted.by_overdue_age.items():
        url = links.task_list_url(TODAY, status=TaskStatus.OVERDUE, overdue_age=age)
        assert listed_by(url, leader).count() == count, age


def test_the_trend_counts_each_month_as_of_its_last_day(tree, users):
    province_at_work(tree)
    tasks = task_selectors.scoped_tasks(users["leader"])
    trend = task_selectors.monthly_trend(tasks, TODAY)
    assert len(trend) == 12
    assert trend[0].month_end == date(2024, 8, 31)
    assert trend[-1].month_end == TODAY
    for month in trend:
        counted = task_selectors.task_figures(tasks, month.month_end)
        assert (month.completed, month.overdue) == (counted.completed, counted.overdue), month.month_end


def test_the_trend_is_one_query_for_the_twelve_months(tree, users):
    province_at_work(tree)
    tasks = task_selectors.scoped_tasks(users["leader"])
    task_selectors.monthly_trend(tasks, TODAY)  # the scope is read once per user
    with CaptureQueriesContext(connection) as queries:
        task_selectors.monthly_trend(tasks, TODAY)
    assert len(queries) == 1


# -- targets -----------------------------------------------------------------------------------------


@pytest.fixture
def houses():
    return indicator_actions.create_indicator(
        acting_user=None,
        code="HOUSES",
        name="Temporary houses replaced",
        unit_of_measure="houses",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.QUARTERLY,
        over_time=OverTime.CUMULATIVE,
    )


@pytest.fixture
def plan(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion on the plan for 2025",
        number="1/KL-TU",
        issued_on=date(2025, 1, 5),
    )


def houses_target(tree, plan, houses, **fields):
    values = {
        "acting_user": None,
        "document": plan,
        "indicator": houses,
        "unit": tree["province"],
        "year": 2025,
        "deadline": date(2025, 12, 31),
        "comparator": Comparator.AT_LEAST,
        "value": Decimal(10000),
        "breakdown": [(tree["district_a"], Decimal(6000)), (tree["district_b"], Decimal(4000))],
    }
    values.update(fields)
    return target_actions.create_target(**values)


def value(indicator, unit, period, number, *, state=ValueState.APPROVED):
    return DataValue.objects.create(
        indicator=indicator, unit=unit, period=period, value=Decimal(number), state=state
    )


def test_targets_are_counted_by_status(tree, users, plan, houses):
    houses_target(tree, plan, houses)
    houses_target(tree, plan, houses, unit=tree["district_a"], value=Decimal(100), breakdown=[])
    value(houses, tree["district_a"], "2025Q1", 2500)
    value(houses, tree["district_b"], "2025Q1", 2500)
    counted = target_selectors.target_figures(
        target_selectors.scoped_targets(users["leader"], tree["province"]), TODAY
    )
    assert counted.total == 2
    assert sum(counted.by_status.values()) == 2
    statuses = {row.target.unit: row.evaluation.status for row in counted.rows}
    assert statuses[tree["district_a"]] in (TargetStatus.ON_TRACK, TargetStatus.ACHIEVED)
    assert counted.by_status == {
        status: sum(1 for row in counted.rows if row.evaluation.status == status)
        for status in TargetStatus.values
    }


def test_a_district_sees_its_own_targets_and_not_its_neighbours(tree, users, plan, houses):
    houses_target(tree, plan, houses, unit=tree["district_a"], breakdown=[])
    houses_target(tree, plan, houses, unit=tree["district_b"], breakdown=[])
    seen = target_selectors.scoped_targets(users["district_b_reporter"], tree["district_b"])
    assert [target.unit for target in seen] == [tree["district_b"]]


def test_a_unit_contributes_to_its_own_targets_and_to_those_it_has_a_share_of(tree, users, plan, houses):
    whole = houses_target(tree, plan, houses)
    own = houses_target(tree, plan, houses, unit=tree["district_b"], breakdown=[])
    houses_target(tree, plan, houses, unit=tree["district_a"], breakdown=[])
    assert set(target_selectors.contributed_targets(users["leader"], tree["district_b"])) == {whole, own}


def test_units_late_with_the_figures_of_the_last_closed_period_are_listed(tree, users, plan, houses):
    houses_target(tree, plan, houses)
    value(houses, tree["district_a"], "2025Q2", 3000, state=ValueState.SUBMITTED)
    value(houses, tree["district_b"], "2025Q2", 3000, state=ValueState.DRAFT)
    # Q2 ended on 30 June and closes 15 days later; on 20 July it is the last closed quarter.
    with time_machine.travel(date(2025, 7, 20), tick=False):
        late = target_selectors.late_reporters(users["leader"], tree["province"], date(2025, 7, 20))
    # The province owes the figure of its own target; district B's is still a draft.
    assert [(row.unit, str(row.period), row.missing) for row in late] == [
        (tree["province"], "2025Q2", [houses]),
        (tree["district_b"], "2025Q2", [houses]),
    ]
    assert all(row.deadline == date(2025, 7, 15) for row in late)
    # On 1 July Q2 was still open: the last closed quarter was Q1, and nobody reported it.
    earlier = target_selectors.late_reporters(users["leader"], tree["province"], TODAY)
    assert {str(row.period) for row in earlier} == {"2025Q1"}
    assert {row.unit for row in earlier} == {tree["province"], tree["district_a"], tree["district_b"]}


def test_a_district_sees_only_its_own_late_reports(tree, users, plan, houses):
    houses_target(tree, plan, houses)
    late = target_selectors.late_reporters(users["district_b_reporter"], tree["district_b"], TODAY)
    assert [row.unit for row in late] == [tree["district_b"]]


def test_reporting_timeliness_compares_when_figures_were_entered_with_the_period_deadline(
    tree, users, plan, houses
):
    houses_target(tree, plan, houses, unit=tree["district_a"], breakdown=[])
    with time_machine.travel(date(2025, 4, 10), tick=False):
        value(houses, tree["district_a"], "2025Q1", 1000)  # Q1 closes on 15 April: on time
    with time_machine.travel(date(2025, 7, 20), tick=False):
        value(houses, tree["district_a"], "2025Q2", 2000)  # Q2 closed on 15 July: late
    with time_machine.travel(date(2025, 10, 20), tick=False):
        timeliness = target_selectors.reporting_timeliness(tree["district_a"], date(2025, 10, 20))
    # Q1, Q2 and Q3 of 2025 are owed (the target covers 2025 only).
    assert (timeliness.owed, timeliness.on_time, timeliness.late, timeliness.missing) == (3, 1, 1, 1)
    assert timeliness.rate == pytest.approx(1 / 3)


# -- recent activity ---------------------------------------------------------------------------------


def test_recent_activity_shows_changes_to_tasks_and_targets_in_the_unit_only(tree, users, plan, houses):
    tasks = province_at_work(tree)
    houses_target(tree, plan, houses, unit=tree["district_b"], breakdown=[])
    rows = report_selectors.recent_activity(users["leader"], tree["district_b"], limit=50)
    urls = {row.url for row in rows}
    assert tasks["overdue_middle"].get_absolute_url() in urls  # its creation and its report
    assert tasks["on_time"].get_absolute_url() not in urls  # district A's
    assert any(row.url.startswith("/targets/") for row in rows)
    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)
    district_a_only = report_selectors.recent_activity(
        users["district_a_reporter"], tree["district_a"], limit=50
    )
    assert tasks["overdue_middle"].get_absolute_url() not in {row.url for row in district_a_only}


# -- query budgets -----------------------------------------------------------------------------------


def grow(tree, districts: int):
    """More districts, communes and tasks under the province, each district late with a task."""
    for number in range(districts):
        district = make_unit(f"Huyện {number}", tree["province"], OrgUnitKind.DISTRICT)
        commune = make_unit(f"Xã {number}", district, OrgUnitKind.COMMUNE)
        assign(commune, assigned_by_unit=tree["province"], deadline=date(2025, 3, 1))
        task = assign(district, assigned_by_unit=tree["province"], deadline=date(2025, 6, 1))
        report(task, reported_on=date(2025, 5, 1), obstacles=[(ObstacleCategory.CAPITAL, "None yet.")])


def queries_of_every_figure(user, unit, as_of) -> int:
    tasks = task_selectors.scoped_tasks(user, unit)
    with CaptureQueriesContext(connection) as queries:
        task_selectors.task_figures(tasks, as_of)
        task_selectors.overdue_by_lead_unit(tasks, as_of, limit=10)
        task_selectors.obstacles_by_category(tasks, as_of)
        task_selectors.tasks_by_area(tasks, as_of)
        task_selectors.monthly_trend(tasks, as_of)
        target_selectors.target_figures(target_selectors.scoped_targets(user, unit), as_of)
        target_selectors.late_reporters(user, unit, as_of)
        target_selectors.reporting_timeliness(unit, as_of, include_subtree=True)
        report_selectors.recent_activity(user, unit, as_of=as_of)
    return len(queries)


def test_every_figure_costs_as_many_queries_for_a_larger_province(tree, users, plan, houses):
    province_at_work(tree)
    houses_target(tree, plan, houses)
    leader = users["leader"]
    queries_of_every_figure(leader, tree["province"], TODAY)  # the scope is read once per user
    small = queries_of_every_figure(leader, tree["province"], TODAY)
    grow(tree, 6)
    houses_target(tree, plan, houses, unit=tree["district_b"], breakdown=[])
    larger = queries_of_every_figure(leader, tree["province"], TODAY)
    assert small == larger
    # The targets' figures read the unit's area on the day (its predecessors, the tree's changes).
    assert larger <= 25
