"""Deadlines and the working year in English and Vietnamese fragments."""

import datetime
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolute.extraction.dates import find_deadline, find_working_year

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        ("by the end of 2025", "2025-12-31", "by the end of 2025"),
        ("Strive to reduce poverty to below 4% by the end of 2025", "2025-12-31", "by the end of 2025"),
        ("by 2025", "2025-12-31", "by 2025"),
        ("in 2025", "2025-12-31", "in 2025"),
        ("during 2025", "2025-12-31", "during 2025"),
        ("by end-2025", "2025-12-31", "by end-2025"),
        ("by year-end 2025", "2025-12-31", "by year-end 2025"),
        ("before 2026", "2025-12-31", "before 2026"),
        ("before 30/6/2025", "2025-06-30", "before 30/6/2025"),
        ("no later than 15/12/2025", "2025-12-15", "no later than 15/12/2025"),
        ("by June 30, 2025", "2025-06-30", "by June 30, 2025"),
        ("by 30 June 2025", "2025-06-30", "by 30 June 2025"),
        ("on the 30th of June 2025", "2025-06-30", "on the 30th of June 2025"),
        ("by the end of June 2025", "2025-06-30", "by the end of June 2025"),
        ("in September 2025", "2025-09-30", "in September 2025"),
        ("before June 2025", "2025-05-31", "before June 2025"),
        ("in February 2024", "2024-02-29", "in February 2024"),
        ("in February 2025", "2025-02-28", "in February 2025"),
        ("in the first quarter of 2025", "2025-03-31", "in the first quarter of 2025"),
        ("in the second quarter of 2025", "2025-06-30", "in the second quarter of 2025"),
        ("by the end of the third quarter of 2025", "2025-09-30", "by the end of the third quarter of 2025"),
        ("in Q1 2025", "2025-03-31", "in Q1 2025"),
        ("in Q4/2025", "2025-12-31", "in Q4/2025"),
        ("in quarter II/2025", "2025-06-30", "in quarter II/2025"),
        ("in the first six months of 2025", "2025-06-30", "in the first six months of 2025"),
        ("in the first 6 months of 2025", "2025-06-30", "in the first 6 months of 2025"),
        ("in the first nine months of 2025", "2025-09-30", "in the first nine months of 2025"),
        ("in the first half of 2025", "2025-06-30", "in the first half of 2025"),
        ("in H2 2025", "2025-12-31", "H2 2025"),
        ("đến năm 2025", "2025-12-31", "đến năm 2025"),
        ("đến cuối năm 2025", "2025-12-31", "đến cuối năm 2025"),
        ("đến hết năm 2025", "2025-12-31", "đến hết năm 2025"),
        ("trong năm 2025", "2025-12-31", "trong năm 2025"),
        ("phấn đấu năm 2025 đạt 8%", "2025-12-31", "năm 2025"),
        ("trước năm 2026", "2025-12-31", "trước năm 2026"),
        ("trước ngày 30/6/2025", "2025-06-30", "trước ngày 30/6/2025"),
        ("chậm nhất ngày 15/12/2025", "2025-12-15", "chậm nhất ngày 15/12/2025"),
        ("trước ngày 30 tháng 6 năm 2025", "2025-06-30", "trước ngày 30 tháng 6 năm 2025"),
        ("hoàn thành trước 31.12.2025", "2025-12-31", "trước 31.12.2025"),
        ("trong tháng 6/2025", "2025-06-30", "trong tháng 6/2025"),
        ("trong tháng 2 năm 2028", "2028-02-29", "trong tháng 2 năm 2028"),
        ("trong quý I/2025", "2025-03-31", "trong quý I/2025"),
        ("quý II năm 2025", "2025-06-30", "quý II năm 2025"),
        ("trong quý 3/2025", "2025-09-30", "trong quý 3/2025"),
        ("quý IV/2025", "2025-12-31", "quý IV/2025"),
        ("6 tháng đầu năm 2025", "2025-06-30", "6 tháng đầu năm 2025"),
        ("9 tháng đầu năm 2025", "2025-09-30", "9 tháng đầu năm 2025"),
        ("6 tháng cuối năm 2025", "2025-12-31", "6 tháng cuối năm 2025"),
        ("trước ngày 29/02/2024", "2024-02-29", "trước ngày 29/02/2024"),
        ("before the end of 2025", "2025-12-31", "before the end of 2025"),
        ("trước cuối năm 2025", "2025-12-31", "trước cuối năm 2025"),
        ("before the end of June 2025", "2025-06-30", "before the end of June 2025"),
        ("trước tháng 6/2025", "2025-05-31", "trước tháng 6/2025"),
        ("by mid-2025", "2025-06-30", "by mid-2025"),
        ("đến giữa năm 2025", "2025-06-30", "đến giữa năm 2025"),
        ("by late 2025", "2025-12-31", "by late 2025"),
        ("BY JUNE 30, 2025", "2025-06-30", "BY JUNE 30, 2025"),
        ("held on December 9-11, 2024", "2024-12-11", "on December 9-11, 2024"),
        ("on 9\u201311 December 2024", "2024-12-11", "on 9\u201311 December 2024"),
        ("từ ngày 9-11/12/2024", "2024-12-11", "11/12/2024"),
    ],
)
def test_reads_the_deadline_as_the_last_day_of_its_period(text, expected, phrase):
    deadline = find_deadline(text, "vi" if any(ord(ch) > 127 for ch in text) else "en")
    assert deadline is not None
    assert deadline.date == day(expected)
    assert deadline.text == phrase
    assert text[deadline.start : deadline.end].strip() == phrase


