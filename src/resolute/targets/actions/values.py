"""Writes to values: saving, submitting, approving and returning them, and opening a locked period.

Values are never erased: a correction or a later vintage is a new row and the older row points to it
through `superseded_by`.

Saving values checks every entry before writing any (so a bad cell leaves nothing half-written):
the indicator's periodicity, its valid range, 0–100 for a percentage, the relations between
indicators (ValidationRule), and the period lock. A jump of more than the indicator's
`jump_warning_percent` from the previous period is a warning, not an error: a comment satisfies
it, and a value with an unexplained jump cannot be submitted.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, record_creations, snapshot
from resolute.core.events import emit
from resolute.core.models import ChangeLogEntry
from resolute.core.periods import Period, PeriodType

from .. import events
from ..models import DataValue, Indicator, PeriodLock, ValidationRule, ValueState, Vintage
from ..permissions import can_approve_values, can_enter_values
from ..values import latest_entered_values
from .common import (
    DECISION_FIELDS,
    VALUE_FIELDS,
    Errors,
    _as_decimal,
    _day,
    _is_percentage,
    _is_system,
    _note,
    _number,
    _period,
    _person,
    _today,
    lock_days,
)
from .evaluations import mark_values_changed

# -- locks -----------------------------------------------------------------------------------------


def closes_on(period) -> date:
    """The last day values for `period` may be entered without an exception."""
    return _period(period).last_day + timedelta(days=lock_days())


def _open_exceptions(unit, period: Period, today: date):
    return list(
        PeriodLock.objects.filter(unit=unit, period=period.code, opened_until__gte=today).order_by(
            "-opened_until"
        )
    )


def _lock_verdict(unit, period: Period, today: date, indicator, exceptions) -> tuple[bool, str]:
    closed_on = closes_on(period)
    if today <= closed_on:
        return False, ""
    for exception in exceptions:
        if exception.indicator_id is None or (
            indicator is not None and exception.indicator_id == indicator.pk
        ):
            return False, _(
                "The period %(period)s closed on %(closed)s but is open again for %(unit)s "
                "until %(until)s: %(reason)s"
            ) % {
                "period": period.code,
                "closed": _day(closed_on),
                "unit": unit,
                "until": _day(exception.opened_until),
                "reason": exception.reason,
            }
    return True, _(
        "The period %(period)s closed on %(closed)s, %(days)s days after its end; ask an approver to open it."
    ) % {"period": period.code, "closed": _day(closed_on), "days": lock_days()}


def is_locked(
    unit, period, *, today: date | None = None, indicator: Indicator | None = None
) -> tuple[bool, str]:
    """Whether entry for `unit` and `period` is closed on `today`, and a sentence saying why (or,
    when an approver opened it again, until when). An exception for one indicator opens only it."""
    period = _period(period)
    today = _today(today)
    return _lock_verdict(unit, period, today, indicator, _open_exceptions(unit, period, today))


@transaction.atomic
def open_period(
    *,
    acting_user,
    unit,
    period,
    until: date,
    reason: str,
    indicator: Indicator | None = None,
    today: date | None = None,
) -> PeriodLock:
    """Open a locked period again for one unit (and only it; one indicator when given), until a day.
    The exception is a row of its own, so who opened what, when and why stays on record."""
    if not _is_system(acting_user) and not can_approve_values(acting_user, unit):
        raise PermissionDenied(
            _("Only an approver above %(unit)s may open its periods again.") % {"unit": unit}
        )
    errors = Errors()
    try:
        period_code = _period(period).code
    except ValueError:
        errors.add("period", _("%(period)s is not a period.") % {"period": period})
        period_code = ""
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Say why the period is opened again."))
    elif len(reason) > 300:
        errors.add("reason", _("Keep the reason under 300 characters."))
    if until is None:
        errors.add("until", _("Enter the last day the period stays open."))
    elif until < _today(today):
        errors.add("until", _("The period cannot be opened until a day that has passed."))
    errors.raise_if_any()
    exception = PeriodLock.objects.create(
        indicator=indicator,
        unit=unit,
        period=period_code,
        opened_until=until,
        reason=reason,
        opened_by=_person(acting_user),
    )
    record_change(
        actor=acting_user,
        instance=exception,
        action=ChangeLogEntry.Action.CREATE,
        fields=["indicator", "unit", "period", "opened_until", "reason"],
    )
    return exception


# -- values: validation ----------------------------------------------------------------------------


@dataclass
class SaveResult:
    """What `save_values` wrote, and the warnings (by indicator code) the user should read:
    a jump from the previous period that no comment explains."""

    saved: list[DataValue] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)


OPERATORS = {
    ValidationRule.Operator.LESS_OR_EQUAL: lambda left, right: left <= right,
    ValidationRule.Operator.LESS: lambda left, right: left < right,
    ValidationRule.Operator.EQUAL: lambda left, right: left == right,
    ValidationRule.Operator.GREATER_OR_EQUAL: lambda left, right: left >= right,
    ValidationRule.Operator.GREATER: lambda left, right: left > right,
}


def range_errors(indicator: Indicator, value: Decimal) -> list[str]:
    """The indicator's valid range and, for a percentage, 0–100; a value exactly on a bound is valid."""
    messages = []
    values = {"indicator": indicator.code, "value": _number(value)}
    if indicator.minimum is not None and value < indicator.minimum:
        messages.append(
            _("%(indicator)s: %(value)s is below the lowest valid value, %(minimum)s.")
            % {**values, "minimum": _number(indicator.minimum)}
        )
    if indicator.maximum is not None and value > indicator.maximum:
        messages.append(
            _("%(indicator)s: %(value)s is above the highest valid value, %(maximum)s.")
            % {**values, "maximum": _number(indicator.maximum)}
        )
    if _is_percentage(indicator) and not (0 <= value <= 100):
        messages.append(_("%(indicator)s is a percentage: %(value)s is not between 0 and 100.") % values)
    return messages


