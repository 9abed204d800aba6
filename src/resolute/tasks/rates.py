"""How well units deliver their tasks on a day: counts by status, the completion rate and the
on-time rate, for one unit or for the children of a unit side by side (the league table).

The rules, each a sentence a reader can check:

- A unit's tasks are the ones it LEADS (with its subtree: the ones it or a unit below it leads).
  A sub-task counts for the unit that leads it; cancelled tasks are not counted.
- A task has *fallen due* on a day when, on that day, it is completed (on time or late) or
  overdue. Tasks still within their deadline and tasks without a deadline have not.
- completion rate = completed ÷ (completed + overdue); on-time rate = completed on time ÷
  (completed + overdue). With nothing fallen due there is no rate (None), rather than 0 % or 100 %.

Every count is computed in SQL from `Task.objects.as_of(day)`, so the status is judged exactly as
the task list judges it, and a league table is one aggregate query however many units it ranks.

On a day before a reorganisation (or any move or handover) the rates read the tree and the leads of
that day (`holders`): a unit's tasks are those its area on that day led then, and the league table
lists the units under the parent in the tree of that day. When nothing changed after the day, the
path range on today's tree serves, as it always did.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Case, CharField, Count, Exists, OuterRef, Value, When
from django.db.models.functions import Substr
from django.utils import formats
from django.utils.translation import gettext

from resolute.core import clock
from resolute.orgunits.history import children_on, lineage_roots, tree_on, units_in_area
from resolute.orgunits.models import OrgUnit, UnitPlacement, UnitSuccession
from resolute.orgunits.querysets import PATH_SEGMENT_WIDTH, subtree_q

from . import holders
from .models import Task
from .status import OverdueAge, TaskStatus

# The counts a rate is built from, by the status each one counts.
COUNTED_STATUSES = {
    "completed_on_time": TaskStatus.COMPLETED_ON_TIME,
    "completed_late": TaskStatus.COMPLETED_LATE,
    "overdue": TaskStatus.OVERDUE,
    "in_progress": TaskStatus.IN_PROGRESS,
    "reporting_without_deadline": TaskStatus.NO_DEADLINE,
    "silent_without_deadline": TaskStatus.NO_DEADLINE_SILENT,
}


def _number(value: int) -> str:
    return formats.number_format(value)


def _percent(rate: float) -> str:
    # number_format cuts decimals off rather than rounding them, so round first.
    return gettext("%(percent)s%%") % {"percent": formats.number_format(round(rate * 100, 1), decimal_pos=1)}


# -- how many tasks stood where -------------------------------------------------------------------


@dataclass
class StatusCounts:
    """How many tasks had each status, and each overdue age, on a day: every status and age is a
    key, zero when no task has it. `total` counts every task, cancelled ones too."""

    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TaskStatus.values, 0))
    by_overdue_age: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OverdueAge.values, 0))

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def __add__(self, other: "StatusCounts") -> "StatusCounts":
        return StatusCounts(
            by_status={key: count + other.by_status[key] for key, count in self.by_status.items()},
            by_overdue_age={
                key: count + other.by_overdue_age[key] for key, count in self.by_overdue_age.items()
            },
        )

    def add(self, status: str, overdue_age: str | None, tasks: int) -> None:
        self.by_status[status] += tasks
        if overdue_age:
            self.by_overdue_age[overdue_age] += tasks


def count_by_status(tasks, *, group: str | None = None):
    """The tasks of `tasks` (annotated with `as_of(day)`) counted by status and overdue age in ONE
    query: grouping by the status, rather than counting each status with a filter, has the database
    judge each task's status once. Returns `StatusCounts`, or with `group` (a field or annotation
    of the tasks) {value of `group`: StatusCounts} for the values that have tasks."""
    fields = ["status", "overdue_age"] if group is None else [group, "status", "overdue_age"]
    counts: dict = {}
    # COUNT(*), not COUNT(id): the index of tasks by lead unit carries every column the status
    # reads but not the id, and counting rows lets the database answer from that index alone.
    for row in tasks.order_by().values(*fields).annotate(tasks=Count("*")):
        key = row[group] if group is not None else None
        counts.setdefault(key, StatusCounts()).add(row["status"], row["overdue_age"], row["tasks"])
    if group is None:
        return counts.get(None, StatusCounts())
    return counts


@dataclass(frozen=True)
class UnitRates:
    """The tasks a unit leads (alone or with its subtree), counted by their status on `as_of`."""

    as_of: date
    completed_on_time: int = 0
    completed_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    reporting_without_deadline: int = 0
    silent_without_deadline: int = 0

    @classmethod
    def from_status_counts(cls, as_of: date, counts: dict[str, int]) -> "UnitRates":
        """From {status: number of tasks}; statuses not counted (cancelled) are left out."""
        return cls(as_of=as_of, **{name: counts.get(status, 0) for name, status in COUNTED_STATUSES.items()})

    def __add__(self, other: "UnitRates") -> "UnitRates":
        return UnitRates(
            as_of=self.as_of,
            **{name: getattr(self, name) + getattr(other, name) for name in COUNTED_STATUSES},
        )

    # -- the derived numbers --------------------------------------------------------------------

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    @property
    def fallen_due(self) -> int:
        return self.completed + self.overdue

    @property
    def without_deadline(self) -> int:
        return self.reporting_without_deadline + self.silent_without_deadline

    @property
    def counted(self) -> int:
        """Every task counted here, whatever its status (cancelled ones are never counted)."""
        return sum(getattr(self, name) for name in COUNTED_STATUSES)

    @property
    def completion_rate(self) -> float | None:
        """completed ÷ (completed + overdue), between 0 and 1; None when nothing has fallen due."""
        return self.completed / self.fallen_due if self.fallen_due else None

    @property
    def on_time_rate(self) -> float | None:
        """completed on time ÷ (completed + overdue), between 0 and 1; None when nothing has fallen due."""
        return self.completed_on_time / self.fallen_due if self.fallen_due else None

    @property
    def completion_percent(self) -> str:
        return "—" if self.completion_rate is None else _percent(self.completion_rate)

    @property
    def on_time_percent(self) -> str:
        return "—" if self.on_time_rate is None else _percent(self.on_time_rate)

    # -- the formulas, in words, with the numbers filled in --------------------------------------

    @property
    def fallen_due_formula(self) -> str:
        return gettext(
            "Fallen due = completed on time + completed late + overdue = "
            "%(on_time)s + %(late)s + %(overdue)s = %(fallen_due)s"
        ) % {
            "on_time": _number(self.completed_on_time),
            "late": _number(self.completed_late),
            "overdue": _number(self.overdue),
            "fallen_due": _number(self.fallen_due),
        }

    @property
    def completion_rate_formula(self) -> str:
        if self.completion_rate is None:
            return gettext(
                "Completion rate: no task had fallen due by %(date)s, so there is no rate yet."
            ) % {"date": formats.date_format(self.as_of, "SHORT_DATE_FORMAT")}
        return gettext(
            "Completion rate = completed ÷ (completed + overdue) = "
            "%(completed)s ÷ (%(completed)s + %(overdue)s) = %(rate)s"
        ) % {
            "completed": _number(self.completed),
            "overdue": _number(self.overdue),
            "rate": self.completion_percent,
        }

    @property
    def on_time_rate_formula(self) -> str:
        if self.on_time_rate is None:
            return gettext("On-time rate: no task had fallen due by %(date)s, so there is no rate yet.") % {
                "date": formats.date_format(self.as_of, "SHORT_DATE_FORMAT")
            }
        return gettext(
            "On-time rate = completed on time ÷ (completed + overdue) = "
            "%(on_time)s ÷ (%(completed)s + %(overdue)s) = %(rate)s"
        ) % {
            "on_time": _number(self.completed_on_time),
            "completed": _number(self.completed),
            "overdue": _number(self.overdue),
            "rate": self.on_time_percent,
        }

    @property
    def formulas(self) -> list[str]:
        return [self.fallen_due_formula, self.completion_rate_formula, self.on_time_rate_formula]


def _tasks_as_of(as_of: date, user):
    """The tasks `user` may see (every task when `user` is None), as they stood on `as_of`."""
    tasks = Task.objects.all() if user is None else Task.objects.visible_to(user)
    return tasks.as_of(as_of).order_by()


def unit_rates(unit: OrgUnit, *, as_of: date, include_subtree: bool = True, user=None) -> UnitRates:
    """The rates of the tasks `unit` leads — with `include_subtree`, also those its units lead —
    on `as_of`, counting only the tasks `user` may see (all of them when `user` is None)."""
    led = holders.led_by(_tasks_as_of(as_of, user), unit, as_of, include_subtree=include_subtree)
    counts = count_by_status(led)
    return UnitRates.from_status_counts(as_of, counts.by_status)


@dataclass(frozen=True)
class UnitResults:
    """What a unit's page shows: its rates alone and with its subtree, and whether it has sub-units."""

    alone: UnitRates
    with_subtree: UnitRates
    has_sub_units: bool


