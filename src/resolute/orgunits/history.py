"""The tree as it stood on a day, and the lineage that joins a unit to the units it succeeded.

Every "as of" view (the tree, the dashboard, the league table, the rates, the reports) asks here which
units made up a unit's area on its day, so history reads as it was:

- **Where units sat.** A unit's place on a day is its `UnitPlacement` of that day; `OrgUnit.path` is
  today's. When nothing moved after the day, today's paths are that day's, and the fast path-range
  query serves; otherwise the placements of the day answer.
- **Whose past a unit carries.** A successor carries its predecessors' past: before the day it took
  over, Đà Nẵng City's area includes Quảng Nam Province's, so its 2025 figures add January–June of the
  old province to July–December of the new city. Areas are sets of units, so a unit reached twice
  (through two predecessors) still counts once.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Max, Q

from resolute.core import clock

from .models import OrgUnit, UnitPlacement, UnitSuccession
from .querysets import subtree_q
from .search import matching_q, query_words

ONE_DAY = timedelta(days=1)
# How many successions back a search by name follows (a commune merged in 2019 and again in 2025
# is two): deeper chains are not looked through.
LINEAGE_SEARCH_DEPTH = 3


def _field_path(field: str) -> str:
    return f"{field}__path" if field else "path"


def _field_in(field: str) -> str:
    return f"{field}__in" if field else "pk__in"


def tree_moved_after(day: date) -> bool:
    """Whether any unit changed place after `day`; when not, today's paths are that day's."""
    latest = UnitPlacement.objects.aggregate(latest=Max("valid_from"))["latest"]
    return latest is not None and latest > day


def predecessors_of(units: Iterable[OrgUnit], *, taken_over_after: date | None = None) -> list[OrgUnit]:
    """The units whose work `units` took over — and theirs, transitively — or, with `taken_over_after`,
    only those taken over after that day: one query per generation of predecessors."""
    found: dict[int, OrgUnit] = {}
    frontier = {unit.pk for unit in units}
    while frontier:
        rows = UnitSuccession.objects.filter(successor_id__in=frontier).select_related("predecessor")
        if taken_over_after is not None:
            rows = rows.filter(effective_on__gt=taken_over_after)
        frontier = set()
        for succession in rows:
            predecessor = succession.predecessor
            if predecessor.pk not in found:
                found[predecessor.pk] = predecessor
                frontier.add(predecessor.pk)
    return list(found.values())


def predecessors_before(units: Iterable[OrgUnit], day: date) -> list[OrgUnit]:
    """The units whose work `units` took over after `day` — and theirs, back to the units in force on
    that day: the units whose past on `day` belongs to `units`."""
    return predecessors_of(units, taken_over_after=day)


def lineage_roots(unit: OrgUnit, day: date) -> list[OrgUnit]:
    """The unit and the predecessors whose past on `day` it carries."""
    return [unit, *predecessors_before([unit], day)]


def paths_on(units: Iterable[OrgUnit], day: date) -> dict[int, str]:
    """Each unit's path on `day` ({id: path}); a unit with no place that day is left out."""
    units = list(units)
    if not tree_moved_after(day):
        return {unit.pk: unit.path for unit in units}
    rows = UnitPlacement.objects.on(day).filter(unit_id__in=[unit.pk for unit in units])
    return dict(rows.values_list("unit_id", "path"))


def area_q(unit: OrgUnit, day: date | None = None, field: str = "", *, include_self: bool = True) -> Q:
    """A Q over units — or over a foreign key `field` to a unit — selecting `unit`'s area on `day`: the
    units under it in the tree of that day, and the areas of the predecessors whose past it carries.

    On today's tree with no predecessor to add this is the plain path range (`subtree_q`), so "now"
    views keep their one indexed query."""
    day = day or clock.today()
    roots = lineage_roots(unit, day)
    moved = tree_moved_after(day)
    if not moved:
        condition = Q(pk__in=[])
        for root in roots:
            condition |= subtree_q(
                root.path, include_self=include_self or root.pk != unit.pk, field=_field_path(field)
            )
        return condition
    paths = paths_on(roots, day)
    if not paths:
        return Q(**{_field_in(field): []})
    placed = Q(pk__in=[])
    for pk, path in paths.items():
        placed |= subtree_q(path, include_self=include_self or pk != unit.pk)
    return Q(**{_field_in(field): UnitPlacement.objects.on(day).filter(placed).values("unit_id")})


