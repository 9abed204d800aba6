"""A recommendation across a reorganisation: on 1 July 2025 Hội An City is abolished and Minh An ward
merges into the new Hội An ward. The recommendation's open work is its task, which the tasks hand to
the successor of its lead unit; the recommendation follows its task. The conclusion names the units of
its own date: Hội An City stays the unit inspected, as history."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from resolute.conftest import make_user
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit, OrgUnitKind, ReorganisationStepKind
from resolute.oversight.choices import RecommendationKind
from resolute.oversight.selectors import ledger

DAY = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def after_the_day():
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        yield


def abolish_hoi_an(tree, admin) -> OrgUnit:
    draft = unit_actions.create_reorganisation(
        acting_user=admin,
        area=tree["province"],
        title="Chính quyền địa phương hai cấp",
        legal_basis="NQ 1659/NQ-UBTVQH15",
        effective_on=DAY,
    )
    ward = unit_actions.plan_unit(
        acting_user=admin,
        reorganisation=draft,
        name="Phường Hội An",
        kind=OrgUnitKind.COMMUNE,
        parent=tree["province"],
    )
    unit_actions.add_step(
        acting_user=admin,
        reorganisation=draft,
        kind=ReorganisationStepKind.MERGE,
        sources=[tree["commune_a1"]],
        successors=[ward],
    )
    unit_actions.add_step(
        acting_user=admin,
        reorganisation=draft,
        kind=ReorganisationStepKind.ABOLISH,
        sources=[tree["district_a"]],
        successors=[ward],
    )
    unit_actions.apply_reorganisation(acting_user=admin, reorganisation=draft)
    return OrgUnit.objects.get(name="Phường Hội An")


def test_the_successor_leads_the_recommendation_and_the_conclusion_keeps_the_unit_it_inspected(
    recommend, tree, people
):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY, label="1")
    ward = abolish_hoi_an(tree, people["admin"])
    money.refresh_from_db()
    assert money.task.lead_unit == ward
    assert money.oversight.inspected_unit == tree["district_a"]
    # The ward's reporter now reads it and records money on it; the ledger counts it under the ward.
    reporter = make_user("hoian_ward", (ward, Role.REPORTER))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(reporter)
    html = client.get(money.get_absolute_url()).content.decode()
    assert "Phường Hội An" in html
    assert reverse("oversight:recovery_new", args=[money.pk]) in html
    rows = ledger(people["office"], on=datetime.date(2025, 8, 1), by="unit")
    assert [(row.key, row.total) for row in rows] == [(ward.pk, 1)]
    conclusion = client.get(money.oversight.get_absolute_url()).content.decode()
    assert "Thành phố Hội An" in conclusion or "Hoi An City" in conclusion
