"""Numbers, units and comparators in English and Vietnamese fragments."""

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.extraction.quantities import find_comparison, find_quantities, parse_number

SEED_KEY = Path(__file__).resolve().parent.parent / "corpus" / "000_a06584f7dbdf5516.expected.json"


def D(value):  # noqa: N802 - reads like the literal it builds
    return None if value is None else Decimal(str(value))


def only(text, lang):
    quantities = find_quantities(text, lang)
    assert len(quantities) == 1, quantities
    return quantities[0]


# --------------------------------------------------------------------------------------------------------
# parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("10,945", "en", 10945),
        ("10.945", "en", 10945),
        ("10.945", "vi", 10945),
        ("10,945", "vi", 10945),
        ("9.5", "en", 9.5),
        ("9,5", "vi", 9.5),
        ("9,5", "en", 9.5),
        ("1,5", "vi", 1.5),
        ("1,500", "vi", 1500),
        ("1.500", "en", 1500),
        ("0,125", "vi", 0.125),
        ("0.125", "en", 0.125),
        ("1.234.567", "vi", 1234567),
        ("1,234,567", "en", 1234567),
        ("1,234,567.89", "en", 1234567.89),
        ("1.234.567,89", "vi", 1234567.89),
        ("1234,5", "vi", 1234.5),
        ("2025", "en", 2025),
        ("15 trillion", "en", 15000000000000),
        ("8 million", "en", 8000000),
        ("2.5 billion", "en", 2500000000),
        ("15 nghìn tỷ", "vi", 15000000000000),
        ("15 ngàn tỷ", "vi", 15000000000000),
        ("250 tỷ", "vi", 250000000000),
        ("1,5 triệu", "vi", 1500000),
        ("3 nghìn", "vi", 3000),
        ("5 trăm", "vi", 500),
        ("9,5%", "vi", 9.5),
        ("12,345%", "vi", 12.345),
        ("1.234%", "en", 1.234),
        ("10\u00a0945", "vi", 10945),
    ],
)
def test_parses_numbers_in_both_writing_styles(text, lang, expected):
    assert parse_number(text, lang) == D(expected)


@pytest.mark.parametrize("text", ["30.6.2025", "1.2.3", "abc", "", "1,23,4", "12.34.567"])
def test_refuses_what_is_not_one_number(text):
    assert parse_number(text, "en") is None


# --------------------------------------------------------------------------------------------------------
# find_quantities: values, units and scale words