def rule_errors(unit, period: Period, proposed: dict[int, Decimal]) -> dict[int, list[str]]:
    """Relations between indicators broken by the proposed values (by indicator id). The other
    side of a rule is the proposed value when it is being entered too, else the latest value
    entered for the unit and period; a rule whose other side has no value yet is not checked."""
    rules = list(
        ValidationRule.objects.filter(Q(left_id__in=proposed) | Q(right_id__in=proposed)).select_related(
            "left", "right"
        )
    )
    if not rules:
        return {}
    other_ids = {rule.left_id for rule in rules} | {rule.right_id for rule in rules}
    entered = latest_entered_values(other_ids - set(proposed), unit, [period])
    known = {indicator_id: row.value for (indicator_id, _code), row in entered.items()}
    known.update(proposed)
    broken: dict[int, list[str]] = {}
    for rule in rules:
        left, right = known.get(rule.left_id), known.get(rule.right_id)
        if left is None or right is None or OPERATORS[rule.operator](left, right):
            continue
        message = _(
            "%(left)s = %(left_value)s and %(right)s = %(right_value)s break the rule “%(rule)s” "
            "(%(left)s %(operator)s %(right)s)."
        ) % {
            "left": rule.left.code,
            "left_value": _number(left),
            "right": rule.right.code,
            "right_value": _number(right),
            "rule": rule.name,
            "operator": rule.get_operator_display(),
        }
        blamed = rule.left_id if rule.left_id in proposed else rule.right_id
        broken.setdefault(blamed, []).append(message)
    return broken


