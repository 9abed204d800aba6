"""The dashboard's and the scorecards' tables as Excel workbooks: one sheet a table (or the one table
asked for), a bold header row, numbers as numbers and dates as dates, and an About sheet saying
what was counted, as of when, for whom.

Each panel of the page writes its own sheets (`DashboardPanel.sheets`) from the figures it shows,
read for the same `DashboardView`, so a figure in the file is the figure on the page. Lists the page
cuts short (the units with the most overdue tasks, the late reporters) are written whole. The recent
activity, the page's own, is the dashboard's last sheet.
"""

import tempfile
from datetime import datetime

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.contributions import DashboardPanel, DashboardView, contributed
from resolute.core.xlsx import XLSX_CONTENT_TYPE, ExcelSheet, ExcelWorkbook

from .selectors import Activity, recent_activity

# The recent activity's rows in the workbook, as many as the page shows.
ACTIVITY_ROWS = 10


def _local(moment: datetime) -> datetime:
    # Excel has no time zones: write the time as the reader's clock shows it.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def write_activity(sheet: ExcelSheet, view: DashboardView, rows: list[Activity]) -> None:
    sheet.widths(18, 24, 12, 20, 60, 50)
    sheet.append([_("When"), _("By"), _("Action"), _("Kind of record"), _("Record"), _("Page")], bold=True)
    for row in rows:
        sheet.append(
            [
                _local(row.at),
                str(row.actor or ""),
                str(row.action),
                row.kind,
                row.record,
                view.absolute(row.url),
            ]
        )


def panel_sheets(view: DashboardView, *pages: str) -> list:
    """The sheets of the panels contributed to `pages`, in the panels' order: [(name, title, write)]."""
    panels = [panel for panel in contributed(DashboardPanel) if panel.page in pages and panel.sheets]
    return [sheet for panel in panels for sheet in panel.sheets(view)]


def _about(workbook: ExcelWorkbook, request, lines: list) -> None:
    about = workbook.sheet(_("About"))
    about.widths(34, 60)
    for line in lines:
        about.append(line)
    about.append([_("Exported on"), _local(timezone.now())])
    about.append([_("Exported by"), str(request.user)])


def _respond(request, sheets: list, table: str | None, about: list, filename: str) -> FileResponse:
    """A workbook with every sheet of `sheets` ([(name, title, write)]), or only the one named `table`."""
    if table and table not in {name for name, _title, _write in sheets}:
        raise Http404(_("No such table."))
    workbook = ExcelWorkbook()
    for name, title, write in sheets:
        if table and name != table:
            continue
        write(workbook.sheet(title))
    _about(workbook, request, about)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes (and deletes) it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def dashboard_workbook_response(request, view: DashboardView, *, table: str | None = None) -> FileResponse:
    def activity(sheet):
        rows = recent_activity(view.user, view.unit, ACTIVITY_ROWS, as_of=view.as_of)
        write_activity(sheet, view, rows)

    sheets = [*panel_sheets(view, "dashboard"), ("activity", _("Recent activity"), activity)]
    about = [
        [_("Dashboard of"), str(view.unit)],
        [_("Units counted"), _("the unit and every unit below it")],
        [_("As of"), view.as_of],
    ]
    if view.document is not None:
        about.append([_("Document"), str(view.document)])
    filename = f"dashboard-{view.unit.pk}-{view.as_of.isoformat()}.xlsx"
    return _respond(request, sheets, table, about, filename)


def scorecard_workbook_response(request, view: DashboardView, *, table: str | None = None) -> FileResponse:
    # The rates drawn inside the scorecard's first panel ("scorecard.rates") write their sheets in
    # the panels' order too: the tasks, the reporting timeliness, the targets, the trend.
    sheets = panel_sheets(view, "scorecard", "scorecard.rates")
    about = [
        [_("Scorecard of"), str(view.unit)],
        [
            _("Units counted"),
            _("the unit and every unit below it") if view.include_subtree else _("the unit alone"),
        ],
        [_("As of"), view.as_of],
    ]
    suffix = "-with-units-below" if view.include_subtree else ""
    filename = f"scorecard-{view.unit.pk}{suffix}-{view.as_of.isoformat()}.xlsx"
    return _respond(request, sheets, table, about, filename)
