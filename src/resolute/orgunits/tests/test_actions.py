import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolute.conftest import make_unit
from resolute.core.models import ChangeLogEntry
from resolute.orgunits import actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind


def test_all_units_under_a_unit_come_from_one_query(tree):
    with CaptureQueriesContext(connection) as queries:
        names = {u.name for u in tree["province"].descendants()}
    assert len(queries) == 1
    assert "Phường Minh An" in names and "Tỉnh Quảng Nam" not in names
    assert {u.name for u in tree["district_a"].descendants(include_self=True)} == {
        "Thành phố Hội An",
        "Phường Minh An",
    }


def test_moving_a_unit_carries_its_subtree(tree):
    actions.move_unit(acting_user=None, unit=tree["district_a"], new_parent=tree["committee"])
    commune = OrgUnit.objects.get(pk=tree["commune_a1"].pk)
    assert commune.is_descendant_of(OrgUnit.objects.get(pk=tree["committee"].pk))
    assert commune.depth == 3
    assert commune in OrgUnit.objects.subtree_of(tree["committee"])
    assert commune not in OrgUnit.objects.subtree_of(tree["district_b"])


def test_a_unit_cannot_move_under_its_own_descendant(tree):
    with pytest.raises(ValidationError) as error:
        actions.move_unit(acting_user=None, unit=tree["district_a"], new_parent=tree["commune_a1"])
    assert "parent" in error.value.message_dict
    assert OrgUnit.objects.get(pk=tree["district_a"].pk).parent == tree["province"]


def test_a_duplicate_code_is_refused_and_nothing_is_written(tree):
    count = OrgUnit.objects.count()
    with pytest.raises(ValidationError) as error:
        make_unit("Another", tree["province"], OrgUnitKind.DISTRICT, code="503")
    assert "503" in error.value.message_dict["code"][0]
    assert OrgUnit.objects.count() == count


def test_closing_a_unit_names_its_successor_and_keeps_its_history(tree):
    import datetime

    actions.close_unit(
        acting_user=None,
        unit=tree["commune_b1"],
        closed_on=datetime.date(2025, 6, 30),
        successors=[tree["commune_a1"]],
    )
    closed = OrgUnit.objects.get(pk=tree["commune_b1"].pk)
    assert closed.effective_to == datetime.date(2025, 6, 30)
    assert list(closed.successors.all()) == [tree["commune_a1"]]
    assert ChangeLogEntry.objects.filter(object_id=str(closed.pk), action="update").exists()
    assert list(OrgUnit.objects.open_on(datetime.date(2025, 7, 1)).filter(pk=closed.pk)) == []
    assert list(OrgUnit.objects.open_on(datetime.date(2025, 6, 1)).filter(pk=closed.pk)) == [closed]


def test_every_unit_keeps_its_names_and_code_folded_for_search(tree):
    finance = OrgUnit.objects.get(pk=tree["finance"].pk)
    assert finance.search_text == "so tai chinh department of finance"
    district = OrgUnit.objects.get(pk=tree["district_b"].pk)
    assert district.search_text == "huyen dai loc dai loc district 506"


def test_renaming_a_unit_refreshes_what_search_finds(tree):
    actions.update_unit(
        acting_user=None, unit=tree["finance"], name="Sở Tài chính - Kế hoạch", short_name="STC"
    )
    assert OrgUnit.objects.get(pk=tree["finance"].pk).search_text == (
        "so tai chinh - ke hoach department of finance stc"
    )
    assert list(OrgUnit.objects.matching("kế hoạch")) == [OrgUnit.objects.get(pk=tree["finance"].pk)]


@pytest.mark.parametrize("query", ["tai chinh", "tài chính", "TÀI CHÍNH", "Tai Chinh", "chính sở", "finance"])
def test_search_ignores_accents_case_and_word_order(tree, query):
    assert [unit.name for unit in OrgUnit.objects.matching(query)] == ["Sở Tài chính"]


def test_search_reads_the_letter_d_with_a_stroke_as_d(tree):
    assert [unit.name for unit in OrgUnit.objects.matching("dai loc")] == ["Huyện Đại Lộc"]
    assert [unit.name for unit in OrgUnit.objects.matching("Đại Lộc")] == ["Huyện Đại Lộc"]


def test_search_finds_a_unit_by_its_official_code(tree):
    assert [unit.name for unit in OrgUnit.objects.matching("20335")] == ["Phường Minh An"]


def test_a_party_committee_and_every_body_under_it_write_in_the_party_form(tree):
    board = make_unit("Ban Tổ chức Tỉnh ủy", tree["party"], OrgUnitKind.AGENCY)
    section = make_unit("Phòng Tổ chức cán bộ", board, OrgUnitKind.OTHER)
    assert [unit.is_party_body for unit in (tree["party"], tree["office"], board, section)] == [True] * 4
    state = (tree["province"], tree["committee"], tree["finance"], tree["district_a"], tree["commune_a1"])
    assert [unit.is_party_body for unit in state] == [False] * 5


def test_a_unit_is_closed_by_its_last_day_and_every_day_after(tree):
    from datetime import date

    unit = actions.close_unit(acting_user=None, unit=tree["commune_a1"], closed_on=date(2026, 6, 30))
    assert [unit.is_closed_by(day) for day in (date(2026, 6, 29), date(2026, 6, 30), date(2026, 7, 1))] == [
        False,
        True,
        True,
    ]