def jump_warning(indicator: Indicator, value: Decimal, previous: DataValue | None) -> str:
    """A sentence when `value` moved more than the indicator's threshold from the previous
    period's value; empty when it did not, when there is no threshold, or no previous value
    (or a previous zero, from which every change is infinite)."""
    if indicator.jump_warning_percent is None or previous is None or previous.value == 0:
        return ""
    change = (value - previous.value) / abs(previous.value) * 100
    if abs(change) <= indicator.jump_warning_percent:
        return ""
    return _(
        "%(indicator)s changed by %(change)s%% from %(previous)s in %(previous_period)s, "
        "more than %(threshold)s%%; "
        "explain the change in a comment."
    ) % {
        "indicator": indicator.code,
        "change": _number(change.quantize(Decimal("0.1"))),
        "previous": _number(previous.value),
        "previous_period": previous.period,
        "threshold": _number(indicator.jump_warning_percent),
    }


def _previous_values(indicators, unit, period: Period) -> dict[int, DataValue]:
    entered = latest_entered_values([i.pk for i in indicators], unit, [period.previous()])
    return {indicator_id: row for (indicator_id, _code), row in entered.items()}


# -- values: writes --------------------------------------------------------------------------------


def _ensure_may_enter(acting_user, unit) -> None:
    if not _is_system(acting_user) and not can_enter_values(acting_user, unit):
        raise PermissionDenied(_("You may not enter values for %(unit)s.") % {"unit": unit})


def _ensure_may_approve(acting_user, unit) -> None:
    if not _is_system(acting_user) and not can_approve_values(acting_user, unit):
        raise PermissionDenied(
            _("Values of %(unit)s are approved above it; you may not approve or return them.")
            % {"unit": unit}
        )


def _supersede(acting_user, older: DataValue, newer: DataValue) -> None:
    before = snapshot(older, ["superseded_by"])
    older.superseded_by = newer
    older.save(update_fields=["superseded_by", "updated_at"])
    record_change(actor=acting_user, instance=older, action=ChangeLogEntry.Action.UPDATE, before=before)


