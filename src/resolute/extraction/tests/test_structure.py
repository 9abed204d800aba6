"""Reading structure: normalisation with offsets, headings and levels, sentences and clauses."""

from resolute.extraction.structure import (
    heading_role,
    normalise,
    read_structure,
    split_clauses,
    split_sentences,
)


def test_normalises_spaces_dashes_and_line_ends_but_keeps_original_offsets():
    text = "Tăng\u00a0trưởng\r\nđạt 8\u00ad% \u2013 cao"
    norm = normalise(text)
    assert norm.text == "Tăng trưởng\nđạt 8% - cao"
    start = norm.text.index("8%")
    original_start, original_end = norm.span(start, start + 2)
    assert text[original_start:original_end] == "8\u00ad%"
    assert norm.line_of(original_start) == 2


def test_composes_decomposed_vietnamese_letters():
    decomposed = "Tie\u0302\u0301p tu\u0323c"
    norm = normalise(decomposed)
    assert norm.text == "Tiếp tục"
    assert norm.span(0, len(norm.text)) == (0, len(decomposed))


def test_reads_roman_and_letter_headings_as_levels_one_and_two():
    text = (
        "I. Review of the year\n"
        "A. Results achieved\n"
        "Revenue reached 105% of the estimate.\n"
        "B. Shortcomings, limitations\n"
        "Disbursement is slow.\n"
        "II. Directions and tasks for 2026\n"
        "Strengthen the inspection of projects.\n"
    )
    sections, paragraphs = read_structure(normalise(text))
    assert [(s.heading, s.level) for s in sections] == [
        ("I. Review of the year", 1),
        ("A. Results achieved", 2),
        ("B. Shortcomings, limitations", 2),
        ("II. Directions and tasks for 2026", 1),
    ]
    assert [s.role for s in sections] == ["review", "review", "shortcomings", "tasks"]
    assert paragraphs[0].section.heading == "A. Results achieved"


def test_reads_vietnamese_capitals_numbers_and_small_letters_in_order_of_appearance():
    text = (
        "I. MỤC TIÊU VÀ CHỈ TIÊU CHỦ YẾU\n"
        "1. Chỉ tiêu kinh tế\n"
        "- Tốc độ tăng trưởng kinh tế đạt 8%.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n"
        "a) Về phát triển kinh tế\n"
        "Tập trung tháo gỡ khó khăn cho doanh nghiệp.\n"
    )
    sections, paragraphs = read_structure(normalise(text))
    assert [(s.kind, s.level) for s in sections] == [("roman", 1), ("number1", 2), ("roman", 1), ("small", 3)]
    assert sections[0].role == "targets" and sections[2].role == "tasks"
    assert paragraphs[0].is_list_item and paragraphs[0].text.startswith("Tốc độ")


def test_a_long_labelled_sentence_is_a_list_item_not_a_heading():
    text = "II. Tasks\n1. Complete the review of all investment projects before June. Report the results.\n"
    sections, paragraphs = read_structure(normalise(text))
    assert len(sections) == 1
    assert paragraphs[0].text.startswith("Complete the review")


def test_text_before_the_first_subsection_is_preamble_and_after_a_salutation_is_closing():
    text = (
        "II. Directions and tasks\n"
        "The coming year is decisive.\n"
        "A. On the economy\n"
        "Promote investment.\n"
        "Dear comrades,\n"
        "I request that all units act at once.\n"
    )
    _sections, paragraphs = read_structure(normalise(text))
    assert [p.segment for p in paragraphs] == ["preamble", "body", "closing"]


def test_heading_words_give_roles_in_both_languages():
    assert heading_role("B. Những hạn chế, yếu kém") == "shortcomings"
    assert heading_role("1. Kết quả đạt được") == "review"
    assert heading_role("II. Phương hướng, nhiệm vụ năm 2026") == "tasks"
    assert heading_role("III. Main targets") == "targets"


