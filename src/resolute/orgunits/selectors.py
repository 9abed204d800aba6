"""Named reads of the organisation tree, shared by the pages, the API and other apps."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from resolute.core import clock

from .models import (
    Membership,
    OrgUnit,
    Reorganisation,
    UnitFormerName,
    UnitPlacement,
    UnitSuccession,
    display_name_for,
    prefers_english_names,
)
from .permissions import administered_units, can_administer_unit
from .querysets import PATH_SEGMENT_WIDTH
from .scope import scope_for

# What a search result needs of each unit; nothing else is read.
SEARCH_RESULT_FIELDS = [
    "id",
    "name",
    "name_en",
    "code",
    "kind",
    "parent",
    "path",
    "depth",
    "effective_from",
    "effective_to",
]
PICKER_LIMIT = 20


@dataclass
class ShownRows:
    """The rows of a per-unit breakdown that a reader may see, and how many were left out.

    A district reads a provincial target, task or document (the chain above it is readable), but not
    its siblings' rows of it: their names, values, statuses and reports. Totals of the whole stay
    totals; `hidden` lets a page say that rows were left out without naming them."""

    rows: list
    hidden: int = 0

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def rows_of_visible_units(user, rows, unit=lambda row: row.unit) -> ShownRows:
    """Keep the rows whose unit (`unit(row)`, a unit or None) `user` may see: its own subtrees and the
    chain of units above them, as `OrgUnit.objects.visible_to(user)`. Every breakdown, chart, export
    and report section that lists rows per unit passes them through here (or, for a queryset, filters
    it with `Scope.visible_unit_q`); a row without a unit is kept."""
    scope = scope_for(user)
    rows = list(rows)
    kept = [row for row in rows if unit(row) is None or scope.can_see_unit(unit(row))]
    return ShownRows(rows=kept, hidden=len(rows) - len(kept))


def visible_units(user):
    return OrgUnit.objects.visible_to(user)


def get_visible_unit(user, pk, *, covered: bool = False, for_update: bool = False) -> OrgUnit:
    """The unit with this id if `user` may see it, else 404 (also for an id that is not a number).

    This is the one place a view, an endpoint or an export turns a unit id from the request into a
    unit. With `covered`, only units in a subtree the user covers: the units above the user's own
    are readable, but their figures would count work the user may not see. With `for_update` the
    row is locked, so call it inside a transaction."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as error:
        raise Http404(_("No such unit.")) from error
    queryset = visible_units(user)
    # The parent comes with the unit, except under a row lock: PostgreSQL cannot lock the nullable
    # side of the outer join (a root has no parent), and a locked unit is about to be written anyway.
    queryset = queryset.select_for_update() if for_update else queryset.select_related("parent")
    unit = queryset.filter(pk=pk).first()
    if unit is None or (covered and not scope_for(user).covers(unit)):
        raise Http404(_("No such unit."))
    return unit


def get_unit_to_administer(user, pk, *, for_update: bool = False) -> OrgUnit:
    """The unit if `user` administers it: 404 when they cannot see it, 403 when they only see it."""
    unit = get_visible_unit(user, pk, for_update=for_update)
    if not can_administer_unit(user, unit):
        raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": unit})
    return unit


def parent_choices(user, day=None):
    """Open units under which `user` may put a unit: the ones they administer."""
    return administered_units(user, visible_units(user).open_on(day))


def successor_choices(user, day=None):
    """Open units that may take over a closing unit's work: any open unit the user can see."""
    return visible_units(user).open_on(day)


def units_for_picker(
    user, query: str, *, day=None, administered_only: bool = False, limit: int = PICKER_LIMIT
):
    """Open units the user can see (or administers) whose names or code match `query`, with their parent."""
    if not query.strip():
        return OrgUnit.objects.none()
    units = parent_choices(user, day) if administered_only else successor_choices(user, day)
    return units.matching(query).select_related("parent").order_by("path")[:limit]


