"""The statistics page and the periodic report to the inspectorate (Circular 02/2021/TT-TTCP).

The page reads a unit the user covers and a period of the Circular (a quarter, six or nine months, or
the year, each cut off on the 14th; see `inspectorate`), counts the petitions of that period the user
may read (with those brought forward into it), and shows the report's three tables with the change
in received petitions on the same period a year earlier and its formula. While the period runs, the
figures stop at today. The same tables are the report's workbook and Word document
(`petitions:inspectorate_report?format=xlsx|docx`), in Vietnamese, as the report is filed.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.replica import reads_from_replica
from resolute.core.xlsx import XLSX_CONTENT_TYPE

from ..dashboard import FigureLinks
from ..inspectorate import (
    ReportPeriodForm,
    inspectorate_document,
    inspectorate_figures,
    inspectorate_tables,
    inspectorate_workbook,
    report_title,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {
    "xlsx": (XLSX_CONTENT_TYPE, inspectorate_workbook),
    "docx": (DOCX_CONTENT_TYPE, inspectorate_document),
}


def _read(request):
    """The form, and the unit, window and figures it asks for (None when the form is not valid)."""
    today = clock.today()
    form = ReportPeriodForm(request.GET, user=request.user, today=today)
    if not form.is_valid():
        return form, None
    unit, window = form.cleaned_data["unit"], form.window()
    return form, (unit, window, inspectorate_figures(request.user, unit, window, today))


def _query(form) -> dict:
    values = form.cleaned_data
    query = {"unit": values["unit"].pk, "period": values["period"], "year": values["year"]}
    if values["period"] == "quarter":
        query["quarter"] = values.get("quarter") or 1
    return query


@login_required
@reads_from_replica
def statistics_page(request):
    form, read = _read(request)
    context = {"form": form}
    if read is not None:
        unit, window, figures = read
        query = _query(form)
        report_url = reverse("petitions:inspectorate_report")
        context.update(
            unit=unit,
            window=window,
            figures=figures,
            title=report_title(unit, window, figures),
            tables=[
                {"table": table, "rows": [(row, table.values(row)) for row in table.rows]}
                for table in inspectorate_tables(figures)
            ],
            change_formula=figures.change_formula(),
            list_url=FigureLinks.of(figures).url(),
            xlsx_url=f"{report_url}?{urlencode({**query, 'format': 'xlsx'})}",
            docx_url=f"{report_url}?{urlencode({**query, 'format': 'docx'})}",
        )
    return render(request, "petitions/statistics.html", context)


@login_required
@reads_from_replica
def inspectorate_report(request):
    """The report's tables as a workbook (`format=xlsx`) or a Word document (`format=docx`)."""
    kind = request.GET.get("format", "")
    if kind not in FORMATS:
        raise Http404(_("Ask for the report as xlsx or docx."))
    form, read = _read(request)
    if read is None:
        raise Http404(_("No such unit or period."))
    unit, window, figures = read
    content_type, write = FORMATS[kind]
    response = HttpResponse(write(unit, window, figures), content_type=content_type)
    name = slugify(f"bao-cao-kntc-{unit.code or unit.pk}-{window.start:%Y%m%d}-{figures.end:%Y%m%d}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
