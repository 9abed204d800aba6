"""Writes to indicators and to the validation rules between them."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry
from resolute.core.periods import PeriodType

from ..models import AcrossUnits, Indicator, ValidationRule
from ..permissions import can_manage_indicators
from .common import INDICATOR_FIELDS, Errors, _is_system
from .evaluations import mark_indicator_changed


def _ensure_may_manage_indicators(acting_user) -> None:
    if not _is_system(acting_user) and not can_manage_indicators(acting_user):
        raise PermissionDenied(_("Only an office may change the indicator registry."))


def _check_indicator(indicator: Indicator) -> None:
    errors = Errors()
    if not (indicator.code or "").strip():
        errors.add("code", _("Enter a code for the indicator."))
    elif Indicator.objects.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        errors.add("code", _("Another indicator already has the code %(code)s.") % {"code": indicator.code})
    if not (indicator.name or "").strip():
        errors.add("name", _("Enter the name of the indicator."))
    if not (indicator.unit_of_measure or "").strip():
        errors.add("unit_of_measure", _("Enter the unit of measure, for example % or households."))
    if indicator.periodicity not in PeriodType.values:
        errors.add("periodicity", _("Choose how often the indicator is reported."))
    if indicator.across_units == AcrossUnits.WEIGHTED_AVERAGE and indicator.weight_id is None:
        errors.add("weight", _("A weighted average needs the indicator whose values weigh each unit."))
    if indicator.across_units == AcrossUnits.RATIO:
        if indicator.numerator_id is None:
            errors.add("numerator", _("A ratio needs the indicator summed above the line."))
        if indicator.denominator_id is None:
            errors.add("denominator", _("A ratio needs the indicator summed below the line."))
    if indicator.pk is not None:
        for name in ["weight", "numerator", "denominator"]:
            if getattr(indicator, f"{name}_id") == indicator.pk:
                errors.add(name, _("An indicator cannot be computed from itself."))
    if (
        indicator.minimum is not None
        and indicator.maximum is not None
        and indicator.minimum > indicator.maximum
    ):
        errors.add("maximum", _("The highest valid value must not be below the lowest."))
    if indicator.jump_warning_percent is not None and indicator.jump_warning_percent <= 0:
        errors.add("jump_warning_percent", _("The warning threshold must be above zero."))
    errors.raise_if_any()


@transaction.atomic
def create_indicator(
    *, acting_user, code: str, name: str, unit_of_measure: str, direction: str, periodicity: str, **fields
) -> Indicator:
    """Add an indicator to the registry. `fields` are the other fields of Indicator."""
    _ensure_may_manage_indicators(acting_user)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"create_indicator() got unexpected fields: {sorted(unknown)}")
    indicator = Indicator(
        code=code.strip(),
        name=name.strip(),
        unit_of_measure=unit_of_measure.strip(),
        direction=direction,
        periodicity=periodicity,
        **fields,
    )
    _check_indicator(indicator)
    indicator.save()
    record_change(
        actor=acting_user, instance=indicator, action=ChangeLogEntry.Action.CREATE, fields=INDICATOR_FIELDS
    )
    return indicator


@transaction.atomic
def update_indicator(
    *, acting_user, indicator: Indicator, expected_version: int | None = None, **fields
) -> Indicator:
    """Change an indicator; a form loaded at an older version is refused (StaleObjectError)."""
    _ensure_may_manage_indicators(acting_user)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"update_indicator() got unexpected fields: {sorted(unknown)}")
    indicator = lock_for_update(indicator, expected_version)
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name, value in fields.items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    _check_indicator(indicator)
    indicator.version += 1
    indicator.save()
    record_change(actor=acting_user, instance=indicator, action=ChangeLogEntry.Action.UPDATE, before=before)
    mark_indicator_changed(indicator)
    return indicator


@transaction.atomic
def create_validation_rule(
    *, acting_user, name: str, left: Indicator, operator: str, right: Indicator
) -> ValidationRule:
    """Add a relation that values must respect, e.g. disbursed ≤ allocated (left operator right)."""
    _ensure_may_manage_indicators(acting_user)
    errors = Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", _("Name the rule, for example “disbursed ≤ allocated”."))
    if operator not in ValidationRule.Operator.values:
        errors.add("operator", _("Choose how the two indicators compare."))
    if left.pk == right.pk:
        errors.add("right", _("A rule relates two different indicators."))
    elif left.periodicity != right.periodicity:
        errors.add("right", _("The two indicators of a rule must be reported for the same periods."))
    errors.raise_if_any()
    rule = ValidationRule.objects.create(name=name, left=left, operator=operator, right=right)
    record_change(
        actor=acting_user,
        instance=rule,
        action=ChangeLogEntry.Action.CREATE,
        fields=["name", "left", "operator", "right"],
    )
    return rule
