"""Splitting a document's text into headings and paragraph clauses (pure functions, no database)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from resolute.directives.splitting import HEADING, PARAGRAPH, match_heading, split_text

from .conftest import SEED_ANSWER_KEY_PATH, SEED_TEXT_PATH


def seed_clauses():
    return split_text(SEED_TEXT_PATH.read_text(encoding="utf-8"))


def by_anchor(clauses):
    return {clause.anchor: clause for clause in clauses}


def test_the_six_sections_of_the_seed_conclusion_come_out_as_headings_at_their_level_and_line():
    sections = json.loads(SEED_ANSWER_KEY_PATH.read_text(encoding="utf-8"))["sections"]
    headings = [clause for clause in seed_clauses() if clause.kind == HEADING]
    assert [(h.text, h.level, h.line) for h in headings] == [
        (s["heading"], s["level"], s["line"]) for s in sections
    ]


def test_every_other_non_empty_line_of_the_seed_is_a_paragraph():
    text = SEED_TEXT_PATH.read_text(encoding="utf-8")
    heading_lines = {
        s["line"] for s in json.loads(SEED_ANSWER_KEY_PATH.read_text(encoding="utf-8"))["sections"]
    }
    expected = {n for n, line in enumerate(text.splitlines(), start=1) if line.strip()} - heading_lines
    paragraphs = [clause for clause in seed_clauses() if clause.kind == PARAGRAPH]
    assert {clause.line for clause in paragraphs} == expected
    assert len(paragraphs) == len(expected) == 54


def test_seed_anchors_follow_the_numbering_path():
    clauses = by_anchor(seed_clauses())
    assert clauses["I"].text.startswith("I. Implementation status")
    assert clauses["I-A"].parent_anchor == "I"
    assert clauses["I-A-p3"].line == 6
    assert clauses["I-A-p3"].label == "¶3"
    assert clauses["II-B"].label == "II.B"
    assert clauses["II-B"].text == "B. On socio-economics, national defense, security, foreign affairs"
    assert clauses["II-p3"].text.startswith("I suggest that you focus")
    assert clauses["p1"].parent_anchor is None
    assert clauses["I-A-p1"].level == 3


def test_the_same_text_always_gives_the_same_anchors_and_they_are_unique():
    first, second = seed_clauses(), seed_clauses()
    assert [c.anchor for c in first] == [c.anchor for c in second]
    assert len({c.anchor for c in first}) == len(first)


def test_roman_letter_arabic_and_small_letter_headings_nest_four_levels_deep():
    text = "\n".join(
        ["I. Review", "II. Tasks", "A. Party building", "B. Economy", "1. Growth", "a) Industry", "Grow."]
    )
    clauses = by_anchor(split_text(text))
    assert [
        (anchor, clauses[anchor].level) for anchor in ["I", "II", "II-A", "II-B", "II-B-1", "II-B-1-a"]
    ] == [
        ("I", 1),
        ("II", 1),
        ("II-A", 2),
        ("II-B", 2),
        ("II-B-1", 3),
        ("II-B-1-a", 4),
    ]
    assert clauses["II-B-1-a-p1"].text == "Grow."
    assert clauses["II-B-1-a"].label == "II.B.1.a"
    assert clauses["II-B-1-a"].parent_anchor == "II-B-1"


def test_vietnamese_parts_articles_and_dotted_numbers_are_headings():
    text = "\n".join(
        [
            "NGHỊ QUYẾT",
            "Phần I. TÌNH HÌNH",
            "Điều 1. Phạm vi điều chỉnh",
            "1. Nghị quyết này quy định",
            "1.1. Mục tiêu chung",
            "a) Tăng trưởng GRDP",
            "đ) Giảm nghèo",
            "Phần thứ hai: NHIỆM VỤ",
        ]
    )
    clauses = split_text(text)
    assert [c.anchor for c in clauses] == [
        "p1",
        "part-I",
        "part-I-art-1",
        "part-I-art-1-1",
        "part-I-art-1-1-1",
        "part-I-art-1-1-1-a",
        "part-I-art-1-1-1-dd",
        "part-2",
    ]
    assert [c.level for c in clauses] == [1, 1, 2, 3, 4, 5, 5, 1]
    assert clauses[2].label == "Phần I.Điều 1"
    assert clauses[4].label == "Phần I.Điều 1.1.1"


def test_a_capital_that_is_also_a_roman_numeral_is_read_from_its_neighbours():
    letters = split_text("\n".join(["I. Part one", "A. a", "B. b", "C. c", "D. d"]))
    assert [c.anchor for c in letters] == ["I", "I-A", "I-B", "I-C", "I-D"]
    after_h = split_text(
        "\n".join(["I. Part one", *[f"{letter}. x" for letter in "ABCDEFGH"], "I. ninth", "II. Two"])
    )
    assert [c.anchor for c in after_h][-2:] == ["I-I", "II"]
    fifth = split_text("\n".join(["IV. Four", "A. a", "V. Five"]))
    assert [c.anchor for c in fifth] == ["IV", "IV-A", "V"]


def test_letters_above_roman_numerals_nest_as_the_document_writes_them():
    clauses = split_text("\n".join(["A. Review", "I. Results", "1. Growth", "B. Tasks", "I. Party"]))
    assert [c.anchor for c in clauses] == ["A", "A-I", "A-I-1", "B", "B-I"]


def test_sentences_that_only_look_like_headings_stay_paragraphs():
    lines = [
        "1.5 million visitors came in 2024.",
        "Điều 5 của Luật Đầu tư công quy định rõ.",
        "Phần lớn các chỉ tiêu đạt kế hoạch.",
        "Mục tiêu năm 2025 là tăng trưởng 10%.",
        "Chương trình mục tiêu quốc gia được triển khai.",
        "2025 is the final year of the term.",
        "I suggest that you focus on the following tasks:",
        "Phan Van Khai visited the province.",
    ]
    assert all(match_heading(line) is None for line in lines)
    assert {c.kind for c in split_text("\n".join(lines))} == {PARAGRAPH}


def test_a_repeated_number_gets_a_unique_anchor():
    clauses = split_text("\n".join(["I. One", "A. first", "A. again", "text"]))
    assert [c.anchor for c in clauses] == ["I", "I-A", "I-A_2", "I-A_2-p1"]


def test_line_numbers_count_blank_lines_and_windows_line_ends():
    clauses = split_text("Preamble\r\n\r\nI. Heading\r\n   \r\nBody\r\n")
    assert [(c.anchor, c.line) for c in clauses] == [("p1", 1), ("I", 3), ("I-p1", 5)]


def test_an_empty_text_has_no_clauses():
    assert split_text("") == []
    assert split_text("  \n\n ") == []


@given(
    st.lists(st.sampled_from(["I. a", "II. b", "A. c", "B. d", "1. e", "2. f", "a) g", "text", "", "1.1. h"]))
)
def test_any_text_gives_unique_anchors_and_one_clause_per_non_empty_line(lines):
    text = "\n".join(lines)
    clauses = split_text(text)
    assert len({c.anchor for c in clauses}) == len(clauses)
    assert len(clauses) == sum(1 for line in lines if line.strip())
    anchors = set()
    for clause in clauses:
        assert clause.parent_anchor is None or clause.parent_anchor in anchors
        assert len(clause.anchor) <= 120 and len(clause.label) <= 32
        anchors.add(clause.anchor)
    assert [c.anchor for c in split_text(text)] == [c.anchor for c in clauses]
