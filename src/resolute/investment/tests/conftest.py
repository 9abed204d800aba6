"""Public investment in the small province of the shared fixtures, built through actions:

- the Department of Finance keeps the province's books (its desk); the Department of Construction and
  Hội An City invest; Đại Lộc hosts a project too;
- road DT-01 (Construction, in Minh An ward), school HA-02 (Hội An, in Minh An), dyke DL-03
  (Construction, in Ái Nghĩa);
- the 2024 plan assigned on 15/12/2023 with milestones 30/6 40%, 30/9 60%, 31/12 80%, 31/01/2025 95%."""

from datetime import date
from decimal import Decimal

import pytest

from resolute.conftest import make_unit, make_user
from resolute.investment import actions
from resolute.investment.choices import CapitalSource, ProjectGroup, Sector
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind

CENTRAL, LOCAL, FOREIGN = CapitalSource.CENTRAL, CapitalSource.LOCAL, CapitalSource.FOREIGN
BILLION = Decimal(1_000_000_000)


def billions(value) -> Decimal:
    return Decimal(str(value)) * BILLION


@pytest.fixture
def investment(tree, users):
    construction = make_unit(
        "Sở Xây dựng", tree["committee"], OrgUnitKind.DEPARTMENT, name_en="Department of Construction"
    )
    desk = actions.set_desk(acting_user=None, unit=tree["finance"], jurisdiction=tree["province"])
    people = {
        "desk": make_user("finance_manager", (tree["finance"], Role.MANAGER)),
        "desk_viewer": users["finance"],
        "builder": make_user("construction", (construction, Role.REPORTER)),
        "hoian": users["district_a_reporter"],
        "dailoc": users["district_b_reporter"],
        "office": users["office"],
        "leader": users["leader"],
    }

    def project(code, name, investor, locality, funding, sector=Sector.TRANSPORT):
        return actions.register_project(
            acting_user=None,
            code=code,
            name=name,
            group=ProjectGroup.B,
            jurisdiction=tree["province"],
            investor=investor,
            locality=locality,
            sector=sector,
            start_year=2023,
            end_year=2026,
            funding=funding,
        )

    road = project(
        "DT-01",
        "Đường ven biển",
        construction,
        tree["commune_a1"],
        {CENTRAL: billions(300), LOCAL: billions(100)},
    )
    school = project(
        "HA-02",
        "Trường tiểu học Minh An",
        tree["district_a"],
        tree["commune_a1"],
        {LOCAL: billions(40)},
        Sector.EDUCATION,
    )
    dyke = project(
        "DL-03",
        "Kè sông Vu Gia",
        construction,
        tree["commune_b1"],
        {CENTRAL: billions(80), FOREIGN: billions(50)},
        Sector.IRRIGATION,
    )
    plan = actions.create_plan(
        acting_user=None,
        issuer=tree["province"],
        year=2024,
        title="Kế hoạch đầu tư công năm 2024",
        number="3012/QĐ-UBND",
        decided_on=date(2023, 12, 15),
        entries=[
            (road, CENTRAL, billions(100)),
            (road, LOCAL, billions(20)),
            (school, LOCAL, billions(10)),
            (dyke, CENTRAL, billions(30)),
            (dyke, FOREIGN, billions(40)),
        ],
        milestones=[
            (date(2024, 6, 30), Decimal(40), "UBND tỉnh"),
            (date(2024, 9, 30), Decimal(60), "UBND tỉnh"),
            (date(2024, 12, 31), Decimal(80), "UBND tỉnh"),
            (date(2025, 1, 31), Decimal(95), "Chính phủ"),
        ],
    )
    return {
        **tree,
        "construction": construction,
        "desk": desk,
        "people": people,
        "road": road,
        "school": school,
        "dyke": dyke,
        "plan": plan,
    }
