"""The shapes the public-investment API reads and writes (`api.py`, mounted at /api/v1/investment).

Money is a whole number of VND, sent as a JSON number or a string and answered as a string
("12500000000"), so no client rounds it through a float; a fraction of a đồng is refused naming the
field. Rates are percents with one decimal ("58.3"), null when there is no plan to measure against.
Related records are named by id (`investor_id`, `project_id`); an error about one names that field.
Capital sources are the codes of `CapitalSource` (`central`, `foreign`, `local`, `land_use`,
`lottery`, `other`); amounts by source are objects keyed by those codes.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from resolute.core.numbers import exact_decimal
from resolute.core.schemas import Day, Id, InputSchema, Text, Version, Year, model_text
from resolute.orgunits.schemas import UnitRef

from .choices import (
    CapitalSource,
    ExtensionReason,
    ExtensionStatus,
    ObstacleCategory,
    PlanChangeKind,
    ProjectGroup,
    ProjectStatus,
    ReportSource,
    Sector,
)
from .models import (
    MONEY_DIGITS,
    CapitalPlan,
    InvestmentProject,
    PlanDecision,
    PlanExtension,
    PlanMilestone,
)

# -- amounts ----------------------------------------------------------------------------------------


def whole_vnd(value: Any, *, negative_allowed: bool = True) -> Decimal:
    """`value` as a whole number of VND the money columns hold, or a field error saying why not."""
    if isinstance(value, bool):
        raise PydanticCustomError("vnd_type", gettext("Enter a number."))
    try:
        number = exact_decimal(value, max_digits=MONEY_DIGITS, decimal_places=0)
    except DjangoValidationError as error:
        if error.code == "max_decimal_places":
            raise PydanticCustomError(
                "vnd_whole", gettext("Enter a whole number of VND: the đồng has no smaller unit.")
            ) from None
        raise PydanticCustomError("vnd", str(error.messages[0])) from None
    if not negative_allowed and number < 0:
        raise PydanticCustomError("vnd_negative", gettext("Enter an amount of 0 or more."))
    return number.quantize(Decimal(1))


VND_DESCRIPTION = f"A whole number of VND (at most {MONEY_DIGITS} digits), as a number or a string."

# A signed amount (a change to a plan may take capital away).
Vnd = Annotated[
    Decimal,
    BeforeValidator(lambda value: whole_vnd(value)),
    Field(description=VND_DESCRIPTION, examples=["12500000000"]),
]
# An amount of 0 or more (a plan, approved funding, a disbursed figure).
Amount = Annotated[
    Decimal,
    BeforeValidator(lambda value: whole_vnd(value, negative_allowed=False)),
    Field(description=VND_DESCRIPTION + " Never negative.", examples=["12500000000"]),
]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Rate = Annotated[
    Decimal | None,
    Field(description="A percent with one decimal, rounded half up; null when the plan is 0."),
]
BY_SOURCE = "Keyed by capital source: central, foreign, local, land_use, lottery, other."
LongText = Text()
# A literal rather than the model's choices: the OpenAPI names an enum after its class, and tasks have an
# `ObstacleCategory` of their own that would take this one's place.
ProjectObstacleCategory = Literal[tuple(ObstacleCategory.values)]


# -- references -------------------------------------------------------------------------------------


def page_of(record) -> str:
    """The address of a record's page, or "" where the pages are not installed."""
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        return ""


class ProjectRef(Schema):
    id: int
    code: str
    name: str
    url: str

    @staticmethod
    def resolve_name(project) -> str:
        return str(project.display_name)

    @staticmethod
    def resolve_url(project) -> str:
        return page_of(project)


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return str(user)


class MoneyOut(Schema):
    """A plan and what was disbursed of it."""

    plan: Decimal
    disbursed: Decimal
    rate: Rate
    remaining: Decimal = Field(description="plan − disbursed, never below 0.")


class SourceMoneyOut(MoneyOut):
    source: CapitalSource
    source_label: str


# -- projects ---------------------------------------------------------------------------------------


