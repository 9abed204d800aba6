"""What the API answers to input a database or a page cannot hold, and how it answers errors: every
one is RFC 9457 problem details naming the field, never a 500 and never the HTML error page."""

import json
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from resolute.accounts.models import ApiToken
from resolute.api.api import api
from resolute.directives import actions as document_actions
from resolute.directives.models import Document, DocumentKind
from resolute.targets.tests.rows import make_indicator, make_target
from resolute.tasks.models import Task
from resolute.tasks.tests.factories import assign

PROBLEM = "application/problem+json"


@pytest.fixture
def office(users):
    raw = ApiToken.generate()
    ApiToken.objects.create(user=users["office"], name="t", token_hash=ApiToken.hash(raw), hint=raw[:8])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def poor(tree):
    indicator = make_indicator("POOR_HOUSEHOLDS")
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    return indicator


@pytest.fixture
def conclusion(tree, users):
    return document_actions.create_document(
        acting_user=users["office"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion of the provincial conference",
        issued_on=date(2025, 3, 1),
        owner=tree["committee"],
    )


def send(client, method, path, payload, **headers):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return getattr(client, method)(path, body, content_type="application/json", **headers)


def assert_problem(response, status, *fields):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert (body["type"], body["status"]) == ("about:blank", status)
    assert body["title"] and body["detail"]
    if fields:
        assert set(fields) <= set(body["errors"]), body
    return body


def target_payload(tree, poor, **overrides):
    return {
        "document_id": poor.targets.get().document_id,
        "indicator": "POOR_HOUSEHOLDS",
        "unit_id": tree["district_a"].pk,
        "year": 2026,
        "deadline": "2026-12-31",
        "comparator": "at_most",
        "value": "80",
        **overrides,
    }


# -- the edge: years, days, amounts, text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"year": 268}, "year"),
        ({"year": 99999}, "year"),
        ({"baseline_year": 1}, "baseline_year"),
        ({"deadline": "0001-01-01"}, "deadline"),
        ({"value": "1e309"}, "value"),
        ({"value": "1" * 29}, "value"),
        ({"value": "1e-30"}, "value"),
        ({"area": "A" * 201}, "area"),
        ({"area": "Xã hội\x00"}, "area"),
        ({"document_id": 10**30}, "document_id"),
    ],
)
def test_a_target_the_database_or_its_page_could_not_hold_is_a_422_naming_the_field(
    tree, poor, office, overrides, field
):
    response = send(office, "post", "/api/targets/targets", target_payload(tree, poor, **overrides))
    assert_problem(response, 422, field)
    assert poor.targets.count() == 1


def test_a_json_number_too_large_for_a_float_is_refused_not_stored_as_infinity(tree, poor, office):
    body = json.dumps(target_payload(tree, poor)).replace('"value": "80"', '"value": 1e309')
    assert_problem(send(office, "post", "/api/targets/targets", body), 422, "value")


@pytest.mark.parametrize(
    ("data_value", "field"),
    [
        ({"value": "1" * 29}, "dataValues[0].value"),
        ({"value": "1e309"}, "dataValues[0].value"),
        ({"value": "NaN"}, "dataValues[0].value"),
        ({"period": "0000Q1"}, "dataValues[0].period"),
        ({"orgUnit": "9" * 29}, "dataValues[0].orgUnit"),
        ({"comment": "\x00"}, "dataValues[0].comment"),
    ],
)
def test_a_dhis2_value_the_database_could_not_hold_is_a_422_naming_the_cell(
    tree, users, poor, office, data_value, field
):
    payload = {
        "orgUnit": tree["district_a"].code,
        "period": "2025Q1",
        "dataValues": [{"dataElement": "POOR_HOUSEHOLDS", "value": "12", **data_value}],
    }
    response = send(office, "post", "/api/targets/dataValueSets", payload)
    assert_problem(response, 422, field)
    assert not poor.values.exists()


def test_a_title_over_its_length_or_with_a_nul_names_the_title(tree, office):
    for title in ("T" * 501, "Kết luận\x00"):
        response = send(office, "post", "/api/documents/", {"kind": "conclusion", "title": title})
        assert_problem(response, 422, "title")
    assert not Document.objects.exists()


