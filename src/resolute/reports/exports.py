"""The dashboard's and the scorecards' tables as Excel workbooks: one sheet a table (or the one table
asked for), a bold header row, numbers as numbers and dates as dates, and an About sheet saying
what was counted, as of when, for whom.

The workbooks are written from the same context the pages render (`dashboard_context`,
`scorecard_context`), so a figure in the file is the figure on the page. Lists the page cuts short
(the units with the most overdue tasks, the late reporters) are written whole.
"""

import tempfile
from datetime import datetime

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.excel import XLSX_CONTENT_TYPE, ExcelSheet
from resolute.targets.status import TargetStatus
from resolute.tasks.status import TaskStatus

from . import figures


def _local(moment: datetime) -> datetime:
    # Excel has no time zones: write the time as the reader's clock shows it.
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _status_label(status: str) -> str:
    return str(dict(TargetStatus.choices).get(status, status))


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


# -- the sheets, each (name of the table, title of the sheet, writer) ------------------------------


def write_targets(sheet: ExcelSheet, request, rows) -> None:
    """`rows` hold (target, unit, share or None, evaluation)."""
    sheet.widths(40, 24, 45, 30, 8, 12, 14, 14, 14, 14, 14, 14, 18, 70, 40)
    sheet.append(
        [
            _("Document"),
            _("Area"),
            _("Indicator"),
            _("Unit"),
            _("Year"),
            _("Deadline"),
            _("Comparator"),
            _("Target value"),
            _("Upper value"),
            _("Share of the unit"),
            _("Actual"),
            _("Planned by now"),
            _("Status"),
            _("Why"),
            _("Page"),
        ],
        bold=True,
    )
    for target, unit, share, evaluation in rows:
        sheet.append(
            [
                str(target.document),
                target.area,
                target.indicator.name,
                str(unit),
                target.year,
                target.deadline,
                str(target.get_comparator_display()),
                target.value,
                target.value_max,
                share,
                evaluation.actual,
                evaluation.planned,
                _status_label(evaluation.status),
                evaluation.sentence,
                _absolute(request, target.get_absolute_url()),
            ]
        )


def _percent_row(sheet: ExcelSheet, label: str, formula: str, rate: float | None) -> None:
    """A row whose rate is a fraction shown as a percentage (empty when there is no rate)."""
    rate_cell = sheet.cell(rate)
    rate_cell.number_format = "0.0%"
    sheet.sheet.append([sheet.cell(label), sheet.cell(formula), rate_cell])


def write_task_counts(sheet: ExcelSheet, request, task_groups, tasks: figures.TaskFigures) -> None:
    sheet.widths(40, 34, 12, 60)
    sheet.append([_("Status"), _("Part"), _("Tasks"), _("List")], bold=True)
    for group in task_groups:
        sheet.append([str(group["label"]), "", group["count"], _absolute(request, group.get("url", ""))])
        for part in group["parts"]:
            sheet.append([str(group["label"]), part.label, part.count, _absolute(request, part.url)])
    sheet.append([_("All tasks, cancelled ones left out"), "", tasks.total, ""])
    sheet.append(
        [str(TaskStatus.CANCELLED.label).capitalize(), "", tasks.by_status[TaskStatus.CANCELLED], ""]
    )
    rates = tasks.rates
    _percent_row(sheet, _("Completion rate"), rates.completion_rate_formula, rates.completion_rate)
    _percent_row(sheet, _("On-time rate"), rates.on_time_rate_formula, rates.on_time_rate)


def write_unit_counts(sheet: ExcelSheet, request, rows: list[figures.UnitCount]) -> None:
    sheet.widths(40, 14, 60)
    sheet.append([_("Lead unit"), _("Overdue tasks"), _("List")], bold=True)
    for row in rows:
        sheet.append([str(row.unit), row.count, _absolute(request, row.url)])


def write_late_reporters(sheet: ExcelSheet, request, rows: list[figures.LateReporter]) -> None:
    sheet.widths(40, 10, 12, 14, 70)
    sheet.append([_("Unit"), _("Period"), _("Due by"), _("Figures missing"), _("Indicators")], bold=True)
    for row in rows:
        names = "; ".join(indicator.name for indicator in row.missing)
        sheet.append([str(row.unit), row.period.code, row.deadline, row.count, names])


def write_obstacles(sheet: ExcelSheet, request, rows: list[figures.CategoryCount]) -> None:
    sheet.widths(40, 18, 60)
    sheet.append([_("Obstacle"), _("Open tasks blocked"), _("List")], bold=True)
    for row in rows:
        sheet.append([row.label, row.count, _absolute(request, row.url)])


