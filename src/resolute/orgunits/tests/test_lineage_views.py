"""The unit page's lineage, search by former and predecessors' names, and the tree of a past day."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from resolute.conftest import make_unit
from resolute.orgunits import actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind, Reorganisation, UnitFormerName

CLOSED_ON = datetime.date(2025, 6, 30)
NEW_DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def travel_to_today():
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        yield


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def resolution(tree) -> Reorganisation:
    return Reorganisation.objects.create(
        title="Sắp xếp đơn vị hành chính cấp xã",
        legal_basis="Nghị quyết 1659/NQ-UBTVQH15",
        effective_on=NEW_DAY,
        area=tree["province"],
    )


def rename(unit, *, name, code="", reorganisation=None, until=CLOSED_ON) -> OrgUnit:
    """Rename (and re-code) a unit as a reorganisation does: its old name is kept as a former name."""
    UnitFormerName.objects.create(
        unit=unit,
        name=unit.name,
        name_en=unit.name_en,
        short_name=unit.short_name,
        code=unit.code,
        used_until=until,
        reorganisation=reorganisation,
    )
    changes = {"name": name, "name_en": ""}
    if code:
        changes["code"] = code
    return actions.update_unit(acting_user=None, unit=OrgUnit.objects.get(pk=unit.pk), **changes)


def merge_hoi_an_into_a_ward(tree):
    """Hội An City closes on 30 June 2025; the new Hội An Ward takes over its work."""
    reorganisation = resolution(tree)
    ward = make_unit(
        "Phường Hội An", tree["province"], OrgUnitKind.COMMUNE, code="20336", effective_from=NEW_DAY
    )
    actions.move_unit(
        acting_user=None,
        unit=tree["commune_a1"],
        new_parent=ward,
        on=datetime.date(2025, 8, 1),
        confirm_access_change=True,
    )
    actions.close_unit(acting_user=None, unit=tree["district_a"], closed_on=CLOSED_ON, successors=[ward])
    tree["district_a"].succession_out.update(reorganisation=reorganisation)
    return ward, reorganisation


# -- the unit page -----------------------------------------------------------------------------


def test_a_unit_page_names_its_predecessors_with_the_day_the_kind_and_the_legal_basis(
    browser_as, tree, travel_to_today
):
    ward, reorganisation = merge_hoi_an_into_a_ward(tree)
    html = page_text(browser_as("admin").get(ward.get_absolute_url()))
    assert "Predecessor" in html and "Hoi An City" in html
    assert "01/07/2025" in html and "Merger" in html
    assert f'<a href="{reorganisation.get_absolute_url()}"' in html and "Nghị quyết 1659/NQ-UBTVQH15" in html


def test_a_closed_unit_says_where_its_work_went_and_under_which_decision(browser_as, tree, travel_to_today):
    ward, reorganisation = merge_hoi_an_into_a_ward(tree)
    html = page_text(browser_as("admin").get(tree["district_a"].get_absolute_url()))
    assert "This unit closed on 30/06/2025" in html
    passed_to = html[html.index("Its work and history passed to") :]
    assert "Phường Hội An" in passed_to and "from 01/07/2025" in passed_to
    assert "Nghị quyết 1659/NQ-UBTVQH15" in passed_to


def test_the_legal_basis_links_only_for_people_whose_scope_covers_the_reorganisation(
    browser_as, tree, travel_to_today
):
    ward, reorganisation = merge_hoi_an_into_a_ward(tree)
    # The district's reporter sees the old city but only the province above it: no link.
    html = page_text(browser_as("district_a_reporter").get(tree["district_a"].get_absolute_url()))
    assert "Nghị quyết 1659/NQ-UBTVQH15" in html
    assert reorganisation.get_absolute_url() not in html
    assert browser_as("district_a_reporter").get(reorganisation.get_absolute_url()).status_code == 404


def test_a_renamed_unit_lists_its_former_names_and_codes_until_their_last_day(
    browser_as, tree, travel_to_today
):
    reorganisation = resolution(tree)
    rename(tree["commune_b1"], name="Xã Đại Lộc", code="20999", reorganisation=reorganisation)
    html = page_text(browser_as("admin").get(tree["commune_b1"].get_absolute_url()))
    former = html[html.index("Former names and codes") :]
    assert "Thị trấn Ái Nghĩa" in former and "20434" in former and "until 30/06/2025" in former
    assert "Nghị quyết 1659/NQ-UBTVQH15" in former


# -- search ------------------------------------------------------------------------------------


def tree_search(client, **params):
    return page_text(client.get(reverse("orgunits:tree"), params))


def test_a_search_by_a_former_name_or_code_finds_the_renamed_unit(browser_as, tree, travel_to_today):
    rename(tree["commune_b1"], name="Xã Đại Lộc", code="20999")
    client = browser_as("admin")
    assert tree["commune_b1"].get_absolute_url() in tree_search(client, q="ai nghia")
    assert tree["commune_b1"].get_absolute_url() in tree_search(client, q="20434")
    assert tree["commune_b1"].get_absolute_url() in tree_search(client, q="dai loc xa")


def test_a_unit_keeps_its_former_names_in_its_search_text_through_later_edits(tree):
    renamed = rename(tree["commune_b1"], name="Xã Đại Lộc")
    renamed = actions.update_unit(acting_user=None, unit=renamed, email="dailoc@example.org")
    assert "ai nghia" in renamed.search_text and renamed.search_text.startswith("xa dai loc")


def test_a_search_by_a_closed_unit_s_name_finds_the_unit_that_took_it_over(browser_as, tree, travel_to_today):
    ward, _reorganisation = merge_hoi_an_into_a_ward(tree)
    client = browser_as("admin")
    html = tree_search(client, q="hoi an city")
    # The ward's own name does not say "city": it is found through its predecessor.
    assert "1 unit found" in html and ward.get_absolute_url() in html
    took_over = html[html.index("took over from") :]
    assert tree["district_a"].get_absolute_url() in took_over
    html = tree_search(client, q="hoi an city", include_closed="on")
    assert "2 units found" in html and "closed on 30/06/2025" in html


def test_a_search_follows_lineage_back_through_several_reorganisations(browser_as, tree, travel_to_today):
    oldest = make_unit("Xã Cẩm Thanh", tree["district_a"], OrgUnitKind.COMMUNE)
    middle = make_unit("Xã Cẩm Kim", tree["district_a"], OrgUnitKind.COMMUNE)
    latest = make_unit("Phường Mới", tree["district_a"], OrgUnitKind.COMMUNE)
    actions.close_unit(
        acting_user=None, unit=oldest, closed_on=datetime.date(2019, 12, 31), successors=[middle]
    )
    actions.close_unit(acting_user=None, unit=middle, closed_on=CLOSED_ON, successors=[latest])
    html = tree_search(browser_as("admin"), q="cam thanh")
    assert "1 unit found" in html and latest.get_absolute_url() in html
    took_over = html[html.index("took over from") :]
    assert oldest.get_absolute_url() in took_over and middle.get_absolute_url() not in took_over


def test_searching_through_lineage_reads_the_same_queries_however_many_units_it_finds(
    browser_as, tree, travel_to_today, django_assert_num_queries
):
    client = browser_as("admin")

    def merge(count):
        for number in range(count):
            old = make_unit(f"Xã Cũ Vinh {number}", tree["district_b"], OrgUnitKind.COMMUNE)
            new = make_unit(f"Phường {number}", tree["district_b"], OrgUnitKind.COMMUNE)
            actions.close_unit(acting_user=None, unit=old, closed_on=CLOSED_ON, successors=[new])

    merge(1)
    client.get(reverse("orgunits:tree"), {"q": "cu vinh"})  # warm the session and the scope
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert "took over from" in tree_search(client, q="cu vinh")
    merge(10)
    with django_assert_num_queries(len(one.captured_queries)):
        html = tree_search(client, q="cu vinh")
    assert "11 units found" in html and html.count("took over from") == 11


# -- the tree of a day -------------------------------------------------------------------------


def test_the_tree_of_a_past_day_shows_the_units_open_then_where_they_sat_and_their_names(
    browser_as, tree, travel_to_today
):
    ward, _reorganisation = merge_hoi_an_into_a_ward(tree)
    rename(tree["commune_b1"], name="Xã Đại Lộc")
    client = browser_as("admin")
    today = page_text(client.get(reverse("orgunits:tree")))
    assert "Hoi An City" not in today and "Phường Hội An" in today and "Xã Đại Lộc" in today
    before = page_text(client.get(reverse("orgunits:tree"), {"as_of": "2025-06-15"}))
    assert "as it stood on 15/06/2025" in before
    assert "Hoi An City" in before and "Phường Hội An" not in before
    assert "Thị trấn Ái Nghĩa" in before and "Xã Đại Lộc" not in before
    # Phường Minh An sat under the city then.
    assert before.index("Hoi An City") < before.index("Phường Minh An") < before.index("Dai Loc District")
    assert 'value="2025-06-15"' in before


def test_the_tree_is_today_s_when_the_day_is_missing_or_not_a_date(browser_as, tree, travel_to_today):
    client = browser_as("admin")
    html = page_text(client.get(reverse("orgunits:tree"), {"as_of": "not-a-day"}))
    assert "as it stood on" not in html and "Hoi An City" in html
    assert 'value="2025-08-01"' in page_text(client.get(reverse("orgunits:tree")))


def test_the_tree_of_a_past_day_reads_the_same_queries_however_large_it_is(
    browser_as, tree, travel_to_today, django_assert_num_queries
):
    client = browser_as("admin")
    rename(tree["commune_b1"], name="Xã Đại Lộc")
    actions.move_unit(
        acting_user=None, unit=tree["commune_a1"], new_parent=tree["district_b"], confirm_access_change=True
    )
    url = reverse("orgunits:tree")
    client.get(url, {"as_of": "2025-06-15"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url, {"as_of": "2025-06-15"})
    for number in range(20):
        unit = make_unit(f"Tổ {number}", tree["district_a"])
        rename(unit, name=f"Tổ mới {number}")
    with django_assert_num_queries(len(small.captured_queries)):
        html = page_text(client.get(url, {"as_of": "2025-06-15"}))
    assert "Tổ 19" in html and "Tổ mới 19" not in html
