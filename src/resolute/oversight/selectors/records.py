"""The records one by one and in lists, scoped to what the user sees: conclusions, their
recommendations with where each stands on a day, and one recommendation with everything recorded on it
(its task, the money recovered entry by entry, the people to discipline)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.http import Http404

from resolute.core import clock

from ..models import DisciplineCase, Oversight, Recommendation, Recovery
from .ledger import in_scope
from .states import recommendations_with_state

RECOMMENDATION_RELATED = (
    "oversight__document",
    "oversight__inspecting_unit",
    "oversight__inspected_unit",
    "oversight__follow_up_unit",
    "task__lead_unit",
    "task__assigned_by_unit",
)


def visible_oversights(user):
    """The conclusions `user` sees, newest first, with their document, the units named and the number
    of recommendations."""
    return (
        Oversight.objects.visible_to(user)
        .select_related("document", "inspecting_unit", "inspected_unit", "follow_up_unit")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-document__issued_on", "-pk")
    )


def get_visible_oversight(user, pk) -> Oversight:
    """One conclusion `user` sees, or 404."""
    oversight = visible_oversights(user).filter(pk=pk).first()
    if oversight is None:
        raise Http404
    return oversight


def visible_recommendations(user, *, on: date | None = None):
    """The recommendations `user` sees with where each stands on `on` (default today), in the order of
    their conclusions, with what a list shows of them."""
    on = on or clock.today()
    return recommendations_with_state(Recommendation.objects.visible_to(user), on).select_related(
        *RECOMMENDATION_RELATED
    )


def recommendations_of(user, oversight: Oversight, *, on: date | None = None):
    """The recommendations of one conclusion that `user` sees, in their order, with their states on `on`."""
    return visible_recommendations(user, on=on).filter(oversight=oversight).order_by("pk")


def filter_recommendations(
    user,
    *,
    on: date,
    oversight=None,
    body=None,
    unit=None,
    area=None,
    kind: str = "",
    state: str = "",
    overdue: bool | None = None,
):
    """The recommendations a list shows: those `user` sees on `on` (assigned by then, not withdrawn),
    of a conclusion, of an inspecting body (a unit id, or a named body's name), of a unit responsible
    (`unit`, alone) or of an area (`area`, its units below it on that day), of a kind, in a state, overdue
    or not. The keys are those of the ledger's rows (`ledger.LIST_PARAMETERS`)."""
    recommendations = in_scope(user, on=on, unit=area)
    if oversight is not None:
        recommendations = recommendations.filter(oversight=oversight)
    if body not in (None, ""):
        body_text = str(body)
        if body_text.isdigit():
            recommendations = recommendations.filter(oversight__inspecting_unit_id=int(body_text))
        else:
            recommendations = recommendations.filter(
                oversight__inspecting_unit__isnull=True, oversight__inspecting_body_name=body_text
            )
    if unit is not None:
        recommendations = recommendations.filter(task__lead_unit=unit)
    if kind:
        recommendations = recommendations.filter(kind=kind)
    recommendations = recommendations_with_state(recommendations, on).select_related(*RECOMMENDATION_RELATED)
    if state:
        recommendations = recommendations.filter(state=state)
    if overdue is not None:
        recommendations = recommendations.filter(is_overdue=overdue)
    return recommendations.order_by("-oversight__document__issued_on", "oversight_id", "pk")


@dataclass
class RecoveryLine:
    """An entry of the money recovered, with the total recovered once it is counted."""

    recovery: Recovery
    running_total: Decimal


@dataclass
class RecommendationDetail:
    """One recommendation on a day: the recommendation (annotated as `recommendations_with_state`
    annotates it), its conclusion, its task, the coordinating units, the money recovered entry by
    entry, and the people to discipline."""

    recommendation: Recommendation
    on: date
    recoveries: list[RecoveryLine]
    discipline_cases: list[DisciplineCase]
    coordinating_units: list

    @property
    def oversight(self) -> Oversight:
        return self.recommendation.oversight

    @property
    def task(self):
        return self.recommendation.task

    @property
    def amount_outstanding(self) -> Decimal | None:
        """What is still to recover (never below 0), for a recommendation to recover money."""
        if self.recommendation.amount_required is None:
            return None
        return max(self.recommendation.amount_required - Decimal(self.recommendation.recovered), Decimal(0))


def recommendation_detail(user, pk, *, on: date | None = None) -> RecommendationDetail:
    """One recommendation `user` sees, as it stands on `on` (default today), with everything recorded
    on it; 404 when they may not see it. Four queries, whatever was recorded."""
    on = on or clock.today()
    recommendation = (
        visible_recommendations(user, on=on)
        .prefetch_related(
            Prefetch(
                "recoveries",
                queryset=Recovery.objects.select_related("recorded_by").order_by("recovered_on", "pk"),
            ),
            Prefetch("discipline_cases", queryset=DisciplineCase.objects.order_by("pk")),
            "task__coordinating_units",
        )
        .filter(pk=pk)
        .first()
    )
    if recommendation is None:
        raise Http404
    lines, running = [], Decimal(0)
    for recovery in recommendation.recoveries.all():
        running += recovery.amount
        lines.append(RecoveryLine(recovery=recovery, running_total=running))
    recommendation.recovered = Decimal(recommendation.recovered)
    return RecommendationDetail(
        recommendation=recommendation,
        on=on,
        recoveries=lines,
        discipline_cases=list(recommendation.discipline_cases.all()),
        coordinating_units=list(recommendation.task.coordinating_units.all()),
    )
