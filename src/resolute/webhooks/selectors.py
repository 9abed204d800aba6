"""Named reads of webhooks and their delivery logs, for the pages and the API."""

from django.db.models import Count, Max, Q
from django.http import Http404

from .models import DeliveryStatus, Webhook


def webhooks_for(user):
    """The webhooks `user` may manage, each with how many deliveries wait, failed, and the last one's
    time (one query)."""
    return (
        Webhook.objects.visible_to(user)
        .annotate(
            queued_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.QUEUED)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            last_delivery_at=Max("deliveries__created_at"),
        )
        .order_by("name", "pk")
    )


def get_visible_webhook(user, pk) -> Webhook:
    """The webhook `pk` if `user` may manage it; 404 otherwise."""
    try:
        return Webhook.objects.visible_to(user).get(pk=pk)
    except (Webhook.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def deliveries_of(webhook: Webhook):
    """A webhook's delivery log, newest first."""
    return webhook.deliveries.order_by("-created_at", "-pk")


def get_delivery(webhook: Webhook, pk):
    """One delivery of `webhook`; 404 for another webhook's."""
    delivery = webhook.deliveries.filter(pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery
