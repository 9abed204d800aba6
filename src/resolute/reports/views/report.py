"""Implementation report pages: a document's reports, starting one, the preview where the office edits
the drafted text, and the DOCX and PDF downloads.

Whoever can read the document reads its reports and downloads them; only the office that keeps the
document starts or edits one. The figures are read again from the data on every view and download,
as the viewing user may see them, as of the report's day.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.exceptions import StaleObjectError
from resolute.core.forms import saved_meanwhile_message
from resolute.core.replica import reads_from_replica
from resolute.directives.selectors import get_visible_document

from .. import actions
from ..docx_report import render_docx
from ..forms import NewReportForm, ReportTextForm
from ..models import ImplementationReport
from ..pdf_report import FontNotFoundError, render_pdf
from ..permissions import can_edit_reports_on
from ..report_data import build_report_data

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_visible_report(user, pk) -> ImplementationReport:
    """The report, or 404 when it does not exist or its document is not one the user may read."""
    report = (
        ImplementationReport.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("document__owner__parent", "document__issuer", "created_by")
        .first()
        if str(pk).isdigit()
        else None
    )
    if report is None:
        raise Http404(_("No such report."))
    return report


def report_data_of(report: ImplementationReport, user):
    return build_report_data(
        user,
        report.document,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=report.as_of,
        language=report.language,
    )


def section_previews(request, data) -> list[str]:
    """What the report's page shows of each contributed section: the figures, then the appendices."""
    parts = [section.blocks.preview for section in data.sections]
    parts += [section.blocks.preview_appendix for section in data.sections]
    return [render_to_string(template, context, request) for template, context in filter(None, parts)]


@login_required
@reads_from_replica
def report_list(request, document_pk):
    document = get_visible_document(request.user, document_pk)
    reports = (
        ImplementationReport.objects.visible_to(request.user)
        .filter(document=document)
        .select_related("created_by")
    )
    return render(
        request,
        "reports/report_list.html",
        {"document": document, "reports": reports, "can_edit": can_edit_reports_on(request.user, document)},
    )


@login_required
def report_new(request, document_pk):
    document = get_visible_document(request.user, document_pk)
    if not can_edit_reports_on(request.user, document):
        raise PermissionDenied(_("Only the office that keeps this document may write reports on it."))
    form = NewReportForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        report = actions.create_report(acting_user=request.user, document=document, **form.action_fields())
        messages.success(
            request, _("The report was drafted from the data. Read it, edit the text, then download it.")
        )
        return redirect(report)
    return render(request, "reports/report_form.html", {"document": document, "form": form})


@login_required
@reads_from_replica
def report_detail(request, pk):
    report = get_visible_report(request.user, pk)
    can_edit = can_edit_reports_on(request.user, report.document)
    form = ReportTextForm(request.POST or None, instance=report) if can_edit else None
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only the office that keeps this document may edit its reports."))
        if form.is_valid():
            try:
                actions.update_report(
                    acting_user=request.user,
                    report=report,
                    expected_version=form.cleaned_data.get("version"),
                    **form.action_fields(),
                )
            except StaleObjectError as stale:
                form.add_error(None, saved_meanwhile_message(stale))
                status = 409
            else:
                messages.success(request, _("The report was saved."))
                return redirect(report)
        else:
            status = 400
    data = report_data_of(report, request.user)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "data": data,
            "previews": section_previews(request, data),
            "form": form,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_POST
def report_redraft(request, pk):
    report = get_visible_report(request.user, pk)
    if not can_edit_reports_on(request.user, report.document):
        raise PermissionDenied(_("Only the office that keeps this document may edit its reports."))
    version = request.POST.get("version")
    try:
        actions.redraft_report(
            acting_user=request.user, report=report, expected_version=int(version) if version else None
        )
    except StaleObjectError as stale:
        messages.error(request, saved_meanwhile_message(stale))
    else:
        messages.success(request, _("The text was drafted again from the data."))
    return redirect(report)


def _file_name(report: ImplementationReport, extension: str) -> str:
    base = slugify(f"{report.document.number or report.document.title[:40]} {report.period_label}")
    return f"report-{base or report.pk}.{extension}"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_file(
    content: bytes, content_type: str, report: ImplementationReport, extension: str
) -> HttpResponse:
    """The report's file as a download, named after its document and period (the pages and the API)."""
    return _download(content, content_type, _file_name(report, extension))


@login_required
@reads_from_replica
def report_docx(request, pk):
    report = get_visible_report(request.user, pk)
    content = render_docx(report, report_data_of(report, request.user))
    return _download(content, DOCX_TYPE, _file_name(report, "docx"))


@login_required
@reads_from_replica
def report_pdf(request, pk):
    report = get_visible_report(request.user, pk)
    try:
        content = render_pdf(report, report_data_of(report, request.user))
    except FontNotFoundError:
        messages.error(
            request,
            _(
                "The PDF cannot be made on this server: it lacks a font that writes Vietnamese. "
                "Ask the operator to install fonts-liberation2 or fonts-dejavu-core. The DOCX works."
            ),
        )
        return redirect(report)
    return _download(content, "application/pdf", _file_name(report, "pdf"))