@transaction.atomic
def save_values(
    *,
    acting_user,
    unit,
    period,
    entries: Iterable,
    vintage: int = Vintage.ESTIMATE,
    today: date | None = None,
) -> SaveResult:
    """Enter figures for one unit and period: `entries` are (indicator, Decimal, comment).

    Everything is checked before anything is written; any error raises one ValidationError keyed
    by indicator code and writes nothing. Each figure is a new draft row; an earlier draft or a
    returned figure of the same cell (same or lower vintage) points to it through
    `superseded_by`. An approved figure keeps counting until its replacement is approved.
    The lock applies to people; the system (acting_user None, loading history) is not held by it."""
    _ensure_may_enter(acting_user, unit)
    try:
        period = _period(period)
    except ValueError as error:
        raise ValidationError({"period": [_("%(period)s is not a period.") % {"period": period}]}) from error
    entries = [(indicator, _as_decimal(raw), (comment or "").strip()) for indicator, raw, comment in entries]
    today = _today(today)
    errors = Errors()
    result = SaveResult()

    indicators = [indicator for indicator, _value, _comment in entries]
    seen = set()
    for indicator in indicators:
        if indicator.pk in seen:
            errors.add(indicator.code, _("%(indicator)s is entered twice.") % {"indicator": indicator.code})
        seen.add(indicator.pk)

    cells = list(
        DataValue.objects.select_for_update(of=("self",))
        .filter(indicator_id__in=seen, unit=unit, period=period.code, superseded_by__isnull=True)
        .order_by("id")
    )
    exceptions = [] if _is_system(acting_user) else _open_exceptions(unit, period, today)
    previous = _previous_values(indicators, unit, period)
    proposed = {}
    for indicator, value, comment in entries:
        code = indicator.code
        if value is None:
            errors.add(code, _("%(indicator)s: enter a number.") % {"indicator": code})
            continue
        if indicator.periodicity != period.type:
            errors.add(
                code,
                _("%(indicator)s is reported %(periodicity)s; %(period)s is not such a period.")
                % {
                    "indicator": code,
                    "periodicity": PeriodType(indicator.periodicity).label,
                    "period": period.code,
                },
            )
        if not _is_system(acting_user):
            locked, why = _lock_verdict(unit, period, today, indicator, exceptions)
            if locked:
                errors.add(code, why)
        for message in range_errors(indicator, value):
            errors.add(code, message)
        for row in cells:
            if row.indicator_id != indicator.pk:
                continue
            if row.state == ValueState.SUBMITTED and row.vintage == vintage:
                errors.add(
                    code,
                    _(
                        "%(indicator)s for %(period)s is awaiting approval; "
                        "ask an approver to return it first."
                    )
                    % {"indicator": code, "period": period.code},
                )
            if row.state == ValueState.APPROVED and row.vintage > vintage:
                errors.add(
                    code,
                    _(
                        "%(indicator)s for %(period)s already has an approved figure (%(approved)s); "
                        "a figure of an earlier vintage (%(vintage)s) cannot replace it."
                    )
                    % {
                        "indicator": code,
                        "period": period.code,
                        "approved": Vintage(row.vintage).label,
                        "vintage": Vintage(vintage).label,
                    },
                )
        proposed[indicator.pk] = value
        warning = jump_warning(indicator, value, previous.get(indicator.pk))
        if warning and not comment:
            result.warnings.setdefault(code, []).append(warning)
    by_id = {indicator.pk: indicator for indicator in indicators}
    for indicator_id, messages in rule_errors(unit, period, proposed).items():
        for message in messages:
            errors.add(by_id[indicator_id].code, message)
    errors.raise_if_any()

    # One INSERT for the rows and one for their change-log entries: an import saves thousands.
    rows = DataValue.objects.bulk_create(
        [
            DataValue(
                indicator=indicator,
                unit=unit,
                period=period.code,
                vintage=vintage,
                value=value,
                comment=comment,
                state=ValueState.DRAFT,
                entered_by=_person(acting_user),
            )
            for indicator, value, comment in entries
        ]
    )
    record_creations(actor=acting_user, instances=rows, fields=VALUE_FIELDS)
    for row in rows:
        indicator = row.indicator
        for older in cells:
            if (
                older.indicator_id == indicator.pk
                and older.vintage <= vintage
                and older.state in (ValueState.DRAFT, ValueState.RETURNED)
            ):
                _supersede(acting_user, older, row)
        result.saved.append(row)
    return result


def _decide(acting_user, row: DataValue, state: str, note: str = "", reason: str = "") -> None:
    before = snapshot(row, DECISION_FIELDS)
    row.state = state
    if state in (ValueState.APPROVED, ValueState.RETURNED):
        row.decided_by = _person(acting_user)
        row.decided_at = timezone.now()
    row.return_reason = reason
    row.save(update_fields=[*DECISION_FIELDS, "updated_at"])
    record_change(
        actor=acting_user, instance=row, action=ChangeLogEntry.Action.UPDATE, before=before, note=_note(note)
    )


