"""A unit's scorecard: its task rates, how on time it reports, the targets it contributes to and the
trend of its last twelve months, alone or with the units below it."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolute.reports.views.dashboard import scorecard_context
from resolute.targets import dashboard as target_panels
from resolute.targets.models import DataValue, ValueState
from resolute.targets.status import TargetStatus
from resolute.tasks import dashboard as task_panels
from resolute.tasks import selectors as task_selectors
from resolute.tasks.rates import unit_results

from .test_dashboard import grow, work

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 20)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def scorecard_of(unit) -> str:
    return f"/reports/units/{unit.pk}/"


def test_the_rates_are_those_of_the_unit_page_alone_and_with_its_subtree(tree, users):
    work(tree)
    leader = users["leader"]
    results = unit_results(tree["district_a"], as_of=TODAY, user=leader)
    alone = scorecard_context(leader, tree["district_a"], TODAY)
    with_subtree = scorecard_context(leader, tree["district_a"], TODAY, include_subtree=True)
    assert task_panels.figures_of(alone["view"]).rates == results.alone
    assert task_panels.figures_of(with_subtree["view"]).rates == results.with_subtree
    html = browser(leader).get(scorecard_of(tree["district_a"]), {"subtree": "1"}).content.decode()
    assert results.with_subtree.completion_percent in html
    assert "and the units below it" in html


def test_the_targets_a_district_contributes_to_are_its_shares_judged_on_its_own_figures(tree, users):
    target = work(tree)
    context = scorecard_context(users["leader"], tree["district_a"], TODAY)
    [share] = target_panels.contributions_of(context["view"])
    assert share.target == target and share.unit == tree["district_a"]
    assert share.share == 6000
    assert share.evaluation.actual == 1400  # its two quarters, not the province's total
    html = browser(users["leader"]).get(scorecard_of(tree["district_a"])).content.decode()
    assert "a share of 6,000 houses of the target of Quang Nam Province" in html
    assert target.get_absolute_url() in html


def test_a_province_contributes_to_its_own_target(tree, users):
    target = work(tree)
    [own] = target_panels.contributions_of(
        scorecard_context(users["leader"], tree["province"], TODAY)["view"]
    )
    assert (own.target, own.share) == (target, None)
    assert own.evaluation.status in TargetStatus.values


def test_reporting_timeliness_counts_figures_entered_by_the_deadline(tree, users):
    target = work(tree)
    # District B enters its second quarter after the deadline of 15 July.
    DataValue.objects.create(
        indicator=target.indicator,
        unit=tree["district_b"],
        period="2025Q2",
        value=300,
        state=ValueState.SUBMITTED,
    )
    context = scorecard_context(users["leader"], tree["district_b"], TODAY)
    timeliness = target_panels.timeliness_of(context["view"])
    assert (timeliness.owed, timeliness.on_time, timeliness.late, timeliness.missing) == (2, 0, 1, 1)
    html = browser(users["leader"]).get(scorecard_of(tree["district_b"])).content.decode()
    assert "0 of the 2 figures owed" in html


def test_the_trend_shows_twelve_month_ends_linking_to_the_overdue_tasks(tree, users):
    work(tree)
    context = scorecard_context(users["leader"], tree["district_b"], TODAY)
    trend = task_panels.trend_of(context["view"])
    assert [month.month_end for month in trend][-2:] == [date(2025, 6, 30), TODAY]
    assert [month.overdue for month in trend][-5:] == [0, 1, 2, 2, 2]  # March to July
    counted = task_selectors.task_figures(
        task_selectors.scoped_tasks(users["leader"], tree["district_b"], include_subtree=False), TODAY
    )
    assert trend[-1].overdue == counted.overdue


def test_a_unit_outside_the_users_subtrees_has_no_scorecard(tree, users):
    client = browser(users["district_b_reporter"])
    assert client.get(scorecard_of(tree["district_a"])).status_code == 404
    assert client.get(scorecard_of(tree["province"])).status_code == 404
    assert client.get("/reports/units/999999/").status_code == 404
    assert client.get(scorecard_of(tree["district_b"])).status_code == 200


def test_the_dashboard_links_each_overdue_unit_to_its_scorecard(tree, users):
    work(tree)
    html = browser(users["leader"]).get("/reports/").content.decode()
    assert f'href="{scorecard_of(tree["district_b"])}?as_of=2025-07-20"' in html


def scorecard_queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(scorecard_of(unit), {"subtree": "1"}).status_code == 200
    return len(queries)


def test_the_scorecard_runs_as_many_queries_for_a_larger_province(tree, users):
    work(tree)
    client = browser(users["leader"])
    small = scorecard_queries(client, tree["province"])
    grow(tree, 8)
    larger = scorecard_queries(client, tree["province"])
    assert small == larger
    assert larger <= 30
