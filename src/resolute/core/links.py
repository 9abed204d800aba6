"""Links that work outside the app (an e-mail, a webhook's payload): the site's public address in front
of a path inside the app."""

import os

from django.conf import settings


def site_url() -> str:
    """The address the links sent out start with: the app's public address, from the setting or the
    environment variable RESOLUTE_SITE_URL; the local demo's address when neither is set."""
    configured = getattr(settings, "RESOLUTE_SITE_URL", "") or os.environ.get("RESOLUTE_SITE_URL", "")
    return (configured or "http://127.0.0.1:8000").rstrip("/")


def absolute_url(url: str) -> str:
    """A link that works from outside: paths inside the app get the site's address in front."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_url() + (url if url.startswith("/") else "/" + url)
