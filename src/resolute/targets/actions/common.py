"""What every write of targets shares: the fields each records, the rules' errors gathered by field,
how a person, a day and a figure are written in the change log, and the lock days.

Settings read here (with their defaults):
- RESOLUTE_LOCK_DAYS_AFTER_DEADLINE = 15: a period closes this many days after its last day.
- RESOLUTE_COUNT_SUBMITTED_VALUES = False: see `targets.values.current_values`.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.formats import date_format, number_format

from resolute.core import clock
from resolute.core.actions.errors import Errors  # noqa: F401 - the targets' actions read it from here
from resolute.core.periods import Period

from ..models import Comparator, Indicator

DEFAULT_LOCK_DAYS = 15
NOTE_MAX_LENGTH = 500
PERCENT_UNITS = {"%", "percent", "phần trăm"}

INDICATOR_FIELDS = [
    "code",
    "name",
    "name_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "decimals",
    "direction",
    "across_units",
    "weight",
    "numerator",
    "denominator",
    "ratio_scale",
    "over_time",
    "periodicity",
    "minimum",
    "maximum",
    "jump_warning_percent",
    "source",
    "is_sample",
]
TARGET_FIELDS = [
    "document",
    "clause",
    "source_text",
    "area",
    "indicator",
    "unit",
    "year",
    "deadline",
    "comparator",
    "value",
    "value_max",
    "baseline_value",
    "baseline_year",
    "reference_unit",
    "reference_comparator",
    "tolerance_percent",
    "is_sample",
]
VALUE_FIELDS = ["indicator", "unit", "period", "vintage", "value", "comment", "state"]
DECISION_FIELDS = ["state", "decided_by", "decided_at", "return_reason"]
COMPARATORS_WITH_ONE_VALUE = {
    Comparator.AT_LEAST,
    Comparator.AT_MOST,
    Comparator.BELOW,
    Comparator.ABOVE,
    Comparator.EQUAL,
    Comparator.CHANGE_FROM_BASELINE,
}


# -- helpers ---------------------------------------------------------------------------------------


def _is_system(acting_user) -> bool:
    return acting_user is None


def _person(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _number(value: Decimal) -> str:
    """A figure as a reader writes it: no trailing zeros, grouped thousands, in the active locale."""
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(plain, force_grouping=True)


def _note(text: str) -> str:
    return text if len(text) <= NOTE_MAX_LENGTH else text[: NOTE_MAX_LENGTH - 1] + "…"


def _period(period) -> Period:
    return period if isinstance(period, Period) else Period.parse(str(period))


def _today(today: date | None) -> date:
    return today or clock.today()


def _as_decimal(raw) -> Decimal | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, Decimal):
        return raw
    try:
        return Decimal(str(raw).strip())
    except InvalidOperation:
        return None


def _is_percentage(indicator: Indicator) -> bool:
    return indicator.unit_of_measure.strip().lower() in PERCENT_UNITS


def lock_days() -> int:
    return int(getattr(settings, "RESOLUTE_LOCK_DAYS_AFTER_DEADLINE", DEFAULT_LOCK_DAYS))
