"""The XLSX template and the import of values: a filled template is saved in one background job;
a file with errors lists every one by sheet, row and column and writes nothing; memory stays
bounded because the file is streamed."""

import io
import time
import tracemalloc
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from resolute.targets.models import DataValue, ValueImport, ValueState
from resolute.targets.workbook import COLUMNS, FileReader, check_file

from .rows import make_target
from .test_values import make_indicator

pytestmark = pytest.mark.urls("resolute.targets.tests.entry_urls")

IN_MARCH_WINDOW = date(2025, 4, 10)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def poor(tree):
    indicator = make_indicator("POOR_HOUSEHOLDS", minimum=Decimal("0"))
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    return indicator


def workbook_bytes(rows, *, sheet_title="values", header=COLUMNS) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, capture, name="values.xlsx"):
    with capture(execute=True):
        response = client.post(reverse("targets:import"), {"file": SimpleUploadedFile(name, content, XLSX)})
    return response


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_the_template_lists_each_owed_indicator_for_each_period_of_the_year(client, tree, users, poor):
    client.force_login(users["district_a_reporter"])
    response = client.get(reverse("targets:entry_template") + f"?unit={tree['district_a'].pk}&year=2025")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][: len(COLUMNS)]) == COLUMNS
    assert [row[:3] for row in rows[1:4]] == [
        ("POOR_HOUSEHOLDS", "503", "202501"),
        ("POOR_HOUSEHOLDS", "503", "202502"),
        ("POOR_HOUSEHOLDS", "503", "202503"),
    ]
    assert len(rows) == 13


