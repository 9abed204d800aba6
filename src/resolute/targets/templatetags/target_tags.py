"""Template helpers of the target pages: a status's badge, numbers with an indicator's decimals."""

from django.template import Library

from ..rollup import format_number
from ..status import TargetStatus

register = Library()

BADGE_OF_STATUS = {
    TargetStatus.ACHIEVED: "badge--ok",
    TargetStatus.NOT_ACHIEVED: "badge--bad",
    TargetStatus.ON_TRACK: "badge--ok",
    TargetStatus.AT_RISK: "badge--warn",
    TargetStatus.OFF_TRACK: "badge--bad",
    TargetStatus.NOT_MEASURABLE: "badge--muted",
}


@register.filter
def status_badge(status: str) -> str:
    """The badge class that colours a target's status."""
    return BADGE_OF_STATUS.get(status, "badge--muted")


@register.filter
def status_label(status: str) -> str:
    try:
        return str(TargetStatus(status).label)
    except ValueError:
        return status


@register.filter
def figure(value, decimals=0) -> str:
    """A figure written as the active language writes it, with the indicator's decimals."""
    return format_number(value, int(decimals or 0))
