"""Template helpers of the oversight pages: a recommendation's derived state in the reader's words."""

from django.template import Library

from ..choices import RecommendationState

register = Library()


@register.filter
def state_label(state) -> str:
    """The label of a state annotated in SQL (`selectors.recommendations_with_state`), capitalised."""
    if not state:
        return ""
    label = str(RecommendationState(state).label)
    return label[:1].upper() + label[1:]
