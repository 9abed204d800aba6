"""Reads of reporting regimes: those a user may read or set, one by id, and the rows of the regimes'
settings page."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from resolute.core import clock
from resolute.core.calendar import WorkingCalendar
from resolute.core.periods import Period
from resolute.orgunits.models import OrgUnitKind

from ..models import ReportingRegime
from .obligations import window_of


def visible_regimes(user):
    """Active regimes issued by a unit the user can see (their own levels and the ones above)."""
    return ReportingRegime.objects.visible_to(user).active().select_related("issuer").order_by("name", "pk")


def get_visible_regime(user, pk) -> ReportingRegime:
    """A regime the user may read, whether active or not, or 404."""
    return get_object_or_404(ReportingRegime.objects.visible_to(user).select_related("issuer"), pk=pk)


def _kind_labels(kinds) -> str:
    labels = dict(OrgUnitKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds)


def regime_rows(user) -> list[dict]:
    """The regimes the user may set, active first, each with the kinds of units that report and the
    window of the period running today."""
    regimes = (
        ReportingRegime.objects.managed_by(user).select_related("issuer").annotate(named_units=Count("units"))
    )
    today = clock.today()
    working_calendar = WorkingCalendar()
    return [
        {
            "regime": regime,
            "kinds": _kind_labels(regime.unit_kinds),
            "window": window_of(regime, Period.containing(today, regime.period_type), working_calendar),
        }
        for regime in regimes.order_by("-active", "name", "pk")
    ]