def units_for_lookup(user):
    """Every unit the user may see, closed ones too, with its parent: what a filter's box may
    suggest (`core.lookups`); the filter narrows it further."""
    return OrgUnit.objects.visible_to(user).select_related("parent")


# -- the tree ----------------------------------------------------------------------------------


@dataclass(slots=True)
class TreeUnit:
    """What the tree shows of a unit. Lighter than a model instance: a national tree has
    thousands of them and building model instances would be most of the page's time."""

    pk: int
    display_name: str
    code: str
    parent_id: int | None
    path: str
    effective_to: date | None
    is_closed: bool

    def get_absolute_url(self) -> str:
        return reverse("orgunits:detail", args=[self.pk])


@dataclass
class TreeNode:
    """One unit in the nested tree, with its children in path order."""

    unit: TreeUnit
    children: list["TreeNode"] = field(default_factory=list)
    expanded: bool = False
    is_own: bool = False


@dataclass
class TreeRow:
    """One line of the rendered tree. A unit with children opens a nested list that the row
    `closing` levels later closes, so the tree renders in one flat loop (no recursion)."""

    node: TreeNode
    closing: range = range(0)


@dataclass
class UnitTree:
    roots: list[TreeNode]
    rows: list[TreeRow]
    size: int


def _own_unit_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))


def _path_ids(path: str) -> list[int]:
    return [int(path[i : i + PATH_SEGMENT_WIDTH]) for i in range(0, len(path), PATH_SEGMENT_WIDTH)]


def build_tree(units, *, own_unit_ids: set[int] = frozenset()) -> UnitTree:
    """Nest units that arrive ordered by path (parents before children). A unit whose parent is
    not among them (hidden because closed, or not visible) becomes a root. The user's own units
    and everything above them are expanded; with no own unit in sight, the roots are."""
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    expanded_ids: set[int] = set()
    for unit in units:
        node = TreeNode(unit=unit, is_own=unit.pk in own_unit_ids)
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
        if node.is_own:
            expanded_ids.update(_path_ids(unit.path))
    if not expanded_ids:
        expanded_ids = {root.unit.pk for root in roots}
    for pk in expanded_ids:
        if pk in nodes:
            nodes[pk].expanded = True
    return UnitTree(roots=roots, rows=_flatten(roots), size=len(nodes))


def _flatten(roots: list[TreeNode]) -> list[TreeRow]:
    rows: list[TreeRow] = []
    # Depth-first without recursion; each stack entry carries how many nested lists end after
    # that node's subtree.
    stack: list[tuple[TreeNode, int]] = [(root, 0) for root in reversed(roots)]
    while stack:
        node, closes_after = stack.pop()
        row = TreeRow(node=node)
        rows.append(row)
        if node.children:
            # The last row of this node's subtree closes this node's list too: hand the count
            # down to the last child.
            children = node.children
            stack.append((children[-1], closes_after + 1))
            stack.extend((child, 0) for child in reversed(children[:-1]))
        else:
            row.closing = range(closes_after)
    return rows


def unit_tree(user, *, include_closed: bool = False, day=None) -> UnitTree:
    """The units `user` can see as a nested tree, from one query ordered by path.

    With a past (or future) `day`, the tree of that day: the units open on it, where they sat then
    (`history.tree_on`) and under the names they carried then (`UnitFormerName`)."""
    today = clock.today()
    day = day or today
    if day != today:
        return unit_tree_on(user, day)
    units = visible_units(user).order_by("path")
    if not include_closed:
        units = units.not_closed_on(day)
    english = prefers_english_names()
    rows = units.values_list("pk", "name", "name_en", "code", "parent_id", "path", "effective_to")
    tree_units = (
        TreeUnit(
            pk=pk,
            display_name=display_name_for(name, name_en, english),
            code=code,
            parent_id=parent_id,
            path=path,
            effective_to=effective_to,
            is_closed=effective_to is not None and effective_to < day,
        )
        for pk, name, name_en, code, parent_id, path, effective_to in rows
    )
    return build_tree(tree_units, own_unit_ids=_own_unit_ids(user))


