"""What the reporting API reads and answers (`reporting.api`): regimes, report submissions, the
compliance table, notifications, the follow-up board, the urging ladder and its letters.

Input schemas derive from `core.schemas.InputSchema` (strings normalised, lengths of the columns);
the rules themselves are the actions' and the forms', which name the field they refuse."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from resolute.core.periods import PeriodType
from resolute.core.schemas import Day, Id, InputSchema, Text, Version, model_text
from resolute.orgunits.schemas import UnitRef

from .models import LetterStatus, ReportingRegime, ReportSubmission, StepKind
from .permissions import can_manage_regimes

PERIOD_DESCRIPTION = "A period code: 202503 (a month), 2025Q1, 2025S1 or 2025."


# A literal rather than the model's choices: the OpenAPI names an enum after its class, and petitions have a
# `StepKind` of their own that would take this one's place.
LadderStepKind = Literal[tuple(StepKind.values)]


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return str(user)


class RegimeRef(Schema):
    id: int
    name: str


# -- regimes ---------------------------------------------------------------------------------------

REGIME_EXAMPLE = {
    "name": "Báo cáo tình hình kinh tế - xã hội tháng",
    "kind": "narrative",
    "issuer_id": 4,
    "period_type": "monthly",
    "cutoff_day": 14,
    "deadline_working_days": 2,
    "unit_kinds": ["district"],
    "unit_ids": [],
    "indicator_ids": [],
    "legal_basis": "Quyết định 15/QĐ-UBND",
    "active": True,
}


class RegimeOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    **{key: value for key, value in REGIME_EXAMPLE.items() if key != "issuer_id"},
                    "kind_label": "narrative report",
                    "issuer": {"id": 4, "name": "UBND tỉnh", "code": ""},
                    "version": 2,
                    "may_edit": True,
                }
            ]
        }
    )

    id: int
    name: str
    kind: str = Field(
        description="What is reported: task_progress, indicator_values, narrative, or a "
        "kind a domain adds (such as investment disbursement)."
    )
    kind_label: str
    issuer: UnitRef = Field(description="The unit that sets the regime and receives the reports.")
    period_type: PeriodType
    cutoff_day: int = Field(description="Data are counted up to this day of the period's last month.")
    deadline_working_days: int = Field(
        description="The report is due this many working days after the cut-off."
    )
    unit_kinds: list[str] = Field(description="Kinds of units under the issuer that report.")
    unit_ids: list[int] = Field(description="Units named one by one that report.")
    indicator_ids: list[int] = Field(description="For a regime of indicator values: the indicators reported.")
    legal_basis: str
    active: bool
    version: int
    may_edit: bool = Field(description="Whether you may change it (the office of the issuing unit).")

    @staticmethod
    def resolve_kind_label(regime) -> str:
        return str(regime.get_kind_display())

    @staticmethod
    def resolve_unit_ids(regime) -> list[int]:
        return sorted(unit.pk for unit in regime.units.all())

    @staticmethod
    def resolve_indicator_ids(regime) -> list[int]:
        return sorted(indicator.pk for indicator in regime.indicators.all())

    @staticmethod
    def resolve_may_edit(regime, context) -> bool:
        return can_manage_regimes(context["request"].user, regime.issuer)


class RegimeListQuery(InputSchema):
    active: bool | None = Field(None, description="Only the active regimes (true) or the others (false).")
    managed: bool = Field(
        False,
        description="Only the regimes you may set (the regimes' settings page), else every regime "
        "you can read.",
    )


class RegimeCreate(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [REGIME_EXAMPLE]})

    name: model_text(ReportingRegime, "name", min_length=1)
    kind: Text(24) = Field(description="task_progress, indicator_values, narrative, or a kind a domain adds.")
    issuer_id: Id = Field(description="A province or district level unit whose office you work in.")
    period_type: PeriodType
    cutoff_day: int = Field(14, ge=1, le=31)
    deadline_working_days: int = Field(1, ge=1, le=60)
    unit_kinds: list[Text(40)] = Field([], description="Kinds of units under the issuer that report.")
    unit_ids: list[Id] = Field([], description="Units under the issuer named one by one.")
    indicator_ids: list[Id] = Field([], description="Needed for a regime of indicator values.")
    legal_basis: model_text(ReportingRegime, "legal_basis") = ""
    active: bool = True


class RegimePatch(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 2, "deadline_working_days": 3, "active": False}]}
    )

    version: Version = None
    name: model_text(ReportingRegime, "name", min_length=1) | None = None
    kind: Text(24) | None = None
    issuer_id: Id | None = None
    period_type: PeriodType | None = None
    cutoff_day: int | None = Field(None, ge=1, le=31)
    deadline_working_days: int | None = Field(None, ge=1, le=60)
    unit_kinds: list[Text(40)] | None = None
    unit_ids: list[Id] | None = None
    indicator_ids: list[Id] | None = None
    legal_basis: model_text(ReportingRegime, "legal_basis") | None = None
    active: bool | None = None


# -- submissions -----------------------------------------------------------------------------------


class SubmissionOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 12,
                    "regime": {"id": 3, "name": "Báo cáo tình hình kinh tế - xã hội tháng"},
                    "unit": {"id": 7, "name": "Thành phố Hội An", "code": "503"},
                    "period": "202611",
                    "submitted_at": "2026-11-16T09:30:00+07:00",
                    "submitted_by": {"id": 9, "name": "Nguyễn Văn An"},
                    "text": "Tình hình kinh tế - xã hội tháng 11 ổn định…",
                    "file_url": None,
                }
            ]
        }
    )

    id: int
    regime: RegimeRef
    unit: UnitRef
    period: str
    submitted_at: datetime
    submitted_by: UserRef | None
    text: str
    file_url: str | None = Field(description="The attached file, when one was sent.")

    @staticmethod
    def resolve_file_url(submission) -> str | None:
        return submission.file.url if submission.file else None


class SubmissionListQuery(InputSchema):
    regime: Id | None = None
    unit: Id | None = Field(None, description="Only the reports this unit sent.")
    period: Text(8) | None = Field(None, description=PERIOD_DESCRIPTION)


class SubmissionCreate(InputSchema):
    """A narrative report, sent as multipart form fields (and an optional `file`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"regime_id": 3, "unit_id": 7, "period": "202611", "text": "Tình hình tháng 11…"}]
        }
    )

    regime_id: Id = Field(description="An active narrative regime you can read.", examples=[3])
    unit_id: Id = Field(description="A unit you report for.", examples=[7])
    period: Text(8) = Field(
        description=PERIOD_DESCRIPTION + " Of the regime's period type.", examples=["202611"]
    )
    text: model_text(ReportSubmission, "text") = Field(
        "", description="The report; or attach its file.", examples=["Tình hình tháng 11 ổn định…"]
    )


