"""Roll-up: a unit's value for a period, or for a year, from its own figure and the figures below it.

Each unit's value is its own figure when it reports one, else what its children's values combine
to by the indicator's rule (`AcrossUnits`), recursively down the tree:

- sum: the children's values added up;
- average: their plain mean;
- weighted average: Σ(value × weight) ÷ Σ(weight), the weight being the `weight` indicator's
  value for each child (rolled up as a sum the same way); children without a weight are left out;
- ratio: Σ(numerator) ÷ Σ(denominator) × `ratio_scale`, both sums rolled up as sums, so a
  percentage is never an average of percentages;
- not combinable: nothing comes from the children.

A unit's own figure wins over its children's combination, and both are returned so a page can
show them side by side. Reads cost one query for the subtree's units (a path range, see
`orgunits.querysets.subtree_q`) and one `values.current_values` query per indicator involved,
however large the subtree. The recursion itself runs in Python on `Decimal`: a flat SQL SUM over
the subtree would count twice every unit whose own figure sits above its children's.

`as_of` limits a roll-up to periods that have ended by that day: a period still running has no
value yet.

Each period is rolled up over the unit's AREA on the period's last day (`orgunits.history.area_q`):
the units under it in the tree of that day, and the areas of the predecessors whose past it carries.
A city that took over a province on 1 July adds the province's January–June figures to its own
first half-year; the units of an area are a set, so a unit reached twice counts once. A predecessor
hangs under the unit it passed its work to (it was nobody's child that day), so a unit's own figure
still wins over its children's. Periods that fall between the same two changes of the tree share one
reading of the area; when nothing changed after a period, the area is today's path range.

A page that rolls up many targets at once (the target list) wraps the work in `preloaded(...)`:
the units under every root and the values of every indicator involved are then read in two
queries for the whole batch, and each roll-up inside reads from memory instead.
"""

import bisect
import contextlib
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from resolute.core.periods import Period
from resolute.orgunits.models import OrgUnit, UnitPlacement, UnitSuccession
from resolute.orgunits.querysets import subtree_q

from .models import AcrossUnits, DataValue, Indicator, OverTime, ValueState
from .querysets import counting_states
from .values import current_values


@dataclass(frozen=True)
class RolledValue:
    """A unit's value: its own figure, its children's combination, and the one that counts."""

    own: Decimal | None
    from_children: Decimal | None
    value: Decimal | None
    explanation: str
    includes_submitted: bool = False


@dataclass(frozen=True)
class YearValue(RolledValue):
    """A unit's value for a year, with the value of each period that has one (in period order)."""

    year: int = 0
    by_period: dict[str, Decimal] = field(default_factory=dict)


def format_number(value: Decimal | None, decimals: int = 0) -> str:
    """A number as the active language writes it (1,234.5 in English, 1.234,5 in Vietnamese)."""
    if value is None:
        return "—"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


# -- the units a roll-up reads: the unit's area on a day ----------------------------------------------

Row = tuple[int, int | None, str]


def change_days_after(day: date) -> list[date]:
    """The days after `day` on which the tree changed: a unit changed place (`UnitPlacement`) or took
    over another's work (`UnitSuccession`). Sorted; one query."""
    placements = (
        UnitPlacement.objects.filter(valid_from__gt=day).order_by().values_list("valid_from", flat=True)
    )
    successions = (
        UnitSuccession.objects.filter(effective_on__gt=day).order_by().values_list("effective_on", flat=True)
    )
    return sorted(set(placements.union(successions)))


def epoch_of(day: date, change_days: list[date]) -> date | None:
    """The first change of the tree after `day` (None: none since). Two days with the same epoch
    have the same areas, so their periods share one reading of them."""
    index = bisect.bisect_right(change_days, day)
    return change_days[index] if index < len(change_days) else None


def _today_rows(roots: list[OrgUnit]) -> list[Row]:
    paths_query = functools.reduce(operator.or_, (subtree_q(root.path) for root in roots))
    return sorted(
        OrgUnit.objects.filter(paths_query).values_list("id", "parent_id", "path"), key=lambda row: row[2]
    )


