"""A simple counter per address and per network address, kept in the cache, for requests that send
e-mail to people who are not signed in (a password reset): enough to stop one person flooding an
inbox, while the page answers the same whatever the counter says."""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _key(kind: str, value: str) -> str:
    return f"resolute:throttle:{kind}:" + hashlib.sha256(value.strip().lower().encode()).hexdigest()


def _count(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def allow_password_reset(*, email: str, client_address: str) -> bool:
    """Count this request; False once the address or the client asked too often this hour."""
    by_address = _count(_key("reset-email", email))
    by_client = _count(_key("reset-client", client_address or "unknown"))
    return (
        by_address <= settings.RESOLUTE_PASSWORD_RESETS_PER_ADDRESS
        and by_client <= settings.RESOLUTE_PASSWORD_RESETS_PER_CLIENT
    )