@pytest.mark.parametrize(
    ("text", "lang", "value", "unit"),
    [
        ("the GRDP grew 7.1%", "en", 7.1, "%"),
        ("tăng 7,1%", "vi", 7.1, "%"),
        ("a rise of 10 %", "en", 10, "%"),
        ("a rise of 10\u00a0%", "en", 10, "%"),
        ("5 percent of households", "en", 5, "%"),
        ("5 per cent", "en", 5, "%"),
        ("đạt 5 phần trăm", "vi", 5, "%"),
        ("by 1 percentage point", "en", 1, "percentage points"),
        ("by 1.5 percentage points", "en", 1.5, "percentage points"),
        ("giảm 1 điểm phần trăm", "vi", 1, "percentage points"),
        ("more than 15 trillion VND", "en", 15000000000000, "VND"),
        ("15 nghìn tỷ đồng", "vi", 15000000000000, "VND"),
        ("250 tỷ đồng", "vi", 250000000000, "VND"),
        ("250 tỉ đồng", "vi", 250000000000, "VND"),
        ("1,5 tỷ VNĐ", "vi", 1500000000, "VND"),
        ("USD 5 million", "en", 5000000, "USD"),
        ("$5 million", "en", 5000000, "USD"),
        ("2.5 billion USD", "en", 2500000000, "USD"),
        ("VND15 trillion", "en", 15000000000000, "VND"),
        ("USD5 million", "en", 5000000, "USD"),
        ("8 million visitors", "en", 8000000, "visitors"),
        ("8 triệu lượt khách", "vi", 8000000, "visitors"),
        ("10.945 căn", "vi", 10945, "houses"),
        ("10.945 căn nhà", "vi", 10945, "houses"),
        ("500 hộ", "vi", 500, "households"),
        ("500 hộ gia đình", "vi", 500, "households"),
        ("1.200 người", "vi", 1200, "persons"),
        ("94 dự án", "vi", 94, "projects"),
        ("120 ha", "vi", 120, "hectares"),
        ("120 hectares", "en", 120, "hectares"),
        ("35 km", "en", 35, "km"),
        ("12 xã", "vi", 12, "communes"),
        ("12 communes", "en", 12, "communes"),
        ("3 hợp tác xã", "vi", 3, "hợp tác xã"),
        ("30 giường bệnh/vạn dân", "vi", 30, "beds per 10,000 people"),
        ("30 giường bệnh trên 10.000 dân", "vi", 30, "beds per 10,000 people"),
        ("30 beds per 10,000 people", "en", 30, "beds per 10,000 people"),
        ("2 scientific seminars", "en", 2, "seminars"),
        ("94 projects must", "en", 94, "projects"),
        ("3 targets have not been achieved", "en", 3, "targets"),
        ("12 new schools", "en", 12, "schools"),
        ("2.1 million international tourists", "en", 2100000, "visitors"),
        ("500 poor households", "en", 500, "households"),
        ("12 OCOP products", "en", 12, "OCOP products"),
        ("1 new industrial project", "en", 1, "projects"),
        ("5 Dong Giang communes", "en", 5, "communes"),
        ("15 billion dong", "en", 15000000000, "VND"),
        ("10,945 temporary and dilapidated houses", "en", 10945, "houses"),
        ("2 hội thảo khoa học", "vi", 2, "hội thảo"),
        ("phấn đấu đạt 1.200 lượt đoàn viên tham gia", "vi", 1200, "lượt đoàn viên"),
        ("có 5 đồng chí tham gia", "vi", 5, "đồng chí"),
        ("việc làm cho 18.500 lượt lao động", "vi", 18500, "lượt lao động"),
        ("đào tạo 2.000 người lao động", "vi", 2000, "người lao động"),
        ("5 trường hợp vi phạm", "vi", 5, "trường hợp"),
        ("12 đơn vị hành chính", "vi", 12, "đơn vị"),
        ("12 trường học", "vi", 12, "trường học"),
        ("a figure of 42 in total", "en", 42, None),
    ],
)
def test_reads_value_and_canonical_unit(text, lang, value, unit):
    quantity = only(text, lang)
    assert quantity.value == D(value)
    assert quantity.unit == unit


def test_keeps_the_quantity_as_written_with_offsets():
    text = "Tourism is vibrant (with more than 8 million visitors)."
    quantity = only(text, "en")
    assert quantity.text == "8 million visitors"
    assert text[quantity.start : quantity.end] == quantity.text
    assert quantity.qualifier == "more than"


@pytest.mark.parametrize(
    ("text", "lang", "qualifier"),
    [
        ("about 10%", "en", "about"),
        ("approximately 28%", "en", "approximately"),
        ("khoảng 250 tỷ đồng", "vi", "khoảng"),
        ("hơn 8 triệu lượt khách", "vi", "hơn"),
        ("trên 90%", "vi", "trên"),
        ("(about 250 billion VND)", "en", "about"),
        ("10%", "en", None),
    ],
)
def test_reads_the_qualifier_before_a_number(text, lang, qualifier):
    assert only(text, lang).qualifier == qualifier


def test_reads_a_fraction_as_value_of_total():
    quantity = only("by the end of 2024, 6,535/10,945 households will be completed", "en")
    assert (quantity.value, quantity.of, quantity.unit) == (D(6535), D(10945), "households")
    assert quantity.text == "6,535/10,945 households"


def test_reads_a_vietnamese_fraction():
    quantity = only("hoàn thành 6.535/10.945 căn", "vi")
    assert (quantity.value, quantity.of, quantity.unit) == (D(6535), D(10945), "houses")


@pytest.mark.parametrize(
    ("text", "lang", "unit"),
    [
        ("bằng 27% dự toán", "vi", "% of estimate"),
        ("equal to 112% of the estimate", "en", "% of estimate"),
        ("vượt 10% dự toán", "vi", "%"),
        ("exceeded the estimate by 10%", "en", "%"),
        ("reached 91.5% of the plan assigned by the province", "en", "%"),
        ("đạt 58,3% kế hoạch vốn giao", "vi", "%"),
        ("reach 120% of the plan", "en", "% of plan"),
        ("đạt 120% kế hoạch", "vi", "% of plan"),
        ("vượt 20% kế hoạch", "vi", "%"),
    ],
)
def test_a_share_of_the_budget_estimate_has_its_own_unit(text, lang, unit):
    assert only(text, lang).unit == unit


