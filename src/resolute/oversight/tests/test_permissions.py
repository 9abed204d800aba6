"""Who may do what with oversight findings, and who reads them."""

from datetime import date

import pytest

from resolute.oversight import permissions
from resolute.oversight.models import Oversight, Recommendation


@pytest.fixture
def recommendation(recommend, time_machine):
    time_machine.move_to(date(2024, 12, 1), tick=False)
    return recommend(label="1")


def test_the_office_registers_conclusions_it_follows_up_and_nobody_else(tree, people):
    assert permissions.can_register_oversight(people["office"], tree["office"])
    assert permissions.can_register_any_oversight(people["office"])
    for name in ("hoian_manager", "hoian", "leader", "inspector"):
        assert not permissions.can_register_oversight(people[name], tree["office"]), name
        assert not permissions.can_register_any_oversight(people[name]), name


def test_the_unit_responsible_and_the_office_record_money_and_people(recommendation, people):
    for name in ("hoian", "hoian_manager", "office"):
        assert permissions.can_record_recovery(people[name], recommendation), name
        assert permissions.can_record_discipline(people[name], recommendation), name
    for name in ("dailoc", "leader", "inspector", "finance"):
        assert not permissions.can_record_recovery(people[name], recommendation), name


def test_the_inspecting_body_and_the_office_confirm_closure(recommendation, people):
    assert permissions.can_confirm_closure(people["inspector"], recommendation)
    assert permissions.can_confirm_closure(people["office"], recommendation)
    for name in ("hoian", "hoian_manager", "dailoc", "leader"):
        assert not permissions.can_confirm_closure(people[name], recommendation), name


def test_an_anonymous_visitor_may_do_nothing(recommendation, tree):
    from django.contrib.auth.models import AnonymousUser

    nobody = AnonymousUser()
    assert not permissions.can_register_oversight(nobody, tree["office"])
    assert not permissions.can_record_recovery(nobody, recommendation)
    assert not permissions.can_confirm_closure(nobody, recommendation)
    assert not Recommendation.objects.visible_to(nobody).exists()
    assert not Oversight.objects.visible_to(nobody).exists()


def test_a_recommendation_is_read_by_the_units_of_its_task_and_those_above(recommendation, people):
    for name in ("hoian", "office", "leader", "admin"):
        assert Recommendation.objects.visible_to(people[name]).filter(pk=recommendation.pk).exists(), name
    assert not Recommendation.objects.visible_to(people["dailoc"]).exists()
    assert not Oversight.objects.visible_to(people["dailoc"]).exists()
    assert Oversight.objects.visible_to(people["hoian"]).get() == recommendation.oversight


def test_the_inspecting_body_reads_the_recommendations_of_its_conclusions(recommendation, people):
    inspector = people["inspector"]
    assert Recommendation.objects.visible_to(inspector).get() == recommendation
    assert Oversight.objects.visible_to(inspector).get() == recommendation.oversight
