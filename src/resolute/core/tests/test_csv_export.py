"""The shared CSV writer: a byte-order mark for Excel, numbers kept as numbers, formulas never run."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils import translation

from resolute.core.csv_export import csv_response


def read(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_file_for_people_opens_in_excel_with_vietnamese_and_never_runs_a_formula():
    with translation.override("en"):
        response = csv_response(
            "units",
            ["Đơn vị", "Giá trị", "Ngày"],
            [
                ["Huyện Đại Lộc", Decimal("12.500000"), date(2025, 3, 31)],
                ['=HYPERLINK("x")', Decimal("-3"), None],
            ],
        )
    assert response["Content-Disposition"] == 'attachment; filename="units.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert read(response) == [
        ["Đơn vị", "Giá trị", "Ngày"],
        ["Huyện Đại Lộc", "12.5", "31/03/2025"],
        ['\'=HYPERLINK("x")', "-3", ""],
    ]


def test_a_file_for_a_machine_keeps_every_value_as_given_without_a_mark():
    response = csv_response("values", ["comment"], [["=1+1"]], for_spreadsheet=False)
    assert not response.content.startswith("\ufeff".encode())
    assert response.content.decode() == "comment\r\n=1+1\r\n"
