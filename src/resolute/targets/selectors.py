"""Named reads of the target pages: each starts from what the user may see.

A target's status is derived (see `status.evaluate`), so a list evaluates its targets in memory
from the units and values it reads first in a fixed number of queries (`rollup.preloaded`),
however many targets it holds: that is what lets the list filter by status. On today, the list, the
dashboard and the report read the evaluations stored ahead (`evaluated_as_stored`, kept current by
`actions.evaluations`) and evaluate live only the targets whose stored row is not current.
"""

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.periods import FIRST_YEAR, Period, PeriodType
from resolute.directives.models import Clause, Document
from resolute.orgunits.history import area_q, predecessors_before
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import scope_for
from resolute.orgunits.selectors import ShownRows, rows_of_visible_units

from . import rollup
from .actions.common import lock_days
from .models import (
    DataValue,
    Indicator,
    StoredEvaluation,
    Target,
    TargetBreakdown,
    TargetHandover,
    TrajectoryPoint,
    ValueState,
)
from .status import Evaluation, TargetStatus, evaluate
from .stored import evaluation_of, is_readable


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
    series falls back to it) and, for a target judged across years, back to its baseline; none before
    the first year a period may name."""
    first = target.year - 1
    if target.baseline_year:
        first = min(first, target.baseline_year)
    first = max(first, FIRST_YEAR)
    return range(first, max(target.year, min(target.deadline.year, as_of.year)) + 1)


def _preloaded_for(targets: list[Target], as_of: date):
    roots = [target.unit for target in targets]
    roots += [target.reference_unit for target in targets if target.reference_unit_id]
    needs = [(target.indicator, years_read_by_evaluation(target, as_of)) for target in targets]
    return rollup.preloaded(roots, needs)


def evaluated(targets, as_of: date) -> list[EvaluatedTarget]:
    """Each target with its status on `as_of`; the values are read once for all of them."""
    targets = list(targets)
    with _preloaded_for(targets, as_of):
        return [EvaluatedTarget(target, evaluate(target, as_of=as_of)) for target in targets]


def evaluations_in_languages(targets, as_of: date, languages: list[str]) -> dict[int, dict[str, Evaluation]]:
    """{target id: {language: its evaluation on `as_of` worded in that language}}: what a stored
    evaluation keeps. The values are read once for all the targets and languages."""
    targets = list(targets)
    found: dict[int, dict[str, Evaluation]] = {target.pk: {} for target in targets}
    with _preloaded_for(targets, as_of):
        for language in languages:
            with translation.override(language):
                for target in targets:
                    found[target.pk][language] = evaluate(target, as_of=as_of)
    return found


def targets_for_evaluation():
    """Every target, with what `evaluate` reads of it (a refresh of the stored evaluations)."""
    return Target.objects.select_related(
        "indicator__weight", "indicator__numerator", "indicator__denominator", "unit", "reference_unit"
    ).prefetch_related(Prefetch("trajectory", queryset=TrajectoryPoint.objects.order_by("period")))


def _stored_rows(ids: list[int], day: date) -> dict[int, StoredEvaluation]:
    """Today's stored rows of the targets `ids`, in one query (in chunks where the database limits
    the parameters of a query)."""
    rows: dict[int, StoredEvaluation] = {}
    limit = connection.features.max_query_params
    step = max(1, limit - 10) if limit else max(1, len(ids))
    for start in range(0, len(ids), step):
        rows.update(
            (row.target_id, row)
            for row in StoredEvaluation.objects.filter(target_id__in=ids[start : start + step], day=day)
        )
    return rows


def evaluated_as_stored(targets, as_of: date) -> list[EvaluatedTarget]:
    """What `evaluated` gives, read from the stored evaluations where it can be: on today only, for
    the targets whose row for today is current (not marked stale by a change since, computed under
    today's setting for submitted figures and in the active language, the target not edited after it
    was computed). The others — every target on another day — are evaluated live, their values read
    once for all of them. One query more than nothing when every row is current."""
    targets = list(targets)
    if not targets or as_of != clock.today():
        return evaluated(targets, as_of)
    rows = _stored_rows([target.pk for target in targets], as_of)
    kept: dict[int, Evaluation] = {}
    for target in targets:
        row = rows.get(target.pk)
        if (
            row is not None
            and is_readable(row)
            and row.computed_at is not None
            and target.updated_at <= row.computed_at
        ):
            kept[target.pk] = evaluation_of(row)
    live = {
        row.target.pk: row.evaluation for row in evaluated([t for t in targets if t.pk not in kept], as_of)
    }
    return [EvaluatedTarget(target, kept.get(target.pk) or live[target.pk]) for target in targets]


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


def breakdown_of(user, target: Target, as_of: date) -> ShownRows:
    """The target's shares that `user` may see, each judged for its unit, and how many shares of
    units outside the user's scope were left out (a district reads its own share of a provincial
    target, not its siblings')."""
    shares = rows_of_visible_units(user, target.breakdown.select_related("unit").order_by("unit__path"))
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
    return ShownRows(rows=rows, hidden=shares.hidden)


