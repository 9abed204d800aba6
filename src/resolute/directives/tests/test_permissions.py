"""Who may read and change documents: checked on the pages, the form posts and the API alike."""

import json

import pytest
from django.urls import reverse

from resolute.conftest import make_user
from resolute.directives import actions
from resolute.directives.models import Attachment, DocumentRelation
from resolute.directives.permissions import can_edit_document, can_register_documents, can_view_document

from .conftest import make_document, pdf_file


def test_everyone_in_the_province_can_read_a_document_kept_by_the_party_committee(conclusion, users):
    for role in ["office", "admin", "leader", "finance", "district_a_reporter", "district_b_reporter"]:
        assert can_view_document(users[role], conclusion), role


def test_a_district_document_is_hidden_from_the_neighbouring_district(district_a_plan, users):
    assert can_view_document(users["district_a_reporter"], district_a_plan)
    assert can_view_document(users["leader"], district_a_plan)
    assert not can_view_document(users["district_b_reporter"], district_a_plan)


def test_only_the_office_an_administrator_or_a_superuser_may_edit(conclusion, users, db):
    assert can_edit_document(users["office"], conclusion)
    assert can_edit_document(users["admin"], conclusion)
    assert can_edit_document(make_user("root", is_superuser=True), conclusion)
    for role in ["leader", "finance", "district_a_manager", "district_a_reporter", "district_b_reporter"]:
        assert not can_edit_document(users[role], conclusion), role


def test_a_district_office_edits_its_own_documents_but_not_the_provinces(
    conclusion, district_a_plan, district_b_plan, district_a_office
):
    assert can_edit_document(district_a_office, district_a_plan)
    assert not can_edit_document(district_a_office, conclusion)
    assert not can_edit_document(district_a_office, district_b_plan)


def test_only_offices_and_administrators_may_register_documents(users, district_a_office):
    assert can_register_documents(users["office"])
    assert can_register_documents(users["admin"])
    assert can_register_documents(district_a_office)
    assert not can_register_documents(users["district_a_manager"])
    assert not can_register_documents(users["leader"])


# -- pages and form posts -----------------------------------------------------------------------


def test_a_district_reporter_cannot_open_the_edit_attach_or_relate_pages(conclusion, users, browser_for):
    browser = browser_for(users["district_a_reporter"])
    for name in ["directives:edit", "directives:attachment_add", "directives:relation_add"]:
        assert browser.get(reverse(name, args=[conclusion.pk])).status_code == 403, name
    assert browser.get(reverse("directives:create")).status_code == 403


def test_a_district_reporter_posting_an_edit_gets_403_and_nothing_is_written(conclusion, users, browser_for):
    browser = browser_for(users["district_a_reporter"])
    response = browser.post(
        reverse("directives:edit", args=[conclusion.pk]),
        {
            "kind": "conclusion",
            "title": "Hijacked",
            "status": "draft",
            "owner": conclusion.owner_id,
            "version": 1,
        },
    )
    assert response.status_code == 403
    conclusion.refresh_from_db()
    assert (conclusion.title, conclusion.version) == ("Conclusion of the provincial conference", 1)


def test_a_district_manager_posting_a_file_or_a_relation_gets_403_and_nothing_is_written(
    conclusion, district_a_plan, users, browser_for
):
    browser = browser_for(users["district_a_manager"])
    attach = browser.post(reverse("directives:attachment_add", args=[conclusion.pk]), {"file": pdf_file()})
    relate = browser.post(
        reverse("directives:relation_add", args=[conclusion.pk]),
        {"kind": "refers_to", "target": district_a_plan.pk},
    )
    create = browser.post(
        reverse("directives:create"), {"kind": "plan", "title": "X", "owner": conclusion.owner_id}
    )
    assert (attach.status_code, relate.status_code, create.status_code) == (403, 403, 403)
    assert not Attachment.objects.exists()
    assert not DocumentRelation.objects.exists()
    assert conclusion.owner.owned_documents.count() == 1


def test_removing_a_file_or_a_relation_is_refused_to_readers(conclusion, district_a_plan, users, browser_for):
    attachment = actions.add_attachment(acting_user=None, document=conclusion, uploaded_file=pdf_file())
    relation = actions.add_relation(
        acting_user=None, source=conclusion, target=district_a_plan, kind="refers_to"
    )
    browser = browser_for(users["leader"])
    assert (
        browser.post(reverse("directives:attachment_remove", args=[conclusion.pk, attachment.pk])).status_code
        == 403
    )
    assert (
        browser.post(reverse("directives:relation_remove", args=[conclusion.pk, relation.pk])).status_code
        == 403
    )
    assert Attachment.objects.exists() and DocumentRelation.objects.exists()


def test_a_document_outside_the_users_view_is_not_found_on_every_page(district_a_plan, users, browser_for):
    attachment = actions.add_attachment(acting_user=None, document=district_a_plan, uploaded_file=pdf_file())
    browser = browser_for(users["district_b_reporter"])
    for url in [
        reverse("directives:detail", args=[district_a_plan.pk]),
        reverse("directives:edit", args=[district_a_plan.pk]),
        reverse("directives:attachment_download", args=[district_a_plan.pk, attachment.pk]),
    ]:
        assert browser.get(url).status_code == 404, url


