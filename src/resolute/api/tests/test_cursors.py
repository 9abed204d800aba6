"""The large lists of the API read page after page by cursor: each page names the next (and the one
before), a walk meets every row once in the list's order though rows are added meanwhile, every page
costs the same number of queries, and a cursor that was changed is refused naming `cursor`."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolute.targets.tests.rows import make_indicator, make_value
from resolute.tasks.tests.factories import TODAY, api_for, assign, at_noon


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


def task(tree, title, deadline, unit="district_a"):
    return assign(tree[unit], assigned_by_unit=tree["office"], title=title, deadline=deadline)


@pytest.fixture
def tasks(tree):
    """Five tasks, two due the same day and one without a deadline."""
    return [
        task(tree, "Pave the road", date(2025, 3, 31)),
        task(tree, "Open the school", date(2025, 9, 30), unit="district_b"),
        task(tree, "Clear the site", date(2025, 3, 31), unit="commune_a1"),
        task(tree, "Count the households", None),
        task(tree, "Plant the trees", date(2025, 12, 31)),
    ]


def walk(client, first_url, between=None) -> list[int]:
    """The ids of every page's items, following `next` from `first_url`; `between(n)` runs after the
    n-th page."""
    ids, url, pages = [], first_url, 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        url = body["next"]
        pages += 1
        if between is not None:
            between(pages)
    return ids


def every_id(client, url, **query) -> list[int]:
    """The ids of the whole list, on one page asked for by number."""
    return [item["id"] for item in client.get(url, {**query, "page": 1, "page_size": 100}).json()["items"]]


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "deadline"},
        {"sort": "-status"},
        {"sort": "lead_unit"},
        {"sort": "-deadline", "as_of": "2025-05-01"},
    ],
    ids=["deadline", "status, most urgent last", "lead unit", "latest deadline first on a past day"],
)
def test_walking_the_cursors_meets_every_task_once_in_order_while_tasks_are_added(tree, users, tasks, query):
    office = api_for(users["office"])
    added = []

    def assign_more(page):
        if page <= 2:  # one due before every page read so far, one after
            added.append(task(tree, f"Early {page}", date(2025, 2, page)).pk)
            added.append(task(tree, f"Late {page}", date(2026, 1, page)).pk)

    walked = walk(office, f"/api/v1/tasks/?{urlencode(query)}&page_size=2", between=assign_more)
    in_order = every_id(office, "/api/v1/tasks/", **query)
    assert len(walked) == len(set(walked))
    assert {t.pk for t in tasks} <= set(walked)
    assert walked == [pk for pk in in_order if pk in walked]


def test_the_first_page_by_cursor_is_the_first_page_by_number(users, tasks):
    office = api_for(users["office"])
    by_cursor = office.get("/api/v1/tasks/", {"page_size": 3}).json()
    by_number = office.get("/api/v1/tasks/", {"page": 1, "page_size": 3}).json()
    assert by_cursor["items"] == by_number["items"]
    assert by_cursor["count"] == by_number["count"] == 5
    assert by_cursor["previous"] is None
    assert by_cursor["next"].startswith("http://testserver/api/v1/tasks/?page_size=3&cursor=")
    assert set(by_number) == {"items", "count"}


def test_previous_leads_back_to_the_page_before(users, tasks):
    office = api_for(users["office"])
    first = office.get("/api/v1/tasks/", {"page_size": 2}).json()
    second = office.get(first["next"]).json()
    back = office.get(second["previous"]).json()
    assert back["items"] == first["items"]
    assert back["previous"] is None
    assert office.get(back["next"]).json()["items"] == second["items"]


def test_the_last_page_has_no_next(users, tasks):
    office = api_for(users["office"])
    last = office.get(office.get("/api/v1/tasks/", {"page_size": 3}).json()["next"]).json()
    assert len(last["items"]) == 2
    assert last["next"] is None


def test_every_page_by_cursor_costs_the_same_number_of_queries(tree, users, tasks):
    office = api_for(users["office"])
    office.get("/api/v1/tasks/")  # the token and the session are read once for all
    counts, url = [], "/api/v1/tasks/?page_size=2"
    while url:
        with CaptureQueriesContext(connection) as queries:
            url = office.get(url).json()["next"]
        counts.append(len(queries))
    assert len(counts) == 3
    assert len(set(counts)) == 1, counts


@pytest.mark.parametrize(
    "cursor",
    ["garbage", "eyJkIjoibiIsInYiOlsxXX0:1tQ:abc", ""],
    ids=["not a cursor", "forged", "empty is the first page"],
)
def test_a_changed_cursor_is_a_problem_naming_cursor(users, tasks, cursor):
    response = api_for(users["office"]).get("/api/v1/tasks/", {"cursor": cursor})
    if not cursor:
        assert response.status_code == 200
        return
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "cursor" in response.json()["errors"]


def test_a_cursor_of_another_order_or_list_is_refused(users, tasks):
    office = api_for(users["office"])
    cursor_url = office.get("/api/v1/tasks/", {"page_size": 2, "sort": "deadline"}).json()["next"]
    resorted = office.get(cursor_url.replace("sort=deadline", "sort=-deadline"))
    assert resorted.status_code == 422 and "cursor" in resorted.json()["errors"]
    cursor = cursor_url.rpartition("cursor=")[2]
    assert office.get("/api/v1/units/", {"cursor": cursor}).status_code == 422


def test_units_documents_and_values_are_walked_by_cursor(tree, users):
    office = api_for(users["office"])
    indicator = make_indicator("HOUSES")
    for month in range(1, 6):
        make_value(indicator, tree["district_a"], f"2025{month:02}", month)
    for url in (
        "/api/v1/units/?page_size=2",
        "/api/v1/targets/values?page_size=2",
        "/api/v1/documents/?page_size=1",
    ):
        assert walk(office, url) == every_id(office, url.partition("?")[0]), url