class FundingOut(Schema):
    source: CapitalSource
    source_label: str
    amount: Decimal = Field(description="The approved total investment from this source.")

    @staticmethod
    def resolve_source_label(funding) -> str:
        return str(funding.get_source_display())


class ProjectObstacleOut(Schema):
    category: ProjectObstacleCategory
    category_label: str
    description: str
    responsible_unit: UnitRef

    @staticmethod
    def resolve_category_label(obstacle) -> str:
        return str(obstacle.get_category_display())


class ExtensionRef(Schema):
    id: int
    status: ExtensionStatus
    amount: Decimal
    approved_amount: Decimal | None
    extended_until: date | None


class FiguresOut(Schema):
    """A project's disbursement of one plan as of a day (Law 2024, Art. 72; see the user guide)."""

    plan_id: int
    year: int
    as_of: date
    total: MoneyOut
    by_source: list[SourceMoneyOut] = Field(description="The sources with a plan or a figure.")
    original_plan: Decimal = Field(description="The plan as first assigned, before any change.")
    reported_on: date | None = Field(description="The day of the latest report counted.")
    work_done_percent: Decimal | None
    expected_rate: Rate = Field(description="What the plan's milestones expect by `as_of`.")
    gap: Decimal | None = Field(description="expected − rate, in points, when the project is slow.")
    obstacles: list[ProjectObstacleOut] = Field(description="Those of the latest report counted.")
    extension: ExtensionRef | None


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    group: ProjectGroup
    group_label: str
    sector: Sector
    sector_label: str
    status: ProjectStatus
    status_label: str
    jurisdiction: UnitRef = Field(description="The level whose capital plans fund the project.")
    investor: UnitRef
    locality: UnitRef
    location: str
    start_year: int
    end_year: int
    approval: str = Field(description="The investment decision.")
    version: int = Field(description="Send it back with a change; a newer one on the server means 409.")
    is_sample: bool
    url: str

    @staticmethod
    def resolve_group_label(project) -> str:
        return str(project.get_group_display())

    @staticmethod
    def resolve_sector_label(project) -> str:
        return str(project.get_sector_display())

    @staticmethod
    def resolve_status_label(project) -> str:
        return str(project.get_status_display())

    @staticmethod
    def resolve_url(project) -> str:
        return page_of(project)


class ProjectListItem(ProjectOut):
    investor_on: UnitRef = Field(description="The investor on `as_of` (before a hand-over, the former one).")
    locality_on: UnitRef = Field(description="The locality on `as_of`.")
    figures: FiguresOut | None = Field(
        description="Its figures in the plan as of `as_of`; null when there is no plan to read."
    )

    @staticmethod
    def resolve_figures(project):
        return project.figures_shown


class ProjectDetail(ProjectOut):
    funding: list[FundingOut]
    total_investment: Decimal = Field(description="The approved total investment from every source.")
    figures: FiguresOut | None = Field(
        description="Its figures in the plan of `year` as of `as_of`; null when no plan of that year "
        "is visible to you."
    )

    @staticmethod
    def resolve_funding(project) -> list:
        return project.funding_shown

    @staticmethod
    def resolve_total_investment(project) -> Decimal:
        return sum((row.amount for row in project.funding_shown), Decimal(0))

    @staticmethod
    def resolve_figures(project):
        return project.figures_shown


FUNDING_EXAMPLE = {"central": "120000000000", "local": "35000000000"}


class ProjectCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "DA-2025-014",
                    "name": "Đường ven biển Hội An – Duy Hải",
                    "name_en": "Hoi An – Duy Hai coastal road",
                    "group": "B",
                    "jurisdiction_id": 1,
                    "investor_id": 6,
                    "locality_id": 6,
                    "sector": "transport",
                    "start_year": 2024,
                    "end_year": 2027,
                    "funding": FUNDING_EXAMPLE,
                }
            ]
        }
    )

    code: model_text(InvestmentProject, "code", min_length=1)
    name: model_text(InvestmentProject, "name", min_length=1)
    name_en: model_text(InvestmentProject, "name_en") = ""
    group: ProjectGroup
    jurisdiction_id: Id = Field(description="The level whose capital plans fund it (the province).")
    investor_id: Id = Field(description="The unit that carries it out and reports its disbursement.")
    locality_id: Id = Field(description="The unit whose area it lies in.")
    sector: Sector
    start_year: Year
    end_year: Year
    funding: dict[CapitalSource, Amount] = Field(
        description="The approved total investment. " + BY_SOURCE, examples=[FUNDING_EXAMPLE]
    )
    location: model_text(InvestmentProject, "location") = ""
    status: ProjectStatus = ProjectStatus.IN_PROGRESS
    approval: model_text(InvestmentProject, "approval") = Field("", description="The investment decision.")


