"""The webhook pages: the list, registering and editing a webhook, its delivery log, a test event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.accounts.views import remember_secret_once, take_secret
from resolute.core.changelog import history_of
from resolute.core.events import event_kinds
from resolute.core.forms import run_action
from resolute.core.pagination import page_of

from . import actions, selectors
from .actions import deliveries as delivery_actions
from .forms import WebhookForm
from .permissions import can_manage_webhooks

DELIVERIES_PER_PAGE = 25
SECRET_KIND = "webhook"


def _require_manager(user) -> None:
    if not can_manage_webhooks(user):
        raise PermissionDenied(_("Only an administrator of the whole organisation may manage webhooks."))


def _webhook(request, pk):
    _require_manager(request.user)
    return selectors.get_visible_webhook(request.user, pk)


def _kind_labels() -> dict:
    return {kind.key: kind.label for kind in event_kinds()} | {actions.TEST_EVENT: _("Test event")}


@login_required
def webhook_list(request):
    _require_manager(request.user)
    webhooks = list(selectors.webhooks_for(request.user))
    labels = _kind_labels()
    rows = [(webhook, [labels.get(kind, kind) for kind in webhook.events]) for webhook in webhooks]
    return render(request, "webhooks/list.html", {"rows": rows})


@login_required
def webhook_create(request):
    _require_manager(request.user)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        webhook, _status = run_action(
            form, lambda: actions.create_webhook(acting_user=request.user, **form.cleaned_data)
        )
        if webhook is not None:
            remember_secret_once(request, kind=SECRET_KIND, owner_id=webhook.pk, value=webhook.secret)
            messages.success(request, _("The webhook %(name)s is registered.") % {"name": webhook.name})
            return redirect(webhook)
    return render(request, "webhooks/form.html", {"form": form}, status=422 if form.errors else 200)


def _form(request, webhook=None):
    initial = None
    if webhook is not None:
        initial = {
            "name": webhook.name,
            "url": webhook.url,
            "events": webhook.events,
            "is_active": webhook.is_active,
        }
    return WebhookForm(request.POST or None, initial=initial)


@login_required
def webhook_edit(request, pk):
    webhook = _webhook(request, pk)
    form = _form(request, webhook)
    if request.method == "POST" and form.is_valid():
        saved, _status = run_action(
            form,
            lambda: actions.update_webhook(acting_user=request.user, webhook=webhook, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("The webhook is saved."))
            return redirect(saved)
    return render(
        request, "webhooks/form.html", {"form": form, "webhook": webhook}, status=422 if form.errors else 200
    )


@login_required
def webhook_detail(request, pk):
    webhook = _webhook(request, pk)
    page = page_of(request, selectors.deliveries_of(webhook), DELIVERIES_PER_PAGE)
    labels = _kind_labels()
    return render(
        request,
        "webhooks/detail.html",
        {
            "webhook": webhook,
            "event_labels": [labels.get(kind, kind) for kind in webhook.events],
            "kind_labels": labels,
            "page_obj": page,
            "deliveries": [(delivery, labels.get(delivery.kind, delivery.kind)) for delivery in page],
            "new_secret": take_secret(request, kind=SECRET_KIND, owner_id=webhook.pk),
            "history": history_of(webhook)[:20],
        },
    )


@require_POST
@login_required
def webhook_deactivate(request, pk):
    webhook = _webhook(request, pk)
    actions.deactivate_webhook(acting_user=request.user, webhook=webhook)
    messages.success(request, _("The webhook is deactivated: nothing more is sent to it."))
    return redirect(webhook)


@require_POST
@login_required
def webhook_test(request, pk):
    webhook = _webhook(request, pk)
    actions.send_test_event(acting_user=request.user, webhook=webhook)
    messages.success(request, _("A test event is on its way; its delivery shows below."))
    return redirect(webhook)


@require_POST
@login_required
def webhook_new_secret(request, pk):
    webhook = actions.replace_secret(acting_user=request.user, webhook=_webhook(request, pk))
    remember_secret_once(request, kind=SECRET_KIND, owner_id=webhook.pk, value=webhook.secret)
    messages.success(request, _("The webhook has a new secret; the old one no longer signs deliveries."))
    return redirect(webhook)


@require_POST
@login_required
def delivery_retry(request, pk, delivery_pk):
    webhook = _webhook(request, pk)
    delivery = selectors.get_delivery(webhook, delivery_pk)
    if delivery_actions.retry_delivery(acting_user=request.user, delivery=delivery):
        messages.success(request, _("The delivery is queued again."))
    return redirect(webhook)
