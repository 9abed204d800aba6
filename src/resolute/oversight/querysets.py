"""Scoped reads of oversight findings: a recommendation is read by whoever may read its task (the
unit responsible, its coordinators, the unit that follows it up and those above them) and by the
inspecting body when it is a unit of the tree (it follows its own conclusions to the end and confirms
their closure); an oversight by whoever may see the inspected unit, the unit following it up or the
inspecting unit, or reads one of its recommendations."""

from django.db import models
from django.db.models import Q


def _scope(user):
    from resolute.orgunits.scope import scope_for

    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    return scope_for(user)


class RecommendationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Recommendations whose task the user may read, or of conclusions of the user's inspecting unit."""
        from resolute.tasks.models import Task

        scope = _scope(user)
        if scope is None:
            return self.none()
        if scope.sees_everything:
            return self
        return self.filter(
            Q(task__in=Task.objects.visible_to(user).values("pk"))
            | scope.unit_q(prefix="oversight__inspecting_unit")
        )


class OversightQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Oversights of units the user sees, followed up or conducted by them, or with a recommendation
        they read."""
        from .models import Recommendation

        scope = _scope(user)
        if scope is None:
            return self.none()
        if scope.sees_everything:
            return self
        return self.filter(
            scope.unit_q(prefix="inspected_unit")
            | scope.unit_q(prefix="follow_up_unit")
            | scope.unit_q(prefix="inspecting_unit")
            | Q(pk__in=Recommendation.objects.visible_to(user).values("oversight_id"))
        )
