"""The scope policy: which units a user may see, and for which units they may act in which role.

Every list, detail, API call and export starts from `scope_for(user)`. A membership covers its
unit and the whole subtree below it; an office membership covers the jurisdiction of the body it
serves: the nearest administrative level above it (province, district or commune) and everything
under it, so the Party Committee Office can assign to the People's Committee's departments and to
the districts. Users also see the chain of units above their own (read-only), so the tree has a
root and documents issued above them can be read.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.lookups import StartsWith

from .choices import Role
from .history import predecessors_of
from .models import OrgUnit, OrgUnitKind, UnitSuccession
from .querysets import subtree_q

# Roles that include the powers of the roles listed after them.
ROLE_POWERS: dict[str, set[str]] = {
    Role.VIEWER: {Role.VIEWER},
    Role.REPORTER: {Role.VIEWER, Role.REPORTER},
    Role.MANAGER: {Role.VIEWER, Role.REPORTER, Role.MANAGER},
    Role.OFFICE: {Role.VIEWER, Role.REPORTER, Role.MANAGER, Role.OFFICE},
    Role.ADMIN: {Role.VIEWER, Role.REPORTER, Role.MANAGER, Role.OFFICE, Role.ADMIN},
}


@dataclass(frozen=True)
class Coverage:
    """One membership seen as the subtree it covers."""

    root_path: str
    root_id: int
    ancestor_ids: tuple[int, ...]
    powers: frozenset[str]
    # A predecessor's subtree, read for its history: never a user's home (their dashboard's default).
    inherited: bool = False


@dataclass
class Scope:
    user: object
    coverages: list[Coverage] = field(default_factory=list)
    is_superuser: bool = False
    # How many trees of units there are (read with the memberships; None without any).
    tree_count: int | None = None

    # -- questions about units -------------------------------------------------------------

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser

    @cached_property
    def covers_every_unit(self) -> bool:
        """Whether the user may see every unit there is: a superuser, or someone whose coverages
        start at the root of every tree (the country, say) — as many roots as there are trees."""
        if self.is_superuser:
            return True
        covered_roots = {c.root_path for c in self.coverages if not c.ancestor_ids}
        return bool(covered_roots) and len(covered_roots) == self.tree_count

    @property
    def own_coverages(self) -> list[Coverage]:
        """The coverages of the user's own memberships, without the predecessors' history they read."""
        return [coverage for coverage in self.coverages if not coverage.inherited]

    def _covering(self, power: str) -> list[Coverage]:
        return [c for c in self.coverages if power in c.powers]

    def covers(self, unit, power: str = Role.VIEWER) -> bool:
        """Whether `unit` lies in a subtree where the user holds `power`."""
        if unit is None:
            return False
        if self.is_superuser:
            return True
        return any(unit.path.startswith(c.root_path) for c in self._covering(power))

    def can_see_unit(self, unit) -> bool:
        return self.covers(unit) or unit.pk in self.visible_ancestor_ids

    @cached_property
    def visible_ancestor_ids(self) -> set[int]:
        return {pk for c in self.coverages for pk in c.ancestor_ids}

    def unit_q(self, power: str = Role.VIEWER, prefix: str = "") -> Q | None:
        """A Q over units (or over a foreign key to a unit, with `prefix`) where the user holds
        `power`; None means everything."""
        if self.is_superuser:
            return None
        field = f"{prefix}__path" if prefix else "path"
        condition = Q(pk__in=[])
        for coverage in self._covering(power):
            condition |= subtree_q(coverage.root_path, field=field)
        return condition

    def own_unit_q(self) -> Q | None:
        """A Q over units in the subtrees of the user's own memberships (without the predecessors'
        history): where a page that needs a default unit looks first. None means everything."""
        if self.is_superuser:
            return None
        condition = Q(pk__in=[])
        for coverage in self.own_coverages:
            condition |= subtree_q(coverage.root_path)
        return condition

    def visible_unit_q(self, prefix: str = "") -> Q | None:
        """Units the user may read: the covered subtrees plus the chain above them."""
        covered = self.unit_q(Role.VIEWER, prefix)
        if covered is None:
            return None
        pk_field = f"{prefix}_id" if prefix else "pk"
        return covered | Q(**{f"{pk_field}__in": sorted(self.visible_ancestor_ids)})

    def filter_units(self, queryset):
        condition = self.visible_unit_q()
        return queryset if condition is None else queryset.filter(condition)

    def has_power_anywhere(self, power: str) -> bool:
        return self.is_superuser or bool(self._covering(power))


ADMINISTRATIVE_LEVELS = {OrgUnitKind.PROVINCE, OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE}


def _coverage_root(membership):
    return coverage_root(membership.unit, membership.role)


def coverage_root(unit, role: str):
    """The top of the subtree that `role` held in `unit` covers: the unit itself, or for an office
    the nearest administrative level above it. Used to check a grant before it is made."""
    if role != Role.OFFICE or unit.parent_id is None:
        return unit
    ancestors = OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("-depth")
    return coverage_root_among(unit, role, list(ancestors))


def coverage_root_among(unit, role: str, ancestors_nearest_first):
    """`coverage_root` with the unit's ancestors already read (nearest first), so many memberships
    can be placed with one query (`orgunits.access`)."""
    if role != Role.OFFICE or unit.parent_id is None:
        return unit
    for ancestor in ancestors_nearest_first:
        if ancestor.kind in ADMINISTRATIVE_LEVELS:
            return ancestor
    return next((a for a in ancestors_nearest_first if a.pk == unit.parent_id), None) or unit.parent


def _coverage_of(unit, powers, *, inherited: bool = False) -> Coverage:
    return Coverage(
        root_path=unit.path,
        root_id=unit.pk,
        ancestor_ids=tuple(unit.ancestor_ids),
        powers=powers,
        inherited=inherited,
    )


def _predecessor_coverages(roots) -> list[Coverage]:
    """Read-only coverages of the units whose work the covered units took over, and of theirs: a
    ward's reporter reads the history the units it succeeded left."""
    own = {root.pk for root in roots}
    return [
        _coverage_of(predecessor, READ_ONLY, inherited=True)
        for predecessor in predecessors_of(roots)
        if predecessor.pk not in own
    ]


