"""The working-day calendar and the change log through the API: read and changed as on their pages."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from resolute.conftest import make_unit, make_user
from resolute.core.actions import create_calendar_adjustment
from resolute.core.calendar import is_working_day
from resolute.core.models import CalendarAdjustment, ChangeLogEntry
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind

CALENDAR, CHANGES = "/api/v1/calendar", "/api/v1/changes"


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def add(client, **fields):
    return client.post(f"{CALENDAR}/adjustments", fields, content_type="application/json")


# -- the calendar ---------------------------------------------------------------------------------


def test_anyone_reads_a_year_s_days_off_with_tet_and_the_working_days_of_each_month(users):
    body = signed_in(users["district_b_reporter"]).get(CALENDAR, {"year": 2026}).json()
    days = [row["day"] for row in body["holidays"]]
    assert "2026-02-17" in days and "2026-09-02" in days  # Tết and National Day
    assert [month["working_days"] for month in body["months"]][:2] == [21, 15]
    assert body["may_edit"] is False


@time_machine.travel(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), tick=False)
def test_the_calendar_opens_on_the_current_year_in_vietnam(users):
    assert signed_in(users["leader"]).get(CALENDAR).json()["year"] == 2027


def test_a_year_the_page_does_not_offer_is_named(users):
    response = signed_in(users["leader"]).get(CALENDAR, {"year": 1800})
    assert response.status_code == 422 and "year" in response.json()["errors"]


def test_the_province_office_swaps_a_saturday_then_deletes_it_and_each_change_is_logged(users):
    client = signed_in(users["office"])
    response = add(client, day="2026-01-10", kind="working_day", reason="Worked for 2 January")
    assert response.status_code == 201
    assert is_working_day(date(2026, 1, 10))
    listed = client.get(CALENDAR, {"year": 2026}).json()
    assert [row["reason"] for row in listed["adjustments"]] == ["Worked for 2 January"]
    assert listed["may_edit"] is True
    assert client.delete(f"{CALENDAR}/adjustments/{response.json()['id']}").status_code == 204
    assert not is_working_day(date(2026, 1, 10))
    actions = ChangeLogEntry.objects.filter(content_type__model="calendaradjustment", actor=users["office"])
    assert sorted(actions.values_list("action", flat=True)) == ["create", "delete"]


def test_an_adjustment_that_changes_nothing_or_repeats_a_day_is_refused_naming_the_field(users):
    client = signed_in(users["office"])
    nothing = add(client, day="2026-01-12", kind="working_day", reason="A Monday")
    assert nothing.status_code == 422 and "kind" in nothing.json()["errors"]
    assert add(client, day="2026-01-10", kind="working_day", reason="Swap").status_code == 201
    again = add(client, day="2026-01-10", kind="working_day", reason="Swap again")
    assert again.status_code == 422 and "day" in again.json()["errors"]


def test_a_district_may_read_the_calendar_but_not_change_it(users, hoian_office):
    adjustment = create_calendar_adjustment(
        acting_user=users["office"], day=date(2026, 1, 10), kind="working_day", reason="Swap"
    )
    for person in [hoian_office, users["district_a_manager"]]:
        client = signed_in(person)
        assert add(client, day="2026-01-17", kind="working_day", reason="Swap").status_code == 403
        assert client.delete(f"{CALENDAR}/adjustments/{adjustment.pk}").status_code == 403
    assert CalendarAdjustment.objects.count() == 1


def test_reading_the_calendar_costs_a_few_queries(users, django_assert_max_num_queries):
    client = signed_in(users["office"])
    with django_assert_max_num_queries(8):
        assert client.get(CALENDAR, {"year": 2026}).status_code == 200


# -- the change log -------------------------------------------------------------------------------


@pytest.fixture
def renamed_communes(tree, users):
    """A change in each district: commune A1 (Hội An) and commune B1 (Đại Lộc) get an English name."""
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["commune_a1"], name_en="Minh An Ward")
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["commune_b1"], name_en="Ai Nghia Town")
    return tree


@pytest.fixture
def hoian_office(tree):
    office_unit = make_unit("Văn phòng HĐND-UBND Hội An", tree["district_a"], OrgUnitKind.AGENCY)
    return make_user("hoian_office", (office_unit, Role.OFFICE))


def renamed(body) -> set[str]:
    return {
        entry["changes"]["name_en"]["new"]
        for entry in body["items"]
        if entry["actor"] is not None and "name_en" in entry["changes"]
    }


def test_a_district_office_reads_the_changes_of_its_district_and_not_of_another(
    renamed_communes, hoian_office
):
    body = signed_in(hoian_office).get(CHANGES).json()
    assert renamed(body) == {"Minh An Ward"}
    entry = next(entry for entry in body["items"] if entry["actor"] is not None)
    assert (entry["kind"], entry["action"], entry["actor"]["name"]) == ("orgunits.orgunit", "update", "admin")


def test_the_provincial_office_reads_the_changes_of_every_district(renamed_communes, users):
    assert renamed(signed_in(users["office"]).get(CHANGES).json()) == {"Minh An Ward", "Ai Nghia Town"}


def test_a_reporter_manager_or_viewer_may_not_read_the_change_log(renamed_communes, users):
    for name in ["district_a_reporter", "district_a_manager", "leader"]:
        assert signed_in(users[name]).get(CHANGES).status_code == 403


def test_the_change_log_filters_by_kind_person_action_and_days(renamed_communes, users):
    client = signed_in(users["admin"])
    units = client.get(CHANGES, {"kind": "orgunits.orgunit", "action": "update", "actor": users["admin"].pk})
    assert renamed(units.json()) == {"Minh An Ward", "Ai Nghia Town"}
    assert units.json()["count"] == 2
    assert client.get(CHANGES, {"kind": "accounts.user"}).json()["count"] == 0
    assert client.get(CHANGES, {"q": "Minh An", "actor": users["admin"].pk}).json()["count"] == 1
    today = ChangeLogEntry.objects.latest("at").at.date()
    assert client.get(CHANGES, {"until": date(today.year - 1, 1, 1).isoformat()}).json()["count"] == 0
    assert client.get(CHANGES, {"since": today.isoformat(), "action": "update"}).json()["count"] == 2


def test_an_unknown_kind_or_a_person_out_of_sight_is_named_not_obeyed(renamed_communes, hoian_office, users):
    client = signed_in(hoian_office)
    unknown = client.get(CHANGES, {"kind": "tasks.nothing"})
    assert unknown.status_code == 422 and "kind" in unknown.json()["errors"]
    stranger = client.get(CHANGES, {"actor": users["district_b_reporter"].pk})
    assert stranger.status_code == 422 and "actor" in stranger.json()["errors"]


def test_the_change_log_costs_the_same_number_of_queries_for_few_or_many_entries(
    renamed_communes, hoian_office, users, django_assert_max_num_queries
):
    client = signed_in(hoian_office)
    client.get(CHANGES)
    with django_assert_max_num_queries(12) as few:
        client.get(CHANGES)
    for index in range(30):
        unit_actions.update_unit(
            acting_user=users["admin"], unit=renamed_communes["commune_a1"], short_name=f"P{index}"
        )
    with django_assert_max_num_queries(12) as many:
        body = client.get(CHANGES).json()
    assert len(body["items"]) == body["count"] > 30
    assert len(few.captured_queries) == len(many.captured_queries)
