"""Reporting tests read pages and messages in English."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_pages(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def default_ladder(db):
    """The ladder's default steps. A data migration creates them, but a test that commits its data
    runs after others have emptied the tables, so such a test asks for them here."""
    from resolute.reporting.ladder import DEFAULT_STEPS
    from resolute.reporting.models import LadderStep

    for order, kind, delay in DEFAULT_STEPS:
        LadderStep.objects.get_or_create(kind=kind, defaults={"order": order, "delay_working_days": delay})
