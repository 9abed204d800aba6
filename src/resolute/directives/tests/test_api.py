"""The documents API at /api/documents, used with a personal token."""

import json

import pytest

from resolute.directives import actions
from resolute.directives.models import Attachment, Document, DocumentRelation

from .conftest import exe_renamed_pdf, file_of_size, make_document, pdf_file, xlsx_file


def send(api, method, url, payload):
    return getattr(api, method)(url, json.dumps(payload), content_type="application/json")


def new_document(tree, **overrides):
    payload = {
        "kind": "conclusion_notice",
        "number": "123/TB-TU",
        "issued_on": "2024-12-20",
        "title": "Conclusion of the Standing Committee",
        "issuer_id": tree["party"].pk,
        "signer": "Secretary",
        "text": "I. Results\nGrowth was 7.1%.\nII. Tasks\nA. Economy\nGrow by 10%.",
    }
    payload.update(overrides)
    return payload


# -- list -----------------------------------------------------------------------------------------


def test_the_list_holds_only_visible_documents(conclusion, district_a_plan, district_b_plan, users, api_for):
    body = api_for(users["district_a_reporter"]).get("/api/documents/").json()
    assert body["count"] == 2
    assert {item["number"] for item in body["items"]} == {"123/TB-TU", "45-KH/TU"}
    item = next(item for item in body["items"] if item["number"] == "123/TB-TU")
    assert item["url"] == conclusion.get_absolute_url()
    assert item["issuer"] == ""
    assert item["status"] == "issued"


def test_the_list_filters_like_the_page(conclusion, district_a_plan, district_b_plan, users, api_for):
    api = api_for(users["leader"])
    assert [
        i["number"] for i in api.get("/api/documents/", {"kind": "plan", "sort": "number"}).json()["items"]
    ] == [
        "45-KH/TU",
        "46-KH/HU",
    ]
    assert [i["number"] for i in api.get("/api/documents/", {"year": 2024}).json()["items"]] == ["123/TB-TU"]
    assert api.get("/api/documents/", {"q": "socio-economics"}).json()["count"] == 1


def test_a_bad_filter_is_a_422_naming_it(users, api_for, db):
    response = api_for(users["leader"]).get("/api/documents/", {"sort": "colour"})
    assert response.status_code == 422
    assert "sort" in response.json()["errors"]


