"""What each unit owes under a reporting regime, what it sent, and how complete and timely it was.

- `window_of(regime, period)`: the period's data window and deadline (Decree 09/2019, Art. 12).
- `expected(regime, period)`: one `Obligation` for each unit that owes the regime in that period.
- `received(regime, period, units, as_of)`: what arrived from each unit, and when.
- `compliance(units, regimes, periods, as_of)`: rows of unit × regime with a cell per period.

What counts as one expected item depends on the kind of regime:

- task progress: each task the unit leads that is open on the cut-off day needs one progress
  report dated from the window's first day on;
- indicator values: each indicator of the regime needs a value for the period, submitted or approved;
- narrative: one report submission;
- a kind a domain contributes (`core.contributions.ReportedWork`, such as the disbursement reports
  of public investment): what its `receipts` says each unit owed and sent.

An item is *on time* when it arrived by the deadline; *received* when it arrived by `as_of` at all.
Only obligations whose deadline has passed count towards the rates (as task rates count only tasks
that have fallen due), so an open period never drags a unit down. Every read is done in a fixed
number of queries per regime, whatever the number of units.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min, Q
from django.utils import timezone

from resolute.core.calendar import WorkingCalendar
from resolute.core.contributions import ReportedWork, contributed
from resolute.core.periods import MONTHS_IN, Period
from resolute.orgunits.history import paths_on
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import PATH_SEGMENT_WIDTH, subtree_q
from resolute.targets.models import DataValue, ValueState
from resolute.tasks.models import ProgressReport, Task

from ..models import RegimeKind, ReportingRegime, ReportSubmission
from .takeovers import issuers_on

RECEIVED_VALUE_STATES = (ValueState.SUBMITTED, ValueState.APPROVED)


@dataclass(frozen=True)
class Window:
    """The days whose data a period's report covers, and the day it is due."""

    start: date
    end: date
    deadline: date


@dataclass(frozen=True)
class Obligation:
    unit: OrgUnit
    period: Period
    window_start: date
    window_end: date
    deadline: date


@dataclass
class Receipt:
    """What one unit sent for one regime and period: each expected item and the day it arrived."""

    expected: int = 0
    # (item label key, arrival day or None): task ids, indicator ids, or "report" for a narrative.
    arrivals: dict = field(default_factory=dict)

    def received_by(self, day: date) -> int:
        return sum(1 for arrived in self.arrivals.values() if arrived is not None and arrived <= day)


@dataclass
class Cell:
    """One unit, one regime, one period."""

    period: Period
    window: Window
    expected: int
    received: int
    on_time: int
    fallen_due: bool

    @property
    def completeness(self) -> Decimal | None:
        return percent(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return percent(self.on_time, self.expected)


@dataclass
class ComplianceRow:
    """One unit under one regime across the periods asked for; the totals count fallen-due cells only."""

    unit: OrgUnit
    regime: ReportingRegime
    cells: list[Cell]

    @property
    def expected(self) -> int:
        return sum(cell.expected for cell in self.cells if cell.fallen_due)

    @property
    def received(self) -> int:
        return sum(cell.received for cell in self.cells if cell.fallen_due)

    @property
    def on_time(self) -> int:
        return sum(cell.on_time for cell in self.cells if cell.fallen_due)

    @property
    def completeness(self) -> Decimal | None:
        return percent(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return percent(self.on_time, self.expected)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent with one decimal; None when nothing was expected."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _cutoff_in(year: int, month: int, cutoff_day: int) -> date:
    """The cut-off day in a month; a day the month lacks (31 in April) means its last day."""
    return date(year, month, min(cutoff_day, calendar.monthrange(year, month)[1]))


def window_of(
    regime: ReportingRegime, period: Period, working_calendar: WorkingCalendar | None = None
) -> Window:
    """The window runs from the day after the cut-off in the month before the period to the cut-off
    in its last month: with the 14th, March 2025 is 15/02–14/03, Q1 is 15/12/2024–14/03/2025 and
    the year 15/12 to 14/12. The deadline is `deadline_working_days` working days after the cut-off.
    Pass one `working_calendar` for many windows so the office's adjustments are read once a year."""
    last_month = period.index * MONTHS_IN[period.type]
    end = _cutoff_in(period.year, last_month, regime.cutoff_day)
    before = period.first_day - timedelta(days=1)
    start = _cutoff_in(before.year, before.month, regime.cutoff_day) + timedelta(days=1)
    working_calendar = working_calendar or WorkingCalendar()
    return Window(
        start=start, end=end, deadline=working_calendar.add_working_days(end, regime.deadline_working_days)
    )


def owing_units_q(regime: ReportingRegime, explicit_unit_ids: list[int]) -> Q:
    """Units that owe the regime: of its kinds inside the issuer's subtree, or named one by one."""
    by_kind = Q(pk__in=[])
    if regime.unit_kinds:
        by_kind = subtree_q(regime.issuer.path) & Q(kind__in=regime.unit_kinds)
    return by_kind | Q(pk__in=explicit_unit_ids)


def _open_during(window: Window) -> Q:
    """Units that existed on some day of the window and were still open on its deadline (see
    `owes_in`)."""
    return (Q(effective_from__isnull=True) | Q(effective_from__lte=window.end)) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=window.deadline)
    )