@pytest.mark.parametrize(
    ("text", "lang", "value", "of", "unit"),
    [
        ("Of the 21 main targets set by the Council, 18 were achieved or exceeded", "en", 18, 21, "targets"),
        ("Trong số 21 chỉ tiêu, có 18 chỉ tiêu đạt và vượt kế hoạch", "vi", 18, 21, "chỉ tiêu"),
        ("bringing the number of communes meeting the standards to 14/17", "en", 14, 17, "communes"),
        ("Có 3/25 chỉ tiêu không đạt kế hoạch", "vi", 3, 25, "chỉ tiêu"),
        ("(only 45 new enterprises of the 60 planned)", "en", 45, 60, "enterprises"),
        ("đạt 300 hộ trên tổng số 500 hộ", "vi", 300, 500, "households"),
        ("nâng số xã đạt chuẩn lên 14/17", "vi", 14, 17, "communes"),
    ],
)
def test_reads_a_part_of_a_whole(text, lang, value, of, unit):
    quantity = only(text, lang)
    assert (quantity.value, quantity.of, quantity.unit) == (D(value), D(of), unit)


def test_the_number_of_a_counted_thing_names_the_unit_of_its_figure():
    assert only("increase the number of enterprises to 1,200", "en").unit == "enterprises"
    assert only("số doanh nghiệp thành lập mới đạt 1.200", "vi").unit == "doanh nghiệp"
    assert only("số hộ nghèo giảm còn 3.000", "vi").unit == "households"
    assert only("the number of tourists reached 2.1 million", "en").unit == "visitors"


@pytest.mark.parametrize(
    ("text", "lang", "unit"),
    [
        (
            "Budget revenue will exceed the set plan (about 10%, of which domestic revenue will reach 120%).",
            "en",
            "% of plan",
        ),
        ("Thu ngân sách vượt dự toán, trong đó thu nội địa đạt 115%.", "vi", "% of estimate"),
        ("Exports grew strongly. Revenue reached 120%.", "en", "%"),
        ("Against the plan, industrial output was up 130%.", "en", "%"),
    ],
)
def test_a_share_above_a_hundred_percent_takes_the_plan_named_before_it(text, lang, unit):
    assert find_quantities(text, lang)[-1].unit == unit


def test_a_restatement_in_parentheses_lends_its_unit():
    quantities = find_quantities("repair 10,945 (approximately 11,000 houses) temporary houses", "en")
    assert [(q.value, q.unit) for q in quantities] == [(D(10945), "houses"), (D(11000), "houses")]
    assert quantities[1].qualifier == "approximately"


@pytest.mark.parametrize(
    ("text", "lang", "values", "unit"),
    [
        ("from 9.5 - 10%", "en", [9.5, 10], "%"),
        ("9.5-10%", "en", [9.5, 10], "%"),
        ("từ 9,5 đến 10%", "vi", [9.5, 10], "%"),
        ("9,5 - 10%", "vi", [9.5, 10], "%"),
        ("9,5 \u2013 10 %", "vi", [9.5, 10], "%"),
        ("between 3 and 5 billion VND", "en", [3000000000, 5000000000], "VND"),
        ("từ 2 đến 3 tỷ đồng", "vi", [2000000000, 3000000000], "VND"),
        ("USD 2 - 3 million", "en", [2000000, 3000000], "USD"),
        ("the number of visitors from 2 to 3 million", "en", [2000000, 3000000], "visitors"),
    ],
)
def test_the_first_bound_of_a_range_takes_the_second_bounds_unit_and_scale(text, lang, values, unit):
    quantities = find_quantities(text, lang)
    assert [q.value for q in quantities] == [D(v) for v in values]
    assert {q.unit for q in quantities} == {unit}


