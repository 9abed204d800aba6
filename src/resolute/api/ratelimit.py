"""A rate limit per personal token and per signed-in person, in fixed windows counted in the cache.

`RESOLUTE_API_RATE_LIMIT` ("600/minute" by default; a number per `second`, `minute`, `hour` or `day`;
empty: no limit) is how many requests one token — or one person through the browser session — may send
in a window. Every answer under the API to a counted request carries `RateLimit-Limit`,
`RateLimit-Remaining` and `RateLimit-Reset` (seconds until the window ends); past the limit the answer
is a 429 problem with `Retry-After`, and nothing runs. The counters live in Django's cache: Redis when
`REDIS_URL` is set, so every node counts together; each process's memory otherwise. A request with no
valid credentials is not counted here (it gets its 401)."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .auth import api_user, usable_token
from .problems import API_PREFIX, problem_response

SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """ "600/minute" → (600, 60); empty → None (no limit)."""
    if not rate:
        return None
    count, _slash, period = str(rate).partition("/")
    return int(count), SECONDS[period.strip().rstrip("s") or "minute"]


def _count(key: str, window: int) -> int:
    # Kept a little past its window so a slow clock on another node cannot restart it early.
    if cache.add(key, 1, window + 5):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return 1


def _who(request) -> str | None:
    token = usable_token(request)
    if token is not None:
        return f"token:{token.pk}"
    user = api_user(request)
    return f"user:{user.pk}" if user is not None else None


class ApiRateLimitMiddleware:
    """Counts each request to the API against its token's (or person's) window; see the module."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        rate = parse_rate(getattr(settings, "RESOLUTE_API_RATE_LIMIT", "600/minute"))
        who = _who(request) if rate else None
        if who is None:
            return self.get_response(request)
        limit, window = rate
        now = time.time()
        window_start = int(now // window) * window
        reset = max(1, math.ceil(window_start + window - now))
        used = _count(f"resolute:api-rate:{who}:{window}:{window_start}", window)
        if used > limit:
            response = problem_response(
                429,
                _(
                    "Too many requests: %(limit)s are allowed every %(window)s seconds. "
                    "Try again in %(reset)s seconds."
                )
                % {"limit": limit, "window": window, "reset": reset},
            )
            response["Retry-After"] = str(reset)
        else:
            response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(0, limit - used))
        response["RateLimit-Reset"] = str(reset)
        return response
