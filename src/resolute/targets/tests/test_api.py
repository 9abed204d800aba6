"""The targets API: reading indicators, targets with their status and values; entering values in
our JSON and in DHIS2's dataValueSets shape; submitting, approving and returning; 403 for a
denied write, 404 for what the user may not see, 422 naming the field or the cell."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from resolute.accounts.models import ApiToken
from resolute.targets.models import DataValue, Indicator, ValueState

from ..actions import values as value_actions
from .rows import make_target
from .test_values import make_indicator

IN_MARCH_WINDOW = date(2025, 4, 10)


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


def api_for(user) -> Client:
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash(raw), hint=raw[:8])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def post(client, path, payload):
    return client.post(f"/api/targets{path}", payload, content_type="application/json")


@pytest.fixture
def poor(tree):
    indicator = make_indicator("POOR_HOUSEHOLDS", jump_warning_percent=Decimal("20"), minimum=Decimal("0"))
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    return indicator


def test_everyone_signed_in_reads_the_indicator_registry(users, poor):
    response = api_for(users["district_b_reporter"]).get("/api/targets/indicators")
    assert response.status_code == 200
    assert [item["code"] for item in response.json()["items"]] == ["POOR_HOUSEHOLDS"]


def test_an_office_adds_an_indicator_and_a_reporter_may_not(users):
    payload = {
        "code": "JOBS",
        "name": "New jobs",
        "unit_of_measure": "persons",
        "direction": "higher",
        "periodicity": "monthly",
    }
    assert post(api_for(users["district_a_reporter"]), "/indicators", payload).status_code == 403
    response = post(api_for(users["office"]), "/indicators", payload)
    assert response.status_code == 201
    assert Indicator.objects.get(code="JOBS").name == "New jobs"
    again = post(api_for(users["office"]), "/indicators", payload)
    assert again.status_code == 422
    assert "code" in again.json()["errors"]


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_target_comes_with_its_evaluation_and_is_hidden_from_units_that_cannot_see_it(tree, users, poor):
    target = poor.targets.get()
    response = api_for(users["district_a_reporter"]).get(f"/api/targets/targets/{target.pk}?as_of=2025-04-10")
    assert response.status_code == 200
    body = response.json()
    assert body["indicator"] == "POOR_HOUSEHOLDS"
    assert body["evaluation"]["status"] and body["evaluation"]["sentence"]
    assert api_for(users["district_b_reporter"]).get(f"/api/targets/targets/{target.pk}").status_code == 404
    listed = api_for(users["district_b_reporter"]).get("/api/targets/targets").json()["items"]
    assert listed == []


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_reporter_posts_values_submits_them_and_the_office_approves(tree, users, poor):
    reporter = api_for(users["district_a_reporter"])
    payload = {
        "unit": tree["district_a"].pk,
        "period": "202503",
        "entries": [{"indicator": "POOR_HOUSEHOLDS", "value": "120"}],
    }
    response = post(reporter, "/values", payload)
    assert response.status_code == 201
    assert response.json()["saved"][0]["state"] == "draft"

    submitted = post(reporter, "/values/submit", {"unit": tree["district_a"].pk, "period": "202503"})
    assert submitted.status_code == 200
    value_id = submitted.json()[0]["id"]

    assert (
        post(api_for(users["district_a_manager"]), "/values/approve", {"values": [value_id]}).status_code
        == 403
    )
    approved = post(api_for(users["office"]), "/values/approve", {"values": [value_id]})
    assert approved.status_code == 200
    assert DataValue.objects.get(pk=value_id).state == ValueState.APPROVED

    listed = reporter.get("/api/targets/values?indicator=POOR_HOUSEHOLDS&period=202503").json()["items"]
    assert [(item["value"], item["state"]) for item in listed] == [("120.000000", "approved")]


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_returning_needs_a_reason(tree, users, poor):
    value_actions.save_values(
        acting_user=None, unit=tree["district_a"], period="202503", entries=[(poor, Decimal("5"), "")]
    )
    row = value_actions.submit_values(acting_user=None, unit=tree["district_a"], period="202503")[0]
    office = api_for(users["office"])
    refused = post(office, "/values/return", {"values": [row.pk], "reason": " "})
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]
    assert post(office, "/values/return", {"values": [row.pk], "reason": "Recount"}).status_code == 200
    row.refresh_from_db()
    assert row.state == ValueState.RETURNED


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_reporter_of_dai_loc_cannot_post_hoi_an_values(tree, users, poor):
    payload = {
        "unit": tree["district_a"].pk,
        "period": "202503",
        "entries": [{"indicator": "POOR_HOUSEHOLDS", "value": "1"}],
    }
    assert post(api_for(users["district_b_reporter"]), "/values", payload).status_code == 404
    assert post(api_for(users["leader"]), "/values", payload).status_code == 403
    assert not DataValue.objects.exists()


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_errors_name_the_cell(tree, users, poor):
    reporter = api_for(users["district_a_reporter"])
    unknown = {
        "unit": tree["district_a"].pk,
        "period": "202503",
        "entries": [{"indicator": "NOPE", "value": "1"}],
    }
    response = post(reporter, "/values", unknown)
    assert response.status_code == 422
    assert "entries[0].indicator" in response.json()["errors"]
    negative = {
        "unit": tree["district_a"].pk,
        "period": "202503",
        "entries": [{"indicator": "POOR_HOUSEHOLDS", "value": "-1"}],
    }
    response = post(reporter, "/values", negative)
    assert response.status_code == 422
    assert "POOR_HOUSEHOLDS" in response.json()["errors"]


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_dhis2_data_value_set_is_saved_by_unit_code_and_indicator_code(tree, users, poor):
    payload = {
        "dataSet": "monthly-report",
        "period": "202503",
        "orgUnit": "503",
        "dataValues": [
            {
                "dataElement": "POOR_HOUSEHOLDS",
                "period": "202503",
                "orgUnit": "503",
                "value": "12.5",
                "comment": "x",
            }
        ],
    }
    response = post(api_for(users["district_a_reporter"]), "/dataValueSets", payload)
    assert response.status_code == 200, response.content
    assert response.json()["importCount"]["imported"] == 1
    row = DataValue.objects.get()
    assert row.unit == tree["district_a"] and row.value == Decimal("12.5") and row.comment == "x"

    by_id = {
        **payload,
        "orgUnit": str(tree["district_a"].pk),
        "dataValues": [{"dataElement": "POOR_HOUSEHOLDS", "value": "13"}],
    }
    assert post(api_for(users["district_a_reporter"]), "/dataValueSets", by_id).status_code == 200


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_dhis2_set_with_one_bad_value_writes_nothing(tree, users, poor):
    payload = {
        "period": "202503",
        "orgUnit": "503",
        "dataValues": [
            {"dataElement": "POOR_HOUSEHOLDS", "value": "12"},
            {"dataElement": "POOR_HOUSEHOLDS", "orgUnit": "506", "value": "abc"},
        ],
    }
    response = post(api_for(users["district_a_reporter"]), "/dataValueSets", payload)
    assert response.status_code == 422
    assert "dataValues[1].value" in response.json()["errors"]
    assert not DataValue.objects.exists()


def test_the_openapi_description_lists_the_targets_endpoints(users):
    schema = api_for(users["leader"]).get("/api/openapi.json").json()
    for path in [
        "/api/targets/indicators",
        "/api/targets/targets/{target_id}",
        "/api/targets/values",
        "/api/targets/dataValueSets",
        "/api/targets/values/approve",
    ]:
        assert path in schema["paths"]


def test_an_office_sets_a_target_through_the_api_and_a_reporter_may_not(tree, users, poor):
    target = poor.targets.get()
    payload = {
        "document_id": target.document_id,
        "indicator": "POOR_HOUSEHOLDS",
        "unit_id": tree["district_a"].pk,
        "year": 2026,
        "deadline": "2026-12-31",
        "comparator": "at_most",
        "value": "80",
        "area": "Society",
    }
    assert post(api_for(users["district_a_reporter"]), "/targets", payload).status_code == 403

    response = post(api_for(users["office"]), "/targets", payload)
    assert response.status_code == 201
    created = response.json()
    assert (created["year"], created["area"], created["value"]) == (2026, "Society", "80")

    unknown = post(api_for(users["office"]), "/targets", {**payload, "indicator": "NOPE"})
    assert unknown.status_code == 422 and "indicator" in unknown.json()["errors"]
    assert poor.targets.count() == 2