# --------------------------------------------------------------------------------------------------------
# find_quantities: numbers that are not quantities


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("in 2025 the province", "en"),
        ("năm 2025", "vi"),
        ("the 2020-2025 term", "en"),
        ("nhiệm kỳ 2025 \u2013 2030", "vi"),
        ("Resolution No. 08", "en"),
        ("Resolution 18-NQ/TW", "en"),
        ("Nghị quyết số 15/2024/NQ-HĐND", "vi"),
        ("Directive 05", "en"),
        ("Kết luận số 21", "vi"),
        ("the 22nd Provincial Party Congress", "en"),
        ("the 18th Conference", "en"),
        ("Hội nghị lần thứ 18", "vi"),
        ("xếp thứ 15/63 tỉnh, thành phố", "vi"),
        ("ranked 15th/63 provinces", "en"),
        ("Đại hội khóa XXII", "vi"),
        ("on 30/6/2025", "en"),
        ("ngày 30/6/2025", "vi"),
        ("ngày 30 tháng 6 năm 2025", "vi"),
        ("on May 4, 2021", "en"),
        ("on 4 May 2021", "en"),
        ("in 06/2024", "en"),
        ("tháng 6/2025", "vi"),
        ("the COVID-19 pandemic", "en"),
        ("(1) growth; (2) jobs", "en"),
        ("1. Party building", "en"),
        ("at 8:30", "en"),
        ("5G networks", "en"),
        ("dự án đường ven biển 129", "vi"),
        ("Quốc lộ 1A và ĐT 609", "vi"),
        ("National Highway 14E", "en"),
        ("Steering Committee 35 at all levels", "en"),
        ("Phụ lục 01 kèm theo; Biểu số 02", "vi"),
        ("Appendix 01 and Phase 2 of the project", "en"),
        ("lúc 14 giờ 30 ngày 10/4", "vi"),
        ("at 8 a.m. and 2:30 pm", "en"),
        ("Ban Chỉ đạo 35 các cấp", "vi"),
        ("scheduled from December 9-11, 2024", "en"),
        ("on 9-11 December 2024", "en"),
        ("từ ngày 9-11/12/2024", "vi"),
        ("The theme of 2025 identifies", "en"),
    ],
)
def test_years_ids_ordinals_and_dates_are_not_quantities(text, lang):
    assert find_quantities(text, lang) == []


def test_a_road_with_a_length_is_a_quantity():
    assert only("xây dựng đường 129 dài 35 km", "vi").unit == "km"


def test_a_lower_case_document_word_keeps_its_number():
    assert only("form 3 new cooperatives", "en").unit == "cooperatives"


def test_a_lower_case_month_name_is_a_word_not_a_date():
    assert only("they may 5 communes join", "en").value == D(5)


def test_a_year_with_a_unit_is_a_count():
    assert only("2000 households", "en").value == D(2000)


def test_a_number_inside_a_per_population_unit_is_not_a_second_quantity():
    assert len(find_quantities("reach 30 beds per 10,000 people", "en")) == 1


def test_a_value_exactly_like_a_year_with_separators_is_a_quantity():
    quantity = only("eliminate 2,025 houses", "en")
    assert (quantity.value, quantity.unit) == (D(2025), "houses")


def test_a_long_run_of_separators_is_not_a_number():
    assert parse_number("1.234" * 40_000, "vi") is None


# How reading time grows on pathological runs of digits and separators is measured by `make bench`
# (bench_extraction.pathological_inputs), not by a timed test.


# --------------------------------------------------------------------------------------------------------
# find_comparison


