"""The periodic report to the inspectorate (Circular 02/2021/TT-TTCP): the Circular's cut-off windows,
the statistics page with its three tables, and the same tables as a workbook whose numbers read back
equal the figures and as a Word document that opens again (and in LibreOffice, where it is installed).

The half-year of `scenario`: the first quarter of 2025 runs from 15/12/2024 to 14/03/2025 and holds A,
B, C, E and the duplicate G; I and J (2024) are brought forward."""

import io
import shutil
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document as WordDocument

from resolute.petitions.inspectorate import (
    ReportPeriod,
    inspectorate_figures,
    inspectorate_tables,
    report_window,
    window_containing,
)

from .conftest import DENOUNCER, PETITIONER, TODAY
from .scenario import half_year, register_at

Q1 = {"period": "quarter", "year": 2025, "quarter": 1}


@pytest.fixture(autouse=True)
def on_june_2(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def made(petitions_tree, people):
    return half_year(petitions_tree)


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# -- the windows --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "quarter", "start", "end"),
    [
        ("quarter", 1, date(2024, 12, 15), date(2025, 3, 14)),
        ("quarter", 2, date(2025, 3, 15), date(2025, 6, 14)),
        ("quarter", 3, date(2025, 6, 15), date(2025, 9, 14)),
        ("quarter", 4, date(2025, 9, 15), date(2025, 12, 14)),
        ("six_months", None, date(2024, 12, 15), date(2025, 6, 14)),
        ("nine_months", None, date(2024, 12, 15), date(2025, 9, 14)),
        ("year", None, date(2024, 12, 15), date(2025, 12, 14)),
    ],
)
def test_each_period_runs_from_the_15th_to_the_14th_as_the_circular_cuts_it_off(period, quarter, start, end):
    window = report_window(period, 2025, quarter)
    assert (window.start, window.end) == (start, end)


def test_a_day_from_15_december_belongs_to_the_next_years_reports():
    assert window_containing(ReportPeriod.QUARTER, date(2024, 12, 20)) == report_window("quarter", 2025, 1)
    assert window_containing(ReportPeriod.QUARTER, date(2025, 3, 14)).quarter == 1
    assert window_containing(ReportPeriod.QUARTER, date(2025, 3, 15)).quarter == 2
    assert window_containing(ReportPeriod.YEAR, date(2025, 12, 14)).year == 2025
    with translation.override("en"):
        assert report_window("quarter", 2025, 2).label == "Quarter II of 2025 (15/03/2025 – 14/06/2025)"


# -- the tables ---------------------------------------------------------------------------------------


def tables_of(user, unit, window, language="en"):
    with translation.override(language):
        figures = inspectorate_figures(user, unit, window, TODAY)
        return figures, {table.key: table for table in inspectorate_tables(figures)}


def total_of(table) -> dict:
    row = table.rows[-1]
    assert row.is_total
    return dict(zip(table.headers[1:], table.values(row), strict=True))


def test_the_first_quarter_brings_2024_forward_and_counts_what_was_received_in_it(
    made, petitions_tree, people
):
    figures, tables = tables_of(
        people["superuser"], petitions_tree["province"], report_window("quarter", 2025, 1)
    )
    handling = total_of(tables["handling"])
    assert handling["Brought forward"] == 2
    assert handling["Received in the period"] == 4  # A, B, C, E
    assert handling["Complaints"] == 4  # I, J, A, B
    assert handling["Denunciations"] == 1
    assert handling["Recommendations and reflections"] == 1
    assert handling["Not within its competence: forwarded"] == 1
    assert handling["Duplicates received (not counted)"] == 1
    complaints = total_of(tables["complaints"])
    assert complaints["On hand"] == 4
    assert complaints["Settled"] == 2
    assert (complaints["Well-founded"], complaints["Unfounded"]) == (1, 1)
    assert (complaints["Settled on time"], complaints["Settled late"]) == (1, 1)
    assert complaints["Open and overdue"] == 2  # I and J, never accepted
    denunciations = total_of(tables["denunciations"])
    assert denunciations["On hand"] == 1
    assert denunciations["Open within the deadline"] == 1  # extended on 5 March to 11 April
    assert (denunciations["Extended"], denunciations["Extension decisions"]) == (1, 1)


def test_each_table_has_a_row_per_unit_below_the_report_unit_and_a_total(made, petitions_tree, people):
    _figures, tables = tables_of(
        people["superuser"], petitions_tree["committee"], report_window("six_months", 2025)
    )
    labels = [row.label for row in tables["handling"].rows]
    assert labels == [
        "Citizen Reception Office",
        "Department of Natural Resources and Environment",
        "Provincial Inspectorate",
        "Total",
    ]


