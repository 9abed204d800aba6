"""`?as_of=` on the API wherever its page has it: the units list answers the tree of a past day as the
tree page shows it (the units open then, where they sat, as they were named), page by page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolute.conftest import make_unit
from resolute.orgunits import actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind, UnitFormerName
from resolute.tasks.tests.factories import api_for

BEFORE = datetime.date(2025, 6, 15)
CLOSED_ON = datetime.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 8, 1, 9, 0), tick=False)


@pytest.fixture
def reorganised(tree):
    """District A is renamed on 1 July; commune A1 moves under district B on 1 August; a new ward
    opens on 1 July; commune B1 closed on 30 June."""
    district = tree["district_a"]
    UnitFormerName.objects.create(
        unit=district, name=district.name, name_en=district.name_en, code=district.code, used_until=CLOSED_ON
    )
    actions.update_unit(acting_user=None, unit=OrgUnit.objects.get(pk=district.pk), name="Thành phố mới")
    actions.move_unit(
        acting_user=None, unit=tree["commune_a1"], new_parent=tree["district_b"], confirm_access_change=True
    )
    make_unit("Phường mới", tree["province"], OrgUnitKind.COMMUNE, effective_from=datetime.date(2025, 7, 1))
    actions.close_unit(acting_user=None, unit=tree["commune_b1"], closed_on=CLOSED_ON, successors=[])
    return tree


def units(client, **query) -> list[dict]:
    return client.get("/api/v1/units/", {**query, "page_size": 100}).json()["items"]


def test_the_units_of_a_past_day_are_those_open_then_placed_and_named_as_then(reorganised, users):
    tree = reorganised
    admin = api_for(users["admin"])
    then = {unit["id"]: unit for unit in units(admin, as_of=BEFORE.isoformat())}
    assert then[tree["district_a"].pk]["name"] == tree["district_a"].name
    assert then[tree["commune_a1"].pk]["parent"]["id"] == tree["district_a"].pk
    assert then[tree["commune_a1"].pk]["parent"]["name"] == tree["district_a"].name
    assert tree["commune_b1"].pk in then
    assert "Phường mới" not in [unit["name"] for unit in then.values()]
    now = {unit["id"]: unit for unit in units(admin)}
    assert now[tree["district_a"].pk]["name"] == "Thành phố mới"
    assert now[tree["commune_a1"].pk]["parent"]["id"] == tree["district_b"].pk
    assert tree["commune_b1"].pk not in now


def test_the_units_of_a_past_day_are_in_that_day_s_tree_order_and_walked_by_cursor(reorganised, users):
    tree = reorganised
    admin = api_for(users["admin"])
    ids = [unit["id"] for unit in units(admin, as_of=BEFORE.isoformat())]
    assert (
        ids.index(tree["district_a"].pk) < ids.index(tree["commune_a1"].pk) < ids.index(tree["district_b"].pk)
    )
    walked, url = [], f"/api/v1/units/?as_of={BEFORE.isoformat()}&page_size=2"
    while url:
        body = admin.get(url).json()
        walked += [unit["id"] for unit in body["items"]]
        url = body["next"]
    assert walked == ids


def test_the_units_of_a_past_day_cost_the_same_queries_however_many_were_renamed(
    reorganised, users, django_assert_num_queries
):
    admin = api_for(users["admin"])
    units(admin, as_of=BEFORE.isoformat())
    with CaptureQueriesContext(connection) as few:
        units(admin, as_of=BEFORE.isoformat())
    for number in range(10):
        unit = make_unit(f"Tổ {number}", reorganised["district_b"])
        UnitFormerName.objects.create(unit=unit, name=f"Tổ cũ {number}", used_until=CLOSED_ON)
    with django_assert_num_queries(len(few.captured_queries)):
        names = [unit["name"] for unit in units(admin, as_of=BEFORE.isoformat())]
    assert "Tổ cũ 9" in names


def test_a_day_that_is_not_a_date_is_a_problem_naming_as_of(tree, users):
    response = api_for(users["admin"]).get("/api/v1/units/", {"as_of": "yesterday"})
    assert response.status_code == 422 and "as_of" in response.json()["errors"]


def test_the_target_list_judges_each_target_as_of_the_day_asked_as_the_list_page_does(tree, users):
    from resolute.targets.tests.rows import make_indicator, make_target, make_value

    indicator = make_indicator("HOUSES")
    target = make_target(tree["district_a"], indicator, value=100)
    make_value(indicator, tree["district_a"], "2025", 120)
    office = api_for(users["office"])
    for day in ("2025-03-01", "2026-01-15"):
        listed = office.get("/api/v1/targets/targets", {"as_of": day}).json()["items"]
        detail = office.get(f"/api/v1/targets/targets/{target.pk}", {"as_of": day}).json()
        assert [item["id"] for item in listed] == [target.pk]
        assert listed[0]["evaluation"] == detail["evaluation"]
        assert listed[0]["evaluation"]["as_of"] == day
    assert office.get("/api/v1/targets/targets").json()["items"][0]["evaluation"]["as_of"] == "2025-08-01"
