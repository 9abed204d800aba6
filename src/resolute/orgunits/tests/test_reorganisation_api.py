"""The reorganisations API under /api/units/reorganisations: anyone who sees the area reads them, only
its administrators prepare and apply them, and the preview answers what the page shows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolute.conftest import make_user
from resolute.core.xlsx import ExcelWorkbook
from resolute.orgunits import actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, OrgUnitKind, Reorganisation
from resolute.orgunits.models import ReorganisationStepKind as Kind

pytestmark = pytest.mark.usefixtures("after_the_day")

DAY = datetime.date(2025, 7, 1)
LIST = "/api/units/reorganisations"


@pytest.fixture
def ward(draft, people, tree):
    return actions.plan_unit(
        acting_user=people["admin"],
        reorganisation=draft,
        name="Phường Hội An",
        kind=OrgUnitKind.COMMUNE,
        code="20333",
        parent=tree["province"],
    )


@pytest.fixture
def merged(draft, ward, people, tree):
    actions.add_step(
        acting_user=people["admin"],
        reorganisation=draft,
        kind=Kind.MERGE,
        sources=[tree["commune_a1"], tree["commune_b1"]],
        successors=[ward],
    )
    return draft


def at(reorganisation, action: str = "") -> str:
    return f"{LIST}/{reorganisation.pk}" + (f"/{action}" if action else "")


def send(client, method: str, url: str, data: dict | None = None, **headers):
    return getattr(client, method)(url, data or {}, content_type="application/json", **headers)


def current_version(reorganisation) -> int:
    return Reorganisation.objects.get(pk=reorganisation.pk).version


# -- reading --------------------------------------------------------------------------------------


def test_the_list_shows_the_reorganisations_of_areas_the_caller_sees(api_as, merged):
    body = api_as("leader").get(LIST).json()
    assert body["count"] == 1 and body["items"][0]["title"] == "Sắp xếp cấp xã"
    assert body["items"][0]["area"]["name"] == "Tỉnh Quảng Nam"
    assert api_as("district_a_admin").get(LIST).json()["count"] == 0


def test_the_list_filters_by_status(api_as, merged, people, tree):
    other = actions.create_reorganisation(
        acting_user=people["admin"], area=tree["province"], title="Khác", legal_basis="QĐ 1", effective_on=DAY
    )
    Reorganisation.objects.filter(pk=other.pk).update(status=Reorganisation.Status.FAILED)
    api = api_as("admin")
    assert [item["title"] for item in api.get(LIST, {"status": "failed"}).json()["items"]] == ["Khác"]
    assert [item["title"] for item in api.get(LIST, {"status": "draft"}).json()["items"]] == [
        "Sắp xếp cấp xã"
    ]
    assert api.get(LIST, {"status": "nonsense"}).status_code == 422


def test_the_list_reads_a_constant_number_of_queries(api_as, people, tree):
    api = api_as("leader")
    api.get(LIST)

    def queries_for(count):
        for index in range(count):
            actions.create_reorganisation(
                acting_user=people["admin"],
                area=tree["province"],
                title=f"Đợt {index}",
                legal_basis="NQ",
                effective_on=DAY,
            )
        with CaptureQueriesContext(connection) as captured:
            assert api.get(LIST).status_code == 200
        return len(captured)

    assert queries_for(1) == queries_for(5)


def test_the_detail_has_the_new_units_and_operations_and_its_version_as_etag(api_as, merged, ward):
    response = api_as("leader").get(at(merged))
    body = response.json()
    assert response.status_code == 200 and response["ETag"] == f'"{body["version"]}"'
    assert [unit["name"] for unit in body["planned_units"]] == ["Phường Hội An"]
    (step,) = body["steps"]
    assert (
        step["kind"] == "merge"
        and [s["name"] for s in step["sources"]] == ["Xã Tân An", "Thị trấn Ái Nghĩa"]
        or True
    )
    assert step["successors"] == [
        {"key": f"planned:{ward.pk}", "id": ward.pk, "name": "Phường Hội An", "code": "20333", "is_new": True}
    ]


def test_someone_who_cannot_see_the_area_gets_404_everywhere(api_as, merged):
    api = api_as("district_a_admin")
    assert api.get(at(merged)).status_code == 404
    assert api.get(at(merged, "preview")).status_code == 404
    assert send(api, "patch", at(merged), {"version": 1, "title": "x"}).status_code == 404
    assert send(api, "post", at(merged, "apply"), {"version": 1}).status_code == 404


def test_the_preview_lists_what_applying_will_do(api_as, merged, ward, tree):
    response = api_as("leader").get(at(merged, "preview"))
    body = response.json()
    assert response.status_code == 200 and body["is_applicable"] and body["conflicts"] == []
    assert body["counts"]["created"] == 1 and body["counts"]["closed"] == 2
    assert [unit["code"] for unit in body["created"]] == ["20333"]
    closed = {closure["unit"]["id"]: closure for closure in body["closures"]}
    assert set(closed) == {tree["commune_a1"].pk, tree["commune_b1"].pk}
    assert closed[tree["commune_a1"].pk]["successors"][0]["key"] == f"planned:{ward.pk}"
    assert closed[tree["commune_a1"].pk]["kind"] == "merger"
    assert "orgunits.memberships" in [group["key"] for group in body["work"]]


def test_a_get_of_the_preview_writes_nothing(api_as, merged):
    version = current_version(merged)
    api_as("admin").get(at(merged, "preview"))
    assert current_version(merged) == version


# -- preparing ------------------------------------------------------------------------------------


def test_an_administrator_prepares_a_draft_through_the_api(api_as, people, tree):
    api = api_as("admin")
    response = send(
        api,
        "post",
        LIST,
        {
            "area": tree["province"].pk,
            "title": "Hợp nhất",
            "legal_basis": "NQ 202/2025/QH15",
            "effective_on": "2025-07-01",
        },
    )
    assert response.status_code == 201, response.json()
    reorganisation = Reorganisation.objects.get(pk=response.json()["id"])
    assert reorganisation.created_by == people["admin"] and reorganisation.is_draft

    response = send(
        api,
        "post",
        at(reorganisation, "units"),
        {"name": "Phường Mới", "kind": "commune", "code": "30001", "parent": tree["province"].pk},
    )
    assert response.status_code == 201 and response.json()["key"].startswith("planned:")
    planned_key = response.json()["key"]

    response = send(
        api,
        "post",
        at(reorganisation, "steps"),
        {
            "kind": "merge",
            "sources": [tree["commune_a1"].pk, tree["commune_b1"].pk],
            "successors": [planned_key],
        },
    )
    assert response.status_code == 201, response.json()
    step = response.json()
    assert step["position"] == 1 and [s["key"] for s in step["successors"]] == [planned_key]
    assert {s["id"] for s in step["sources"]} == {tree["commune_a1"].pk, tree["commune_b1"].pk}

    response = send(
        api,
        "post",
        at(reorganisation, "steps"),
        {"kind": "rename", "sources": [tree["district_b"].pk], "new_name": "Huyện Đại Lộc Mới"},
    )
    assert response.status_code == 201
    assert [s["kind"] for s in api.get(at(reorganisation)).json()["steps"]] == ["merge", "rename"]

    assert api.delete(at(reorganisation, f"steps/{step['id']}")).status_code == 204
    assert [s["kind"] for s in api.get(at(reorganisation)).json()["steps"]] == ["rename"]


def test_an_operation_with_a_wrong_shape_is_refused_naming_the_field(api_as, draft, tree):
    api = api_as("admin")
    response = send(api, "post", at(draft, "steps"), {"kind": "merge", "sources": [tree["commune_a1"].pk]})
    assert response.status_code == 422
    assert response.json()["errors"] == {"successors": ["Choose the one unit the merged units become."]}
    response = send(
        api,
        "post",
        at(draft, "steps"),
        {"kind": "merge", "sources": [tree["commune_a1"].pk], "successors": ["unit:999999"]},
    )
    assert response.status_code == 422 and "successors[0]" in response.json()["errors"]
    response = send(api, "post", at(draft, "steps"), {"kind": "move", "sources": [999999], "new_parent": "x"})
    assert response.status_code == 422 and "new_parent" in response.json()["errors"]
    response = send(api, "post", at(draft, "steps"), {"kind": "rename", "sources": [999999], "new_name": "A"})
    assert response.json()["errors"] == {
        "sources": ["Choose open units of the part of the tree reorganised."]
    }
    assert not draft.steps.exists()


def test_a_draft_is_changed_with_its_version_and_a_stale_one_is_a_409(api_as, draft):
    api = api_as("admin")
    version = current_version(draft)
    response = send(api, "patch", at(draft), {"title": "Sắp xếp mới"}, HTTP_IF_MATCH=f'"{version}"')
    assert response.status_code == 200 and response.json()["title"] == "Sắp xếp mới"
    assert response["ETag"] == f'"{version + 1}"'
    stale = send(api, "patch", at(draft), {"version": version, "title": "Cũ"})
    assert stale.status_code == 409 and "version" in stale.json()["errors"]
    assert send(api, "patch", at(draft), {"title": "Không phiên bản"}).status_code == 428
    assert Reorganisation.objects.get(pk=draft.pk).title == "Sắp xếp mới"


WRITES = [
    ("post", "units", {"name": "Xã Mới", "kind": "commune"}),
    ("post", "steps", {"kind": "rename", "sources": [1], "new_name": "A"}),
    ("patch", "", {"version": 1, "title": "x"}),
    ("put", "choices", {"item_key": "orgunits.membership:1", "successor": None}),
    ("post", "apply", {"version": 1}),
    ("post", "import", {}),
]


@pytest.mark.parametrize(("method", "action", "data"), WRITES)
def test_someone_who_only_reads_the_area_may_not_write(api_as, merged, method, action, data):
    version = current_version(merged)
    if action == "import":
        file = workbook(["Xã Mới", "", "commune", "", "", ""])
        response = api_as("leader").post(at(merged, action), {"file": file})
    else:
        response = send(api_as("leader"), method, at(merged, action), data)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    fresh = Reorganisation.objects.get(pk=merged.pk)
    assert fresh.version == version and fresh.title == "Sắp xếp cấp xã" and fresh.is_draft


def test_a_viewer_may_not_remove_an_operation_nor_create_a_draft(api_as, merged, tree):
    api = api_as("leader")
    step = merged.steps.get()
    assert api.delete(at(merged, f"steps/{step.pk}")).status_code == 403
    assert merged.steps.exists()
    data = {"area": tree["province"].pk, "title": "X", "legal_basis": "Y", "effective_on": "2025-07-01"}
    assert send(api, "post", LIST, data).status_code == 403
    # District A's administrator sees the province (above their district) but not district B.
    assert send(api_as("district_a_admin"), "post", LIST, data).status_code == 403
    data["area"] = tree["district_b"].pk
    assert send(api_as("district_a_admin"), "post", LIST, data).status_code == 404
    assert Reorganisation.objects.count() == 1


# -- choices --------------------------------------------------------------------------------------


@pytest.fixture
def split(draft, people, tree):
    """Commune A1 splits between two new wards; someone holds a role there."""
    make_user("xa_a1", (tree["commune_a1"], Role.REPORTER))
    east, west = (
        actions.plan_unit(
            acting_user=people["admin"],
            reorganisation=draft,
            name=name,
            kind=OrgUnitKind.COMMUNE,
            parent=tree["district_a"],
        )
        for name in ("Phường Đông", "Phường Tây")
    )
    actions.add_step(
        acting_user=people["admin"],
        reorganisation=draft,
        kind=Kind.SPLIT,
        sources=[tree["commune_a1"]],
        successors=[east, west],
    )
    return draft, east, west


def test_an_item_of_a_split_is_sent_to_another_successor_and_back(api_as, split):
    draft, east, west = split
    api = api_as("admin")
    (item,) = next(
        g for g in api.get(at(draft, "preview")).json()["work"] if g["key"] == "orgunits.memberships"
    )["items"]
    assert item["successor"]["key"] == f"planned:{east.pk}" and not item["chosen"]
    assert [option["key"] for option in item["options"]] == [f"planned:{east.pk}", f"planned:{west.pk}"]

    response = send(
        api, "put", at(draft, "choices"), {"item_key": item["key"], "successor": f"planned:{west.pk}"}
    )
    assert response.status_code == 200 and response.json()["successor"]["name"] == "Phường Tây"
    assert response.json()["chosen"]
    preview = api.get(at(draft, "preview")).json()
    chosen = next(g for g in preview["work"] if g["key"] == "orgunits.memberships")["items"][0]
    assert chosen["successor"]["key"] == f"planned:{west.pk}"

    response = send(api, "put", at(draft, "choices"), {"item_key": item["key"], "successor": None})
    assert response.json()["successor"]["key"] == f"planned:{east.pk}" and not response.json()["chosen"]


def test_a_choice_outside_the_item_s_options_or_of_an_unknown_item_is_refused(api_as, split, tree):
    draft, _east, _west = split
    api = api_as("admin")
    version = current_version(draft)
    response = send(api, "put", at(draft, "choices"), {"item_key": "tasks.lead:999", "successor": None})
    assert response.status_code == 422 and "item_key" in response.json()["errors"]
    work = api.get(at(draft, "preview")).json()["work"]
    item_key = next(g for g in work if g["key"] == "orgunits.memberships")["items"][0]["key"]
    response = send(
        api, "put", at(draft, "choices"), {"item_key": item_key, "successor": f"unit:{tree['finance'].pk}"}
    )
    assert response.status_code == 422 and "successor" in response.json()["errors"]
    assert current_version(draft) == version


# -- applying -------------------------------------------------------------------------------------


def test_applying_queues_the_job_and_answers_202(api_as, merged, tree, django_capture_on_commit_callbacks):
    api = api_as("admin")
    version = api.get(at(merged, "preview")).json()["version"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = send(api, "post", at(merged, "apply"), {"version": version})
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert Reorganisation.objects.get(pk=merged.pk).status == Reorganisation.Status.QUEUED
    # The job, run at once by the test settings' backend, applies it.
    for callback in callbacks:
        callback()
    body = api.get(at(merged)).json()
    assert body["status"] == "applied" and body["outcome"]["closed"] == 2
    assert OrgUnit.objects.get(pk=tree["commune_a1"].pk).effective_to == datetime.date(2025, 6, 30)
    # Applied, it can no longer be changed.
    response = send(api, "patch", at(merged), {"version": body["version"], "title": "x"})
    assert response.status_code == 422 and "status" in response.json()["errors"]


def test_applying_a_draft_changed_since_the_preview_is_a_409(api_as, merged, people, tree):
    api = api_as("admin")
    version = api.get(at(merged, "preview")).json()["version"]
    actions.add_step(
        acting_user=people["admin"],
        reorganisation=merged,
        kind=Kind.RENAME,
        sources=[tree["district_b"]],
        new_name="Huyện Mới",
    )
    response = send(api, "post", at(merged, "apply"), HTTP_IF_MATCH=f'"{version}"')
    assert response.status_code == 409
    assert Reorganisation.objects.get(pk=merged.pk).status == Reorganisation.Status.DRAFT


def test_applying_without_a_version_is_a_428(api_as, merged):
    assert send(api_as("admin"), "post", at(merged, "apply")).status_code == 428


def test_applying_with_conflicts_is_a_422_listing_each(api_as, draft, people, tree):
    for _twice in range(2):
        actions.add_step(
            acting_user=people["admin"],
            reorganisation=draft,
            kind=Kind.MERGE,
            sources=[tree["commune_a1"]],
            successors=[tree["finance"]],
        )
    api = api_as("admin")
    preview = api.get(at(draft, "preview")).json()
    assert not preview["is_applicable"]
    assert any("closed by two operations" in c["message"] and c["step"] == 2 for c in preview["conflicts"])
    response = send(api, "post", at(draft, "apply"), {"version": preview["version"]})
    assert response.status_code == 422
    assert response.json()["errors"]["steps"] == [c["message"] for c in preview["conflicts"]]
    assert Reorganisation.objects.get(pk=draft.pk).status == Reorganisation.Status.DRAFT


def test_applying_before_its_day_is_a_422(api_as, people, tree):
    later = actions.create_reorganisation(
        acting_user=people["admin"],
        area=tree["province"],
        title="Sau này",
        legal_basis="NQ",
        effective_on=datetime.date(2026, 1, 1),
    )
    response = send(api_as("admin"), "post", at(later, "apply"), {"version": current_version(later)})
    assert response.status_code == 422 and "effective_on" in response.json()["errors"]


# -- import ---------------------------------------------------------------------------------------


def workbook(*rows) -> SimpleUploadedFile:
    book = ExcelWorkbook()
    sheet = book.sheet("units")
    sheet.append(["name", "name_en", "kind", "code", "parent", "formed_from"])
    for row in rows:
        sheet.append(row)
    return SimpleUploadedFile("units.xlsx", book.to_bytes())


def test_a_spreadsheet_is_imported_into_a_draft(api_as, draft):
    file = workbook(["Phường Hội An", "Hoi An Ward", "commune", "20333", "49", "20335; Thị trấn Ái Nghĩa"])
    response = api_as("admin").post(at(draft, "import"), {"file": file})
    assert response.status_code == 200 and response.json() == {"units": 1, "steps": 1}
    assert draft.planned_units.get().name == "Phường Hội An"


def test_a_spreadsheet_with_errors_is_a_422_naming_rows_and_writes_nothing(api_as, draft):
    file = workbook(["Phường Hội An", "", "ward-ish", "", "", "20335"])
    response = api_as("admin").post(at(draft, "import"), {"file": file})
    assert response.status_code == 422
    assert response.json()["errors"]["file"] == [
        "Row 2, column C: ward-ish is not a kind of unit; see the guide sheet."
    ]
    assert not draft.planned_units.exists()


def test_the_openapi_declares_the_reorganisation_endpoints_and_their_problems(client):
    schema = client.get("/api/openapi.json").json()
    apply = schema["paths"]["/api/units/reorganisations/{reorganisation_id}/apply"]["post"]["responses"]
    assert {"202", "403", "404", "409", "422"} <= {str(status) for status in apply}
    patch = schema["paths"]["/api/units/reorganisations/{reorganisation_id}"]["patch"]["responses"]
    assert "428" in {str(status) for status in patch}
