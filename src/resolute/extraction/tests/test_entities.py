"""References to documents and the bodies named in a text."""

from resolute.extraction.entities import find_org_units, find_references, names_a_body
from resolute.extraction.structure import normalise


def references(text, lang="en"):
    return find_references(normalise(text), lang)


def units(text, lang="en"):
    return find_org_units(normalise(text), lang)


def test_reads_number_date_and_issuer_of_an_english_reference():
    text = "Review Directive No. 12, dated March 3, 2022 of the Provincial Party Committee on land use."
    [reference] = references(text)
    assert reference["kind"] == "directive"
    assert reference["number"] == "12"
    assert reference["date"] == "2022-03-03"
    assert reference["issuer"] == "Provincial Party Committee"
    assert reference["text"].startswith(
        "Directive No. 12, dated March 3, 2022 of the Provincial Party Committee"
    )
    assert text[reference["span"][0] : reference["span"][1]] == reference["text"]


def test_reads_a_vietnamese_reference_with_its_symbol_and_date():
    text = "Thực hiện Nghị quyết số 15/2024/NQ-HĐND ngày 10/12/2024 của HĐND tỉnh về dự toán ngân sách."
    [reference] = references(text, "vi")
    assert reference["kind"] == "resolution"
    assert reference["number"] == "15/2024/NQ-HĐND"
    assert reference["date"] == "2024-12-10"
    assert reference["issuer"] == "HĐND tỉnh"


def test_names_laws_and_charters_by_the_capitalised_words_before_them():
    found = references("Violations of the Forest Law, Water Law and the Union Charter are handled.")
    assert [(item["text"], item["kind"]) for item in found] == [
        ("Forest Law", "law"),
        ("Water Law", "law"),
        ("Union Charter", "charter"),
    ]


def test_a_shorter_mention_of_the_same_numbered_document_is_an_alias():
    text = "Implement Conclusion Notice No. 44 of the Politburo. Report on Conclusion 44 monthly."
    [reference] = [item for item in references(text) if item["number"] == "44"]
    assert reference["aliases"] == ["Conclusion 44"]


def test_a_document_the_text_asks_to_develop_is_to_be_developed():
    [reference] = references("Develop a project to upgrade rural roads in the district.")
    assert reference["status"] == "to be developed"
    assert reference["text"] == "project to upgrade rural roads in the district"


def test_plural_and_generic_document_words_are_not_references():
    assert references("Implement the plans and resolutions of the Party.") == []


def test_finds_bodies_and_the_body_named_in_their_of_tail():
    names = [item["name"] for item in units("The Standing Committee of the District Party Committee met.")]
    assert names == ["Standing Committee of the District Party Committee", "District Party Committee"]


def test_merges_mentions_of_one_body_and_keeps_aliases():
    text = "The People's Council approved it. The Provincial People's Council will supervise."
    [unit] = units(text)
    assert unit["name"] == "Provincial People's Council"
    assert unit["aliases"] == ["People's Council"]


def test_vietnamese_place_names_are_localities_but_people_are_not():
    names = [item["name"] for item in units("Floods hit Tam Ky and Nui Thanh, comrade Le Van Dung said.")]
    assert names == ["Tam Ky", "Nui Thanh"]


def test_vietnamese_bodies_get_their_abbreviations_expanded():
    found = units("Giao UBND tỉnh chủ trì, Sở Tài chính phối hợp; huyện Duy Xuyên báo cáo.", "vi")
    by_name = {item["name"]: item for item in found}
    assert by_name["UBND tỉnh"]["aliases"] == ["Ủy ban nhân dân tỉnh"]
    assert "Sở Tài chính" in by_name
    assert by_name["Duy Xuyên"]["kind"] == "district"


def test_names_a_body_accepts_collective_mentions():
    assert names_a_body("districts")
    assert names_a_body("các sở, ban, ngành")
    assert not names_a_body("the new school year")


