"""Tree queries by path range: one indexed query for a whole subtree, on SQLite and PostgreSQL alike."""

from django.db import models
from django.db.models import Q

from resolute.core import clock

from .search import matching_q

# Each ancestor id takes 7 zero-padded digits of the path: room for ten million units.
PATH_SEGMENT_WIDTH = 7


def path_segment(pk: int) -> str:
    return str(pk).zfill(PATH_SEGMENT_WIDTH)


def subtree_q(path: str, include_self: bool = True, field: str = "path") -> Q:
    """Units whose path starts with `path`, written as a range so a plain B-tree index serves it
    under any collation (LIKE 'x%' would not use the index on SQLite nor on a non-C PostgreSQL)."""
    upper = path[:-1] + chr(ord(path[-1]) + 1)
    condition = Q(**{f"{field}__gte": path, f"{field}__lt": upper})
    if not include_self:
        condition &= ~Q(**{field: path})
    return condition


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, unit, include_self: bool = True):
        return self.filter(subtree_q(unit.path, include_self))

    def open_on(self, day=None):
        day = day or clock.today()
        return self.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day)).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )

    def not_closed_on(self, day=None):
        """Units that have not closed by `day` (including those that have not opened yet)."""
        day = day or clock.today()
        return self.exclude(effective_to__lt=day)

    def matching(self, query: str):
        """Units whose names or code contain every word of `query`, ignoring case and accents."""
        return self.filter(matching_q(query))

    def visible_to(self, user):
        from .scope import scope_for

        return scope_for(user).filter_units(self)


class UnitPlacementQuerySet(models.QuerySet):
    def on(self, day):
        """The placements in force on `day`: one per unit that had a place in the tree that day."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self):
        return self.filter(valid_to__isnull=True)
