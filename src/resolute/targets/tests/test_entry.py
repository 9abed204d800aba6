"""The data-entry grid, submitting, opening a locked period and the approval page: who may do
what, errors at the cell, jump warnings that a comment answers, and a bounded number of queries."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from resolute.targets.models import DataValue, ValueState
from resolute.targets.views.entry import owed_indicators

from ..actions import values as value_actions
from .rows import make_target
from .test_values import make_indicator

pytestmark = pytest.mark.urls("resolute.targets.tests.entry_urls")

IN_MARCH_WINDOW = date(2025, 4, 10)
AFTER_MARCH_CLOSED = date(2025, 5, 20)


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def poor(tree):
    indicator = make_indicator("POOR_HOUSEHOLDS", jump_warning_percent=Decimal("20"), minimum=Decimal("0"))
    make_target(tree["district_a"], indicator, value=Decimal("100"))
    make_target(tree["district_b"], indicator, value=Decimal("100"))
    return indicator


@pytest.fixture
def houses(tree):
    """Set for the province, with a share for Hoi An: Hoi An owes it too."""
    indicator = make_indicator("HOUSES", unit_of_measure="houses")
    target = make_target(tree["province"], indicator, value=Decimal("10945"))
    target.breakdown.create(unit=tree["district_a"], value=Decimal("500"))
    return indicator


def grid_url(unit, period="202503"):
    return reverse("targets:entry") + f"?unit={unit.pk}&period={period}"


def post_grid(client, unit, values, period="202503", vintage=1):
    data = {"unit": unit.pk, "period": period, "vintage": vintage}
    for indicator, (value, comment) in values.items():
        data[f"value_{indicator.pk}"] = value
        data[f"comment_{indicator.pk}"] = comment
    return client.post(grid_url(unit, period), data)


def test_a_unit_owes_the_indicators_of_its_targets_and_of_its_shares_of_targets_above(tree, poor, houses):
    assert owed_indicators(tree["district_a"]) == [houses, poor]
    assert owed_indicators(tree["district_b"]) == [poor]
    assert owed_indicators(tree["district_a"], year=2030) == []


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_the_reporter_sees_the_grid_with_the_previous_period_beside_each_cell(
    client, tree, users, poor, houses
):
    value_actions.save_values(
        acting_user=None, unit=tree["district_a"], period="202502", entries=[(poor, Decimal("77"), "")]
    )
    client.force_login(users["district_a_reporter"])
    response = client.get(grid_url(tree["district_a"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="value_{poor.pk}"' in html and f'name="value_{houses.pk}"' in html
    assert "77" in html
    assert "Submit for approval" not in html


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_the_grid_defaults_to_the_latest_period_that_has_ended(client, tree, users, poor):
    client.force_login(users["district_a_reporter"])
    response = client.get(reverse("targets:entry") + f"?unit={tree['district_a'].pk}")
    assert response.context["period"].code == "202503"


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_saving_writes_drafts_and_submitting_sends_them_for_approval(client, tree, users, poor):
    client.force_login(users["district_a_reporter"])
    response = post_grid(client, tree["district_a"], {poor: ("120", "")})
    assert response.status_code == 302
    row = DataValue.objects.get(indicator=poor, unit=tree["district_a"], period="202503")
    assert row.state == ValueState.DRAFT and row.value == Decimal("120")
    response = client.get(grid_url(tree["district_a"]))
    assert "Submit for approval" in response.content.decode()
    response = client.post(
        reverse("targets:entry_submit"), {"unit": tree["district_a"].pk, "period": "202503"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == ValueState.SUBMITTED


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_an_invalid_value_is_refused_at_its_cell_naming_the_indicator(client, tree, users, poor):
    client.force_login(users["district_a_reporter"])
    response = post_grid(client, tree["district_a"], {poor: ("-5", "")})
    assert response.status_code == 422
    assert "POOR_HOUSEHOLDS: -5 is below the lowest valid value" in response.content.decode()
    assert not DataValue.objects.exists()


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_jump_asks_for_a_comment_and_a_second_save_with_a_comment_passes(client, tree, users, poor):
    value_actions.save_values(
        acting_user=None, unit=tree["district_a"], period="202502", entries=[(poor, Decimal("100"), "")]
    )
    client.force_login(users["district_a_reporter"])
    response = post_grid(client, tree["district_a"], {poor: ("150", "")})
    assert response.status_code == 200
    assert "explain the change in a comment" in response.content.decode()
    submit = client.post(reverse("targets:entry_submit"), {"unit": tree["district_a"].pk, "period": "202503"})
    assert DataValue.objects.get(period="202503", superseded_by=None).state == ValueState.DRAFT
    assert submit.status_code == 302

    response = post_grid(client, tree["district_a"], {poor: ("150", "A new survey counted more households.")})
    assert response.status_code == 302
    client.post(reverse("targets:entry_submit"), {"unit": tree["district_a"].pk, "period": "202503"})
    assert DataValue.objects.get(period="202503", superseded_by=None).state == ValueState.SUBMITTED


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_reporter_of_dai_loc_cannot_see_or_enter_hoi_an_values(client, tree, users, poor):
    client.force_login(users["district_b_reporter"])
    assert client.get(grid_url(tree["district_a"])).status_code == 404
    assert post_grid(client, tree["district_a"], {poor: ("1", "")}).status_code == 404
    assert not DataValue.objects.exists()


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_viewer_above_reads_the_grid_without_inputs_and_cannot_post(client, tree, users, poor):
    client.force_login(users["leader"])
    response = client.get(grid_url(tree["district_a"]))
    assert response.status_code == 200
    assert f'name="value_{poor.pk}"' not in response.content.decode()
    assert post_grid(client, tree["district_a"], {poor: ("1", "")}).status_code == 403


@time_machine.travel(AFTER_MARCH_CLOSED, tick=False)
def test_a_locked_period_says_why_and_the_approver_may_open_it_for_the_unit(client, tree, users, poor):
    client.force_login(users["district_a_reporter"])
    html = client.get(grid_url(tree["district_a"])).content.decode()
    assert "closed on" in html
    assert f'name="value_{poor.pk}"' not in html
    assert "Open this period for this unit" not in html

    client.force_login(users["admin"])
    html = client.get(grid_url(tree["district_a"])).content.decode()
    assert "Open this period for this unit" in html
    response = client.post(
        reverse("targets:entry_open_period"),
        {"unit": tree["district_a"].pk, "period": "202503", "until": "2025-05-31", "reason": "Late survey"},
    )
    assert response.status_code == 302

    client.force_login(users["district_a_reporter"])
    html = client.get(grid_url(tree["district_a"])).content.decode()
    assert f'name="value_{poor.pk}"' in html
    assert "open again" in html


@time_machine.travel(AFTER_MARCH_CLOSED, tick=False)
def test_the_unit_own_manager_cannot_open_its_period(client, tree, users, poor):
    client.force_login(users["district_a_manager"])
    response = client.post(
        reverse("targets:entry_open_period"),
        {"unit": tree["district_a"].pk, "period": "202503", "until": "2025-05-31", "reason": "Late"},
    )
    assert response.status_code == 403


def _submitted_march(tree, poor, value="120"):
    value_actions.save_values(
        acting_user=None, unit=tree["district_a"], period="202503", entries=[(poor, Decimal(value), "")]
    )
    return value_actions.submit_values(acting_user=None, unit=tree["district_a"], period="202503")[0]


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_the_approver_sees_submitted_values_grouped_and_approves_them(client, tree, users, poor):
    row = _submitted_march(tree, poor)
    client.force_login(users["office"])
    response = client.get(reverse("targets:approvals"))
    assert response.status_code == 200
    assert len(response.context["groups"]) == 1
    response = client.post(
        reverse("targets:approvals_decide"), {"decision": "approve", "values": str(row.pk)}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == ValueState.APPROVED


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_the_approver_returns_values_with_a_reason(client, tree, users, poor):
    row = _submitted_march(tree, poor)
    client.force_login(users["office"])
    client.post(
        reverse("targets:approvals_decide"), {"decision": "return", "values": str(row.pk), "reason": ""}
    )
    row.refresh_from_db()
    assert row.state == ValueState.SUBMITTED
    client.post(
        reverse("targets:approvals_decide"),
        {"decision": "return", "values": str(row.pk), "reason": "Check it"},
    )
    row.refresh_from_db()
    assert row.state == ValueState.RETURNED and row.return_reason == "Check it"


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_hoi_an_manager_cannot_approve_hoi_an_values(client, tree, users, poor):
    row = _submitted_march(tree, poor)
    client.force_login(users["district_a_manager"])
    assert client.get(reverse("targets:approvals")).context["groups"] == []
    response = client.post(
        reverse("targets:approvals_decide"), {"decision": "approve", "values": str(row.pk)}
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.state == ValueState.SUBMITTED


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_a_reporter_of_dai_loc_cannot_decide_on_hoi_an_values(client, tree, users, poor):
    row = _submitted_march(tree, poor)
    client.force_login(users["district_b_reporter"])
    response = client.post(
        reverse("targets:approvals_decide"), {"decision": "approve", "values": str(row.pk)}
    )
    assert response.status_code == 404


def _grid_queries(client, unit) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(grid_url(unit)).status_code == 200
    return len(queries)


@time_machine.travel(IN_MARCH_WINDOW, tick=False)
def test_the_grid_costs_the_same_number_of_queries_for_10_or_30_indicators(client, tree, users):
    unit = tree["district_a"]

    def owe(count, start):
        for number in range(start, start + count):
            indicator = make_indicator(f"IND_{number:03d}")
            make_target(unit, indicator, value=Decimal("10"))
            value_actions.save_values(
                acting_user=None, unit=unit, period="202502", entries=[(indicator, Decimal("5"), "")]
            )

    client.force_login(users["district_a_reporter"])
    owe(10, 0)
    with_10 = _grid_queries(client, unit)
    owe(20, 10)
    with_30 = _grid_queries(client, unit)
    assert with_30 == with_10