def units_in_area(unit: OrgUnit, day: date | None = None, *, include_self: bool = True):
    """The units of `unit`'s area on `day` (see `area_q`), whether or not they were open that day."""
    return OrgUnit.objects.filter(area_q(unit, day, include_self=include_self))


def children_on(unit: OrgUnit, day: date | None = None):
    """The units directly under `unit` in the tree of `day` that were open that day, in path order."""
    day = day or clock.today()
    if not tree_moved_after(day):
        children = OrgUnit.objects.filter(parent=unit)
    else:
        children = OrgUnit.objects.filter(
            pk__in=UnitPlacement.objects.on(day).filter(parent=unit).values("unit_id")
        )
    return children.open_on(day).order_by("path")


def parent_on(unit: OrgUnit, day: date | None = None) -> OrgUnit | None:
    """`unit`'s parent in the tree of `day` (its parent today when it did not move since)."""
    day = day or clock.today()
    placement = UnitPlacement.objects.on(day).filter(unit=unit).select_related("parent").first()
    if placement is None:
        return unit.parent
    return placement.parent


def tree_on(day: date, units=None) -> list[tuple[int, int | None, str]]:
    """(id, parent id, path) of every unit placed on `day` (of `units` when given), ordered by the
    path of that day: what an "as of" tree nests."""
    if not tree_moved_after(day):
        rows = (units if units is not None else OrgUnit.objects.all()).values_list("pk", "parent_id", "path")
        return sorted(rows, key=lambda row: row[2])
    placements = UnitPlacement.objects.on(day)
    if units is not None:
        placements = placements.filter(unit_id__in=units.values("pk"))
    return list(placements.order_by("path").values_list("unit_id", "parent_id", "path"))


def day_before(day: date) -> date:
    return day - ONE_DAY


# -- search through lineage --------------------------------------------------------------------


def took_over_from_matching_q(query: str) -> Q:
    """A Q over units selecting those that took over — directly, or through up to
    `LINEAGE_SEARCH_DEPTH` successions — from a unit whose names or code match `query`: a search for
    "Hội An" finds the ward that took over the closed Hội An City. Written as subqueries, so it adds
    no query of its own."""
    if not query_words(query):
        return Q(pk__in=[])
    level = UnitSuccession.objects.filter(matching_q(query, field="predecessor__search_text")).values(
        "successor_id"
    )
    condition = Q(pk__in=level)
    for _level in range(LINEAGE_SEARCH_DEPTH - 1):
        level = UnitSuccession.objects.filter(predecessor_id__in=level).values("successor_id")
        condition |= Q(pk__in=level)
    return condition


def attach_lineage_matches(units, query: str) -> list[OrgUnit]:
    """Give each unit a `took_over_from` list: the units matching `query` whose work it took over
    (directly or through up to `LINEAGE_SEARCH_DEPTH` successions), oldest succession first. At most
    `LINEAGE_SEARCH_DEPTH` queries, whatever the number of units."""
    units = list(units)
    for unit in units:
        unit.took_over_from = []
    words = query_words(query)
    if not words or not units:
        return units
    by_id = {unit.pk: unit for unit in units}
    # frontier: predecessor id reached -> the result units it leads to
    frontier: dict[int, set[int]] = {unit.pk: {unit.pk} for unit in units}
    seen: set[tuple[int, int]] = set()
    for _level in range(LINEAGE_SEARCH_DEPTH):
        if not frontier:
            break
        rows = (
            UnitSuccession.objects.filter(successor_id__in=list(frontier))
            .select_related("predecessor")
            .order_by("effective_on", "id")
        )
        reached: dict[int, set[int]] = {}
        for succession in rows:
            predecessor = succession.predecessor
            for result_id in frontier[succession.successor_id]:
                if (result_id, predecessor.pk) in seen or result_id == predecessor.pk:
                    continue
                seen.add((result_id, predecessor.pk))
                reached.setdefault(predecessor.pk, set()).add(result_id)
                if all(word in predecessor.search_text for word in words):
                    by_id[result_id].took_over_from.append(predecessor)
        frontier = reached
    return units
