"""Fixtures for accounts tests: signed-in browsers and a superuser."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from resolute.accounts.models import User

# Pages are asked for in English so the assertions on their text hold once the Vietnamese
# catalogue exists; the language tests choose their languages themselves.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, whatever an earlier request activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def visitor(db):
    """A browser that has not signed in, asking for English pages."""
    return Client(**ENGLISH)


@pytest.fixture
def browser_for(db):
    """A fresh browser (test client) asking for English pages, signed in as the given user."""

    def sign_in(user, **client_options):
        browser = Client(**{**ENGLISH, **client_options})
        browser.force_login(user)
        return browser

    return sign_in


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", password="resolute-demo", full_name="System owner")


@pytest.fixture
def district_admin(users, tree):
    """An administrator of district A only (Hội An), beside the province-wide administrator."""
    from resolute.conftest import make_user
    from resolute.orgunits.choices import Role

    return make_user("hoian_admin", (tree["district_a"], Role.ADMIN), full_name="Quản trị Hội An")
