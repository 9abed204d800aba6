"""The shapes the targets API reads and writes: indicators, targets with their evaluation, values,
and DHIS2's dataValueSets for values posted by another system.

Indicators are named by their code, units by id (or, in a DHIS2 payload, by their official code
or id), periods as DHIS2 names them (202503, 2025Q1, 2025S1, 2025).
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from resolute.core.periods import PeriodType
from resolute.core.schemas import Amount, Day, Id, InputSchema, Text, Version, Year, model_amount, model_text
from resolute.orgunits.schemas import UnitRef

from .models import (
    AcrossUnits,
    Comparator,
    DataValue,
    Direction,
    Indicator,
    OverTime,
    Target,
    ValueState,
    Vintage,
)

IndicatorCode = model_text(Indicator, "code")
PeriodCode = Text(16)


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


class IndicatorCreate(InputSchema):
    code: model_text(Indicator, "code", min_length=1)
    name: model_text(Indicator, "name", min_length=1)
    name_en: model_text(Indicator, "name_en") = ""
    unit_of_measure: model_text(Indicator, "unit_of_measure")
    unit_of_measure_en: model_text(Indicator, "unit_of_measure_en") = ""
    decimals: int = Field(0, ge=0, le=6, description="Digits shown after the decimal point.")
    direction: Direction
    across_units: AcrossUnits = AcrossUnits.SUM
    over_time: OverTime = OverTime.LATEST
    periodicity: PeriodType
    minimum: model_amount(Indicator, "minimum") | None = None
    maximum: model_amount(Indicator, "maximum") | None = None
    jump_warning_percent: model_amount(Indicator, "jump_warning_percent") | None = None
    source: model_text(Indicator, "source") = ""
    weight: IndicatorCode | None = Field(
        None, description="Code of the indicator that weighs a weighted average."
    )
    numerator: IndicatorCode | None = Field(None, description="Code of the numerator indicator of a ratio.")
    denominator: IndicatorCode | None = Field(
        None, description="Code of the denominator indicator of a ratio."
    )


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
    version: int = Field(description="Send it back (or the ETag in If-Match) to change the target.")


class TargetCreate(InputSchema):
    document_id: Id
    clause_id: Id | None = Field(None, description="The clause of the document that states the target.")
    indicator: IndicatorCode = Field(..., description="The indicator's code.")
    unit_id: Id
    year: Year
    deadline: Day
    comparator: Comparator
    value: Amount() | None = None
    value_max: Amount() | None = None
    baseline_value: Amount() | None = None
    baseline_year: Year | None = None
    reference_unit_id: Id | None = None
    tolerance_percent: model_amount(Target, "tolerance_percent") = Decimal(10)
    source_text: model_text(Target, "source_text") = ""
    area: model_text(Target, "area") = Field(
        "", description="Left empty, the heading of the clause's section."
    )


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


class TargetListItem(TargetOut):
    evaluation: EvaluationOut = Field(description="Its status as of the list's `as_of` (default today).")


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


class EntryIn(InputSchema):
    indicator: IndicatorCode = Field(..., description="The indicator's code.")
    value: model_amount(DataValue, "value")
    comment: model_text(DataValue, "comment") = ""


class ValuesIn(InputSchema):
    unit: Id = Field(..., description="Id of the unit the values are for.")
    period: PeriodCode = Field(..., description="202503, 2025Q1, 2025S1 or 2025.")
    vintage: Vintage = Vintage.ESTIMATE
    entries: list[EntryIn]


class SavedOut(Schema):
    saved: list[ValueOut]
    warnings: dict[str, list[str]] = Field(
        ..., description="By indicator code: a jump from the previous period that no comment explains."
    )


class DataValueIn(InputSchema):
    dataElement: IndicatorCode = Field(..., description="The indicator's code.")  # noqa: N815 (DHIS2's name)
    period: PeriodCode | None = None
    orgUnit: Text(64) | None = Field(None, description="The unit's official code or id.")  # noqa: N815
    value: Text(64) = Field(description="A number, as DHIS2 sends it: a string.")
    comment: model_text(DataValue, "comment") = ""


class DataValueSetIn(InputSchema):
    """DHIS2's dataValueSets shape; each value's period and orgUnit default to the set's."""

    dataSet: Text(64) | None = None  # noqa: N815
    period: PeriodCode | None = None
    orgUnit: Text(64) | None = None  # noqa: N815
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


class SubmitIn(InputSchema):
    unit: Id
    period: PeriodCode


class DecisionIn(InputSchema):
    values: list[Id] = Field(..., description="Ids of submitted values.")


class ReturnIn(DecisionIn):
    reason: model_text(DataValue, "return_reason")


class IndicatorListQuery(InputSchema):
    periodicity: PeriodType | None = None


class TargetListQuery(InputSchema):
    document: Id | None = None
    unit: Id | None = None
    year: Year | None = None
    indicator: IndicatorCode = Field("", description="The indicator's code.")
    as_of: Day | None = Field(None, description="Judge each target as of this day. Default: today.")


