"""Template helpers for task pages."""

from django.template import Library
from django.utils.html import format_html

from resolute.orgunits.scope import scope_for
from resolute.tasks.status import STATUS_BADGE_CLASSES

register = Library()


@register.filter
def status_badge_class(status: str) -> str:
    """The badge colour of a status, the same as in the task lists."""
    return STATUS_BADGE_CLASSES.get(status, "badge")


@register.simple_tag(takes_context=True)
def unit_name(context, unit):
    """A unit's name, linked to its page when the reader may open that page (a coordinating unit may
    see a task led by a unit outside its view)."""
    if unit is None:
        return "—"
    request = context.get("request")
    if request is not None and scope_for(request.user).can_see_unit(unit):
        return format_html('<a href="{}">{}</a>', unit.get_absolute_url(), unit)
    return format_html("{}", unit)
