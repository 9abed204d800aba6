"""The API of web's own pages: the working-day calendar (`/api/calendar`) and the change log
(`/api/changes`). Each answers as its page does, from the same permissions and actions: everyone
reads the calendar and the province's office changes it; offices and administrators read the
change log of what they may see."""

from datetime import date, datetime
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from resolute.core import clock
from resolute.core.actions import create_calendar_adjustment, delete_calendar_adjustment
from resolute.core.forms import form_errors
from resolute.core.models import CalendarAdjustment, ChangeLogEntry
from resolute.core.pagination import CursorPagination
from resolute.core.schemas import Day, Id, InputSchema, Text

from .forms import FIRST_YEAR, LAST_YEAR, CalendarAdjustmentForm, ChangeLogFilterForm
from .permissions import change_log_entries_for, may_edit_calendar, may_read_change_log
from .views.calendar import calendar_of

# -- the working-day calendar -----------------------------------------------------------------------

calendar_router = Router(tags=["calendar"])

# Literals rather than the models' choices: the OpenAPI names an enum by its class, and other apps have a
# `Kind` and an `Action` of their own.
AdjustmentKind = Literal["day_off", "working_day"]
ChangeAction = Literal["create", "update", "delete"]


class HolidayOut(Schema):
    day: date
    name: str
    by_law: bool = Field(description="A statutory holiday; otherwise a day off the office added.")


class MonthOut(Schema):
    month: int = Field(ge=1, le=12)
    working_days: int


class AdjustmentOut(Schema):
    id: int
    day: date
    kind: str = Field(description="'day_off' or 'working_day': what the day becomes, whatever the law says.")
    kind_label: str
    reason: str


class CalendarOut(Schema):
    year: int
    holidays: list[HolidayOut] = Field(description="The days off other than weekends, by day.")
    months: list[MonthOut] = Field(description="The working days of each month, January first.")
    adjustments: list[AdjustmentOut]
    may_edit: bool = Field(description="Whether you may add and delete adjustments (the province's office).")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "year": 2027,
                    "holidays": [{"day": "2027-01-01", "name": "New Year's Day", "by_law": True}],
                    "months": [{"month": 1, "working_days": 20}],
                    "adjustments": [
                        {
                            "id": 3,
                            "day": "2027-02-13",
                            "kind": "working_day",
                            "kind_label": "working day",
                            "reason": "Worked for 12 February, notice 1234/TB-BNV",
                        }
                    ],
                    "may_edit": False,
                }
            ]
        }
    )


class CalendarQuery(InputSchema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Default: this year in Vietnam.")


class AdjustmentCreate(InputSchema):
    day: Day
    kind: AdjustmentKind
    reason: Text(300, min_length=1) = Field(description="For example the notice the change comes from.")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"day": "2027-02-13", "kind": "working_day", "reason": "Notice 1234/TB-BNV"}]
        }
    )


def _adjustment_out(adjustment: CalendarAdjustment) -> dict:
    return {
        "id": adjustment.pk,
        "day": adjustment.day,
        "kind": adjustment.kind,
        "kind_label": str(adjustment.get_kind_display()),
        "reason": adjustment.reason,
    }


def _require_calendar_editing(user) -> None:
    if not may_edit_calendar(user):
        raise PermissionDenied(_("Only the province's office changes the working-day calendar."))


@calendar_router.get("", response=CalendarOut, summary="A year's days off and working days")
def read_calendar(request, query: Query[CalendarQuery]):
    """What the working-days page shows: every signed-in user reads it, since deadlines are counted on it."""
    shown = calendar_of(query.year or clock.today().year)
    return {
        "year": shown["year"],
        "holidays": [{**row, "name": str(row["name"])} for row in shown["holidays"]],
        "months": [
            {"month": row["first"].month, "working_days": row["working_days"]} for row in shown["months"]
        ],
        "adjustments": [_adjustment_out(adjustment) for adjustment in shown["adjustments"]],
        "may_edit": may_edit_calendar(request.user),
    }


@calendar_router.post(
    "/adjustments", response={201: AdjustmentOut}, summary="Make a day a day off or a working day"
)
def add_adjustment(request, payload: AdjustmentCreate):
    """One adjustment a day, and only one that changes something (422 naming `day` or `kind`)."""
    _require_calendar_editing(request.user)
    form = CalendarAdjustmentForm({"day": payload.day, "kind": payload.kind, "reason": payload.reason})
    if not form.is_valid():
        raise form_errors(form)
    adjustment = create_calendar_adjustment(acting_user=request.user, **form.cleaned_data)
    return Status(201, _adjustment_out(adjustment))