@pytest.mark.parametrize(
    "text",
    [
        "for the period 2026 - 2030",
        "for the period 2026 \u2013 2030",
        "to 2030, vision 2035",
        "to 2030, with a vision to 2045",
        "the 2025-2030 term",
        "giai đoạn 2021-2025",
        "nhiệm kỳ 2025 - 2030",
        "đến năm 2030, tầm nhìn đến năm 2045",
        "trước Tết Nguyên đán",
        "before the Lunar New Year",
    ],
)
def test_periods_and_horizons_are_not_deadlines(text):
    deadline = find_deadline(text, "en")
    assert deadline is not None
    assert deadline.date is None
    assert deadline.text


@pytest.mark.parametrize(
    "text",
    [
        "(up 7.2% over the same period in 2023)",
        "tăng 10% so với năm 2024",
        "tăng 7,5% so với cùng kỳ năm 2024",
        "compared to 2024",
        "Focus on perfecting the team of leaders",
        "increase by 9.5%",
        "6,535/10,945 households",
        "trong năm qua",
        "ngay từ đầu năm 2025",
        "có hiệu lực kể từ ngày 01/01/2025",
        "theo Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương",
        "implementing Resolution No. 18, dated October 25, 2017",
        "Kết luận số 1246-TB/TU, ngày 15/4/2025",
    ],
)
def test_baselines_and_plain_numbers_are_not_deadlines(text):
    deadline = find_deadline(text, "en")
    assert deadline is None or deadline.date is None


def test_a_dated_phrase_wins_over_a_horizon():
    deadline = find_deadline("In the 2025-2030 term, complete the plan by the end of 2025", "en")
    assert deadline.date == day("2025-12-31")


def test_a_document_date_does_not_hide_the_deadline():
    text = "Thực hiện Nghị quyết số 15-NQ/TU ngày 06/12/2024, hoàn thành trước ngày 30/6/2025"
    assert find_deadline(text, "vi").date == day("2025-06-30")


def test_a_day_wins_over_a_year():
    deadline = find_deadline("Trong năm 2025, hoàn thành sắp xếp trước ngày 30/6/2025", "vi")
    assert deadline.date == day("2025-06-30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by the end of the year", "2025-12-31"),
        ("by year-end", "2025-12-31"),
        ("đến cuối năm", "2025-12-31"),
        ("trong năm nay", "2025-12-31"),
        ("in the first quarter", "2025-03-31"),
        ("trong quý II", "2025-06-30"),
        ("in the first 6 months", "2025-06-30"),
        ("6 tháng đầu năm", "2025-06-30"),
        ("trước ngày 30/6", "2025-06-30"),
        ("before 15/3", "2025-03-15"),
        ("in June", "2025-06-30"),
        ("trong tháng 12", "2025-12-31"),
        ("trước tháng 6", "2025-05-31"),
    ],
)
def test_a_year_less_phrase_takes_the_working_year(text, expected):
    assert find_deadline(text, "en", default_year=2025).date == day(expected)


