import datetime

import pytest
import time_machine
from django.test import Client

from resolute.core.models import ChangeLogEntry
from resolute.orgunits import actions
from resolute.orgunits.models import OrgUnit, UnitSuccession

UNITS = "/api/units/"


@pytest.fixture
def travel_to_today():
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        yield


def unit_url(unit, action: str = "") -> str:
    return f"{UNITS}{unit.pk}" + (f"/{action}" if action else "")


def post(api, url: str, data: dict):
    return api.post(url, data, content_type="application/json")


def patch(api, url: str, data: dict):
    return api.patch(url, data, content_type="application/json")


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# -- reading ------------------------------------------------------------------------------------


def test_the_list_holds_the_units_the_caller_can_see_in_tree_order(api_as, tree):
    response = api_as("district_a_reporter").get(UNITS)
    assert response.status_code == 200
    assert names(response) == ["Tỉnh Quảng Nam", "Thành phố Hội An", "Phường Minh An"]
    assert response.json()["count"] == 3


def test_the_list_is_paginated(api_as, tree):
    body = api_as("admin").get(UNITS + "?page_size=4&page=2").json()
    assert body["count"] == 9 and len(body["items"]) == 4


@pytest.mark.parametrize("query", ["tai chinh", "tài chính", "TÀI chinh"])
def test_the_list_searches_names_without_caring_for_accents(api_as, tree, query):
    assert names(api_as("admin").get(UNITS, {"q": query})) == ["Sở Tài chính"]


def test_the_list_filters_by_kind_parent_and_subtree(api_as, tree):
    api = api_as("admin")
    assert names(api.get(UNITS, {"kind": "district"})) == ["Thành phố Hội An", "Huyện Đại Lộc"]
    assert names(api.get(UNITS, {"parent": tree["committee"].pk})) == ["Sở Tài chính"]
    assert names(api.get(UNITS, {"under": tree["district_b"].pk})) == ["Huyện Đại Lộc", "Thị trấn Ái Nghĩa"]


def test_closed_units_are_listed_only_when_asked(api_as, tree, travel_to_today):
    actions.close_unit(acting_user=None, unit=tree["commune_b1"], closed_on=datetime.date(2025, 6, 30))
    api = api_as("admin")
    assert "Thị trấn Ái Nghĩa" not in names(api.get(UNITS))
    listed = api.get(UNITS, {"include_closed": "true", "q": "ai nghia"}).json()["items"]
    assert [(u["name"], u["effective_to"], u["is_closed"]) for u in listed] == [
        ("Thị trấn Ái Nghĩa", "2025-06-30", True)
    ]


def test_filtering_under_a_unit_the_caller_cannot_see_is_a_422_naming_the_filter(api_as, tree):
    response = api_as("district_a_reporter").get(UNITS, {"under": tree["district_b"].pk})
    assert response.status_code == 422
    assert "under" in response.json()["errors"]


def test_a_unit_reads_with_its_parent_and_lineage(api_as, tree, travel_to_today):
    actions.close_unit(
        acting_user=None,
        unit=tree["commune_b1"],
        closed_on=datetime.date(2025, 6, 30),
        successors=[tree["commune_a1"]],
        kind=UnitSuccession.Kind.MERGER,
    )
    body = api_as("admin").get(unit_url(tree["commune_a1"])).json()
    assert body["parent"] == {"id": tree["district_a"].pk, "name": "Thành phố Hội An", "code": "503"}
    assert body["predecessors"] == [
        {
            "unit": {"id": tree["commune_b1"].pk, "name": "Thị trấn Ái Nghĩa", "code": "20434"},
            "kind": "merger",
            "effective_on": "2025-07-01",
            "note": "",
        }
    ]


def test_a_unit_outside_the_caller_s_view_is_404(api_as, tree):
    assert api_as("district_a_reporter").get(unit_url(tree["district_b"])).status_code == 404


def test_the_api_needs_a_token(tree):
    assert Client().get(UNITS).status_code == 401


def test_the_picker_lists_open_visible_units_with_their_parent(api_as, tree):
    response = api_as("district_a_reporter").get(UNITS + "search", {"q": "phuong"})
    assert response.json() == [
        {
            "id": tree["commune_a1"].pk,
            # No English name: the Vietnamese one, marked, for an English reader.
            "name": "Phường Minh An (Vietnamese)",
            "code": "20335",
            "parent": {"id": tree["district_a"].pk, "name": "Thành phố Hội An", "code": "503"},
        }
    ]
    assert api_as("district_a_reporter").get(UNITS + "search", {"q": "dai loc"}).json() == []


