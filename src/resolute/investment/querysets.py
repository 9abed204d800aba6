"""Scoped reads of public investment.

An investor sees its projects, a locality the projects in its area, and the jurisdiction whose plans
fund them (the province's leaders and office) and its public-investment desk (the Department of
Finance) see them all. Plans are read by those who can see their issuer; reports and extensions with
their project.
"""

from django.db import models
from django.db.models import Q


def _scope(user):
    from resolute.orgunits.scope import scope_for

    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return None
    return scope_for(user)


def desk_jurisdiction_ids(user, power: str = "viewer"):
    """The jurisdictions whose public-investment desk the user belongs to with `power` (a queryset of
    ids, for a subquery; None means every jurisdiction)."""
    from .models import InvestmentDesk

    scope = _scope(user)
    if scope is None:
        return InvestmentDesk.objects.none().values("jurisdiction_id")
    condition = scope.unit_q(power, prefix="unit")
    if condition is None:
        return None
    return InvestmentDesk.objects.filter(condition).values("jurisdiction_id")


def project_q(user, prefix: str = "") -> Q | None:
    """A Q over projects (or over a foreign key to a project, with `prefix`) the user may see; None
    means every project."""
    scope = _scope(user)
    if scope is None:
        return Q(pk__in=[])
    if scope.sees_everything:
        return None
    lead = f"{prefix}__" if prefix else ""
    desks = desk_jurisdiction_ids(user)
    return (
        scope.unit_q(prefix=f"{lead}investor")
        | scope.unit_q(prefix=f"{lead}locality")
        | scope.unit_q(prefix=f"{lead}jurisdiction")
        | Q(**{f"{lead}jurisdiction_id__in": desks})
    )


def _filtered(queryset, condition):
    return queryset if condition is None else queryset.filter(condition)


class InvestmentProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects the user invests in, that lie in their area, or that their level funds or keeps
        the books of."""
        return _filtered(self, project_q(user))


class CapitalPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans whose issuer the user can see (their own level or one above it); the amounts shown
        are those of the projects they see."""
        scope = _scope(user)
        if scope is None:
            return self.none()
        return _filtered(self, scope.visible_unit_q(prefix="issuer"))


class DisbursementReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports on the projects the user sees."""
        return _filtered(self, project_q(user, prefix="project"))


class PlanExtensionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Extensions of the projects the user sees."""
        return _filtered(self, project_q(user, prefix="project"))
