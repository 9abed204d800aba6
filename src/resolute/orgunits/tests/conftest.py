"""Fixtures for the organisation tests: a national-scale tree built in bulk, and API clients."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db.models import Max
from django.test import Client
from django.utils import translation

from resolute.accounts.models import ApiToken
from resolute.conftest import make_user
from resolute.orgunits.actions import place_new_units
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.orgunits.querysets import path_segment
from resolute.orgunits.search import search_text_for

from ..choices import Role


def bulk_tree(*, districts: int, communes_per_district: int, root_name: str = "Tỉnh Lớn") -> OrgUnit:
    """A province with districts and communes, inserted in a few statements. Ids are chosen up
    front so each path (the chain of ancestor ids) is known before the insert."""
    next_id = (OrgUnit.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    units = []

    def add(name, kind, parent, code=""):
        nonlocal next_id
        unit_id, next_id = next_id, next_id + 1
        unit = OrgUnit(
            id=unit_id,
            name=name,
            kind=kind,
            code=code,
            parent_id=parent.pk if parent else None,
            path=(parent.path if parent else "") + path_segment(unit_id),
            depth=parent.depth + 1 if parent else 0,
            search_text=search_text_for(name=name, code=code),
        )
        units.append(unit)
        return unit

    root = add(root_name, OrgUnitKind.PROVINCE, None)
    for d in range(districts):
        district = add(f"Huyện Số {d}", OrgUnitKind.DISTRICT, root, code=f"D{d}")
        for c in range(communes_per_district):
            add(f"Xã Số {d}-{c}", OrgUnitKind.COMMUNE, district, code=f"C{d}-{c}")
    OrgUnit.objects.bulk_create(units, batch_size=1000)
    place_new_units(units)
    return OrgUnit.objects.get(pk=root.pk)


def token_client(user) -> Client:
    """A client that calls the API with a personal token of `user`."""
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name="t", token_hash=ApiToken.hash(raw), hint=raw[:8])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def english():
    """Run in the English interface, so messages are the English source strings whatever the
    catalogues say (and units show their English names where they have one)."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(users, tree):
    """The shared users, plus an administrator of district A only and a superuser."""
    return {
        **users,
        "district_a_admin": make_user("hoian_admin", (tree["district_a"], Role.ADMIN)),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def api_as(people):
    """api_as("admin") → a client acting as that person through a personal API token."""
    return lambda name: token_client(people[name])


@pytest.fixture
def browser_as(client, people):
    """browser_as("admin") → the test client signed in as that person."""

    def sign_in(name):
        client.force_login(people[name])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


# The reorganisation of the tests' tree takes effect on this day; the tests run a month later.
REORGANISATION_DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def after_the_day():
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        yield


@pytest.fixture
def draft(people, tree):
    """A draft reorganisation of the province, prepared by its administrator."""
    from resolute.orgunits import actions

    return actions.create_reorganisation(
        acting_user=people["admin"],
        area=tree["province"],
        title="Sắp xếp cấp xã",
        legal_basis="Nghị quyết 1659/NQ-UBTVQH15",
        effective_on=REORGANISATION_DAY,
    )