def test_splits_sentences_but_not_at_abbreviations_decimals_or_inside_brackets():
    text = "Revenue rose 7.5% (see Report No. 12. Annex). Focus on TP. Hội An. Growth reached 8%."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "Revenue rose 7.5% (see Report No. 12. Annex).",
        "Focus on TP. Hội An.",
        "Growth reached 8%.",
    ]


def test_clauses_split_at_top_level_semicolons_only():
    text = "Build schools (in the spirit that districts act; the province pays); repair roads."
    assert [text[a:b] for a, b in split_clauses(text)] == [
        "Build schools (in the spirit that districts act; the province pays)",
        "repair roads.",
    ]


def test_semicolons_after_a_colon_separate_list_items_not_clauses():
    text = "Develop the following sectors: tourism; logistics; agriculture."
    assert split_clauses(text) == [(0, len(text))]


def test_a_part_opening_with_therefore_stays_with_the_part_before():
    text = "The tasks are heavy; therefore, all units must act."
    assert split_clauses(text) == [(0, len(text))]


def test_a_heading_about_a_year_before_the_working_year_reviews_it():
    assert heading_role("I. Tình hình kinh tế - xã hội năm 2025", working_year=2026) == "review"
    assert heading_role("II. Nhiệm vụ năm 2026", working_year=2026) == "tasks"
    assert heading_role("3. Nguyên nhân") == "causes"


def test_a_lead_in_announcing_shortcomings_turns_the_rest_of_a_review_part_into_shortcomings():
    text = (
        "Điều 1. Đánh giá tình hình năm 2025\n"
        "Thu ngân sách đạt 105% dự toán.\n"
        "Tuy nhiên, vẫn còn một số hạn chế:\n"
        "- Giải ngân vốn đầu tư công chậm.\n"
    )
    _sections, paragraphs = read_structure(normalise(text))
    assert [(p.text, p.section.role) for p in paragraphs] == [
        ("Thu ngân sách đạt 105% dự toán.", "review"),
        ("Giải ngân vốn đầu tư công chậm.", "shortcomings"),
    ]


def test_a_numbered_line_assigning_work_is_an_item_and_an_implementation_part_is_closing():
    text = (
        "II. Nhiệm vụ trọng tâm\n"
        "Ban Thường vụ yêu cầu các cấp tập trung thực hiện các nhiệm vụ sau:\n"
        "1. Sở Tài chính chủ trì, chỉ đạo:\n"
        "a) Rà soát các khoản chi thường xuyên trong quý III và báo cáo kết quả.\n"
        "III. Tổ chức thực hiện\n"
        "Văn phòng theo dõi, đôn đốc việc thực hiện.\n"
    )
    sections, paragraphs = read_structure(normalise(text))
    assert [s.heading for s in sections] == ["II. Nhiệm vụ trọng tâm", "III. Tổ chức thực hiện"]
    assert [p.segment for p in paragraphs] == ["preamble", "body", "body", "closing"]


def test_a_short_numbered_line_stating_a_figure_is_an_item_not_a_heading():
    text = (
        "II. CHỈ TIÊU CHỦ YẾU\n"
        "1. Tốc độ tăng trưởng GRDP đạt 8% trở lên\n"
        "2. Thu ngân sách đạt 9.000 tỷ đồng\n"
    )
    sections, paragraphs = read_structure(normalise(text))
    assert [s.heading for s in sections] == ["II. CHỈ TIÊU CHỦ YẾU"]
    assert [p.text for p in paragraphs] == [
        "Tốc độ tăng trưởng GRDP đạt 8% trở lên",
        "Thu ngân sách đạt 9.000 tỷ đồng",
    ]


def test_shortcomings_announced_inside_a_review_paragraph_start_after_the_colon():
    text = (
        "I. KẾT QUẢ NĂM 2025\n"
        "Tuy nhiên, còn một số hạn chế: Giải phóng mặt bằng còn chậm. Thu ngân sách giảm.\n"
    )
    _sections, [paragraph] = read_structure(normalise(text))
    assert paragraph.section.role == "shortcomings"
    assert paragraph.text == "Giải phóng mặt bằng còn chậm. Thu ngân sách giảm."


