"""The webhooks API, for administrators of the whole tree: list, register (the answer carries the
secret, once) and remove webhooks."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Status

from resolute.core.schemas import Id

from . import actions, selectors
from .permissions import can_manage_webhooks
from .schemas import NewWebhookOut, WebhookIn, WebhookOut

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


@router.delete("/{webhook_id}", response={204: None}, summary="Remove a webhook and its delivery log")
def delete_webhook(request, webhook_id: Id):
    _require_manager(request.auth)
    actions.delete_webhook(
        acting_user=request.auth, webhook=selectors.get_visible_webhook(request.auth, webhook_id)
    )
    return Status(204, None)
