"""Reporting tests read pages and messages in English."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_pages(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
