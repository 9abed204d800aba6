"""Error pages Django asks the project for (`CSRF_FAILURE_VIEW`), shown inside the normal layout."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """An expired or missing form token: say what happened and what to do, inside the normal layout."""
    return render(request, "403_csrf.html", status=403)