@calendar_router.delete("/adjustments/{adjustment_id}", response={204: None}, summary="Delete an adjustment")
def remove_adjustment(request, adjustment_id: Id):
    """The day falls back to the weekend and the statutory holidays."""
    _require_calendar_editing(request.user)
    adjustment = get_object_or_404(CalendarAdjustment, pk=adjustment_id)
    delete_calendar_adjustment(acting_user=request.user, adjustment=adjustment)
    return Status(204, None)


# -- the change log ---------------------------------------------------------------------------------

changelog_router = Router(tags=["change log"])


class ActorOut(Schema):
    id: int
    name: str


class ChangeOut(Schema):
    old: object = None
    new: object = None


class ChangeLogEntryOut(Schema):
    id: int
    at: datetime
    actor: ActorOut | None = Field(description="Who made the change; null for the system itself.")
    action: str = Field(description="'create', 'update' or 'delete'.")
    action_label: str
    kind: str = Field(description="The kind of record, as 'app_label.model'.")
    kind_label: str
    object_id: str
    object_repr: str = Field(description="The record as it was named when changed.")
    changes: dict[str, ChangeOut] = Field(
        description="Each changed field, with its values as the user saw them."
    )
    note: str
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 981,
                    "at": "2026-12-04T09:12:30+07:00",
                    "actor": {"id": 2, "name": "Lê Thị B"},
                    "action": "update",
                    "action_label": "changed",
                    "kind": "orgunits.orgunit",
                    "kind_label": "unit",
                    "object_id": "17",
                    "object_repr": "Phường Minh An",
                    "changes": {"name_en": {"old": "", "new": "Minh An Ward"}},
                    "note": "",
                }
            ]
        }
    )


class ChangeLogQuery(InputSchema):
    kind: Text(200) | None = Field(
        None, description="A kind of record the page offers, as 'app_label.model' (units, people, documents)."
    )
    actor: Id | None = Field(None, description="Changes made by this person (one you can see).")
    action: ChangeAction | None = None
    since: Day | None = Field(None, description="Changes on or after this day.")
    until: Day | None = Field(None, description="Changes on or before this day.")
    q: Text(300) | None = Field(None, description="Part of the record's name.")


def _kind_id(kind: str, form_queryset) -> int:
    app_label, _dot, model = kind.partition(".")
    found = form_queryset.filter(app_label=app_label, model=model).first()
    if found is None:
        raise ValidationError({"kind": [_("Choose a kind of record the change log offers.")]})
    return found.pk


@changelog_router.get("", response=list[ChangeLogEntryOut], summary="The change log you may read")
@paginate(CursorPagination, page_size=50, item=lambda entry: _entry_out(entry))
def list_changes(request, filters: Query[ChangeLogQuery]):
    """The change log page's entries, the latest first, with its filters: the whole log for the
    province's administrators and superusers, the changes of the records they may see for other
    offices and administrators; 403 for anyone else."""
    if not may_read_change_log(request.user):
        raise PermissionDenied
    values = filters.dict(exclude_none=True)
    probe = ChangeLogFilterForm(user=request.user)
    if "kind" in values:
        values["kind"] = _kind_id(values["kind"], probe.fields["kind"].queryset)
    form = ChangeLogFilterForm(
        {
            name: value.isoformat() if hasattr(value, "isoformat") else str(value)
            for name, value in values.items()
        },
        user=request.user,
    )
    if not form.is_valid():
        raise form_errors(form)
    return form.filter(change_log_entries_for(request.user).select_related("actor", "content_type"))


def _entry_out(entry: ChangeLogEntry) -> dict:
    content_type: ContentType = entry.content_type
    model = content_type.model_class()
    return {
        "id": entry.pk,
        "at": entry.at,
        "actor": {"id": entry.actor.pk, "name": str(entry.actor)} if entry.actor else None,
        "action": entry.action,
        "action_label": str(entry.get_action_display()),
        "kind": f"{content_type.app_label}.{content_type.model}",
        "kind_label": str(model._meta.verbose_name) if model else content_type.model,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes if isinstance(entry.changes, dict) else {},
        "note": entry.note,
    }
