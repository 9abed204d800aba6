"""What web adds to the shared surfaces (see `core.contributions`): its own pages in the navigation."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute
from resolute.orgunits.choices import Role

contribute(NavigationEntry(key="web.home", order=10, label=_("Home"), url_name="web:home"))
contribute(
    NavigationEntry(
        key="web.calendar",
        order=90,
        label=_("Working days"),
        url_name="web:calendar",
        shown_to=lambda user, scope: scope.has_power_anywhere(Role.OFFICE),
    )
)
contribute(
    NavigationEntry(
        key="web.changelog",
        order=110,
        label=_("Change log"),
        url_name="web:changelog",
        shown_to=lambda user, scope: scope.has_power_anywhere(Role.OFFICE),
    )
)
contribute(
    ApiRouter(
        key="web.calendar",
        order=80,
        prefix="/calendar",
        router="resolute.web.api.calendar_router",
        label=_("Working days"),
    )
)
contribute(
    ApiRouter(
        key="web.changelog",
        order=85,
        prefix="/changes",
        router="resolute.web.api.changelog_router",
        label=_("Change log"),
    )
)
