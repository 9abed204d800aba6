"""Who may enter, approve and read values, and who keeps the registry and the targets: grants and
denials. Approval goes up the tree."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from resolute.conftest import make_user
from resolute.core.periods import PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.orgunits.choices import Role
from resolute.targets.models import Comparator, DataValue, Direction, Indicator, Target, ValueState
from resolute.targets.permissions import (
    can_approve_values,
    can_enter_values,
    can_manage_indicators,
    can_manage_target,
)

from ..actions import indicators as indicator_actions
from ..actions import targets as target_actions
from ..actions import values as value_actions
from .test_values import IN_MARCH_WINDOW, enter, make_indicator, submitted


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def poor(db):
    return make_indicator()


def enter_as(user, unit, indicator, value="120"):
    return value_actions.save_values(
        acting_user=user,
        unit=unit,
        period="202503",
        entries=[(indicator, Decimal(value), "")],
        today=IN_MARCH_WINDOW,
    )


# -- entering ----------------------------------------------------------------------------------------


def test_a_reporter_enters_values_for_their_own_unit_and_the_units_below(tree, users, poor):
    reporter = users["district_a_reporter"]
    assert can_enter_values(reporter, tree["district_a"])
    assert can_enter_values(reporter, tree["commune_a1"])
    enter_as(reporter, tree["district_a"], poor)
    enter_as(reporter, tree["commune_a1"], poor)
    assert DataValue.objects.count() == 2


def test_a_reporter_of_dai_loc_cannot_enter_hoi_ans_values(tree, users, poor):
    assert not can_enter_values(users["district_b_reporter"], tree["district_a"])
    with pytest.raises(PermissionDenied):
        enter_as(users["district_b_reporter"], tree["district_a"], poor)
    assert not DataValue.objects.exists()


def test_a_viewer_cannot_enter_values_nor_submit_them(tree, users, poor):
    with pytest.raises(PermissionDenied):
        enter_as(users["leader"], tree["district_a"], poor)
    enter(tree["district_a"], "202503", poor, "120")
    with pytest.raises(PermissionDenied):
        value_actions.submit_values(
            acting_user=users["leader"], unit=tree["district_a"], period="202503", today=IN_MARCH_WINDOW
        )


def test_a_reporter_of_dai_loc_cannot_submit_hoi_ans_values(tree, users, poor):
    enter(tree["district_a"], "202503", poor, "120")
    with pytest.raises(PermissionDenied):
        value_actions.submit_values(
            acting_user=users["district_b_reporter"],
            unit=tree["district_a"],
            period="202503",
            today=IN_MARCH_WINDOW,
        )
    assert DataValue.objects.get().state == ValueState.DRAFT


def test_a_signed_out_visitor_cannot_enter_values(tree, poor):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        enter_as(AnonymousUser(), tree["district_a"], poor)


# -- approving ---------------------------------------------------------------------------------------


def test_a_hoi_an_manager_cannot_approve_hoi_ans_own_values(tree, users, poor):
    row = submitted(tree["district_a"], "202503", poor, "120")
    manager = users["district_a_manager"]
    assert not can_approve_values(manager, tree["district_a"])
    with pytest.raises(PermissionDenied):
        value_actions.approve_values(acting_user=manager, values=[row])
    with pytest.raises(PermissionDenied):
        value_actions.return_values(acting_user=manager, values=[row], reason="Too high")
    row.refresh_from_db()
    assert row.state == ValueState.SUBMITTED


def test_a_hoi_an_manager_approves_the_values_of_a_commune_below(tree, users, poor):
    row = submitted(tree["commune_a1"], "202503", poor, "12")
    value_actions.approve_values(acting_user=users["district_a_manager"], values=[row])
    row.refresh_from_db()
    assert row.state == ValueState.APPROVED


def test_a_hoi_an_manager_cannot_approve_a_commune_of_dai_loc(tree, users, poor):
    row = submitted(tree["commune_b1"], "202503", poor, "12")
    with pytest.raises(PermissionDenied):
        value_actions.approve_values(acting_user=users["district_a_manager"], values=[row])


def test_the_office_approves_district_and_province_values(tree, users, poor):
    district_value = submitted(tree["district_a"], "202503", poor, "120")
    province_value = submitted(tree["province"], "202503", poor, "900")
    assert can_approve_values(users["office"], tree["province"])
    value_actions.approve_values(acting_user=users["office"], values=[district_value, province_value])
    assert set(DataValue.objects.values_list("state", flat=True)) == {ValueState.APPROVED}


def test_a_province_manager_may_approve_districts_but_not_the_province_itself(tree, poor):
    manager = make_user("province_manager", (tree["province"], Role.MANAGER))
    assert can_approve_values(manager, tree["district_a"])
    assert not can_approve_values(manager, tree["province"])


def test_reporters_and_viewers_cannot_approve(tree, users, poor):
    row = submitted(tree["commune_a1"], "202503", poor, "12")
    for role in ["district_a_reporter", "leader", "finance"]:
        with pytest.raises(PermissionDenied):
            value_actions.approve_values(acting_user=users[role], values=[row])


def test_approving_a_batch_with_one_value_out_of_reach_approves_none(tree, users, poor):
    commune_value = submitted(tree["commune_a1"], "202503", poor, "12")
    district_value = submitted(tree["district_a"], "202503", poor, "120")
    with pytest.raises(PermissionDenied):
        value_actions.approve_values(
            acting_user=users["district_a_manager"], values=[commune_value, district_value]
        )
    assert set(DataValue.objects.values_list("state", flat=True)) == {ValueState.SUBMITTED}


# -- the registry and targets ------------------------------------------------------------------------


def test_only_an_office_keeps_the_indicator_registry(users):
    assert can_manage_indicators(users["office"])
    assert can_manage_indicators(users["admin"])
    for role in ["leader", "district_a_manager", "district_a_reporter"]:
        assert not can_manage_indicators(users[role]), role
        with pytest.raises(PermissionDenied):
            indicator_actions.create_indicator(
                acting_user=users[role],
                code="X",
                name="X",
                unit_of_measure="houses",
                direction=Direction.HIGHER_IS_BETTER,
                periodicity=PeriodType.YEARLY,
            )
    assert not Indicator.objects.exists()


def test_a_target_is_set_by_the_office_covering_its_unit(tree, users, poor):
    document = document_actions.create_document(
        acting_user=None, owner=tree["party"], kind=DocumentKind.CONCLUSION, title="Conclusion"
    )
    assert can_manage_target(users["office"], tree["district_a"])
    assert not can_manage_target(users["district_a_manager"], tree["district_a"])
    with pytest.raises(PermissionDenied):
        target_actions.create_target(
            acting_user=users["district_a_manager"],
            document=document,
            indicator=poor,
            unit=tree["district_a"],
            year=2025,
            deadline=date(2025, 12, 31),
            comparator=Comparator.AT_MOST,
            value=Decimal("100"),
        )
    target = target_actions.create_target(
        acting_user=users["office"],
        document=document,
        indicator=poor,
        unit=tree["district_a"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.AT_MOST,
        value=Decimal("100"),
    )
    with pytest.raises(PermissionDenied):
        target_actions.update_target(
            acting_user=users["district_a_reporter"], target=target, value=Decimal("90")
        )


# -- reading -----------------------------------------------------------------------------------------


def test_values_and_targets_are_visible_where_their_unit_is(tree, users, poor):
    enter(tree["district_a"], "202503", poor, "120")
    enter(tree["district_b"], "202503", poor, "80")
    enter(tree["province"], "202503", poor, "900")
    document = document_actions.create_document(
        acting_user=None, owner=tree["party"], kind=DocumentKind.CONCLUSION, title="Conclusion"
    )
    for unit in [tree["province"], tree["district_a"], tree["district_b"]]:
        target_actions.create_target(
            acting_user=None,
            document=document,
            indicator=poor,
            unit=unit,
            year=2025,
            deadline=date(2025, 12, 31),
            comparator=Comparator.AT_MOST,
            value=Decimal("100"),
        )

    def units_of(queryset):
        return {row.unit for row in queryset.select_related("unit")}

    hoi_an = users["district_a_reporter"]
    # Hoi An sees its own figures and the province's above it, never Dai Loc's
    assert units_of(DataValue.objects.visible_to(hoi_an)) == {tree["district_a"], tree["province"]}
    assert units_of(Target.objects.visible_to(hoi_an)) == {tree["district_a"], tree["province"]}
    assert units_of(DataValue.objects.visible_to(users["leader"])) == {
        tree["district_a"],
        tree["district_b"],
        tree["province"],
    }


def test_everyone_signed_in_reads_the_registry_and_nobody_else(users, poor):
    from django.contrib.auth.models import AnonymousUser

    assert list(Indicator.objects.visible_to(users["district_b_reporter"])) == [poor]
    assert not Indicator.objects.visible_to(AnonymousUser()).exists()
    assert not DataValue.objects.visible_to(AnonymousUser()).exists()
    assert not Target.objects.visible_to(AnonymousUser()).exists()
