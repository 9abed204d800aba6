"""Petitions' section of the implementation report: a results sentence and a shortcomings sentence drawn
only from the figures, every number of which is a cell of the section's tables, in Vietnamese and in
English, and never a petitioner nor what a petition says. The half-year of `scenario`: the report on a
resolution of the provincial Party committee for 1 January to 2 June 2025."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from resolute.core.documents import TableBlock, format_short_date
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.reports.report_data import build_report_data

from .conftest import DENOUNCER, PETITIONER, TODAY
from .scenario import half_year

NUMBER = re.compile(r"\d[\d.,]*\d|\d")


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def made(petitions_tree, people):
    return half_year(petitions_tree)


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        title="Nghị quyết về công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
        number="15-NQ/TU",
        issued_on=date(2025, 1, 2),
        issuer=tree["party"],
    )


def section_of(user, document, language):
    data = build_report_data(
        user,
        document,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        as_of=TODAY,
        language=language,
    )
    return next((section for section in data.sections if section.section.key == "petitions"), None)


def tables(section) -> list[TableBlock]:
    return [block for block in section.blocks.tables if isinstance(block, TableBlock)]


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def cells_of(section) -> set[str]:
    return {
        number for block in tables(section) for row in block.rows for cell in row for number in numbers(cell)
    }


def days_of(section, language) -> set[str]:
    """The numbers a sentence writes that are no figure: the days of the period and the year before."""
    figures = section.figures.figures
    days = (figures.start, figures.end)
    return {str(figures.last_year.start.year)} | {
        n for day in days for n in numbers(format_short_date(day, language))
    }


@pytest.mark.parametrize("language", ["en", "vi"])
def test_every_number_of_the_sentences_is_a_cell_of_the_tables(made, people, document, language):
    section = section_of(people["office"], document, language)
    sentences = [*section.blocks.results, *section.blocks.shortcomings]
    assert len(section.blocks.results) == 1 and len(section.blocks.shortcomings) == 1
    cells, days = cells_of(section), days_of(section, language)
    for sentence in sentences:
        for number in numbers(sentence):
            assert number in cells or number in days, (number, sentence)


def test_the_sentences_say_what_was_received_settled_and_left_open(made, people, document):
    section = section_of(people["office"], document, "en")
    [results] = section.blocks.results
    assert results == (
        "From 1 Jan 2025 to 2 Jun 2025, 7 petitions were received (complaints 4, denunciations 1, "
        "recommendations 1, reflections 1), up 250% on the same period of 2024 (2); 2 were settled, of "
        "which 1 on time and 1 late; 2 were refused, forwarded or withdrawn."
    )
    [shortcomings] = section.blocks.shortcomings
    assert shortcomings == (
        "3 petitions are still open: 2 past their legal deadline (complaints 1, denunciations 1), "
        "1 within it; 1 was settled after their deadline."
    )
    kinds, change = tables(section)
    assert kinds.rows[-1] == ["Total", "7", "2", "1", "1", "2", "3", "1", "2"]
    assert change.rows == [["1 Jan 2024 – 2 Jun 2024", "2", "+250"]]


def test_the_vietnamese_sentence_reads_as_the_office_writes(made, people, document):
    [results] = section_of(people["office"], document, "vi").blocks.results
    assert results.startswith(
        "Từ ngày 01/01/2025 đến ngày 02/06/2025, đã tiếp nhận 7 đơn (khiếu nại 4, tố cáo 1"
    )
    assert "tăng 250% so với cùng kỳ năm 2024 (2 đơn)" in results


def test_no_petitioner_nor_subject_is_ever_written(made, people, document):
    for language in ("en", "vi"):
        section = section_of(people["office"], document, language)
        text = " ".join(
            [
                *section.blocks.results,
                *section.blocks.shortcomings,
                *(cell for block in tables(section) for row in block.rows for cell in row),
            ]
        )
        for person in (PETITIONER, DENOUNCER):
            assert person["full_name"] not in text and person["id_number"] not in text
        assert made["C"].subject not in text


def test_a_reader_without_petitions_gets_no_section(made, people, document):
    assert section_of(people["district_b_reporter"], document, "en") is None or not (
        section_of(people["district_b_reporter"], document, "en").blocks.results
    )