# -- compliance ------------------------------------------------------------------------------------


class ComplianceQuery(InputSchema):
    unit: Id | None = Field(None, description="The top of the units counted. Default: the top of your scope.")
    regime: Id | None = Field(None, description="One regime. Default: every regime of `period_type`.")
    period_type: PeriodType | None = Field(None, description="Without a regime. Default: monthly.")
    first: Text(8) | None = Field(None, description=PERIOD_DESCRIPTION + " Default: five before `last`.")
    last: Text(8) | None = Field(None, description=PERIOD_DESCRIPTION + " Default: the period running.")
    as_of: Day | None = Field(
        None, description="Count what arrived by this day, in the tree of units of that day. Default: today."
    )


class ComplianceCellOut(Schema):
    period: str
    window_start: date
    window_end: date
    deadline: date
    expected: int
    received: int
    on_time: int
    fallen_due: bool = Field(description="Whether the deadline has passed as of the day counted.")
    completeness: Decimal | None = Field(description="received ÷ expected, in per cent; null when nothing.")
    timeliness: Decimal | None = Field(description="on time ÷ expected, in per cent; null when nothing.")


class ComplianceRowOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "unit": {"id": 7, "name": "Thành phố Hội An", "code": "503"},
                    "regime": {"id": 3, "name": "Báo cáo tình hình kinh tế - xã hội tháng"},
                    "expected": 2,
                    "received": 2,
                    "on_time": 1,
                    "completeness": "100.0",
                    "timeliness": "50.0",
                    "cells": [
                        {
                            "period": "202610",
                            "window_start": "2026-09-15",
                            "window_end": "2026-10-14",
                            "deadline": "2026-10-16",
                            "expected": 1,
                            "received": 1,
                            "on_time": 0,
                            "fallen_due": True,
                            "completeness": "100.0",
                            "timeliness": "0.0",
                        }
                    ],
                }
            ]
        }
    )

    unit: UnitRef
    regime: RegimeRef
    expected: int = Field(description="Over the periods whose deadline has passed.")
    received: int
    on_time: int
    completeness: Decimal | None
    timeliness: Decimal | None
    cells: list[ComplianceCellOut]

    @staticmethod
    def resolve_cells(row) -> list[dict]:
        return [
            {
                "period": cell.period.code,
                "window_start": cell.window.start,
                "window_end": cell.window.end,
                "deadline": cell.window.deadline,
                "expected": cell.expected,
                "received": cell.received,
                "on_time": cell.on_time,
                "fallen_due": cell.fallen_due,
                "completeness": cell.completeness,
                "timeliness": cell.timeliness,
            }
            for cell in row.cells
        ]


