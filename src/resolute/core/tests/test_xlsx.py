"""The shared workbook writer: text is written as text and shown as typed, never as a formula;
numbers, dates and percentages keep their type; what it writes reads back as it was given."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from resolute.core.xlsx import PERCENT, ExcelWorkbook, open_for_reading

FORMULA_LIKE = [
    '=HYPERLINK("http://example.com/steal","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def written(*rows, number_formats=None):
    workbook = ExcelWorkbook()
    sheet = workbook.sheet("Sheet")
    for row in rows:
        sheet.append(row, number_formats=number_formats)
    return workbook.to_bytes()


def cells_of(content: bytes):
    return list(openpyxl.load_workbook(io.BytesIO(content))["Sheet"].iter_rows())


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_text_that_looks_like_a_formula_is_written_as_quoted_text(text):
    [[cell]] = cells_of(written([text]))
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    assert cell.value == text


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_quoted_text_reads_back_as_the_text_that_was_typed(text):
    sheet = open_for_reading(io.BytesIO(written([text, "plain"]))).worksheets[0]
    assert list(sheet.iter_rows(values_only=True)) == [(text, "plain")]


def test_an_ordinary_text_is_text_without_a_quote():
    [[cell]] = cells_of(written(["Replace the temporary houses"]))
    assert (cell.data_type, cell.quotePrefix) == ("s", False)


def test_numbers_negative_ones_too_stay_numbers():
    [cells] = cells_of(written([-5, Decimal("-1.5"), 0.25, "-5"]))
    assert [(cell.value, cell.data_type) for cell in cells] == [
        (-5, "n"),
        (-1.5, "n"),
        (0.25, "n"),
        ("-5", "s"),
    ]
    assert [cell.quotePrefix for cell in cells] == [False, False, False, True]


def test_dates_are_dates_in_the_readers_format_and_a_rate_a_percentage():
    with translation.override("vi"):
        [cells] = cells_of(written([date(2025, 3, 31), 0.5], number_formats={1: PERCENT}))
    assert cells[0].is_date and cells[0].number_format == "dd/mm/yyyy"
    assert (cells[1].value, cells[1].number_format) == (0.5, "0.0%")


def test_a_translatable_label_is_written_in_the_active_language():
    with translation.override("en"):
        [[cell]] = cells_of(written([gettext_lazy("Status")]))
    assert cell.value == "Status"


def test_control_characters_no_workbook_can_hold_are_left_out_instead_of_failing():
    [[cell]] = cells_of(written(["Road\x0b works\x01"]))
    assert cell.value == "Road works"