def test_the_list_pages_by_25(tree, users, api_for):
    for number in range(27):
        make_document(tree["party"], number=f"{number + 1}-TB/TU")
    api = api_for(users["leader"])
    first, second = api.get("/api/documents/").json(), api.get("/api/documents/", {"page": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (27, 25, 2)


def test_the_list_makes_the_same_queries_for_few_or_many_documents(
    tree, users, api_for, django_assert_max_num_queries
):
    api = api_for(users["leader"])
    make_document(tree["party"], number="1-TB/TU")
    api.get("/api/documents/")  # the token's first use is recorded once
    with django_assert_max_num_queries(8) as few:
        api.get("/api/documents/")
    for number in range(2, 30):
        make_document(tree["party"], number=f"{number}-TB/TU")
    with django_assert_max_num_queries(8) as many:
        api.get("/api/documents/")
    assert len(few.captured_queries) == len(many.captured_queries)


# -- read -----------------------------------------------------------------------------------------


def test_reading_a_document_gives_its_clauses_relations_and_files(
    conclusion, district_a_plan, users, api_for
):
    actions.add_relation(acting_user=None, source=district_a_plan, target=conclusion, kind="implements")
    actions.add_attachment(acting_user=None, document=conclusion, uploaded_file=pdf_file())
    body = api_for(users["leader"]).get(f"/api/documents/{conclusion.pk}").json()
    assert body["number"] == "123/TB-TU"
    assert len(body["clauses"]) == 60
    section = next(clause for clause in body["clauses"] if clause["anchor"] == "II-B")
    assert (section["kind"], section["level"], section["line"], section["label"]) == (
        "heading",
        2,
        42,
        "II.B",
    )
    [relation] = body["relations"]
    assert relation["direction"] == "incoming"
    assert relation["document"]["id"] == district_a_plan.pk
    assert relation["sentence"] == f"{district_a_plan} implements this document."
    [attachment] = body["attachments"]
    assert attachment["name"] == "conclusion.pdf"
    assert attachment["download_url"].endswith(f"/files/{attachment['id']}/")


# -- create ---------------------------------------------------------------------------------------


def test_the_office_registers_a_document_kept_by_the_body_it_serves(tree, users, api_for):
    response = send(api_for(users["office"]), "post", "/api/documents/", new_document(tree))
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert document.owner == tree["party"]
    assert document.created_by == users["office"]
    assert [clause["anchor"] for clause in body["clauses"]] == ["I", "I-p1", "II", "II-A", "II-A-p1"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"number": "TB-TU"}, "number"),
        ({"issued_on": None}, "issued_on"),
        ({"issuer_name": "Politburo"}, "issuer_name"),
        ({"owner_id": 999999}, "owner_id"),
        ({"issuer_id": 999999}, "issuer_id"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_written(tree, users, api_for, overrides, field):
    response = send(api_for(users["office"]), "post", "/api/documents/", new_document(tree, **overrides))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"), [({"issued_on": "2024-02-30"}, "issued_on"), ({"kind": "poem"}, "kind")]
)
def test_a_value_of_the_wrong_shape_is_a_422_naming_the_field(tree, users, api_for, overrides, field):
    response = send(api_for(users["office"]), "post", "/api/documents/", new_document(tree, **overrides))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert not Document.objects.exists()


# -- update ---------------------------------------------------------------------------------------


def test_a_patch_changes_only_the_fields_sent_and_splits_a_new_text(conclusion, users, api_for):
    response = send(
        api_for(users["office"]),
        "patch",
        f"/api/documents/{conclusion.pk}",
        {"version": 1, "title": "Conclusion 2024", "text": "I. Only\nOne line."},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["version"], body["signer"]) == (
        "Conclusion 2024",
        2,
        "Lương Nguyễn Minh Triết",
    )
    assert [clause["anchor"] for clause in body["clauses"]] == ["I", "I-p1"]


def test_a_patch_with_a_stale_version_is_a_409_naming_who_changed_it(conclusion, users, api_for):
    actions.update_document(
        acting_user=users["admin"], document=conclusion, expected_version=1, signer="Someone"
    )
    response = send(
        api_for(users["office"]), "patch", f"/api/documents/{conclusion.pk}", {"version": 1, "title": "x"}
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Changed by admin at")
    conclusion.refresh_from_db()
    assert conclusion.title == "Conclusion of the provincial conference"


def test_a_patch_that_breaks_a_rule_is_a_422(conclusion, users, api_for):
    response = send(
        api_for(users["office"]),
        "patch",
        f"/api/documents/{conclusion.pk}",
        {"version": 1, "issued_on": None},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["issued_on"]


# -- relations ------------------------------------------------------------------------------------


def test_relations_are_added_and_listed_both_ways(conclusion, district_a_plan, users, api_for):
    api = api_for(users["office"])
    response = send(
        api,
        "post",
        f"/api/documents/{district_a_plan.pk}/relations",
        {"kind": "implements", "target_id": conclusion.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["direction"] == "outgoing"
    incoming = api.get(f"/api/documents/{conclusion.pk}/relations").json()
    assert [(r["direction"], r["kind"], r["document"]["id"]) for r in incoming] == [
        ("incoming", "implements", district_a_plan.pk)
    ]


def test_a_relation_to_itself_is_a_422_naming_the_target(conclusion, users, api_for):
    response = send(
        api_for(users["office"]),
        "post",
        f"/api/documents/{conclusion.pk}/relations",
        {"kind": "amends", "target_id": conclusion.pk},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"target_id": ["A document cannot be related to itself."]}
    assert not DocumentRelation.objects.exists()


def test_a_relation_is_removed(conclusion, district_a_plan, users, api_for):
    relation = actions.add_relation(
        acting_user=None, source=district_a_plan, target=conclusion, kind="implements"
    )
    response = api_for(users["office"]).delete(f"/api/documents/{district_a_plan.pk}/relations/{relation.pk}")
    assert response.status_code == 204
    assert not DocumentRelation.objects.exists()


# -- attachments ----------------------------------------------------------------------------------


def test_a_file_is_uploaded_downloaded_and_removed(conclusion, users, api_for):
    api = api_for(users["office"])
    response = api.post(f"/api/documents/{conclusion.pk}/attachments", {"file": xlsx_file()})
    assert response.status_code == 201, response.content
    attachment_id = response.json()["id"]
    download = api_for(users["district_a_reporter"]).get(
        f"/api/documents/{conclusion.pk}/attachments/{attachment_id}"
    )
    assert download.status_code == 200
    assert 'filename="figures.xlsx"' in download["Content-Disposition"]
    assert api.delete(f"/api/documents/{conclusion.pk}/attachments/{attachment_id}").status_code == 204
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("make_file", [exe_renamed_pdf, lambda: file_of_size(4096)])
def test_a_forbidden_or_too_large_file_is_a_422_naming_the_file_field(
    conclusion, users, api_for, small_upload_limit, make_file
):
    response = api_for(users["office"]).post(
        f"/api/documents/{conclusion.pk}/attachments", {"file": make_file()}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert not Attachment.objects.exists()