def names_on(unit_ids, day: date) -> dict[int, UnitFormerName]:
    """For each unit renamed or re-coded after `day`, the former name (and code) it carried on `day`:
    the earliest one still in use then. One query for any number of units."""
    names: dict[int, UnitFormerName] = {}
    rows = UnitFormerName.objects.filter(used_until__gte=day).order_by("unit_id", "used_until", "id")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    for former in rows:
        names.setdefault(former.unit_id, former)
    return names


def unit_tree_on(user, day: date) -> UnitTree:
    """The tree of `day` as `user` sees it: the units open that day, nested as they were then, named
    as they were then. Three queries whatever the size of the tree."""
    from .history import tree_on

    units = visible_units(user).open_on(day)
    placed = tree_on(day, units)
    facts = {
        pk: (name, name_en, code)
        for pk, name, name_en, code in units.values_list("pk", "name", "name_en", "code")
    }
    former = names_on(units.values("pk"), day)
    english = prefers_english_names()
    tree_units = []
    for pk, parent_id, path in placed:
        if pk not in facts:
            continue
        name, name_en, code = facts[pk]
        if pk in former:
            old = former[pk]
            # A row kept for a re-code alone may leave the name empty, and one for a rename the code.
            name, name_en, code = old.name or name, old.name_en or name_en, old.code or code
        tree_units.append(
            TreeUnit(
                pk=pk,
                display_name=display_name_for(name, name_en, english),
                code=code,
                parent_id=parent_id,
                path=path,
                effective_to=None,
                is_closed=False,
            )
        )
    return build_tree(tree_units, own_unit_ids=_own_unit_ids(user))


# -- search results and the unit page ------------------------------------------------------------


def attach_ancestors(user, units) -> list[OrgUnit]:
    """Give each unit an `ancestor_chain` (root first), read in one query for all of them."""
    units = list(units)
    wanted = {pk for unit in units for pk in unit.ancestor_ids}
    by_id = visible_units(user).only("id", "name", "name_en").in_bulk(wanted) if wanted else {}
    for unit in units:
        unit.ancestor_chain = [by_id[pk] for pk in unit.ancestor_ids if pk in by_id]
    return units


@dataclass
class UnitPage:
    unit: OrgUnit
    ancestors: list[OrgUnit]
    children: list[OrgUnit]
    predecessions: list[UnitSuccession]
    successions: list[UnitSuccession]
    members: list[Membership] | None  # None: the viewer may not see who works here
    # Predecessors and successors the viewer may open (a unit may merge into one they cannot see).
    openable_lineage_ids: set[int] = field(default_factory=set)
    # The names and codes the unit carried before a rename or re-code, oldest first.
    former_names: list[UnitFormerName] = field(default_factory=list)
    # Reorganisations named in the lineage that the viewer may open (anyone who sees their area).
    openable_reorganisation_ids: set[int] = field(default_factory=set)

    @property
    def parent(self) -> OrgUnit | None:
        return self.ancestors[-1] if self.ancestors and self.ancestors[-1].pk == self.unit.parent_id else None


def unit_page(user, unit: OrgUnit, *, show_members: bool) -> UnitPage:
    visible = visible_units(user)
    predecessions = list(
        unit.succession_in.select_related("predecessor", "reorganisation__area").order_by(
            "effective_on", "id"
        )
    )
    successions = list(
        unit.succession_out.select_related("successor", "reorganisation__area").order_by("effective_on", "id")
    )
    lineage_ids = {s.predecessor_id for s in predecessions} | {s.successor_id for s in successions}
    former_names = list(unit.former_names.select_related("reorganisation__area").order_by("used_until", "id"))
    scope = scope_for(user)
    reorganisations = {
        row.reorganisation
        for row in [*predecessions, *successions, *former_names]
        if row.reorganisation_id is not None
    }
    return UnitPage(
        unit=unit,
        ancestors=list(visible.filter(pk__in=unit.ancestor_ids).order_by("path")),
        children=list(visible.filter(parent=unit).order_by("path")),
        predecessions=predecessions,
        successions=successions,
        members=(
            list(
                Membership.objects.filter(unit=unit).select_related("user").order_by("role", "user__username")
            )
            if show_members
            else None
        ),
        openable_lineage_ids=set(visible.filter(pk__in=lineage_ids).values_list("pk", flat=True))
        if lineage_ids
        else set(),
        former_names=former_names,
        openable_reorganisation_ids={r.pk for r in reorganisations if scope.covers(r.area)},
    )