# -- the page -----------------------------------------------------------------------------------------


def test_the_statistics_page_shows_the_tables_of_the_period_asked_for(made, petitions_tree, people):
    response = browser(people["leader"]).get(
        reverse("petitions:statistics"), {"unit": petitions_tree["province"].pk, **Q1}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quarter I of 2025 (15/12/2024 – 14/03/2025)" in html
    for title in ("Petition handling", "Complaint settlement", "Denunciation settlement"):
        assert title in html
    assert "Change in received petitions:" in html and "(4 − 1) ÷ 1 × 100 = +300.0%" in html
    assert "format=xlsx" in html and "format=docx" in html


def test_while_a_period_runs_its_figures_stop_at_today(made, petitions_tree, people):
    html = (
        browser(people["leader"])
        .get(
            reverse("petitions:statistics"),
            {"unit": petitions_tree["province"].pk, "period": "quarter", "year": 2025, "quarter": 2},
        )
        .content.decode()
    )
    assert "(counted to 02/06/2025)" in html


def test_the_page_offers_only_the_units_the_reader_covers(made, petitions_tree, people):
    client = browser(people["department_viewer"])
    page = client.get(reverse("petitions:statistics"), {"unit": petitions_tree["province"].pk, **Q1})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    report = client.get(
        reverse("petitions:inspectorate_report"),
        {"unit": petitions_tree["province"].pk, "format": "xlsx", **Q1},
    )
    assert report.status_code == 404
    signed_out = Client().get(reverse("petitions:statistics"))
    assert signed_out.status_code == 302


# -- the files ----------------------------------------------------------------------------------------


def download(user, unit, kind, **period) -> bytes:
    response = browser(user).get(
        reverse("petitions:inspectorate_report"), {"unit": unit.pk, "format": kind, **(period or Q1)}
    )
    assert response.status_code == 200, response.content[:300]
    return response.content


def test_the_workbooks_numbers_read_back_equal_the_figures(made, petitions_tree, people):
    province = petitions_tree["province"]
    content = download(people["leader"], province, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    _figures, tables = tables_of(people["leader"], province, report_window("quarter", 2025, 1), "vi")
    assert set(workbook.sheetnames) == {table.title[:31] for table in tables.values()}
    for table in tables.values():
        rows = [list(row) for row in workbook[table.title[:31]].iter_rows(values_only=True)]
        assert rows[2] == table.headers
        for written, row in zip(rows[3:], table.rows, strict=True):
            assert written == [row.label, *table.values(row)]
    # The figures themselves: the complaints' total row holds 4 on hand, 2 accepted, 2 settled.
    complaints = [list(row) for row in workbook[tables["complaints"].title[:31]].iter_rows(values_only=True)]
    assert complaints[-1][3:6] == [4, 2, 2]


def test_the_word_document_opens_again_with_its_three_tables(made, petitions_tree, people):
    content = download(people["leader"], petitions_tree["province"], "docx")
    document = WordDocument(io.BytesIO(content))
    assert len(document.tables) == 3
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Quý I năm 2025 (15/12/2024 – 14/03/2025)" in text
    total = [cell.text for cell in document.tables[1].rows[-1].cells]
    assert total[0] == "Tổng số" and total[1:3] == ["2", "2"]
    everything = text + " ".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for person in (PETITIONER, DENOUNCER):
        assert person["full_name"] not in everything


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
def test_libreoffice_converts_the_word_document_to_pdf(made, petitions_tree, people, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(download(people["leader"], petitions_tree["province"], "docx"))
    subprocess.run(  # noqa: S603 - a fixed command on our own file
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_an_unknown_format_is_not_found(made, petitions_tree, people):
    response = browser(people["leader"]).get(
        reverse("petitions:inspectorate_report"),
        {"unit": petitions_tree["province"].pk, "format": "pdf", **Q1},
    )
    assert response.status_code == 404


def test_the_page_and_its_files_read_as_many_queries_for_many_petitions_as_for_a_few(
    made, petitions_tree, people
):
    client = browser(people["leader"])
    query = {"unit": petitions_tree["province"].pk, **Q1}

    def queries(name, **extra) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name), {**query, **extra}).status_code == 200
        return len(captured)

    page, workbook = queries("petitions:statistics"), queries("petitions:inspectorate_report", format="xlsx")
    for unit in ("commune_b1", "district_b", "finance", "environment"):
        register_at(petitions_tree[unit], "denunciation", date(2025, 2, 3))
    assert queries("petitions:statistics") == page
    assert queries("petitions:inspectorate_report", format="xlsx") == workbook
