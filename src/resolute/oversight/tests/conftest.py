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
from resolute.oversight.choices import OversightKind, RecommendationKind

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