# The rows of `unit_results`' query that count sub-units, and changes after the day, rather than tasks.
_SUB_UNITS = "sub_units"
_CHANGED = "changed_after"


def unit_results(unit: OrgUnit, *, as_of: date, user=None) -> UnitResults:
    """The unit's rates alone and with its subtree, and whether it has sub-units, in ONE query: the
    tasks grouped by (led by the unit itself?, status), and one more row counting its sub-units.

    For a past day the same query also tells whether the tree or the leads changed after it; when they
    did, the figures are read again from the tree and the leads of that day (`holders`)."""
    tasks = (
        _tasks_as_of(as_of, user)
        .filter(subtree_q(unit.path, field="lead_unit__path"))
        .annotate(
            led_by_the_unit=Case(When(lead_unit=unit, then=True), default=False, output_field=BooleanField())
        )
        .values("led_by_the_unit", "status")
        .annotate(tasks=Count("pk"))
        .order_by()
    )
    # Grouped by constants only, so always exactly one row, even with no sub-unit.
    sub_units = (
        OrgUnit.objects.filter(parent=unit)
        .annotate(
            led_by_the_unit=Value(None, output_field=BooleanField()),
            status=Value(_SUB_UNITS, output_field=CharField()),
        )
        .values("led_by_the_unit", "status")
        .annotate(tasks=Count("pk"))
        .order_by()
    )
    parts = [sub_units]
    if as_of < clock.today():
        parts.append(
            OrgUnit.objects.filter(holders.changed_after_q(as_of), pk=unit.pk)
            .annotate(
                led_by_the_unit=Value(None, output_field=BooleanField()),
                status=Value(_CHANGED, output_field=CharField()),
            )
            .values("led_by_the_unit", "status")
            .annotate(tasks=Count("pk"))
            .order_by()
        )
    counts: dict = {True: {}, False: {}}
    has_sub_units = False
    for row in tasks.union(*parts, all=True):
        if row["status"] == _SUB_UNITS:
            has_sub_units = row["tasks"] > 0
        elif row["status"] == _CHANGED:
            if row["tasks"]:
                return _unit_results_of_the_day(unit, as_of=as_of, user=user)
        else:
            counts[row["led_by_the_unit"]][row["status"]] = row["tasks"]
    alone = UnitRates.from_status_counts(as_of, counts[True])
    below = UnitRates.from_status_counts(as_of, counts[False])
    return UnitResults(alone=alone, with_subtree=alone + below, has_sub_units=has_sub_units)