def owes_in(unit: OrgUnit, window: Window) -> bool:
    """Whether `unit` existed to owe a period with this window: it existed on some day of the window
    and had not closed before the deadline. A unit that closes before a deadline owes nothing due
    after its last day — its successors report the period (a successor's area carries its
    predecessors' past) — while what fell due before then still counts against it."""
    started = unit.effective_from is None or unit.effective_from <= window.end
    return started and (unit.effective_to is None or unit.effective_to >= window.deadline)


def _explicit_unit_ids(regime: ReportingRegime) -> list[int]:
    cached = getattr(regime, "_explicit_unit_ids", None)
    if cached is None:
        cached = list(regime.units.values_list("pk", flat=True))
        regime._explicit_unit_ids = cached
    return cached


def _indicator_ids(regime: ReportingRegime) -> list[int]:
    cached = getattr(regime, "_indicator_ids", None)
    if cached is None:
        cached = list(regime.indicators.values_list("pk", flat=True))
        regime._indicator_ids = cached
    return cached


def expected(regime: ReportingRegime, period: Period, units=None) -> list[Obligation]:
    """One obligation per unit that owes `regime` in `period` (limited to `units` when given)."""
    window = window_of(regime, period)
    queryset = OrgUnit.objects.filter(
        owing_units_q(regime, _explicit_unit_ids(regime)) & _open_during(window)
    )
    if units is not None:
        queryset = queryset.filter(pk__in=[unit.pk for unit in units])
    return [
        Obligation(
            unit=unit,
            period=period,
            window_start=window.start,
            window_end=window.end,
            deadline=window.deadline,
        )
        for unit in queryset.order_by("path")
    ]


def _local_day(moment) -> date:
    return timezone.localtime(moment).date()


def _task_receipts(unit_ids: list[int], windows: dict[Period, Window], as_of: date) -> dict:
    """{(unit id, period): Receipt} for task progress, in two queries for all units and periods."""
    first_start = min(window.start for window in windows.values())
    last_end = max(window.end for window in windows.values())
    tasks = list(
        Task.objects.filter(lead_unit_id__in=unit_ids, assigned_on__lte=last_end)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=first_start))
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=first_start))
        .values_list("pk", "lead_unit_id", "assigned_on", "completed_on", "cancelled_on")
    )
    report_days = defaultdict(list)
    for task_id, reported_on in (
        ProgressReport.objects.filter(task_id__in=[task[0] for task in tasks], reported_on__gte=first_start)
        .filter(reported_on__lte=as_of)
        .order_by("reported_on")
        .values_list("task_id", "reported_on")
    ):
        report_days[task_id].append(reported_on)
    receipts = defaultdict(Receipt)
    for task_id, unit_id, assigned_on, completed_on, cancelled_on in tasks:
        for period, window in windows.items():
            # Open on the cut-off day: assigned by then, neither completed nor cancelled before it.
            if assigned_on > window.end:
                continue
            if (completed_on and completed_on <= window.end) or (cancelled_on and cancelled_on <= window.end):
                continue
            arrived = next((day for day in report_days[task_id] if day >= window.start), None)
            receipt = receipts[(unit_id, period)]
            receipt.expected += 1
            receipt.arrivals[task_id] = arrived
    return receipts