def write_activity(sheet: ExcelSheet, request, rows: list[figures.Activity]) -> None:
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
                _absolute(request, row.url),
            ]
        )


def write_trend(sheet: ExcelSheet, request, rows: list[figures.MonthFigures]) -> None:
    sheet.widths(14, 12, 12)
    sheet.append([_("As of"), _("Completed"), _("Overdue")], bold=True)
    for row in rows:
        sheet.append([row.month_end, row.completed, row.overdue])


def write_timeliness(sheet: ExcelSheet, request, timeliness: figures.Timeliness, sentence: str) -> None:
    sheet.widths(30, 14)
    sheet.append([_("Figures"), _("Number")], bold=True)
    sheet.append([_("Owed"), timeliness.owed])
    sheet.append([_("Entered by the deadline"), timeliness.on_time])
    sheet.append([_("Entered late"), timeliness.late])
    sheet.append([_("Missing"), timeliness.missing])
    rate = sheet.cell(timeliness.rate)
    rate.number_format = "0.0%"
    sheet.sheet.append([sheet.cell(_("Timeliness")), rate])
    sheet.append([])
    sheet.append([sentence])


def _about(workbook, request, lines: list) -> None:
    about = ExcelSheet(workbook, _("About"))
    about.widths(34, 60)
    for line in lines:
        about.append(line)
    about.append([_("Exported on"), _local(timezone.now())])
    about.append([_("Exported by"), str(request.user)])


def _respond(request, tables: dict, table: str | None, about: list, filename: str) -> FileResponse:
    """A workbook with every table of `tables` ({name: (sheet title, writer)}), or only `table`."""
    import openpyxl

    if table and table not in tables:
        raise Http404(_("No such table."))
    workbook = openpyxl.Workbook(write_only=True)
    for name, (title, write) in tables.items():
        if table and name != table:
            continue
        write(ExcelSheet(workbook, str(title)))
    _about(workbook, request, about)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes (and deletes) it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def dashboard_workbook_response(request, context: dict, *, table: str | None = None) -> FileResponse:
    unit, as_of = context["unit"], context["as_of"]
    tasks = context["task_queryset"]
    links = context["links"]
    target_rows = [(row.target, row.target.unit, None, row.evaluation) for row in context["targets"].rows]
    tables = {
        "targets": (_("Targets"), lambda sheet: write_targets(sheet, request, target_rows)),
        "tasks": (
            _("Tasks"),
            lambda sheet: write_task_counts(sheet, request, context["task_groups"], context["tasks"]),
        ),
        "overdue_units": (
            _("Overdue by unit"),
            lambda sheet: write_unit_counts(
                sheet, request, figures.overdue_by_lead_unit(tasks, as_of, filters=links)
            ),
        ),
        "late_reporters": (
            _("Reports missing"),
            lambda sheet: write_late_reporters(sheet, request, context["late_all"]),
        ),
        "obstacles": (_("Obstacles"), lambda sheet: write_obstacles(sheet, request, context["obstacles"])),
        "activity": (_("Recent activity"), lambda sheet: write_activity(sheet, request, context["activity"])),
    }
    about = [
        [_("Dashboard of"), str(unit)],
        [_("Units counted"), _("the unit and every unit below it")],
        [_("As of"), as_of],
    ]
    if context.get("document") is not None:
        about.append([_("Document"), str(context["document"])])
    filename = f"dashboard-{unit.pk}-{as_of.isoformat()}.xlsx"
    return _respond(request, tables, table, about, filename)


def scorecard_workbook_response(request, context: dict, *, table: str | None = None) -> FileResponse:
    unit, as_of = context["unit"], context["as_of"]
    contribution_rows = [
        (row.target, row.unit, row.share, row.evaluation) for row in context["contributions"]
    ]
    tables = {
        "tasks": (
            _("Tasks"),
            lambda sheet: write_task_counts(sheet, request, context["task_groups"], context["tasks"]),
        ),
        "timeliness": (
            _("Reporting timeliness"),
            lambda sheet: write_timeliness(
                sheet, request, context["timeliness"], context["timeliness_sentence"]
            ),
        ),
        "targets": (_("Targets"), lambda sheet: write_targets(sheet, request, contribution_rows)),
        "trend": (_("Month by month"), lambda sheet: write_trend(sheet, request, context["trend"])),
    }
    about = [
        [_("Scorecard of"), str(unit)],
        [
            _("Units counted"),
            _("the unit and every unit below it") if context["include_subtree"] else _("the unit alone"),
        ],
        [_("As of"), as_of],
    ]
    suffix = "-with-units-below" if context["include_subtree"] else ""
    filename = f"scorecard-{unit.pk}{suffix}-{as_of.isoformat()}.xlsx"
    return _respond(request, tables, table, about, filename)
