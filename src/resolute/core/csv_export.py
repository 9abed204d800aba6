"""Every CSV file the platform writes goes through here: the tables of the pages (`?format=csv`) and
the API's DHIS2 CSV.

A file for people (`for_spreadsheet=True`, the default) starts with a byte-order mark, so Excel reads
it as UTF-8 and Vietnamese stays Vietnamese; dates are written as the reader writes them; and a text a
spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first: OWASP's
"CSV injection") is written with Excel's quote prefix, as Excel stores a typed `'=…`, so opening the
file never runs it. Numbers, negative ones too, are never touched. A file for a machine
(`for_spreadsheet=False`) holds the values exactly as given.

The rows are an iterable, written as they come, so a long table is never held in memory twice.
"""

import csv
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format

from .xlsx import is_formula_like

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"


def csv_cell(value) -> str:
    """A value as a spreadsheet reader expects it: nothing for None, dates in the reader's format,
    decimals without the column's trailing zeros, formula-like text quoted."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(local, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        # A plain number, with a point, whatever the language: a spreadsheet reads it as a number.
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return f"'{text}" if is_formula_like(text) else text


def csv_response(
    filename: str, header: list, rows: Iterable[list], *, for_spreadsheet: bool = True
) -> HttpResponse:
    """A download named `filename`.csv: the header, then each row."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    if for_spreadsheet:
        response.write(BYTE_ORDER_MARK)
    writer = csv.writer(response)
    cell = csv_cell if for_spreadsheet else (lambda value: "" if value is None else str(value))
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return response