# -- notifications ---------------------------------------------------------------------------------


class NotificationOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 41,
                    "kind": "overdue_notice",
                    "kind_label": "Notice that something is overdue",
                    "title": "Overdue since 30/11/2026: Báo cáo kết quả xóa nhà tạm",
                    "body": "The deadline of “Báo cáo kết quả xóa nhà tạm” (30/11/2026) has passed.",
                    "url": "/tasks/15/",
                    "created_at": "2026-12-01T07:00:00+07:00",
                    "read_at": None,
                }
            ]
        }
    )

    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str = Field(description="The page it is about, on this site.")
    created_at: datetime
    read_at: datetime | None = Field(description="null while unread.")

    @staticmethod
    def resolve_kind_label(notification) -> str:
        from .selectors.notifications import kind_label

        return str(kind_label(notification.kind))


class NotificationListQuery(InputSchema):
    unread: bool = Field(False, description="Only the unread ones.")


class MarkReadIn(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [41, 42]}]})

    ids: list[Id] = Field(max_length=500, description="Your notifications to mark read; others' are ignored.")


class MarkedOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"marked": 2, "unread": 5}]})

    marked: int = Field(description="How many were unread and are now read.")
    unread: int = Field(description="How many are still unread (the bell's number).")


# -- the urging ladder and its letters -------------------------------------------------------------


class LadderStepOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "order": 3,
                    "kind": "letter",
                    "kind_label": "urging letter",
                    "delay_working_days": 5,
                    "active": True,
                }
            ]
        }
    )

    id: int
    order: int
    kind: LadderStepKind
    kind_label: str
    delay_working_days: int = Field(
        description="Working days from the deadline: negative before it, 0 the day it becomes overdue, "
        "positive that many working days after."
    )
    active: bool

    @staticmethod
    def resolve_kind_label(step) -> str:
        return str(step.get_kind_display())


class LadderStepPatch(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"delay_working_days": 7}]})

    order: int | None = Field(None, ge=0, le=32767)
    delay_working_days: int | None = Field(None, ge=-32768, le=32767)
    active: bool | None = None


class LetterItemOut(Schema):
    kind: str = Field(description="task, report, or a kind a domain chases.")
    kind_label: str = ""
    title: str
    deadline: str | None = Field(None, description="The deadline, as an ISO day.")
    source: str = ""
    days: int | None = Field(None, description="Days overdue on the letter's date.")


LETTER_EXAMPLE = {
    "id": 5,
    "number": "01/UBND-TH",
    "issuer": {"id": 4, "name": "UBND tỉnh", "code": ""},
    "recipient": {"id": 7, "name": "Thành phố Hội An", "code": "503"},
    "year": 2026,
    "issued_on": "2026-11-25",
    "status": "drafted",
    "status_label": "drafted, waiting for signature",
    "signed_on": None,
    "sent_on": None,
    "items_count": 2,
}


class LetterOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [LETTER_EXAMPLE]})

    id: int
    number: str = Field(
        description="The issuer's number for the year and its symbol: 01/UBND-TH, 01-CV/VPTU."
    )
    issuer: UnitRef
    recipient: UnitRef
    year: int
    issued_on: date
    status: LetterStatus
    status_label: str
    signed_on: date | None
    sent_on: date | None
    items_count: int = Field(description="How many overdue items the letter lists.")

    @staticmethod
    def resolve_status_label(letter) -> str:
        return str(letter.get_status_display())

    @staticmethod
    def resolve_items_count(letter) -> int:
        return len(letter.items)