@pytest.mark.parametrize(
    ("text", "lang", "comparator", "value", "unit"),
    [
        # English bounds
        ("reduce the poverty rate to below 4%", "en", "<", 4, "%"),
        ("under 3% of the workforce", "en", "<", 3, "%"),
        ("less than 2%", "en", "<", 2, "%"),
        ("lower than 5%", "en", "<", 5, "%"),
        ("not exceeding 1.5%", "en", "<=", 1.5, "%"),
        ("at most 10 cases", "en", "<=", 10, "cases"),
        ("no more than 2%", "en", "<=", 2, "%"),
        ("a maximum of 50 projects", "en", "<=", 50, "projects"),
        ("over 90% of communes", "en", ">", 90, "%"),
        ("above 95%", "en", ">", 95, "%"),
        ("more than 8 million visitors", "en", ">", 8000000, "visitors"),
        ("exceed 120% of the plan", "en", ">", 120, "% of plan"),
        ("reach 112% of the estimate", "en", "=", 112, "% of estimate"),
        ("đạt không thấp hơn 50% dự toán", "vi", ">=", 50, "% of estimate"),
        ("tỷ lệ giải ngân đạt trên 45% kế hoạch vốn", "vi", ">", 45, "%"),
        ("giảm ít nhất 5% số vụ phạm pháp hình sự", "vi", "decrease_by", 5, "%"),
        ("reduce crime by at least 5%", "en", "decrease_by", 5, "%"),
        ("tăng tối thiểu 10%", "vi", "increase_by", 10, "%"),
        ("có thêm 10 xã đạt chuẩn nông thôn mới", "vi", "increase_by", 10, "communes"),
        ("the district has 2 more communes meeting the standards", "en", "increase_by", 2, "communes"),
        ("số giường bệnh trên 1 vạn dân đạt 33 giường", "vi", "=", 33, "beds per 10,000 people"),
        ("at least 95%", "en", ">=", 95, "%"),
        ("not less than 70%", "en", ">=", 70, "%"),
        ("no less than 70%", "en", ">=", 70, "%"),
        ("a minimum of 40 beds per 10,000 people", "en", ">=", 40, "beds per 10,000 people"),
        ("reach at least 60%", "en", ">=", 60, "%"),
        ("100 communes or more", "en", ">=", 100, "communes"),
        ("reach 8%", "en", "=", 8, "%"),
        ("strive to achieve 36 beds per 10,000 people", "en", "=", 36, "beds per 10,000 people"),
        ("eliminate 10,945 temporary houses", "en", "=", 10945, "houses"),
        ("complete the 214 remaining temporary houses", "en", "=", 214, "houses"),
        ("GRDP growth of 8%", "en", "=", 8, "%"),
        # English changes
        ("reduce the poverty rate by 1 percentage point", "en", "decrease_by", 1, "percentage points"),
        ("cut costs by 10%", "en", "decrease_by", 10, "%"),
        ("decrease accidents by 5%", "en", "decrease_by", 5, "%"),
        ("3,000 fewer poor households", "en", "decrease_by", 3000, "households"),
        ("increase revenue by 10%", "en", "increase_by", 10, "%"),
        ("raise the income by 1.5 million VND", "en", "increase_by", 1500000, "VND"),
        ("grow by 7%", "en", "increase_by", 7, "%"),
        ("an increase of 10%", "en", "increase_by", 10, "%"),
        ("a decrease of 1.05 percentage points", "en", "decrease_by", 1.05, "percentage points"),
        ("up 10% over 2024", "en", "increase_by", 10, "%"),
        ("down 3% year on year", "en", "decrease_by", 3, "%"),
        ("a 10% increase in revenue", "en", "increase_by", 10, "%"),
        ("a 5% reduction in accidents", "en", "decrease_by", 5, "%"),
        ("up to 10%", "en", "<=", 10, "%"),
        ("8% growth", "en", "=", 8, "%"),
        ("greater than or equal to 95%", "en", ">=", 95, "%"),
        ("equal to or lower than 2%", "en", "<=", 2, "%"),
        ("no fewer than 500 households", "en", ">=", 500, "households"),
        ("USD 1.5 billion or more", "en", ">=", 1500000000, "USD"),
        ("reduce the poverty rate to 2.5%", "en", "=", 2.5, "%"),
        ("reduce the poverty rate by an average of 1.5% per year", "en", "decrease_by", 1.5, "%"),
        ("reduce 3,000 poor households", "en", "decrease_by", 3000, "households"),
        ("increase 10% over the previous year", "en", "increase_by", 10, "%"),
        ("increase the average income to VND 100 million", "en", "=", 100000000, "VND"),
        ("number of doctors per 10,000 people reaches 12", "en", "=", 12, "doctors per 10,000 people"),
        # Vietnamese bounds
        ("giảm tỷ lệ hộ nghèo xuống dưới 4%", "vi", "<", 4, "%"),
        ("thấp hơn 3%", "vi", "<", 3, "%"),
        ("ít hơn 10 vụ", "vi", "<", 10, "vụ"),
        ("không quá 1,5%", "vi", "<=", 1.5, "%"),
        ("tối đa 20 dự án", "vi", "<=", 20, "projects"),
        ("không vượt quá 5%", "vi", "<=", 5, "%"),
        ("trên 90% số xã", "vi", ">", 90, "%"),
        ("hơn 8 triệu lượt khách", "vi", ">", 8000000, "visitors"),
        ("cao hơn 7%", "vi", ">", 7, "%"),
        ("vượt 10%", "vi", ">", 10, "%"),
        ("ít nhất 95%", "vi", ">=", 95, "%"),
        ("tối thiểu 40 giường bệnh/vạn dân", "vi", ">=", 40, "beds per 10,000 people"),
        ("không thấp hơn 70%", "vi", ">=", 70, "%"),
        ("không dưới 70%", "vi", ">=", 70, "%"),
        ("100 xã trở lên", "vi", ">=", 100, "communes"),
        ("đạt 8%", "vi", "=", 8, "%"),
        ("phấn đấu đạt 36 giường bệnh/vạn dân", "vi", "=", 36, "beds per 10,000 people"),
        ("bằng 100%", "vi", "=", 100, "%"),
        ("tăng trưởng kinh tế 8%", "vi", "=", 8, "%"),
        ("tốc độ tăng trưởng GRDP đạt 8%", "vi", "=", 8, "%"),
        ("xóa 10.945 căn nhà tạm", "vi", "=", 10945, "houses"),
        # Vietnamese changes
        ("giảm 1%", "vi", "decrease_by", 1, "%"),
        ("giảm 1 điểm phần trăm", "vi", "decrease_by", 1, "percentage points"),
        ("tỷ lệ hộ nghèo giảm 1,5%", "vi", "decrease_by", 1.5, "%"),
        ("kéo giảm 5% số vụ tai nạn", "vi", "decrease_by", 5, "%"),
        ("tăng 10% so với năm 2024", "vi", "increase_by", 10, "%"),
        ("thu ngân sách tăng 15%", "vi", "increase_by", 15, "%"),
        ("tăng lên 50%", "vi", "=", 50, "%"),
        ("bằng hoặc cao hơn 8%", "vi", ">=", 8, "%"),
        ("dưới mức 4%", "vi", "<", 4, "%"),
        ("giảm từ 5% xuống 3%", "vi", "=", 3, "%"),
        ("nâng tỷ lệ đô thị hóa lên 45%", "vi", "=", 45, "%"),
        ("duy trì tỷ lệ trên 95%", "vi", ">", 95, "%"),
        ("tăng bình quân 8%/năm", "vi", "increase_by", 8, "%"),
        ("tốc độ tăng trưởng bình quân 8%/năm", "vi", "=", 8, "%"),
        ("giảm tỷ lệ hộ nghèo theo chuẩn đa chiều bình quân 1,5%", "vi", "decrease_by", 1.5, "%"),
        ("tăng thu ngân sách, tỷ lệ đô thị hóa 45%", "vi", "=", 45, "%"),
        ("giảm xuống còn 3%", "vi", "=", 3, "%"),
        ("tăng từ 30% lên 40%", "vi", "=", 40, "%"),
        ("lạm phát giảm từ 700% (1986) xuống dưới 10% (1995)", "vi", "<", 10, "%"),
        ("reduce the rate from 5% to below 3%", "en", "<", 3, "%"),
        ("hoàn thành 18/19 tiêu chí nông thôn mới", "vi", "=", 18, "tiêu chí"),
        ("từ 5.000 hộ nghèo năm 2024 giảm xuống còn 3.000 hộ", "vi", "=", 3000, "households"),
        ("from 5,000 poor households in 2024 down to 3,000 households", "en", "=", 3000, "households"),
        ("giảm 3.000 hộ nghèo", "vi", "decrease_by", 3000, "households"),
        ("số bác sĩ/vạn dân đạt 12 bác sĩ", "vi", "=", 12, "doctors per 10,000 people"),
        ("tỷ lệ hộ nghèo giảm còn dưới 3%", "vi", "<", 3, "%"),
    ],
)
def test_reads_the_comparator_of_a_target(text, lang, comparator, value, unit):
    comparison = find_comparison(text, lang)
    assert comparison is not None
    assert (comparison.comparator, comparison.value, comparison.unit) == (comparator, D(value), unit)


