"""A denouncer's identity is read only by the people handling the denunciation (Law on Denunciations
2018, Art. 47): not by the unit's other staff, not by those above it, not by an administrator who does
not handle it; and never written into the change log or a notification."""

import json
from datetime import date

import pytest
import time_machine

from resolute.conftest import make_user
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.choices import Role
from resolute.petitions.actions import intake, routing, settlement
from resolute.petitions.models import Petitioner
from resolute.petitions.permissions import can_read_identity
from resolute.petitions.selectors import identity_for, petitions_of
from resolute.reporting.models import Notification, OutgoingEmail

from .conftest import DENOUNCER, PETITIONER

SUBJECT = "Tố cáo ông Phạm Văn Cán, cán bộ địa chính, nhận tiền khi cấp giấy chứng nhận"
NEW_PHONE = "0988111222"


@pytest.fixture
def denunciation(register, people, petitions_tree):
    """The whole life of a particularly complex denunciation at the provincial inspectorate, by the
    people who handle it: taken in by the reception clerk (the denouncer had lodged a complaint
    before and gives a new phone number), routed by the reception office's head, given by the
    inspectorate's manager to an inspector, who accepts, verifies, extends, concludes, publishes and
    records its enforcement."""
    register(petitioner=DENOUNCER, received_on=date(2025, 2, 3))
    petition, _secret = register(
        kind="denunciation",
        petitioner={**DENOUNCER, "phone": NEW_PHONE},
        subject=SUBJECT,
        content="Ông Cán nhận 20 triệu đồng của hộ dân.",
        complexity="particularly_complex",
        received_on=date(2025, 3, 3),
    )
    inspector = people["inspector"]
    with time_machine.travel(date(2025, 6, 30), tick=False):
        routing.route_petition(
            acting_user=people["reception_head"],
            petition=petition,
            handling_unit=petitions_tree["inspectorate"],
            day=date(2025, 3, 4),
        )
        routing.assign_handler(acting_user=people["inspectorate_manager"], petition=petition, user=inspector)
        settlement.accept_petition(
            acting_user=inspector, petition=petition, day=date(2025, 3, 10), document_number="5/TB"
        )
        settlement.record_step(
            acting_user=inspector,
            petition=petition,
            kind="verification",
            day=date(2025, 3, 20),
            note="Làm việc với người tố cáo",
        )
        settlement.extend_settlement(
            acting_user=inspector,
            petition=petition,
            decided_on=date(2025, 4, 8),
            decision_number="7/QĐ-TTr",
            days=30,
            reason="Cần xác minh thêm",
        )
        settlement.decide_petition(
            acting_user=inspector,
            petition=petition,
            day=date(2025, 5, 5),
            decision_number="9/KL-TTr",
            outcome="upheld",
        )
        settlement.publish_decision(acting_user=inspector, petition=petition, day=date(2025, 5, 7))
        settlement.record_enforcement(acting_user=inspector, petition=petition, day=date(2025, 6, 2))
    petition.refresh_from_db()
    return petition


@pytest.fixture
def others(people, petitions_tree):
    """Everyone who may read the denunciation but does not handle it."""
    inspectorate = petitions_tree["inspectorate"]
    return {
        "viewer of the inspectorate": make_user("inspectorate_viewer", (inspectorate, Role.VIEWER)),
        "reporter of the inspectorate": people["inspectorate_colleague"],
        "manager of the inspectorate": people["inspectorate_manager"],
        "office of the inspectorate": make_user("inspectorate_office", (inspectorate, Role.OFFICE)),
        "manager above it": people["committee_manager"],
        "superuser": people["superuser"],
        "head of the reception office": people["reception_head"],
        "the province's leader": people["leader"],
        "the province's administrator": people["admin"],
        "the Party office": people["office"],
        "the department's manager": people["department_manager"],
    }


def test_only_the_people_handling_a_denunciation_read_the_denouncer(denunciation, people, others):
    assert identity_for(people["inspector"], denunciation).full_name == DENOUNCER["full_name"]
    assert identity_for(people["clerk"], denunciation).id_number == DENOUNCER["id_number"]
    for who, user in others.items():
        assert identity_for(user, denunciation) is None, who
        assert not can_read_identity(user, denunciation), who
        assert denunciation not in petitions_of(user, denunciation.petitioner), who


def test_a_denouncer_known_by_nothing_else_is_no_petitioner_to_those_who_do_not_handle_it(
    register, people, others, frozen_today
):
    petition, _secret = register(kind="denunciation", petitioner=DENOUNCER, subject=SUBJECT)

    for who, user in others.items():
        assert not Petitioner.objects.visible_to(user).filter(pk=petition.petitioner_id).exists(), who
    assert Petitioner.objects.visible_to(people["clerk"]).get() == petition.petitioner


def test_the_denouncer_s_earlier_complaint_shows_them_only_where_complaints_are_read(
    denunciation, people, others
):
    complaint = denunciation.petitioner.petitions.exclude(pk=denunciation.pk).get()

    assert identity_for(people["reception_head"], complaint) is not None
    assert identity_for(people["superuser"], complaint) is not None
    assert identity_for(people["inspectorate_manager"], complaint) is None  # not received nor handled there


def test_no_change_log_row_carries_the_denouncer_s_identity(denunciation):
    secrets = [
        DENOUNCER["full_name"],
        DENOUNCER["id_number"],
        DENOUNCER["phone"],
        NEW_PHONE,
        DENOUNCER["email"],
        DENOUNCER["address"],
    ]
    rows = list(ChangeLogEntry.objects.values())

    assert len(rows) >= 12
    for row in rows:
        written = json.dumps(row, default=str, ensure_ascii=False)
        for secret in secrets:
            assert secret not in written, row
    assert ChangeLogEntry.objects.filter(object_repr=f"#{denunciation.petitioner_id}").count() == 2


def test_notifications_name_the_denunciation_by_its_code_and_kind_only(denunciation, people):
    told = list(Notification.objects.values("user__username", "title", "body"))
    assert {row["user__username"] for row in told} == {"chief_inspector", "inspector"}
    names = [DENOUNCER["full_name"], DENOUNCER["id_number"], NEW_PHONE, SUBJECT, "Phạm Văn Cán"]
    for row in told:
        assert denunciation.code in row["title"]
        for name in names:
            assert name not in row["title"] and name not in row["body"]
    for email in OutgoingEmail.objects.values("subject", "text", "html"):
        for name in names:
            assert all(name not in value for value in email.values())
    assert OutgoingEmail.objects.filter(to="inspector@example.vn").exists()


def test_a_petition_reclassified_as_a_denunciation_hides_its_petitioner_from_those_who_do_not_handle_it(
    register, people, frozen_today
):
    petition, _secret = register(petitioner=PETITIONER)
    assert identity_for(people["reception_head"], petition) is not None

    intake.reclassify_petition(
        acting_user=people["reception_head"], petition=petition, kind="denunciation", reason="Tố cáo"
    )

    assert identity_for(people["reception_head"], petition) is None
    assert identity_for(people["clerk"], petition) is not None


def test_a_clerk_looking_for_duplicates_does_not_learn_of_a_denunciation_they_do_not_handle(
    denunciation, people
):
    # The reception office's head may read the denouncer's complaint, not the denunciation.
    found = intake.duplicate_candidates(user=people["reception_head"], petitioner=DENOUNCER)

    assert denunciation not in found
    assert len(found) == 1
    assert intake.duplicate_candidates(user=people["inspector"], petitioner=DENOUNCER) == [denunciation]
