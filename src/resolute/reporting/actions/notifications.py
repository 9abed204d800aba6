"""Telling people things: in the app (the bell and the notifications page) and by e-mail.

`notify()` is the one entry point for the rest of the code (the urging ladder, reviews …). It writes
each recipient's notification in that recipient's language, and follows their preference for the
kind: shown in the app or not, an e-mail now, a place in tomorrow's daily digest, or nothing by
e-mail. E-mails go through the outbox (`actions.email`), which retries while the server is down.

Titles and bodies are given as lazy translatable strings (`gettext_lazy`) with `{name}` placeholders
filled from `context`; values in `context` may be lazy strings too. Both are turned into text once per
recipient, inside `translation.override(recipient.language)`.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from resolute.accounts.models import User
from resolute.orgunits.choices import Role

from ..email_message import absolute_url, render_email
from ..models import Notification, NotificationKind, NotificationPreference
from ..selectors.notifications import Preference, kind_label, language_of, preferences_of, render_text
from .email import queue_email


@transaction.atomic
def notify(
    *, users, kind: str, title, body="", url: str = "", context: dict | None = None
) -> list[Notification]:
    """Notify each active user in `users` about something of `kind`, in their own language.

    Returns the notifications created (one per active recipient; those who turned off the kind in
    the app get a row that is not shown, as a record of what was sent). E-mails are queued, never
    sent inside the caller's transaction; a job sends them once it commits."""
    recipients = [user for user in dict.fromkeys(users) if user is not None and user.is_active]
    if not recipients:
        return []
    preferences = preferences_of(recipients, kind)
    notifications = []
    queued_any = False
    for user in recipients:
        preference = preferences[user.pk]
        wants_email = preference.by_email and bool(user.email)
        with translation.override(language_of(user)):
            title_text = " ".join(render_text(title, context).split())[:300]
            body_text = render_text(body, context)
        notification = Notification(
            user=user,
            kind=kind,
            title=title_text,
            body=body_text,
            url=url,
            in_app=preference.in_app,
            digest_pending=wants_email and preference.digest,
        )
        notifications.append(notification)
        if wants_email and not preference.digest:
            rendered = render_email(
                "reporting/email/notification",
                {
                    "subject": title_text,
                    "title": title_text,
                    "body": body_text,
                    "link": absolute_url(url),
                    "kind_label": kind_label(kind),
                    "recipient": user,
                },
                language=language_of(user),
            )
            queue_email(to=user.email, rendered=rendered, user=user)
            queued_any = True
    Notification.objects.bulk_create(notifications)
    if queued_any:
        transaction.on_commit(enqueue_sending)
    return notifications


def notify_administrators(*, title, body="", context: dict | None = None) -> list[Notification]:
    """Tell the platform's administrators (superusers and those with the administrator role
    anywhere) about something wrong with the platform itself."""
    administrators = User.objects.filter(
        Q(is_superuser=True) | Q(memberships__role=Role.ADMIN), is_active=True
    ).distinct()
    return notify(
        users=list(administrators), kind=NotificationKind.GENERAL, title=title, body=body, context=context
    )


def enqueue_sending() -> None:
    """Ask the job worker to send the outbox now (the scheduler also runs it every minute for retries)."""
    from ..jobs import send_queued_emails  # the jobs module calls these actions

    send_queued_emails.enqueue()


@transaction.atomic
def mark_read(*, user, notification_ids) -> int:
    """Mark some of the user's notifications read (others' are ignored); returns how many changed."""
    return (
        Notification.objects.for_user(user)
        .unread()
        .filter(pk__in=notification_ids)
        .update(read_at=timezone.now())
    )


@transaction.atomic
def mark_all_read(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def save_preferences(*, user, preferences: dict[str, Preference]) -> None:
    """Store the user's choice for each kind given."""
    for kind, preference in preferences.items():
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={
                "in_app": preference.in_app,
                "by_email": preference.by_email,
                "digest": preference.digest,
            },
        )


def send_daily_digests() -> int:
    """Gather each user's notifications waiting for the digest into one e-mail in their language.

    Each user's rows are locked while their digest is written, in a transaction per user (one user's
    failure leaves the others' digests sent), so two runs at once send one digest."""
    user_ids = list(
        Notification.objects.filter(digest_pending=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by()
    )
    sent = 0
    for user_id in user_ids:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(user_id=user_id, digest_pending=True)
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not pending:
                continue  # another run took them
            Notification.objects.filter(pk__in=[item.pk for item in pending]).update(digest_pending=False)
            user = pending[0].user
            if not user.email or not user.is_active:
                continue
            language = language_of(user)
            with translation.override(language):
                subject = translation.ngettext(
                    "Resolute: %(count)d notification today",
                    "Resolute: %(count)d notifications today",
                    len(pending),
                ) % {"count": len(pending)}
            items = [
                {
                    "title": item.title,
                    "body": item.body,
                    "link": absolute_url(item.url),
                    "kind_label": kind_label(item.kind),
                }
                for item in pending
            ]
            rendered = render_email(
                "reporting/email/digest",
                {"subject": subject, "items": items, "recipient": user},
                language=language,
            )
            queue_email(to=user.email, rendered=rendered, user=user)
            sent += 1
    return sent
