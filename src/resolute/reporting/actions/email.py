"""The e-mail outbox: write an e-mail in its reader's language, queue it, and send the queue with retries.

Nothing is sent during the request that caused it. `queue_email` stores a row; `send_due_emails`
(run by the `send_queued_emails` job) sends the rows that are due through Django's configured
e-mail backend (SMTP in production). When sending fails the row stays queued and the next attempt
waits 1, 2, 4, 8 … minutes, up to a cap; after `RESOLUTE_EMAIL_MAX_ATTEMPTS` attempts the row is
marked failed and waits on the administrators' outbox page, where it can be retried. Each row is
claimed by one conditional UPDATE before it is sent, so two workers never send the same e-mail.
"""

import os
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail

# Failures that say the server cannot be reached at all: the rest of the batch would fail the same way
# (each after a timeout), so the run stops and leaves them for the next one.
SERVER_UNREACHABLE = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)

# How long a worker may take to send one claimed e-mail before another worker may try it again.
CLAIM_MINUTES = 10


def retry_cap_minutes() -> int:
    """The longest wait between two attempts, in minutes."""
    return int(getattr(settings, "RESOLUTE_EMAIL_RETRY_CAP_MINUTES", 60))


def max_attempts() -> int:
    """After this many failed attempts an e-mail is marked failed (and kept for a manual retry).
    With the default cap of an hour, 12 attempts keep trying for about six hours."""
    return int(getattr(settings, "RESOLUTE_EMAIL_MAX_ATTEMPTS", 12))


def backoff_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, 8 … minutes, never more than the cap."""
    exponent = max(attempts, 1) - 1
    minutes = retry_cap_minutes() if exponent >= 20 else min(2**exponent, retry_cap_minutes())
    return timedelta(minutes=minutes)


def site_url() -> str:
    """The address the links in e-mails start with: the app's public address, from the setting or the
    environment variable RESOLUTE_SITE_URL; the local demo's address when neither is set."""
    configured = getattr(settings, "RESOLUTE_SITE_URL", "") or os.environ.get("RESOLUTE_SITE_URL", "")
    return (configured or "http://127.0.0.1:8000").rstrip("/")


def absolute_url(url: str) -> str:
    """A link that works from a mail client: paths inside the app get the site's address in front."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_url() + (url if url.startswith("/") else "/" + url)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    language: str


def render_email(template_base: str, context: dict, *, language: str) -> RenderedEmail:
    """Render `<template_base>.txt` and `.html` (and the subject from context["subject"]) in `language`.

    The context may hold lazy translated strings; they are turned into text inside the language
    override so each reader gets their own language."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**context, "site_url": site_url(), "language": language}
        subject = " ".join(str(context.get("subject", "")).split())
        context["subject"] = subject
        text = render_to_string(f"{template_base}.txt", context)
        html = render_to_string(f"{template_base}.html", context)
    return RenderedEmail(subject=subject[:300], text=text, html=html, language=language)


def queue_email(*, to: str, rendered: RenderedEmail, user=None) -> OutgoingEmail:
    """Store an e-mail for sending; it is due at once."""
    return OutgoingEmail.objects.create(
        user=user,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        language=rendered.language,
        next_attempt_at=timezone.now(),
    )


def claim(email_id: int, *, now: datetime) -> bool:
    """Take one due e-mail for sending. The conditional UPDATE succeeds for one worker only; it
    counts the attempt and moves the next attempt out, so a worker that dies mid-send leaves the
    row to be tried again later rather than lost."""
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(minutes=CLAIM_MINUTES))
    return claimed == 1


def deliver(email: OutgoingEmail, connection) -> None:
    """Hand one e-mail to the backend: plain text with an HTML alternative. Raises when it fails."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        connection=connection,
        headers={"Content-Language": email.language} if email.language else None,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    message.send(fail_silently=False)


def record_failure(email: OutgoingEmail, error: Exception, *, now: datetime) -> None:
    """Keep the e-mail queued for a later attempt after a backoff, or mark it failed when it has
    had its attempts."""
    email.refresh_from_db(fields=["attempts"])
    failed = email.attempts >= max_attempts()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.QUEUED,
        next_attempt_at=now + backoff_delay(email.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def send_due_emails(*, limit: int = 200) -> dict[str, int]:
    """Send the queued e-mails whose time has come, oldest first. Returns how many were sent and
    how many failed this time (and stay queued or are now marked failed)."""
    now = timezone.now()
    due = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"sent": 0, "failed": 0}
    if not due:
        return counts
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 30
    connection = get_connection(fail_silently=False, timeout=timeout)
    for email_id in due:
        if not claim(email_id, now=now):
            continue  # another worker has it
        email = OutgoingEmail.objects.get(pk=email_id)
        try:
            deliver(email, connection)
        except Exception as error:  # noqa: BLE001 — any failure of the backend means "try again later"
            record_failure(email, error, now=timezone.now())
            counts["failed"] += 1
            if isinstance(error, SERVER_UNREACHABLE):
                break
            continue
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        counts["sent"] += 1
    return counts


def retry_email(email: OutgoingEmail) -> None:
    """An administrator's retry: the e-mail is queued again, due now, with a fresh count of attempts."""
    OutgoingEmail.objects.filter(pk=email.pk).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