def _value_receipts(regime, unit_ids: list[int], windows: dict[Period, Window], as_of: date) -> dict:
    """{(unit id, period): Receipt} for indicator values: the first submitted or approved value of
    each indicator, in one query. A returned or draft value has not been received."""
    indicator_ids = _indicator_ids(regime)
    codes = {period.code: period for period in windows}
    first_entered = {
        (row["unit_id"], row["period"], row["indicator_id"]): _local_day(row["first"])
        for row in DataValue.objects.filter(
            unit_id__in=unit_ids,
            indicator_id__in=indicator_ids,
            period__in=list(codes),
            state__in=RECEIVED_VALUE_STATES,
        )
        .values("unit_id", "period", "indicator_id")
        .annotate(first=Min("created_at"))
        .order_by()
    }
    receipts = {}
    for unit_id in unit_ids:
        for code, period in codes.items():
            arrivals = {}
            for indicator_id in indicator_ids:
                arrived = first_entered.get((unit_id, code, indicator_id))
                arrivals[indicator_id] = arrived if arrived is not None and arrived <= as_of else None
            receipts[(unit_id, period)] = Receipt(expected=len(indicator_ids), arrivals=arrivals)
    return receipts


def _narrative_receipts(regime, unit_ids: list[int], windows: dict[Period, Window], as_of: date) -> dict:
    """{(unit id, period): Receipt} for narrative reports: the first submission, in one query."""
    codes = {period.code: period for period in windows}
    first_submitted = {
        (row["unit_id"], row["period"]): _local_day(row["first"])
        for row in ReportSubmission.objects.filter(
            regime=regime, unit_id__in=unit_ids, period__in=list(codes)
        )
        .values("unit_id", "period")
        .annotate(first=Min("submitted_at"))
        .order_by()
    }
    receipts = {}
    for unit_id in unit_ids:
        for code, period in codes.items():
            arrived = first_submitted.get((unit_id, code))
            receipts[(unit_id, period)] = Receipt(
                expected=1, arrivals={"report": arrived if arrived is not None and arrived <= as_of else None}
            )
    return receipts


def reported_work(kind: str) -> ReportedWork | None:
    """The contributed kind of regime stored as `kind`, or None for a built-in kind (or the kind of
    an app no longer installed, whose regimes then owe nothing)."""
    return next((work for work in contributed(ReportedWork) if work.key == kind), None)


def received(
    regime: ReportingRegime,
    periods: list[Period],
    unit_ids: list[int],
    as_of: date,
    working_calendar: WorkingCalendar | None = None,
) -> dict:
    """{(unit id, period): Receipt}: what each unit owed and sent for each period, by `as_of`."""
    working_calendar = working_calendar or WorkingCalendar()
    windows = {period: window_of(regime, period, working_calendar) for period in periods}
    if not unit_ids or not windows:
        return {}
    if regime.kind == RegimeKind.TASK_PROGRESS:
        return _task_receipts(unit_ids, windows, as_of)
    if regime.kind == RegimeKind.INDICATOR_VALUES:
        return _value_receipts(regime, unit_ids, windows, as_of)
    if regime.kind == RegimeKind.NARRATIVE:
        return _narrative_receipts(regime, unit_ids, windows, as_of)
    work = reported_work(regime.kind)
    return work.receipts(regime, unit_ids, windows, as_of) if work is not None else {}


def _owing(
    regime: ReportingRegime,
    units: list[OrgUnit],
    period: Period,
    window: Window,
    *,
    paths: dict[int, str] | None = None,
    issuer_path: str | None = None,
) -> set[int]:
    """Ids of the `units` that owe `regime` in `period`, decided in Python from fields already loaded.
    `paths` ({unit id: path}) and `issuer_path` place the units and the issuer in the tree of the
    day asked for (today's paths when not given)."""
    explicit = set(_explicit_unit_ids(regime))
    kinds = set(regime.unit_kinds or [])
    paths = paths or {}
    issuer_path = issuer_path if issuer_path is not None else regime.issuer.path
    owing = set()
    for unit in units:
        by_kind = unit.kind in kinds and paths.get(unit.pk, unit.path).startswith(issuer_path)
        if owes_in(unit, window) and (unit.pk in explicit or by_kind):
            owing.add(unit.pk)
    return owing


