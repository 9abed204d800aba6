"""Named reads of the target pages: each starts from what the user may see.

A target's status is derived (see `status.evaluate`), so a list evaluates its targets in memory
from the units and values it reads first in a fixed number of queries (`rollup.preloaded`),
however many targets it holds: that is what lets the list filter by status.
"""

import copy
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from resolute.core.periods import Period
from resolute.directives.models import Clause, Document

from . import rollup
from .models import DataValue, Indicator, Target, TrajectoryPoint
from .status import Evaluation, evaluate


def targets_for_list(user):
    """The targets the user can see, with what a row of the list shows, in list order."""
    return (
        Target.objects.visible_to(user)
        .select_related(
            "document",
            "indicator__weight",
            "indicator__numerator",
            "indicator__denominator",
            "unit",
            "reference_unit",
            "clause",
        )
        .prefetch_related(Prefetch("trajectory", queryset=TrajectoryPoint.objects.order_by("period")))
        .order_by("-document__issued_on", "-document_id", "area", "unit__path", "indicator__code", "id")
    )


def get_visible_target(user, pk) -> Target:
    target = (
        targets_for_list(user).select_related("created_by").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if target is None:
        raise Http404(_("No such target."))
    return target


def get_visible_indicator(user, pk) -> Indicator:
    indicator = (
        Indicator.objects.visible_to(user)
        .select_related("weight", "numerator", "denominator")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if indicator is None:
        raise Http404(_("No such indicator."))
    return indicator


def get_visible_clause(user, pk) -> Clause:
    """A clause of a document the user can read, with its document, or 404."""
    clause = (
        Clause.objects.filter(pk=pk, document__in=Document.objects.visible_to(user))
        .select_related("document")
        .first()
        if str(pk).isdigit()
        else None
    )
    if clause is None:
        raise Http404(_("No such clause."))
    return clause


@dataclass(frozen=True)
class EvaluatedTarget:
    target: Target
    evaluation: Evaluation


def years_read_by_evaluation(target: Target, as_of: date) -> range:
    """The years whose values `evaluate` may read: the target's year, the year before (a reference
    series falls back to it) and, for a target judged across years, back to its baseline."""
    first = target.year - 1
    if target.baseline_year:
        first = min(first, target.baseline_year)
    return range(first, max(target.year, min(target.deadline.year, as_of.year)) + 1)


def evaluated(targets, as_of: date) -> list[EvaluatedTarget]:
    """Each target with its status on `as_of`; the values are read once for all of them."""
    targets = list(targets)
    roots = [target.unit for target in targets]
    roots += [target.reference_unit for target in targets if target.reference_unit_id]
    needs = [(target.indicator, years_read_by_evaluation(target, as_of)) for target in targets]
    with rollup.preloaded(roots, needs):
        return [EvaluatedTarget(target, evaluate(target, as_of=as_of)) for target in targets]


@dataclass(frozen=True)
class UnitShare:
    """One unit's share of a target: its committed value and its status (with its value so far)."""

    unit: object
    committed: object
    evaluation: Evaluation


def _scaled_baseline(target: Target, share_value):
    if target.baseline_value is None or not target.value:
        return None
    return target.baseline_value * share_value / target.value


def share_as_target(target: Target, share) -> Target:
    """The target as it applies to one unit of its breakdown: the share's value for that unit.

    The office's curve is for the whole, so a share follows a straight line. Its start is the
    whole's start scaled to the share (a unit owing 10% of the goal starts from 10% of the
    baseline), since units report no baseline of their own; a figure that accumulates over the
    year starts from zero anyway."""
    unit_target = copy.copy(target)
    # The copy must not write into the original's caches (its unit, its curve).
    unit_target._state = copy.copy(target._state)
    unit_target._state.fields_cache = dict(target._state.fields_cache)
    unit_target._prefetched_objects_cache = {"trajectory": TrajectoryPoint.objects.none()}
    unit_target.unit = share.unit
    unit_target.unit_id = share.unit_id
    unit_target.value = share.value
    unit_target.value_max = None
    unit_target.baseline_value = _scaled_baseline(target, share.value)
    unit_target.baseline_year = None
    return unit_target


def breakdown_of(target: Target, as_of: date) -> list[UnitShare]:
    shares = target.breakdown.select_related("unit").order_by("unit__path")
    rows = []
    for share in shares:
        unit_target = share_as_target(target, share)
        rows.append(
            UnitShare(
                unit=share.unit,
                committed=share.value,
                evaluation=evaluate(unit_target, as_of=as_of),
            )
        )
    return rows


def values_of_target(user, target: Target):
    """Every figure entered for the target's indicator by its unit and the units of its breakdown
    in its year, superseded ones included, newest first: the values with their vintages."""
    unit_ids = [target.unit_id, *target.breakdown.values_list("unit_id", flat=True)]
    codes = [period.code for period in Period.all_in_year(target.year, target.indicator.periodicity)]
    return (
        DataValue.objects.visible_to(user)
        .filter(indicator=target.indicator, unit_id__in=unit_ids, period__in=codes)
        .select_related("unit", "entered_by", "decided_by")
        .order_by("period", "unit__path", "-vintage", "-id")
    )


def targets_of_indicator(user, indicator: Indicator):
    return targets_for_list(user).filter(indicator=indicator)


def documents_with_targets(user):
    return Document.objects.visible_to(user).filter(targets__isnull=False).distinct().order_by("-issued_on")
