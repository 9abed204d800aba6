"""Dates and numbers follow the reader's language."""

import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

SAMPLE = Template('{{ houses }} · {{ rate }}% · {{ day|date:"SHORT_DATE_FORMAT" }} · {{ day|date }}')
CONTEXT = Context({"houses": 10945, "rate": Decimal("9.5"), "day": datetime.date(2026, 11, 25)})


def test_vietnamese_groups_thousands_with_dots_and_writes_decimal_commas():
    with translation.override("vi"):
        assert SAMPLE.render(CONTEXT) == "10.945 · 9,5% · 25/11/2026 · 25/11/2026"


def test_english_groups_thousands_with_commas_and_writes_decimal_points():
    with translation.override("en"):
        assert SAMPLE.render(CONTEXT) == "10,945 · 9.5% · 25/11/2026 · 25 Nov 2026"
