"""Every bilingual name is shown in the reader's language, falling back to the other with a marker."""

import pickle

from django.template import Context, Template
from django.utils import translation

from resolute.core.languages import ReaderText, in_reader_language


def render(value) -> str:
    return Template("{{ value }}").render(Context({"value": value}))


def test_a_name_is_shown_in_the_reader_s_language_when_it_has_one():
    with translation.override("en"):
        assert in_reader_language("Tỷ lệ hộ nghèo", "Poverty rate") == "Poverty rate"
        assert render(in_reader_language("Tỷ lệ hộ nghèo", "Poverty rate")) == "Poverty rate"
    with translation.override("vi"):
        assert in_reader_language("Tỷ lệ hộ nghèo", "Poverty rate") == "Tỷ lệ hộ nghèo"


def test_a_missing_translation_shows_the_other_language_with_the_marker():
    with translation.override("en"):
        english_reader = in_reader_language("Tỷ lệ hộ nghèo", "")
        page = render(english_reader)
    assert english_reader == "Tỷ lệ hộ nghèo (Vietnamese)"
    assert '<span lang="vi">Tỷ lệ hộ nghèo</span>' in page
    assert '<span class="lang-fallback"' in page and "(Vietnamese)</span>" in page
    with translation.override("vi"):
        vietnamese_reader = in_reader_language("", "Poverty rate")
        page = render(vietnamese_reader)
    assert vietnamese_reader == "Poverty rate (tiếng Anh)"
    assert '<span lang="en">Poverty rate</span>' in page and "(tiếng Anh)</span>" in page


def test_the_marker_is_written_in_the_reader_s_language_whatever_language_is_active():
    # A report in Vietnamese written while the interface is English: the marker is Vietnamese.
    with translation.override("en"):
        assert in_reader_language("", "Poverty rate", "vi") == "Poverty rate (tiếng Anh)"
    with translation.override("vi"):
        assert in_reader_language("Tỷ lệ hộ nghèo", "", "en") == "Tỷ lệ hộ nghèo (Vietnamese)"


def test_a_symbol_reads_the_same_in_both_languages_and_carries_no_marker():
    with translation.override("en"):
        assert in_reader_language("%", "") == "%"
        assert render(in_reader_language("%", "")) == "%"


def test_a_name_is_escaped_on_a_page_and_survives_pickling():
    with translation.override("en"):
        name = in_reader_language("<b>Sở</b>", "")
        assert "&lt;b&gt;Sở&lt;/b&gt;" in render(name)
    copy = pickle.loads(pickle.dumps(name))
    assert isinstance(copy, ReaderText) and copy == name and copy.fallback and copy.text == "<b>Sở</b>"
