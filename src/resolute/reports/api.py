"""The dashboard's and the scorecards' figures as JSON, mounted at /api/dashboard.

Each panel of the pages already writes its figures as tables for the pages' Excel workbook
(`DashboardPanel.sheets`), read for the same `DashboardView` as the panel itself; this API collects
those same tables into JSON instead of a workbook, so a figure the API answers is the figure the page
shows and the workbook holds. The unit, the day (`as_of`) and the document are read as the pages read
them: a unit the reader does not cover is a 404."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ConfigDict

from resolute.core import clock
from resolute.core.concurrency import entity_tag
from resolute.core.contributions import DashboardView
from resolute.core.pagination import CursorPagination
from resolute.core.schemas import Day, Id, InputSchema, Text
from resolute.directives.selectors import get_visible_document
from resolute.orgunits.schemas import UnitRef
from resolute.orgunits.selectors import get_visible_unit

from . import actions as report_actions
from .docx_report import render_docx
from .exports import ACTIVITY_ROWS, panel_sheets, write_activity
from .forms import NewReportForm
from .models import ImplementationReport, ReportFormat, ReportLanguage, default_format_for
from .pdf_report import FontNotFoundError, render_pdf
from .permissions import can_edit_reports_on
from .selectors import recent_activity
from .views.dashboard import dashboard_view, scorecard_view, visible_document, widest_unit
from .views.report import DOCX_TYPE, get_visible_report, report_data_of, report_file

router = Router(tags=["dashboard"])

Cell = str | int | float | bool | None


class TableOut(Schema):
    name: str = Field(description="The table's name, as the page's `?format=xlsx&table=` names its sheet.")
    title: str
    columns: list[str] = Field(description="The header row.")
    rows: list[list[Cell]] = Field(
        description="The rows under the header: texts, whole numbers, exact decimals as strings, days and "
        "times in ISO 8601, links as full addresses."
    )


class DashboardFiguresOut(Schema):
    unit: UnitRef
    as_of: date
    include_subtree: bool = Field(description="Whether the units below `unit` are counted.")
    document_id: int | None = None
    tables: list[TableOut] = Field(description="The panels' tables, in the page's order.")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "unit": {"id": 1, "name": "Quang Nam Province", "code": "49"},
                    "as_of": "2026-12-05",
                    "include_subtree": True,
                    "document_id": None,
                    "tables": [
                        {
                            "name": "tasks",
                            "title": "Tasks",
                            "columns": ["Status", "Part", "Tasks", "List"],
                            "rows": [["Overdue", "", 12, "https://resolute.example/tasks/?status=overdue"]],
                        }
                    ],
                }
            ]
        }
    )


class DashboardQuery(InputSchema):
    unit: Id | None = Field(None, description="Default: the widest unit you cover.")
    as_of: Day | None = Field(None, description="Default: today.")
    document: Id | None = Field(None, description="Count only the work of this document.")
    table: Text(100) | None = Field(None, description="Only this table.")


class ScorecardQuery(InputSchema):
    as_of: Day | None = Field(None, description="Default: today.")
    subtree: bool = Field(False, description="Count the units below too, not the unit alone.")
    table: Text(100) | None = Field(None, description="Only this table.")


def _cell(value) -> Cell:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class TableSheet:
    """Takes what a panel writes into a workbook's sheet (`core.xlsx.ExcelSheet`): its first bold row
    is the header, every other row a row."""

    def __init__(self, name: str, title: str):
        self.name, self.title = name, str(title)
        self.columns: list[str] | None = None
        self.rows: list[list[Cell]] = []

    def append(self, values, *, bold: bool = False, number_formats=None) -> None:
        if bold and self.columns is None and not self.rows:
            self.columns = [str(_cell(value) or "") for value in values]
        else:
            self.rows.append([_cell(value) for value in values])

    def widths(self, *widths) -> None:
        """Column widths mean nothing in JSON."""

    def as_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "columns": self.columns or [], "rows": self.rows}


def _tables(sheets: list, table: str | None) -> list[dict]:
    if table and table not in {name for name, _title, _write in sheets}:
        raise Http404(_("No such table."))
    written = []
    for name, title, write in sheets:
        if table and name != table:
            continue
        sheet = TableSheet(name, title)
        write(sheet)
        written.append(sheet.as_dict())
    return written


def _figures(view: DashboardView, tables: list[dict]) -> dict:
    unit = view.unit
    return {
        "unit": {"id": unit.pk, "name": str(unit), "code": unit.code},
        "as_of": view.as_of,
        "include_subtree": view.include_subtree,
        "document_id": view.document.pk if view.document is not None else None,
        "tables": tables,
    }


@router.get("", response=DashboardFiguresOut, summary="The dashboard's figures")
def dashboard_figures(request, query: Query[DashboardQuery]):
    """What the leadership dashboard shows for a unit and every unit below it on a day, counting
    only what you may see: each panel's table, then the recent activity."""
    if query.unit is not None:
        unit = get_visible_unit(request.user, query.unit, covered=True)
    else:
        unit = widest_unit(request.user)
        if unit is None:
            raise Http404(_("You have no unit yet. Ask an administrator to add you to your unit."))
    document = visible_document(request.user, query.document)
    view = dashboard_view(
        request.user, unit, query.as_of or clock.today(), document=document, request=request
    )

    def activity(sheet):
        write_activity(sheet, view, recent_activity(view.user, view.unit, ACTIVITY_ROWS, as_of=view.as_of))

    sheets = [*panel_sheets(view, "dashboard"), ("activity", _("Recent activity"), activity)]
    return _figures(view, _tables(sheets, query.table))


