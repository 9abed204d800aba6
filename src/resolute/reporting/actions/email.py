"""The e-mail outbox: queue an e-mail (written by `email_message`), and send the queue with retries.

Nothing is sent during the request that caused it. `queue_email` stores a row; `send_due_emails`
(run by the `send_queued_emails` job in `jobs`) sends the rows that are due through Django's configured
e-mail backend (SMTP in production). When sending fails the row stays queued and the next attempt
waits 1, 2, 4, 8 … minutes, up to a cap; after `RESOLUTE_EMAIL_MAX_ATTEMPTS` attempts the row is
marked failed and waits on the administrators' outbox page, where it can be retried. Each row is
claimed by one conditional UPDATE before it is sent, so two workers never send the same e-mail.
"""

import smtplib
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F
from django.utils import timezone

from ..email_message import RenderedEmail
from ..models import OutgoingEmail
from ..selectors.outbox import backoff_delay, max_attempts

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


def retry_email(*, email: OutgoingEmail) -> None:
    """An administrator's retry: the e-mail is queued again, due now, with a fresh count of attempts."""
    OutgoingEmail.objects.filter(pk=email.pk).exclude(status=OutgoingEmail.Status.SENT).update(
        status=OutgoingEmail.Status.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
