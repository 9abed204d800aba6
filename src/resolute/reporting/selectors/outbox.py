"""Reads of the e-mail outbox: how long a failed e-mail waits before the next attempt, and the
administrators' page of what is waiting, failed or sent."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q

from ..models import OutgoingEmail


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


def outbox_page(user, status: str | None):
    """The e-mails of the outbox the user may see, with `status` (every status but sent when it is
    not one), the latest next attempt first; the status actually shown; and the count of each."""
    emails = OutgoingEmail.objects.visible_to(user)
    listed = emails.select_related("user").order_by("-next_attempt_at", "-pk")
    if status in OutgoingEmail.Status.values:
        listed = listed.filter(status=status)
    else:
        status = ""
        listed = listed.exclude(status=OutgoingEmail.Status.SENT)
    counts = emails.aggregate(
        queued=Count("pk", filter=Q(status=OutgoingEmail.Status.QUEUED)),
        retrying=Count("pk", filter=Q(status=OutgoingEmail.Status.QUEUED, attempts__gt=0)),
        failed=Count("pk", filter=Q(status=OutgoingEmail.Status.FAILED)),
        sent=Count("pk", filter=Q(status=OutgoingEmail.Status.SENT)),
    )
    return listed, status, counts