def _unit_results_of_the_day(unit: OrgUnit, *, as_of: date, user) -> UnitResults:
    """`unit_results` on a day after which the tree or the leads changed: read from that day's."""
    return UnitResults(
        alone=unit_rates(unit, as_of=as_of, include_subtree=False, user=user),
        with_subtree=unit_rates(unit, as_of=as_of, user=user),
        has_sub_units=children_on(unit, as_of).exists(),
    )


@dataclass
class LeagueRow:
    """A child unit with its whole subtree rolled up, and its place in the table."""

    unit: OrgUnit
    rates: UnitRates
    rank: int | None = None
    has_sub_units: bool = False


@dataclass
class League:
    """The children of `parent` ranked by completion rate, then on-time rate, then fewest overdue.
    Units with nothing fallen due have no rank and come last."""

    parent: OrgUnit
    as_of: date
    rows: list[LeagueRow] = field(default_factory=list)
    # The tasks the parent unit leads itself, which belong to none of the rows.
    parent_alone: UnitRates | None = None
    # Every task counted, the parent's own and its subtree's.
    total: UnitRates | None = None

    @property
    def ranked(self) -> list[LeagueRow]:
        return [row for row in self.rows if row.rank is not None]


def _ranking_key(rates: UnitRates) -> tuple:
    return (-rates.completion_rate, -rates.on_time_rate, rates.overdue)


def rank_rows(rows: list[LeagueRow]) -> list[LeagueRow]:
    """Order the rows and number them; equal results share a rank (1, 2, 2, 4)."""
    ranked = sorted(
        (row for row in rows if row.rates.fallen_due),
        key=lambda row: (*_ranking_key(row.rates), row.unit.display_name),
    )
    unranked = sorted(
        (row for row in rows if not row.rates.fallen_due), key=lambda row: row.unit.display_name
    )
    for position, row in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        if previous is not None and _ranking_key(previous.rates) == _ranking_key(row.rates):
            row.rank = previous.rank
        else:
            row.rank = position
    for row in unranked:
        row.rank = None
    return ranked + unranked