class LetterDetail(LetterOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **LETTER_EXAMPLE,
                    "items": [
                        {
                            "kind": "task",
                            "kind_label": "",
                            "title": "Báo cáo kết quả xóa nhà tạm",
                            "deadline": "2026-11-20",
                            "source": "",
                            "days": 5,
                        }
                    ],
                    "docx_url": "/api/reporting/letters/5/docx",
                    "signed_scan_url": None,
                }
            ]
        }
    )

    items: list[LetterItemOut] = Field(description="What the letter lists, as it stood when drafted.")
    docx_url: str | None = Field(description="The letter to print and sign (DOCX).")
    signed_scan_url: str | None = Field(description="The signed scan, once kept.")

    @staticmethod
    def resolve_items(letter) -> list:
        return list(letter.items)

    @staticmethod
    def resolve_docx_url(letter) -> str | None:
        from django.urls import reverse

        return reverse("api:download_letter", args=[letter.pk]) if letter.docx else None

    @staticmethod
    def resolve_signed_scan_url(letter) -> str | None:
        from django.urls import reverse

        return reverse("api:download_signed_scan", args=[letter.pk]) if letter.signed_scan else None


class LetterListQuery(InputSchema):
    status: LetterStatus | None = None
    recipient: Id | None = Field(None, description="Only the letters to this unit.")
    year: int | None = Field(None, ge=1900, le=2100)


class LetterCreate(InputSchema):
    """Draft a letter from `issuer_id` to `recipient_id` about what the recipient owes the issuer and
    has let pass its deadline; while a draft to the same unit waits for signature it is brought up to
    date instead."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"issuer_id": 4, "recipient_id": 7}]})

    issuer_id: Id = Field(description="The unit in whose name the office writes.")
    recipient_id: Id = Field(description="The unit urged.")


# -- the follow-up board ---------------------------------------------------------------------------


class BoardColumnOut(Schema):
    key: str
    label: str
    counted: bool = Field(description="The cells count the items (else they name them).")


class BoardCellOut(Schema):
    key: str = Field(description="The column's key.")
    count: int
    titles: list[str]


class BoardRowOut(Schema):
    unit: UnitRef
    issuer: UnitRef = Field(description="The unit the work is owed to.")
    oldest_deadline: date
    cells: list[BoardCellOut]
    pending_letter: LetterOut | None = Field(description="A draft to the unit waiting for signature.")

    @staticmethod
    def resolve_cells(row) -> list[dict]:
        return [
            {"key": key, "count": cell.count, "titles": [str(title) for title in cell.titles]}
            for key, cell in row.cells.items()
        ]


class DueItemOut(Schema):
    title: str
    url: str
    unit: UnitRef
    deadline: date


class EscalationOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 18,
                    "unit": {"id": 7, "name": "Thành phố Hội An", "code": "503"},
                    "task_id": 15,
                    "title": "Báo cáo kết quả xóa nhà tạm",
                    "deadline": "2026-11-18",
                    "fired_on": "2026-12-09",
                }
            ]
        }
    )

    id: int
    unit: UnitRef
    task_id: int | None
    title: str = Field(description="The task's title, or the report owed.")
    deadline: date
    fired_on: date

    @staticmethod
    def resolve_title(event) -> str:
        return str(event.task.display_title) if event.task_id else event.obligation_label


class BoardOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "on": "2026-12-10",
                    "week_end": "2026-12-13",
                    "columns": [{"key": "tasks.overdue", "label": "Overdue tasks", "counted": True}],
                    "overdue": [
                        {
                            "unit": {"id": 7, "name": "Thành phố Hội An", "code": "503"},
                            "issuer": {"id": 4, "name": "UBND tỉnh", "code": ""},
                            "oldest_deadline": "2026-11-18",
                            "cells": [{"key": "tasks.overdue", "count": 2, "titles": []}],
                            "pending_letter": None,
                        }
                    ],
                    "own_overdue": [],
                    "due_this_week": [],
                    "waiting": [],
                    "escalations": [],
                }
            ]
        }
    )

    on: date
    week_end: date
    columns: list[BoardColumnOut]
    overdue: list[BoardRowOut] = Field(description="Units owing work past its deadline, the oldest first.")
    own_overdue: list[BoardRowOut] = Field(description="A unit's own overdue work, for its leadership.")
    due_this_week: list[DueItemOut]
    waiting: list[LetterOut] = Field(description="Letters waiting for signature or sending.")
    escalations: list[EscalationOut] = Field(description="On the leadership meeting's list.")
