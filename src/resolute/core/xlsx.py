"""Every Excel workbook the platform writes or reads goes through here: the task list, the dashboard
and its panels, the scorecards, the values template, and the values import.

Writing
    `ExcelWorkbook` makes a write-only workbook; `ExcelSheet.append` is the only way to put a row in
    it. Dates are real Excel dates in the reader's format, the header row is bold, numbers stay
    numbers, and every text is written as text, never as a formula: a title typed as
    `=HYPERLINK("http://…","click")` is shown as typed and never evaluated.

    Excel (and LibreOffice) treat a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
    return as a formula once someone edits it or the text passes through a CSV file (OWASP's "CSV
    injection"). Such a text is written as a text cell with Excel's "quote prefix" — what Excel
    stores when someone types `'=1+1` — so the cell shows the text, is never evaluated, and reads
    back as the very text it holds (the values template is filled in and imported again). Numbers,
    negative ones too, are never touched. The control characters no Excel file can hold (U+0000 to
    U+001F except tab, line feed and carriage return) are left out rather than failing the export.

Reading
    `open_for_reading` opens an uploaded workbook read-only with the values Excel last computed, never
    the formulas, so a formula typed in a file is read as its result, as the user saw it.

`core/tests/test_house_rules.py` checks that no other module imports openpyxl.
"""

import re
import zipfile
from datetime import date, datetime

from django.utils.functional import Promise
from django.utils.translation import get_language

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.0%"

# What spreadsheet programs read as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The control characters an XLSX file cannot hold (openpyxl refuses them).
UNWRITABLE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_date_format() -> str:
    return "dd/mm/yyyy" if (get_language() or "").startswith("vi") else "yyyy-mm-dd"


def column_letter(index: int) -> str:
    """The letter of the 1-based column `index`, as Excel names it (1 -> A, 27 -> AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program would read `text` as the start of a formula."""
    return text.startswith(FORMULA_STARTS)


class ExcelSheet:
    """A write-only sheet: dates as real Excel dates, the header in bold, every text as text.
    Made by `ExcelWorkbook.sheet`."""

    def __init__(self, workbook, title: str):
        from openpyxl.styles import Font

        self._sheet = workbook.create_sheet(title=title[:31])
        self._bold = Font(bold=True)
        self._date_format = excel_date_format()

    def _cell(self, value, *, bold=False, number_format=None):
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            value = UNWRITABLE_CHARACTERS.sub("", value)
        cell = WriteOnlyCell(self._sheet, value=value)
        if isinstance(value, str):
            # openpyxl makes any text starting with "=" a formula: it is text, always.
            cell.data_type = "s"
            if is_formula_like(value):
                cell.quotePrefix = True
        elif isinstance(value, datetime):
            cell.number_format = f"{self._date_format} hh:mm"
        elif isinstance(value, date):
            cell.number_format = self._date_format
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = self._bold
        return cell

    def append(self, values, *, bold=False, number_formats: dict[int, str] | None = None):
        """A row of `values` (text, numbers, dates, None); `number_formats` maps a 0-based column of
        the row to an Excel number format, e.g. `{2: PERCENT}`."""
        number_formats = number_formats or {}
        self._sheet.append(
            [
                self._cell(value, bold=bold, number_format=number_formats.get(index))
                for index, value in enumerate(values)
            ]
        )

    def widths(self, *widths):
        for index, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[column_letter(index)].width = width


class ExcelWorkbook:
    """A write-only workbook (rows go to a temporary file as they are appended, so memory stays flat)
    whose sheets are `ExcelSheet`s."""

    def __init__(self):
        import openpyxl

        self._workbook = openpyxl.Workbook(write_only=True)

    def sheet(self, title: str) -> ExcelSheet:
        return ExcelSheet(self._workbook, str(title))

    def save(self, handle) -> None:
        """Write the workbook into `handle` (a path or a binary file); a write-only workbook saves once."""
        self._workbook.save(handle)

    def to_bytes(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def _not_a_workbook_errors() -> tuple[type[Exception], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    return (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, SyntaxError)


# What openpyxl raises on a file that is no workbook, or a damaged one.
NOT_A_WORKBOOK = _not_a_workbook_errors()


def open_for_reading(file):
    """An uploaded workbook, read-only, with the values Excel last computed instead of formulas."""
    from openpyxl import load_workbook

    return load_workbook(file, read_only=True, data_only=True)
