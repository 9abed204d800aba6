"""Oversight findings in the small province of the shared fixtures, built through actions:

- the provincial inspectorate (a unit under the People's Committee) concluded on 15/03/2024 on land
  management in Hội An City: conclusion 12/KL-TTr, followed up by the Party Committee Office;
- users per role: the office (follow-up), the inspectorate's inspector, Hội An's reporter and manager
  (unit responsible), Đại Lộc's reporter (out of scope), the province's leader (reads everything)."""

from datetime import date
from decimal import Decimal

import pytest

from resolute.conftest import make_unit, make_user
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind
from resolute.oversight import actions
from resolute.oversight.choices import DisciplineOutcome, OversightKind, RecommendationKind
from resolute.tasks import actions as task_actions

CONCLUDED_ON = date(2024, 3, 15)
MILLION = Decimal(1_000_000)


@pytest.fixture
def people(tree, users):
    inspectorate = make_unit(
        "Thanh tra tỉnh", tree["committee"], OrgUnitKind.DEPARTMENT, name_en="Provincial Inspectorate"
    )
    return {
        **users,
        "inspectorate_unit": inspectorate,
        "inspector": make_user("inspector", (inspectorate, Role.REPORTER)),
        "hoian": users["district_a_reporter"],
        "hoian_manager": users["district_a_manager"],
        "dailoc": users["district_b_reporter"],
    }


@pytest.fixture
def conclusion(tree, people):
    """The inspectorate's conclusion on land in Hội An, without recommendations yet."""
    return actions.register_oversight(
        acting_user=people["office"],
        kind=OversightKind.INSPECTION,
        subject="Quản lý, sử dụng đất đai tại thành phố Hội An giai đoạn 2020–2023",
        inspected_unit=tree["district_a"],
        follow_up_unit=tree["office"],
        number="12/KL-TTr",
        issued_on=CONCLUDED_ON,
        title="Kết luận thanh tra việc quản lý, sử dụng đất đai tại thành phố Hội An",
        signer="Chánh Thanh tra tỉnh",
        inspecting_unit=people["inspectorate_unit"],
        period_covered="2020–2023",
    )


@pytest.fixture
def recommend(conclusion, tree, people):
    """Add a recommendation to the conclusion (by the office; Hội An responsible unless told)."""

    def add(text="Thu hồi tiền sử dụng đất nộp thiếu", kind=RecommendationKind.CORRECT, **options):
        options.setdefault("responsible_unit", tree["district_a"])
        options.setdefault("deadline", date(2024, 9, 30))
        if kind == RecommendationKind.RECOVER_MONEY:
            options.setdefault("amount_required", 500 * MILLION)
        return actions.add_recommendation(
            acting_user=people["office"], oversight=conclusion, text=text, kind=kind, **options
        )

    return add


def complete(recommendation, people, on):
    """The unit responsible proposes completion on `on` and the office accepts it that day."""
    proposal = task_actions.propose_completion(
        acting_user=people["hoian"], task=recommendation.task, proposed_on=on, result="Đã thực hiện."
    )
    task_actions.decide_request(acting_user=people["office"], request=proposal, approve=True, decided_on=on)
    recommendation.refresh_from_db()
    return recommendation


@pytest.fixture
def findings(recommend, people, tree):
    """Nine recommendations in every state on 1 December 2024: see test_selectors' docstring."""
    hoian, office = people["hoian"], people["office"]
    money = RecommendationKind.RECOVER_MONEY
    found = {}
    found[1] = recommend(kind=money, label="1", amount_required=500 * MILLION, deadline=date(2024, 9, 30))
    for day, amount in ((date(2024, 5, 1), 100), (date(2024, 6, 1), 50)):
        actions.record_recovery(
            acting_user=hoian, recommendation=found[1], recovered_on=day, amount=amount * MILLION
        )
    found[2] = recommend(label="2", deadline=date(2024, 9, 30))
    complete(found[2], people, date(2024, 8, 1))
    actions.confirm_closure(
        acting_user=people["inspector"],
        recommendation=found[2],
        confirmed_on=date(2024, 9, 1),
        document_number="88/TTr-NV3",
    )
    found[3] = recommend(kind=RecommendationKind.DISCIPLINE, label="3", deadline=date(2025, 3, 31))
    case = actions.add_discipline_case(acting_user=hoian, recommendation=found[3], person="Trần Văn B")
    actions.decide_discipline_case(
        acting_user=hoian,
        case=case,
        outcome=DisciplineOutcome.REPRIMAND,
        decided_on=date(2024, 7, 10),
        decision_number="215/QĐ-UBND",
    )
    found[4] = recommend(kind=RecommendationKind.AMEND_RULES, label="4", deadline=date(2025, 6, 30))
    found[5] = recommend(kind=RecommendationKind.OTHER, label="5", deadline=date(2024, 10, 31))
    found[6] = recommend(kind=money, label="6", amount_required=200 * MILLION, deadline=date(2024, 9, 30))
    actions.record_recovery(
        acting_user=hoian, recommendation=found[6], recovered_on=date(2024, 9, 15), amount=200 * MILLION
    )
    complete(found[6], people, date(2024, 10, 1))
    found[7] = recommend(label="7", responsible_unit=tree["commune_a1"], deadline=date(2024, 12, 31))
    task_actions.report_progress(
        acting_user=hoian,
        task=found[7].task,
        unit=tree["commune_a1"],
        reported_on=date(2024, 6, 1),
        narrative="Đã rà soát 40% hồ sơ.",
        percent_complete=40,
    )
    audit = actions.register_oversight(
        acting_user=office,
        kind=OversightKind.AUDIT,
        subject="Ngân sách địa phương năm 2023",
        inspected_unit=tree["province"],
        follow_up_unit=tree["office"],
        number="45/BC-KTNN",
        issued_on=date(2024, 6, 1),
        title="Báo cáo kiểm toán ngân sách địa phương năm 2023",
        inspecting_body_name="Kiểm toán nhà nước khu vực III",
    )
    for label, required in (("8", 300), ("9", 100)):
        found[int(label)] = actions.add_recommendation(
            acting_user=office,
            oversight=audit,
            text=f"Thu hồi nộp ngân sách khoản chi sai {label}",
            kind=money,
            label=label,
            responsible_unit=tree["district_b"],
            deadline=date(2024, 12, 31),
            amount_required=required * MILLION,
        )
    actions.record_recovery(
        acting_user=people["dailoc"],
        recommendation=found[9],
        recovered_on=date(2024, 11, 1),
        amount=120 * MILLION,
        note="Gồm 20 triệu đồng tiền chậm nộp",
    )
    found["audit"] = audit
    return found
