"""Scoped reads of indicators, targets and values, and the rule for which value counts.

Every list starts from `.visible_to(user)`: the indicator registry is open to everyone signed in;
a target or a value is visible where its unit is visible (the user's subtrees and the chain of
units above them).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q


def _is_signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)


def _visible_by_unit(queryset, user, prefix: str = "unit"):
    from resolute.orgunits.scope import scope_for

    if not _is_signed_in(user):
        return queryset.none()
    condition = scope_for(user).visible_unit_q(prefix=prefix)
    return queryset if condition is None else queryset.filter(condition)


def counts_submitted_values(include_submitted: bool | None = None) -> bool:
    """Whether submitted (not yet approved) values count: the argument, else the setting
    RESOLUTE_COUNT_SUBMITTED_VALUES (off by default: only approved values count)."""
    if include_submitted is not None:
        return include_submitted
    return bool(getattr(settings, "RESOLUTE_COUNT_SUBMITTED_VALUES", False))


def counting_states(include_submitted: bool | None = None) -> list[str]:
    from .models import ValueState

    if counts_submitted_values(include_submitted):
        return [ValueState.APPROVED, ValueState.SUBMITTED]
    return [ValueState.APPROVED]


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The registry is shared: everyone signed in reads every indicator."""
        return self if _is_signed_in(user) else self.none()


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Targets whose unit the user can see."""
        return _visible_by_unit(self, user)


class TargetBreakdownQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Shares of units the user can see: a district reads its own share of a provincial target,
        not its siblings'."""
        return _visible_by_unit(self, user)


class DataValueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Values of units the user can see."""
        return _visible_by_unit(self, user)

    def not_superseded(self):
        return self.filter(superseded_by__isnull=True)

    def counting(self, include_submitted: bool | None = None):
        """The rows that count, one per indicator × unit × period, in SQL (so sums and averages can
        be aggregated over a subtree): not superseded, approved (and submitted when asked), and no
        other such row of the same cell has a higher vintage, or the same vintage and a later id."""
        states = counting_states(include_submitted)
        better = self.model.objects.filter(
            indicator_id=OuterRef("indicator_id"),
            unit_id=OuterRef("unit_id"),
            period=OuterRef("period"),
            superseded_by__isnull=True,
            state__in=states,
        ).filter(Q(vintage__gt=OuterRef("vintage")) | Q(vintage=OuterRef("vintage"), pk__gt=OuterRef("pk")))
        return self.filter(superseded_by__isnull=True, state__in=states).filter(~Exists(better))