@router.get("/units/{unit_id}/scorecard", response=DashboardFiguresOut, summary="A unit's scorecard figures")
def scorecard_figures(request, unit_id: Id, query: Query[ScorecardQuery]):
    """What a unit's scorecard shows on a day: the unit alone, or with the units below (`subtree`)."""
    unit = get_visible_unit(request.user, unit_id, covered=True)
    view = scorecard_view(
        request.user, unit, query.as_of or clock.today(), include_subtree=query.subtree, request=request
    )
    return _figures(view, _tables(panel_sheets(view, "scorecard", "scorecard.rates"), query.table))


# -- implementation reports (/api/v1/reports) ------------------------------------------------------
#
# What the pages under /implementation/ do, with their selectors, permissions, forms and actions:
# whoever may read the document reads its reports and downloads them (else 404); only the office that
# keeps the document drafts one or drafts its text again (403). The figures are read again from the
# data on every detail and download, as the reader may see them, as of the report's day.

report_router = Router(tags=["implementation reports"])


class ImplementationReportOut(Schema):
    id: int
    document_id: int
    version: int
    period_start: date
    period_end: date
    period_label: str = Field(description="The period as the report names it: a year, or a date range.")
    as_of: date = Field(description="Every figure is taken as it stood on this day.")
    language: ReportLanguage
    format: ReportFormat
    number: str
    signer: str
    place: str
    created_at: datetime
    created_by: str | None = Field(description="Who drafted it.")

    @staticmethod
    def resolve_period_label(report) -> str:
        return str(report.period_label)

    @staticmethod
    def resolve_created_by(report) -> str | None:
        return str(report.created_by) if report.created_by_id else None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "document_id": 12,
                    "version": 1,
                    "period_start": "2026-01-01",
                    "period_end": "2026-12-31",
                    "period_label": "2026",
                    "as_of": "2026-11-25",
                    "language": "vi",
                    "format": "party",
                    "number": "125-BC/TU",
                    "signer": "Nguyễn Văn Minh",
                    "place": "Quảng Nam",
                    "created_at": "2026-11-25T09:00:00+07:00",
                    "created_by": "Văn phòng Tỉnh ủy",
                }
            ]
        }
    )


class ReportDetail(ImplementationReportOut):
    leadership_and_direction: str = Field(description="I. Leadership and direction, as drafted or edited.")
    results: str = Field(description="II. Results.")
    shortcomings: str = Field(description="III. Shortcomings and limitations.")
    may_edit: bool = Field(description="Whether you may draft its text again.")
    docx_url: str
    pdf_url: str


class ImplementationReportCreate(InputSchema):
    """A year, or the first and last day of the period (as on the page); the figures as of `as_of`
    (default: the end of the period, or today)."""

    year: int | None = Field(None, ge=2000, le=2100, description="The calendar year the report covers.")
    period_start: Day | None = None
    period_end: Day | None = None
    as_of: Day | None = None
    language: ReportLanguage = ReportLanguage.VIETNAMESE
    format: ReportFormat | None = Field(
        None, description="Default: the Party format for a Party committee's document, else the State's."
    )
    number: Text(64) = ""
    signer: Text(200) | None = Field(None, description="Default: the document's signer.")
    place: Text(100) = ""
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"year": 2026, "as_of": "2026-11-25", "language": "vi", "number": "125-BC/TU"}]
        }
    )