def _rows_under(rows: list[Row], paths: list[str], path: str) -> list[Row]:
    upper = path[:-1] + chr(ord(path[-1]) + 1)
    return rows[bisect.bisect_left(paths, path) : bisect.bisect_left(paths, upper)]


def areas_on(roots: list[OrgUnit], day: date) -> dict[int, list[Row]]:
    """{root id: (id, parent id, path) of each unit of the root's area on `day`}, read for all the
    roots at once in a fixed number of queries (four). The area is the union of the subtrees, in the
    tree of that day, of the root and of the predecessors whose work it took over after `day`."""
    successions = UnitSuccession.objects.filter(effective_on__gt=day).values_list(
        "successor_id", "predecessor_id"
    )
    predecessors: dict[int, set[int]] = defaultdict(set)
    for successor_id, predecessor_id in successions:
        predecessors[successor_id].add(predecessor_id)
    lineage: dict[int, set[int]] = {}
    for root in roots:
        found, frontier = {root.pk}, [root.pk]
        while frontier:
            for predecessor_id in predecessors.get(frontier.pop(), ()):
                if predecessor_id not in found:
                    found.add(predecessor_id)
                    frontier.append(predecessor_id)
        lineage[root.pk] = found
    wanted = set().union(*lineage.values())
    placements = UnitPlacement.objects.on(day)
    moved = UnitPlacement.objects.filter(valid_from__gt=day).exists()
    if moved:
        tops = dict(placements.filter(unit_id__in=wanted).values_list("unit_id", "path"))
    else:
        tops = dict(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "path"))
    rows: list[Row] = []
    if tops:
        placed = functools.reduce(operator.or_, (subtree_q(path) for path in set(tops.values())))
        if moved:
            rows = list(placements.filter(placed).values_list("unit_id", "parent_id", "path"))
        else:
            rows = list(OrgUnit.objects.filter(placed).values_list("id", "parent_id", "path"))
    rows.sort(key=lambda row: row[2])
    paths = [row[2] for row in rows]
    areas: dict[int, list[Row]] = {}
    for root in roots:
        members: dict[int, Row] = {}
        for unit_id in lineage[root.pk]:
            if unit_id in tops:
                for row in _rows_under(rows, paths, tops[unit_id]):
                    members.setdefault(row[0], row)
        areas[root.pk] = list(members.values())
    return areas


class _Subtree:
    """The units of a root's area: who is whose child, and an order that visits children first.

    `rows` are the area's (id, parent id, path) on the day read; without them, today's subtree. A
    unit whose parent lies outside the area (a predecessor the root took over) hangs under the root."""

    def __init__(self, root: OrgUnit, rows: list[Row] | None = None):
        if rows is None:
            rows = _today_rows([root])
        self.root_id = root.pk
        members = {unit_id for unit_id, _parent, _path in rows} | {root.pk}
        self.unit_ids = sorted(members)
        self.children: dict[int, list[int]] = defaultdict(list)
        self.parent: dict[int, int | None] = {root.pk: None}
        for unit_id, parent_id, _path in rows:
            if unit_id != root.pk:
                parent_id = parent_id if parent_id in members else root.pk
                self.children[parent_id].append(unit_id)
                self.parent[unit_id] = parent_id
        self.depth: dict[int, int] = {}
        for unit_id in self.parent:
            chain = []
            while unit_id is not None and unit_id not in self.depth:
                chain.append(unit_id)
                unit_id = self.parent[unit_id]
            depth = -1 if unit_id is None else self.depth[unit_id]
            for link in reversed(chain):
                depth += 1
                self.depth[link] = depth

    def bottom_up(self, holding: set[int]) -> list[int]:
        """The units holding a figure and every unit between them and the root, deepest first: the
        only units whose combination can differ from nothing, so a province's roll-up visits the
        handful of units that report rather than all of its communes."""
        needed: set[int] = set()
        for unit_id in holding:
            while unit_id is not None and unit_id not in needed and unit_id in self.parent:
                needed.add(unit_id)
                unit_id = self.parent[unit_id]
        return sorted(needed, key=lambda unit_id: -self.depth[unit_id])


