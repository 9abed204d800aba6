from django.db import models
from django.db.models import Q


def document_visibility_q(user, prefix: str = "") -> Q | None:
    """Which documents the user may read, as a Q over documents (or over a relation to a
    document, with `prefix` such as "source__"); None means every document.

    A document is read wherever its keeping unit is visible: the user's own subtrees and the
    chain of units above them. The bodies that sit on a level above the user also issue to
    them (the Provincial Party Committee, the People's Committee: children of the province that
    are not themselves a province, district or commune), so their documents are readable too;
    a neighbouring district's documents are not."""
    from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS, scope_for

    scope = scope_for(user)
    condition = scope.visible_unit_q(prefix=f"{prefix}owner")
    if condition is None:
        return None
    levels_above = sorted(scope.visible_ancestor_ids)
    if levels_above:
        condition |= Q(**{f"{prefix}owner__parent_id__in": levels_above}) & ~Q(
            **{f"{prefix}owner__kind__in": sorted(ADMINISTRATIVE_LEVELS)}
        )
    return condition


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Documents the user may read (see `document_visibility_q`)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = document_visibility_q(user)
        return self if condition is None else self.filter(condition)

    def editable_by(self, user):
        """Documents the user may change: kept by a unit where the user holds the office power."""
        from resolute.orgunits.choices import Role
        from resolute.orgunits.scope import scope_for

        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = scope_for(user).unit_q(Role.OFFICE, prefix="owner")
        return self if condition is None else self.filter(condition)


class DocumentRelationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Relations whose two documents the user can both read: a relation never reveals a
        document the user may not see."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        source_condition = document_visibility_q(user, prefix="source__")
        if source_condition is None:
            return self
        return self.filter(source_condition).filter(document_visibility_q(user, prefix="target__"))


class DocumentFindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Findings of documents the user may read."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = document_visibility_q(user, prefix="document__")
        return self if condition is None else self.filter(condition)