class ProjectPatch(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 1, "status": "completed", "funding": FUNDING_EXAMPLE}]}
    )

    version: Version = None
    name: model_text(InvestmentProject, "name", min_length=1) | None = None
    name_en: model_text(InvestmentProject, "name_en") | None = None
    group: ProjectGroup | None = None
    investor_id: Id | None = None
    locality_id: Id | None = None
    sector: Sector | None = None
    start_year: Year | None = None
    end_year: Year | None = None
    location: model_text(InvestmentProject, "location") | None = None
    status: ProjectStatus | None = None
    approval: model_text(InvestmentProject, "approval") | None = None
    funding: dict[CapitalSource, Amount] | None = Field(
        None, description="The whole approved funding, replacing the one in force. " + BY_SOURCE
    )


SORTS = Literal["code", "rate", "gap", "plan", "remaining"]


class ProjectListQuery(InputSchema):
    """The filters of the projects page (`filters.ProjectFilter`), with the same names and meaning."""

    plan: Id | None = Field(
        None, description="Id of the plan whose figures are read. Default: the plan of `as_of`'s year."
    )
    as_of: Day | None = Field(None, description="The figures as they stood on this day. Default: today.")
    show: Literal["planned", "all"] | None = Field(
        None, description="planned (default): the projects with a plan in it; all: every project."
    )
    area: Id | None = Field(
        None, description="Id of a unit: the projects in its area on `as_of`, by locality or investor."
    )
    investor: Id | None = Field(None, description="Id of the investor on `as_of`.")
    locality: Id | None = Field(None, description="Id of the locality on `as_of`.")
    sector: Sector | None = None
    group: ProjectGroup | None = None
    status: ProjectStatus | None = None
    source: CapitalSource | None = Field(None, description="Only projects with a plan from this source.")
    obstacle: ProjectObstacleCategory | None = Field(
        None, description="Only projects whose latest report names it."
    )
    responsible: Id | None = Field(None, description="Id of the unit named to remove an obstacle.")
    extension: ExtensionStatus | None = Field(None, description="Only projects with an extension so decided.")
    slow: bool | None = Field(None, description="Only projects behind the plan's schedule on `as_of`.")
    at_risk: bool | None = Field(
        None, description="Only projects at risk of lapsing (1 November–31 January)."
    )
    q: Text(200) | None = Field(None, description="Words of the code or the name.")
    sort: SORTS | None = Field(
        None,
        description="code (default); rate, lowest first; gap, furthest behind first; plan or remaining, "
        "largest first.",
    )


class ProjectDetailQuery(InputSchema):
    year: Year | None = Field(None, description="The plan year. Default: the latest plan you see.")
    as_of: Day | None = Field(None, description="The figures as of this day. Default: today.")


# -- plans ------------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    year: int
    title: str
    issuer: UnitRef
    lapses_on: date = Field(description="The last day the plan may be disbursed without an extension.")
    late_capital_after: date = Field(description="Capital added after this day runs to the next year's end.")
    extended_until_at_most: date
    version: int
    is_sample: bool
    url: str

    @staticmethod
    def resolve_url(plan) -> str:
        return page_of(plan)


class MilestoneOut(Schema):
    day: date
    rate: Decimal
    label: str


class EntryOut(Schema):
    project: ProjectRef
    source: CapitalSource
    source_label: str
    amount: Decimal = Field(description="Added to the project's plan from this source; negative takes away.")

    @staticmethod
    def resolve_source_label(entry) -> str:
        return str(entry.get_source_display())


