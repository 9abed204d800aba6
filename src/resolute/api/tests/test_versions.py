"""The API answers under /api/v1/; the addresses without a version answer the same for one more
release and say that they are deprecated, until when, and where their successor is."""

from datetime import date

import pytest
from django.urls import reverse

from resolute.tasks.tests.factories import TODAY, api_for, assign, at_noon


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def ring_road(tree):
    return assign(
        tree["district_a"],
        assigned_by_unit=tree["office"],
        title="Clear the site",
        deadline=date(2025, 3, 31),
    )


def test_a_task_is_read_under_v1_without_a_deprecation(users, ring_road):
    response = api_for(users["office"]).get(f"/api/v1/tasks/{ring_road.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Clear the site"
    assert "Deprecation" not in response and "Sunset" not in response


def test_the_unversioned_address_answers_the_same_and_names_its_successor(users, ring_road):
    office = api_for(users["office"])
    old = office.get(f"/api/tasks/{ring_road.pk}", {"as_of": "2025-06-01"})
    new = office.get(f"/api/v1/tasks/{ring_road.pk}", {"as_of": "2025-06-01"})
    assert old.status_code == new.status_code == 200
    assert old.json() == new.json()
    assert old["ETag"] == new["ETag"]
    assert old["Deprecation"] == "true"
    assert old["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert old["Link"] == f'</api/v1/tasks/{ring_road.pk}?as_of=2025-06-01>; rel="successor-version"'


def test_the_unversioned_address_asks_for_the_same_authentication(client, tree):
    response = client.get("/api/tasks/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["Deprecation"] == "true"


def test_an_unversioned_method_the_address_does_not_take_is_a_problem_that_stays_deprecated(users):
    response = api_for(users["office"]).delete("/api/tasks/counts")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Link"] == '</api/v1/tasks/counts>; rel="successor-version"'


def test_an_unversioned_write_is_made_as_under_v1(tree, users, ring_road):
    response = api_for(users["office"]).post(
        f"/api/tasks/{ring_road.pk}/comments", {"text": "Any news?"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response["Deprecation"] == "true"


def test_reversed_names_lead_to_v1(client, users):
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"
    assert reverse("api:openapi-view") == "/api/v1/docs"
    client.force_login(users["office"])
    assert client.get(reverse("api:openapi-view")).status_code == 200


def test_the_successor_of_an_address_with_odd_characters_is_escaped(users):
    response = api_for(users["office"]).get("/api/targets/indicators/a%0D%0Ab é", {"q": "x\r\ny"})
    assert response.status_code == 404
    assert response["Link"] == (
        '</api/v1/targets/indicators/a%0D%0Ab%20%C3%A9?q=x%0D%0Ay>; rel="successor-version"'
    )