def test_reads_a_vietnamese_law_by_its_title_and_a_submission_by_its_symbol():
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; "
        "Xét Tờ trình số 120/TTr-UBND ngày 2/12/2025 của Ủy ban nhân dân tỉnh về dự toán năm 2026."
    )
    found = references(text, "vi")
    assert [(item["kind"], item["date"]) for item in found] == [
        ("law", "2015-06-19"),
        ("submission", "2025-12-02"),
    ]
    assert found[0]["text"] == "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert found[1]["number"] == "120/TTr-UBND"
    assert found[1]["issuer"] == "Ủy ban nhân dân tỉnh"


def test_vietnamese_bodies_keep_their_leading_organ_and_parent_body():
    text = "Giao Ban cán sự đảng Ủy ban nhân dân tỉnh và Ban Tuyên giáo và Dân vận Tỉnh ủy phối hợp."
    names = [item["name"] for item in units(text, "vi")]
    assert "Ban cán sự đảng Ủy ban nhân dân tỉnh" in names
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in names


def test_a_vietnamese_body_name_keeps_its_listed_parts_and_inner_capitals():
    text = "Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Công Thương tổ chức lễ hội."
    names = [item["name"] for item in units(text, "vi")]
    assert names == ["Sở Văn hóa, Thể thao và Du lịch", "Sở Công Thương"]


def test_a_và_before_the_word_that_opens_a_body_starts_a_new_body():
    text = (
        "Sở Nông nghiệp và Môi trường và Ủy ban nhân dân tỉnh rà soát diện tích rừng; "
        "Sở Lao động - Thương binh và Xã hội và Công an tỉnh kiểm tra; "
        "Sở Khoa học và Công nghệ, Sở Thông tin và Truyền thông và Đài Phát thanh và Truyền hình "
        "tuyên truyền."
    )
    names = [item["name"] for item in units(text, "vi")]
    assert names == [
        "Sở Nông nghiệp và Môi trường",
        "Ủy ban nhân dân tỉnh",
        "Sở Lao động - Thương binh và Xã hội",
        "Công an tỉnh",
        "Sở Khoa học và Công nghệ",
        "Sở Thông tin và Truyền thông",
        "Đài Phát thanh và Truyền hình",
    ]


def test_an_english_and_before_a_new_body_starts_it_but_a_listed_name_stays_whole():
    text = (
        "The Ministry of Planning and Investment and the Ministry of Finance review the plan. "
        "The Department of Home Affairs and Provincial Police inspect it. "
        "The Ministry of Culture, Sports and Tourism organises the festival with the Women's Union and "
        "Youth Union."
    )
    names = [item["name"] for item in units(text)]
    assert names == [
        "Ministry of Planning and Investment",
        "Ministry of Finance",
        "Department of Home Affairs",
        "Provincial Police",
        "Ministry of Culture, Sports and Tourism",
        "Women's Union",
        "Youth Union",
    ]


def test_a_vietnamese_body_name_ends_before_a_time_phrase_and_level_groups_are_not_one_body():
    text = (
        "Các huyện báo cáo về Sở Văn hóa, Thể thao và Du lịch trước ngày 15/12/2026; "
        "Ủy ban nhân dân cấp xã rà soát quỹ đất."
    )
    assert [item["name"] for item in units(text, "vi")] == ["Sở Văn hóa, Thể thao và Du lịch"]


def test_a_newspaper_or_a_broadcaster_named_in_full_is_a_body():
    assert names_a_body("Báo Bình An")
    assert names_a_body("Đài Phát thanh và Truyền hình tỉnh")
    assert not names_a_body("báo cáo kết quả")


def test_an_english_station_newspaper_or_hospital_is_a_body_and_and_between_them_splits():
    text = "The Provincial Radio and Television Station and Binh An Newspaper promote the province."
    assert [item["name"] for item in units(text)] == [
        "Provincial Radio and Television Station",
        "Binh An Newspaper",
    ]
