"""The petitioner's public page: with the code and the secret printed on their receipt, anyone (no
sign-in) reads where their petition stands — its kind, when it was received, its stage, its clocks
and its public steps (`selectors.lookup.public_status`). Nothing else: no notes, no names of the
people handling it, no petitioner data, and nothing of any other petition
(`selectors.lookup.find_for_petitioner` compares the secret's hash in constant time).

A wrong code and a wrong secret get the same answer, so the page tells nobody which codes exist.
Attempts are counted per network address in the cache: past `PETITION_LOOKUPS_PER_CLIENT` (10) in
`PETITION_LOOKUP_WINDOW_SECONDS` (10 minutes) the page answers 429 until the window passes. The
code and the secret travel in a POST only (never in an address), and no answer is cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from resolute.core import clock
from resolute.core.client import client_address

from ..forms import LookupForm
from ..selectors.clocks import clocks
from ..selectors.lookup import find_for_petitioner, public_status


def lookups_allowed() -> int:
    return int(getattr(settings, "PETITION_LOOKUPS_PER_CLIENT", 10))


def lookup_window() -> int:
    return int(getattr(settings, "PETITION_LOOKUP_WINDOW_SECONDS", 600))


def _client_key(request) -> str:
    address = client_address(request) or "unknown"
    return "resolute:throttle:petition-lookup:" + hashlib.sha256(address.encode()).hexdigest()


def count_attempt(request) -> int:
    """Count this attempt of the request's network address; the number of attempts in the window."""
    key = _client_key(request)
    cache.add(key, 0, lookup_window())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, lookup_window())
        return 1


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(request.POST or None)
    context = {"form": form, "petition": None, "not_found": False}
    if request.method == "POST":
        if count_attempt(request) > lookups_allowed():
            minutes = max(lookup_window() // 60, 1)
            return render(request, "petitions/lookup_throttled.html", {"minutes": minutes}, status=429)
        if form.is_valid():
            petition = find_for_petitioner(form.cleaned_data["code"], form.cleaned_data["secret"])
            if petition is None:
                context["not_found"] = True
                # The secret typed is not written back into the page (a shared computer keeps pages).
                context["form"] = LookupForm(initial={"code": form.cleaned_data["code"]})
            else:
                context.update(
                    petition=petition,
                    status=public_status(petition),
                    clocks=clocks(petition, clock.today()),
                )
                # The answer is shown; the form is empty again for the next lookup.
                context["form"] = LookupForm()
    return render(request, "petitions/lookup.html", context)
