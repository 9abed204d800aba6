"""The accounts pages, driven as a person would: sign in, keep a profile, hold tokens, administer users."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.accounts import actions
from resolute.accounts.models import ApiToken, User
from resolute.conftest import make_user
from resolute.orgunits.choices import Role


def url(name, *args):
    return reverse(f"accounts:{name}", args=args)


def text_of(response) -> str:
    return response.content.decode()


def shown_secret(response) -> str | None:
    match = re.search(r'class="secret-once__value">([^<]+)<', text_of(response))
    return match.group(1) if match else None


# -- signing in and out ---------------------------------------------------------------------------


def test_signing_in_with_the_right_password_opens_the_home_page(tree, users, visitor):
    response = visitor.post(url("login"), {"username": "finance", "password": "resolute-demo"})
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert visitor.get(url("profile")).context["user"] == users["finance"]


def test_a_failed_sign_in_says_so_and_keeps_the_user_name(tree, users, visitor):
    response = visitor.post(url("login"), {"username": "finance", "password": "wrong"})
    assert response.status_code == 200
    assert "The user name or password is not correct." in text_of(response)
    assert 'value="finance"' in text_of(response)
    assert not response.context["user"].is_authenticated


def test_a_deactivated_account_cannot_sign_in(tree, users, visitor):
    actions.deactivate_user(acting_user=None, user=users["finance"])
    response = visitor.post(url("login"), {"username": "finance", "password": "resolute-demo"})
    assert response.status_code == 200
    assert "The user name or password is not correct." in text_of(response)


def test_signing_in_returns_to_the_page_asked_for(tree, users, visitor):
    response = visitor.post(
        url("login") + "?next=/accounts/profile/", {"username": "leader", "password": "resolute-demo"}
    )
    assert response["Location"] == url("profile")


def test_signing_out_ends_the_session(tree, users, browser_for):
    browser = browser_for(users["leader"])
    response = browser.post(url("logout"))
    assert response.status_code == 302 and response["Location"] == url("login")
    assert browser.get(url("profile")).status_code == 302


def test_a_person_changes_their_password_and_stays_signed_in(tree, users, browser_for):
    browser = browser_for(users["leader"])
    assert browser.get(url("profile")).content.decode().count(url("password_change")) == 1
    wrong = browser.post(
        url("password_change"),
        {"old_password": "nope", "new_password1": "quiet-river-2025", "new_password2": "quiet-river-2025"},
    )
    assert "old_password" in wrong.context["form"].errors
    response = browser.post(
        url("password_change"),
        {
            "old_password": "resolute-demo",
            "new_password1": "quiet-river-2025",
            "new_password2": "quiet-river-2025",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("profile")
    assert "Your password has been changed." in text_of(response)
    users["leader"].refresh_from_db()
    assert users["leader"].check_password("quiet-river-2025")


# -- the profile ----------------------------------------------------------------------------------


def test_the_profile_shows_the_person_s_roles(tree, users, browser_for):
    response = browser_for(users["district_a_manager"]).get(url("profile"))
    assert response.status_code == 200
    assert "Hoi An City" in text_of(response)
    assert "You have no API tokens." in text_of(response)


def test_a_person_edits_their_own_details(tree, users, browser_for):
    browser = browser_for(users["finance"])
    response = browser.post(
        url("profile"),
        {
            "profile-full_name": "Võ Thị Hoa",
            "profile-email": "hoa@quangnam.gov.vn",
            "profile-job_title": "Chuyên viên",
            "profile-phone": "0235 3812 345",
            "profile-language": "",
        },
        follow=True,
    )
    assert "Your profile is saved." in text_of(response)
    users["finance"].refresh_from_db()
    assert users["finance"].full_name == "Võ Thị Hoa"
    assert users["finance"].email == "hoa@quangnam.gov.vn"


def test_a_bad_e_mail_on_the_profile_is_named_next_to_the_field(tree, users, browser_for):
    response = browser_for(users["finance"]).post(
        url("profile"), {"profile-full_name": "Hoa", "profile-email": "not-an-address"}
    )
    assert response.status_code == 422
    assert "email" in response.context["profile_form"].errors
    assert 'id="id_profile-email_error"' in text_of(response)
    users["finance"].refresh_from_db()
    assert users["finance"].email == ""


def test_a_new_token_is_shown_once_then_only_its_beginning(tree, users, browser_for):
    browser = browser_for(users["finance"])
    response = browser.post(url("token_create"), {"token-name": "Budget spreadsheet"}, follow=True)
    raw = shown_secret(response)
    assert raw and raw.startswith("rsl_")
    assert "shown only this once" in text_of(response)
    assert response["Cache-Control"].count("no-store") == 1
    token = ApiToken.objects.get(user=users["finance"])
    assert token.token_hash == ApiToken.hash(raw)
    again = browser.get(url("profile"))
    assert shown_secret(again) is None and raw not in text_of(again)
    assert "Budget spreadsheet" in text_of(again) and token.hint in text_of(again)


def test_a_token_needs_a_name(tree, users, browser_for):
    response = browser_for(users["finance"]).post(url("token_create"), {"token-name": ""})
    assert response.status_code == 422
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_a_person_chooses_a_token_s_scope_areas_and_last_day_and_the_list_shows_them(
    tree, users, browser_for
):
    browser = browser_for(users["finance"])
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        form = browser.get(url("profile"))
        assert 'value="2026-05-31"' in text_of(form), "90 days ahead by default"
        response = browser.post(
            url("token_create"),
            {
                "token-name": "Task reader",
                "token-scope": "read",
                "token-areas": ["tasks", "targets"],
                "token-expires_on": "2026-03-12",
            },
            follow=True,
        )
        token = ApiToken.objects.get(user=users["finance"])
        assert (token.scope, token.areas, token.expires_on) == (
            "read",
            ["tasks", "targets"],
            datetime.date(2026, 3, 12),
        )
        assert "Read only" in text_of(response) and "tasks, targets" in text_of(response)
        assert "expires in 10 days" in text_of(response)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        assert "expired on" in text_of(browser_for(users["finance"]).get(url("profile")))


def test_a_token_for_more_than_a_year_is_refused_next_to_its_last_day(tree, users, browser_for):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        response = browser_for(users["finance"]).post(
            url("token_create"), {"token-name": "Forever", "token-expires_on": "2028-01-01"}
        )
    assert response.status_code == 422
    assert "expires_on" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_token(tree, users, browser_for):
    token, _ = actions.create_api_token(acting_user=users["finance"], name="Sync")
    response = browser_for(users["finance"]).post(url("token_revoke", token.pk), follow=True)
    assert "no longer works" in text_of(response)
    assert not ApiToken.objects.get(pk=token.pk).is_active
    assert "Revoke</button>" not in text_of(response)


# -- user administration --------------------------------------------------------------------------


def listed(response) -> list[str]:
    return [person.username for person, _ in response.context["rows"]]


def test_the_user_list_shows_everyone_with_a_role_in_the_province_to_its_administrator(
    tree, users, browser_for
):
    response = browser_for(users["admin"]).get(url("user_list"))
    assert response.status_code == 200
    assert listed(response) == sorted(user.username for user in users.values())
    assert "Department of Finance" in text_of(response)


def test_the_user_list_searches_user_name_name_and_e_mail(tree, users, browser_for):
    actions.update_user(
        acting_user=None, user=users["finance"], full_name="Võ Thị Hoa", email="hoa@example.org"
    )
    browser = browser_for(users["admin"])
    assert listed(browser.get(url("user_list"), {"q": "dailoc"})) == ["dailoc"]
    assert listed(browser.get(url("user_list"), {"q": "thị hoa"})) == ["finance"]
    assert listed(browser.get(url("user_list"), {"q": "HOA@EXAMPLE"})) == ["finance"]
    empty = browser.get(url("user_list"), {"q": "no such person"})
    assert "No user matches these filters." in text_of(empty)


def test_the_user_list_filters_by_unit_subtree_and_role_together(tree, users, browser_for):
    actions.add_membership(acting_user=None, user=users["leader"], unit=tree["commune_a1"], role=Role.VIEWER)
    browser = browser_for(users["admin"])
    assert listed(browser.get(url("user_list"), {"unit": tree["district_a"].pk})) == [
        "hoian",
        "hoian_manager",
        "leader",
    ]
    assert listed(browser.get(url("user_list"), {"unit": tree["district_a"].pk, "role": Role.MANAGER})) == [
        "hoian_manager"
    ]
    # Both conditions hold for one role: the leader is a viewer inside district A (in commune A1),
    # but holds no viewer role inside the people's committee.
    assert listed(browser.get(url("user_list"), {"unit": tree["district_a"].pk, "role": Role.VIEWER})) == [
        "leader"
    ]
    assert listed(browser.get(url("user_list"), {"unit": tree["committee"].pk, "role": Role.VIEWER})) == []
    assert listed(browser.get(url("user_list"), {"role": Role.OFFICE})) == ["office"]


def test_the_user_list_filters_by_status(tree, users, browser_for):
    actions.deactivate_user(acting_user=None, user=users["district_b_reporter"])
    browser = browser_for(users["admin"])
    assert listed(browser.get(url("user_list"), {"status": "deactivated"})) == ["dailoc"]
    assert "dailoc" not in listed(browser.get(url("user_list"), {"status": "active"}))


def test_the_user_list_is_paginated_and_keeps_its_filters_across_pages(tree, users, browser_for):
    for number in range(30):
        make_user(f"commune_clerk_{number:02}", (tree["commune_b1"], Role.REPORTER))
    browser = browser_for(users["admin"])
    first = browser.get(url("user_list"), {"q": "clerk"})
    assert len(listed(first)) == 25
    assert "q=clerk" in text_of(first) and "page=2" in text_of(first)
    second = browser.get(url("user_list"), {"q": "clerk", "page": 2})
    assert listed(second) == [f"commune_clerk_{number:02}" for number in range(25, 30)]


def test_the_user_list_costs_the_same_number_of_queries_for_few_or_many_users(tree, users, browser_for):
    browser = browser_for(users["admin"])

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(url("user_list")).status_code == 200
        return len(queries)

    few = count_queries()
    for number in range(15):
        person = make_user(f"clerk_{number:02}", (tree["commune_a1"], Role.REPORTER))
        actions.add_membership(acting_user=None, user=person, unit=tree["district_b"], role=Role.VIEWER)
    assert count_queries() == few
    assert few <= 10


def test_an_administrator_creates_a_user_and_sees_the_generated_password_once(tree, users, browser_for):
    browser = browser_for(users["admin"])
    assert browser.get(url("user_create")).status_code == 200
    response = browser.post(
        url("user_create"),
        {
            "username": "thu",
            "full_name": "Lê Thị Thu",
            "email": "thu@example.org",
            "language": "vi",
            "password": "",
            "unit": tree["commune_a1"].pk,
            "role": Role.REPORTER,
        },
        follow=True,
    )
    person = User.objects.get(username="thu")
    assert response.redirect_chain[-1][0] == url("user_detail", person.pk)
    password = shown_secret(response)
    assert password and person.check_password(password)
    assert person.memberships.get().unit == tree["commune_a1"]
    assert shown_secret(browser.get(url("user_detail", person.pk))) is None
    assert Client().login(username="thu", password=password)


def test_a_typed_initial_password_is_checked_and_not_shown_back(tree, users, browser_for):
    browser = browser_for(users["admin"])
    form = {"username": "lan", "full_name": "Lan", "unit": tree["district_b"].pk, "role": Role.VIEWER}
    weak = browser.post(url("user_create"), {**form, "password": "123"})
    assert weak.status_code == 422 and "password" in weak.context["form"].errors
    response = browser.post(url("user_create"), {**form, "password": "a-long-chosen-secret"}, follow=True)
    assert shown_secret(response) is None
    assert User.objects.get(username="lan").check_password("a-long-chosen-secret")


def test_creating_a_user_names_each_missing_or_wrong_field(tree, users, browser_for):
    response = browser_for(users["admin"]).post(
        url("user_create"), {"username": "Hoian", "full_name": "", "unit": "", "role": ""}
    )
    assert response.status_code == 422
    assert set(response.context["form"].errors) >= {"username", "full_name", "unit", "role"}
    assert 'id="id_unit_error"' in text_of(response)


def test_an_administrator_edits_an_account(tree, users, browser_for):
    person = users["district_b_reporter"]
    browser = browser_for(users["admin"])
    page = browser.get(url("user_edit", person.pk))
    assert page.context["form"].initial["username"] == "dailoc"
    response = browser.post(
        url("user_edit", person.pk),
        {"username": "dailoc.reporter", "full_name": "Phan Văn Lộc", "email": "", "language": "en"},
        follow=True,
    )
    assert "is saved" in text_of(response)
    person.refresh_from_db()
    assert (person.username, person.full_name, person.language) == ("dailoc.reporter", "Phan Văn Lộc", "en")
    assert "Phan Văn Lộc" in text_of(response)  # in the history on the detail page


def test_an_administrator_deactivates_and_reactivates_an_account(tree, users, browser_for):
    person = users["district_b_reporter"]
    browser = browser_for(users["admin"])
    response = browser.post(url("user_deactivate", person.pk), follow=True)
    assert "no longer sign in" in text_of(response)
    person.refresh_from_db()
    assert not person.is_active
    assert "Reactivate" in text_of(response)
    browser.post(url("user_reactivate", person.pk))
    person.refresh_from_db()
    assert person.is_active


def test_an_administrator_sets_a_new_password_and_sees_it_once(tree, users, browser_for):
    person = users["district_b_reporter"]
    browser = browser_for(users["admin"])
    assert browser.get(url("user_password", person.pk)).status_code == 200
    response = browser.post(url("user_password", person.pk), {"password": ""}, follow=True)
    password = shown_secret(response)
    person.refresh_from_db()
    assert password and person.check_password(password)


def test_an_administrator_gives_and_takes_away_a_role(tree, users, browser_for):
    person = users["district_b_reporter"]
    browser = browser_for(users["admin"])
    response = browser.post(
        url("membership_add", person.pk), {"unit": tree["commune_a1"].pk, "role": Role.VIEWER}, follow=True
    )
    assert response.status_code == 200
    membership = person.memberships.get(unit=tree["commune_a1"])
    assert "Phường Minh An" in text_of(response)
    response = browser.post(url("membership_remove", person.pk, membership.pk), follow=True)
    assert "no longer holds the role" in text_of(response)
    assert not person.memberships.filter(unit=tree["commune_a1"]).exists()


def test_the_last_role_cannot_be_taken_away_from_the_page(tree, users, browser_for):
    person = users["district_b_reporter"]
    membership = person.memberships.get()
    response = browser_for(users["admin"]).post(
        url("membership_remove", person.pk, membership.pk), follow=True
    )
    assert "This is the last role" in text_of(response)
    assert person.memberships.exists()


def test_giving_the_same_role_twice_is_named_on_the_form(tree, users, browser_for):
    person = users["district_b_reporter"]
    response = browser_for(users["admin"]).post(
        url("membership_add", person.pk), {"unit": tree["district_b"].pk, "role": Role.REPORTER}
    )
    assert response.status_code == 422
    assert "already holds this role" in text_of(response)


def test_the_user_page_shows_the_history_of_the_account(tree, users, browser_for):
    person = users["district_b_reporter"]
    actions.add_membership(
        acting_user=users["admin"], user=person, unit=tree["commune_b1"], role=Role.MANAGER
    )
    response = browser_for(users["admin"]).get(url("user_detail", person.pk))
    assert "Thị trấn Ái Nghĩa" in text_of(response)
    assert response.context["history"]


@pytest.mark.parametrize(
    "page", ["login", "profile", "password_change", "user_list", "user_create", "user_detail", "user_edit"]
)
def test_account_pages_carry_no_inline_style_or_script(tree, users, browser_for, visitor, page):
    args = (
        (users["finance"].pk,)
        if page.startswith("user_") and page not in ("user_list", "user_create")
        else ()
    )
    browser = visitor if page == "login" else browser_for(users["admin"])
    response = browser.get(url(page, *args))
    assert response.status_code == 200
    content = text_of(response)
    assert "style=" not in content and "onclick" not in content and "<script>" not in content


def test_a_filter_with_a_unit_outside_the_administrator_s_units_is_named_not_obeyed(
    tree, users, district_admin, browser_for
):
    response = browser_for(district_admin).get(url("user_list"), {"unit": tree["district_b"].pk})
    assert response.status_code == 200
    assert "unit" in response.context["filter"].form.errors
    assert "dailoc" not in [person.username for person, _ in response.context["rows"]]
