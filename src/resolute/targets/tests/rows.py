"""Rows for roll-up and status tests, written straight to the models: an indicator, a target, a
value in a given state and vintage. (Actions are tested on their own; here only the reading matters.)"""

from datetime import date
from decimal import Decimal

from resolute.core.periods import PeriodType
from resolute.directives.models import Document, DocumentKind

from ..models import (
    AcrossUnits,
    Comparator,
    DataValue,
    Direction,
    Indicator,
    OverTime,
    Target,
    TrajectoryPoint,
    ValueState,
    Vintage,
)


def number(text) -> Decimal:
    return Decimal(str(text))


def make_indicator(code="HOUSES", **fields) -> Indicator:
    values = {
        "name": code.title(),
        "unit_of_measure": "houses",
        "direction": Direction.HIGHER_IS_BETTER,
        "across_units": AcrossUnits.SUM,
        "over_time": OverTime.CUMULATIVE,
        "periodicity": PeriodType.QUARTERLY,
    }
    values.update(fields)
    return Indicator.objects.create(code=code, **values)


def make_document(owner) -> Document:
    return Document.objects.create(
        owner=owner, kind=DocumentKind.CONCLUSION, title="Conclusion on the plan for 2025", number="1/KL-TU"
    )


def make_target(
    unit, indicator, *, comparator=Comparator.AT_LEAST, value=None, trajectory=(), **fields
) -> Target:
    """A 2025 target due on 31/12/2025 unless told otherwise; `trajectory` is [(period code, value)]."""
    values = {"year": 2025, "deadline": date(2025, 12, 31)}
    values.update(fields)
    for name in ("value_max", "baseline_value", "tolerance_percent"):
        if values.get(name) is not None:
            values[name] = number(values[name])
    target = Target.objects.create(
        document=make_document(unit),
        indicator=indicator,
        unit=unit,
        comparator=comparator,
        value=None if value is None else number(value),
        **values,
    )
    for period, planned in trajectory:
        TrajectoryPoint.objects.create(target=target, period=period, planned_value=number(planned))
    return target


def make_value(
    indicator, unit, period, value, *, state=ValueState.APPROVED, vintage=Vintage.ESTIMATE
) -> DataValue:
    return DataValue.objects.create(
        indicator=indicator, unit=unit, period=period, value=number(value), state=state, vintage=vintage
    )


def revise(earlier: DataValue, value, *, vintage=Vintage.OFFICIAL, state=ValueState.APPROVED) -> DataValue:
    """A later figure for the same cell; the earlier one is kept and points to it."""
    later = make_value(earlier.indicator, earlier.unit, earlier.period, value, state=state, vintage=vintage)
    earlier.superseded_by = later
    earlier.save(update_fields=["superseded_by"])
    return later
