"""Activate the language a signed-in user chose (the first visit follows the browser); end idle
sessions; keep a user who owes a second factor on the pages that take it."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.urls import reverse
from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


# The time of the last request of a signed-in session, in seconds since the epoch.
LAST_ACTIVITY_SESSION_KEY = "accounts_last_activity"
# Set when a session ended for inactivity, so the sign-in page can say why.
EXPIRED_SESSION_KEY = "accounts_session_expired"
# The last activity is written at most once a minute, not on every request.
ACTIVITY_GRANULARITY_SECONDS = 60


class IdleSessionMiddleware:
    """Sign out a session that has made no request for `RESOLUTE_SESSION_IDLE_MINUTES` (0: never).

    The session is flushed and marked, so the next page that needs a signed-in user sends the
    browser to the sign-in page, which says that the session expired. API calls with a token carry
    no session and are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        idle_seconds = settings.RESOLUTE_SESSION_IDLE_MINUTES * 60
        user = getattr(request, "user", None)
        if idle_seconds and user is not None and user.is_authenticated:
            now = time.time()
            last_activity = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            if last_activity is not None and now - last_activity > idle_seconds:
                logout(request)
                request.session[EXPIRED_SESSION_KEY] = True
            elif last_activity is None or now - last_activity >= ACTIVITY_GRANULARITY_SECONDS:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A session that owes a second factor (see `two_factor`) reaches only the page that settles it,
    the language switch and signing out; every other request is sent to that page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import two_factor

        owed = request.session.get(two_factor.OWED_SESSION_KEY) if hasattr(request, "session") else None
        if owed and request.user.is_authenticated:
            settling_page = reverse(
                "accounts:two_factor_verify" if owed == two_factor.OWES_CODE else "accounts:two_factor_setup"
            )
            open_paths = {settling_page, reverse("accounts:logout"), reverse("accounts:set_language")}
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                if request.path.startswith("/api/"):
                    return HttpResponseForbidden()
                return redirect_to_login(request.get_full_path(), settling_page)
        return self.get_response(request)
