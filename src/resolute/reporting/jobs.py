"""Background jobs for notifications: send the e-mail outbox, and the daily digest.

`send_queued_emails` runs after each notification that queues mail and every minute from the
scheduler (so retries happen when their backoff has passed); `daily_digest` runs once a day."""

from django_tasks import task


@task()
def send_queued_emails() -> dict[str, int]:
    """Send every queued e-mail that is due; failures stay queued with a longer wait."""
    from .email import send_due_emails

    return send_due_emails()


@task()
def daily_digest() -> int:
    """Queue one digest e-mail per user who has notifications waiting for it, then send the outbox."""
    from .email import send_due_emails
    from .notify import send_daily_digests

    queued = send_daily_digests()
    if queued:
        send_due_emails()
    return queued
