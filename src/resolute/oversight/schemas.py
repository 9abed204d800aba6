"""The shapes the oversight API reads and writes (`api.py`, mounted at /api/v1/oversight).

Money is a whole number of VND, sent as a JSON number or a string and answered as a string
("500000000"), as in public investment; the recovery rate is a percent with one decimal ("42.7"), null
when nothing is to recover. Related records are named by id (`responsible_unit_id`); an error about one
names that field. States, kinds and outcomes are the codes of `choices`.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.urls import NoReverseMatch
from ninja import Field, Schema

from resolute.core.schemas import Day, Id, InputSchema, Version, model_text
from resolute.investment.schemas import Amount, Vnd
from resolute.orgunits.schemas import UnitRef

from .choices import DisciplineOutcome, OversightKind, RecommendationKind, RecommendationState
from .models import DisciplineCase, Oversight, Recommendation, Recovery
from .selectors import GROUPINGS

RecoveryRate = Annotated[
    Decimal | None,
    Field(
        description="Σ recovered ÷ Σ required in percent with one decimal; null when nothing is to recover."
    ),
]


def page_of(record) -> str:
    """The address of a record's page, or "" where the pages are not installed."""
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        return ""


# -- reading ------------------------------------------------------------------------------------------


class OversightOut(Schema):
    id: int
    kind: OversightKind
    kind_label: str
    number: str
    title: str
    issued_on: date | None
    document_id: int
    inspecting_body: str
    inspecting_unit: UnitRef | None
    inspected_unit: UnitRef
    follow_up_unit: UnitRef
    subject: str
    period_covered: str
    recommendation_count: int = 0
    is_sample: bool
    url: str

    @staticmethod
    def resolve_kind_label(oversight) -> str:
        return str(oversight.get_kind_display())

    @staticmethod
    def resolve_number(oversight) -> str:
        return oversight.document.number

    @staticmethod
    def resolve_title(oversight) -> str:
        return oversight.document.title

    @staticmethod
    def resolve_issued_on(oversight):
        return oversight.document.issued_on

    @staticmethod
    def resolve_inspecting_body(oversight) -> str:
        return str(oversight.inspecting_body)

    @staticmethod
    def resolve_url(oversight) -> str:
        return page_of(oversight)


class RecommendationOut(Schema):
    id: int
    oversight_id: int
    label: str
    text: str
    kind: RecommendationKind
    responsible_unit: UnitRef
    task_id: int
    task_status: str | None
    original_deadline: date | None
    deadline: date | None = Field(description="The deadline in force on the day, after approved extensions.")
    completed_on: date | None
    state: RecommendationState
    is_overdue: bool
    amount_required: Amount | None
    recovered: Vnd = Field(description="What was recovered by the day (whole VND).")
    closure_confirmed_on: date | None
    closure_document_number: str
    is_sample: bool
    url: str

    @staticmethod
    def resolve_text(recommendation) -> str:
        task = recommendation.task
        return task.description or task.title

    @staticmethod
    def resolve_responsible_unit(recommendation):
        return recommendation.task.lead_unit

    @staticmethod
    def resolve_original_deadline(recommendation):
        return recommendation.task.original_deadline

    @staticmethod
    def resolve_deadline(recommendation):
        return recommendation.deadline_as_of

    @staticmethod
    def resolve_completed_on(recommendation):
        return recommendation.task.completed_on

    @staticmethod
    def resolve_url(recommendation) -> str:
        return page_of(recommendation)


class OversightDetail(OversightOut):
    on: date
    recommendations: list[RecommendationOut]

    @staticmethod
    def resolve_recommendations(oversight) -> list:
        return oversight.recommendations_shown


class RecoveryOut(Schema):
    id: int
    recovered_on: date
    amount: Vnd
    running_total: Vnd = Field(description="What was recovered in all once this entry is counted.")
    document_number: str
    note: str


class DisciplineCaseOut(Schema):
    id: int
    person: str
    position: str
    outcome: DisciplineOutcome
    outcome_label: str
    decided_on: date | None
    decision_number: str

    @staticmethod
    def resolve_outcome_label(case) -> str:
        return str(case.get_outcome_display())


