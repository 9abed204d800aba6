"""The main navigation: which entries each role sees, in which order, and which one is marked current."""

import pytest
from django.test import Client

EVERYONE = [
    ("/", "Home"),
    ("/reports/", "Dashboard"),
    ("/tasks/inbox/", "Tasks"),
    ("/targets/", "Targets"),
    ("/investment/", "Public investment"),
    ("/petitions/", "Petitions"),
    ("/oversight/", "Oversight findings"),
    ("/documents/", "Documents"),
    ("/units/", "Organisation"),
    ("/reporting/compliance/", "Reporting"),
]
OFFICE = [("/reporting/follow-up/", "Follow-up"), ("/calendar/", "Working days")]
ADMINISTRATOR = [("/accounts/users/", "Users"), ("/webhooks/", "Webhooks"), ("/changes/", "Change log")]
OFFICE_CHANGE_LOG = [("/changes/", "Change log")]


def navigation_of(user, url="/"):
    client = Client()
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return [(item["url"], str(item["label"]), item["active"]) for item in response.context["navigation"]]


def entries(navigation):
    return [(url, label) for url, label, _active in navigation]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", EVERYONE + OFFICE + ADMINISTRATOR),
        ("office", EVERYONE + OFFICE + OFFICE_CHANGE_LOG),
        ("district_a_manager", EVERYONE),
        ("finance", EVERYONE),
        ("leader", EVERYONE),
    ],
    ids=["administrator", "office", "unit manager", "reporter", "viewer"],
)
def test_each_role_sees_its_entries_in_the_same_order(users, username, expected):
    assert entries(navigation_of(users[username])) == expected


def test_signed_out_visitors_get_no_navigation(db):
    response = Client().get("/accounts/login/")
    assert response.context["navigation"] == []


def test_the_page_of_an_app_with_one_entry_marks_that_entry_on_every_page_of_the_app(users):
    navigation = navigation_of(users["office"], "/tasks/new/")
    assert [label for _url, label, active in navigation if active] == ["Tasks"]


def test_an_app_with_several_entries_marks_only_the_entry_of_the_page_itself(users):
    home = navigation_of(users["office"], "/")
    assert [label for _url, label, active in home if active] == ["Home"]
    board = navigation_of(users["office"], "/reporting/follow-up/")
    assert [label for _url, label, active in board if active] == ["Follow-up"]
