"""The scope policy every read and write relies on."""

from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for


def names(queryset):
    return {unit.name for unit in queryset}


def test_a_district_reporter_sees_its_subtree_and_the_chain_above_but_not_a_sibling_district(tree, users):
    visible = names(OrgUnit.objects.visible_to(users["district_a_reporter"]))
    assert {"Thành phố Hội An", "Phường Minh An", "Tỉnh Quảng Nam"} <= visible
    assert "Huyện Đại Lộc" not in visible
    assert "Thị trấn Ái Nghĩa" not in visible
    assert "Sở Tài chính" not in visible


def test_the_office_covers_the_whole_jurisdiction_of_the_body_it_serves(tree, users):
    scope = scope_for(users["office"])
    assert scope.covers(tree["district_b"], Role.OFFICE)
    assert scope.covers(tree["finance"], Role.OFFICE)
    assert not scope.covers(tree["district_b"], Role.ADMIN)


def test_a_reporter_does_not_hold_manager_powers(tree, users):
    scope = scope_for(users["district_a_reporter"])
    assert scope.covers(tree["commune_a1"], Role.REPORTER)
    assert not scope.covers(tree["commune_a1"], Role.MANAGER)
    assert not scope.covers(tree["province"], Role.REPORTER)


def test_a_user_without_memberships_sees_nothing(tree, db):
    from resolute.conftest import make_user

    assert not OrgUnit.objects.visible_to(make_user("nobody")).exists()
