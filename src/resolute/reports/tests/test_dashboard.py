"""The dashboard: what a leader sees, where each figure leads, who may see what, and what it costs."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.conftest import make_unit, make_user
from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind
from resolute.reports.views.dashboard import dashboard_context
from resolute.targets import dashboard as target_panels
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.models import Comparator, DataValue, Direction, OverTime, ValueState
from resolute.tasks import dashboard as task_panels
from resolute.tasks import selectors as task_selectors
from resolute.tasks.filters import TaskFilter
from resolute.tasks.models import ObstacleCategory
from resolute.tasks.tests.factories import assign, complete, report

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 20)
DASHBOARD = "/reports/"


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def work(tree):
    """Tasks across the tree, one blocked, and a 2025 target for houses split between the districts,
    with district A's second quarter in and district B's missing."""
    province = tree["province"]
    overdue_a = assign(tree["commune_a1"], assigned_by_unit=province, deadline=date(2025, 6, 1))
    report(overdue_a, reported_on=date(2025, 6, 5), obstacles=[(ObstacleCategory.CAPITAL, "No capital yet.")])
    assign(tree["district_b"], assigned_by_unit=province, deadline=date(2025, 5, 1))
    assign(tree["district_b"], assigned_by_unit=province, deadline=date(2025, 4, 1))
    done = assign(tree["district_a"], assigned_by_unit=province, deadline=date(2025, 6, 30))
    complete(done, proposed_on=date(2025, 6, 20), decided_on=date(2025, 6, 21))
    assign(tree["district_a"], assigned_by_unit=province, deadline=date(2025, 12, 31))
    houses = indicator_actions.create_indicator(
        acting_user=None,
        code="HOUSES",
        name="Temporary houses replaced",
        name_en="Temporary houses replaced",
        unit_of_measure="houses",
        unit_of_measure_en="houses",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.QUARTERLY,
        over_time=OverTime.CUMULATIVE,
    )
    plan = document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion on the plan for 2025",
        number="1/KL-TU",
        issued_on=date(2025, 1, 5),
    )
    target = target_actions.create_target(
        acting_user=None,
        document=plan,
        indicator=houses,
        unit=tree["province"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.AT_LEAST,
        value=Decimal(10000),
        breakdown=[(tree["district_a"], Decimal(6000)), (tree["district_b"], Decimal(4000))],
    )
    for period, number in (("2025Q1", 500), ("2025Q2", 900)):
        DataValue.objects.create(
            indicator=houses, unit=tree["district_a"], period=period, value=number, state=ValueState.APPROVED
        )
    return target


def links_to_tasks(html: str) -> list[tuple[str, int]]:
    """(query string, count shown) of every link to the task list around a number."""
    found = re.findall(r'href="/tasks/\?([^"]+)">(?:<span class="dash-count__number">|<strong>)?(\d+)', html)
    return [(query.replace("&amp;", "&"), int(count)) for query, count in found]


# -- who sees it -------------------------------------------------------------------------------------


def test_leaders_and_offices_land_on_the_dashboard_and_others_keep_their_home(tree, users):
    work(tree)
    for name in ("leader", "office", "admin"):
        html = browser(users[name]).get("/").content.decode()
        assert "Dashboard: Quang Nam Province" in html, name
    html = browser(users["finance"]).get("/").content.decode()
    assert "Your roles" in html and "Open the dashboard" in html


def test_a_viewer_of_a_department_keeps_the_ordinary_home(tree):
    viewer = make_user("viewer", (tree["finance"], Role.VIEWER))
    assert "Your roles" in browser(viewer).get("/").content.decode()


def test_the_navigation_offers_the_dashboard(users):
    html = browser(users["finance"]).get("/").content.decode()
    assert f'href="{DASHBOARD}"' in html


def test_the_dashboard_opens_on_the_widest_unit_of_the_user(tree, users):
    html = browser(users["district_b_reporter"]).get(DASHBOARD).content.decode()
    assert "Dashboard: Dai Loc District" in html


def test_a_unit_outside_the_users_subtrees_is_not_found(tree, users):
    client = browser(users["district_b_reporter"])
    assert client.get(DASHBOARD, {"unit": tree["district_a"].pk}).status_code == 404
    # The province is readable above the district, but its figures would count unseen work.
    assert client.get(DASHBOARD, {"unit": tree["province"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"unit": "nonsense"}).status_code == 404
    assert client.get(DASHBOARD, {"unit": tree["commune_b1"].pk}).status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get(DASHBOARD)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_picker_offers_the_users_units_and_the_units_below_the_chosen_one(tree, users):
    html = browser(users["leader"]).get(DASHBOARD, {"unit": tree["district_a"].pk}).content.decode()
    for unit in ("province", "district_a", "commune_a1"):
        assert f'<option value="{tree[unit].pk}"' in html
    assert f'<option value="{tree["commune_b1"].pk}"' not in html


# -- what it shows -----------------------------------------------------------------------------------


def test_the_dashboard_shows_each_figure_of_the_subtree(tree, users):
    target = work(tree)
    html = browser(users["leader"]).get(DASHBOARD).content.decode()
    assert "3</span> Overdue" in html
    assert "Units with the most overdue tasks" in html
    assert "Dai Loc District" in html
    assert "Capital" in html
    assert target.get_absolute_url() in html
    assert "Reports missing this period" in html


def test_every_task_count_links_to_a_list_showing_as_many_tasks(tree, users):
    work(tree)
    html = browser(users["leader"]).get(DASHBOARD, {"as_of": "2025-07-01"}).content.decode()
    links = links_to_tasks(html)
    assert len(links) >= 10
    request = RequestFactory().get("/")
    request.user = users["leader"]
    for query, count in links:
        data = QueryDict(query)
        assert data["as_of"] == "2025-07-01"
        assert TaskFilter(data, request=request).qs.count() == count, query


def test_target_counts_link_to_the_target_list_with_the_status(tree, users):
    work(tree)
    html = browser(users["leader"]).get(DASHBOARD).content.decode()
    province = tree["province"].pk
    assert f'href="/targets/?as_of=2025-07-20&amp;unit={province}&amp;status=off_track"' in html


def test_the_figures_of_a_past_day_are_those_known_that_day(tree, users):
    work(tree)
    html = browser(users["leader"]).get(DASHBOARD, {"as_of": "2025-04-15"}).content.decode()
    # On 15 April only the task due on 1 April was overdue, and nothing was blocked yet.
    assert "1</span> Overdue" in html
    assert "No open task reports an obstacle." in html
    assert "as things stood on 15/04/2025" in html or "as things stood on 2025-04-15" in html


def test_late_reporters_name_the_district_missing_its_quarter(tree, users):
    work(tree)
    context = dashboard_context(users["leader"], tree["province"], TODAY)
    shown = target_panels.late_of(context["view"])[: target_panels.LATE_SHOWN]
    assert {(row.unit, row.period.code) for row in shown} == {
        (tree["province"], "2025Q2"),
        (tree["district_b"], "2025Q2"),
    }


def test_the_dashboard_filtered_to_a_document_counts_its_tasks_only(tree, users):
    target = work(tree)
    context = dashboard_context(users["leader"], tree["province"], TODAY, document=target.document)
    assert task_panels.figures_of(context["view"]).total == 0
    assert target_panels.figures_of(context["view"]).total == 1


def test_the_obstacle_list_without_a_category_lists_the_blocked_tasks_of_every_category(tree, users):
    work(tree)
    province = tree["province"]
    lacking_sand = assign(
        tree["district_b"], assigned_by_unit=province, title="Build the dyke", deadline=date(2025, 9, 30)
    )
    report(lacking_sand, reported_on=date(2025, 7, 1), obstacles=[(ObstacleCategory.MATERIALS, "No sand.")])
    client = browser(users["leader"])
    every = client.get("/reports/obstacles/", {"as_of": "2025-07-20"})
    assert every.status_code == 200
    assert [task.title for task in every.context["tasks"]] == [
        "Replace the temporary houses",
        "Build the dyke",
    ]
    assert "Tasks blocked by an obstacle" in every.content.decode()
    capital = client.get("/reports/obstacles/", {"as_of": "2025-07-20", "category": ObstacleCategory.CAPITAL})
    assert [task.pk for task in capital.context["tasks"]] == [every.context["tasks"][0].pk]
    assert client.get("/reports/obstacles/", {"category": "weather"}).status_code == 404


# -- what it costs -----------------------------------------------------------------------------------


def grow(tree, districts: int):
    for number in range(districts):
        district = make_unit(f"Huyện {number}", tree["province"], OrgUnitKind.DISTRICT)
        commune = make_unit(f"Xã {number}", district, OrgUnitKind.COMMUNE)
        task = assign(commune, assigned_by_unit=tree["province"], deadline=date(2025, 3, 1))
        report(task, reported_on=date(2025, 3, 5), obstacles=[(ObstacleCategory.MATERIALS, "No sand.")])
        assign(district, assigned_by_unit=tree["province"], deadline=date(2025, 9, 1))


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_the_dashboard_runs_as_many_queries_for_a_larger_province(tree, users):
    work(tree)
    client = browser(users["leader"])
    small = dashboard_queries(client)
    grow(tree, 8)
    larger = dashboard_queries(client)
    assert small == larger
    # 31: the targets' stored evaluations for today are read in one query before any is judged live.
    assert larger <= 31


def test_dashboard_context_is_what_the_page_shows(tree, users):
    work(tree)
    context = dashboard_context(users["leader"], tree["province"], TODAY)
    tasks = task_selectors.task_figures(task_selectors.scoped_tasks(users["leader"], tree["province"]), TODAY)
    assert task_panels.figures_of(context["view"]) == tasks
    html = browser(users["leader"]).get(reverse("reports:dashboard")).content.decode()
    assert f"{tasks.total} tasks led by these units" in html


def test_the_obstacle_list_without_a_category_lists_the_tasks_blocked_by_any_obstacle(tree, users):
    work(tree)
    client = browser(users["leader"])
    response = client.get(reverse("reports:obstacle_tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tasks blocked by an obstacle" in html
    assert html.count('<th scope="row">') == 1  # the one blocked task, whatever its obstacle
    assert client.get(reverse("reports:obstacle_tasks"), {"category": "no-such"}).status_code == 404