def values_of_target(user, target: Target):
    """Every figure entered for the target's indicator by its unit and the units of its breakdown
    in its year, superseded ones included, newest first: the values with their vintages. The units
    that handed the target or a share over in a reorganisation keep their values, which show here
    too."""
    unit_ids = [
        target.unit_id,
        *target.breakdown.values_list("unit_id", flat=True),
        *target.handovers.values_list("from_unit_id", flat=True),
    ]
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


# -- the figures of the dashboard, the scorecards and the implementation report ----------------------
# Each reads what the user may see, in a fixed number of queries however large the province is.
#
# - Late reporters: for each periodicity, the last period CLOSED by `as_of` — its last day plus the
#   lock days (RESOLUTE_LOCK_DAYS_AFTER_DEADLINE, 15 by default) is before `as_of` — and the units that
#   owe an indicator for it (a target of the unit, or a breakdown share of a target, covering that
#   year) and have no submitted or approved figure for it entered on or before `as_of`. The reporting
#   regime's own obligations are not counted here; owed indicator values stand in for them.
# - Reporting timeliness: of the values a unit owed for the periods closed in the twelve months up to
#   `as_of`, the share with a submitted or approved figure entered (`created_at`) by the period's
#   deadline (its last day plus the lock days).


def target_list_url(as_of: date, *, unit=None, document=None, **extra) -> str:
    """The target list with the targets of `unit` (the list always includes the units below it) and
    of `document`, as they stood on `as_of`, narrowed further by `extra` (status...)."""
    query = {"as_of": as_of.isoformat()}
    if unit is not None:
        query["unit"] = str(unit.pk)
    if document is not None:
        query["document"] = str(document.pk)
    query.update({name: str(value) for name, value in extra.items()})
    return f"{reverse('targets:list')}?{urlencode(query)}"


def unit_scope_q(unit, as_of: date | None, *, include_subtree: bool, field: str = "unit") -> Q:
    """A Q over a foreign key `field` to a unit: `unit` alone, or its area on `as_of` (the tree of
    that day, with the predecessors whose past it carries; today's subtree without a day). The unit
    itself always counts, even on a day before it existed: what it took over is its own now."""
    if not include_subtree:
        return Q(**{field: unit})
    if as_of is None:
        return subtree_q(unit.path, field=f"{field}__path")
    return area_q(unit, as_of, field=field) | Q(**{field: unit})


def scoped_targets(
    user, unit=None, *, include_subtree: bool = True, document=None, as_of: date | None = None
) -> QuerySet:
    """The targets `user` may see set for `unit` (with its area on `as_of`, or alone), of `document`
    when one is given, with what a row of the target list shows, in list order."""
    targets = targets_for_list(user)
    if unit is not None:
        targets = targets.filter(unit_scope_q(unit, as_of, include_subtree=include_subtree))
    if document is not None:
        targets = targets.filter(document=document)
    return targets


def contributed_targets(user, unit) -> QuerySet:
    """The targets `unit` contributes to: set for it, or with a share of their breakdown for it."""
    shares = TargetBreakdown.objects.filter(unit=unit).values("target_id")
    return targets_for_list(user).filter(Q(unit=unit) | Q(pk__in=shares))


@dataclass
class TargetFigures:
    """The targets with their status on a day, and how many have each status."""

    rows: list[EvaluatedTarget]
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return len(self.rows)

    def with_status(self, status: str) -> list[EvaluatedTarget]:
        return [row for row in self.rows if row.evaluation.status == status]


def target_figures(targets, as_of: date) -> TargetFigures:
    """Evaluate `targets` on `as_of` (the values are read once for all: a fixed number of queries)."""
    rows = evaluated_as_stored(targets, as_of)
    by_status = dict.fromkeys(TargetStatus.values, 0)
    for row in rows:
        by_status[row.evaluation.status] += 1
    return TargetFigures(rows=rows, by_status=by_status)


@dataclass
class Contribution:
    """A target a unit contributes to: its own (`share` None) or a share of a target's breakdown,
    judged for the unit (its share against its own figures). `record_of` is the predecessor whose
    record it is, when the unit took over from one in a reorganisation (the row is history)."""

    target: Target
    unit: OrgUnit
    share: Decimal | None
    evaluation: Evaluation
    record_of: OrgUnit | None = None


