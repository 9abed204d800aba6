"""An e-mail as its reader gets it: the subject, the plain text and the HTML rendered from the
templates in the reader's language, with links that work from a mail client."""

import os
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def site_url() -> str:
    """The address the links in e-mails start with: the app's public address, from the setting or the
    environment variable RESOLUTE_SITE_URL; the local demo's address when neither is set."""
    configured = getattr(settings, "RESOLUTE_SITE_URL", "") or os.environ.get("RESOLUTE_SITE_URL", "")
    return (configured or "http://127.0.0.1:8000").rstrip("/")


def absolute_url(url: str) -> str:
    """A link that works from a mail client: paths inside the app get the site's address in front."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_url() + (url if url.startswith("/") else "/" + url)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    language: str


def render_email(template_base: str, context: dict, *, language: str) -> RenderedEmail:
    """Render `<template_base>.txt` and `.html` (and the subject from context["subject"]) in `language`.

    The context may hold lazy translated strings; they are turned into text inside the language
    override so each reader gets their own language."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**context, "site_url": site_url(), "language": language}
        subject = " ".join(str(context.get("subject", "")).split())
        context["subject"] = subject
        text = render_to_string(f"{template_base}.txt", context)
        html = render_to_string(f"{template_base}.html", context)
    return RenderedEmail(subject=subject[:300], text=text, html=html, language=language)