def _sum(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) if values else None


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def _roll_with(subtree: _Subtree, own: dict[int, Decimal], combine, order: list[int]) -> tuple[dict, dict]:
    """Each unit's combination of its children (`from_children`) and its value (own, else that), for
    the units of `order` (children before parents; a unit left out has no figure of any kind)."""
    value: dict[int, Decimal | None] = {}
    from_children: dict[int, Decimal | None] = {}
    for unit_id in order:
        from_children[unit_id] = combine(unit_id, value)
        value[unit_id] = own.get(unit_id, from_children[unit_id])
    return value, from_children


def _present(children: list[int], value: dict) -> list[int]:
    return [child for child in children if value.get(child) is not None]


def _roll_sum(subtree: _Subtree, own: dict[int, Decimal], order: list[int]) -> tuple[dict, dict]:
    return _roll_with(
        subtree,
        own,
        lambda unit_id, value: _sum([value[c] for c in _present(subtree.children[unit_id], value)]),
        order,
    )


def _roll_period(indicator: Indicator, subtree: _Subtree, cells: dict, period_code: str) -> tuple:
    """(own, from_children) of the subtree's root for one period. `cells` maps an indicator id to
    {period code: {unit id: Decimal}}."""

    def own_of(some_indicator) -> dict[int, Decimal]:
        return cells.get(some_indicator.pk, {}).get(period_code, {})

    own = own_of(indicator)
    involved = [own_of(some_indicator) for some_indicator in _indicators_involved(indicator)]
    order = subtree.bottom_up(set().union(*involved))
    rule = indicator.across_units
    children = subtree.children
    if rule == AcrossUnits.SUM:
        _value, from_children = _roll_sum(subtree, own, order)
    elif rule == AcrossUnits.AVERAGE:
        _value, from_children = _roll_with(
            subtree,
            own,
            lambda unit_id, value: _mean([value[c] for c in _present(children[unit_id], value)]),
            order,
        )
    elif rule == AcrossUnits.WEIGHTED_AVERAGE and indicator.weight_id:
        weight, _weight_from_children = _roll_sum(subtree, own_of(indicator.weight), order)

        def weighted(unit_id, value):
            weighed = [c for c in _present(children[unit_id], value) if weight.get(c) is not None]
            total_weight = _sum([weight[c] for c in weighed])
            if not total_weight:
                return None
            return sum((value[c] * weight[c] for c in weighed), Decimal(0)) / total_weight

        _value, from_children = _roll_with(subtree, own, weighted, order)
    elif rule == AcrossUnits.RATIO and indicator.numerator_id and indicator.denominator_id:
        numerator, _n = _roll_sum(subtree, own_of(indicator.numerator), order)
        denominator, _d = _roll_sum(subtree, own_of(indicator.denominator), order)

        def ratio(unit_id, _value):
            present = [c for c in children[unit_id] if numerator.get(c) is not None and denominator.get(c)]
            total_denominator = _sum([denominator[c] for c in present])
            if not total_denominator:
                return None
            return _sum([numerator[c] for c in present]) / total_denominator * indicator.ratio_scale

        _value, from_children = _roll_with(subtree, own, ratio, order)
    else:
        from_children = {}
    return own.get(subtree.root_id), from_children.get(subtree.root_id)


def _indicators_involved(indicator: Indicator) -> list[Indicator]:
    involved = [indicator]
    if indicator.across_units == AcrossUnits.WEIGHTED_AVERAGE and indicator.weight_id:
        involved.append(indicator.weight)
    if indicator.across_units == AcrossUnits.RATIO and indicator.numerator_id and indicator.denominator_id:
        involved += [indicator.numerator, indicator.denominator]
    return involved