READ_ONLY = frozenset({Role.VIEWER})


def build_scope(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(user=user)
    # Whether a unit at or above the membership's took over another's work: only then are the
    # predecessors read, so a tree without reorganisations costs no query more.
    took_over = UnitSuccession.objects.filter(StartsWith(OuterRef("unit__path"), F("successor__path")))
    trees = (
        OrgUnit.objects.filter(parent__isnull=True).order_by().values("parent").annotate(count=Count("pk"))
    )
    memberships = user.memberships.select_related("unit", "unit__parent").annotate(
        lineage=Exists(took_over), tree_count=Subquery(trees.values("count"))
    )
    coverages = []
    roots = []
    tree_count = None
    for membership in memberships:
        tree_count = membership.tree_count
        root = _coverage_root(membership)
        coverages.append(_coverage_of(root, frozenset(ROLE_POWERS[membership.role])))
        if membership.lineage:
            roots.append(root)
    if roots:
        coverages.extend(_predecessor_coverages(roots))
    return Scope(user=user, coverages=coverages, is_superuser=user.is_superuser, tree_count=tree_count)


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (so once per request)."""
    cached = getattr(user, "_resolute_scope", None)
    if cached is None:
        cached = build_scope(user)
        if getattr(user, "is_authenticated", False):
            user._resolute_scope = cached
    return cached


def forget_scope(user) -> None:
    """Call after memberships change so the next question recomputes the scope."""
    if hasattr(user, "_resolute_scope"):
        del user._resolute_scope
