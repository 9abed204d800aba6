"""Sentence classification: directives, action verbs, responsible bodies, indicators, topics."""

from resolute.extraction import entities
from resolute.extraction.classify import (
    action_verb,
    directional_reduction,
    indicator_of,
    is_commitment,
    is_directive,
    is_task_sentence,
    responsible_bodies,
    topic_of,
)


def test_imperative_sentences_are_directives_in_both_languages():
    assert is_directive("Resolutely implement the reform of public services.", "en")
    assert is_directive("Tiếp tục đẩy mạnh cải cách hành chính.", "vi")
    assert is_directive("The Department of Health must complete the review.", "en")
    assert is_directive("I request that all departments act at once.", "en")


def test_statements_and_wishes_are_not_directives():
    assert not is_directive("The coming year is the last of the term.", "en")
    assert not is_directive("Wishing all delegates good health.", "en")
    assert not is_directive("Source: https://example.org/news", "en")


def test_every_body_sentence_of_a_task_part_is_a_task_but_not_an_aside():
    assert is_task_sentence("There are strong solutions to improve state management.", "en", "body")
    assert not is_task_sentence("(Including funds from enterprises in the province) .", "en", "body")
    assert not is_task_sentence("The theme is growth.", "en", "preamble")


def test_action_verb_is_the_leading_verb_phrase_as_written():
    assert action_verb("Focus on leading and directing the preparation of congresses.", "en") == (
        "Focus on leading and directing"
    )
    assert action_verb("Resolutely implement the plan.", "en") == "Resolutely implement"
    assert action_verb("Tiếp tục đẩy mạnh cải cách hành chính.", "vi") == "Tiếp tục đẩy mạnh"


def test_responsible_bodies_come_from_a_leading_parenthetical_or_a_modal_subject():
    vietnamese = "Rà soát các dự án chậm tiến độ (Sở Kế hoạch và Đầu tư chủ trì, phối hợp các sở)."
    assert responsible_bodies(vietnamese, "vi", entities.names_a_body) == ["Sở Kế hoạch và Đầu tư"]
    english = "The Department of Finance and district People's Committees must review the spending."
    assert responsible_bodies(english, "en", entities.names_a_body) == [
        "Department of Finance",
        "district People's Committees",
    ]
    assert responsible_bodies("Review the spending of the year.", "en", entities.names_a_body) == []


def test_indicator_strips_the_verb_and_the_number():
    text = "reduce the poverty rate of the district to below 3%"
    assert indicator_of(text, text.index("3%"), "en") == "poverty rate of the district"
    vietnamese = "Tỷ lệ hộ nghèo giảm còn 2%"
    assert indicator_of(vietnamese, vietnamese.index("2%"), "vi") == "Tỷ lệ hộ nghèo"


def test_topic_is_the_subject_of_a_shortcoming():
    assert (
        topic_of("Disbursement of public investment is still slow.", "en")
        == "Disbursement of public investment"
    )
    assert topic_of("Công tác giải phóng mặt bằng còn chậm.", "vi") == "giải phóng mặt bằng"


def test_commitments_and_directional_reductions():
    assert is_commitment("strive to reach 95% coverage")
    assert is_commitment("phấn đấu đạt 95%")
    assert not is_commitment("the 50th anniversary celebrations")
    assert directional_reduction("reducing the rate of school dropouts")
    assert directional_reduction("kéo giảm tỷ lệ tai nạn giao thông")


def test_indicator_after_the_figure_when_nothing_before_names_it():
    text = "The district completed 420 houses for poor households"
    start = text.index("420")
    assert indicator_of(text, start, "en", start + len("420 houses")) == "houses for poor households"
    assert indicator_of("12 households have not agreed", 0, "en", 13) == "households"
    assert indicator_of("equal to 108% of the estimate", 9, "en", 13) == ""
    vietnamese = "Đã hoàn thành 356/400 căn nhà cho hộ nghèo"
    assert indicator_of(vietnamese, vietnamese.index("356"), "vi") == "căn nhà cho hộ nghèo"


def test_a_capitalised_verb_belongs_to_a_name_and_an_imperative_has_no_subject():
    sentence = "Sở Kế hoạch và Đầu tư hoàn thành phân bổ vốn trước ngày 31/1."
    assert responsible_bodies(sentence, "vi", entities.names_a_body) == ["Sở Kế hoạch và Đầu tư"]
    imperative = "Phát triển du lịch thành ngành mũi nhọn; đa dạng hóa sản phẩm du lịch."
    assert responsible_bodies(imperative, "vi", entities.names_a_body) == []
    later = "Nâng cao chất lượng khám bệnh; Sở Y tế bảo đảm đủ thuốc."
    assert responsible_bodies(later, "vi", entities.names_a_body) == ["Sở Y tế"]
    assert responsible_bodies("Chỉ đạo Sở Y tế bảo đảm đủ thuốc.", "vi", entities.names_a_body) == ["Sở Y tế"]


def test_a_body_named_with_a_list_stays_whole():
    sentence = "The Division of Labour, Invalids and Social Affairs shall monitor progress."
    assert responsible_bodies(sentence, "en", entities.names_a_body) == [
        "Division of Labour, Invalids and Social Affairs"
    ]


def test_responsible_bodies_split_where_a_new_body_starts_not_inside_a_name():
    def bodies(sentence, lang):
        return responsible_bodies(sentence, lang, entities.names_a_body)

    assert bodies("Giao Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức lễ hội.", "vi") == [
        "Sở Văn hóa, Thể thao và Du lịch"
    ]
    assert bodies("Sở Nông nghiệp và Môi trường và Ủy ban nhân dân tỉnh rà soát đất rừng.", "vi") == [
        "Sở Nông nghiệp và Môi trường",
        "Ủy ban nhân dân tỉnh",
    ]
    assert bodies("Đề nghị Sở Nội vụ và Ban Quản lý các khu công nghiệp phối hợp thực hiện.", "vi") == [
        "Sở Nội vụ",
        "Ban Quản lý các khu công nghiệp",
    ]
    english = "The Ministry of Planning and Investment and the Ministry of Finance shall review the plan."
    assert bodies(english, "en") == ["Ministry of Planning and Investment", "Ministry of Finance"]
    request = "Request the Department of Home Affairs and the Provincial Police to inspect the mines."
    assert bodies(request, "en") == ["Department of Home Affairs", "Provincial Police"]


def test_a_broadcaster_and_a_newspaper_named_before_the_verb_are_both_responsible():
    sentence = "Đài Phát thanh và Truyền hình tỉnh, Báo Bình An tăng cường tuyên truyền về du lịch."
    assert responsible_bodies(sentence, "vi", entities.names_a_body) == [
        "Đài Phát thanh và Truyền hình tỉnh",
        "Báo Bình An",
    ]


def test_english_bodies_joined_after_a_head_word_are_two_responsible_bodies():
    sentence = "The Provincial Radio and Television Station and Binh An Newspaper shall step up promotion."
    assert responsible_bodies(sentence, "en", entities.names_a_body) == [
        "Provincial Radio and Television Station",
        "Binh An Newspaper",
    ]
