"""The navigation every page shows: the entries the apps contribute (`core.contributions.NavigationEntry`),
in order, filtered by what the signed-in user may open."""

from collections import Counter

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from resolute.core.contributions import NavigationEntry, contributed
from resolute.orgunits.scope import scope_for


def navigation(request):
    """The entries, worked out only when a template shows them: a fragment (the notification bell, an
    HTMX partial) renders through the context processors too, and must not pay for the entries'
    questions about the user."""
    return {"navigation": SimpleLazyObject(lambda: _entries(request))}


def _entries(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    scope = scope_for(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    entries = contributed(NavigationEntry)
    # An app with several entries (web's home and calendar, reporting's compliance and board) would
    # otherwise mark them all current on any of its pages; those are marked only on their own page.
    entries_per_app = Counter(entry.url_name.split(":")[0] for entry in entries)
    items = []
    for entry in entries:
        if not entry.shown_to(user, scope):
            continue
        app = entry.url_name.split(":")[0]
        items.append(
            {
                "url": reverse(entry.url_name),
                "label": entry.label,
                "active": current == entry.url_name
                or (current.startswith(app + ":") and entries_per_app[app] == 1),
            }
        )
    return items