class DecisionOut(Schema):
    id: int
    plan_id: int
    kind: PlanChangeKind
    kind_label: str
    number: str
    decided_on: date
    document_id: int | None
    note: str
    entries: list[EntryOut] = Field(description="Only the entries of projects you see.")

    @staticmethod
    def resolve_kind_label(decision) -> str:
        return str(decision.get_kind_display())

    @staticmethod
    def resolve_entries(decision) -> list:
        return list(decision.visible_entries)


class PlanDetail(PlanOut):
    milestones: list[MilestoneOut]
    decisions: list[DecisionOut] = Field(description="The plan as assigned, then each change, in order.")

    @staticmethod
    def resolve_milestones(plan) -> list:
        return plan.milestones_shown

    @staticmethod
    def resolve_decisions(plan) -> list:
        return plan.decisions_shown


class PlanEntryIn(InputSchema):
    project_id: Id
    source: CapitalSource
    amount: Vnd


class MilestoneIn(InputSchema):
    day: Day
    rate: Percent = Field(description="The share of the plan disbursed by that day, in percent.")
    label: model_text(PlanMilestone, "label") = Field("", description="Who set it.")


PLAN_EXAMPLE = {
    "issuer_id": 1,
    "year": 2025,
    "title": "Kế hoạch đầu tư công năm 2025",
    "number": "123/QĐ-UBND",
    "decided_on": "2024-12-20",
    "entries": [{"project_id": 1, "source": "central", "amount": "40000000000"}],
    "milestones": [{"day": "2025-09-30", "rate": "60", "label": "UBND tỉnh"}],
}


class PlanCreate(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [PLAN_EXAMPLE]})

    issuer_id: Id = Field(description="The jurisdiction whose plan it is (the province).")
    year: Year
    title: model_text(CapitalPlan, "title", min_length=1)
    number: model_text(PlanDecision, "number", min_length=1) = Field(
        description="The number of the decision that assigns it."
    )
    decided_on: Day
    entries: list[PlanEntryIn] = Field(description="The plan of each project and source.")
    milestones: list[MilestoneIn] = []
    document_id: Id | None = Field(None, description="The document of the decision, when it is on record.")


class PlanAdjustmentCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": "456/QĐ-UBND",
                    "decided_on": "2025-07-15",
                    "changes": [
                        {"project_id": 1, "source": "central", "amount": "-5000000000"},
                        {"project_id": 2, "source": "central", "amount": "5000000000"},
                    ],
                    "note": "Điều chỉnh giữa năm",
                }
            ]
        }
    )

    number: model_text(PlanDecision, "number", min_length=1)
    decided_on: Day
    changes: list[PlanEntryIn] = Field(description="Signed amounts: positive adds, negative takes away.")
    note: LongText = ""
    document_id: Id | None = None


class TransferCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": "789/QĐ-UBND",
                    "decided_on": "2025-10-10",
                    "from_project_id": 1,
                    "to_project_id": 2,
                    "source": "local",
                    "amount": "3000000000",
                }
            ]
        }
    )

    number: model_text(PlanDecision, "number", min_length=1)
    decided_on: Day
    from_project_id: Id
    to_project_id: Id
    source: CapitalSource
    amount: Amount
    note: LongText = ""
    document_id: Id | None = None


class PlanListQuery(InputSchema):
    year: Year | None = None
    issuer: Id | None = Field(None, description="Id of the jurisdiction whose plans to list.")


# -- disbursement reports ---------------------------------------------------------------------------


class FigureOut(Schema):
    source: CapitalSource
    source_label: str
    disbursed: Decimal = Field(description="Disbursed from this source in total by `reported_on`.")

    @staticmethod
    def resolve_source_label(figure) -> str:
        return str(figure.get_source_display())


