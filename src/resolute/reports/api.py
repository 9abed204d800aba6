"""The dashboard's and the scorecards' figures as JSON, mounted at /api/dashboard.

Each panel of the pages already writes its figures as tables for the pages' Excel workbook
(`DashboardPanel.sheets`), read for the same `DashboardView` as the panel itself; this API collects
those same tables into JSON instead of a workbook, so a figure the API answers is the figure the page
shows and the workbook holds. The unit, the day (`as_of`) and the document are read as the pages read
them: a unit the reader does not cover is a 404."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from resolute.core import clock
from resolute.core.contributions import DashboardView
from resolute.core.schemas import Day, Id, InputSchema, Text
from resolute.orgunits.schemas import UnitRef
from resolute.orgunits.selectors import get_visible_unit

from .exports import ACTIVITY_ROWS, panel_sheets, write_activity
from .selectors import recent_activity
from .views.dashboard import dashboard_view, scorecard_view, visible_document, widest_unit

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


class FiguresOut(Schema):
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


@router.get("", response=FiguresOut, summary="The dashboard's figures")
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


@router.get("/units/{unit_id}/scorecard", response=FiguresOut, summary="A unit's scorecard figures")
def scorecard_figures(request, unit_id: Id, query: Query[ScorecardQuery]):
    """What a unit's scorecard shows on a day: the unit alone, or with the units below (`subtree`)."""
    unit = get_visible_unit(request.user, unit_id, covered=True)
    view = scorecard_view(
        request.user, unit, query.as_of or clock.today(), include_subtree=query.subtree, request=request
    )
    return _figures(view, _tables(panel_sheets(view, "scorecard", "scorecard.rates"), query.table))
