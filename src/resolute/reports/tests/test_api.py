"""The dashboard's and the scorecards' figures through the API: the tables the page's workbook holds,
as JSON, for the unit and day asked, scoped to what the reader may see."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from resolute.reports.views.dashboard import dashboard_context
from resolute.tasks import dashboard as task_panels

from .test_dashboard import work

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 20)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def api(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def table(body, name) -> dict:
    return next(table for table in body["tables"] if table["name"] == name)


def test_the_dashboard_answers_each_panel_s_table_with_the_page_s_figures(tree, users):
    work(tree)
    body = api(users["leader"]).get("/api/v1/dashboard").json()
    assert (body["unit"]["id"], body["as_of"], body["include_subtree"]) == (
        tree["province"].pk,
        "2025-07-20",
        True,
    )
    assert [t["title"] for t in body["tables"]] == [
        "Targets",
        "Tasks",
        "Overdue by unit",
        "Reports missing",
        "Obstacles",
        "Recent activity",
    ]
    tasks = table(body, "tasks")
    assert tasks["columns"] == ["Status", "Part", "Tasks", "List"]
    overdue = next(row for row in tasks["rows"] if row[0] == "Overdue" and not row[1])
    context = dashboard_context(users["leader"], tree["province"], TODAY)
    assert overdue[2] == task_panels.figures_of(context["view"]).overdue == 3
    assert overdue[3].startswith("http://testserver/")


def test_the_dashboard_of_a_past_day_and_of_one_table(tree, users):
    work(tree)
    client = api(users["leader"])
    body = client.get(
        "/api/v1/dashboard", {"unit": tree["district_a"].pk, "as_of": "2025-07-01", "table": "obstacles"}
    )
    assert body.json()["as_of"] == "2025-07-01"
    assert [t["name"] for t in body.json()["tables"]] == ["obstacles"]
    assert table(body.json(), "obstacles")["rows"][0][:2] == ["capital", 1]
    assert client.get("/api/v1/dashboard", {"table": "nonsense"}).status_code == 404


def test_the_scorecard_answers_its_rates_targets_and_trend(tree, users):
    work(tree)
    unit = tree["district_a"]
    body = (
        api(users["leader"]).get(f"/api/v1/dashboard/units/{unit.pk}/scorecard", {"subtree": "true"}).json()
    )
    assert [t["title"] for t in body["tables"]] == [
        "Tasks",
        "Reporting timeliness",
        "Targets",
        "Month by month",
    ]
    completion = next(row for row in table(body, "tasks")["rows"] if row[0] == "Completion rate")
    assert completion[2] == pytest.approx(1 / 2)
    trend = table(body, body["tables"][3]["name"])
    assert trend["columns"] == ["As of", "Completed", "Overdue"]
    assert trend["rows"][-1] == ["2025-07-20", 1, 1]
    assert table(body, body["tables"][2]["name"])["rows"][0][3] == "Hoi An City"


def test_a_unit_the_reader_does_not_cover_is_not_found(tree, users):
    client = api(users["district_b_reporter"])
    assert client.get("/api/v1/dashboard", {"unit": tree["district_a"].pk}).status_code == 404
    assert client.get(f"/api/v1/dashboard/units/{tree['district_a'].pk}/scorecard").status_code == 404


def test_a_district_reads_only_its_own_work(tree, users):
    work(tree)
    body = api(users["district_b_reporter"]).get("/api/v1/dashboard").json()
    assert body["unit"]["id"] == tree["district_b"].pk
    overdue = next(row for row in table(body, "tasks")["rows"] if row[0] == "Overdue" and not row[1])
    assert overdue[2] == 2


def test_the_dashboard_costs_the_same_number_of_queries_for_little_or_much_work(
    tree, users, django_assert_max_num_queries
):
    client = api(users["leader"])
    work(tree)
    client.get("/api/v1/dashboard")  # what is read once per process (kinds of record, the scope) is read
    with django_assert_max_num_queries(80) as little:
        client.get("/api/v1/dashboard")
    from resolute.tasks.tests.factories import assign

    for day in range(1, 20):
        assign(tree["district_b"], assigned_by_unit=tree["province"], deadline=date(2025, 6, day))
    with django_assert_max_num_queries(80) as much:
        client.get("/api/v1/dashboard")
    # The recent activity reads the links of each kind of record it lists, once a kind: more work can
    # push a kind out of the last ten changes, never add a query a row.
    assert len(much.captured_queries) <= len(little.captured_queries)