# -- reorganisations ------------------------------------------------------------------------------


def can_read_reorganisation(user, reorganisation) -> bool:
    """Whoever's scope covers the reorganisation's area reads it (every unit it changes is theirs to
    see); only the area's administrators prepare or apply it."""
    return scope_for(user).covers(reorganisation.area)


def visible_reorganisations(user):
    """The reorganisations of areas the user's scope covers, latest day first."""
    condition = scope_for(user).unit_q(prefix="area")
    queryset = Reorganisation.objects.all()
    return queryset if condition is None else queryset.filter(condition)


def get_visible_reorganisation(user, pk, *, for_update: bool = False) -> Reorganisation:
    """The reorganisation if the user reads it, else 404."""
    queryset = visible_reorganisations(user).select_related("area", "created_by", "applied_by")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    reorganisation = queryset.filter(pk=pk).first()
    if reorganisation is None:
        raise Http404(_("No such reorganisation."))
    return reorganisation


def get_reorganisation_to_administer(user, pk, *, for_update: bool = False) -> Reorganisation:
    """The reorganisation if the user administers its area: 404 when they cannot read it, 403 when
    they only read it."""
    reorganisation = get_visible_reorganisation(user, pk, for_update=for_update)
    if not can_administer_unit(user, reorganisation.area):
        raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": reorganisation.area})
    return reorganisation


# -- the units of a past day, as a list ------------------------------------------------------------

DAY_NAME_FIELDS = ("name", "name_en", "short_name", "code")


def units_as_of(units, day: date):
    """Of `units`, those open on `day`, each annotated with what it was that day — `day_path`,
    `day_depth`, `day_parent_id`, `day_name`, `day_name_en`, `day_short_name`, `day_code`, and its
    parent's `day_parent_name` and `day_parent_code` — in the order of that day's tree. The same units,
    places and names as the tree of that day (`unit_tree_on`), as one query a list can page through."""
    from .history import tree_moved_after

    units = units.open_on(day)
    if tree_moved_after(day):
        placement = UnitPlacement.objects.on(day).filter(unit_id=OuterRef("pk"))
        units = units.annotate(
            day_path=Subquery(placement.values("path")[:1]),
            day_depth=Subquery(placement.values("depth")[:1]),
            day_parent_id=Subquery(placement.values("parent_id")[:1]),
        ).filter(day_path__isnull=False)
    else:
        units = units.annotate(day_path=F("path"), day_depth=F("depth"), day_parent_id=F("parent_id"))

    def name_then(unit_id, name: str, current):
        former = UnitFormerName.objects.filter(unit_id=unit_id, used_until__gte=day).order_by(
            "used_until", "id"
        )
        return Coalesce(Subquery(former.values(name)[:1]), current)

    parent = OrgUnit.objects.filter(pk=OuterRef("day_parent_id"))
    return units.annotate(
        **{f"day_{name}": name_then(OuterRef("pk"), name, F(name)) for name in DAY_NAME_FIELDS},
        day_parent_name=name_then(OuterRef("day_parent_id"), "name", Subquery(parent.values("name")[:1])),
        day_parent_code=name_then(OuterRef("day_parent_id"), "code", Subquery(parent.values("code")[:1])),
    ).order_by("day_path", "pk")