def _fetch(indicator: Indicator, subtree: _Subtree, period_codes: list[str], include_submitted) -> tuple:
    """{indicator id: {period code: {unit id: Decimal}}} and whether any submitted value counts."""
    cells: dict[int, dict] = {}
    includes_submitted = False
    if not period_codes:
        return cells, includes_submitted
    batch = _batch.get()
    for some_indicator in _indicators_involved(indicator):
        if batch is not None and batch.covers_values(some_indicator, period_codes, include_submitted):
            rows = batch.current_values(some_indicator, subtree.unit_ids, period_codes)
        else:
            rows = current_values(
                some_indicator, subtree.unit_ids, period_codes, include_submitted=include_submitted
            )
        by_period: dict[str, dict[int, Decimal]] = defaultdict(dict)
        for (unit_id, code), row in rows.items():
            by_period[code][unit_id] = row.value
        cells[some_indicator.pk] = by_period
        includes_submitted |= any(row.state == ValueState.SUBMITTED for row in rows.values())
    return cells, includes_submitted


class HeldValue(NamedTuple):
    """What a roll-up reads of a stored figure."""

    value: Decimal
    state: str


def _subtrees_of(root: OrgUnit, periods: list[Period]) -> list[tuple[_Subtree, list[Period]]]:
    """The periods grouped by the area they roll up over (the root's area on their last day), each
    group with its subtree, in period order. Outside a batch: one query for the changes of the tree,
    then one for today's subtree or four for an earlier area."""
    batch = _batch.get()
    if batch is not None and batch.covers_unit(root) and batch.knows_changes_for(periods):
        change_days = batch.change_days
    elif periods:
        change_days = change_days_after(min(period.last_day for period in periods))
    else:
        change_days = []
    groups: dict[date | None, list[Period]] = {}
    for period in periods:
        groups.setdefault(epoch_of(period.last_day, change_days), []).append(period)
    if not groups:
        groups[None] = []
    found = []
    for epoch, grouped in groups.items():
        if batch is not None and batch.covers_unit(root):
            subtree = batch.subtree(root, epoch)
        elif epoch is None:
            subtree = _Subtree(root)
        else:
            subtree = _Subtree(root, areas_on([root], grouped[-1].last_day)[root.pk])
        found.append((subtree, grouped))
    return found


