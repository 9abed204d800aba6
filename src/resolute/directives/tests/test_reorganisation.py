"""A closing unit's open documents are kept by its successor from the reorganisation's day; its closed
ones stay in its record."""

import datetime

import pytest
import time_machine

from resolute.core.changelog import history_of
from resolute.directives.models import Document, DocumentStatus
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnitKind, ReorganisationStepKind
from resolute.orgunits.reorganisation import plan_reorganisation

from .conftest import make_document

DAY = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def after_the_day():
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        yield


def test_the_successor_keeps_the_open_documents_and_the_closed_ones_stay(tree, users):
    district = tree["district_a"]
    open_document = make_document(district, number="12/KL-UBND", status=DocumentStatus.IN_IMPLEMENTATION)
    closed_document = make_document(district, number="3/KL-UBND", status=DocumentStatus.CLOSED)
    admin = users["admin"]
    draft = unit_actions.create_reorganisation(
        acting_user=admin,
        area=tree["province"],
        title="Hai cấp",
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
        sources=[district],
        successors=[ward],
    )
    documents = next(
        group for group in plan_reorganisation(draft).work if group.work.key == "directives.documents"
    )
    assert [h.item.title for h in documents.handovers] == [str(open_document)]
    assert documents.kept == 1

    unit_actions.apply_reorganisation(acting_user=admin, reorganisation=draft)
    assert Document.objects.get(pk=open_document.pk).owner.name == "Phường Hội An"
    assert Document.objects.get(pk=closed_document.pk).owner == district
    assert "NQ 1659/NQ-UBTVQH15" in history_of(open_document).first().note
