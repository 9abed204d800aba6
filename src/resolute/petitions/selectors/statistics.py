"""The figures of petitions over a period: what the dashboard's panel, the implementation report's
section, the statistics page, the periodic report to the inspectorate and the API's statistics show.

`petition_figures(user, unit=…, start=…, end=…)` counts the petitions the user may read
(`Petition.objects.visible_to`) that concern `unit` — received by it or handled by it, with the units
below it unless `include_subtree` is false — once each: a petition linked as a duplicate of another
counts only as that other (`counted()`); duplicates are counted apart, in `duplicates`.

**Which petitions.** Those received from `start` to `end` (both counted). With `include_carried_over`
(the report to the inspectorate), also those received before `start` that were still open on the day
before it — the petitions "brought forward from the previous period".

**What is counted of them**, judged on `end`:

- *received*: received from `start` to `end`; *carried over*: brought forward (see above).
- *accepted*: accepted on or before `end`.
- *settled*: decided (the complaint settled, the denunciation concluded, the recommendation or
  reflection answered) from `start` to `end`; **on time** when the decision is dated on or before the
  settlement deadline (extensions included), **late** otherwise. A petition decided without a
  settlement deadline (never accepted) is judged against its acceptance deadline. By outcome:
  well-founded, partly well-founded, unfounded, answered.
- *refused*, *forwarded* (to another body: not within the unit's competence), *withdrawn*: on or
  before `end`.
- *open* on `end`: none of the above by `end`. Its deadline on `end` is the one the unit owed that
  day: to accept or refuse (before acceptance), else to settle, as it stood on `end` — an extension
  decided after `end` does not count yet. **Overdue** when that deadline is before `end` (it ended
  on an earlier day); **within the deadline** otherwise, the last day itself included.
- *in competence*: sent to a competent unit (it has one) and not forwarded; the rest were forwarded
  or wait to be routed.
- *extended*: petitions with at least one extension decided by `end`; *extensions*: the decisions.

Every petition received or carried over is in exactly one of settled, refused, forwarded, withdrawn,
open within and open overdue, so those add up to received + carried over (`Counts.balances`).

**By kind** (the four kinds, always all four) and **by unit**: the unit competent for the petition —
the handling unit when it lies under `unit`, else the unit that received it — counted under the
top-level unit below `unit` it belongs to (or under `unit` itself); with no `unit`, under the roots of
the tree.

**The same period a year earlier** is read the same way, and the change in received petitions is
(received − received a year earlier) ÷ received a year earlier × 100, rounded to one decimal (none
when nothing was received a year earlier).

Each period is one aggregate query grouped by kind and unit, plus one query for the units' names:
three queries for the figures and the year before, however many petitions there are.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, Substr
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import PATH_SEGMENT_WIDTH, subtree_q

from ..choices import Outcome, PetitionKind
from ..models import Petition, PetitionExtension

ONE_DAY = timedelta(days=1)


@dataclass
class Counts:
    """The counts of one group of petitions (see the module for what each means)."""

    received: int = 0
    carried_over: int = 0
    duplicates: int = 0
    several_signatories: int = 0
    accepted: int = 0
    in_competence: int = 0
    settled_on_time: int = 0
    settled_late: int = 0
    upheld: int = 0
    partly_upheld: int = 0
    rejected: int = 0
    answered: int = 0
    refused: int = 0
    forwarded: int = 0
    withdrawn: int = 0
    open_within: int = 0
    open_overdue: int = 0
    extended: int = 0
    extensions: int = 0

    @property
    def on_hand(self) -> int:
        """Received in the period and brought forward into it."""
        return self.received + self.carried_over

    @property
    def settled(self) -> int:
        return self.settled_on_time + self.settled_late

    @property
    def open(self) -> int:
        return self.open_within + self.open_overdue

    @property
    def closed_otherwise(self) -> int:
        """Refused, forwarded or withdrawn: closed without a decision."""
        return self.refused + self.forwarded + self.withdrawn

    @property
    def balances(self) -> bool:
        """Whether every petition on hand is in exactly one of the outcomes."""
        return self.on_hand == self.settled + self.closed_otherwise + self.open

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{item.name: getattr(self, item.name) + getattr(other, item.name) for item in fields(self)}
        )


COUNT_NAMES = [item.name for item in fields(Counts)]


@dataclass
class KindRow:
    kind: str
    label: str
    counts: Counts


@dataclass
class UnitRow:
    """A unit's counts, in all and by kind."""

    unit: OrgUnit
    counts: Counts
    by_kind: dict[str, Counts]