class _Batch:
    """Units and counting values read once for many roll-ups (see `preloaded`).

    It answers only what it holds: a root it read the areas of, an indicator and periods it read
    the values of, with the same rule for submitted values. Anything else goes to the database as
    usual, so a roll-up inside a batch gives exactly the result it gives outside one."""

    def __init__(self, roots: list[OrgUnit], indicators: list[Indicator], period_codes, include_submitted):
        self.roots = {root.pk: root for root in roots}
        self.root_ids = set(self.roots)
        self.states = sorted(counting_states(include_submitted))
        self.period_codes = {indicator.pk: set(period_codes[indicator.pk]) for indicator in indicators}
        self.rows = _today_rows(roots)
        self.paths = [row[2] for row in self.rows]
        self.subtrees: dict[tuple[int, date | None], _Subtree] = {}
        # {epoch: {root id: rows of its area}} for the epochs before a change of the tree.
        self.areas: dict[date, dict[int, list[Row]]] = {}
        # {(indicator id, period code): {unit id: the value that counts}}
        self.values: dict[tuple[int, str], dict[int, HeldValue]] = defaultdict(dict)
        last_days = [Period.parse(code).last_day for codes in self.period_codes.values() for code in codes]
        # The changes are known after this day only: an earlier period asks the database itself.
        self.changes_known_after = min(last_days) if last_days else None
        self.change_days = change_days_after(self.changes_known_after) if last_days else []
        if not any(self.period_codes.values()):
            return
        for day in sorted({epoch_of(last_day, self.change_days) for last_day in last_days} - {None}):
            # Any day of an epoch reads the same areas: the day before the change that ends it.
            self.areas[day] = areas_on(roots, day - timedelta(days=1))
        earlier_units = {row[0] for areas in self.areas.values() for rows in areas.values() for row in rows}
        values_query = functools.reduce(
            operator.or_, (subtree_q(root.path, field="unit__path") for root in roots)
        )
        if earlier_units:
            values_query |= models.Q(unit_id__in=sorted(earlier_units))
        wanted = functools.reduce(
            operator.or_,
            (
                models.Q(indicator_id=indicator_id, period__in=sorted(codes))
                for indicator_id, codes in self.period_codes.items()
                if codes
            ),
        )
        rows = (
            DataValue.objects.filter(values_query, wanted, superseded_by__isnull=True, state__in=self.states)
            .order_by("indicator_id", "unit_id", "period", "-vintage", "-id")
            .values_list("indicator_id", "unit_id", "period", "value", "state")
        )
        # Best first within each cell: the first row of a cell is the one that counts.
        for indicator_id, unit_id, period, value, state in rows:
            self.values[(indicator_id, period)].setdefault(unit_id, HeldValue(value, state))

    def covers_unit(self, root: OrgUnit) -> bool:
        return root.pk in self.root_ids

    def knows_changes_for(self, periods: list[Period]) -> bool:
        return self.changes_known_after is not None and all(
            period.last_day >= self.changes_known_after for period in periods
        )

    def covers_values(self, indicator: Indicator, period_codes: list[str], include_submitted) -> bool:
        held = self.period_codes.get(indicator.pk)
        return (
            held is not None
            and held.issuperset(period_codes)
            and sorted(counting_states(include_submitted)) == self.states
        )

    def current_values(self, indicator: Indicator, unit_ids: list[int], period_codes: list[str]) -> dict:
        wanted_units = set(unit_ids)
        return {
            (unit_id, code): held
            for code in period_codes
            for unit_id, held in self.values.get((indicator.pk, code), {}).items()
            if unit_id in wanted_units
        }

    def subtree(self, root: OrgUnit, epoch: date | None = None) -> _Subtree:
        """One subtree a root and epoch, however many targets of the batch share it. An epoch the
        batch did not read (a period it was not asked for) is read on its own."""
        key = (root.pk, epoch)
        if key not in self.subtrees:
            if epoch is None:
                self.subtrees[key] = _Subtree(root, _rows_under(self.rows, self.paths, root.path))
            elif epoch in self.areas:
                self.subtrees[key] = _Subtree(root, self.areas[epoch][root.pk])
            else:
                self.subtrees[key] = _Subtree(root, areas_on([root], epoch - timedelta(days=1))[root.pk])
        return self.subtrees[key]


_batch: ContextVar[_Batch | None] = ContextVar("rollup_batch", default=None)


@contextlib.contextmanager
def preloaded(
    roots: Iterable[OrgUnit], needs: Iterable[tuple[Indicator, Iterable[int]]], *, include_submitted=None
) -> Iterator[None]:
    """Roll-ups inside read the subtrees of `roots` and the values of each (indicator, years) in
    `needs` from two queries made here, whatever their number. The indicators a rule involves
    (weights, numerators, denominators) are read with the indicator that needs them."""
    roots = list({root.pk: root for root in roots}.values())
    period_codes: dict[int, set[str]] = defaultdict(set)
    indicators: dict[int, Indicator] = {}
    for indicator, years in needs:
        for involved in _indicators_involved(indicator):
            indicators[involved.pk] = involved
            for year in years:
                period_codes[involved.pk].update(
                    period.code for period in Period.all_in_year(year, involved.periodicity)
                )
    if not roots or not indicators:
        yield
        return
    token = _batch.set(_Batch(roots, list(indicators.values()), period_codes, include_submitted))
    try:
        yield
    finally:
        _batch.reset(token)


