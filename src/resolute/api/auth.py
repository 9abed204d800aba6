"""API authentication: a personal token (`Authorization: Bearer rsl_…`) or the browser session.

A token is narrowed by its scope and areas (`accounts.models.ApiToken`): a revoked or expired token is a
401 that says so; a write with a read-only token, or an operation outside the token's areas, is a 403
naming the scope it needs. The token of a request is looked up once (`bearer_token`) and shared by the
rate limit, the idempotency keys and the authentication."""

from functools import wraps

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from resolute.accounts.models import ApiToken

from .problems import problem_response

READING_METHODS = ("GET", "HEAD", "OPTIONS")
_NOT_LOOKED_UP = object()


class TokenNoLongerValid(AuthenticationError):
    """A token that was valid: revoked by its owner, or past its last day."""

    def __init__(self, message: str):
        super().__init__(401, message)
        self.message = message


class TokenScopeDenied(Exception):
    """The token may not do this: `needed` is the scope (`write`) or area (`area:tasks`) it lacks."""

    def __init__(self, message: str, needed: str):
        super().__init__(message)
        self.message = message
        self.needed = needed


def bearer_token(request) -> ApiToken | None:
    """The personal token the request sends (revoked and expired ones too; None without one or for an
    unknown one), looked up once per request."""
    cached = getattr(request, "_resolute_api_token", _NOT_LOOKED_UP)
    if cached is not _NOT_LOOKED_UP:
        return cached
    token = None
    header = request.headers.get("Authorization", "")
    scheme, _space, raw = header.partition(" ")
    raw = raw.strip()
    if scheme.lower() == "bearer" and raw.startswith(ApiToken.PREFIX):
        token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash(raw), user__is_active=True)
            .first()
        )
    request._resolute_api_token = token
    return token


def usable_token(request) -> ApiToken | None:
    """The request's token if it still works (not revoked, not expired)."""
    token = bearer_token(request)
    return token if token is not None and token.is_usable else None


def api_user(request):
    """Who a request acts as, for counting and remembering its requests: the owner of its usable token,
    else the signed-in session's user, else None."""
    token = usable_token(request)
    if token is not None:
        return token.user
    if bearer_token(request) is None and not request.headers.get("Authorization"):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
    return None


def write_scope_denied() -> TokenScopeDenied:
    return TokenScopeDenied(
        _("This token may only read. This request needs the “write” scope: create a token that may write."),
        "write",
    )


def area_denied(area: str) -> TokenScopeDenied:
    return TokenScopeDenied(
        _("This token does not reach “%(area)s”. This request needs a token for the “%(area)s” area.")
        % {"area": area},
        f"area:{area}",
    )


def scope_problem(exc: TokenScopeDenied):
    return problem_response(403, exc.message, scope=exc.needed)


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        if not token.startswith(ApiToken.PREFIX):
            return None
        api_token = bearer_token(request)
        if api_token is None:
            return None
        if not api_token.is_active:
            raise TokenNoLongerValid(_("This token was revoked; it no longer works. Create another."))
        if api_token.is_expired:
            raise TokenNoLongerValid(
                _("This token expired after %(day)s; it no longer works. Create another.")
                % {"day": api_token.expires_on.isoformat()}
            )
        if request.method not in READING_METHODS and not api_token.may_write:
            raise write_scope_denied()
        # Record use at most once a minute so reads stay reads most of the time.
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


def limited_to_area(area: str):
    """A decorator for every operation of one router: a usable token that does not reach `area` is
    refused before anything else runs (an unusable one is left to the authentication's 401)."""

    def decorator(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            token = usable_token(request)
            if token is not None and not token.reaches(area):
                return scope_problem(area_denied(area))
            return run(request, *args, **kwargs)

        return checked

    return decorator


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; ninja checks the CSRF token on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None