def league_table(parent_unit: OrgUnit, *, as_of: date, user) -> League:
    """One row per child unit of `parent_unit` (each with its subtree rolled up) that was open on
    `as_of` or has counted tasks, ranked; counting only the tasks and units `user` may see
    (everything when `user` is None).

    The counts come from ONE aggregate query grouped by the first segments of the lead unit's
    path: the child's path is the parent's plus one segment, so every unit below a child shares
    its prefix, and tasks the parent leads itself form a group of their own (its shorter path).

    On a day after which the tree or the leads changed, the rows are the units under the parent in
    the tree of that day, each counting the tasks its area led that day (`_league_of_the_day`).
    """
    if holders.changed_after(as_of):
        return _league_of_the_day(parent_unit, as_of=as_of, user=user)
    child_path_length = len(parent_unit.path) + PATH_SEGMENT_WIDTH
    tasks = (
        _tasks_as_of(as_of, user)
        .filter(subtree_q(parent_unit.path, field="lead_unit__path"))
        .annotate(child_path=Substr("lead_unit__path", 1, child_path_length))
    )
    rates_by_path = {
        path: UnitRates.from_status_counts(as_of, counts.by_status)
        for path, counts in count_by_status(tasks, group="child_path").items()
    }

    children = OrgUnit.objects.all() if user is None else OrgUnit.objects.visible_to(user)
    children = children.filter(parent=parent_unit).annotate(
        has_sub_units=Exists(OrgUnit.objects.filter(parent=OuterRef("pk")))
    )
    rows = []
    for child in children:
        rates = rates_by_path.get(child.path, UnitRates(as_of=as_of))
        if child.is_open_on(as_of) or rates.counted:
            rows.append(LeagueRow(unit=child, rates=rates, has_sub_units=child.has_sub_units))

    total = UnitRates(as_of=as_of)
    for rates in rates_by_path.values():
        total += rates
    return League(
        parent=parent_unit,
        as_of=as_of,
        rows=rank_rows(rows),
        parent_alone=rates_by_path.get(parent_unit.path, UnitRates(as_of=as_of)),
        total=total,
    )


def _lineage_owners(unit_ids, day: date) -> dict[int, int]:
    """{unit id: id of the unit among `unit_ids` whose past it is on `day`}: each unit owns itself and
    the predecessors it took over after `day` (and theirs); a unit reached from two is owned by the
    first. One query per generation of successions, however many units."""
    owner = {pk: pk for pk in unit_ids}
    frontier = set(owner)
    while frontier:
        rows = UnitSuccession.objects.filter(successor_id__in=frontier, effective_on__gt=day).order_by("id")
        frontier = set()
        for predecessor_id, successor_id in rows.values_list("predecessor_id", "successor_id"):
            if predecessor_id not in owner:
                owner[predecessor_id] = owner[successor_id]
                frontier.add(predecessor_id)
    return owner


def _league_of_the_day(parent_unit: OrgUnit, *, as_of: date, user) -> League:
    """The league table as the tree and the leads stood on `as_of`: one row per unit directly under
    the parent that day (open that day, or with counted tasks), and one per predecessor of the parent
    whose past it carries; each counts the tasks whose lead on `as_of` lay in its area then. A fixed
    number of queries however many units and tasks."""
    area = units_in_area(parent_unit, as_of)
    placed = tree_on(as_of, units=area)
    path_on = {pk: path for pk, _parent, path in placed}
    children = [pk for pk, parent_id, _path in placed if parent_id == parent_unit.pk]
    owner = _lineage_owners(children, as_of)
    for predecessor in lineage_roots(parent_unit, as_of)[1:]:
        owner.setdefault(predecessor.pk, predecessor.pk)
    row_of_path = {path_on[pk]: row for pk, row in owner.items() if pk in path_on}

    def row_of(path: str):
        for end in range(len(path), 0, -PATH_SEGMENT_WIDTH):
            if path[:end] in row_of_path:
                return row_of_path[path[:end]]
        return None  # the parent itself (or the predecessors' own tasks, when they have no row)

    tasks = (
        _tasks_as_of(as_of, user)
        .annotate(lead_on=holders.lead_on(as_of))
        .filter(lead_on__in=area.values("pk"))
    )
    by_row: dict = {}
    for lead_id, counts in count_by_status(tasks, group="lead_on").items():
        row = row_of(path_on.get(lead_id, "")) if lead_id != parent_unit.pk else None
        rates = UnitRates.from_status_counts(as_of, counts.by_status)
        by_row[row] = by_row.get(row, UnitRates(as_of=as_of)) + rates

    units = OrgUnit.objects.all() if user is None else OrgUnit.objects.visible_to(user)
    units = units.filter(pk__in=set(owner.values())).annotate(
        has_sub_units=Exists(UnitPlacement.objects.on(as_of).filter(parent=OuterRef("pk")))
    )
    rows = []
    for unit in units:
        rates = by_row.get(unit.pk, UnitRates(as_of=as_of))
        if unit.is_open_on(as_of) or rates.counted:
            rows.append(LeagueRow(unit=unit, rates=rates, has_sub_units=unit.has_sub_units))
    total = UnitRates(as_of=as_of)
    for rates in by_row.values():
        total += rates
    return League(
        parent=parent_unit,
        as_of=as_of,
        rows=rank_rows(rows),
        parent_alone=by_row.get(None, UnitRates(as_of=as_of)),
        total=total,
    )