def contributions_of_unit(user, unit, as_of: date, *, include_subtree: bool = False) -> list[Contribution]:
    """The targets `unit` (with its area on `as_of` when asked) contributes to, that `user` may see,
    each with its status on `as_of`: its own targets, then its shares of breakdowns. A unit that took
    over from predecessors also shows what stayed with them (their finished targets and shares),
    marked as their record. A fixed number of queries (the predecessors, the targets, their curves,
    the shares, then the values read once for all)."""
    predecessors = {found.pk: found for found in predecessors_before([unit], date.min)}
    in_scope = unit_scope_q(unit, as_of, include_subtree=include_subtree)
    if predecessors:
        in_scope |= Q(unit_id__in=list(predecessors))
    own = list(targets_for_list(user).filter(in_scope))
    shares = list(
        TargetBreakdown.objects.filter(in_scope, target__in=Target.objects.visible_to(user))
        .select_related(
            "unit",
            "target__document",
            "target__unit",
            "target__reference_unit",
            "target__clause",
            "target__indicator__weight",
            "target__indicator__numerator",
            "target__indicator__denominator",
        )
        .order_by("unit__path", "target__indicator__code", "target_id")
    )
    judged = evaluated([*own, *(share_as_target(share.target, share) for share in shares)], as_of)
    rows = [
        Contribution(
            target=row.target,
            unit=row.target.unit,
            share=None,
            evaluation=row.evaluation,
            record_of=predecessors.get(row.target.unit_id),
        )
        for row in judged[: len(own)]
    ]
    rows += [
        Contribution(
            target=share.target,
            unit=share.unit,
            share=share.value,
            evaluation=row.evaluation,
            record_of=predecessors.get(share.unit_id),
        )
        for share, row in zip(shares, judged[len(own) :], strict=True)
    ]
    return rows


def period_deadline(period: Period) -> date:
    """The last day a period's figures are on time: its last day plus the lock days."""
    return period.last_day + timedelta(days=lock_days())


def last_closed_period(periodicity: str, as_of: date) -> Period:
    """The latest period of `periodicity` whose deadline (`period_deadline`) is before `as_of`."""
    period = Period.containing(as_of, periodicity)
    while period_deadline(period) >= as_of:
        period = period.previous()
    return period


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


@dataclass(frozen=True)
class OwedValue:
    unit_id: int
    indicator_id: int
    period: Period


def owed_values(
    unit, periods_by_type: dict[str, list[Period]], *, include_subtree: bool = True, as_of: date | None = None
):
    """The (unit, indicator, period) figures owed by `unit` (with its area on `as_of`, its subtree
    today without a day) for the given periods of each periodicity: an indicator of a target set for
    the unit or with a breakdown share for it, whose years (its year to its deadline's year) cover
    the period's year. Two queries (and the area's, on a day the tree changed after)."""
    in_scope = unit_scope_q(unit, as_of, include_subtree=include_subtree)
    periodicities = list(periods_by_type)

    def received_on(target_ref: str):
        # The day the unit took the target (or its share) over in a reorganisation, if it did.
        return Subquery(
            TargetHandover.objects.filter(target_id=OuterRef(target_ref), to_unit_id=OuterRef("unit_id"))
            .order_by("effective_on")
            .values("effective_on")[:1]
        )

    own = (
        Target.objects.filter(in_scope, indicator__periodicity__in=periodicities)
        .annotate(received_on=received_on("pk"))
        .values_list(
            "unit_id",
            "indicator_id",
            "indicator__periodicity",
            "year",
            "deadline",
            "unit__effective_from",
            "unit__effective_to",
            "received_on",
        )
    )
    shares = (
        TargetBreakdown.objects.filter(in_scope, target__indicator__periodicity__in=periodicities)
        .annotate(received_on=received_on("target_id"))
        .values_list(
            "unit_id",
            "target__indicator_id",
            "target__indicator__periodicity",
            "target__year",
            "target__deadline",
            "unit__effective_from",
            "unit__effective_to",
            "received_on",
        )
    )
    owed: set[OwedValue] = set()
    for unit_id, indicator_id, periodicity, year, deadline, opened, closed, received in [*own, *shares]:
        # A unit owes the periods that end while it exists and holds the target: a ward created on
        # 1 July, or a department that took a share over that day, does not owe the first half-year
        # its predecessors reported; a closed unit owes nothing after.
        since = max(day for day in (opened, received) if day is not None) if opened or received else None
        for period in periods_by_type.get(periodicity, []):
            holds = (since is None or since <= period.last_day) and (
                closed is None or closed >= period.last_day
            )
            if holds and year <= period.year <= deadline.year:
                owed.add(OwedValue(unit_id, indicator_id, period))
    return owed


