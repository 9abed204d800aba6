from resolute.orgunits.models import OrgUnit
from resolute.orgunits.permissions import (
    can_add_top_level_unit,
    can_administer_unit,
    can_view_members,
    can_view_unit,
)


def test_a_district_reporter_sees_its_district_its_communes_and_the_province_above(tree, users):
    reporter = users["district_a_reporter"]
    assert can_view_unit(reporter, tree["district_a"])
    assert can_view_unit(reporter, tree["commune_a1"])
    assert can_view_unit(reporter, tree["province"])
    assert not can_view_unit(reporter, tree["district_b"])
    assert not can_view_unit(reporter, tree["finance"])


def test_members_are_shown_only_where_the_viewer_s_scope_covers_the_unit(tree, users):
    reporter = users["district_a_reporter"]
    assert can_view_members(reporter, tree["district_a"])
    assert can_view_members(reporter, tree["commune_a1"])
    # The province is visible to the district only as the unit above it.
    assert can_view_unit(reporter, tree["province"])
    assert not can_view_members(reporter, tree["province"])
    assert can_view_members(users["leader"], tree["province"])


def test_a_district_administrator_administers_its_own_subtree_only(tree, people):
    district_admin = people["district_a_admin"]
    assert can_administer_unit(district_admin, tree["district_a"])
    assert can_administer_unit(district_admin, tree["commune_a1"])
    assert not can_administer_unit(district_admin, tree["province"])
    assert not can_administer_unit(district_admin, tree["district_b"])


def test_a_manager_or_viewer_administers_nothing(tree, users):
    assert not can_administer_unit(users["district_a_manager"], tree["commune_a1"])
    assert not can_administer_unit(users["leader"], tree["district_a"])


def test_the_province_administrator_administers_every_unit(tree, users):
    assert all(can_administer_unit(users["admin"], unit) for unit in OrgUnit.objects.all())


def test_only_a_superuser_adds_top_level_units(people):
    assert can_add_top_level_unit(people["superuser"])
    assert not can_add_top_level_unit(people["admin"])
