"""The language of the pages: the browser decides at first; a signed-in person's choice follows them."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from resolute.accounts import actions


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_a_first_visit_follows_the_browser(db):
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    response = english.get(reverse("accounts:login"))
    assert page_language(response) == "en" and response["Content-Language"] == "en"
    vietnamese = Client(HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    assert page_language(vietnamese.get(reverse("accounts:login"))) == "vi"


def test_a_browser_asking_for_an_unknown_language_gets_vietnamese(db):
    assert page_language(Client(HTTP_ACCEPT_LANGUAGE="fr").get(reverse("accounts:login"))) == "vi"


def test_a_signed_in_person_without_a_choice_follows_their_browser(tree, users):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(users["finance"])
    assert page_language(browser.get(reverse("accounts:profile"))) == "en"


def test_choosing_a_language_on_the_switch_saves_it_and_applies_on_the_next_sign_in_elsewhere(tree, users):
    office_browser = Client(HTTP_ACCEPT_LANGUAGE="vi")
    office_browser.force_login(users["leader"])
    response = office_browser.post(
        reverse("accounts:set_language"), {"language": "en", "next": reverse("accounts:profile")}
    )
    assert response["Location"] == reverse("accounts:profile")
    assert page_language(office_browser.get(reverse("accounts:profile"))) == "en"
    users["leader"].refresh_from_db()
    assert users["leader"].language == "en"

    # Another browser, set to Vietnamese, that has never seen this person.
    phone = Client(HTTP_ACCEPT_LANGUAGE="vi")
    assert page_language(phone.get(reverse("accounts:login"))) == "vi"
    signed_in = phone.post(reverse("accounts:login"), {"username": "leader", "password": "resolute-demo"})
    assert signed_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert page_language(phone.get(reverse("web:home"))) == "en"
    # After signing out, that browser keeps the person's language on the sign-in page.
    phone.post(reverse("accounts:logout"))
    assert page_language(phone.get(reverse("accounts:login"))) == "en"


def test_a_saved_language_wins_over_the_browser(tree, users):
    actions.set_user_language(user=users["finance"], language="vi", acting_user=users["finance"])
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(users["finance"])
    assert page_language(browser.get(reverse("accounts:profile"))) == "vi"


def test_choosing_to_follow_the_browser_on_the_profile_forgets_the_saved_language(tree, users):
    actions.set_user_language(user=users["finance"], language="vi", acting_user=users["finance"])
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(users["finance"])
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = browser.post(reverse("accounts:profile"), {"profile-full_name": "Hoa", "profile-language": ""})
    assert response.status_code == 302
    users["finance"].refresh_from_db()
    assert users["finance"].language == ""
    assert page_language(browser.get(reverse("accounts:profile"))) == "en"


def test_a_visitor_who_has_not_signed_in_may_switch_language_for_this_browser(db):
    browser = Client(HTTP_ACCEPT_LANGUAGE="vi")
    browser.post(reverse("accounts:set_language"), {"language": "en", "next": reverse("accounts:login")})
    assert page_language(browser.get(reverse("accounts:login"))) == "en"


def test_the_language_switch_never_sends_anyone_to_another_site(db):
    response = Client().post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_unknown_language_is_ignored(tree, users):
    browser = Client()
    browser.force_login(users["finance"])
    browser.post(reverse("accounts:set_language"), {"language": "xx"})
    users["finance"].refresh_from_db()
    assert users["finance"].language == ""
