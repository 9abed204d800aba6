"""A query string typed by hand or pasted from an old link never breaks a page: a page number that is
not one, below one or past the end shows the nearest page there is; a year or a day out of range the
nearest one kept, or — in a filter form — a message next to the field."""

from datetime import date

import pytest
from django.test import Client

from resolute.core.asof import day_or_today
from resolute.core.pagination import page_number, year_in
from resolute.core.periods import Period

BIGGEST_INTEGER = "9223372036854775807"

LIST_PAGES = [
    "/",
    "/changes/",
    "/calendar/",
    "/accounts/users/",
    "/units/",
    "/units/search?q=a",
    "/documents/",
    "/reporting/regimes/",
    "/reporting/compliance/",
    "/reporting/notifications/",
    "/reporting/notifications/outbox/",
    "/reporting/follow-up/",
    "/reports/",
    "/reports/?format=xlsx",
    "/reports/obstacles/",
    "/reports/units/{province}/",
    "/targets/",
    "/targets/indicators/",
    "/targets/entry/?unit={district}",
    "/targets/entry/template/?unit={district}",
    "/targets/approvals/",
    "/tasks/",
    "/tasks/inbox/",
    "/tasks/export.xlsx",
    "/tasks/league/",
]

BAD_QUERIES = [
    {"page": BIGGEST_INTEGER},
    {"page": "-1"},
    {"page": "abc"},
    {"page": "1e400"},
    {"year": "99999"},
    {"year": "-1"},
    {"year": "abc"},
    {"as_of": "9999-12-31"},
    {"as_of": "0001-01-01"},
    {"as_of": "2025-02-30"},
    {"deadline_from": "0001-01-01", "deadline_to": "9999-12-31"},
    {"period": "9999Q4"},
    {"period": "0000Q1"},
]


@pytest.mark.parametrize("address", LIST_PAGES)
def test_every_list_and_dashboard_page_answers_a_bad_query_string_without_an_error(address, tree, users):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["admin"])
    address = address.format(province=tree["province"].pk, district=tree["district_a"].pk)
    separator = "&" if "?" in address else "?"
    for query in BAD_QUERIES:
        encoded = "&".join(f"{name}={value}" for name, value in query.items())
        response = client.get(f"{address}{separator}{encoded}")
        assert response.status_code in {200, 302}, (address, query, response.status_code)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        ("2", 2),
        ("-1", 1),
        ("0", 1),
        ("abc", 1),
        ("", 1),
        (None, 1),
        ("1e400", 1),
        ("2.5", 1),
        (BIGGEST_INTEGER, 3),
        ("9" * 400, 1),
    ],
)
def test_a_page_out_of_range_is_the_nearest_page_there_is(asked, shown):
    assert page_number(asked, last_page=3) == shown


def test_a_year_out_of_range_is_the_nearest_year_kept_and_a_word_is_the_default():
    assert [year_in(raw, default=2025) for raw in ("2030", "99999", "-1", "abc", None)] == [
        2030,
        2100,
        1900,
        2025,
        2025,
    ]


def test_a_day_out_of_range_is_the_nearest_day_kept():
    assert day_or_today("0001-01-01") == date(1900, 1, 1)
    assert day_or_today("9999-12-31") == date(2100, 12, 31)
    assert day_or_today("2025-06-30") == date(2025, 6, 30)


def test_a_period_outside_the_years_kept_is_not_a_period():
    assert Period.parse("210012").code == "210012"
    for code in ("9999Q4", "0000Q1", "189912"):
        with pytest.raises(ValueError, match="is not a period"):
            Period.parse(code)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a day from 1900-01-01 to 2100-12-31."),
        ("vi", "Hãy nhập một ngày từ 1900-01-01 đến 2100-12-31."),
    ],
)
def test_the_task_list_names_the_as_of_day_it_cannot_use_in_the_readers_language(users, language, message):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(users["office"])
    response = client.get("/tasks/", {"as_of": "0001-01-01"})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_dashboard_of_a_day_long_past_shows_the_first_day_kept(users):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["leader"])
    response = client.get("/reports/", {"as_of": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["view"].as_of == date(1900, 1, 1)