@pytest.mark.parametrize(
    ("text", "lang", "low", "high", "unit"),
    [
        ("grow from 9.5 - 10%", "en", 9.5, 10, "%"),
        ("9.5-10%", "en", 9.5, 10, "%"),
        ("between 3 and 5 billion VND", "en", 3000000000, 5000000000, "VND"),
        ("from 3 to 5%", "en", 3, 5, "%"),
        ("GRDP growth of 7.5% to 8%", "en", 7.5, 8, "%"),
        ("giảm tỷ lệ hộ nghèo bình quân 1 - 1,5%/năm", "vi", 1, 1.5, "%"),
        ("tăng trưởng từ 9,5 - 10%", "vi", 9.5, 10, "%"),
        ("từ 9,5 đến 10%", "vi", 9.5, 10, "%"),
        ("9,5 \u2013 10%", "vi", 9.5, 10, "%"),
        ("từ 2 đến 3 tỷ đồng", "vi", 2000000000, 3000000000, "VND"),
    ],
)
def test_reads_a_range(text, lang, low, high, unit):
    comparison = find_comparison(text, lang)
    assert comparison.comparator == "range"
    assert (comparison.value, comparison.min, comparison.max, comparison.unit) == (
        None,
        D(low),
        D(high),
        unit,
    )