def test_a_year_less_phrase_without_working_year_has_no_date():
    deadline = find_deadline("by the end of the year", "en")
    assert deadline is not None and deadline.date is None


def test_an_impossible_day_is_not_a_deadline():
    assert find_deadline("before 29/2/2025", "en") is None


# --------------------------------------------------------------------------------------------------------
# Working year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Report on directions and tasks for 2025", 2025),
        ("the Resolution on directions and tasks for 2024 ... directions and tasks for 2025", 2025),
        ("Socio-economic development plan for 2026", 2026),
        ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", 2025),
        ("Báo cáo kết quả thực hiện nhiệm vụ năm 2024 và phương hướng, nhiệm vụ năm 2025", 2025),
        ("Kế hoạch phát triển kinh tế - xã hội năm 2026", 2026),
        ("A text that names no plan year", None),
        ("the 2025 socio-economic development plan", 2025),
        ("Mục tiêu đến năm 2030 và nhiệm vụ năm 2025", 2025),
        ("Kế hoạch 5 năm 2026 - 2030; nhiệm vụ năm 2026", 2026),
        ("the plan for 2026-2030 and the tasks for 2026", 2026),
        ("BÁO CÁO\nTÌNH HÌNH KINH TẾ - XÃ HỘI NĂM 2025\nQuảng Nam, ngày 10 tháng 12 năm 2024", 2025),
        ("Quảng Nam, ngày 10 tháng 12 năm 2024\nBÁO CÁO tổng kết công tác", None),
        ("REPORT ON THE SOCIO-ECONOMIC SITUATION IN 2024", 2024),
    ],
)
def test_finds_the_working_year(text, expected):
    assert find_working_year(text) == expected


def test_finds_the_seed_documents_working_year():
    text = (CORPUS / "000_a06584f7dbdf5516.txt").read_text(encoding="utf-8")
    assert find_working_year(text) == 2025


def _seed_targets():
    key = json.loads((CORPUS / "000_a06584f7dbdf5516.expected.json").read_text(encoding="utf-8"))
    return [pytest.param(item, id=item["text"][:50]) for item in key["targets"]]


@pytest.mark.parametrize("item", _seed_targets())
def test_reads_every_seed_target_deadline(item):
    deadline = find_deadline(item["text"], "en")
    found = deadline.date.isoformat() if deadline and deadline.date else None
    if item["deadline"] is None or item["deadline_text"] in item["text"]:
        assert found == item["deadline"]
        if item["deadline_text"]:
            assert deadline.text == item["deadline_text"]
    else:
        # The key takes this deadline from the clause before the fragment.
        assert found is None


def test_reads_decomposed_vietnamese_and_keeps_offsets_into_the_original():
    text = unicodedata.normalize("NFD", "Giảm tỷ lệ hộ nghèo đến cuối năm 2025")
    deadline = find_deadline(text, "vi")
    assert deadline.date == day("2025-12-31")
    assert text[deadline.start : deadline.end] == deadline.text
    assert unicodedata.normalize("NFC", deadline.text) == "đến cuối năm 2025"


@pytest.mark.parametrize(
    "text",
    ["from 2021 to 2025", "từ năm 2021 đến năm 2025"],
)
def test_a_span_between_two_years_is_a_period(text):
    assert find_deadline(text, "en").date is None


@pytest.mark.parametrize("text", ["begin 2025 work", "trong năm tới", "cuối năm học", "may 5 communes join"])
def test_words_that_only_look_like_deadlines_are_not(text):
    assert find_deadline(text, "vi", default_year=2025) is None


def test_from_now_until_a_year_is_a_deadline():
    assert find_deadline("từ nay đến năm 2025", "vi").date == day("2025-12-31")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789/-–., ()trướcngàyđếnhếtquýIVnămbyendofthe\n")),
        max_size=80,
    ),
    st.one_of(st.none(), st.integers(min_value=1990, max_value=2060)),
)
def test_any_text_gives_a_deadline_that_quotes_it(text, default_year):
    deadline = find_deadline(text, "vi", default_year=default_year)
    if deadline is not None:
        assert text[deadline.start : deadline.end] == deadline.text


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_every_written_day_reads_back(day_written):
    text = f"trước ngày {day_written.day}/{day_written.month}/{day_written.year}"
    assert find_deadline(text, "vi").date == day_written
