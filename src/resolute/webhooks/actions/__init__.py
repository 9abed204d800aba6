"""Every write of webhooks: registering, editing, deactivating a webhook and replacing its secret (each
logged in the change log, never with the secret), and writing the deliveries of the events emitted
(the outbox, in the transaction of the change). Sending is in `deliveries`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resolute.core.changelog import record_change, snapshot
from resolute.core.events import Event, event_kinds
from resolute.core.links import absolute_url
from resolute.core.models import ChangeLogEntry

from ..models import Webhook, WebhookDelivery
from ..permissions import can_manage_webhooks
from ..signature import new_secret

LOGGED_FIELDS = ["name", "url", "events", "is_active"]
EDITABLE_FIELDS = {"name", "url", "events", "is_active"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# The kind of the event an administrator sends to try a webhook out.
TEST_EVENT = "webhook.test"


def _ensure_may_manage(acting_user) -> None:
    if acting_user is not None and not can_manage_webhooks(acting_user):
        raise PermissionDenied(_("Only an administrator of the whole organisation may manage webhooks."))


def _check(*, name: str, url: str, events) -> dict:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Enter a name for the webhook.")
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        errors["url"] = _("Enter a full address starting with https://.")
    elif parts.scheme == "http" and not settings.DEBUG and parts.hostname not in LOCAL_HOSTS:
        errors["url"] = _(
            "The address must start with https:// (plain http is allowed only for this computer)."
        )
    elif parts.username or parts.password:
        errors["url"] = _("Put no user name or password in the address; the secret signs each delivery.")
    known = {kind.key for kind in event_kinds()}
    if not events:
        errors["events"] = _("Choose at least one kind of event.")
    elif set(events) - known:
        errors["events"] = _("Unknown kind of event: %(kinds)s.") % {
            "kinds": ", ".join(sorted(set(events) - known))
        }
    if errors:
        raise ValidationError(errors)
    return {"name": name.strip(), "url": url.strip(), "events": sorted(set(events))}


@transaction.atomic
def create_webhook(*, acting_user, name: str, url: str, events, is_active: bool = True) -> Webhook:
    """Register a webhook with a new secret (read it from `webhook.secret` to show it, once)."""
    _ensure_may_manage(acting_user)
    checked = _check(name=name, url=url, events=events)
    webhook = Webhook.objects.create(
        **checked,
        is_active=is_active,
        secret=new_secret(),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_change(
        actor=acting_user, instance=webhook, action=ChangeLogEntry.Action.CREATE, fields=LOGGED_FIELDS
    )
    return webhook


@transaction.atomic
def update_webhook(*, acting_user, webhook: Webhook, **changes) -> Webhook:
    """Change a webhook's name, address, events or active flag."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    _ensure_may_manage(acting_user)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    checked = _check(
        name=changes.get("name", webhook.name),
        url=changes.get("url", webhook.url),
        events=changes.get("events", webhook.events),
    )
    before = snapshot(webhook, LOGGED_FIELDS)
    for field, value in checked.items():
        setattr(webhook, field, value)
    if "is_active" in changes:
        webhook.is_active = bool(changes["is_active"])
    if snapshot(webhook, LOGGED_FIELDS) == before:
        return webhook
    webhook.save()
    record_change(actor=acting_user, instance=webhook, action=ChangeLogEntry.Action.UPDATE, before=before)
    return webhook


def deactivate_webhook(*, acting_user, webhook: Webhook) -> Webhook:
    """Stop sending to a webhook: no new deliveries, and those waiting are not sent while it is off."""
    return update_webhook(acting_user=acting_user, webhook=webhook, is_active=False)


@transaction.atomic
def replace_secret(*, acting_user, webhook: Webhook) -> Webhook:
    """Give a webhook a new secret (shown once); deliveries are signed with it from now on."""
    _ensure_may_manage(acting_user)
    webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret", "updated_at"])
    record_change(
        actor=acting_user,
        instance=webhook,
        action=ChangeLogEntry.Action.UPDATE,
        note=_("The secret was replaced."),
    )
    return webhook


@transaction.atomic
def delete_webhook(*, acting_user, webhook: Webhook) -> None:
    """Remove a webhook and its delivery log."""
    _ensure_may_manage(acting_user)
    before = snapshot(webhook, LOGGED_FIELDS)
    record_change(actor=acting_user, instance=webhook, action=ChangeLogEntry.Action.DELETE, before=before)
    webhook.delete()


def _absolute_links(value):
    """The event's data with every "link" made a full address, for a system outside."""
    if isinstance(value, dict):
        return {
            key: absolute_url(item) if key == "link" and isinstance(item, str) else _absolute_links(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_absolute_links(item) for item in value]
    return value


def payload_of(event: Event) -> dict:
    """The JSON body of an event, as every webhook receives it."""
    return {
        "id": str(event.id),
        "kind": event.kind,
        "occurred_at": event.occurred_at.isoformat(),
        "data": _absolute_links(event.data),
    }


def _deliver_after_commit(deliveries: list[WebhookDelivery]) -> None:
    if deliveries:
        from ..jobs import deliver_webhooks

        transaction.on_commit(deliver_webhooks.enqueue)


def record_events(events: list[Event]) -> list[WebhookDelivery]:
    """The outbox: one delivery per event and active webhook that wants its kind, written in the
    caller's transaction (a change rolled back sends nothing), sent by the job once it commits."""
    if not events:
        return []
    kinds = {event.kind for event in events}
    webhooks = [
        webhook
        for webhook in Webhook.objects.active().only("pk", "events")
        if kinds.intersection(webhook.events or ())
    ]
    now = timezone.now()
    deliveries = [
        WebhookDelivery(
            webhook=webhook,
            event_id=event.id,
            kind=event.kind,
            payload=payload_of(event),
            next_attempt_at=now,
        )
        for event in events
        for webhook in webhooks
        if event.kind in webhook.events
    ]
    WebhookDelivery.objects.bulk_create(deliveries)
    _deliver_after_commit(deliveries)
    return deliveries


@transaction.atomic
def send_test_event(*, acting_user, webhook: Webhook) -> WebhookDelivery:
    """Queue a test event for one webhook (active or not, whatever it subscribes to), to try the
    receiver; its delivery shows in the log like any other."""
    _ensure_may_manage(acting_user)
    event = Event(
        kind=TEST_EVENT,
        data={
            "webhook": {"id": webhook.pk, "name": webhook.name, "link": webhook.get_absolute_url()},
            "sent_by": getattr(acting_user, "username", ""),
        },
    )
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event_id=event.id,
        kind=event.kind,
        payload=payload_of(event),
        next_attempt_at=timezone.now(),
    )
    _deliver_after_commit([delivery])
    return delivery