def test_a_reporter_of_dai_loc_cannot_download_the_template_of_hoi_an(client, tree, users, poor):
    client.force_login(users["district_b_reporter"])
    response = client.get(reverse("targets:entry_template") + f"?unit={tree['district_a'].pk}&year=2025")
    assert response.status_code == 404


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_filled_template_is_saved_as_drafts_in_a_background_job(
    client, tree, users, poor, django_capture_on_commit_callbacks
):
    client.force_login(users["district_a_reporter"])
    template = client.get(reverse("targets:entry_template") + f"?unit={tree['district_a'].pk}&year=2025")
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    sheet["D4"] = 12
    sheet["D5"] = "13.5"
    sheet["F5"] = "counted again"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, buffer.getvalue(), django_capture_on_commit_callbacks)
    value_import = ValueImport.objects.get()
    assert response.status_code == 302 and response.url == value_import.get_absolute_url()
    assert value_import.status == ValueImport.Status.DONE, value_import.errors
    assert value_import.values_saved == 2
    saved = {row.period: row for row in DataValue.objects.all()}
    assert saved["202503"].value == Decimal("12") and saved["202503"].state == ValueState.DRAFT
    assert saved["202504"].comment == "counted again"
    page = client.get(value_import.get_absolute_url()).content.decode()
    assert "2 values were saved as drafts" in page
    assert "every 2s" not in page


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_template_whose_texts_look_like_formulas_shows_them_as_text_and_imports_them_back(
    client, tree, users, django_capture_on_commit_callbacks
):
    link = '=HYPERLINK("http://example.com","click")'
    indicator = make_indicator(
        "=POOR", name=link, name_en=link, unit_of_measure="@households", unit_of_measure_en="@households"
    )
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    client.force_login(users["district_a_reporter"])
    template = client.get(reverse("targets:entry_template") + f"?unit={tree['district_a'].pk}&year=2025")
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert [cell.value for cell in sheet[2]][:3] == ["=POOR", "503", "202501"]
    assert sheet["G2"].value == link and sheet["G2"].quotePrefix
    assert sheet["H2"].value == "@households"
    sheet["D4"] = -12
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(client, buffer.getvalue(), django_capture_on_commit_callbacks)
    value_import = ValueImport.objects.get()
    assert value_import.status == ValueImport.Status.DONE, value_import.errors
    saved = DataValue.objects.get()
    assert (saved.indicator, saved.period, saved.value) == (indicator, "202503", Decimal("-12"))


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_file_with_errors_lists_each_by_sheet_row_and_column_and_writes_nothing(
    client, tree, users, poor, django_capture_on_commit_callbacks
):
    rows = [
        ("POOR_HOUSEHOLDS", "503", "202501", 10, 1, ""),
        ("NOPE", "503", "202502", 10, 1, ""),
        ("POOR_HOUSEHOLDS", "999", "202502", 10, 1, ""),
        ("POOR_HOUSEHOLDS", "506", "202502", 10, 1, ""),
        ("POOR_HOUSEHOLDS", "503", "2025Q1", 10, 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202504", "ten", 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202505", -3, 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202506", 4, 7, ""),
        ("POOR_HOUSEHOLDS", "503", "202501", 11, 1, ""),
    ]
    client.force_login(users["district_a_reporter"])
    upload(client, workbook_bytes(rows, sheet_title="March"), django_capture_on_commit_callbacks)
    value_import = ValueImport.objects.get()
    assert value_import.status == ValueImport.Status.FAILED
    found = [(error["sheet"], error["row"], error["column"]) for error in value_import.errors]
    assert found == [
        ("March", 3, "A"),
        ("March", 4, "B"),
        ("March", 5, "B"),
        ("March", 6, "C"),
        ("March", 7, "D"),
        ("March", 8, "D"),
        ("March", 9, "E"),
        ("March", 10, ""),
    ]
    messages = " ".join(error["message"] for error in value_import.errors)
    assert "No indicator has the code NOPE" in messages
    assert "appears twice; first on row 2" in messages
    assert not DataValue.objects.exists()
    page = client.get(value_import.get_absolute_url()).content.decode()
    assert "The file has 8 errors; nothing was saved." in page


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_number_that_would_be_stored_changed_is_refused_at_its_row_and_column(
    client, tree, users, poor, django_capture_on_commit_callbacks
):
    rows = [
        ("POOR_HOUSEHOLDS", "503", "202501", 1e-30, 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202502", "1e309", 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202503", "1" * 29, 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202504", "12.500000000", 1, ""),
    ]
    client.force_login(users["district_a_reporter"])
    upload(client, workbook_bytes(rows), django_capture_on_commit_callbacks)
    value_import = ValueImport.objects.get()
    assert value_import.status == ValueImport.Status.FAILED
    assert [(error["row"], error["column"]) for error in value_import.errors] == [
        (2, "D"),
        (3, "D"),
        (4, "D"),
    ]
    messages = [error["message"] for error in value_import.errors]
    assert (
        "1e-30 cannot be stored exactly" in messages[0] and "6 digits after the decimal point" in messages[0]
    )
    assert "18 digits before the decimal point" in messages[1]
    assert "18 digits before the decimal point" in messages[2]
    assert not DataValue.objects.exists()


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_an_imported_comment_is_stored_in_composed_form_without_direction_controls(
    client, tree, users, poor, django_capture_on_commit_callbacks
):
    rows = [("POOR_HOUSEHOLDS", "503", "202503", 12, 1, "Tie\u0302\u0301n \u202ekhai")]
    client.force_login(users["district_a_reporter"])
    upload(client, workbook_bytes(rows), django_capture_on_commit_callbacks)
    assert ValueImport.objects.get().status == ValueImport.Status.DONE
    assert DataValue.objects.get().comment == "Ti\u1ebfn khai"


@time_machine.travel(date(2025, 5, 10), tick=False)
def test_a_refusal_while_saving_rolls_back_the_whole_file(
    client, tree, users, poor, django_capture_on_commit_callbacks
):
    rows = [
        ("POOR_HOUSEHOLDS", "503", "202504", 10, 1, ""),
        ("POOR_HOUSEHOLDS", "503", "202503", 10, 1, ""),
    ]
    client.force_login(users["district_a_reporter"])
    upload(client, workbook_bytes(rows), django_capture_on_commit_callbacks)
    value_import = ValueImport.objects.get()
    assert value_import.status == ValueImport.Status.FAILED
    assert [(error["row"], "closed on" in error["message"]) for error in value_import.errors] == [(3, True)]
    assert not DataValue.objects.exists()


def test_only_the_uploader_sees_an_import_and_the_page_polls_until_it_is_finished(client, users):
    running = ValueImport.objects.create(
        file="imports/values/x.xlsx",
        uploaded_by=users["district_a_reporter"],
        status="checking",
        rows_total=10,
    )
    client.force_login(users["district_b_reporter"])
    assert client.get(running.get_absolute_url()).status_code == 404
    client.force_login(users["district_a_reporter"])
    partial = client.get(running.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial


def test_a_file_that_is_not_xlsx_is_refused_at_the_upload(client, users):
    client.force_login(users["district_a_reporter"])
    response = client.post(
        reverse("targets:import"), {"file": SimpleUploadedFile("values.csv", b"a,b", "text/csv")}
    )
    assert response.status_code == 422
    assert not ValueImport.objects.exists()


def test_a_viewer_may_not_import(client, users):
    client.force_login(users["leader"])
    assert client.get(reverse("targets:import")).status_code == 403


ROWS_IN_THE_SUITE = 5_000


def generated_rows(tree, count):
    """`count` rows: 50 monthly indicators × 12 months × the units of the tree, by unit and month."""
    indicators = [make_indicator(f"IND_{number:02d}", minimum=Decimal("0")) for number in range(50)]
    cells = (
        (unit, month, indicator)
        for unit in tree.values()
        for month in range(1, 13)
        for indicator in indicators
    )
    for number, (unit, month, indicator) in zip(range(count), cells, strict=False):
        yield (indicator.code, str(unit.pk), f"2025{month:02d}", number % 997, 1, "")


@time_machine.travel(date(2025, 1, 10), tick=False)
def test_5000_rows_are_checked_with_bounded_memory_and_saved_in_one_job(
    client, tree, users, django_capture_on_commit_callbacks
):
    """The benchmark bench/bench_value_import.py runs the same import with 100,000 rows."""
    content = workbook_bytes(generated_rows(tree, ROWS_IN_THE_SUITE))
    tracemalloc.start()
    reader = FileReader(io.BytesIO(content), users["admin"])
    check_file(reader)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not reader.errors
    assert peak < 50 * 1024 * 1024

    client.force_login(users["admin"])
    started = time.monotonic()
    upload(client, content, django_capture_on_commit_callbacks)
    elapsed = time.monotonic() - started
    value_import = ValueImport.objects.get()
    assert value_import.status == ValueImport.Status.DONE, value_import.errors[:3]
    assert value_import.values_saved == ROWS_IN_THE_SUITE
    assert DataValue.objects.count() == ROWS_IN_THE_SUITE
    assert elapsed < 60