@dataclass
class PeriodFigures:
    """The figures of one period: the totals, by kind and by unit."""

    start: date
    end: date
    total: Counts
    by_kind: list[KindRow]
    by_unit: list[UnitRow]

    def kind(self, kind: str) -> Counts:
        return next((row.counts for row in self.by_kind if row.kind == kind), Counts())


@dataclass
class PetitionFigures:
    """`petition_figures`' answer: the period's figures, the same period a year earlier, and the
    change in received petitions between them."""

    unit: OrgUnit | None
    include_subtree: bool
    include_carried_over: bool
    current: PeriodFigures
    last_year: PeriodFigures

    @property
    def start(self) -> date:
        return self.current.start

    @property
    def end(self) -> date:
        return self.current.end

    @property
    def total(self) -> Counts:
        return self.current.total

    @property
    def by_kind(self) -> list[KindRow]:
        return self.current.by_kind

    @property
    def by_unit(self) -> list[UnitRow]:
        return self.current.by_unit

    @property
    def change(self) -> Decimal | None:
        """The change in received petitions on the same period a year earlier, in percent."""
        return percent_change(self.current.total.received, self.last_year.total.received)

    def change_formula(self) -> str:
        """ "(43 − 40) ÷ 40 × 100 = +7.5%", in the active language; says so when there is none."""
        now, before = self.current.total.received, self.last_year.total.received
        if self.change is None:
            return _("No petition was received in the same period a year earlier: no change to show.")
        return _("(%(now)s − %(before)s) ÷ %(before)s × 100 = %(change)s") % {
            "now": number_format(now, force_grouping=True),
            "before": number_format(before, force_grouping=True),
            "change": signed_percent(self.change),
        }


