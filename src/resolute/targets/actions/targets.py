"""Writes to targets, with their breakdown between units and their trajectory."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.models import ChangeLogEntry
from resolute.core.periods import PeriodType
from resolute.directives.models import Clause

from ..models import Comparator, Indicator, Target, TargetBreakdown, TrajectoryPoint
from ..permissions import can_manage_target
from .common import (
    COMPARATORS_WITH_ONE_VALUE,
    TARGET_FIELDS,
    Errors,
    _as_decimal,
    _is_system,
    _period,
    _person,
)
from .evaluations import mark_targets_stale


def _ensure_may_manage_target(acting_user, unit) -> None:
    if not _is_system(acting_user) and not can_manage_target(acting_user, unit):
        raise PermissionDenied(_("Only the office covering %(unit)s may set its targets.") % {"unit": unit})


def _check_target(target: Target, breakdown, trajectory, errors: Errors) -> None:
    comparator = target.comparator
    if comparator not in Comparator.values:
        errors.add("comparator", _("Choose how the value is compared."))
    if comparator in COMPARATORS_WITH_ONE_VALUE and target.value is None:
        errors.add("value", _("Enter the value the target commits to."))
    if comparator == Comparator.RANGE:
        if target.value is None:
            errors.add("value", _("Enter the lower end of the range."))
        if target.value_max is None:
            errors.add("value_max", _("Enter the upper end of the range."))
        if target.value is not None and target.value_max is not None and target.value > target.value_max:
            errors.add("value_max", _("The upper end of the range must not be below the lower end."))
    if comparator == Comparator.CHANGE_FROM_BASELINE:
        if target.baseline_value is None:
            errors.add("baseline_value", _("A change from the baseline needs the baseline value."))
        if target.baseline_year is None:
            errors.add("baseline_year", _("A change from the baseline needs the baseline year."))
    if comparator == Comparator.RELATIVE_TO_REFERENCE:
        if target.reference_unit_id is None:
            errors.add("reference_unit", _("Choose the unit whose values are the reference."))
        if target.reference_comparator not in (Comparator.BELOW, Comparator.ABOVE):
            errors.add(
                "reference_comparator", _("Say whether the value should be below or above the reference.")
            )
    if target.baseline_year is not None and target.baseline_year > target.year:
        errors.add("baseline_year", _("The baseline year must not be after the target's year."))
    if target.deadline is not None and target.deadline < date(target.year, 1, 1):
        errors.add("deadline", _("The deadline must not be before the target's year."))
    if target.tolerance_percent is None or not (0 <= target.tolerance_percent <= 100):
        errors.add("tolerance_percent", _("The tolerance band is a percentage between 0 and 100."))
    if target.clause_id is not None and target.clause.document_id != target.document_id:
        errors.add("clause", _("The clause must belong to the target's document."))

    seen_units = set()
    for unit, value in breakdown:
        if not unit.is_descendant_of(target.unit):
            errors.add(
                "breakdown",
                _("%(unit)s is not below %(target_unit)s.") % {"unit": unit, "target_unit": target.unit},
            )
        if unit.pk in seen_units:
            errors.add("breakdown", _("%(unit)s appears twice in the breakdown.") % {"unit": unit})
        seen_units.add(unit.pk)
        if _as_decimal(value) is None:
            errors.add("breakdown", _("The share of %(unit)s is not a number.") % {"unit": unit})

    last_year = target.deadline.year if target.deadline else target.year
    seen_periods = set()
    for code, value in trajectory:
        try:
            period = _period(code)
        except ValueError:
            errors.add("trajectory", _("%(period)s is not a period.") % {"period": code})
            continue
        if period.type != target.indicator.periodicity:
            errors.add(
                "trajectory",
                _("%(period)s is not a %(periodicity)s period, as %(indicator)s is reported.")
                % {
                    "period": period.code,
                    "periodicity": PeriodType(target.indicator.periodicity).label,
                    "indicator": target.indicator.code,
                },
            )
        elif not (target.year <= period.year <= last_year):
            errors.add(
                "trajectory",
                _("%(period)s lies outside the target's years.") % {"period": period.code},
            )
        if period.code in seen_periods:
            errors.add(
                "trajectory", _("%(period)s appears twice in the trajectory.") % {"period": period.code}
            )
        seen_periods.add(period.code)
        if _as_decimal(value) is None:
            errors.add(
                "trajectory", _("The planned value for %(period)s is not a number.") % {"period": period.code}
            )


def _replace_breakdown(acting_user, target: Target, breakdown) -> None:
    for share in target.breakdown.select_related("unit"):
        record_change(
            actor=acting_user,
            instance=share,
            action=ChangeLogEntry.Action.DELETE,
            before=snapshot(share, ["unit", "value"]),
        )
    target.breakdown.all().delete()
    for unit, value in breakdown:
        share = TargetBreakdown.objects.create(target=target, unit=unit, value=_as_decimal(value))
        record_change(
            actor=acting_user,
            instance=share,
            action=ChangeLogEntry.Action.CREATE,
            fields=["target", "unit", "value"],
        )


def _replace_trajectory(acting_user, target: Target, trajectory) -> None:
    for point in target.trajectory.all():
        record_change(
            actor=acting_user,
            instance=point,
            action=ChangeLogEntry.Action.DELETE,
            before=snapshot(point, ["period", "planned_value"]),
        )
    target.trajectory.all().delete()
    for code, value in trajectory:
        point = TrajectoryPoint.objects.create(
            target=target, period=_period(code).code, planned_value=_as_decimal(value)
        )
        record_change(
            actor=acting_user,
            instance=point,
            action=ChangeLogEntry.Action.CREATE,
            fields=["target", "period", "planned_value"],
        )


@transaction.atomic
def section_heading_of(clause) -> str:
    """The heading of the section a clause sits in (the clause itself when it is a heading)."""
    while clause is not None:
        if clause.kind == Clause.Kind.HEADING:
            return clause.text[: Target._meta.get_field("area").max_length]
        clause = clause.parent
    return ""


def create_target(
    *,
    acting_user,
    document,
    indicator: Indicator,
    unit,
    year: int,
    deadline: date,
    comparator: str,
    value: Decimal | None = None,
    value_max: Decimal | None = None,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    clause=None,
    reference_unit=None,
    reference_comparator: str = "",
    tolerance_percent: Decimal | int = 10,
    breakdown: Iterable = (),
    trajectory: Iterable = (),
    source_text: str = "",
    area: str = "",
    is_sample: bool = False,
) -> Target:
    """Record a document's commitment. `breakdown` is [(unit, Decimal)] for the units below;
    `trajectory` is [(period code, Decimal)], the planned curve (linear when empty). Without an
    `area`, the target takes the heading of the section its clause sits in."""
    _ensure_may_manage_target(acting_user, unit)
    breakdown, trajectory = list(breakdown), list(trajectory)
    target = Target(
        document=document,
        clause=clause,
        source_text=source_text or (clause.text if clause is not None else ""),
        area=area.strip() or section_heading_of(clause),
        indicator=indicator,
        unit=unit,
        year=year,
        deadline=deadline,
        comparator=comparator,
        value=_as_decimal(value),
        value_max=_as_decimal(value_max),
        baseline_value=_as_decimal(baseline_value),
        baseline_year=baseline_year,
        reference_unit=reference_unit,
        reference_comparator=reference_comparator or "",
        tolerance_percent=_as_decimal(tolerance_percent),
        is_sample=is_sample,
        created_by=_person(acting_user),
    )
    errors = Errors()
    _check_target(target, breakdown, trajectory, errors)
    errors.raise_if_any()
    target.save()
    record_change(
        actor=acting_user, instance=target, action=ChangeLogEntry.Action.CREATE, fields=TARGET_FIELDS
    )
    _replace_breakdown(acting_user, target, breakdown)
    _replace_trajectory(acting_user, target, trajectory)
    mark_targets_stale([target.pk])
    return target


@transaction.atomic
def update_target(
    *,
    acting_user,
    target: Target,
    expected_version: int | None = None,
    breakdown: Iterable | None = None,
    trajectory: Iterable | None = None,
    **fields,
) -> Target:
    """Change a target. `breakdown` and `trajectory`, when given, replace the old ones; None
    leaves them as they are. Moving a target to another unit needs the office power over both."""
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"update_target() got unexpected fields: {sorted(unknown)}")
    _ensure_may_manage_target(acting_user, target.unit)
    target = lock_for_update(target, expected_version)
    before = snapshot(target, TARGET_FIELDS)
    for name, value in fields.items():
        if name in {"value", "value_max", "baseline_value", "tolerance_percent"}:
            value = _as_decimal(value)
        setattr(target, name, value)
    _ensure_may_manage_target(acting_user, target.unit)
    new_breakdown = (
        list(breakdown) if breakdown is not None else [(s.unit, s.value) for s in target.breakdown.all()]
    )
    new_trajectory = (
        list(trajectory)
        if trajectory is not None
        else [(p.period, p.planned_value) for p in target.trajectory.all()]
    )
    errors = Errors()
    _check_target(target, new_breakdown, new_trajectory, errors)
    errors.raise_if_any()
    target.version += 1
    target.save()
    record_change(actor=acting_user, instance=target, action=ChangeLogEntry.Action.UPDATE, before=before)
    if breakdown is not None:
        _replace_breakdown(acting_user, target, new_breakdown)
    if trajectory is not None:
        _replace_trajectory(acting_user, target, new_trajectory)
    mark_targets_stale([target.pk])
    return target
