"""What webhooks add to the shared surfaces: the listener that writes each event's deliveries, the
entry in the navigation for those who manage webhooks, and their API."""

from django.utils.translation import gettext_lazy as _

from resolute.core.contributions import ApiRouter, NavigationEntry, contribute
from resolute.core.events import EventListener

from .permissions import can_manage_webhooks


def _heard(events):
    from .actions import record_events

    return record_events(events)


contribute(EventListener(key="webhooks", heard=_heard))
contribute(
    NavigationEntry(
        key="webhooks",
        order=105,
        label=_("Webhooks"),
        url_name="webhooks:list",
        shown_to=lambda user, scope: can_manage_webhooks(user),
    )
)
contribute(
    ApiRouter(
        key="webhooks",
        order=15,
        prefix="/webhooks",
        router="resolute.webhooks.api.router",
        label=_("Webhooks"),
    )
)
