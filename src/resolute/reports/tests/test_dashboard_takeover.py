"""The dashboard of a unit on a day before it took over other units' work says whose figures it shows."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from resolute.conftest import make_unit
from resolute.orgunits.actions import close_unit
from resolute.orgunits.models import OrgUnitKind

LAST_DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def ward(tree):
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        ward = make_unit(
            "Phường Hội An",
            tree["province"],
            OrgUnitKind.COMMUNE,
            effective_from=LAST_DAY.replace(day=1, month=7),
        )
        close_unit(acting_user=None, unit=tree["commune_a1"], closed_on=LAST_DAY, successors=[ward])
    return ward


@pytest.mark.django_db
def test_a_past_day_of_the_successors_dashboard_names_the_units_whose_figures_it_shows(ward, users):
    client = Client()
    client.force_login(users["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(datetime.datetime(2025, 8, 1, 9, 0), tick=False):
        before = client.get(
            reverse("reports:dashboard"), {"unit": ward.pk, "as_of": "2025-06-30", "lang": "en"}
        )
        after = client.get(reverse("reports:dashboard"), {"unit": ward.pk, "as_of": "2025-08-01"})
    assert before.status_code == after.status_code == 200
    notice = "include those of the units whose work it took over later"
    assert notice in before.content.decode() or "mà sau đó đơn vị này tiếp nhận" in before.content.decode()
    assert "Phường Minh An" in before.content.decode()
    assert (
        notice not in after.content.decode()
        and "mà sau đó đơn vị này tiếp nhận" not in after.content.decode()
    )
