"""Sending the webhooks' outbox: each due delivery is posted once, signed; a failure waits longer
before each new try (`RETRY_DELAYS`), and after the last one the delivery is marked failed.

A delivery is claimed by one conditional UPDATE before it is posted (it counts the attempt and moves
the next attempt out), so two workers never post the same delivery at once and one that dies
mid-send leaves it to be tried again. A request times out after `TIMEOUT_SECONDS`; redirects are
not followed (a 3xx is a failure: the address must be the one registered). Only a 2xx answer counts
as delivered. Deliveries of a deactivated webhook wait, unsent, until it is active again (a test
event is sent whatever the flag)."""

import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import DeliveryStatus, WebhookDelivery
from ..signature import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, body_of, sign
from . import TEST_EVENT, _deliver_after_commit, _ensure_may_manage

# The wait after the 1st, 2nd … failed attempt; after the attempt that has no wait left, it fails.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT_SECONDS = 5
# How long a claimed delivery is left to its worker before another may try it again.
CLAIM_MINUTES = 1
USER_AGENT = "Resolute-Webhooks/1"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


# No proxy from the environment: the registered address is the one called.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)


def retry_delay(attempts: int) -> timedelta | None:
    """The wait after `attempts` failed attempts, or None when there is no try left."""
    return RETRY_DELAYS[attempts - 1] if 1 <= attempts <= len(RETRY_DELAYS) else None


def post(delivery: WebhookDelivery) -> int:
    """Post one delivery, signed with its webhook's secret; the HTTP status. Raises on a network
    failure or timeout, and `urllib.error.HTTPError` for an answer that is not 2xx."""
    body = body_of(delivery.payload)
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            EVENT_HEADER: delivery.kind,
            DELIVERY_HEADER: str(delivery.delivery_id),
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(delivery.webhook.secret, timestamp, body),
        },
    )
    with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
        return response.status


def _claim(delivery_id: int, *, now: datetime) -> bool:
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.QUEUED, next_attempt_at__lte=now
    ).update(
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=now + timedelta(minutes=CLAIM_MINUTES),
    )
    return claimed == 1


def _record_failure(delivery: WebhookDelivery, *, status_code: int | None, error: str, now: datetime) -> None:
    delay = retry_delay(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.QUEUED if delay else DeliveryStatus.FAILED,
        next_attempt_at=now + delay if delay else None,
        last_status_code=status_code,
        last_error=error[:2000],
    )


def _due(now: datetime):
    return WebhookDelivery.objects.filter(
        Q(webhook__is_active=True) | Q(kind=TEST_EVENT),
        status=DeliveryStatus.QUEUED,
        next_attempt_at__lte=now,
    )


def deliver_due(*, limit: int = 100) -> dict[str, int]:
    """Post the deliveries whose time has come, oldest first. Returns how many were delivered and how
    many failed this time (and wait for their next try, or are now marked failed)."""
    now = timezone.now()
    due = list(_due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    counts = {"delivered": 0, "failed": 0}
    for delivery_id in due:
        if not _claim(delivery_id, now=now):
            continue  # another worker has it
        delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
        try:
            status_code = post(delivery)
        except urllib.error.HTTPError as error:
            _record_failure(
                delivery, status_code=error.code, error=f"HTTP {error.code} {error.reason}", now=now
            )
            counts["failed"] += 1
            continue
        except (OSError, ValueError) as error:  # refused, unreachable, timed out, a broken address
            _record_failure(delivery, status_code=None, error=f"{type(error).__name__}: {error}", now=now)
            counts["failed"] += 1
            continue
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.DELIVERED,
            next_attempt_at=None,
            delivered_at=timezone.now(),
            last_status_code=status_code,
            last_error="",
        )
        counts["delivered"] += 1
    return counts


@transaction.atomic
def retry_delivery(*, acting_user, delivery: WebhookDelivery) -> bool:
    """An administrator's retry of a failed delivery: queued again, due now, with a fresh count of
    attempts. False when it had not failed."""
    _ensure_may_manage(acting_user)
    retried = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    _deliver_after_commit([delivery] if retried else [])
    return bool(retried)
