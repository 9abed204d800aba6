"""The working-days page: everyone reads the year's days off; the province's office and administrators
add and delete adjustments, each logged; others are refused."""

from datetime import UTC, date, datetime

import time_machine
from django.test import Client

from resolute.core.actions import create_calendar_adjustment
from resolute.core.calendar import is_working_day
from resolute.core.models import CalendarAdjustment, ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership
from resolute.web.permissions import may_edit_calendar


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_shows_the_holidays_of_the_year_asked_for_with_tet_by_the_lunar_calendar(users):
    response = signed_in(users["leader"]).get("/calendar/", {"year": 2027}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Working days 2027" in html
    for day in ["2027-02-05", "2027-02-06", "2027-02-09", "2027-04-16", "2027-09-01"]:
        assert f'datetime="{day}"' in html
    assert 'datetime="2027-02-10"' not in html


@time_machine.travel(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), tick=False)
def test_opens_on_the_current_year_in_vietnam(users):
    # 17:30 UTC on 31 December is already New Year's morning in Vietnam.
    response = signed_in(users["leader"]).get("/calendar/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Working days 2027" in response.content.decode()


def test_counts_the_working_days_of_each_month(users):
    response = signed_in(users["leader"]).get("/calendar/", {"year": 2026}, HTTP_ACCEPT_LANGUAGE="en")
    months = response.context["months"]
    assert [month["working_days"] for month in months][:2] == [21, 15]  # January; February with Tết


def test_the_province_office_adds_a_swapped_saturday_and_the_change_is_logged(users):
    client = signed_in(users["office"])
    response = client.post(
        "/calendar/", {"day": "2026-01-10", "kind": "working_day", "reason": "Worked for 2 January"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/calendar/?year=2026"
    assert is_working_day(date(2026, 1, 10))
    entry = ChangeLogEntry.objects.get(content_type__model="calendaradjustment")
    assert entry.actor == users["office"] and entry.action == "create"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Worked for 2 January" in page and 'name="delete"' in page


def test_the_office_deletes_an_adjustment(users):
    adjustment = create_calendar_adjustment(
        acting_user=users["admin"], day=date(2026, 4, 27), kind="day_off", reason="In lieu of 26/4"
    )
    response = signed_in(users["admin"]).post("/calendar/", {"delete": adjustment.pk})
    assert response.status_code == 302
    assert not CalendarAdjustment.objects.exists()
    assert is_working_day(date(2026, 4, 27))
    assert signed_in(users["admin"]).post("/calendar/", {"delete": "x"}).status_code == 404
    assert ChangeLogEntry.objects.filter(content_type__model="calendaradjustment", action="delete").exists()


def test_an_adjustment_that_changes_nothing_is_refused_with_the_field_named(users):
    client = signed_in(users["office"])
    response = client.post(
        "/calendar/",
        {"day": "2026-09-02", "kind": "day_off", "reason": "National Day"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "already a day off" in response.content.decode()
    response = client.post(
        "/calendar/", {"day": "2026-03-10", "kind": "working_day", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "already a working day" in response.content.decode()
    assert not CalendarAdjustment.objects.exists()


def test_a_second_adjustment_of_the_same_day_is_refused(users):
    create_calendar_adjustment(
        acting_user=users["office"], day=date(2026, 1, 2), kind="day_off", reason="Bridge"
    )
    response = signed_in(users["office"]).post(
        "/calendar/", {"day": "2026-01-02", "kind": "day_off", "reason": "again"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert CalendarAdjustment.objects.count() == 1


def test_others_read_the_calendar_but_may_not_change_it(users, tree):
    # An office placed below the district serves the district: it covers district A, not the province.
    district_office = users["district_a_reporter"]
    Membership.objects.create(user=district_office, unit=tree["commune_a1"], role=Role.OFFICE)
    adjustment = create_calendar_adjustment(
        acting_user=users["office"], day=date(2026, 1, 2), kind="day_off", reason="Bridge"
    )
    for user in [users["leader"], users["district_a_manager"], district_office]:
        client = signed_in(user)
        page = client.get("/calendar/", {"year": 2026}).content.decode()
        assert "Bridge" in page and 'name="delete"' not in page and 'name="reason"' not in page
        assert client.post("/calendar/", {"delete": adjustment.pk}).status_code == 403
        assert (
            client.post("/calendar/", {"day": "2026-01-05", "kind": "day_off", "reason": "x"}).status_code
            == 403
        )
    assert CalendarAdjustment.objects.count() == 1
    assert not may_edit_calendar(district_office)
    assert may_edit_calendar(users["office"]) and may_edit_calendar(users["admin"])


def test_the_navigation_offers_the_page_to_offices_and_administrators_only(users):
    assert 'href="/calendar/"' in signed_in(users["office"]).get("/calendar/").content.decode()
    assert 'href="/calendar/"' in signed_in(users["admin"]).get("/calendar/").content.decode()
    assert 'href="/calendar/"' not in signed_in(users["finance"]).get("/calendar/").content.decode()


def test_the_page_runs_a_bounded_number_of_queries(users, django_assert_max_num_queries):
    for day in range(5, 10):
        create_calendar_adjustment(
            acting_user=users["office"], day=date(2026, 10, day), kind="day_off", reason=f"Day {day}"
        )
    client = signed_in(users["office"])
    client.get("/calendar/", {"year": 2026})
    with django_assert_max_num_queries(12):
        assert client.get("/calendar/", {"year": 2026}).status_code == 200


def test_a_year_that_is_not_a_number_falls_back_to_this_year(users):
    response = signed_in(users["leader"]).get("/calendar/", {"year": "next"})
    assert response.status_code == 200
    assert response.context["year"] >= 2026
    assert 'href="?year=' in response.content.decode()
    assert "?year=2.0" not in response.content.decode() and "?year=2,0" not in response.content.decode()
