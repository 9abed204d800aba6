"""Template helpers shared by every app."""

from django.core.exceptions import FieldDoesNotExist
from django.template import Library
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.text import capfirst

register = Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(sorted((k, v) for k in params for v in params.getlist(k)))


def _logged_field(entry, name: str):
    try:
        return entry.content_type.model_class()._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None


@register.simple_tag
def field_label(entry, name: str) -> str:
    """The label a user knows a changed field by (its verbose name), for change-log rows."""
    field = _logged_field(entry, name)
    return capfirst(field.verbose_name) if field is not None else name


@register.simple_tag
def field_value(entry, name: str, value) -> str:
    """A logged value as the reader reads it: a choice's label in their language, a list joined."""
    if value is None or value == "" or value == []:
        return "—"
    field = _logged_field(entry, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


# Pages that show one record, by (app label, model): the change log links to them without a query.
RECORD_PAGES = {
    ("orgunits", "orgunit"): "orgunits:detail",
    ("directives", "document"): "directives:detail",
    ("accounts", "user"): "accounts:user_detail",
}


@register.simple_tag
def record_url(entry) -> str:
    """The page of the record a change-log entry is about, or "" when it has none."""
    url_name = RECORD_PAGES.get((entry.content_type.app_label, entry.content_type.model))
    if url_name is None or entry.action == "delete":
        return ""
    try:
        return reverse(url_name, args=[entry.object_id])
    except NoReverseMatch:
        return ""
