"""An e-mail as its reader gets it: the subject, the plain text and the HTML rendered from the
templates in the reader's language, with links that work from a mail client."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from resolute.core.links import absolute_url, site_url

__all__ = ["RenderedEmail", "absolute_url", "render_email", "site_url"]


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
