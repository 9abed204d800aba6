"""The API's own writes: the answers kept for idempotency keys. They are bookkeeping of requests, not
changes anyone makes to a record, so they are not in the change log (the work a request did is)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotentRequest

# How long an answer is kept for a retry with the same key.
KEPT_FOR = timedelta(hours=24)
# A first request still "running" after this long died with its worker: a retry may run again.
ABANDONED_AFTER = timedelta(minutes=10)

NEW, REPLAY, DIFFERENT_REQUEST, STILL_RUNNING = "new", "replay", "different request", "still running"


def claim_idempotency_key(*, user, key: str, fingerprint: str) -> tuple[str, IdempotentRequest]:
    """Claim `key` for this request of `user`, in a transaction of its own so that a retry sent at the
    same time sees it. Answers (NEW, the claim) when the request should run, (REPLAY, the record) when
    it ran before with the same fingerprint, (DIFFERENT_REQUEST, …) when the key was used for another
    request, (STILL_RUNNING, …) while the first one has not answered."""
    for _attempt in range(3):
        now = timezone.now()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=user, key=key, fingerprint=fingerprint, created_at=now, expires_at=now + KEPT_FOR
                )
            return NEW, record
        except IntegrityError:
            pass
        with transaction.atomic():
            record = IdempotentRequest.objects.select_for_update().filter(user=user, key=key).first()
            if record is None:  # released by the first request meanwhile: claim it afresh
                continue
            expired = record.expires_at <= now
            abandoned = record.is_running and record.created_at <= now - ABANDONED_AFTER
            if expired or abandoned:
                record.fingerprint = fingerprint
                record.created_at = now
                record.expires_at = now + KEPT_FOR
                record.status_code = None
                record.response_headers = {}
                record.response_body = ""
                record.save()
                return NEW, record
            if record.fingerprint != fingerprint:
                return DIFFERENT_REQUEST, record
            if record.is_running:
                return STILL_RUNNING, record
            return REPLAY, record
    raise IntegrityError("The idempotency key could not be claimed.")


def keep_idempotent_answer(*, record: IdempotentRequest, status_code: int, headers: dict, body: str) -> None:
    """Keep the answer of the request that claimed `record`, for its retries."""
    record.status_code = status_code
    record.response_headers = headers
    record.response_body = body
    record.save(update_fields=["status_code", "response_headers", "response_body"])


def release_idempotency_key(*, record: IdempotentRequest) -> None:
    """Forget a claim whose request did not give an answer worth repeating (an error on our side, a
    refusal before the work began): a retry with the key runs again."""
    IdempotentRequest.objects.filter(pk=record.pk, status_code__isnull=True).delete()


def delete_expired_idempotent_requests(*, now=None) -> int:
    """Delete the answers kept longer than `KEPT_FOR`; returns how many."""
    deleted, _by_model = IdempotentRequest.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
