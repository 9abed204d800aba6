"""The petition list, with its filters, and its export as an Excel or CSV file.

The list and the export show the same columns: code, kind, subject, received on, competent unit,
stage and the next deadline with its state. Never the petitioner: a petitioner's identity is read on
the petition's own page only, by those the one rule lets read it (`selectors.petitions.identity_for`).
"""

import tempfile
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from resolute.core.csv_export import csv_response
from resolute.core.pagination import page_of
from resolute.core.replica import reads_from_replica
from resolute.core.xlsx import XLSX_CONTENT_TYPE, ExcelWorkbook

from ..filters import DeadlineState, PetitionFilter
from ..permissions import can_register_petitions
from .common import PAGE_SIZE, is_htmx

# The filters always in view; the others fold under "More filters" (on a phone, the list comes first).
MAIN_FILTERS = ("q", "kind", "deadline_state")
SORTABLE = ("next_deadline", "received_on")


def competent_unit_label(petition) -> str:
    """Who settles it: the competent unit, the body it was forwarded to, or nobody yet."""
    if petition.handling_unit_id is not None:
        return str(petition.handling_unit)
    if petition.forwarded_to:
        return _("Forwarded to %(body)s") % {"body": petition.forwarded_to}
    return _("Not yet sent to a competent unit")


def listed(petitions) -> list:
    """The petitions of a page with what the row shows beside their columns."""
    rows = list(petitions)
    for petition in rows:
        petition.deadline_state_label = DeadlineState.label(petition.deadline_state)
        petition.deadline_badge = DeadlineState.badges.get(petition.deadline_state, "badge--muted")
        petition.competent_unit_label = competent_unit_label(petition)
    return rows


def sortable_columns(current: str) -> dict[str, dict]:
    """For each sortable column: the sort a click on its header asks for and how it is sorted now."""
    columns = {}
    for key in SORTABLE:
        if current == key:
            columns[key] = {"next": f"-{key}", "aria_sort": "ascending"}
        elif current == f"-{key}":
            columns[key] = {"next": key, "aria_sort": "descending"}
        else:
            columns[key] = {"next": key, "aria_sort": ""}
    return columns


def filtered(request) -> PetitionFilter:
    filterset = PetitionFilter(request.GET, request=request)
    filterset.is_valid()
    return filterset


@login_required
def petition_list(request):
    """The petitions the user may read, filtered, the soonest deadline first."""
    filterset = filtered(request)
    page = page_of(request, filterset.qs.select_related("handling_unit"), PAGE_SIZE)
    page.object_list = listed(page.object_list)
    is_filtered = any(value for key, value in request.GET.items() if key not in ("page", "sort"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "petitions": page.object_list,
        "columns": sortable_columns(filterset.current_sort),
        "is_filtered": is_filtered,
        "main_filters": MAIN_FILTERS,
        "more_filters_used": any(
            request.GET.get(name) for name in filterset.form.fields if name not in MAIN_FILTERS
        ),
        "can_register": can_register_petitions(request.user),
        "today": filterset.on_day,
    }
    template = "petitions/list.html"
    return render(request, f"{template}#results" if is_htmx(request) else template, context)


# -- the export ----------------------------------------------------------------------------------------


@dataclass
class Column:
    header: str
    width: int
    value: object


def export_columns(request) -> list[Column]:
    return [
        Column(_("Code"), 14, lambda petition: petition.code),
        Column(_("Kind"), 16, lambda petition: capfirst(petition.get_kind_display())),
        Column(_("Subject"), 60, lambda petition: petition.subject),
        Column(_("Received on"), 14, lambda petition: petition.received_on),
        Column(_("Competent unit"), 40, competent_unit_label),
        Column(_("Stage"), 22, lambda petition: capfirst(petition.get_stage_display())),
        Column(_("Next deadline"), 14, lambda petition: petition.next_deadline),
        Column(_("Deadline"), 24, lambda petition: str(DeadlineState.label(petition.deadline_state))),
        Column(_("Page"), 40, lambda petition: request.build_absolute_uri(petition.get_absolute_url())),
    ]


def about_lines(request, filterset: PetitionFilter) -> list[list]:
    return [
        [_("Petitions"), _("Every petition you may read that the filters keep; never a petitioner.")],
        [_("Deadlines judged on"), filterset.on_day],
        *[[label, value] for label, value in filterset.applied()],
        [_("Exported on"), timezone.localtime().replace(tzinfo=None, microsecond=0)],
        [_("Exported by"), str(request.user)],
    ]


def xlsx_response(request, filterset: PetitionFilter, columns: list[Column], filename: str):
    workbook = ExcelWorkbook()
    sheet = workbook.sheet(_("Petitions"))
    sheet.widths(*[column.width for column in columns])
    sheet.append([column.header for column in columns], bold=True)
    count = 0
    for petition in filterset.qs.select_related("handling_unit").iterator(chunk_size=500):
        sheet.append([column.value(petition) for column in columns])
        count += 1
    about = workbook.sheet(_("About"))
    about.widths(30, 70)
    for line in about_lines(request, filterset):
        about.append(line)
    about.append([_("Rows"), count])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes (and deletes) it
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


def csv_rows(filterset: PetitionFilter, columns: list[Column]):
    for petition in filterset.qs.select_related("handling_unit").iterator(chunk_size=500):
        yield [column.value(petition) for column in columns]


@login_required
@reads_from_replica
def petition_export(request):
    """The filtered list, every page of it, as `?format=xlsx` (the default) or `?format=csv`."""
    filterset = filtered(request)
    columns = export_columns(request)
    filename = f"petitions-{filterset.on_day.isoformat()}"
    if request.GET.get("format") == "csv":
        return csv_response(filename, [column.header for column in columns], csv_rows(filterset, columns))
    return xlsx_response(request, filterset, columns, filename)
