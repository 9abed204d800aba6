"""The report's words: numbers, dates and the sentences drafted from targets, in both languages."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from resolute.core.documents import format_date, format_number
from resolute.reports.narrative import place_and_date
from resolute.targets.models import Comparator, Indicator, Target
from resolute.targets.report import commitment_text, percent_of, target_sentence


def _target(
    comparator, value, value_max=None, unit="%", decimals=1, name="Tốc độ tăng trưởng GRDP", unit_en=""
):
    indicator = Indicator(
        name=name, name_en="GRDP growth", unit_of_measure=unit, unit_of_measure_en=unit_en, decimals=decimals
    )
    return Target(indicator=indicator, comparator=comparator, value=value, value_max=value_max)


def _row(target, actual, language):
    english = language == "en"
    return SimpleNamespace(
        target=target,
        indicator=target.indicator.name_en if english else target.indicator.name,
        unit_of_measure=target.indicator.unit_of_measure_in(language),
        actual=actual,
        commitment=commitment_text(target, language),
    )


def test_vietnamese_numbers_group_thousands_with_dots_and_decimals_with_a_comma():
    assert format_number(Decimal("10945"), 0, "vi") == "10.945"
    assert format_number(Decimal("9.5"), 1, "vi") == "9,5"
    assert format_number(Decimal("1234567.25"), 2, "vi") == "1.234.567,25"


def test_english_numbers_group_thousands_with_commas_and_decimals_with_a_point():
    assert format_number(Decimal("10945"), 0, "en") == "10,945"
    assert format_number(Decimal("9.5"), 1, "en") == "9.5"


def test_a_number_drops_the_zeros_a_person_would_not_write():
    assert format_number(Decimal("10.000000"), 1, "vi") == "10"
    assert format_number(None, 1, "vi") == "—"


def test_dates_are_written_the_vietnamese_way_with_padded_days_and_early_months():
    assert format_date(date(2025, 2, 5), "vi") == "ngày 05 tháng 02 năm 2025"
    assert format_date(date(2026, 11, 25), "vi") == "ngày 25 tháng 11 năm 2026"
    assert place_and_date("Quảng Nam", date(2026, 11, 25), "vi") == "Quảng Nam, ngày 25 tháng 11 năm 2026"
    assert place_and_date("Quang Nam", date(2026, 11, 25), "en") == "Quang Nam, 25 November 2026"


def test_growth_below_a_range_reads_as_below_the_target_in_both_languages():
    target = _target(Comparator.RANGE, Decimal("9.5"), Decimal("10"))
    assert target_sentence(_row(target, Decimal("7.1"), "en"), date(2025, 12, 31), "en") == (
        "GRDP growth reached 7.1%, below the target of 9.5–10%."
    )
    assert target_sentence(_row(target, Decimal("7.1"), "vi"), date(2025, 12, 31), "vi") == (
        "Tốc độ tăng trưởng GRDP đạt 7,1%, thấp hơn chỉ tiêu 9,5–10%."
    )


def test_a_ceiling_kept_reads_as_meeting_the_target():
    target = _target(Comparator.BELOW, Decimal("4"), name="Tỷ lệ hộ nghèo")
    target.indicator.name_en = "Poverty rate"
    assert target_sentence(_row(target, Decimal("3.82"), "en"), date(2025, 12, 31), "en") == (
        "Poverty rate reached 3.8%, meeting the target of below 4%."
    )


def test_a_floor_in_units_other_than_percent_is_spaced_and_grouped():
    target = _target(Comparator.AT_LEAST, Decimal("10945"), unit="căn nhà", unit_en="houses", decimals=0)
    assert commitment_text(target, "en") == "at least 10,945 houses"
    assert commitment_text(target, "vi") == "tối thiểu 10.945 căn nhà"
    assert target_sentence(_row(target, Decimal("10825"), "en"), date(2025, 12, 31), "en") == (
        "GRDP growth reached 10,825 houses, below the target of at least 10,945 houses."
    )


def test_a_target_without_a_figure_yet_says_so_with_the_day():
    target = _target(Comparator.AT_LEAST, Decimal("5"))
    assert target_sentence(_row(target, None, "vi"), date(2025, 6, 30), "vi") == (
        "Tốc độ tăng trưởng GRDP: chưa có số liệu đến ngày 30 tháng 6 năm 2025 (chỉ tiêu tối thiểu 5%)."
    )


def test_percent_of_target_is_measured_against_the_lower_end_and_not_for_ceilings():
    assert percent_of(_target(Comparator.RANGE, Decimal("9.5"), Decimal("10")), Decimal("7.1")) == Decimal(
        "74.7"
    )
    assert percent_of(_target(Comparator.BELOW, Decimal("4")), Decimal("3.82")) is None


def test_a_unit_of_measure_without_a_translation_shows_the_other_language_with_the_marker():
    target = _target(Comparator.AT_LEAST, Decimal("10945"), unit="căn nhà", decimals=0)
    assert commitment_text(target, "en") == "at least 10,945 căn nhà (Vietnamese)"
    assert commitment_text(target, "vi") == "tối thiểu 10.945 căn nhà"