class RecommendationDetail(RecommendationOut):
    on: date
    oversight: OversightOut
    coordinating_units: list[UnitRef]
    amount_outstanding: Amount | None
    recoveries: list[RecoveryOut]
    discipline_cases: list[DisciplineCaseOut]
    version: int

    @staticmethod
    def resolve_coordinating_units(recommendation) -> list:
        return recommendation.coordinating_units_shown

    @staticmethod
    def resolve_recoveries(recommendation) -> list:
        return recommendation.recoveries_shown

    @staticmethod
    def resolve_discipline_cases(recommendation) -> list:
        return recommendation.discipline_cases_shown


class LedgerRowOut(Schema):
    key: int | str | None
    label: str
    url: str
    implemented: int
    partly: int
    not_yet: int
    overdue: int = Field(description="Among those not implemented, the ones past their deadline.")
    confirmed: int = Field(description="Among those implemented, the ones whose closure was confirmed.")
    total: int
    amount_required: Amount
    amount_recovered: Vnd
    recovery_rate: RecoveryRate


class LedgerOut(Schema):
    on: date
    by: str
    rows: list[LedgerRowOut]
    totals: LedgerRowOut


# -- queries ------------------------------------------------------------------------------------------


class OnQuery(InputSchema):
    on: Day | None = Field(None, description="The day the states are read on (default today).")


class OversightListQuery(InputSchema):
    kind: OversightKind | None = None


class RecommendationListQuery(OnQuery):
    oversight: Id | None = None
    body: model_text(Oversight, "inspecting_body_name") | None = Field(
        None, description="The inspecting body: a unit's id, or the name of a body outside the tree."
    )
    unit: Id | None = Field(None, description="The unit responsible (that unit alone).")
    area: Id | None = Field(None, description="The units responsible in this unit's area on the day.")
    kind: RecommendationKind | None = None
    state: RecommendationState | None = None
    overdue: bool | None = None


class LedgerQuery(OnQuery):
    by: str = Field(
        "body", description=f"One of {', '.join(GROUPINGS)}.", pattern="^(" + "|".join(GROUPINGS) + ")$"
    )
    unit: Id | None = Field(None, description="Only the units responsible in this unit's area.")
    include_subtree: bool = True


# -- writing ------------------------------------------------------------------------------------------


class OversightCreate(InputSchema):
    kind: OversightKind
    subject: model_text(Oversight, "subject", min_length=1)
    inspected_unit_id: Id
    follow_up_unit_id: Id
    number: model_text(Oversight.document.field.related_model, "number", min_length=1)
    issued_on: Day
    title: model_text(Oversight.document.field.related_model, "title", min_length=1)
    signer: model_text(Oversight.document.field.related_model, "signer") = ""
    inspecting_unit_id: Id | None = None
    inspecting_body_name: model_text(Oversight, "inspecting_body_name") = ""
    period_covered: model_text(Oversight, "period_covered") = ""


class RecommendationCreate(InputSchema):
    text: model_text(Recommendation.task.field.related_model, "description", min_length=1)
    kind: RecommendationKind
    responsible_unit_id: Id
    deadline: Day
    label: model_text(Recommendation, "label") = ""
    amount_required: Amount | None = None
    coordinating_unit_ids: list[Id] = []


class RecoveryCreate(InputSchema):
    recovered_on: Day
    amount: Vnd = Field(
        description="Whole VND; a negative amount corrects an earlier entry and needs a note."
    )
    document_number: model_text(Recovery, "document_number") = ""
    note: model_text(Recovery, "note") = ""


class DisciplineCaseCreate(InputSchema):
    person: model_text(DisciplineCase, "person", min_length=1)
    position: model_text(DisciplineCase, "position") = ""


class DisciplineDecisionIn(InputSchema):
    outcome: DisciplineOutcome
    decided_on: Day
    decision_number: model_text(DisciplineCase, "decision_number", min_length=1)


class ClosureIn(InputSchema):
    confirmed_on: Day
    document_number: model_text(Recommendation, "closure_document_number", min_length=1)
    version: Version = None
