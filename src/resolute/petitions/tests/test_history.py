"""A register of past petitions, recorded in bulk, ends as the same petitions written step by step."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from resolute.core.models import ChangeLogEntry
from resolute.petitions.actions import routing, settlement
from resolute.petitions.actions.history import PastPetition, PastStep, record_past_petitions
from resolute.petitions.models import Petition

from .conftest import DENOUNCER, PETITIONER

COMPARED = [
    "kind",
    "stage",
    "handling_unit_id",
    "acceptance_deadline",
    "accepted_on",
    "original_settlement_deadline",
    "settlement_deadline",
    "decided_on",
    "decision_number",
    "outcome",
    "next_deadline",
]


def denunciation_steps(tree, inspector):
    return [
        PastStep(day=date(2024, 3, 5), name="route", unit=tree["inspectorate"]),
        PastStep(day=date(2024, 3, 5), name="assign", user=inspector),
        PastStep(day=date(2024, 3, 11), name="accept", document_number="3/TB"),
        PastStep(day=date(2024, 3, 20), name="verify", text="Xác minh"),
        PastStep(day=date(2024, 4, 8), name="extend", document_number="4/QĐ", days=30, text="Phức tạp"),
        PastStep(day=date(2024, 5, 20), name="decide", document_number="5/KL", outcome="upheld"),
    ]


def test_a_past_denunciation_recorded_in_bulk_is_the_one_the_actions_would_have_written(
    register, people, petitions_tree
):
    steps = denunciation_steps(petitions_tree, people["inspector"])
    past = PastPetition(
        kind="denunciation",
        channel="post",
        received_on=date(2024, 3, 4),
        received_by_unit=petitions_tree["reception"],
        petitioner=DENOUNCER,
        subject="Tố cáo",
        content="Nội dung",
        complexity="complex",
        steps=steps,
    )
    with time_machine.travel(date(2025, 6, 2), tick=False):
        [recorded] = record_past_petitions(acting_user=None, petitions=[past], is_sample=True)

    by_step, _secret = register(
        acting_user=None,
        kind="denunciation",
        channel="post",
        received_on=date(2024, 3, 4),
        petitioner={**DENOUNCER, "id_number": "1"},
        complexity="complex",
    )
    with time_machine.travel(date(2025, 6, 2), tick=False):
        routing.route_petition(
            acting_user=None,
            petition=by_step,
            handling_unit=petitions_tree["inspectorate"],
            day=date(2024, 3, 5),
        )
        routing.assign_handler(acting_user=None, petition=by_step, user=people["inspector"])
        settlement.accept_petition(
            acting_user=None, petition=by_step, day=date(2024, 3, 11), document_number="3/TB"
        )
        settlement.record_step(
            acting_user=None, petition=by_step, kind="verification", day=date(2024, 3, 20), note="Xác minh"
        )
        settlement.extend_settlement(
            acting_user=None,
            petition=by_step,
            decided_on=date(2024, 4, 8),
            decision_number="4/QĐ",
            days=30,
            reason="x",
        )
        settlement.decide_petition(
            acting_user=None,
            petition=by_step,
            day=date(2024, 5, 20),
            decision_number="5/KL",
            outcome="upheld",
        )

    recorded = Petition.objects.get(pk=recorded.pk)
    by_step = Petition.objects.get(pk=by_step.pk)
    assert {name: getattr(recorded, name) for name in COMPARED} == {
        name: getattr(by_step, name) for name in COMPARED
    }
    assert [s.kind for s in recorded.steps.all()] == [
        s.kind for s in by_step.steps.all() if s.kind != "reclassified"
    ]
    assert (
        recorded.extensions.get().new_deadline == by_step.extensions.get().new_deadline == date(2024, 5, 10)
    )
    assert list(recorded.handlers.all()) == [people["inspector"]]
    assert recorded.code == "2024-00001" and by_step.code == "2024-00002"
    assert ChangeLogEntry.objects.filter(object_id=str(recorded.pk), object_repr=recorded.code).exists()


def test_steps_after_the_day_given_are_left_for_later(petitions_tree, people):
    past = PastPetition(
        kind="denunciation",
        channel="post",
        received_on=date(2024, 3, 4),
        received_by_unit=petitions_tree["reception"],
        petitioner=DENOUNCER,
        subject="Tố cáo",
        content="Nội dung",
        complexity="complex",
        steps=denunciation_steps(petitions_tree, people["inspector"]),
    )

    with time_machine.travel(date(2025, 6, 2), tick=False):
        [recorded] = record_past_petitions(acting_user=None, petitions=[past], until=date(2024, 3, 31))

    assert recorded.stage == "verification"
    assert recorded.next_deadline == date(2024, 4, 10)


def test_a_register_with_steps_out_of_order_is_refused_whole(petitions_tree):
    good = PastPetition(
        "complaint", "post", date(2024, 3, 4), petitions_tree["reception"], PETITIONER, "x", "y"
    )
    bad = PastPetition(
        "complaint",
        "post",
        date(2024, 3, 4),
        petitions_tree["reception"],
        PETITIONER,
        "x",
        "y",
        steps=[PastStep(day=date(2024, 3, 1), name="route", unit=petitions_tree["environment"])],
    )

    with time_machine.travel(date(2025, 6, 2), tick=False), pytest.raises(ValidationError) as refused:
        record_past_petitions(acting_user=None, petitions=[good, bad])

    assert "Petition 2 received on 2024-03-04" in refused.value.message_dict["petitions"][0]
    assert not Petition.objects.exists()


def test_only_the_system_records_a_register(petitions_tree, people):
    with pytest.raises(PermissionDenied):
        record_past_petitions(acting_user=people["superuser"], petitions=[])
