import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English; the Vietnamese catalogue is checked on its own."""
    with translation.override("en"):
        yield
