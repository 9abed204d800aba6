"""The bell, the notifications page, the preferences page, and the administrators' e-mail outbox.
A user reads and opens only their own notifications; another's is not found (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resolute.core.pagination import page_of

from ..actions.email import retry_email
from ..actions.notifications import enqueue_sending, mark_all_read, mark_read, save_preferences
from ..models import Notification, OutgoingEmail
from ..permissions import can_keep_outbox
from ..selectors.notifications import Preference, kind_label, preference_rows, unread_count
from ..selectors.outbox import outbox_page


def notification_bell(request):
    """The header's bell with the unread count (one COUNT query), fetched by the page after it loads.

    A visitor whose session has ended gets an empty 204, which leaves the header as it is, rather
    than a redirect whose sign-in page would be swapped into the header."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "web/_bell.html", {"bell_count": unread_count(request.user), "bell_loaded": True})


@login_required
def notification_list(request):
    """The user's notifications, newest first; unread ones stand out and can be marked read."""
    only_unread = request.GET.get("show") == "unread"
    notifications = Notification.objects.for_user(request.user)
    if only_unread:
        notifications = notifications.unread()
    page = page_of(request, notifications, 30)
    for notification in page:
        notification.kind_label = kind_label(notification.kind)
    context = {
        "page_obj": page,
        "only_unread": only_unread,
        "is_administrator": can_keep_outbox(request.user),
    }
    return render(request, "reporting/notification_list.html", context)


@login_required
@require_POST
def notification_open(request, pk):
    """Follow a notification's link, marking it read on the way (a POST: reading it is a change)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notification.read_at is None:
        mark_read(user=request.user, notification_ids=[notification.pk])
    target = notification.url
    safe = target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe else "reporting:notifications")


@login_required
@require_POST
def notification_mark_read(request):
    """Mark the chosen notifications read, or all of them."""
    if request.POST.get("all"):
        changed = mark_all_read(user=request.user)
    else:
        ids = [value for value in request.POST.getlist("notification") if value.isdigit()]
        changed = mark_read(user=request.user, notification_ids=ids)
    if changed:
        messages.success(request, _("Marked as read."))
    back = request.POST.get("next_page", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("reporting:notifications")


@login_required
def notification_preferences(request):
    """For each kind of notification: in the app, by e-mail, and one e-mail a day instead of many."""
    rows = preference_rows(request.user)
    if request.method == "POST":
        chosen = {
            kind: Preference(
                in_app=f"{kind}-in_app" in request.POST,
                by_email=f"{kind}-by_email" in request.POST,
                digest=f"{kind}-digest" in request.POST,
            )
            for kind, _label, _preference in rows
        }
        save_preferences(user=request.user, preferences=chosen)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("reporting:notification_preferences")
    return render(
        request,
        "reporting/notification_preferences.html",
        {"rows": rows, "has_email": bool(request.user.email)},
    )


def require_administrator(user) -> None:
    if not can_keep_outbox(user):
        raise PermissionDenied


@login_required
def outbox_list(request):
    """For administrators: e-mails that failed or are still waiting, with the last error and a retry."""
    require_administrator(request.user)
    emails, status, counts = outbox_page(request.user, request.GET.get("status"))
    page = page_of(request, emails, 50)
    return render(
        request,
        "reporting/notification_outbox.html",
        {"page_obj": page, "status": status, "counts": counts, "now": timezone.now()},
    )


@login_required
@require_POST
def outbox_retry(request):
    """Queue failed (or waiting) e-mails again, due at once; the sending job is asked to run."""
    require_administrator(request.user)
    emails = OutgoingEmail.objects.visible_to(request.user)
    if request.POST.get("all_failed"):
        emails = emails.filter(status=OutgoingEmail.Status.FAILED)
    else:
        ids = [value for value in request.POST.getlist("email") if value.isdigit()]
        emails = emails.filter(pk__in=ids).exclude(status=OutgoingEmail.Status.SENT)
    retried = 0
    for email in emails:
        retry_email(email=email)
        retried += 1
    if retried:
        enqueue_sending()
        messages.success(request, _("%(count)d e-mails queued again.") % {"count": retried})
    return redirect("reporting:outbox")
