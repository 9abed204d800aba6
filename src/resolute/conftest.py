"""Shared test fixtures: a small organisation tree and users with roles, built through actions."""

import pytest
from hypothesis import settings as hypothesis_settings

from resolute.accounts.models import User
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnitKind

# Property tests judge correctness, not speed: on a busy machine (two test processes on two cores) an
# example may take longer than hypothesis's default 200 ms deadline without anything being wrong.
hypothesis_settings.register_profile("resolute", deadline=None)
hypothesis_settings.load_profile("resolute")


def make_unit(name, parent=None, kind=OrgUnitKind.OTHER, code="", **fields):
    return unit_actions.create_unit(
        acting_user=None, parent=parent, name=name, kind=kind, code=code, **fields
    )


def make_user(username, *memberships, password="resolute-demo", **fields):
    """A user with (unit, role) memberships."""
    user = User.objects.create_user(username=username, password=password, **fields)
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def tree(db):
    """The units, with the document symbols of those that issue letters (the districts have none):

    province ─┬─ party committee ── office
    ├─ people's committee ── finance department
    ├─ district A ── commune A1
    └─ district B ── commune B1"""
    province = make_unit(
        "Tỉnh Quảng Nam",
        kind=OrgUnitKind.PROVINCE,
        code="49",
        name_en="Quang Nam Province",
        document_symbol="UBND-VP",
    )
    party = make_unit(
        "Tỉnh ủy",
        province,
        OrgUnitKind.PARTY_COMMITTEE,
        name_en="Provincial Party Committee",
        document_symbol="TU",
    )
    office = make_unit(
        "Văn phòng Tỉnh ủy",
        party,
        OrgUnitKind.AGENCY,
        name_en="Party Committee Office",
        document_symbol="VPTU",
    )
    committee = make_unit(
        "UBND tỉnh",
        province,
        OrgUnitKind.PEOPLES_COMMITTEE,
        name_en="People's Committee",
        document_symbol="UBND-TH",
    )
    finance = make_unit("Sở Tài chính", committee, OrgUnitKind.DEPARTMENT, name_en="Department of Finance")
    district_a = make_unit(
        "Thành phố Hội An", province, OrgUnitKind.DISTRICT, code="503", name_en="Hoi An City"
    )
    commune_a1 = make_unit("Phường Minh An", district_a, OrgUnitKind.COMMUNE, code="20335")
    district_b = make_unit(
        "Huyện Đại Lộc", province, OrgUnitKind.DISTRICT, code="506", name_en="Dai Loc District"
    )
    commune_b1 = make_unit("Thị trấn Ái Nghĩa", district_b, OrgUnitKind.COMMUNE, code="20434")
    return {
        "province": province,
        "party": party,
        "office": office,
        "committee": committee,
        "finance": finance,
        "district_a": district_a,
        "commune_a1": commune_a1,
        "district_b": district_b,
        "commune_b1": commune_b1,
    }


@pytest.fixture
def users(tree):
    """One user per role, placed as in the demo."""
    province_office = make_user("office", (tree["office"], Role.OFFICE))
    return {
        "admin": make_user("admin", (tree["province"], Role.ADMIN)),
        "office": province_office,
        "leader": make_user("leader", (tree["province"], Role.VIEWER)),
        "finance": make_user("finance", (tree["finance"], Role.REPORTER)),
        "district_a_manager": make_user("hoian_manager", (tree["district_a"], Role.MANAGER)),
        "district_a_reporter": make_user("hoian", (tree["district_a"], Role.REPORTER)),
        "district_b_reporter": make_user("dailoc", (tree["district_b"], Role.REPORTER)),
    }


@pytest.fixture
def default_ladder(db):
    """The ladder's default steps. A data migration creates them, but a test that commits its data
    runs after others have emptied the tables, so such a test asks for them here."""
    from resolute.reporting.models import LadderStep
    from resolute.reporting.selectors.ladder import DEFAULT_STEPS

    for order, kind, delay in DEFAULT_STEPS:
        LadderStep.objects.get_or_create(kind=kind, defaults={"order": order, "delay_working_days": delay})
