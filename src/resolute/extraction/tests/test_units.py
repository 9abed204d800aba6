"""Linking mentions to units of the org tree, and collective mentions."""

from resolute.extraction.units import UnitCandidate, generic_unit_kinds, initials, match_unit

TREE = [
    UnitCandidate(1, "Sở Tài chính", "Department of Finance"),
    UnitCandidate(2, "Ủy ban nhân dân tỉnh", "Provincial People's Committee", "UBND tỉnh"),
    UnitCandidate(3, "Huyện Đại Lộc", "Dai Loc District"),
    UnitCandidate(4, "Sở Tư pháp", "Department of Justice"),
]


def test_matches_names_in_either_language_ignoring_accents_and_case():
    assert match_unit("sở tài chính", TREE) == [1]
    assert match_unit("So Tai Chinh", TREE) == [1]
    assert match_unit("the Department of Finance", TREE) == [1]
    assert match_unit("dai loc district", TREE) == [3]


def test_matches_short_names_and_initials_of_the_vietnamese_name():
    assert match_unit("UBND tỉnh", TREE) == [2]
    assert match_unit("STC", TREE) == [1]


def test_initials_keep_a_trailing_level_word():
    assert initials("Ủy ban nhân dân tỉnh") == "UBND tỉnh"
    assert initials("Hội đồng nhân dân") == "HĐND"
    assert initials("Sở Tài chính") == "STC"


def test_an_abbreviation_matches_only_the_units_whose_initials_it_is():
    assert sorted(match_unit("STP", TREE + [UnitCandidate(5, "Sở Thông tin và Phát thanh")])) == [4]
    assert match_unit("Sở Y tế", TREE) == []


def test_collective_mentions_name_kinds_of_unit():
    assert generic_unit_kinds("districts, towns and cities") == {"district"}
    assert generic_unit_kinds("các huyện, thị xã, thành phố") == {"district"}
    assert generic_unit_kinds("communes") == {"commune"}
    assert generic_unit_kinds("các xã, phường, thị trấn") == {"commune"}
    assert generic_unit_kinds("departments, branches") == {"department", "agency"}
    assert generic_unit_kinds("các sở, ban, ngành") == {"department", "agency"}


def test_a_named_unit_is_not_a_collective_mention():
    assert generic_unit_kinds("huyện Đại Lộc") == set()
    assert generic_unit_kinds("Department of Finance") == set()
