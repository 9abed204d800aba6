"""Who reads which part of the change log: the whole of it, one jurisdiction's, or none."""

import pytest
from django.test import Client

from resolute.conftest import make_unit, make_user
from resolute.core.models import ChangeLogEntry
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def read_log(user, **filters):
    return signed_in(user).get("/changes/", filters)


@pytest.fixture
def renamed_communes(tree, users):
    """A change in each district: commune A1 (Hội An) and commune B1 (Đại Lộc) get an English name."""
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["commune_a1"], name_en="Minh An Ward")
    unit_actions.update_unit(acting_user=users["admin"], unit=tree["commune_b1"], name_en="Ai Nghia Town")
    return tree


@pytest.fixture
def hoian_office(tree):
    """The office of Hội An's People's Committee: its jurisdiction is district A."""
    office_unit = make_unit("Văn phòng HĐND-UBND Hội An", tree["district_a"], OrgUnitKind.AGENCY)
    return make_user("hoian_office", (office_unit, Role.OFFICE))


def test_a_district_office_reads_the_changes_of_its_district_and_not_of_another(
    renamed_communes, hoian_office
):
    response = read_log(hoian_office)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Minh An Ward" in html
    assert "Ai Nghia Town" not in html


def test_the_provincial_office_reads_the_changes_of_every_district(renamed_communes, users):
    html = read_log(users["office"]).content.decode()
    assert "Minh An Ward" in html and "Ai Nghia Town" in html


def test_a_district_administrator_reads_only_their_district(renamed_communes, district_admin_of_hoian):
    html = read_log(district_admin_of_hoian).content.decode()
    assert "Minh An Ward" in html and "Ai Nghia Town" not in html


@pytest.fixture
def district_admin_of_hoian(tree):
    return make_user("hoian_admin", (tree["district_a"], Role.ADMIN))


def test_a_reporter_or_viewer_may_not_read_the_change_log(renamed_communes, users):
    assert read_log(users["district_a_reporter"]).status_code == 403
    assert read_log(users["district_a_manager"]).status_code == 403
    assert read_log(users["leader"]).status_code == 403


def test_the_scoped_log_of_a_district_holds_nothing_of_another_district(renamed_communes, users):
    seen_by_dai_loc = ChangeLogEntry.objects.visible_to(users["district_b_reporter"])
    assert not seen_by_dai_loc.filter(object_repr__contains="Minh An").exists()
    assert seen_by_dai_loc.filter(object_repr__contains="Ái Nghĩa").exists()


def test_an_office_cannot_filter_by_a_person_it_does_not_see(renamed_communes, hoian_office, users):
    response = read_log(hoian_office, actor=users["district_b_reporter"].pk)
    assert "actor" in response.context["form"].errors


def test_the_office_change_log_runs_a_bounded_number_of_queries(
    renamed_communes, hoian_office, users, django_assert_max_num_queries
):
    for index in range(30):
        unit_actions.update_unit(
            acting_user=users["admin"], unit=renamed_communes["commune_a1"], short_name=f"P{index}"
        )
    client = signed_in(hoian_office)
    with django_assert_max_num_queries(12):
        assert client.get("/changes/").status_code == 200
