"""What the list of conclusions reads beyond the records: each conclusion of a page with its
recommendations counted by state on a day, as the ledger counts them, in one query for the page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from ..choices import RecommendationState
from .ledger import in_scope
from .states import recommendations_with_state


@dataclass
class StateCounts:
    """How many recommendations stand where, on a day; `overdue` counts among those not implemented."""

    implemented: int = 0
    partly: int = 0
    not_yet: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.implemented + self.partly + self.not_yet


def counts_by_oversight(user, oversights, *, on: date) -> dict[int, StateCounts]:
    """{oversight id: StateCounts} of the recommendations the user reads in each of `oversights`, as
    the ledger counts them on `on` (assigned by then, not cancelled): one query."""
    counts = defaultdict(StateCounts)
    ids = [oversight.pk for oversight in oversights]
    if not ids:
        return counts
    recommendations = in_scope(user, on=on).filter(oversight_id__in=ids)
    rows = (
        recommendations_with_state(recommendations, on)
        .order_by()
        .values("oversight_id", "state")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=Q(is_overdue=True)))
    )
    for row in rows:
        figures = counts[row["oversight_id"]]
        setattr(figures, RecommendationState(row["state"]).value, row["count"])
        figures.overdue += row["overdue"]
    return counts
