"""The shapes the targets API reads and writes: indicators, targets with their evaluation, values,
and DHIS2's dataValueSets for values posted by another system.

Indicators are named by their code, units by id (or, in a DHIS2 payload, by their official code
or id), periods as DHIS2 names them (202503, 2025Q1, 2025S1, 2025).
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from resolute.core.periods import PeriodType
from resolute.orgunits.schemas import UnitRef

from .models import AcrossUnits, Comparator, Direction, OverTime, ValueState, Vintage


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    unit_of_measure: str
    unit_of_measure_en: str
    decimals: int
    direction: Direction
    across_units: AcrossUnits
    over_time: OverTime
    periodicity: PeriodType
    minimum: Decimal | None
    maximum: Decimal | None
    jump_warning_percent: Decimal | None
    source: str
    is_sample: bool
    version: int


class IndicatorCreate(Schema):
    code: str
    name: str
    name_en: str = ""
    unit_of_measure: str
    unit_of_measure_en: str = ""
    decimals: int = 0
    direction: Direction
    across_units: AcrossUnits = AcrossUnits.SUM
    over_time: OverTime = OverTime.LATEST
    periodicity: PeriodType
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    jump_warning_percent: Decimal | None = None
    source: str = ""
    weight: str | None = Field(None, description="Code of the indicator that weighs a weighted average.")
    numerator: str | None = Field(None, description="Code of the numerator indicator of a ratio.")
    denominator: str | None = Field(None, description="Code of the denominator indicator of a ratio.")


class TargetOut(Schema):
    id: int
    document_id: int
    indicator: str = Field(..., description="The indicator's code.")
    unit: UnitRef
    year: int
    deadline: date
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    baseline_value: Decimal | None
    baseline_year: int | None
    tolerance_percent: Decimal
    area: str
    clause_id: int | None
    is_sample: bool


class TargetCreate(Schema):
    document_id: int
    clause_id: int | None = Field(None, description="The clause of the document that states the target.")
    indicator: str = Field(..., description="The indicator's code.")
    unit_id: int
    year: int
    deadline: date
    comparator: Comparator
    value: Decimal | None = None
    value_max: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    reference_unit_id: int | None = None
    tolerance_percent: Decimal = Decimal(10)
    source_text: str = ""
    area: str = Field("", description="Left empty, the heading of the clause's section.")


class EvaluationOut(Schema):
    as_of: date
    status: str
    actual: Decimal | None
    planned: Decimal | None
    forecast: Decimal | None
    sentence: str
    formula: str
    measured_on: date | None
    shortfall_percent: Decimal | None
    includes_submitted: bool


class ShareOut(Schema):
    unit: UnitRef
    value: Decimal


class TargetDetail(TargetOut):
    source_text: str
    breakdown: list[ShareOut]
    evaluation: EvaluationOut


class ValueOut(Schema):
    id: int
    indicator: str = Field(..., description="The indicator's code.")
    unit: UnitRef
    period: str
    vintage: Vintage
    value: Decimal
    comment: str
    state: ValueState
    return_reason: str
    is_sample: bool
    created_at: datetime


class EntryIn(Schema):
    indicator: str = Field(..., description="The indicator's code.")
    value: Decimal
    comment: str = ""


class ValuesIn(Schema):
    unit: int = Field(..., description="Id of the unit the values are for.")
    period: str = Field(..., description="202503, 2025Q1, 2025S1 or 2025.")
    vintage: Vintage = Vintage.ESTIMATE
    entries: list[EntryIn]


class SavedOut(Schema):
    saved: list[ValueOut]
    warnings: dict[str, list[str]] = Field(
        ..., description="By indicator code: a jump from the previous period that no comment explains."
    )


class DataValueIn(Schema):
    dataElement: str = Field(..., description="The indicator's code.")  # noqa: N815 (DHIS2's name)
    period: str | None = None
    orgUnit: str | None = Field(None, description="The unit's official code or id.")  # noqa: N815
    value: str
    comment: str = ""


class DataValueSetIn(Schema):
    """DHIS2's dataValueSets shape; each value's period and orgUnit default to the set's."""

    dataSet: str | None = None  # noqa: N815
    period: str | None = None
    orgUnit: str | None = None  # noqa: N815
    dataValues: list[DataValueIn]  # noqa: N815


class ImportCount(Schema):
    imported: int
    updated: int = 0
    ignored: int = 0
    deleted: int = 0


class DataValueSetOut(Schema):
    status: str
    importCount: ImportCount  # noqa: N815
    warnings: dict[str, list[str]]


class SubmitIn(Schema):
    unit: int
    period: str


class DecisionIn(Schema):
    values: list[int] = Field(..., description="Ids of submitted values.")


class ReturnIn(DecisionIn):
    reason: str