def test_parts_written_in_words_are_headings():
    text = "PHẦN THỨ NHẤT\nĐÁNH GIÁ KẾT QUẢ NĂM 2025\nPhần thứ hai: Nhiệm vụ năm 2026\nPart Two. Tasks\n"
    sections, paragraphs = read_structure(normalise(text))
    assert [(s.heading, s.role) for s in sections] == [
        ("PHẦN THỨ NHẤT", "review"),
        ("Phần thứ hai: Nhiệm vụ năm 2026", "tasks"),
        ("Part Two. Tasks", "tasks"),
    ]
    assert paragraphs == []


def test_an_unlabelled_heading_in_capitals_mid_document_opens_a_part_with_its_role():
    text = (
        "BÁO CÁO\n"
        "Tình hình thực hiện nhiệm vụ sáu tháng đầu năm 2026\n"
        "Số: 21/BC-UBND\n"
        "KẾT QUẢ ĐẠT ĐƯỢC\n"
        "Thu ngân sách đạt 3.100 tỷ đồng.\n"
        "TỒN TẠI, HẠN CHẾ\n"
        "Giải ngân vốn đầu tư công còn chậm.\n"
        "MỤC TIÊU, CHỈ TIÊU\n"
        "- Tỷ lệ hộ nghèo giảm còn dưới 3%.\n"
        "NHIỆM VỤ, GIẢI PHÁP\n"
        "Tập trung tháo gỡ khó khăn cho doanh nghiệp.\n"
        "TỔ CHỨC THỰC HIỆN\n"
        "Văn phòng theo dõi, đôn đốc việc thực hiện.\n"
        "CHỦ TỊCH\n"
    )
    sections, paragraphs = read_structure(normalise(text))
    assert [(s.heading, s.level, s.role) for s in sections] == [
        ("KẾT QUẢ ĐẠT ĐƯỢC", 1, "review"),
        ("TỒN TẠI, HẠN CHẾ", 1, "shortcomings"),
        ("MỤC TIÊU, CHỈ TIÊU", 1, "targets"),
        ("NHIỆM VỤ, GIẢI PHÁP", 1, "tasks"),
        ("TỔ CHỨC THỰC HIỆN", 1, "tasks"),
    ]
    assert paragraphs[-2].segment == "closing"
    assert paragraphs[-1].text == "CHỦ TỊCH"


def test_a_capitals_heading_between_labelled_ones_takes_the_next_level_and_a_capitals_title_does_not_count():
    text = (
        "REPORT ON THE RESULTS OF 2025\n"
        "No. 40/BC-UBND\n"
        "I. REVIEW OF 2025\n"
        "RESULTS ACHIEVED\n"
        "Revenue reached 1,200 billion VND.\n"
        "SHORTCOMINGS AND LIMITATIONS\n"
        "Site clearance is slow.\n"
        "II. TASKS FOR 2026\n"
        "Promote investment in industrial clusters.\n"
    )
    sections, _paragraphs = read_structure(normalise(text))
    assert [(s.heading, s.level, s.role) for s in sections] == [
        ("I. REVIEW OF 2025", 1, "review"),
        ("RESULTS ACHIEVED", 2, "review"),
        ("SHORTCOMINGS AND LIMITATIONS", 2, "shortcomings"),
        ("II. TASKS FOR 2026", 1, "tasks"),
    ]


def test_a_capitals_line_under_the_document_kind_is_its_title_not_a_heading():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH\n"
        "Số: 88/BC-UBND\n"
        "BÁO CÁO\n"
        "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025\n"
        "VÀ PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026\n"
        "Năm 2025, tỉnh đạt nhiều kết quả quan trọng.\n"
        "TỒN TẠI, HẠN CHẾ\n"
        "Giải ngân còn chậm.\n"
    )
    sections, _paragraphs = read_structure(normalise(text))
    assert [s.heading for s in sections] == ["TỒN TẠI, HẠN CHẾ"]
