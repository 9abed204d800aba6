"""Writing Excel workbooks the same way everywhere: dates as real Excel dates in the reader's
format, a bold header row, column widths. Used by every export (the task list, the dashboard and
its panels, the scorecards)."""

from datetime import date, datetime

from django.utils.translation import get_language

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_date_format() -> str:
    return "dd/mm/yyyy" if (get_language() or "").startswith("vi") else "yyyy-mm-dd"


class ExcelSheet:
    """A write-only sheet that writes dates as real Excel dates and the header in bold."""

    def __init__(self, workbook, title: str):
        from openpyxl.styles import Font

        self.sheet = workbook.create_sheet(title=title[:31])
        self.bold = Font(bold=True)
        self.date_format = excel_date_format()

    def cell(self, value, *, bold=False):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = f"{self.date_format} hh:mm"
        elif isinstance(value, date):
            cell.number_format = self.date_format
        if bold:
            cell.font = self.bold
        return cell

    def append(self, values, *, bold=False):
        self.sheet.append([self.cell(value, bold=bold) for value in values])

    def widths(self, *widths):
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