def test_text_typed_in_decomposed_unicode_is_stored_composed(tree, office):
    decomposed = "Kết luận về phát triển kinh tế"
    response = send(
        office,
        "post",
        "/api/documents/",
        {
            "kind": "conclusion",
            "issued_on": "2025-03-01",
            "title": unicodedata.normalize("NFD", decomposed) + "\u202e",
        },
    )
    assert response.status_code == 201, response.content
    assert Document.objects.get().title == decomposed
    assert response.json()["title"] == decomposed


def test_a_huge_page_number_is_a_422_not_a_server_error(tree, office):
    response = office.get("/api/tasks/", {"page": "9223372036854775807"})
    assert_problem(response, 422, "page")
    assert office.get("/api/tasks/", {"page": "1000"}).json() == {"items": [], "count": 0}


def test_an_id_past_any_key_is_a_422_not_a_server_error(tree, office):
    assert_problem(office.get(f"/api/tasks/{10**30}"), 422, "task_id")
    assert_problem(office.get("/api/targets/targets", {"unit": 10**30}), 422, "unit")


# -- one shape for every error ---------------------------------------------------------------------


def test_malformed_json_is_a_400_problem(tree, office):
    assert_problem(send(office, "post", "/api/documents/", "{not json"), 400, "body")


def test_an_unauthenticated_request_is_a_401_problem(db):
    assert_problem(Client().get("/api/accounts/me"), 401)


def test_what_a_role_may_not_do_is_a_403_problem(tree, users):
    raw = ApiToken.generate()
    ApiToken.objects.create(
        user=users["district_a_reporter"], name="t", token_hash=ApiToken.hash(raw), hint=raw[:8]
    )
    reporter = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_problem(send(reporter, "post", "/api/documents/", {"kind": "conclusion", "title": "X"}), 403)


def test_an_unknown_address_and_an_unknown_method_are_problems_too(tree, office):
    assert_problem(office.get("/api/no-such-thing"), 404)
    assert_problem(office.get("/api/tasks/not-a-number"), 404)
    response = office.put("/api/accounts/me")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_an_unexpected_error_is_a_500_problem_and_is_logged(tree, office, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("resolute.accounts.api.selectors.tokens_of", broken)
    response = office.get("/api/accounts/me/tokens")
    body = assert_problem(response, 500)
    assert "disk" not in body["detail"]
    assert any(record.exc_info and "the disk is full" in str(record.exc_info[1]) for record in caplog.records)


def test_the_openapi_declares_the_problems_of_every_operation():
    schema = api.get_openapi_schema()
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = {int(status) for status in operation["responses"]}
            expected = {400, 401, 403, 404, 422}
            if method != "get":
                expected.add(409)
            if method in ("patch", "put"):
                expected.add(428)
            assert expected <= declared, (method, path)


# -- versions and ETags ----------------------------------------------------------------------------


def test_a_document_read_carries_its_version_as_etag(conclusion, office):
    assert office.get(f"/api/documents/{conclusion.pk}")["ETag"] == '"1"'


def test_a_change_without_a_version_is_a_428_and_writes_nothing(conclusion, office):
    response = send(office, "patch", f"/api/documents/{conclusion.pk}", {"title": "Overwritten"})
    assert_problem(response, 428, "version")
    conclusion.refresh_from_db()
    assert conclusion.title == "Conclusion of the provincial conference"


def test_a_change_may_name_its_version_with_if_match(conclusion, office):
    etag = office.get(f"/api/documents/{conclusion.pk}")["ETag"]
    response = send(office, "patch", f"/api/documents/{conclusion.pk}", {"title": "New"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    stale = send(office, "patch", f"/api/documents/{conclusion.pk}", {"title": "Again"}, HTTP_IF_MATCH=etag)
    assert_problem(stale, 409, "version")
    conclusion.refresh_from_db()
    assert conclusion.title == "New"


def test_tasks_and_units_carry_their_etag_and_take_if_match(tree, users, office):
    task = assign(tree["district_a"], assigned_by_unit=tree["office"], title="Clear the site")
    read = office.get(f"/api/tasks/{task.pk}")
    assert read["ETag"] == f'"{task.version}"'
    changed = send(
        office, "patch", f"/api/tasks/{task.pk}", {"title": "Clear it"}, HTTP_IF_MATCH=read["ETag"]
    )
    assert changed.status_code == 200, changed.content
    assert Task.objects.get(pk=task.pk).title == "Clear it"
    unit = office.get(f"/api/units/{tree['district_a'].pk}")
    assert unit["ETag"] == f'"{tree["district_a"].version}"'