def test_a_money_range_keeps_its_wording():
    comparison = find_comparison("between 3 and 5 billion VND", "en")
    assert comparison.value_text == "between 3 and 5 billion VND"


def test_numbers_linked_by_to_with_different_units_are_not_a_range():
    comparison = find_comparison("contribute 5% to 10 projects", "en")
    assert (comparison.comparator, comparison.value, comparison.unit) == ("=", D(5), "%")


def test_an_approximate_range_keeps_its_wording():
    comparison = find_comparison("tăng trưởng khoảng 8 - 8,5%", "vi")
    assert (comparison.comparator, comparison.min, comparison.max) == ("range", D(8), D(8.5))
    assert comparison.approximate is True
    assert comparison.value_text == "khoảng 8 - 8,5%"


def test_increase_from_one_level_to_another_names_the_new_level():
    comparison = find_comparison("increase the rate from 30% to 40%", "en")
    assert (comparison.comparator, comparison.value) == ("=", D(40))


@pytest.mark.parametrize(
    ("text", "lang", "comparator", "reference", "unit"),
    [
        (
            "the near-poor household rate to be lower than the national rate",
            "en",
            "<",
            "national rate",
            "%",
        ),
        ("tỷ lệ hộ cận nghèo thấp hơn tỷ lệ chung cả nước", "vi", "<", "tỷ lệ chung cả nước", "%"),
        ("income higher than the regional average", "en", ">", "regional average", None),
        ("thu nhập cao hơn mức bình quân cả nước", "vi", ">", "mức bình quân cả nước", None),
        ("lowering the rate of school dropouts", "en", "<", None, None),
        ("reducing the rate of crime, violations of social order", "en", "<", None, None),
        ("drastically reducing the 3 criteria of traffic accidents", "en", "<", None, None),
        ("kéo giảm cả 3 tiêu chí về tai nạn giao thông", "vi", "<", None, None),
        ("giảm số vụ phạm pháp hình sự", "vi", "<", None, None),
    ],
)
def test_reads_a_target_without_a_number(text, lang, comparator, reference, unit):
    comparison = find_comparison(text, lang)
    assert (comparison.comparator, comparison.value, comparison.reference, comparison.unit) == (
        comparator,
        None,
        reference,
        unit,
    )


@pytest.mark.parametrize(
    ("text", "lang", "value_text"),
    [
        ("(about 250 billion VND)", "en", "about 250 billion VND"),
        ("khoảng 250 tỷ đồng", "vi", "khoảng 250 tỷ đồng"),
        ("approximately 28%", "en", None),
        ("xấp xỉ 28%", "vi", None),
        ("around 1,200 households", "en", None),
        ("gần 30%", "vi", None),
        ("about USD 8,000", "en", None),
    ],
)
def test_approximate_wording_is_flagged_and_kept_when_the_number_was_scaled(text, lang, value_text):
    comparison = find_comparison(text, lang)
    assert comparison.approximate is True
    assert comparison.value_text == value_text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Focus on perfecting the team of leaders", "en"),
        ("Tập trung lãnh đạo, chỉ đạo", "vi"),
        ("more than ever before", "en"),
        ("build more lower secondary schools", "en"),
        ("thực hiện tốt công tác giảm nghèo bền vững", "vi"),
    ],
)
def test_a_fragment_without_commitment_has_no_comparison(text, lang):
    assert find_comparison(text, lang) is None


