"""Reading values: which figure counts for each indicator × unit × period.

Among the rows not superseded, the approved ones count (and the submitted ones too when the
setting RESOLUTE_COUNT_SUBMITTED_VALUES or the caller says so); of those, the highest vintage,
then the latest entered. Each function here is one query, however many cells it answers.
"""

from collections.abc import Iterable

from resolute.core.periods import Period

from .models import DataValue, ValueState
from .querysets import counting_states

Cell = tuple[int, str]


def _ids(objects: Iterable) -> list[int]:
    return [getattr(item, "pk", item) for item in objects]


def _period_codes(periods: Iterable) -> list[str]:
    return [
        period.code if isinstance(period, Period) else Period.parse(str(period)).code for period in periods
    ]


def _first_per_cell(rows, key) -> dict:
    """Rows come ordered best first within each cell; keep the first one of each cell."""
    chosen: dict = {}
    for row in rows:
        chosen.setdefault(key(row), row)
    return chosen


def current_values(
    indicator, units, periods, *, include_submitted: bool | None = None
) -> dict[Cell, DataValue]:
    """The value that counts for each (unit id, period code) of `indicator`, in one query.

    `units` are units or their ids; `periods` are Period objects or codes. Cells without a value
    that counts are absent from the result. A submitted value that counts is recognisable by its
    `state` so a page can mark it as not yet approved."""
    rows = (
        DataValue.objects.filter(
            indicator=indicator,
            unit_id__in=_ids(units),
            period__in=_period_codes(periods),
            superseded_by__isnull=True,
            state__in=counting_states(include_submitted),
        )
        .select_related("indicator", "unit", "entered_by", "decided_by")
        .order_by("unit_id", "period", "-vintage", "-id")
    )
    return _first_per_cell(rows, lambda row: (row.unit_id, row.period))


def latest_entered_values(indicators, unit, periods) -> dict[tuple[int, str], DataValue]:
    """The latest figure entered for each (indicator id, period code) of one unit, whatever its
    approval state except returned: what validation compares a new figure with (the previous
    period for a jump, the other side of a rule), since a draft next door is the best evidence of
    what the unit means to report. One query."""
    rows = (
        DataValue.objects.filter(
            indicator_id__in=_ids(indicators),
            unit=unit,
            period__in=_period_codes(periods),
            superseded_by__isnull=True,
        )
        .exclude(state=ValueState.RETURNED)
        .select_related("indicator")
        .order_by("indicator_id", "period", "-vintage", "-id")
    )
    return _first_per_cell(rows, lambda row: (row.indicator_id, row.period))


def value_history(indicator, unit, period):
    """Every figure ever entered for one cell, newest first, superseded ones included."""
    code = period.code if isinstance(period, Period) else Period.parse(str(period)).code
    return (
        DataValue.objects.filter(indicator=indicator, unit=unit, period=code)
        .select_related("entered_by", "decided_by", "superseded_by")
        .order_by("-id")
    )