def _submitted_rows(owed: set[OwedValue], as_of: date):
    """(unit, indicator, period code, entered at) of the submitted or approved figures of the owed
    cells, entered on or before `as_of`. One query."""
    if not owed:
        return []
    unit_ids = {item.unit_id for item in owed}
    indicator_ids = {item.indicator_id for item in owed}
    codes = {item.period.code for item in owed}
    return DataValue.objects.filter(
        unit_id__in=unit_ids,
        indicator_id__in=indicator_ids,
        period__in=codes,
        state__in=[ValueState.SUBMITTED, ValueState.APPROVED],
        created_at__lte=_end_of(as_of),
    ).values_list("unit_id", "indicator_id", "period", "created_at")


@dataclass
class LateReporter:
    """A unit that has not submitted the figures it owes for a closed period."""

    unit: OrgUnit
    period: Period
    deadline: date
    missing: list[Indicator] = field(default_factory=list)
    url: str = ""

    @property
    def count(self) -> int:
        return len(self.missing)


def late_reporters(user, unit, as_of: date) -> list[LateReporter]:
    """The units in `unit`'s subtree that `user` may see and that owe figures for the last period
    closed by `as_of` (one per periodicity) without a submitted or approved figure entered by then;
    most missing first. A fixed number of queries (five)."""
    periods = {periodicity: [last_closed_period(periodicity, as_of)] for periodicity in PeriodType.values}
    owed = owed_values(unit, periods, as_of=as_of)
    submitted = {(u, i, code) for u, i, code, _at in _submitted_rows(owed, as_of)}
    missing: dict[tuple[int, Period], list[int]] = {}
    for item in owed:
        if (item.unit_id, item.indicator_id, item.period.code) not in submitted:
            missing.setdefault((item.unit_id, item.period), []).append(item.indicator_id)
    if not missing:
        return []
    scope = scope_for(user)
    units = {
        found.pk: found
        for found in OrgUnit.objects.filter(pk__in={unit_id for unit_id, _period in missing})
        if scope.can_see_unit(found)
    }
    indicators = Indicator.objects.in_bulk({pk for ids in missing.values() for pk in ids})
    rows = []
    for (unit_id, period), indicator_ids in missing.items():
        if unit_id not in units:
            continue
        query = urlencode({"unit": str(unit_id), "period": period.code})
        rows.append(
            LateReporter(
                unit=units[unit_id],
                period=period,
                deadline=period_deadline(period),
                missing=sorted((indicators[pk] for pk in indicator_ids), key=lambda i: i.code),
                url=f"{reverse('targets:entry')}?{query}",
            )
        )
    rows.sort(key=lambda row: (-row.count, row.unit.path, row.period.code))
    return rows


@dataclass
class Timeliness:
    """Of the figures a unit owed for the periods closed in the year to `as_of`, how many were
    submitted (or approved) by their deadline."""

    owed: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.owed if self.owed else None


def periods_closed_in_year(as_of: date) -> dict[str, list[Period]]:
    """For each periodicity, the periods whose deadline fell in the twelve months up to `as_of`."""
    since = as_of - timedelta(days=365)
    periods: dict[str, list[Period]] = {}
    for periodicity in PeriodType.values:
        period = last_closed_period(periodicity, as_of)
        found = []
        while period_deadline(period) >= since:
            found.append(period)
            period = period.previous()
        periods[periodicity] = found
    return periods


def reporting_timeliness(unit, as_of: date, *, include_subtree: bool = False) -> Timeliness:
    """How on time `unit` (with its subtree when asked) reported the figures it owed for the
    periods closed in the twelve months up to `as_of`. Three queries."""
    owed = owed_values(unit, periods_closed_in_year(as_of), include_subtree=include_subtree, as_of=as_of)
    first_entered: dict[tuple, datetime] = {}
    for unit_id, indicator_id, code, created_at in _submitted_rows(owed, as_of):
        key = (unit_id, indicator_id, code)
        if key not in first_entered or created_at < first_entered[key]:
            first_entered[key] = created_at
    on_time = late = 0
    for item in owed:
        entered = first_entered.get((item.unit_id, item.indicator_id, item.period.code))
        if entered is None:
            continue
        if entered <= _end_of(period_deadline(item.period)):
            on_time += 1
        else:
            late += 1
    return Timeliness(owed=len(owed), on_time=on_time, late=late, missing=len(owed) - on_time - late)
