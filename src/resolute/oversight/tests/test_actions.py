"""The rules the oversight actions enforce, whatever page or endpoint calls them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import translation

from resolute.conftest import make_unit
from resolute.core.models import ChangeLogEntry
from resolute.directives.models import DocumentKind
from resolute.orgunits.models import OrgUnitKind
from resolute.oversight import actions
from resolute.oversight.choices import DisciplineOutcome, OversightKind, RecommendationKind
from resolute.oversight.models import Recovery

from .conftest import CONCLUDED_ON, MILLION, complete


@pytest.fixture(autouse=True)
def english_in_december_2025(time_machine):
    time_machine.move_to(datetime(2025, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


def logged(instance, action=ChangeLogEntry.Action.CREATE):
    return ChangeLogEntry.objects.filter(object_id=str(instance.pk), object_repr=str(instance), action=action)


def recover(recommendation, people, amount, *, on=date(2024, 5, 1), **options):
    return actions.record_recovery(
        acting_user=people["hoian"], recommendation=recommendation, recovered_on=on, amount=amount, **options
    )


# -- registering ----------------------------------------------------------------------------------


def test_a_conclusion_is_a_document_of_its_kind_kept_by_the_follow_up_office(conclusion, tree):
    document = conclusion.document
    assert document.kind == DocumentKind.INSPECTION_CONCLUSION
    assert document.owner == tree["office"]
    assert document.number == "12/KL-TTr"
    assert document.issued_on == CONCLUDED_ON
    assert conclusion.inspecting_body == "Provincial Inspectorate"
    assert logged(conclusion).exists()


@pytest.mark.parametrize(
    ("kind", "document_kind"),
    [
        (OversightKind.AUDIT, DocumentKind.AUDIT_REPORT),
        (OversightKind.SUPERVISION, DocumentKind.SUPERVISION_REPORT),
        (OversightKind.PARTY_INSPECTION, DocumentKind.CONCLUSION_NOTICE),
    ],
)
def test_each_kind_of_oversight_is_registered_as_its_kind_of_document(tree, people, kind, document_kind):
    oversight = actions.register_oversight(
        acting_user=people["office"],
        kind=kind,
        subject="Ngân sách địa phương năm 2023",
        inspected_unit=tree["province"],
        follow_up_unit=tree["office"],
        number="45/BC-KTNN",
        issued_on=date(2024, 6, 1),
        title="Báo cáo kiểm toán ngân sách địa phương năm 2023",
        inspecting_body_name="Kiểm toán nhà nước khu vực III",
    )
    assert oversight.document.kind == document_kind
    assert oversight.document.issuer_name == "Kiểm toán nhà nước khu vực III"
    assert oversight.inspecting_body == "Kiểm toán nhà nước khu vực III"


def test_a_conclusion_names_who_looked_and_is_not_dated_in_the_future(tree, people):
    with pytest.raises(ValidationError) as refused:
        actions.register_oversight(
            acting_user=people["office"],
            kind="survey",
            subject="",
            inspected_unit=tree["district_a"],
            follow_up_unit=tree["office"],
            number="",
            issued_on=date(2026, 1, 5),
            title="Kết luận",
        )
    errors = refused.value.message_dict
    assert set(errors) == {"kind", "subject", "number", "issued_on", "inspecting_body_name"}
    assert errors["issued_on"] == ["A conclusion cannot be dated in the future."]


def test_a_conclusion_names_the_units_of_its_own_date(tree, people):
    from resolute.orgunits import actions as unit_actions

    merged = unit_actions.create_unit(
        acting_user=None,
        parent=tree["province"],
        name="Huyện Cũ",
        kind="district",
        effective_to=date(2023, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        actions.register_oversight(
            acting_user=people["office"],
            kind=OversightKind.INSPECTION,
            subject="Đất đai",
            inspected_unit=merged,
            follow_up_unit=tree["office"],
            number="3/KL",
            issued_on=CONCLUDED_ON,
            title="Kết luận",
            inspecting_body_name="Thanh tra tỉnh",
        )
    assert refused.value.message_dict["inspected_unit"] == [
        "Huyện Cũ (Vietnamese) did not exist on 15/03/2024, the date of the conclusion."
    ]


def test_only_the_follow_up_office_registers_a_conclusion(tree, people):
    with pytest.raises(PermissionDenied):
        actions.register_oversight(
            acting_user=people["hoian_manager"],
            kind=OversightKind.INSPECTION,
            subject="Đất đai",
            inspected_unit=tree["district_a"],
            follow_up_unit=tree["office"],
            number="3/KL",
            issued_on=CONCLUDED_ON,
            title="Kết luận",
            inspecting_body_name="Thanh tra tỉnh",
        )


# -- recommendations -----------------------------------------------------------------------------


def test_a_recommendation_is_a_task_assigned_by_the_follow_up_unit_on_the_conclusions_date(
    recommend, tree, conclusion
):
    recommendation = recommend(
        text="Chấn chỉnh công tác cấp giấy chứng nhận quyền sử dụng đất",
        label="2.1",
        coordinating_units=[tree["commune_a1"]],
    )
    task = recommendation.task
    assert task.title == "Chấn chỉnh công tác cấp giấy chứng nhận quyền sử dụng đất"
    assert task.lead_unit == tree["district_a"]
    assert task.assigned_by_unit == tree["office"]
    assert task.assigned_on == CONCLUDED_ON
    assert task.deadline == date(2024, 9, 30)
    assert task.source_document == conclusion.document
    assert list(task.coordinating_units.all()) == [tree["commune_a1"]]
    assert logged(recommendation).exists()


def test_a_recommendation_to_recover_money_says_how_much_and_no_other_does(recommend):
    with pytest.raises(ValidationError) as refused:
        recommend(kind=RecommendationKind.RECOVER_MONEY, amount_required=None)
    assert refused.value.message_dict == {"amount_required": ["Enter the amount to recover (VND)."]}
    with pytest.raises(ValidationError) as refused:
        recommend(kind=RecommendationKind.CORRECT, amount_required=5 * MILLION)
    assert refused.value.message_dict == {
        "amount_required": ["Only a recommendation to recover money has an amount to recover."]
    }


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12.5", "enter a whole number of VND"),
        (-1, "an amount cannot be negative."),
        (0, "The amount to recover is more than 0 VND."),
    ],
)
def test_the_amount_to_recover_is_a_whole_positive_number_of_vnd(recommend, amount, message):
    with pytest.raises(ValidationError) as refused:
        recommend(kind=RecommendationKind.RECOVER_MONEY, amount_required=amount)
    assert message in refused.value.message_dict["amount_required"][0]


def test_a_deadline_is_not_before_the_conclusions_date(recommend):
    with pytest.raises(ValidationError) as refused:
        recommend(deadline=date(2024, 3, 14))
    assert refused.value.message_dict == {
        "deadline": ["The deadline (14/03/2024) is before the conclusion was issued (15/03/2024)."]
    }


def test_two_recommendations_of_a_conclusion_do_not_share_a_number(recommend):
    recommend(label="1")
    with pytest.raises(ValidationError) as refused:
        recommend(label="1")
    assert refused.value.message_dict == {
        "label": ["This conclusion already has a recommendation numbered 1."]
    }


def test_the_office_assigns_recommendations_only_within_its_jurisdiction(recommend, tree):
    outside = make_unit("Tỉnh Quảng Ngãi", kind=OrgUnitKind.PROVINCE)
    with pytest.raises(PermissionDenied):
        recommend(responsible_unit=outside)


def test_the_unit_responsible_cannot_add_recommendations(conclusion, people, tree):
    with pytest.raises(PermissionDenied):
        actions.add_recommendation(
            acting_user=people["hoian_manager"],
            oversight=conclusion,
            text="Tự đặt kiến nghị",
            kind=RecommendationKind.OTHER,
            responsible_unit=tree["district_a"],
            deadline=date(2024, 9, 30),
        )


# -- money recovered -------------------------------------------------------------------------------


def test_money_recovered_is_added_entry_by_entry_and_logged(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    first = recover(money, people, 100 * MILLION, document_number="UNC 15")
    recover(money, people, 50 * MILLION, on=date(2024, 6, 1))
    assert sum(r.amount for r in Recovery.objects.filter(recommendation=money)) == 150 * MILLION
    assert logged(first).filter(note="100,000,000 VND").exists()


def test_a_recovery_is_a_whole_number_of_vnd_and_not_zero(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    with pytest.raises(ValidationError) as refused:
        recover(money, people, "1000.5")
    assert "enter a whole number of VND" in refused.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as refused:
        recover(money, people, 0)
    assert refused.value.message_dict == {
        "amount": ["Enter the amount recovered: more than 0, or less than 0 to correct."]
    }


def test_a_negative_recovery_is_a_correction_that_says_what_it_corrects(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    recover(money, people, 100 * MILLION)
    with pytest.raises(ValidationError) as refused:
        recover(money, people, -10 * MILLION, on=date(2024, 5, 2))
    assert refused.value.message_dict == {
        "note": ["A negative amount corrects an earlier entry: say what it corrects."]
    }
    recover(money, people, -10 * MILLION, on=date(2024, 5, 2), note="Nhập trùng chứng từ UNC 15")
    assert sum(r.amount for r in money.recoveries.all()) == 90 * MILLION


def test_a_correction_never_takes_the_total_below_zero_on_any_day(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    recover(money, people, 100 * MILLION, on=date(2024, 6, 1))
    with pytest.raises(ValidationError) as refused:
        # Dated before the money came in: on 20 May nothing had been recovered yet.
        recover(money, people, -10 * MILLION, on=date(2024, 5, 20), note="Sai ngày")
    assert refused.value.message_dict == {
        "amount": [
            "This correction would leave -10,000,000 VND recovered by 20/05/2024: "
            "what was recovered cannot fall below 0."
        ]
    }
    with pytest.raises(ValidationError):
        recover(money, people, -101 * MILLION, on=date(2024, 6, 2), note="Hủy")


def test_recovering_more_than_required_needs_a_note(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY, amount_required=100 * MILLION)
    recover(money, people, 100 * MILLION)
    with pytest.raises(ValidationError) as refused:
        recover(money, people, 5 * MILLION, on=date(2024, 7, 1))
    assert refused.value.message_dict == {
        "note": [
            "105,000,000 VND recovered in all is more than the 100,000,000 VND required: say why in the note."
        ]
    }
    recover(money, people, 5 * MILLION, on=date(2024, 7, 1), note="Tiền chậm nộp")


def test_a_recovery_is_dated_between_the_conclusion_and_today(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    with pytest.raises(ValidationError) as refused:
        recover(money, people, MILLION, on=date(2024, 3, 1))
    assert refused.value.message_dict["recovered_on"] == [
        "The recovery date (01/03/2024) is before the conclusion was issued (15/03/2024)."
    ]
    with pytest.raises(ValidationError) as refused:
        recover(money, people, MILLION, on=date(2025, 12, 2))
    assert "is in the future" in refused.value.message_dict["recovered_on"][0]


def test_only_a_recommendation_to_recover_money_has_amounts_recovered(recommend, people):
    correction = recommend(kind=RecommendationKind.CORRECT)
    with pytest.raises(ValidationError) as refused:
        recover(correction, people, MILLION)
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        "Only a recommendation to recover money has amounts recovered."
    ]


def test_another_district_cannot_record_money_recovered(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    with pytest.raises(PermissionDenied):
        actions.record_recovery(
            acting_user=people["dailoc"], recommendation=money, recovered_on=date(2024, 5, 1), amount=MILLION
        )


# -- people to discipline --------------------------------------------------------------------------


def test_a_person_to_discipline_is_decided_once_with_a_date_and_a_number(recommend, people):
    discipline = recommend(kind=RecommendationKind.DISCIPLINE, text="Kiểm điểm trách nhiệm cán bộ địa chính")
    case = actions.add_discipline_case(
        acting_user=people["hoian"],
        recommendation=discipline,
        person="Nguyễn Văn A",
        position="Công chức địa chính",
    )
    assert case.outcome == DisciplineOutcome.PENDING
    with pytest.raises(ValidationError) as refused:
        actions.decide_discipline_case(
            acting_user=people["hoian"],
            case=case,
            outcome=DisciplineOutcome.PENDING,
            decided_on=None,
            decision_number="",
        )
    assert set(refused.value.message_dict) == {"outcome", "decided_on", "decision_number"}
    actions.decide_discipline_case(
        acting_user=people["hoian"],
        case=case,
        outcome=DisciplineOutcome.REPRIMAND,
        decided_on=date(2024, 7, 10),
        decision_number="215/QĐ-UBND",
    )
    case.refresh_from_db()
    assert (case.outcome, case.decided_on, case.decision_number) == (
        DisciplineOutcome.REPRIMAND,
        date(2024, 7, 10),
        "215/QĐ-UBND",
    )
    assert logged(case, ChangeLogEntry.Action.UPDATE).exists()
    with pytest.raises(ValidationError) as refused:
        actions.decide_discipline_case(
            acting_user=people["hoian"],
            case=case,
            outcome=DisciplineOutcome.WARNING,
            decided_on=date(2024, 8, 1),
            decision_number="300/QĐ-UBND",
        )
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        "What became of Nguyễn Văn A was already decided on 10/07/2024."
    ]


def test_only_a_recommendation_to_discipline_names_people(recommend, people):
    money = recommend(kind=RecommendationKind.RECOVER_MONEY)
    with pytest.raises(ValidationError):
        actions.add_discipline_case(acting_user=people["hoian"], recommendation=money, person="Nguyễn Văn A")


def test_another_district_cannot_name_people_to_discipline(recommend, people):
    discipline = recommend(kind=RecommendationKind.DISCIPLINE)
    with pytest.raises(PermissionDenied):
        actions.add_discipline_case(
            acting_user=people["dailoc"], recommendation=discipline, person="Nguyễn Văn A"
        )


# -- closure ---------------------------------------------------------------------------------------


def test_closure_is_confirmed_only_once_the_task_is_completed(recommend, people):
    recommendation = recommend()
    with pytest.raises(ValidationError) as refused:
        actions.confirm_closure(
            acting_user=people["inspector"],
            recommendation=recommendation,
            confirmed_on=date(2024, 9, 1),
            document_number="88/TTr-NV3",
        )
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        "Its task is not completed yet: closure is confirmed once the completion is accepted."
    ]
    complete(recommendation, people, date(2024, 8, 1))
    actions.confirm_closure(
        acting_user=people["inspector"],
        recommendation=recommendation,
        confirmed_on=date(2024, 9, 1),
        document_number="88/TTr-NV3",
    )
    recommendation.refresh_from_db()
    assert recommendation.closure_confirmed_on == date(2024, 9, 1)
    assert recommendation.closure_document_number == "88/TTr-NV3"
    assert recommendation.closure_confirmed_by == people["inspector"]
    assert logged(recommendation, ChangeLogEntry.Action.UPDATE).exists()


def test_closure_is_confirmed_once_and_not_before_the_completion(recommend, people):
    recommendation = complete(recommend(), people, date(2024, 8, 1))
    with pytest.raises(ValidationError) as refused:
        actions.confirm_closure(
            acting_user=people["office"],
            recommendation=recommendation,
            confirmed_on=date(2024, 7, 31),
            document_number="",
        )
    assert refused.value.message_dict == {
        "confirmed_on": ["The confirmation (31/07/2024) comes before the task was completed (01/08/2024)."],
        "document_number": ["Enter the number of the document that confirms the closure."],
    }
    actions.confirm_closure(
        acting_user=people["office"],
        recommendation=recommendation,
        confirmed_on=date(2024, 9, 1),
        document_number="1/TB",
    )
    with pytest.raises(ValidationError) as refused:
        actions.confirm_closure(
            acting_user=people["office"],
            recommendation=recommendation,
            confirmed_on=date(2024, 9, 2),
            document_number="2/TB",
        )
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [
        "Its closure was already confirmed on 01/09/2024."
    ]


def test_the_unit_responsible_cannot_confirm_its_own_closure(recommend, people):
    recommendation = complete(recommend(), people, date(2024, 8, 1))
    with pytest.raises(PermissionDenied):
        actions.confirm_closure(
            acting_user=people["hoian_manager"],
            recommendation=recommendation,
            confirmed_on=date(2024, 9, 1),
            document_number="1/TB",
        )


# -- a conclusion already kept as a document -------------------------------------------------------


@pytest.fixture
def notice(tree):
    """A Party inspection notice the province keeps, whose date is not known."""
    from resolute.directives.actions import create_document

    return create_document(
        acting_user=None,
        owner=tree["office"],
        kind=DocumentKind.CONCLUSION_NOTICE,
        title="Thông báo kết luận kiểm tra",
        number="581",
        issuer_name="Ủy ban Kiểm tra Trung ương",
    )


def test_a_notice_already_kept_is_followed_up_on_its_own_document(notice, tree, people):
    oversight = actions.register_oversight(
        acting_user=people["office"],
        kind=OversightKind.PARTY_INSPECTION,
        subject="Kiểm tra Ban Thường vụ Tỉnh ủy",
        inspected_unit=tree["party"],
        follow_up_unit=tree["office"],
        inspecting_body_name="Ủy ban Kiểm tra Trung ương",
        document=notice,
    )
    assert oversight.document == notice
    with pytest.raises(ValidationError) as refused:
        actions.add_recommendation(
            acting_user=people["office"],
            oversight=oversight,
            text="Kiểm điểm, xử lý kỷ luật đảng viên vi phạm",
            kind=RecommendationKind.DISCIPLINE,
            responsible_unit=tree["party"],
            deadline=date(2025, 3, 31),
        )
    assert refused.value.message_dict == {
        "assigned_on": ["The conclusion has no date: enter the day the recommendation was assigned."]
    }
    recommendation = actions.add_recommendation(
        acting_user=people["office"],
        oversight=oversight,
        text="Kiểm điểm, xử lý kỷ luật đảng viên vi phạm",
        kind=RecommendationKind.DISCIPLINE,
        responsible_unit=tree["party"],
        deadline=date(2025, 3, 31),
        assigned_on=date(2024, 12, 7),
    )
    assert recommendation.task.assigned_on == date(2024, 12, 7)
    case = actions.add_discipline_case(
        acting_user=people["office"], recommendation=recommendation, person="T.V.A."
    )
    with pytest.raises(ValidationError) as refused:
        actions.decide_discipline_case(
            acting_user=people["office"],
            case=case,
            outcome=DisciplineOutcome.WARNING,
            decided_on=date(2024, 12, 1),
            decision_number="12-QĐ/UBKTTU",
        )
    assert refused.value.message_dict == {
        "decided_on": [
            "The decision date (01/12/2024) is before the recommendation was assigned (07/12/2024)."
        ]
    }


def test_a_document_is_followed_up_once_and_as_its_kind(notice, tree, people):
    def register(kind):
        return actions.register_oversight(
            acting_user=people["office"],
            kind=kind,
            subject="Kiểm tra",
            inspected_unit=tree["party"],
            follow_up_unit=tree["office"],
            inspecting_body_name="Ủy ban Kiểm tra Trung ương",
            document=notice,
        )

    with pytest.raises(ValidationError) as refused:
        register(OversightKind.AUDIT)
    assert refused.value.message_dict == {
        "document": ["581 — Thông báo kết luận kiểm tra is not of the kind “audit report”."]
    }
    register(OversightKind.PARTY_INSPECTION)
    with pytest.raises(ValidationError) as refused:
        register(OversightKind.PARTY_INSPECTION)
    assert refused.value.message_dict == {
        "document": ["581 — Thông báo kết luận kiểm tra is already followed up."]
    }
