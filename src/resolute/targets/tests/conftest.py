"""Targets tests read pages and messages in English; the Vietnamese catalogue is checked on its own."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_pages(settings):
    # LocaleMiddleware falls back to LANGUAGE_CODE for a request without a language of its own,
    # and jobs run in the active language.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