def percent_change(now: int, before: int) -> Decimal | None:
    """(now − before) ÷ before × 100, to one decimal, half away from zero; None without `before`."""
    if not before:
        return None
    return (Decimal(now - before) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def signed_percent(value: Decimal | None) -> str:
    """ "+7.5%", "−2.0%", "0.0%" in the active language's numbers; "—" for none."""
    if value is None:
        return "—"
    text = _("%(rate)s%%") % {"rate": number_format(abs(value), decimal_pos=1)}
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


def one_year_before(day: date) -> date:
    """The same day a year before (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


# -- the SQL ------------------------------------------------------------------------------------------


def closed_by_q(day: date) -> Q:
    """Petitions closed on or before `day`: settled, refused, forwarded or withdrawn by then."""
    return (
        Q(decided_on__lte=day) | Q(refused_on__lte=day) | Q(forwarded_on__lte=day) | Q(withdrawn_on__lte=day)
    )


def deadline_on(day: date):
    """The deadline a petition owed on `day` (see the module): the acceptance deadline until it was
    accepted; after, the settlement deadline as it stood that day — the deadline before the first
    extension decided after `day`, else the current one."""
    later_extension = (
        PetitionExtension.objects.filter(petition=OuterRef("pk"), decided_on__gt=day)
        .order_by("number")
        .values("previous_deadline")[:1]
    )
    return Case(
        When(Q(accepted_on__isnull=True) | Q(accepted_on__gt=day), then=F("acceptance_deadline")),
        default=Coalesce(Subquery(later_extension), F("settlement_deadline"), F("acceptance_deadline")),
    )


def concerning(petitions, unit: OrgUnit | None, include_subtree: bool):
    """The petitions received or handled by `unit` (with the units below it when `include_subtree`)."""
    if unit is None:
        return petitions
    if not include_subtree:
        return petitions.filter(Q(received_by_unit=unit) | Q(handling_unit=unit))
    return petitions.filter(
        subtree_q(unit.path, field="received_by_unit__path")
        | subtree_q(unit.path, field="handling_unit__path")
    )


def bucket_path(unit: OrgUnit | None):
    """The path of the unit a petition is counted under (see the module), cut to the top-level unit
    below `unit` (or to `unit` itself)."""
    if unit is None:
        width = PATH_SEGMENT_WIDTH
        inside = Q(handling_unit__isnull=False)
    else:
        width = len(unit.path) + PATH_SEGMENT_WIDTH
        inside = subtree_q(unit.path, field="handling_unit__path")
    return Case(
        When(inside, then=Substr("handling_unit__path", 1, width)),
        default=Substr("received_by_unit__path", 1, width),
        output_field=CharField(),
    )


# -- the lists behind the figures --------------------------------------------------------------------


def in_standing(petitions, standing: str, on: date):
    """The petitions of `petitions` in `standing` on `on`, as the figures count them (received,
    settled on time or late, closed otherwise, open within the deadline or overdue): the petition
    list behind a figure. Duplicates are left out, as the figures leave them out."""
    petitions = petitions.filter(duplicate_of__isnull=True)
    if standing in ("settled_on_time", "settled_late"):
        petitions = petitions.alias(
            judged_against=Coalesce(F("settlement_deadline"), F("acceptance_deadline"))
        ).filter(decided_on__lte=on)
        if standing == "settled_on_time":
            return petitions.filter(decided_on__lte=F("judged_against"))
        return petitions.filter(decided_on__gt=F("judged_against"))
    if standing == "closed_otherwise":
        return petitions.filter(Q(refused_on__lte=on) | Q(forwarded_on__lte=on) | Q(withdrawn_on__lte=on))
    if standing in ("open_within", "open_overdue"):
        petitions = petitions.exclude(closed_by_q(on)).alias(owed_on=deadline_on(on))
        if standing == "open_within":
            return petitions.filter(owed_on__gte=on)
        return petitions.filter(owed_on__lt=on)
    return petitions


def counted_under(petitions, area: OrgUnit | None, under: OrgUnit):
    """The petitions counted under `under` in a breakdown by unit of `area` (see `bucket_path`)."""
    return petitions.alias(bucket=bucket_path(area)).filter(subtree_q(under.path, field="bucket"))


def _aggregates(start: date, end: date) -> dict:
    """The conditional counts of `Counts`, for petitions already narrowed to the period's."""
    counted = Q(duplicate_of__isnull=True)
    settled = counted & Q(decided_on__gte=start, decided_on__lte=end)
    open_ = counted & ~closed_by_q(end)
    judged_against = Coalesce(F("settlement_deadline"), F("acceptance_deadline"))

    def count(condition: Q, what: str = "pk") -> Count:
        # The join to extensions repeats a petition's row: every count is of distinct rows.
        return Count(what, filter=condition, distinct=True)

    return {
        "received": count(counted & Q(received_on__gte=start)),
        "carried_over": count(counted & Q(received_on__lt=start)),
        "duplicates": count(Q(duplicate_of__isnull=False, received_on__gte=start)),
        "several_signatories": count(counted & Q(signatories__gt=1)),
        "accepted": count(counted & Q(accepted_on__lte=end)),
        "in_competence": count(counted & Q(handling_unit__isnull=False) & ~Q(forwarded_on__lte=end)),
        "settled_on_time": count(settled & Q(decided_on__lte=judged_against)),
        "settled_late": count(settled & Q(decided_on__gt=judged_against)),
        "upheld": count(settled & Q(outcome=Outcome.UPHELD)),
        "partly_upheld": count(settled & Q(outcome=Outcome.PARTLY_UPHELD)),
        "rejected": count(settled & Q(outcome=Outcome.REJECTED)),
        "answered": count(settled & Q(outcome=Outcome.ANSWERED)),
        "refused": count(counted & Q(refused_on__lte=end)),
        "forwarded": count(counted & Q(forwarded_on__lte=end)),
        "withdrawn": count(counted & Q(withdrawn_on__lte=end)),
        "open_within": count(open_ & Q(owed_on_end__gte=end)),
        "open_overdue": count(open_ & Q(owed_on_end__lt=end)),
        "extended": count(counted & Q(extensions__decided_on__lte=end)),
        "extensions": count(counted & Q(extensions__decided_on__lte=end), "extensions"),
    }


def _in_period(petitions, start: date, end: date, include_carried_over: bool):
    received = Q(received_on__gte=start, received_on__lte=end)
    if include_carried_over:
        received |= Q(received_on__lt=start) & ~closed_by_q(start - ONE_DAY)
    return petitions.filter(received)


def _read_period(petitions, unit, start: date, end: date, include_carried_over: bool) -> list[dict]:
    """One query: the counts grouped by kind and by the unit each petition is counted under."""
    rows = (
        _in_period(petitions, start, end, include_carried_over)
        .annotate(owed_on_end=deadline_on(end), bucket=bucket_path(unit))
        .order_by()
        .values("kind", "bucket")
        .annotate(**_aggregates(start, end))
    )
    return list(rows)


def _counts(row: dict) -> Counts:
    return Counts(**{name: row[name] for name in COUNT_NAMES})


def _period(rows: list[dict], units_by_path: dict[str, OrgUnit], start: date, end: date) -> PeriodFigures:
    total = Counts()
    kinds = {kind: Counts() for kind in PetitionKind.values}
    buckets: dict[str, Counts] = {}
    cells: dict[str, dict[str, Counts]] = {}
    for row in rows:
        counts, kind, bucket = _counts(row), row["kind"], row["bucket"]
        total += counts
        kinds[kind] = kinds.get(kind, Counts()) + counts
        buckets[bucket] = buckets.get(bucket, Counts()) + counts
        cells.setdefault(bucket, {})[kind] = cells.get(bucket, {}).get(kind, Counts()) + counts
    labels = dict(PetitionKind.choices)
    return PeriodFigures(
        start=start,
        end=end,
        total=total,
        by_kind=[
            KindRow(kind=kind, label=str(labels[kind]), counts=counts) for kind, counts in kinds.items()
        ],
        by_unit=[
            UnitRow(unit=units_by_path[path], counts=buckets[path], by_kind=cells[path])
            for path in sorted(buckets)
            if path in units_by_path
        ],
    )


def petition_figures(
    user,
    *,
    unit: OrgUnit | None = None,
    start: date,
    end: date,
    include_subtree: bool = True,
    include_carried_over: bool = False,
) -> PetitionFigures:
    """The figures of the petitions `user` may read concerning `unit`, over `start`–`end`, and of the
    same period a year earlier (see the module). Three queries."""
    petitions = concerning(Petition.objects.visible_to(user), unit, include_subtree)
    last_start, last_end = one_year_before(start), one_year_before(end)
    current = _read_period(petitions, unit, start, end, include_carried_over)
    before = _read_period(petitions, unit, last_start, last_end, include_carried_over)
    paths = {row["bucket"] for row in current} | {row["bucket"] for row in before}
    units_by_path = {found.path: found for found in OrgUnit.objects.filter(path__in=paths)} if paths else {}
    return PetitionFigures(
        unit=unit,
        include_subtree=include_subtree,
        include_carried_over=include_carried_over,
        current=_period(current, units_by_path, start, end),
        last_year=_period(before, units_by_path, last_start, last_end),
    )


def year_to_date(day: date) -> tuple[date, date]:
    """From 1 January of `day`'s year to `day`: the dashboard's period."""
    return date(day.year, 1, 1), day


__all__ = [
    "Counts",
    "KindRow",
    "PeriodFigures",
    "PetitionFigures",
    "UnitRow",
    "one_year_before",
    "percent_change",
    "petition_figures",
    "signed_percent",
    "year_to_date",
]