def compliance(units, regimes, periods: list[Period], as_of: date) -> list[ComplianceRow]:
    """One row for each unit and each regime it owes in at least one of `periods`, unit by unit in
    the order given. Periods of another type than a regime's are skipped for that regime.

    Everything is judged in the tree of `as_of` (`orgunits.history`): where the units sat that day,
    and who issued each regime that day (a regime a reorganisation gave to a successor kept its old
    issuer until the day of the change)."""
    units = list(units)
    regimes = list(regimes)
    working_calendar = WorkingCalendar()
    rows_by_unit = defaultdict(list)
    issuers = issuers_on(regimes, as_of)
    paths = paths_on([*units, *issuers.values()], as_of)
    for regime in regimes:
        regime_periods = [period for period in periods if period.type == regime.period_type]
        if not regime_periods:
            continue
        windows = {period: window_of(regime, period, working_calendar) for period in regime_periods}
        issuer = issuers[regime.pk]
        issuer_path = paths.get(issuer.pk, issuer.path)
        owing = {
            period: _owing(regime, units, period, window, paths=paths, issuer_path=issuer_path)
            for period, window in windows.items()
        }
        unit_ids = sorted(set().union(*owing.values()))
        receipts = received(regime, regime_periods, unit_ids, as_of, working_calendar)
        for unit in units:
            if not any(unit.pk in owing[period] for period in regime_periods):
                continue
            cells = []
            for period, window in windows.items():
                receipt = receipts.get((unit.pk, period)) if unit.pk in owing[period] else None
                receipt = receipt or Receipt()
                cells.append(
                    Cell(
                        period=period,
                        window=window,
                        expected=receipt.expected,
                        received=receipt.received_by(as_of),
                        on_time=receipt.received_by(min(window.deadline, as_of)),
                        fallen_due=window.deadline < as_of,
                    )
                )
            rows_by_unit[unit.pk].append(ComplianceRow(unit=unit, regime=regime, cells=cells))
    return [row for unit in units for row in rows_by_unit[unit.pk]]


def regimes_owed_by(unit: OrgUnit) -> list[ReportingRegime]:
    """Active regimes `unit` owes by kind (under their issuer) or by name, whatever the period.
    Regimes are few, so the kinds are matched in Python (JSON lookups differ between databases)."""
    regimes = (
        ReportingRegime.objects.filter(active=True)
        .filter(Q(issuer__path__in=_ancestor_paths(unit)) | Q(units=unit))
        .distinct()
        .select_related("issuer")
        .prefetch_related("units")
        .order_by("name", "pk")
    )
    owed = []
    for regime in regimes:
        by_kind = unit.kind in (regime.unit_kinds or []) and unit.path.startswith(regime.issuer.path)
        if by_kind or any(named.pk == unit.pk for named in regime.units.all()):
            owed.append(regime)
    return owed


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    return [unit.path[:end] for end in range(PATH_SEGMENT_WIDTH, len(unit.path) + 1, PATH_SEGMENT_WIDTH)]


def recent_periods(period_type: str, as_of: date, count: int) -> list[Period]:
    """The `count` periods of a type up to the one containing `as_of`, oldest first."""
    periods = [Period.containing(as_of, period_type)]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


@dataclass
class ReceivedItem:
    """One expected item of a cell, for the page that lists what arrived: what it is, where to read
    it, and the day it arrived (None if it has not)."""

    label: str
    url: str
    arrived: date | None
    on_time: bool


def items_of(regime: ReportingRegime, unit: OrgUnit, period: Period, as_of: date) -> list[ReceivedItem]:
    """What `unit` owed under `regime` for `period`, item by item, with what arrived by `as_of`."""
    window = window_of(regime, period)
    if unit.pk not in _owing(regime, [unit], period, window):
        return []
    receipt = received(regime, [period], [unit.pk], as_of).get((unit.pk, period)) or Receipt()

    def item(label, url, arrived):
        return ReceivedItem(label, url, arrived, arrived is not None and arrived <= window.deadline)

    if regime.kind == RegimeKind.TASK_PROGRESS:
        tasks = Task.objects.in_bulk(list(receipt.arrivals))
        return [
            item(tasks[task_id].display_title, tasks[task_id].get_absolute_url(), arrived)
            for task_id, arrived in sorted(
                receipt.arrivals.items(), key=lambda pair: tasks[pair[0]].display_title
            )
        ]
    if regime.kind == RegimeKind.INDICATOR_VALUES:
        indicators = regime.indicators.in_bulk(list(receipt.arrivals))
        return [
            item(f"{indicators[pk].code} · {indicators[pk].name}", indicators[pk].get_absolute_url(), arrived)
            for pk, arrived in sorted(receipt.arrivals.items(), key=lambda pair: indicators[pair[0]].code)
        ]
    if regime.kind == RegimeKind.NARRATIVE:
        arrived = receipt.arrivals.get("report")
        return [item(regime.name, "", arrived)]
    work = reported_work(regime.kind)
    if work is None:
        return []
    # On time is judged here, against the same deadline as the cell's, whatever the domain says.
    return [
        item(found.label, found.url, found.arrived) for found in work.items(regime, unit, period, receipt)
    ]
