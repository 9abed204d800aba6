"""The rules the petition actions enforce, from intake to enforcement, each refused with a message
that names the field and the rule."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from resolute.core.changelog import history_of
from resolute.core.exceptions import StaleObjectError
from resolute.orgunits import actions as unit_actions
from resolute.petitions.actions import intake, routing, settlement
from resolute.petitions.choices import Outcome, Stage, StepKind
from resolute.petitions.models import Petition, Petitioner, PetitionHandler
from resolute.petitions.selectors import timeline
from resolute.reporting.models import Notification

from .conftest import DENOUNCER, PETITIONER, RECEIVED, TODAY


def errors_of(raised) -> dict:
    return raised.value.message_dict


def route(petition, unit, day=date(2025, 3, 4), by=None):
    return routing.route_petition(acting_user=by, petition=petition, handling_unit=unit, day=day)


def accept(petition, day=date(2025, 3, 10), by=None, **terms):
    return settlement.accept_petition(
        acting_user=by, petition=petition, day=day, document_number="12/TB-STNMT", **terms
    )


@pytest.fixture
def routed(register, petitions_tree, frozen_today):
    """A complaint received on 03/03/2025 and sent to the Department of Environment on 04/03."""
    petition, _secret = register()
    return route(petition, petitions_tree["environment"])


@pytest.fixture
def accepted(routed):
    return accept(routed)


# -- intake ----------------------------------------------------------------------------------------------


def test_a_registered_petition_gets_the_next_code_of_its_receiving_year(register):
    first, _ = register()
    second, _ = register(petitioner={**PETITIONER, "id_number": "049190005555"})
    older, _ = register(received_on=date(2024, 12, 30))

    assert (first.code, second.code, older.code) == ("2025-00001", "2025-00002", "2024-00001")


def test_a_registered_petition_is_received_and_classified_and_its_clerk_handles_it(register, people):
    petition, secret = register()

    assert petition.stage == Stage.CLASSIFIED
    assert [step.kind for step in timeline(petition)] == [StepKind.RECEIVED, StepKind.CLASSIFIED]
    assert list(petition.handlers.all()) == [people["clerk"]]
    assert petition.registered_by == people["clerk"]
    # The receipt's secret is not kept, only its hash.
    assert secret.replace("-", "") not in petition.lookup_secret_hash.upper()
    assert len(petition.lookup_secret_hash) == 64


def test_a_person_known_by_their_identity_card_number_is_recognised_and_their_new_details_kept(register):
    first, _ = register()
    second, _ = register(petitioner={**PETITIONER, "phone": "0935000111", "email": ""})

    assert second.petitioner_id == first.petitioner_id
    petitioner = Petitioner.objects.get(pk=first.petitioner_id)
    assert petitioner.phone == "0935000111"
    assert petitioner.email == PETITIONER["email"]


def test_registering_refuses_a_petition_without_its_essentials_naming_each_field(register):
    with pytest.raises(ValidationError) as refused:
        register(
            kind="petition",
            channel="pigeon",
            received_on=date(2025, 6, 3),
            subject=" ",
            content="",
            signatories=0,
            petitioner={"full_name": "", "email": "not-an-address"},
        )

    assert set(errors_of(refused)) == {
        "kind",
        "channel",
        "received_on",
        "subject",
        "content",
        "signatories",
        "full_name",
        "email",
    }
    assert "after today" in errors_of(refused)["received_on"][0]
    assert not Petition.objects.exists()


def test_only_a_complaint_has_an_instance(register):
    complaint, _ = register()
    assert complaint.instance == "first"

    with pytest.raises(ValidationError) as refused:
        register(kind="reflection", instance="second")
    assert "Only a complaint" in errors_of(refused)["instance"][0]


def test_a_petition_cannot_be_received_by_a_unit_that_was_not_open_that_day(register, petitions_tree):
    with pytest.raises(ValidationError) as refused:
        register(
            acting_user=None, received_on=date(2023, 5, 2), received_by_unit=_opened_in_2024(petitions_tree)
        )

    assert "was not open" in errors_of(refused)["received_by_unit"][0]


def _opened_in_2024(tree):
    return unit_actions.create_unit(
        acting_user=None,
        parent=tree["committee"],
        name="Ban Tiếp công dân cũ",
        kind="agency",
        effective_from=date(2024, 1, 1),
    )


# -- received at the competent unit ------------------------------------------------------------------------


def test_a_petition_received_at_the_competent_unit_is_accepted_without_routing(
    register, people, petitions_tree, frozen_today
):
    petition, _ = register(
        acting_user=people["officer"],
        received_by_unit=petitions_tree["environment"],
        handling_unit=petitions_tree["environment"],
    )

    accepted = accept(petition, by=people["officer"])

    assert accepted.stage == Stage.ACCEPTED
    assert accepted.routed_on == RECEIVED
    assert Notification.objects.filter(user=people["department_manager"]).count() == 1


def test_a_petition_received_by_one_unit_is_not_registered_as_handled_by_another(register, petitions_tree):
    with pytest.raises(ValidationError) as refused:
        register(handling_unit=petitions_tree["environment"])

    assert "routing" in errors_of(refused)["handling_unit"][0]


# -- routing ------------------------------------------------------------------------------------------------


def test_routing_sends_the_petition_to_the_competent_unit_and_tells_its_managers(
    register, people, petitions_tree, frozen_today
):
    petition, _ = register()

    routed = route(petition, petitions_tree["environment"], by=people["reception_head"])

    assert routed.handling_unit == petitions_tree["environment"]
    assert routed.routed_on == date(2025, 3, 4)
    # The acceptance clock keeps running from receipt.
    assert routed.next_deadline == date(2025, 3, 13)
    told = Notification.objects.get(user=people["department_manager"])
    assert routed.code in told.title
    assert timeline(routed)[-1].kind == StepKind.ROUTED


def test_the_clerk_who_took_a_petition_in_stops_handling_it_once_it_goes_to_another_unit(routed, people):
    assert not PetitionHandler.objects.filter(petition=routed, user=people["clerk"]).exists()

    with pytest.raises(Exception) as refused:
        accept(routed, by=people["clerk"])
    assert refused.type.__name__ == "PermissionDenied"


@pytest.mark.parametrize(
    ("day", "rule"),
    [(date(2025, 3, 2), "before the petition's previous step"), (date(2025, 6, 3), "after today")],
)
def test_a_step_is_dated_neither_before_the_previous_step_nor_after_today(
    register, petitions_tree, frozen_today, day, rule
):
    petition, _ = register()

    with pytest.raises(ValidationError) as refused:
        route(petition, petitions_tree["environment"], day=day)

    assert rule in errors_of(refused)["day"][0]


def test_a_petition_is_not_routed_again_to_the_unit_that_has_it(routed, petitions_tree):
    with pytest.raises(ValidationError) as refused:
        route(routed, petitions_tree["environment"], day=date(2025, 3, 5))

    assert "already with" in errors_of(refused)["handling_unit"][0]


def test_an_accepted_petition_is_not_routed_elsewhere(accepted, petitions_tree):
    with pytest.raises(ValidationError) as refused:
        route(accepted, petitions_tree["inspectorate"], day=date(2025, 3, 11))

    assert "stage" in errors_of(refused)


def test_forwarding_a_petition_to_another_body_closes_it_with_the_letter(register, frozen_today):
    petition, _ = register()

    with pytest.raises(ValidationError) as refused:
        routing.forward_petition(
            acting_user=None, petition=petition, forwarded_to="", day=date(2025, 3, 5), letter_number=""
        )
    assert set(errors_of(refused)) == {"forwarded_to", "letter_number"}

    forwarded = routing.forward_petition(
        acting_user=None,
        petition=petition,
        forwarded_to="Tòa án nhân dân tỉnh",
        day=date(2025, 3, 5),
        letter_number="45/CV-BTCD",
    )

    assert forwarded.stage == Stage.FORWARDED
    assert forwarded.next_deadline is None
    assert timeline(forwarded)[-1].document_number == "45/CV-BTCD"
    with pytest.raises(ValidationError) as closed:
        accept(forwarded)
    assert "closed" in errors_of(closed)["stage"][0]


# -- acceptance ------------------------------------------------------------------------------------------


def test_a_petition_is_accepted_only_once_it_is_routed(register, frozen_today):
    petition, _ = register()

    with pytest.raises(ValidationError) as refused:
        accept(petition)

    assert "competent unit first" in errors_of(refused)["handling_unit"][0]


def test_accepting_starts_the_settlement_clock_of_the_complaint_and_makes_the_acceptor_a_handler(
    routed, people
):
    accepted = accept(routed, by=people["department_manager"], complexity="complex")

    assert accepted.stage == Stage.ACCEPTED
    assert accepted.accepted_on == date(2025, 3, 10)
    assert accepted.settlement_deadline == accepted.next_deadline == date(2025, 4, 24)
    assert PetitionHandler.objects.filter(petition=accepted, user=people["department_manager"]).exists()


def test_a_petition_is_accepted_or_refused_once(accepted):
    with pytest.raises(ValidationError) as refused:
        settlement.refuse_petition(
            acting_user=None,
            petition=accepted,
            day=date(2025, 3, 11),
            reason="Hết thời hiệu",
            document_number="1/TB",
        )

    assert "already" in errors_of(refused)["stage"][0]


def test_acceptance_needs_the_number_of_its_notice(routed):
    with pytest.raises(ValidationError) as refused:
        settlement.accept_petition(
            acting_user=None, petition=routed, day=date(2025, 3, 10), document_number=" "
        )

    assert "notice of acceptance" in errors_of(refused)["document_number"][0]


def test_refusing_gives_the_reason_and_closes_the_petition(routed):
    with pytest.raises(ValidationError) as refused:
        settlement.refuse_petition(
            acting_user=None, petition=routed, day=date(2025, 3, 10), reason="", document_number=""
        )
    assert set(errors_of(refused)) == {"reason", "document_number"}

    closed = settlement.refuse_petition(
        acting_user=None,
        petition=routed,
        day=date(2025, 3, 10),
        reason="Quá thời hiệu khiếu nại 90 ngày",
        document_number="13/TB-STNMT",
    )

    assert closed.stage == Stage.REFUSED
    assert closed.next_deadline is None
    assert closed.refusal_reason == "Quá thời hiệu khiếu nại 90 ngày"


# -- settling ----------------------------------------------------------------------------------------------


def test_verification_and_dialogue_are_recorded_only_while_the_petition_is_being_settled(routed, accepted):
    verified = settlement.record_step(
        acting_user=None,
        petition=accepted,
        kind="verification",
        day=date(2025, 3, 20),
        note="Xác minh thực địa",
    )
    assert verified.stage == Stage.VERIFICATION
    talked = settlement.record_step(
        acting_user=None,
        petition=verified,
        kind="dialogue",
        day=date(2025, 3, 25),
        note="Đối thoại",
        document_number="BB-01",
    )
    assert talked.stage == Stage.DIALOGUE

    with pytest.raises(ValidationError) as wrong_kind:
        settlement.record_step(
            acting_user=None, petition=talked, kind="decided", day=date(2025, 3, 26), note="x"
        )
    assert "kind" in errors_of(wrong_kind)


def test_a_step_is_not_recorded_before_acceptance(routed):
    with pytest.raises(ValidationError) as refused:
        settlement.record_step(
            acting_user=None, petition=routed, kind="verification", day=date(2025, 3, 20), note="x"
        )

    assert "once the petition is accepted" in errors_of(refused)["stage"][0]


def test_a_decision_comes_after_acceptance_and_finds_what_its_kind_allows(routed):
    with pytest.raises(ValidationError) as too_early:
        settlement.decide_petition(
            acting_user=None, petition=routed, day=date(2025, 3, 20), decision_number="1/QĐ", outcome="upheld"
        )
    assert "stage" in errors_of(too_early)

    accepted = accept(routed)
    with pytest.raises(ValidationError) as wrong_outcome:
        settlement.decide_petition(
            acting_user=None,
            petition=accepted,
            day=date(2025, 4, 1),
            decision_number="1/QĐ",
            outcome="answered",
        )
    # The message names the outcomes a complaint may find, in the language the action runs in.
    assert str(Outcome.UPHELD.label) in errors_of(wrong_outcome)["outcome"][0]

    decided = settlement.decide_petition(
        acting_user=None,
        petition=accepted,
        day=date(2025, 4, 1),
        decision_number="25/QĐ-UBND",
        outcome="rejected",
    )
    assert decided.stage == Stage.DECIDED
    assert decided.next_deadline is None
    assert decided.settlement_deadline == date(2025, 4, 9)


def test_a_decision_is_published_and_enforced_after_it_is_made_and_once(accepted):
    with pytest.raises(ValidationError) as not_decided:
        settlement.publish_decision(acting_user=None, petition=accepted, day=date(2025, 3, 20))
    assert "decided" in errors_of(not_decided)["stage"][0]

    decided = settlement.decide_petition(
        acting_user=None,
        petition=accepted,
        day=date(2025, 4, 1),
        decision_number="25/QĐ-UBND",
        outcome="upheld",
    )
    published = settlement.publish_decision(acting_user=None, petition=decided, day=date(2025, 4, 3))
    assert published.stage == Stage.PUBLISHED
    with pytest.raises(ValidationError) as twice:
        settlement.publish_decision(acting_user=None, petition=published, day=date(2025, 4, 4))
    assert "already published" in errors_of(twice)["stage"][0]

    enforced = settlement.record_enforcement(acting_user=None, petition=published, day=date(2025, 5, 2))
    assert enforced.stage == Stage.ENFORCED
    assert [step.kind for step in timeline(enforced)][-3:] == [
        StepKind.DECIDED,
        StepKind.PUBLISHED,
        StepKind.ENFORCED,
    ]


def test_a_settled_petition_cannot_change(accepted, petitions_tree):
    decided = settlement.decide_petition(
        acting_user=None,
        petition=accepted,
        day=date(2025, 4, 1),
        decision_number="25/QĐ-UBND",
        outcome="upheld",
    )

    for attempt in (
        lambda: intake.reclassify_petition(
            acting_user=None, petition=decided, kind="denunciation", reason="x"
        ),
        lambda: settlement.withdraw_petition(acting_user=None, petition=decided, day=date(2025, 4, 2)),
        lambda: settlement.change_complexity(
            acting_user=None, petition=decided, complexity="complex", reason="x"
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "cannot change" in errors_of(refused)["stage"][0]


def test_only_a_denunciation_is_extended(accepted):
    with pytest.raises(ValidationError) as refused:
        settlement.extend_settlement(
            acting_user=None,
            petition=accepted,
            decided_on=date(2025, 4, 1),
            decision_number="1/QĐ",
            days=10,
            reason="x",
        )

    assert "Only a denunciation" in errors_of(refused)["kind"][0]


def test_an_extension_needs_its_decision_number(register, petitions_tree, frozen_today):
    petition, _ = register(kind="denunciation", petitioner=DENOUNCER, complexity="complex")
    accepted = accept(route(petition, petitions_tree["inspectorate"]))

    with pytest.raises(ValidationError) as refused:
        settlement.extend_settlement(
            acting_user=None,
            petition=accepted,
            decided_on=date(2025, 4, 1),
            decision_number="",
            days=10,
            reason="x",
        )

    assert "extension decision" in errors_of(refused)["decision_number"][0]


def test_an_extension_is_made_only_while_the_denunciation_is_being_settled(
    register, petitions_tree, frozen_today
):
    petition, _ = register(kind="denunciation", petitioner=DENOUNCER, complexity="complex")
    routed = route(petition, petitions_tree["inspectorate"])

    with pytest.raises(ValidationError) as refused:
        settlement.extend_settlement(
            acting_user=None,
            petition=routed,
            decided_on=date(2025, 3, 5),
            decision_number="1/QĐ",
            days=10,
            reason="x",
        )

    assert "stage" in errors_of(refused)


def test_a_change_of_complexity_recomputes_the_settlement_deadline_from_acceptance(accepted):
    changed = settlement.change_complexity(
        acting_user=None,
        petition=accepted,
        complexity="complex",
        reason="Nhiều nội dung",
        is_remote_area=True,
    )

    assert changed.settlement_deadline == changed.next_deadline == date(2025, 5, 9)
    assert changed.original_settlement_deadline == date(2025, 5, 9)


def test_a_denunciation_keeps_the_complexity_its_extensions_needed(register, petitions_tree, frozen_today):
    petition, _ = register(kind="denunciation", petitioner=DENOUNCER, complexity="complex")
    accepted = accept(route(petition, petitions_tree["inspectorate"]))
    settlement.extend_settlement(
        acting_user=None,
        petition=accepted,
        decided_on=date(2025, 4, 1),
        decision_number="1/QĐ",
        days=30,
        reason="x",
    )

    with pytest.raises(ValidationError) as refused:
        settlement.change_complexity(
            acting_user=None, petition=accepted, complexity="ordinary", reason="Đơn giản"
        )

    assert "extended 1 times" in errors_of(refused)["complexity"][0]


def test_a_withdrawn_petition_owes_nothing_more(accepted):
    withdrawn = settlement.withdraw_petition(
        acting_user=None, petition=accepted, day=date(2025, 3, 20), note="Rút đơn"
    )

    assert withdrawn.stage == Stage.WITHDRAWN
    assert withdrawn.next_deadline is None


def test_a_step_on_a_stale_form_is_refused(routed):
    stale_version = routed.version
    accept(routed)

    with pytest.raises(StaleObjectError):
        settlement.withdraw_petition(
            acting_user=None, petition=routed, day=date(2025, 3, 20), version=stale_version
        )


# -- reclassifying --------------------------------------------------------------------------------------


def test_reclassifying_recomputes_the_clocks_and_logs_the_reason(register, frozen_today):
    petition, _ = register()
    assert petition.acceptance_deadline == date(2025, 3, 13)

    denunciation = intake.reclassify_petition(
        acting_user=None, petition=petition, kind="denunciation", reason="Nội dung là tố cáo cán bộ"
    )

    assert denunciation.instance == ""
    assert denunciation.acceptance_deadline == denunciation.next_deadline == date(2025, 3, 12)
    assert timeline(denunciation)[-1].kind == StepKind.RECLASSIFIED
    assert "Nội dung là tố cáo cán bộ" in history_of(denunciation).first().note

    with pytest.raises(ValidationError) as no_reason:
        intake.reclassify_petition(acting_user=None, petition=denunciation, kind="complaint", reason="")
    assert "reason" in errors_of(no_reason)


def test_an_accepted_petition_reclassified_gets_the_settlement_limit_of_its_new_kind(accepted):
    reflection = intake.reclassify_petition(
        acting_user=None, petition=accepted, kind="reflection", reason="Chỉ phản ánh"
    )

    assert reflection.settlement_deadline == date(2025, 4, 9)
    assert reflection.acceptance_deadline == date(2025, 3, 17)


# -- duplicates ------------------------------------------------------------------------------------------


def test_a_duplicate_of_the_same_person_is_linked_and_not_counted(register, frozen_today):
    original, _ = register()

    duplicate, _ = register(received_on=date(2025, 3, 20), duplicate_of=original)

    assert duplicate.duplicate_of == original
    assert duplicate.next_deadline is None
    assert duplicate.petitioner_id == original.petitioner_id
    assert list(Petition.objects.counted()) == [original]


def test_a_duplicate_must_come_from_the_same_person(register, frozen_today):
    original, _ = register()

    with pytest.raises(ValidationError) as refused:
        register(petitioner={**PETITIONER, "id_number": "049190009999"}, duplicate_of=original)

    assert "same person" in errors_of(refused)["duplicate_of"][0]


def test_a_person_without_an_identity_card_number_is_recognised_by_name_and_address(
    register, people, frozen_today
):
    anonymous = {"full_name": "Trần Văn Bình", "address": "Thôn 3, Đại Hiệp"}
    original, _ = register(petitioner=anonymous)
    later, _ = register(petitioner=anonymous, received_on=date(2025, 4, 1))

    candidates = intake.duplicate_candidates(
        user=people["clerk"], petitioner={"full_name": "trần văn bình", "address": "Thôn 3, Đại Hiệp"}
    )
    assert candidates == [later, original]

    linked = intake.link_duplicate(acting_user=people["reception_head"], petition=later, original=original)
    assert linked.duplicate_of == original
    assert linked.next_deadline is None
    assert timeline(linked)[-1].kind == StepKind.LINKED
    assert intake.duplicate_candidates(user=people["clerk"], petitioner=anonymous) == [original]


def test_linking_refuses_another_person_s_petition(register, people, frozen_today):
    original, _ = register()
    other, _ = register(petitioner=DENOUNCER)

    with pytest.raises(ValidationError) as refused:
        intake.link_duplicate(acting_user=people["reception_head"], petition=other, original=original)

    assert "same person" in errors_of(refused)["duplicate_of"][0]


def test_a_duplicate_is_settled_with_its_original(register, petitions_tree, frozen_today):
    original, _ = register()
    duplicate, _ = register(duplicate_of=original)

    with pytest.raises(ValidationError) as refused:
        route(duplicate, petitions_tree["environment"])

    assert "duplicates" in errors_of(refused)["duplicate_of"][0]


# -- handlers -------------------------------------------------------------------------------------------


def test_a_manager_assigns_a_handler_from_the_competent_unit_who_is_told(routed, people):
    handler = routing.assign_handler(
        acting_user=people["department_manager"], petition=routed, user=people["officer"]
    )

    assert handler.assigned_by == people["department_manager"]
    assert handler.assigned_on == TODAY
    told = Notification.objects.get(user=people["officer"])
    assert routed.code in told.title

    with pytest.raises(ValidationError) as twice:
        routing.assign_handler(
            acting_user=people["department_manager"], petition=routed, user=people["officer"]
        )
    assert "already handles" in errors_of(twice)["user"][0]

    with pytest.raises(ValidationError) as outsider:
        routing.assign_handler(
            acting_user=people["department_manager"], petition=routed, user=people["inspector"]
        )
    assert "does not work for" in errors_of(outsider)["user"][0]

    routing.remove_handler(acting_user=people["department_manager"], petition=routed, user=people["officer"])
    assert not PetitionHandler.objects.filter(petition=routed, user=people["officer"]).exists()


def test_every_action_keeps_a_readable_log_of_the_petition(accepted):
    entries = list(history_of(accepted))

    assert [entry.action for entry in entries][-1] == "create"
    assert any("12/TB-STNMT" in entry.note for entry in entries)
    assert all(entry.object_repr == accepted.code for entry in entries)


def test_files_of_a_step_are_kept_with_it(routed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    notice = SimpleUploadedFile("thong-bao.pdf", b"%PDF-1.4 notice", content_type="application/pdf")
    accepted = settlement.accept_petition(
        acting_user=None, petition=routed, day=date(2025, 3, 10), document_number="12/TB", files=[notice]
    )

    step = timeline(accepted)[-1]
    assert [kept.original_name for kept in step.files.all()] == ["thong-bao.pdf"]

    with pytest.raises(ValidationError) as refused:
        settlement.record_step(
            acting_user=None,
            petition=accepted,
            kind="verification",
            day=date(2025, 3, 12),
            note="x",
            files=[SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")],
        )
    assert "files" in errors_of(refused)


def test_actions_of_other_days_are_written_on_that_day(register, petitions_tree):
    # A clerk entering last year's petition dates it then, "today" being whenever they type it.
    with time_machine.travel(date(2025, 1, 15), tick=False):
        petition, _ = intake.register_petition(
            acting_user=None,
            kind="recommendation",
            channel="post",
            received_on=date(2024, 12, 27),
            received_by_unit=petitions_tree["reception"],
            petitioner=PETITIONER,
            subject="Kiến nghị sửa đường",
            content="Đề nghị sửa đường thôn.",
        )
    assert petition.code == "2024-00001"
    assert petition.acceptance_deadline == date(2025, 1, 13)
