"""Two conclusions and four recommendations to read on 15/10/2024, built through actions: the fixture
`findings`, which the tests of the pages' surfaces import as `findings_fixture`:

- the inspectorate's 12/KL-TTr of 15/03/2024 on Hội An (see conftest):
  1. recover 500 million VND, Hội An, due 30/09/2024; 200 million recovered on 02/05/2024
     → partly implemented, overdue;
  2. correct the issuing of land-use certificates, Hội An, due 31/03/2025 → not yet implemented;
  3. correct the land records, Minh An ward (under Hội An), due 31/07/2024, completed on 01/08/2024
     → implemented;
- the State Audit's 45/BC-KTNN of 20/06/2024 on Đại Lộc (a named body, not a unit of the tree):
  1. recover 300 million VND, Đại Lộc, due 31/08/2024, nothing recovered → not yet, overdue.

In the province: 1 implemented, 1 partly, 2 not yet (2 overdue) of 4; 200 of 800 million recovered, 25%.
In Hội An: 1, 1 and 1 (1 overdue) of 3; 200 of 500 million, 40%."""

from datetime import date

import pytest

from resolute.oversight import actions
from resolute.oversight.choices import OversightKind, RecommendationKind
from resolute.tasks import actions as task_actions

from .conftest import MILLION

READ_ON = date(2024, 10, 15)
STATE_AUDIT = "Kiểm toán nhà nước khu vực III"


def complete(recommendation, people, *, on=date(2024, 8, 1)):
    """The unit responsible proposes completion and the office accepts it."""
    proposal = task_actions.propose_completion(
        acting_user=people["hoian"], task=recommendation.task, proposed_on=on, result="Đã thực hiện xong."
    )
    task_actions.decide_request(acting_user=people["office"], request=proposal, approve=True, decided_on=on)
    recommendation.refresh_from_db()
    return recommendation


def audit_of_dai_loc(tree, people):
    return actions.register_oversight(
        acting_user=people["office"],
        kind=OversightKind.AUDIT,
        subject="Quản lý, sử dụng ngân sách huyện Đại Lộc năm 2023",
        inspected_unit=tree["district_b"],
        follow_up_unit=tree["office"],
        number="45/BC-KTNN",
        issued_on=date(2024, 6, 20),
        title="Báo cáo kiểm toán ngân sách huyện Đại Lộc năm 2023",
        inspecting_body_name=STATE_AUDIT,
    )


@pytest.fixture(name="findings")
def findings_fixture(conclusion, recommend, tree, people):
    money = recommend(
        "Thu hồi tiền sử dụng đất nộp thiếu",
        kind=RecommendationKind.RECOVER_MONEY,
        label="1",
        amount_required=500 * MILLION,
    )
    actions.record_recovery(
        acting_user=people["hoian"],
        recommendation=money,
        recovered_on=date(2024, 5, 2),
        amount=200 * MILLION,
        document_number="PT-15",
    )
    certificates = recommend(
        "Chấn chỉnh công tác cấp giấy chứng nhận quyền sử dụng đất", label="2", deadline=date(2025, 3, 31)
    )
    records = complete(
        recommend(
            "Chỉnh lý hồ sơ địa chính",
            label="3",
            responsible_unit=tree["commune_a1"],
            deadline=date(2024, 7, 31),
        ),
        people,
    )
    audit = audit_of_dai_loc(tree, people)
    budget = actions.add_recommendation(
        acting_user=people["office"],
        oversight=audit,
        text="Thu hồi chi sai chế độ",
        kind=RecommendationKind.RECOVER_MONEY,
        label="1",
        responsible_unit=tree["district_b"],
        deadline=date(2024, 8, 31),
        amount_required=300 * MILLION,
    )
    return {
        "conclusion": conclusion,
        "audit": audit,
        "money": money,
        "certificates": certificates,
        "records": records,
        "budget": budget,
    }