class TargetQuery(InputSchema):
    as_of: Day | None = Field(None, description="Judge the target as of this day. Default: today.")


class ValueListQuery(InputSchema):
    indicator: IndicatorCode = Field("", description="The indicator's code.")
    unit: Id | None = None
    period: PeriodCode = Field("", description="202503, 2025Q1, 2025S1 or 2025.")
    state: ValueState | None = None
    include_superseded: bool = False


# -- exchange: DHIS2 export and metadata, SDMX-JSON ------------------------------------------------


class DataValueSetQuery(InputSchema):
    """DHIS2's dataValueSets export parameters; a name may repeat (`dataElement=A&dataElement=B`)."""

    dataSet: list[Text(64)] = Field([], description="Id of a reporting regime of indicator values.")  # noqa: N815
    dataElement: list[IndicatorCode] = Field([], description="An indicator's code.")  # noqa: N815
    period: list[PeriodCode] = Field([], description="202503, 2025Q1, 2025S1 or 2025.")
    startDate: Day | None = Field(None, description="Periods that start on or after this day.")  # noqa: N815
    endDate: Day | None = Field(None, description="Periods that end on or before this day.")  # noqa: N815
    orgUnit: list[Text(64)] = Field([], description="A unit's official code or id.")  # noqa: N815
    children: bool = Field(False, description="With orgUnit: the units below it too.")
    lastUpdated: Day | None = Field(None, description="Values changed on or after this day.")  # noqa: N815
    includeSubmitted: bool = Field(False, description="Also submitted values not yet approved.")  # noqa: N815


class DataValueExport(Schema):
    dataElement: str  # noqa: N815
    period: str
    orgUnit: str  # noqa: N815
    value: str
    storedBy: str  # noqa: N815
    created: datetime
    lastUpdated: datetime  # noqa: N815
    comment: str
    followup: bool


class DataValueSetExport(Schema):
    dataValues: list[DataValueExport]  # noqa: N815


class SdmxQuery(InputSchema):
    indicator: list[IndicatorCode] = Field(..., min_length=1, description="An indicator's code; may repeat.")
    unit: list[Text(64)] = Field(..., min_length=1, description="A unit's official code or id; may repeat.")
    children: bool = Field(False, description="The units below each unit too.")
    startPeriod: PeriodCode = Field("", description="The first period: 2024, 2024-Q1, 2024-01 or 202401.")  # noqa: N815
    endPeriod: PeriodCode = Field("", description="The last period, written the same way.")  # noqa: N815
    includeSubmitted: bool = Field(False, description="Also submitted values not yet approved.")  # noqa: N815


class TargetPatch(InputSchema):
    """The fields of a target the page changes; only those sent change. A target's breakdown between
    units and its trajectory are changed on its page."""

    version: Version = None
    document_id: Id | None = None
    indicator: IndicatorCode | None = Field(None, description="The indicator's code.")
    unit_id: Id | None = None
    year: Year | None = None
    deadline: Day | None = None
    comparator: Comparator | None = None
    value: Amount() | None = None
    value_max: Amount() | None = None
    baseline_value: Amount() | None = None
    baseline_year: Year | None = None
    reference_unit_id: Id | None = None
    tolerance_percent: model_amount(Target, "tolerance_percent") | None = None
    source_text: model_text(Target, "source_text") | None = None
    area: model_text(Target, "area") | None = None
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 2, "value": "95", "deadline": "2026-12-31"}]}
    )


class IndicatorPatch(InputSchema):
    """The fields of an indicator; only those sent change."""

    version: Version = None
    code: model_text(Indicator, "code", min_length=1) | None = None
    name: model_text(Indicator, "name", min_length=1) | None = None
    name_en: model_text(Indicator, "name_en") | None = None
    unit_of_measure: model_text(Indicator, "unit_of_measure") | None = None
    unit_of_measure_en: model_text(Indicator, "unit_of_measure_en") | None = None
    decimals: int | None = Field(None, ge=0, le=6, description="Digits shown after the decimal point.")
    direction: Direction | None = None
    across_units: AcrossUnits | None = None
    over_time: OverTime | None = None
    periodicity: PeriodType | None = None
    minimum: model_amount(Indicator, "minimum") | None = None
    maximum: model_amount(Indicator, "maximum") | None = None
    jump_warning_percent: model_amount(Indicator, "jump_warning_percent") | None = None
    source: model_text(Indicator, "source") | None = None
    weight: IndicatorCode | None = Field(
        None, description="Code of the indicator that weighs a weighted average."
    )
    numerator: IndicatorCode | None = Field(None, description="Code of the numerator indicator of a ratio.")
    denominator: IndicatorCode | None = Field(
        None, description="Code of the denominator indicator of a ratio."
    )
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"version": 1, "name_en": "Poor households", "maximum": "100"}]}
    )
