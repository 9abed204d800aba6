"""`?fields=` answers only the fields a client names, on the lists and details of tasks, targets,
indicators, values, units and documents; a name a record does not have is a 422 naming `fields`."""

from datetime import date

import pytest

from resolute.targets.tests.rows import make_indicator, make_value
from resolute.tasks.tests.factories import TODAY, api_for, assign, at_noon


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def ring_road(tree):
    office = tree["office"]
    return assign(
        tree["district_a"], assigned_by_unit=office, title="Clear the site", deadline=date(2025, 3, 31)
    )


def test_the_task_list_answers_only_the_fields_named(users, ring_road):
    body = api_for(users["office"]).get("/api/v1/tasks/", {"fields": "id,title,deadline"}).json()
    assert body["items"] == [{"id": ring_road.pk, "title": "Clear the site", "deadline": "2025-03-31"}]
    assert body["count"] == 1 and "next" in body


def test_a_task_answers_only_the_fields_named_and_keeps_its_etag(users, ring_road):
    response = api_for(users["office"]).get(f"/api/v1/tasks/{ring_road.pk}", {"fields": "status, title"})
    assert response.json() == {"title": "Clear the site", "status": "overdue"}
    assert response["ETag"] == f'"{ring_road.version}"'


def test_an_unknown_field_is_a_problem_naming_fields(users, ring_road):
    response = api_for(users["office"]).get("/api/v1/tasks/", {"fields": "id,colour"})
    assert response.status_code == 422
    assert "colour" in response.json()["errors"]["fields"][0]


def test_the_unversioned_list_cuts_its_items_down_too(users, ring_road):
    response = api_for(users["office"]).get("/api/tasks/", {"fields": "id", "page": 1})
    assert response.json() == {"items": [{"id": ring_road.pk}], "count": 1}


def test_units_documents_indicators_and_values_answer_only_the_fields_named(tree, users):
    office = api_for(users["office"])
    indicator = make_indicator("HOUSES")
    value = make_value(indicator, tree["district_a"], "202503", 12)
    district = tree["district_a"]
    assert office.get("/api/v1/units/", {"fields": "name", "page_size": 1}).json()["items"] == [
        {"name": tree["province"].name}
    ]
    assert office.get(f"/api/v1/units/{district.pk}", {"fields": "id"}).json() == {"id": district.pk}
    assert office.get("/api/v1/targets/indicators/HOUSES", {"fields": "code"}).json() == {"code": "HOUSES"}
    assert office.get("/api/v1/targets/indicators", {"fields": "code"}).json()["items"] == [
        {"code": "HOUSES"}
    ]
    assert office.get("/api/v1/targets/values", {"fields": "id,period"}).json()["items"] == [
        {"id": value.pk, "period": "202503"}
    ]
    for url in ("/api/v1/documents/", "/api/v1/targets/targets", "/api/v1/units/"):
        assert office.get(url, {"fields": "nope"}).status_code == 422, url
