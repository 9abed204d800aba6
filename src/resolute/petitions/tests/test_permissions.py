"""Who may register, route and handle petitions, who reads them, and the actions' refusals of everyone
else."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from resolute.petitions import permissions
from resolute.petitions.actions import intake, routing, settlement
from resolute.petitions.models import Petition

from .conftest import PETITIONER, RECEIVED


@pytest.fixture
def routed(register, people, petitions_tree, frozen_today):
    """A complaint taken in by the reception clerk and sent to the Department of Environment."""
    petition, _secret = register()
    return routing.route_petition(
        acting_user=people["reception_head"],
        petition=petition,
        handling_unit=petitions_tree["environment"],
        day=date(2025, 3, 4),
    )


def test_a_clerk_registers_petitions_at_their_own_unit_only(people, petitions_tree):
    clerk = people["clerk"]

    assert list(permissions.receiving_units(clerk)) == [petitions_tree["reception"]]
    assert permissions.can_register_petitions(clerk)
    assert permissions.can_register_petitions(clerk, petitions_tree["reception"])
    assert not permissions.can_register_petitions(clerk, petitions_tree["environment"])
    assert permissions.can_register_petitions(people["commune_clerk"], petitions_tree["commune_a1"])


@pytest.mark.parametrize("who", ["leader", "department_viewer"])
def test_a_viewer_registers_no_petition(people, petitions_tree, who):
    assert not permissions.can_register_petitions(people[who])
    assert not permissions.receiving_units(people[who]).exists()


def test_registering_for_another_unit_is_refused(register, people, petitions_tree):
    with pytest.raises(PermissionDenied):
        register(acting_user=people["commune_clerk"])

    assert not Petition.objects.exists()


def test_the_receiving_unit_s_managers_route_and_its_clerks_do_not(
    register, people, petitions_tree, frozen_today
):
    petition, _secret = register()

    assert permissions.can_route(people["reception_head"], petition)
    assert permissions.can_route(people["office"], petition)  # the office acts for the whole province
    assert not permissions.can_route(people["clerk"], petition)
    assert not permissions.can_route(people["department_manager"], petition)
    with pytest.raises(PermissionDenied):
        routing.route_petition(
            acting_user=people["clerk"],
            petition=petition,
            handling_unit=petitions_tree["environment"],
            day=RECEIVED,
        )
    with pytest.raises(PermissionDenied):
        routing.forward_petition(
            acting_user=people["department_manager"],
            petition=petition,
            forwarded_to="Tòa án",
            day=RECEIVED,
            letter_number="1/CV",
        )


def test_the_competent_unit_s_managers_and_the_handlers_settle_and_nobody_else(routed, people):
    assert permissions.can_handle(people["department_manager"], routed)
    assert permissions.can_handle(people["committee_manager"], routed)  # a manager above it
    for who in (
        "officer",
        "colleague",
        "department_viewer",
        "clerk",
        "reception_head",
        "inspector",
        "leader",
    ):
        assert not permissions.can_handle(people[who], routed), who

    routing.assign_handler(acting_user=people["department_manager"], petition=routed, user=people["officer"])

    assert permissions.can_handle(people["officer"], routed)
    assert not permissions.can_assign_handlers(people["officer"], routed)
    assert not permissions.can_handle(people["colleague"], routed)


@pytest.mark.parametrize("who", ["colleague", "department_viewer", "reception_head", "inspector", "leader"])
def test_settling_steps_by_others_are_refused(routed, people, who):
    user = people[who]

    with pytest.raises(PermissionDenied):
        settlement.accept_petition(
            acting_user=user, petition=routed, day=date(2025, 3, 10), document_number="1/TB"
        )
    with pytest.raises(PermissionDenied):
        settlement.refuse_petition(
            acting_user=user, petition=routed, day=date(2025, 3, 10), reason="x", document_number="1/TB"
        )
    assert Petition.objects.get(pk=routed.pk).stage == "classified"


def test_only_the_competent_unit_s_managers_assign_handlers(routed, people):
    routing.assign_handler(acting_user=people["department_manager"], petition=routed, user=people["officer"])

    with pytest.raises(PermissionDenied):
        routing.assign_handler(acting_user=people["officer"], petition=routed, user=people["colleague"])
    with pytest.raises(PermissionDenied):
        routing.remove_handler(acting_user=people["reception_head"], petition=routed, user=people["officer"])


def test_reclassifying_and_linking_are_for_the_receiving_unit_s_managers_or_the_handlers(
    register, people, frozen_today
):
    petition, _secret = register()
    other, _secret = register(received_on=date(2025, 3, 5))

    # The clerk who took it in handles it until it goes elsewhere.
    assert intake.reclassify_petition(
        acting_user=people["clerk"], petition=petition, kind="reflection", reason="Phản ánh"
    )
    with pytest.raises(PermissionDenied):
        intake.reclassify_petition(
            acting_user=people["department_manager"], petition=petition, kind="complaint", reason="x"
        )
    with pytest.raises(PermissionDenied):
        intake.link_duplicate(acting_user=people["clerk"], petition=other, original=petition)
    assert intake.link_duplicate(acting_user=people["reception_head"], petition=other, original=petition)


def test_petitions_are_read_in_the_receiving_and_the_competent_units_and_above_them(routed, people):
    readers = {
        "clerk",
        "reception_head",
        "department_manager",
        "officer",
        "colleague",
        "department_viewer",
        "department_office",
        "committee_manager",
        "leader",
        "office",
        "admin",
        "superuser",
    }
    for who, user in people.items():
        assert Petition.objects.visible_to(user).filter(pk=routed.pk).exists() == (who in readers), who


def test_a_commune_s_petitions_are_not_read_at_the_province_s_reception_nor_by_another_district(
    register, people, petitions_tree, frozen_today
):
    at_the_commune, _secret = register(
        acting_user=people["commune_clerk"], received_by_unit=petitions_tree["commune_a1"]
    )
    at_the_province, _secret = register(petitioner={**PETITIONER, "id_number": "1"})

    assert list(Petition.objects.visible_to(people["commune_clerk"])) == [at_the_commune]
    assert at_the_commune not in Petition.objects.visible_to(people["clerk"])
    assert at_the_province not in Petition.objects.visible_to(people["district_b_reporter"])
    assert not Petition.objects.visible_to(people["district_b_reporter"]).exists()
