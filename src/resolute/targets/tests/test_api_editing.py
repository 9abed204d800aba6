"""Changing targets and indicators through the API: the page's actions and permissions, with the
version read (or its ETag) so that nobody's change is silently overwritten."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from resolute.core.models import ChangeLogEntry
from resolute.targets.models import Indicator, Target

from .rows import make_target
from .test_values import make_indicator


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def patch(client, path, payload, **headers):
    return client.patch(f"/api/v1/targets{path}", payload, content_type="application/json", headers=headers)


@pytest.fixture
def poor(tree):
    indicator = make_indicator("POOR_HOUSEHOLDS", minimum=Decimal("0"))
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    return indicator


@pytest.fixture
def target(poor):
    return poor.targets.get()


# -- targets --------------------------------------------------------------------------------------


def test_the_office_changes_a_target_with_the_etag_it_read_and_the_change_is_logged(users, target):
    client = signed_in(users["office"])
    read = client.get(f"/api/v1/targets/targets/{target.pk}")
    assert read["ETag"] == '"1"' and read.json()["version"] == 1
    response = patch(
        client, f"/targets/{target.pk}", {"value": "90", "area": "Giảm nghèo"}, If_Match=read["ETag"]
    )
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    assert (Decimal(response.json()["value"]), response.json()["area"]) == (Decimal(90), "Giảm nghèo")
    target.refresh_from_db()
    assert target.value == Decimal("90")
    entry = ChangeLogEntry.objects.filter(content_type__model="target", action="update").get()
    assert entry.actor == users["office"] and "value" in entry.changes


def test_a_target_change_without_a_version_is_428_and_a_stale_one_409(users, target):
    client = signed_in(users["office"])
    assert patch(client, f"/targets/{target.pk}", {"value": "90"}).status_code == 428
    assert patch(client, f"/targets/{target.pk}", {"value": "90", "version": 1}).status_code == 200
    stale = patch(client, f"/targets/{target.pk}", {"value": "80", "version": 1})
    assert stale.status_code == 409
    assert Target.objects.get(pk=target.pk).value == Decimal("90")


def test_a_target_s_rules_are_named_by_the_api_s_field(users, target, tree):
    client = signed_in(users["office"])
    between = patch(client, f"/targets/{target.pk}", {"version": 1, "comparator": "range"})
    assert between.status_code == 422 and "value_max" in between.json()["errors"]
    emptied = patch(client, f"/targets/{target.pk}", {"version": 1, "year": None})
    assert emptied.status_code == 422 and "year" in emptied.json()["errors"]
    unknown = patch(client, f"/targets/{target.pk}", {"version": 1, "indicator": "NOTHING"})
    assert unknown.status_code == 422 and "indicator" in unknown.json()["errors"]
    assert Target.objects.get(pk=target.pk).version == 1


def test_a_target_cannot_be_moved_to_a_unit_its_office_does_not_cover(users, target, tree):
    from resolute.conftest import make_unit, make_user
    from resolute.orgunits.choices import Role
    from resolute.orgunits.models import OrgUnitKind

    hoian_office = make_user(
        "hoian_office", (make_unit("Văn phòng Hội An", tree["district_a"], OrgUnitKind.AGENCY), Role.OFFICE)
    )
    response = patch(
        signed_in(hoian_office), f"/targets/{target.pk}", {"version": 1, "unit_id": tree["district_b"].pk}
    )
    assert response.status_code == 422 and "unit_id" in response.json()["errors"]
    assert Target.objects.get(pk=target.pk).unit == tree["district_a"]


def test_a_reporter_may_not_change_a_target_and_another_district_does_not_see_it(users, target):
    assert (
        patch(signed_in(users["district_a_reporter"]), f"/targets/{target.pk}", {"version": 1}).status_code
        == 403
    )
    assert (
        patch(signed_in(users["district_b_reporter"]), f"/targets/{target.pk}", {"version": 1}).status_code
        == 404
    )
    assert Target.objects.get(pk=target.pk).version == 1


# -- indicators -----------------------------------------------------------------------------------


def test_an_office_changes_an_indicator_with_its_version(users, poor):
    client = signed_in(users["office"])
    read = client.get("/api/v1/targets/indicators/POOR_HOUSEHOLDS")
    assert read["ETag"] == '"1"'
    response = patch(client, "/indicators/POOR_HOUSEHOLDS", {"name_en": "Poor households"}, If_Match='"1"')
    assert response.status_code == 200
    assert response.json()["name_en"] == "Poor households" and response["ETag"] == '"2"'
    assert patch(client, "/indicators/POOR_HOUSEHOLDS", {"name_en": "Late", "version": 1}).status_code == 409
    assert patch(client, "/indicators/POOR_HOUSEHOLDS", {"name_en": "No version"}).status_code == 428
    assert Indicator.objects.get(pk=poor.pk).name_en == "Poor households"


def test_an_indicator_s_rules_are_named_and_a_reporter_may_not_change_it(users, poor):
    client = signed_in(users["office"])
    make_indicator("JOBS")
    taken = patch(client, "/indicators/POOR_HOUSEHOLDS", {"version": 1, "code": "JOBS"})
    assert taken.status_code == 422 and "code" in taken.json()["errors"]
    ratio = patch(
        client, "/indicators/POOR_HOUSEHOLDS", {"version": 1, "across_units": "ratio", "numerator": "NONE"}
    )
    assert ratio.status_code == 422 and "numerator" in ratio.json()["errors"]
    denied = patch(
        signed_in(users["district_a_reporter"]), "/indicators/POOR_HOUSEHOLDS", {"version": 1, "name": "X"}
    )
    assert denied.status_code == 403
    assert Indicator.objects.get(pk=poor.pk).version == 1