def test_a_signed_out_visitor_is_sent_to_sign_in(conclusion, client):
    response = client.get(reverse("directives:detail", args=[conclusion.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# -- API ----------------------------------------------------------------------------------------


def test_the_api_refuses_a_district_reporters_edit_with_403_and_writes_nothing(conclusion, users, api_for):
    api = api_for(users["district_a_reporter"])
    response = api.patch(
        f"/api/documents/{conclusion.pk}", json.dumps({"title": "Hijacked"}), content_type="application/json"
    )
    assert response.status_code == 403
    conclusion.refresh_from_db()
    assert conclusion.title == "Conclusion of the provincial conference"


def test_the_api_refuses_relations_files_and_registration_to_a_district_reporter(
    conclusion, district_a_plan, users, api_for
):
    api = api_for(users["district_a_reporter"])
    relation = api.post(
        f"/api/documents/{conclusion.pk}/relations",
        json.dumps({"kind": "refers_to", "target_id": district_a_plan.pk}),
        content_type="application/json",
    )
    attachment = api.post(f"/api/documents/{conclusion.pk}/attachments", {"file": pdf_file()})
    created = api.post(
        "/api/documents/", json.dumps({"kind": "plan", "title": "Mine"}), content_type="application/json"
    )
    assert (relation.status_code, attachment.status_code, created.status_code) == (403, 403, 403)
    assert not DocumentRelation.objects.exists() and not Attachment.objects.exists()


def test_the_api_answers_404_for_a_document_the_user_cannot_see(district_a_plan, users, api_for):
    api = api_for(users["district_b_reporter"])
    assert api.get(f"/api/documents/{district_a_plan.pk}").status_code == 404
    assert api.get(f"/api/documents/{district_a_plan.pk}/relations").status_code == 404
    response = api.patch(
        f"/api/documents/{district_a_plan.pk}", json.dumps({"title": "x"}), content_type="application/json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("header", ["", "Bearer rsl_not-a-real-token"])
def test_the_api_needs_a_valid_token(conclusion, client, header):
    response = client.get(f"/api/documents/{conclusion.pk}", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_district_office_may_not_move_its_document_into_the_provinces_keeping(
    district_a_plan, tree, district_a_office, browser_for
):
    browser = browser_for(district_a_office)
    response = browser.post(
        reverse("directives:edit", args=[district_a_plan.pk]),
        {
            "kind": "plan",
            "number": "45-KH/TU",
            "issued_on": "2025-01-10",
            "status": "issued",
            "title": "Hoi An plan",
            "owner": tree["party"].pk,
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    district_a_plan.refresh_from_db()
    assert district_a_plan.owner == tree["district_a"]


def test_documents_registered_above_a_district_are_read_only_for_its_office(
    conclusion, district_a_office, browser_for
):
    page = browser_for(district_a_office).get(reverse("directives:detail", args=[conclusion.pk]))
    assert page.status_code == 200
    assert reverse("directives:edit", args=[conclusion.pk]) not in page.content.decode()


def test_make_document_helper_builds_through_the_action(tree):
    assert make_document(tree["party"]).version == 1


def test_documents_of_the_bodies_above_are_readable_but_not_those_of_a_neighbours_bodies(tree, users):
    from resolute.conftest import make_unit
    from resolute.orgunits.models import OrgUnitKind

    hoi_an_party = make_unit("Thành ủy Hội An", tree["district_a"], OrgUnitKind.PARTY_COMMITTEE)
    dai_loc_party = make_unit("Huyện ủy Đại Lộc", tree["district_b"], OrgUnitKind.PARTY_COMMITTEE)
    provincial = make_document(tree["committee"], number="1/QD-UBND", title="Provincial decision")
    hoi_an = make_document(hoi_an_party, number="2-NQ/TU", title="Hoi An resolution")
    dai_loc = make_document(dai_loc_party, number="3-NQ/HU", title="Dai Loc resolution")
    department = make_document(tree["finance"], number="4/STC", title="Finance letter")
    commune_user = make_user("minhan", (tree["commune_a1"], "reporter"))

    assert can_view_document(commune_user, provincial)
    assert can_view_document(commune_user, hoi_an)
    assert not can_view_document(commune_user, dai_loc)
    assert not can_view_document(users["district_b_reporter"], hoi_an)
    # A department's papers stay within the People's Committee's branch of the tree.
    assert not can_view_document(users["district_a_reporter"], department)
    assert can_view_document(users["finance"], department)


def test_a_relation_is_visible_only_when_both_documents_are(conclusion, district_a_plan, users):
    actions.add_relation(acting_user=None, source=district_a_plan, target=conclusion, kind="implements")
    assert DocumentRelation.objects.visible_to(users["district_a_reporter"]).count() == 1
    assert DocumentRelation.objects.visible_to(users["district_b_reporter"]).count() == 0
    assert DocumentRelation.objects.visible_to(users["leader"]).count() == 1
