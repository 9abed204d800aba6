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
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from resolute.core.periods import Period
from resolute.orgunits.models import OrgUnit
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


class _Subtree:
    """The units under a root: who is whose child, and an order that visits children first."""

    def __init__(self, root: OrgUnit):
        batch = _batch.get()
        if batch is not None and batch.covers_unit(root):
            rows = batch.subtree_rows(root)
        else:
            rows = list(OrgUnit.objects.filter(subtree_q(root.path)).values_list("id", "parent_id", "path"))
        self.root_id = root.pk
        self.unit_ids = [unit_id for unit_id, _parent, _path in rows]
        self.children: dict[int, list[int]] = defaultdict(list)
        self.parent: dict[int, int | None] = {root.pk: None}
        for unit_id, parent_id, _path in rows:
            if unit_id != root.pk:
                self.children[parent_id].append(unit_id)
                self.parent[unit_id] = parent_id
        self.depth = {unit_id: len(path) for unit_id, _parent, path in rows}

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


def _subtree_of(root: OrgUnit) -> "_Subtree":
    batch = _batch.get()
    return batch.subtree(root) if batch is not None and batch.covers_unit(root) else _Subtree(root)


class _Batch:
    """Units and counting values read once for many roll-ups (see `preloaded`).

    It answers only what it holds: a root it read the subtree of, an indicator and periods it read
    the values of, with the same rule for submitted values. Anything else goes to the database as
    usual, so a roll-up inside a batch gives exactly the result it gives outside one."""

    def __init__(self, roots: list[OrgUnit], indicators: list[Indicator], period_codes, include_submitted):
        self.root_ids = {root.pk for root in roots}
        self.states = sorted(counting_states(include_submitted))
        self.period_codes = {indicator.pk: set(period_codes[indicator.pk]) for indicator in indicators}
        paths_query = functools.reduce(operator.or_, (subtree_q(root.path) for root in roots))
        self.rows = sorted(
            OrgUnit.objects.filter(paths_query).values_list("id", "parent_id", "path"), key=lambda row: row[2]
        )
        self.paths = [row[2] for row in self.rows]
        self.subtrees: dict[int, _Subtree] = {}
        # {(indicator id, period code): {unit id: the value that counts}}
        self.values: dict[tuple[int, str], dict[int, HeldValue]] = defaultdict(dict)
        if not any(self.period_codes.values()):
            return
        values_query = functools.reduce(
            operator.or_, (subtree_q(root.path, field="unit__path") for root in roots)
        )
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

    def subtree_rows(self, root: OrgUnit) -> list[tuple]:
        upper = root.path[:-1] + chr(ord(root.path[-1]) + 1)
        return self.rows[bisect.bisect_left(self.paths, root.path) : bisect.bisect_left(self.paths, upper)]

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

    def subtree(self, root: OrgUnit) -> "_Subtree":
        """One subtree a root, however many targets of the batch share it."""
        if root.pk not in self.subtrees:
            self.subtrees[root.pk] = _Subtree(root)
        return self.subtrees[root.pk]


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
    subtree = _subtree_of(unit)
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
    subtree = _subtree_of(unit)
    cells, includes_submitted = _fetch(indicator, subtree, [p.code for p in periods], include_submitted)
    owns, from_childrens, by_period = [], [], {}
    for period in periods:
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