@transaction.atomic
def submit_values(
    *, acting_user, unit, period, today: date | None = None, only: Iterable[DataValue] | None = None
) -> list[DataValue]:
    """Send the unit's drafts for the period to its approver (`only` those rows, when given: the
    figures one document reported, leaving the unit's other drafts as they are). A draft whose jump
    from the previous period no comment explains is refused, as is a locked period (for people)."""
    _ensure_may_enter(acting_user, unit)
    period = _period(period)
    today = _today(today)
    drafts = DataValue.objects.select_for_update(of=("self",)).filter(
        unit=unit, period=period.code, state=ValueState.DRAFT, superseded_by__isnull=True
    )
    if only is not None:
        drafts = drafts.filter(pk__in=[row.pk for row in only])
    drafts = list(drafts.select_related("indicator", "unit").order_by("indicator__code", "-vintage", "-id"))
    errors = Errors()
    if not drafts:
        errors.add(
            "period",
            _("%(unit)s has no draft values for %(period)s to submit.")
            % {"unit": unit, "period": period.code},
        )
    errors.raise_if_any()
    exceptions = [] if _is_system(acting_user) else _open_exceptions(unit, period, today)
    previous = _previous_values([row.indicator for row in drafts], unit, period)
    for row in drafts:
        if not _is_system(acting_user):
            locked, why = _lock_verdict(unit, period, today, row.indicator, exceptions)
            if locked:
                errors.add(row.indicator.code, why)
        warning = jump_warning(row.indicator, row.value, previous.get(row.indicator_id))
        if warning and not row.comment.strip():
            errors.add(row.indicator.code, warning)
    errors.raise_if_any()
    for row in drafts:
        _decide(acting_user, row, ValueState.SUBMITTED)
    # Submitted figures count where the setting says so: the targets reading them are judged anew.
    mark_values_changed(drafts)
    return drafts


def _submitted_rows(values) -> list[DataValue]:
    ids = [getattr(value, "pk", value) for value in values]
    rows = list(
        DataValue.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("indicator", "unit", "unit__parent")
        .order_by("id")
    )
    if len(rows) != len(set(ids)):
        raise ValidationError({"values": [_("Some of the values no longer exist.")]})
    return rows


def _check_awaiting(rows: list[DataValue], errors: Errors) -> None:
    for row in rows:
        if row.superseded_by_id is not None:
            errors.add(
                row.indicator.code,
                _("%(indicator)s for %(period)s has been replaced by a newer figure.")
                % {"indicator": row.indicator.code, "period": row.period},
            )
        elif row.state != ValueState.SUBMITTED:
            errors.add(
                row.indicator.code,
                _("%(indicator)s for %(period)s is %(state)s, not awaiting approval.")
                % {
                    "indicator": row.indicator.code,
                    "period": row.period,
                    "state": ValueState(row.state).label,
                },
            )


@transaction.atomic
def approve_values(*, acting_user, values) -> list[DataValue]:
    """Approve submitted values (rows or ids). They are checked again against the indicator's
    range and the relations between indicators; an approved figure supersedes the older figures
    of its cell of the same or a lower vintage, which stay on record."""
    rows = _submitted_rows(values)
    for row in rows:
        _ensure_may_approve(acting_user, row.unit)
    errors = Errors()
    _check_awaiting(rows, errors)
    for row in rows:
        for message in range_errors(row.indicator, row.value):
            errors.add(row.indicator.code, message)
        for messages in rule_errors(row.unit, _period(row.period), {row.indicator_id: row.value}).values():
            for message in messages:
                errors.add(row.indicator.code, message)
    errors.raise_if_any()
    for row in rows:
        _decide(acting_user, row, ValueState.APPROVED)
        older_rows = (
            DataValue.objects.select_for_update(of=("self",))
            .filter(
                indicator_id=row.indicator_id,
                unit_id=row.unit_id,
                period=row.period,
                superseded_by__isnull=True,
                vintage__lte=row.vintage,
                pk__lt=row.pk,
            )
            .select_related("indicator", "unit")
        )
        for older in older_rows:
            _supersede(acting_user, older, row)
    mark_values_changed(rows)
    emit(events.VALUE_APPROVED, *[lambda row=row: events.value_approved(row) for row in rows])
    return rows


@transaction.atomic
def return_values(*, acting_user, values, reason: str) -> list[DataValue]:
    """Send submitted values back to the unit with a reason; the unit enters them again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the values are returned.")]})
    rows = _submitted_rows(values)
    for row in rows:
        _ensure_may_approve(acting_user, row.unit)
    errors = Errors()
    _check_awaiting(rows, errors)
    errors.raise_if_any()
    for row in rows:
        _decide(acting_user, row, ValueState.RETURNED, note=reason, reason=reason)
    mark_values_changed(rows)
    return rows