def test_a_rate_in_a_target_is_not_mistaken_for_a_counted_object():
    comparison = find_comparison("achieve the 8% growth target", "en")
    assert (comparison.comparator, comparison.value, comparison.unit) == ("=", D(8), "%")


def test_the_comparison_span_points_into_the_text():
    text = "Strive to reduce the poverty rate to below 4% by the end of 2025"
    comparison = find_comparison(text, "en")
    assert text[comparison.start : comparison.end] == "below 4%"


# --------------------------------------------------------------------------------------------------------
# The seed document's key


def _seed(kind):
    key = json.loads(SEED_KEY.read_text(encoding="utf-8"))
    return [pytest.param(item, id=item["text"][:50]) for item in key[kind]]


# The key reads this unit from the clause before the fragment ("exceed the set plan ... 120%"), which
# find_quantities reads too when given the whole sentence (see the test below).
_UNIT_FROM_OUTSIDE_THE_FRAGMENT = {"of which domestic revenue will reach 120%": "%"}


@pytest.mark.parametrize("item", _seed("targets"))
def test_reads_every_seed_target(item):
    comparison = find_comparison(item["text"], "en")
    assert comparison is not None
    assert comparison.comparator == item["comparator"]
    assert comparison.value == D(item["value"])
    assert comparison.min == D(item["min"])
    assert comparison.max == D(item["max"])
    assert comparison.unit == item["unit"]
    assert comparison.approximate == item["approximate"]
    if item["value_text"]:
        assert comparison.value_text == item["value_text"]


@pytest.mark.parametrize("item", _seed("results"))
def test_reads_every_seed_result(item):
    quantity = find_quantities(item["text"], "en")[0]
    assert quantity.value == D(item["value"])
    assert quantity.unit == _UNIT_FROM_OUTSIDE_THE_FRAGMENT.get(item["text"], item["unit"])
    assert quantity.of == D(item["of"])
    if item["qualifier"] in ("about", "approximately", "more than"):
        assert quantity.qualifier == item["qualifier"]
    if item["value_text"]:
        assert quantity.text == item["value_text"]


# --------------------------------------------------------------------------------------------------------
# Decomposed Vietnamese text


def test_reads_decomposed_vietnamese_and_keeps_offsets_into_the_original():
    text = unicodedata.normalize("NFD", "Giảm tỷ lệ hộ nghèo xuống dưới 4%; khoảng 250 tỷ đồng")
    quantities = find_quantities(text, "vi")
    assert [(q.value, q.unit) for q in quantities] == [(D(4), "%"), (D(250000000000), "VND")]
    assert all(text[q.start : q.end] == q.text for q in quantities)
    comparison = find_comparison(text, "vi")
    assert comparison.comparator == "<"
    assert unicodedata.normalize("NFC", text[comparison.start : comparison.end]) == "dưới 4%"


# --------------------------------------------------------------------------------------------------------
# Properties


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(["en", "vi"]))
def test_a_grouped_integer_reads_back_in_either_style(number, lang):
    english = f"{number:,}"
    vietnamese = english.replace(",", ".")
    assert parse_number(english, lang) == number
    assert parse_number(vietnamese, lang) == number


@given(
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=1, max_value=99).filter(lambda n: n % 10),
    st.sampled_from(["en", "vi"]),
)
def test_a_decimal_with_one_or_two_places_reads_back_in_either_style(whole, fraction, lang):
    expected = Decimal(f"{whole}.{fraction:02d}") if fraction > 9 else Decimal(f"{whole}.{fraction}")
    written = f"{whole}.{fraction:02d}" if fraction > 9 else f"{whole}.{fraction}"
    assert parse_number(written, lang) == expected
    assert parse_number(written.replace(".", ","), lang) == expected


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,/-–% \u00a0()abnđtỷriệuhộcănmgàyquýI\n")),
        max_size=80,
    ),
    st.sampled_from(["en", "vi"]),
)
def test_any_text_gives_quantities_whose_offsets_quote_it(text, lang):
    for quantity in find_quantities(text, lang):
        assert text[quantity.start : quantity.end] == quantity.text
    comparison = find_comparison(text, lang)
    if comparison is not None:
        assert 0 <= comparison.start <= comparison.end <= len(text)
