"""What a closing unit holds in the targets app, for a reorganisation's preview (`CarriedWork.held`
and `kept`), and the record of what it handed over, for the target's page.

A unit holds two kinds of open work here, and nothing else says that a unit owes figures (see
`selectors.owed_values` and `views.entry.owed_indicators`: a unit owes the values of an indicator
because a target is set for it or it has a share of a target's breakdown):

- the targets it OWNS (`Target.unit`) that are still open: their deadline falls after the unit's
  last day, so someone must still reach them and report their figures;
- its SHARES of open targets (`TargetBreakdown`).

What stays with the old unit is its history: the targets and shares that ended by its last day, and
every value it entered (a value belongs to the unit that reported it; the successor's roll-up reads
it through the area, see `rollup`). Each function is one query, however many units close."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import DataValue, Target, TargetBreakdown, TargetHandover


def _ids(units: Iterable) -> list[int]:
    return [getattr(unit, "pk", unit) for unit in units]


def _title(target: Target) -> str:
    return f"{target.indicator.display_name} · {target.year} · {target.document}"


def held_targets(units, day: date):
    """The open targets owned by `units` on `day` (their last day), as `HeldItem`s. One query."""
    from resolute.core.contributions import HeldItem

    targets = (
        Target.objects.filter(unit_id__in=_ids(units), deadline__gt=day)
        .select_related("unit", "indicator", "document")
        .order_by("unit__path", "indicator__code", "id")
    )
    return [
        HeldItem(
            key=f"targets.target:{target.pk}",
            unit=target.unit,
            title=_title(target),
            url=target.get_absolute_url(),
            role=_("owner of the target"),
        )
        for target in targets
    ]


def held_shares(units, day: date):
    """The shares `units` hold of targets still open on `day`, as `HeldItem`s. One query."""
    from resolute.core.contributions import HeldItem

    shares = (
        TargetBreakdown.objects.filter(unit_id__in=_ids(units), target__deadline__gt=day)
        .select_related("unit", "target__indicator", "target__document")
        .order_by("unit__path", "target__indicator__code", "target_id")
    )
    return [
        HeldItem(
            key=f"targets.share:{share.pk}",
            unit=share.unit,
            title=_title(share.target),
            url=share.target.get_absolute_url(),
            role=_("share of the target"),
        )
        for share in shares
    ]


def kept_targets(units, day: date) -> int:
    """The targets and shares of `units` that ended by `day`: they stay as the units' record. One query."""
    ids = _ids(units)
    return (
        Target.objects.filter(
            Q(unit_id__in=ids) | Q(breakdown__unit_id__in=ids),
            deadline__lte=day,
        )
        .distinct()
        .count()
    )


def kept_values(units, day: date) -> int:
    """The values `units` entered (every vintage and state): they stay with them. One query."""
    return DataValue.objects.filter(unit_id__in=_ids(units)).count()


def handovers_of(target: Target) -> list[TargetHandover]:
    """What passed to the target's units in reorganisations, oldest first. One query."""
    return list(target.handovers.select_related("from_unit", "to_unit").order_by("effective_on", "id"))
