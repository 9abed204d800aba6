from resolute.orgunits.search import fold, highlight, search_text_for


def test_folding_strips_tone_marks_and_writes_d_for_the_barred_d():
    assert fold("  Sở Tài  chính ") == "so tai chinh"
    assert fold("ĐẠI LỘC") == "dai loc"
    assert fold("Thị trấn Ái Nghĩa") == "thi tran ai nghia"


def test_the_search_text_joins_every_name_and_the_code():
    assert search_text_for(name="Thành phố Hội An", name_en="Hoi An City", code="503") == (
        "thanh pho hoi an hoi an city 503"
    )


def test_highlighting_marks_the_matching_words_in_the_original_spelling():
    assert highlight("Sở Tài chính", "tai chinh") == "Sở <mark>Tài</mark> <mark>chính</mark>"


def test_highlighting_escapes_the_text():
    assert highlight("<b>Đại</b>", "dai") == "&lt;b&gt;<mark>Đại</mark>&lt;/b&gt;"
