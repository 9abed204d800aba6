"""Oversight findings' section of the implementation report: the results sentence, the shortcomings,
the table by inspecting body and the appendix of overdue recommendations, in Vietnamese and in English,
every number of a sentence the number of a cell of the table; no section where nothing is led. See
`findings` for the data (read on 15/10/2024: 1 implemented, 1 partly, 2 not yet, 2 overdue of 4;
200 of 800 million VND recovered)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from resolute.core.documents import TableBlock, format_short_date
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.oversight.report import WORDS
from resolute.reports.report_data import build_report_data

from .findings import READ_ON, STATE_AUDIT, findings_fixture  # noqa: F401 - the fixture `findings`

NUMBER = re.compile(r"\d[\d.,]*\d|\d")


@pytest.fixture(autouse=True)
def mid_october(time_machine):
    time_machine.move_to(datetime(2024, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with translation.override("en"):
        yield


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        title="Nghị quyết về công tác thanh tra, kiểm tra năm 2024",
        number="15-NQ/TU",
        issued_on=date(2024, 1, 10),
        issuer=tree["party"],
    )


def section_of(users, document, language, as_of=READ_ON):
    data = build_report_data(
        users["office"],
        document,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        as_of=as_of,
        language=language,
    )
    return next((section for section in data.sections if section.section.key == "oversight"), None)


def table_of(section) -> TableBlock:
    return next(block for block in section.blocks.tables if isinstance(block, TableBlock))


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def cells_of(section) -> set[str]:
    return {number for row in table_of(section).rows for cell in row for number in numbers(cell)}


@pytest.mark.usefixtures("findings")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_number_of_every_sentence_is_a_cell_of_the_table(users, document, language):
    section = section_of(users, document, language)
    day = set(numbers(format_short_date(READ_ON, language)))
    sentences = section.blocks.results + section.blocks.shortcomings
    assert len(sentences) == 3
    for sentence in sentences:
        assert set(numbers(sentence)) - day <= cells_of(section), sentence


@pytest.mark.usefixtures("findings")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_results_say_the_totals_row_of_the_table(users, document, language):
    section = section_of(users, document, language)
    words = WORDS[language]
    totals = table_of(section).rows[-1]
    assert totals[0] == words["totals"]
    if language == "en":
        assert totals[1:] == [
            "1",
            "1",
            "2",
            "2",
            "4",
            "25%",
            "800,000,000",
            "200,000,000",
            "600,000,000",
            "25%",
        ]
        assert section.blocks.results == [
            "By 15 Oct 2024, of 4 recommendations of inspections, audits and supervisions: "
            "1 implemented (25%), 2 overdue; 200,000,000 of 800,000,000 VND recovered (25%)."
        ]
    else:
        assert totals[1:] == [
            "1",
            "1",
            "2",
            "2",
            "4",
            "25%",
            "800.000.000",
            "200.000.000",
            "600.000.000",
            "25%",
        ]
        assert section.blocks.results == [
            "Đến ngày 15/10/2024, trong tổng số 4 kiến nghị sau thanh tra, kiểm toán, giám sát, đã thực hiện "
            "xong 1 kiến nghị (25%), quá hạn 2 kiến nghị; đã thu hồi 200.000.000/800.000.000 đồng (25%)."
        ]


@pytest.mark.usefixtures("findings")
def test_the_shortcomings_name_the_bodies_with_overdue_recommendations_and_what_is_still_to_recover(
    users, document
):
    section = section_of(users, document, "en")
    assert section.blocks.shortcomings == [
        f"2 recommendations are past their deadline and not implemented; the most of: {STATE_AUDIT} (1), "
        "Provincial Inspectorate (1).",
        "600,000,000 VND remains to be recovered.",
    ]
    bodies = [row[0] for row in table_of(section).rows]
    assert bodies == ["Provincial Inspectorate", STATE_AUDIT, "Total"]


@pytest.mark.usefixtures("findings")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_appendix_lists_the_overdue_recommendations_earliest_deadline_first(users, document, language):
    section = section_of(users, document, language)
    title, table = section.blocks.appendix
    assert title == WORDS[language]["appendix"]
    assert [row[2] for row in table.rows] == ["Thu hồi chi sai chế độ", "Thu hồi tiền sử dụng đất nộp thiếu"]
    assert table.rows[0][4] == format_short_date(date(2024, 8, 31), language)


def test_a_report_whose_area_leads_no_recommendation_has_no_oversight_text(users, document):
    section = section_of(users, document, "en")
    assert section is None or (not section.blocks.results and section.blocks.appendix is None)


@pytest.mark.usefixtures("findings")
def test_the_report_counts_what_stood_on_its_day(users, document):
    section = section_of(users, document, "en", as_of=date(2024, 4, 1))
    assert section.blocks.results == [
        "By 1 Apr 2024, of 3 recommendations of inspections, audits and supervisions: 0 implemented (0%), "
        "0 overdue; 0 of 500,000,000 VND recovered (0%)."
    ]
    assert section.blocks.shortcomings == ["500,000,000 VND remains to be recovered."]


@pytest.mark.usefixtures("findings")
def test_the_drafted_report_prints_the_section_its_table_and_its_appendix(users, document):
    from resolute.reports import actions as report_actions
    from resolute.reports.docx_report import render_docx
    from resolute.reports.models import ReportFormat
    from resolute.reports.views.report import report_data_of

    drafted = report_actions.create_report(
        acting_user=users["office"],
        document=document,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        as_of=READ_ON,
        language="vi",
        format=ReportFormat.PARTY,
    )
    assert "trong tổng số 4 kiến nghị sau thanh tra, kiểm toán, giám sát" in drafted.results
    assert "Còn 2 kiến nghị quá hạn chưa thực hiện xong" in drafted.shortcomings
    assert render_docx(drafted, report_data_of(drafted, users["office"]))[:2] == b"PK"
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["office"])
    html = client.get(drafted.get_absolute_url()).content.decode()
    assert "Oversight findings: implementation of the recommendations" in html
    assert "Appendix: overdue recommendations not yet implemented" in html
    assert "Thu hồi chi sai chế độ" in html


def test_the_section_reads_as_many_queries_for_many_recommendations_as_for_a_few(
    findings, recommend, users, document
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from resolute.core.contributions import ReportScope
    from resolute.oversight.report import build_oversight

    def queries() -> int:
        scope = ReportScope(
            user=users["office"],
            document=document,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
            as_of=READ_ON,
            language="vi",
        )
        with CaptureQueriesContext(connection) as captured:
            build_oversight(scope)
        return len(captured)

    queries()  # the office's scope is read once, then kept
    few = queries()
    for number in range(8):
        recommend(f"Chấn chỉnh nội dung {number}", label=f"8.{number}", deadline=date(2024, 9, 1))
    assert queries() == few