# -- creating -----------------------------------------------------------------------------------


def test_an_administrator_creates_a_sub_unit(api_as, tree, people):
    response = post(
        api_as("district_a_admin"),
        UNITS,
        {"parent": tree["district_a"].pk, "name": "Phường Cẩm Phô", "kind": "commune", "code": "20338"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["parent"]["id"] == tree["district_a"].pk and body["version"] == 1
    assert (
        ChangeLogEntry.objects.get(object_id=str(body["id"]), action="create").actor
        == people["district_a_admin"]
    )


def test_creating_a_unit_with_a_code_in_use_is_a_422_naming_the_code(api_as, tree):
    count = OrgUnit.objects.count()
    response = post(api_as("admin"), UNITS, {"parent": tree["province"].pk, "name": "Other", "code": "503"})
    assert response.status_code == 422
    assert "503" in response.json()["errors"]["code"][0]
    assert OrgUnit.objects.count() == count


def test_creating_a_unit_without_a_name_is_a_422_naming_the_name(api_as, tree):
    response = post(api_as("admin"), UNITS, {"parent": tree["province"].pk, "name": ""})
    assert response.status_code == 422 and "name" in response.json()["errors"]


def test_creating_a_unit_with_a_bad_e_mail_is_a_422_naming_the_e_mail(api_as, tree):
    response = post(
        api_as("admin"), UNITS, {"parent": tree["province"].pk, "name": "X", "email": "not-an-address"}
    )
    assert response.status_code == 422 and "email" in response.json()["errors"]


def test_a_district_administrator_cannot_create_units_above_or_beside_its_district(api_as, tree):
    api = api_as("district_a_admin")
    above = post(api, UNITS, {"parent": tree["province"].pk, "name": "X"})
    assert above.status_code == 403
    beside = post(api, UNITS, {"parent": tree["district_b"].pk, "name": "X"})
    assert beside.status_code == 422 and "parent" in beside.json()["errors"]
    top = post(api, UNITS, {"name": "X"})
    assert top.status_code == 403
    assert not OrgUnit.objects.filter(name="X").exists()


# -- changing -----------------------------------------------------------------------------------


def test_patching_a_unit_with_its_current_version_changes_only_the_fields_sent(api_as, tree):
    response = patch(api_as("admin"), unit_url(tree["district_a"]), {"version": 1, "short_name": "HA"})
    assert response.status_code == 200
    body = response.json()
    assert body["short_name"] == "HA" and body["name_en"] == "Hoi An City" and body["version"] == 2
    assert OrgUnit.objects.get(pk=tree["district_a"].pk).search_text.endswith("ha 503")


def test_patching_with_a_stale_version_is_a_409_and_writes_nothing(api_as, tree):
    actions.update_unit(acting_user=None, unit=tree["district_a"], short_name="HA")
    response = patch(api_as("admin"), unit_url(tree["district_a"]), {"version": 1, "name_en": "Hoi An"})
    assert response.status_code == 409
    assert "reload" in response.json()["detail"]
    assert OrgUnit.objects.get(pk=tree["district_a"].pk).name_en == "Hoi An City"


def test_patching_without_a_version_is_refused_as_precondition_required(api_as, tree):
    response = patch(api_as("admin"), unit_url(tree["district_a"]), {"name_en": "X"})
    assert response.status_code == 428
    assert list(response.json()["errors"]) == ["version"]
    assert OrgUnit.objects.get(pk=tree["district_a"].pk).name_en == "Hoi An City"


def test_patching_a_unit_to_an_unknown_kind_is_a_422(api_as, tree):
    response = patch(api_as("admin"), unit_url(tree["district_a"]), {"version": 1, "kind": "galaxy"})
    assert response.status_code == 422


def test_a_district_administrator_cannot_patch_units_outside_its_district(api_as, tree):
    api = api_as("district_a_admin")
    change = {"version": 1, "name": "Hacked"}
    assert patch(api, unit_url(tree["province"]), change).status_code == 403
    assert patch(api, unit_url(tree["district_b"]), change).status_code == 404
    assert not OrgUnit.objects.filter(name="Hacked").exists()


# -- moving and closing -------------------------------------------------------------------------


def test_moving_a_unit_carries_its_subtree(api_as, tree):
    # Hội An's people then read the committee's documents: a change of access, confirmed here.
    response = post(
        api_as("admin"),
        unit_url(tree["district_a"], "move") + "?confirm=true",
        {"parent": tree["committee"].pk},
    )
    assert response.status_code == 200 and response.json()["parent"]["id"] == tree["committee"].pk
    assert OrgUnit.objects.get(pk=tree["commune_a1"].pk).depth == 3


def test_moving_a_unit_under_its_own_sub_unit_is_a_422_naming_the_parent(api_as, tree):
    response = post(api_as("admin"), unit_url(tree["district_a"], "move"), {"parent": tree["commune_a1"].pk})
    assert response.status_code == 422
    assert "own sub-units" in response.json()["errors"]["parent"][0]


def test_a_district_administrator_cannot_move_units_out_of_or_into_its_district(api_as, tree):
    api = api_as("district_a_admin")
    out = post(api, unit_url(tree["commune_a1"], "move"), {"parent": tree["province"].pk})
    assert out.status_code == 422 and "parent" in out.json()["errors"]
    foreign = post(api, unit_url(tree["district_b"], "move"), {"parent": tree["district_a"].pk})
    assert foreign.status_code == 404
    assert OrgUnit.objects.get(pk=tree["commune_a1"].pk).parent_id == tree["district_a"].pk


def test_closing_a_unit_names_its_successors(api_as, tree, travel_to_today):
    response = post(
        api_as("admin"),
        unit_url(tree["commune_b1"], "close"),
        {"closed_on": "2025-06-30", "successors": [tree["commune_a1"].pk], "kind": "merger", "note": "NQ 1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["effective_to"] == "2025-06-30" and body["is_closed"] is True
    assert [s["unit"]["id"] for s in body["successors"]] == [tree["commune_a1"].pk]


def test_closing_a_unit_with_open_sub_units_is_a_422_naming_the_closing_date(api_as, tree):
    response = post(api_as("admin"), unit_url(tree["district_b"], "close"), {"closed_on": "2025-06-30"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"closed_on": ["Close or move its 1 open sub-units first."]}
    assert OrgUnit.objects.get(pk=tree["district_b"].pk).effective_to is None


def test_closing_with_a_successor_the_caller_cannot_see_is_a_422_naming_the_successors(api_as, tree):
    response = post(
        api_as("district_a_admin"),
        unit_url(tree["commune_a1"], "close"),
        {"closed_on": "2025-06-30", "successors": [tree["district_b"].pk]},
    )
    assert response.status_code == 422 and "successors" in response.json()["errors"]


def test_a_district_administrator_cannot_close_units_outside_its_district(api_as, tree):
    api = api_as("district_a_admin")
    closing = {"closed_on": "2025-06-30"}
    assert post(api, unit_url(tree["province"], "close"), closing).status_code == 403
    assert post(api, unit_url(tree["commune_b1"], "close"), closing).status_code == 404
    assert OrgUnit.objects.filter(effective_to__isnull=False).count() == 0


def test_the_unit_list_reads_a_constant_number_of_queries(api_as, tree, django_assert_max_num_queries):
    api = api_as("admin")
    for number in range(30):
        actions.create_unit(acting_user=None, parent=tree["commune_a1"], name=f"Tổ {number}", kind="other")
    with django_assert_max_num_queries(6):
        response = api.get(UNITS + "?page_size=40")
    assert len(response.json()["items"]) == 39


def test_an_issuers_document_symbol_is_set_through_the_api_and_logged_like_its_other_fields(api_as, tree):
    response = patch(
        api_as("admin"), unit_url(tree["district_a"]), {"version": 1, "document_symbol": "UBND-HA"}
    )
    assert response.status_code == 200 and response.json()["document_symbol"] == "UBND-HA"
    entry = ChangeLogEntry.objects.filter(object_id=str(tree["district_a"].pk), action="update").latest("pk")
    assert entry.changes["document_symbol"] == {"old": "", "new": "UBND-HA"}


def test_two_issuers_never_share_a_document_symbol(api_as, tree):
    response = patch(
        api_as("admin"), unit_url(tree["district_a"]), {"version": 1, "document_symbol": "UBND-TH"}
    )
    assert response.status_code == 422
    assert "UBND-TH" in response.json()["errors"]["document_symbol"][0]
    assert OrgUnit.objects.get(pk=tree["district_a"].pk).document_symbol == ""


def test_a_document_symbol_is_capitals_digits_and_hyphens_with_no_slash(api_as, tree):
    response = patch(
        api_as("admin"), unit_url(tree["district_a"]), {"version": 1, "document_symbol": "CV/UBND"}
    )
    assert response.status_code == 422 and "document_symbol" in response.json()["errors"]