class DisbursementReportOut(Schema):
    id: int
    project: ProjectRef
    plan_id: int
    year: int
    reported_on: date = Field(description="The figures are cumulative to this day.")
    figures: list[FigureOut]
    disbursed: Decimal = Field(description="The figures' total.")
    work_done_percent: Decimal | None
    work_done: str
    over_plan_explanation: str
    note: str
    source: ReportSource
    source_label: str
    submitted_at: datetime
    submitted_by: UserRef | None
    investor: UnitRef = Field(description="The investor that reported, as it was then.")
    obstacles: list[ProjectObstacleOut]
    is_sample: bool

    @staticmethod
    def resolve_year(report) -> int:
        return report.plan.year

    @staticmethod
    def resolve_figures(report) -> list:
        return list(report.figures.all())

    @staticmethod
    def resolve_disbursed(report) -> Decimal:
        return sum((figure.disbursed for figure in report.figures.all()), Decimal(0))

    @staticmethod
    def resolve_source_label(report) -> str:
        return str(report.get_source_display())

    @staticmethod
    def resolve_obstacles(report) -> list:
        return list(report.obstacles.all())


class ProjectObstacleIn(InputSchema):
    category: ProjectObstacleCategory
    description: LongText = ""
    responsible_unit_id: Id = Field(description="The unit that must remove it.")


REPORT_EXAMPLE = {
    "year": 2025,
    "reported_on": "2025-06-30",
    "figures": {"central": "18400000000", "local": "6250000000"},
    "work_done_percent": "42.5",
    "obstacles": [
        {
            "category": "site_clearance",
            "description": "12 hộ chưa nhận tiền bồi thường",
            "responsible_unit_id": 7,
        }
    ],
}


class DisbursementReportCreate(InputSchema):
    """An investor's monthly figures, as its own system posts them: cumulative to `reported_on`."""

    model_config = ConfigDict(json_schema_extra={"examples": [REPORT_EXAMPLE]})

    plan_id: Id | None = Field(None, description="The plan the figures are of; or give its `year`.")
    year: Year | None = Field(None, description="The year of the plan (of the project's jurisdiction).")
    reported_on: Day = Field(description="The figures are cumulative to this day; never in the future.")
    figures: dict[CapitalSource, Amount] = Field(
        description="Disbursed from each source in total by `reported_on`. " + BY_SOURCE
    )
    obstacles: list[ProjectObstacleIn] = []
    work_done_percent: Percent | None = None
    work_done: LongText = ""
    note: LongText = ""
    over_plan_explanation: LongText = Field(
        "", description="Needed when a figure exceeds the plan of its source on that day."
    )


class ReportListQuery(InputSchema):
    plan: Id | None = Field(None, description="Id of a plan: only its reports.")
    year: Year | None = Field(None, description="Only the reports of the plan of this year.")


# -- extensions -------------------------------------------------------------------------------------


class PlanExtensionOut(Schema):
    id: int
    plan_id: int
    year: int
    project: ProjectRef
    amount: Decimal = Field(description="The amount asked to run past 31 January.")
    reason: ExtensionReason
    reason_label: str
    explanation: str
    status: ExtensionStatus
    status_label: str
    approved_amount: Decimal | None
    extended_until: date | None
    decision_number: str
    decided_on: date | None
    decided_by: str
    created_at: datetime
    is_sample: bool

    @staticmethod
    def resolve_year(extension) -> int:
        return extension.plan.year

    @staticmethod
    def resolve_reason_label(extension) -> str:
        return str(extension.get_reason_display())

    @staticmethod
    def resolve_status_label(extension) -> str:
        return str(extension.get_status_display())


class ExtensionCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "project_id": 1,
                    "amount": "4500000000",
                    "reason": "site_clearance",
                    "explanation": "Chưa bàn giao mặt bằng đoạn Km3–Km5",
                }
            ]
        }
    )

    project_id: Id
    amount: Amount
    reason: ExtensionReason
    explanation: LongText = ""


class ExtensionDecisionIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "approved": True,
                    "decision_number": "88/QĐ-TTg",
                    "decided_on": "2026-01-20",
                    "decided_by": "Thủ tướng Chính phủ",
                    "approved_amount": "4000000000",
                    "extended_until": "2026-12-31",
                }
            ]
        }
    )

    approved: bool
    decision_number: model_text(PlanExtension, "decision_number", min_length=1)
    decided_on: Day
    decided_by: model_text(PlanExtension, "decided_by", min_length=1)
    approved_amount: Amount | None = Field(None, description="With an approval: the amount carried over.")
    extended_until: Day | None = Field(
        None, description="With an approval: at most 31 December of the next year."
    )


class ExtensionListQuery(InputSchema):
    plan: Id | None = None
    year: Year | None = None
    project: Id | None = None
    status: ExtensionStatus | None = None


# -- rates and lapse --------------------------------------------------------------------------------

RateDimension = Literal["source", "investor", "locality", "project", "sector", "group"]


class DisbursementRatesQuery(InputSchema):
    year: Year | None = Field(None, description="The plan year. Default: the latest plan you see.")
    as_of: Day | None = Field(None, description="The figures as of this day. Default: today.")
    by: RateDimension = Field("source", description="What each row is.")
    unit: Id | None = Field(
        None, description="Id of a unit: only the projects of its area on `as_of` (by investor or locality)."
    )


class RateRowOut(MoneyOut):
    key: str
    label: str
    url: str
    count: int = Field(description="The projects counted in the row.")


class DisbursementRatesOut(Schema):
    """Disbursement ÷ plan by one dimension; a total is Σ disbursed ÷ Σ plan, never an average of rates."""

    plan: PlanOut
    as_of: date
    by: RateDimension
    unit: UnitRef | None
    rows: list[RateRowOut]
    total: MoneyOut


class LapseQuery(InputSchema):
    year: Year | None = Field(None, description="The plan year. Default: the latest plan you see.")
    as_of: Day | None = Field(None, description="Default: today; meaningful once the plan has lapsed.")
    unit: Id | None = Field(None, description="Id of a unit: only the projects of its area.")


class LapseRowOut(Schema):
    project: ProjectRef
    plan: Decimal = Field(description="The project's plan on the lapse day (or `as_of`, if earlier).")
    disbursed: Decimal = Field(description="What it had disbursed by then.")
    balance: Decimal = Field(description="plan − disbursed: what was left on 31 January.")
    late_capital: Decimal = Field(description="Of the balance, carried as capital added after 30 September.")
    extended: Decimal = Field(description="Of the balance, carried by an approved extension.")
    carried_until: date | None = Field(description="The last day the carried capital may be disbursed.")
    lapsed_on_deadline: Decimal = Field(description="What lapsed on 1 February.")
    lapsed_after_carry: Decimal = Field(description="What the carried capital left when its time ran out.")
    lapsed: Decimal


class LapseOut(Schema):
    """What of the plan lapsed on 1 February of the next year (Law 2024, Art. 72), and what was carried."""

    plan: PlanOut
    as_of: date
    unit: UnitRef | None
    lapses_on: date
    balance: Decimal
    extended: Decimal
    late_capital: Decimal
    lapsed: Decimal = Field(description="On 1 February, and when carried capital's time ran out.")
    lapsed_after_carry: Decimal
    has_lapsed: bool = Field(description="False on or before 31 January: the figures say what would lapse.")
    projects_extended: int
    rows: list[LapseRowOut] = Field(description="The projects with a balance, the most lapsed first.")


# -- the State Treasury's reconciliation ------------------------------------------------------------


class TreasuryImportQuery(InputSchema):
    dry_run: bool = Field(
        False, description="Check the file and answer what it would import, writing nothing."
    )


class CellMessage(Schema):
    row: int
    column: str
    message: str


class TreasuryProjectOut(Schema):
    project: ProjectRef
    figures: dict[str, Decimal] = Field(description="Cumulative disbursement by source. " + BY_SOURCE)


class TreasuryImportOut(Schema):
    plan_id: int
    as_of: date = Field(description="The day the Treasury's figures are as of.")
    dry_run: bool
    imported: bool = Field(description="Whether reports were written (never on a dry run).")
    projects: list[TreasuryProjectOut]
    warnings: list[CellMessage] = Field(
        description="What does not stop the import: a plan of the year that differs from ours."
    )