class RedraftIn(InputSchema):
    version: int | None = Field(None, description="The version you read; a newer one on the server is a 409.")


def _report_detail(request, report: ImplementationReport, response: HttpResponse | None = None):
    if response is not None:
        response["ETag"] = entity_tag(report.version)
    report.may_edit = can_edit_reports_on(request.user, report.document)
    report.docx_url = request.build_absolute_uri(reverse("reports:report_docx", args=[report.pk]))
    report.pdf_url = request.build_absolute_uri(reverse("reports:report_pdf", args=[report.pk]))
    return report


@report_router.get(
    "/documents/{int:document_id}",
    response=list[ImplementationReportOut],
    summary="The implementation reports on a document, the latest first",
)
@paginate(CursorPagination, page_size=25, max_page_size=100)
def list_reports(request, document_id: Id):
    document = get_visible_document(request.user, document_id)
    return (
        ImplementationReport.objects.visible_to(request.user)
        .filter(document=document)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


@report_router.post(
    "/documents/{int:document_id}",
    response={201: ReportDetail},
    summary="Draft an implementation report on a document from the data",
)
def create_report(request, document_id: Id, payload: ImplementationReportCreate, response: HttpResponse):
    document = get_visible_document(request.user, document_id)
    if not can_edit_reports_on(request.user, document):
        raise PermissionDenied(_("Only the office that keeps this document may write reports on it."))
    values = payload.dict()
    if values["format"] is None:
        values["format"] = default_format_for(document)
    if values["signer"] is None:
        values["signer"] = document.signer
    form = NewReportForm(
        data={
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in values.items()
            if value is not None
        },
        document=document,
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    report = report_actions.create_report(acting_user=request.user, document=document, **form.action_fields())
    response["Location"] = report.get_absolute_url()
    return Status(201, _report_detail(request, get_visible_report(request.user, report.pk), response))


@report_router.get("/{int:report_id}", response=ReportDetail, summary="An implementation report and its text")
def read_report(request, report_id: Id, response: HttpResponse):
    return _report_detail(request, get_visible_report(request.user, report_id), response)


@report_router.post(
    "/{int:report_id}/redraft",
    response=ReportDetail,
    summary="Draft the report's text again from the data, replacing the edited text",
)
def redraft_report(request, report_id: Id, response: HttpResponse, payload: RedraftIn):
    report = get_visible_report(request.user, report_id)
    if not can_edit_reports_on(request.user, report.document):
        raise PermissionDenied(_("Only the office that keeps this document may edit its reports."))
    report_actions.redraft_report(acting_user=request.user, report=report, expected_version=payload.version)
    return _report_detail(request, get_visible_report(request.user, report_id), response)


@report_router.get(
    "/{int:report_id}/report.docx",
    response={200: None},
    summary="Download the report as a Word document (DOCX)",
    openapi_extra={"responses": {200: {"description": "The report", "content": {DOCX_TYPE: {}}}}},
)
def download_report_docx(request, report_id: Id):
    report = get_visible_report(request.user, report_id)
    return report_file(render_docx(report, report_data_of(report, request.user)), DOCX_TYPE, report, "docx")


@report_router.get(
    "/{int:report_id}/report.pdf",
    response={200: None},
    summary="Download the report as a PDF",
    openapi_extra={
        "responses": {
            200: {"description": "The report", "content": {"application/pdf": {}}},
            503: {"description": "This server lacks a font that writes Vietnamese; the DOCX works."},
        }
    },
)
def download_report_pdf(request, report_id: Id):
    report = get_visible_report(request.user, report_id)
    try:
        content = render_pdf(report, report_data_of(report, request.user))
    except FontNotFoundError as error:
        raise HttpError(
            503,
            _(
                "The PDF cannot be made on this server: it lacks a font that writes Vietnamese. "
                "Ask the operator to install fonts-liberation2 or fonts-dejavu-core. The DOCX works."
            ),
        ) from error
    return report_file(content, "application/pdf", report, "pdf")
