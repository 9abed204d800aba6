"""The navigation every page shows, filtered by what the signed-in user may open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.orgunits.choices import Role
from resolute.orgunits.scope import scope_for

# (url name, label, power required or None for every signed-in user)
# Apps with several entries are marked current only on their own page.
APPS_WITH_SEVERAL_ENTRIES = {"web", "reporting"}
NAVIGATION = [
    ("web:home", _("Home"), None),
    ("reports:dashboard", _("Dashboard"), None),
    ("tasks:inbox", _("Tasks"), None),
    ("targets:list", _("Targets"), None),
    ("directives:list", _("Documents"), None),
    ("orgunits:tree", _("Organisation"), None),
    ("reporting:compliance", _("Reporting"), None),
    ("reporting:board", _("Follow-up"), Role.OFFICE),
    ("web:calendar", _("Working days"), Role.OFFICE),
    ("accounts:user_list", _("Users"), Role.ADMIN),
    ("web:changelog", _("Change log"), Role.ADMIN),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    scope = scope_for(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for url_name, label, power in NAVIGATION:
        if power and not scope.has_power_anywhere(power):
            continue
        app = url_name.split(":")[0]
        items.append(
            {
                "url": reverse(url_name),
                "label": label,
                "active": current == url_name
                or current.startswith(app + ":")
                and app not in APPS_WITH_SEVERAL_ENTRIES,
            }
        )
    return {"navigation": items}
