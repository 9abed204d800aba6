"""Named reads of oversight findings, by topic: where a recommendation stands on a day (`states`), the
ledger per inspecting body, unit, conclusion or kind (`ledger`), and the records one by one and in
lists (`records`). None of them writes, and every one starts from what the user may see."""

from .ledger import GROUPINGS, LIST_PARAMETERS, Ledger, LedgerRow, in_scope, ledger
from .records import (
    RecommendationDetail,
    RecoveryLine,
    filter_recommendations,
    get_visible_oversight,
    recommendation_detail,
    recommendations_of,
    visible_oversights,
    visible_recommendations,
)
from .states import counted_on, recommendations_with_state, recovered_by

__all__ = [
    "GROUPINGS",
    "LIST_PARAMETERS",
    "Ledger",
    "LedgerRow",
    "RecommendationDetail",
    "RecoveryLine",
    "counted_on",
    "filter_recommendations",
    "get_visible_oversight",
    "in_scope",
    "ledger",
    "recommendation_detail",
    "recommendations_of",
    "recommendations_with_state",
    "recovered_by",
    "visible_oversights",
    "visible_recommendations",
]
