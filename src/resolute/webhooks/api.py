"""The webhooks API, for administrators of the whole tree: list, register (the answer carries the
secret, once), read with the delivery log, change, deactivate, try with a test event, give a new secret
(the answer carries it, once), retry a failed delivery and remove webhooks. Everyone else gets 403."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from resolute.core.pagination import CursorPagination
from resolute.core.schemas import Id

from . import actions, selectors
from .actions import deliveries as delivery_actions
from .permissions import can_manage_webhooks
from .schemas import DeliveryOut, NewWebhookOut, WebhookIn, WebhookOut, WebhookPatch

router = Router(tags=["webhooks"])


def _require_manager(user) -> None:
    if not can_manage_webhooks(user):
        raise PermissionDenied(_("Only an administrator of the whole organisation may manage webhooks."))


@router.get("", response=list[WebhookOut], summary="The webhooks")
def list_webhooks(request):
    _require_manager(request.auth)
    return list(selectors.webhooks_for(request.auth))


@router.post(
    "", response={201: NewWebhookOut}, summary="Register a webhook (its secret is in this answer only)"
)
def create_webhook(request, payload: WebhookIn):
    _require_manager(request.auth)
    webhook = actions.create_webhook(acting_user=request.auth, **payload.model_dump())
    return Status(201, webhook)


def _webhook(request, webhook_id):
    _require_manager(request.auth)
    return selectors.get_visible_webhook(request.auth, webhook_id)


def _counted(request, webhook):
    """The webhook with its counts of waiting and failed deliveries, as the list shows them."""
    return selectors.webhooks_for(request.auth).get(pk=webhook.pk)


@router.get("/{webhook_id}", response=WebhookOut, summary="A webhook")
def get_webhook(request, webhook_id: Id):
    return _counted(request, _webhook(request, webhook_id))


@router.get(
    "/{webhook_id}/deliveries", response=list[DeliveryOut], summary="A webhook's delivery log, newest first"
)
@paginate(CursorPagination, page_size=25, max_page_size=100)
def list_deliveries(request, webhook_id: Id):
    return selectors.deliveries_of(_webhook(request, webhook_id))


@router.patch("/{webhook_id}", response=WebhookOut, summary="Change a webhook (the last write wins)")
def update_webhook(request, webhook_id: Id, payload: WebhookPatch):
    webhook = _webhook(request, webhook_id)
    changes = payload.model_dump(exclude_unset=True)
    for field in [field for field, value in changes.items() if value is None]:
        raise ValidationError({field: _("This field cannot be empty.")})
    webhook = actions.update_webhook(acting_user=request.auth, webhook=webhook, **changes)
    return _counted(request, webhook)


@router.post(
    "/{webhook_id}/deactivate", response=WebhookOut, summary="Deactivate a webhook: nothing more is sent"
)
def deactivate_webhook(request, webhook_id: Id):
    webhook = actions.deactivate_webhook(acting_user=request.auth, webhook=_webhook(request, webhook_id))
    return _counted(request, webhook)


@router.post("/{webhook_id}/test", response={202: DeliveryOut}, summary="Send a test event to a webhook")
def send_test_event(request, webhook_id: Id):
    delivery = actions.send_test_event(acting_user=request.auth, webhook=_webhook(request, webhook_id))
    return Status(202, delivery)


@router.post(
    "/{webhook_id}/secret",
    response=NewWebhookOut,
    summary="Give a webhook a new secret (shown in this answer only)",
)
def replace_secret(request, webhook_id: Id):
    webhook = actions.replace_secret(acting_user=request.auth, webhook=_webhook(request, webhook_id))
    counted = _counted(request, webhook)
    counted.secret = webhook.secret
    return counted


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/retry",
    response={202: DeliveryOut},
    summary="Send a failed delivery again, with a fresh count of attempts",
)
def retry_delivery(request, webhook_id: Id, delivery_id: Id):
    delivery = selectors.get_delivery(_webhook(request, webhook_id), delivery_id)
    if not delivery_actions.retry_delivery(acting_user=request.auth, delivery=delivery):
        raise ValidationError({"status": _("Only a delivery that failed can be sent again.")})
    delivery.refresh_from_db()
    return Status(202, delivery)


@router.delete("/{webhook_id}", response={204: None}, summary="Remove a webhook and its delivery log")
def delete_webhook(request, webhook_id: Id):
    _require_manager(request.auth)
    actions.delete_webhook(
        acting_user=request.auth, webhook=selectors.get_visible_webhook(request.auth, webhook_id)
    )
    return Status(204, None)
