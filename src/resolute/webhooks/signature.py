"""How a delivery is signed, so the receiver knows it comes from us and is fresh.

The signed content is the timestamp (Unix seconds, as sent in `X-Resolute-Timestamp`), a full stop and
the raw body: `f"{timestamp}.".encode() + body`. `X-Resolute-Signature` is `sha256=` and the hex
HMAC-SHA256 of that content keyed with the webhook's secret. A receiver recomputes it over the body it
read, compares in constant time, and refuses a timestamp more than a few minutes away from its clock
(a replayed request keeps its old timestamp, and changing it breaks the signature).
"""

import hashlib
import hmac
import json
import secrets

SIGNATURE_HEADER = "X-Resolute-Signature"
TIMESTAMP_HEADER = "X-Resolute-Timestamp"
EVENT_HEADER = "X-Resolute-Event"
DELIVERY_HEADER = "X-Resolute-Delivery"


def new_secret() -> str:
    """A fresh secret: 32 random bytes, URL-safe text."""
    return "whsec_" + secrets.token_urlsafe(32)


def body_of(payload: dict) -> bytes:
    """The bytes posted for a payload: compact JSON in UTF-8, keys sorted (the same on every try)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The value of `X-Resolute-Signature` for `body` sent at `timestamp`."""
    content = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), content, hashlib.sha256).hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float, tolerance: int = 300
) -> bool:
    """What a receiver does: the signature matches and the timestamp is within `tolerance` seconds."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent_at) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, sent_at, body), signature or "")