def _explain(indicator: Indicator, own, from_children) -> str:
    decimals = indicator.decimals
    rule = AcrossUnits(indicator.across_units).label
    if own is not None and from_children is not None:
        return _(
            "The unit reports %(own)s itself; the units below combine to %(children)s (%(rule)s). "
            "The unit's own figure counts."
        ) % {
            "own": format_number(own, decimals),
            "children": format_number(from_children, decimals),
            "rule": rule,
        }
    if own is not None:
        return _("The unit reports %(own)s itself.") % {"own": format_number(own, decimals)}
    if from_children is not None:
        return _(
            "The unit reports no figure of its own; the units below combine to %(children)s (%(rule)s)."
        ) % {
            "children": format_number(from_children, decimals),
            "rule": rule,
        }
    return _("No figure counts yet.")


def _submitted_note(includes_submitted: bool) -> str:
    return " " + _("Includes submitted figures not yet approved.") if includes_submitted else ""


def _as_period(period) -> Period:
    return period if isinstance(period, Period) else Period.parse(str(period))


def unit_value(
    indicator: Indicator,
    unit: OrgUnit,
    period,
    *,
    as_of: date | None = None,
    include_submitted: bool | None = None,
) -> RolledValue:
    """The unit's value for one period: its own figure beside its children's combination."""
    period = _as_period(period)
    [(subtree, _periods)] = _subtrees_of(unit, [period])
    ended = as_of is None or period.last_day <= as_of
    cells, includes_submitted = _fetch(indicator, subtree, [period.code] if ended else [], include_submitted)
    own, from_children = _roll_period(indicator, subtree, cells, period.code)
    value = own if own is not None else from_children
    return RolledValue(
        own=own,
        from_children=from_children,
        value=value,
        explanation=_explain(indicator, own, from_children) + _submitted_note(includes_submitted),
        includes_submitted=includes_submitted,
    )


def combine_over_time(over_time: str, values: list[Decimal]) -> Decimal | None:
    """A year's value from its periods' values (in period order): their sum, the latest, or the mean."""
    if not values:
        return None
    if over_time == OverTime.CUMULATIVE:
        return sum(values, Decimal(0))
    if over_time == OverTime.AVERAGE:
        return sum(values, Decimal(0)) / len(values)
    return values[-1]


def year_value(
    indicator: Indicator,
    unit: OrgUnit,
    year: int,
    *,
    as_of: date | None = None,
    include_submitted: bool | None = None,
) -> YearValue:
    """The unit's value for a year: the periods (ended by `as_of`, if given) combined by the
    indicator's `over_time` rule, each period rolled up across units first."""
    periods = [
        period
        for period in Period.all_in_year(year, indicator.periodicity)
        if as_of is None or period.last_day <= as_of
    ]
    owns, from_childrens, by_period = [], [], {}
    includes_submitted = False
    for subtree, grouped in _subtrees_of(unit, periods):
        cells, submitted = _fetch(indicator, subtree, [p.code for p in grouped], include_submitted)
        includes_submitted |= submitted
        for period in grouped:
            own, from_children = _roll_period(indicator, subtree, cells, period.code)
            if own is not None:
                owns.append(own)
            if from_children is not None:
                from_childrens.append(from_children)
            value = own if own is not None else from_children
            if value is not None:
                by_period[period.code] = value
    own = combine_over_time(indicator.over_time, owns)
    from_children = combine_over_time(indicator.over_time, from_childrens)
    value = combine_over_time(indicator.over_time, list(by_period.values()))
    explanation = _explain(indicator, own, from_children)
    if len(periods) > 1 and by_period:
        explanation += " " + _("%(count)s periods with a figure, combined by %(rule)s: %(value)s.") % {
            "count": len(by_period),
            "rule": OverTime(indicator.over_time).label,
            "value": format_number(value, indicator.decimals),
        }
    return YearValue(
        own=own,
        from_children=from_children,
        value=value,
        explanation=explanation + _submitted_note(includes_submitted),
        includes_submitted=includes_submitted,
        year=year,
        by_period=by_period,
    )
