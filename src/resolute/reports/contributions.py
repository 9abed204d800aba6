"""What reports adds to the shared surfaces (see `core.contributions`)."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute

contribute(
    NavigationEntry(key="reports.dashboard", order=20, label=_("Dashboard"), url_name="reports:dashboard")
)
contribute(
    ApiRouter(
        key="reports",
        order=90,
        prefix="/dashboard",
        router="resolute.reports.api.router",
        label=_("Dashboard"),
    )
)
contribute(
    ApiRouter(
        key="reports.implementation",
        order=91,
        prefix="/reports",
        router="resolute.reports.api.report_router",
        label=_("Implementation reports"),
    )
)
