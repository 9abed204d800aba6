"""Oversight findings on the leadership dashboard, in its workbook, on the unit page, in the recent
activity and on a task's timeline: the recommendations of the page's area by state and overdue, the
money recovered of the money to recover with its formula, the busiest inspecting bodies, each figure
linking to the list behind it; nothing where no recommendation is led. See `findings` for the data."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from resolute.oversight import actions
from resolute.oversight.choices import RecommendationKind
from resolute.reports.selectors import recent_activity

from .conftest import MILLION
from .findings import READ_ON, STATE_AUDIT, findings_fixture  # noqa: F401 - the fixture `findings`

pytestmark = pytest.mark.usefixtures("findings")


@pytest.fixture(autouse=True)
def mid_october(time_machine):
    time_machine.move_to(datetime(2024, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def dashboard(user, unit, **extra) -> str:
    query = {"unit": unit.pk, "as_of": READ_ON.isoformat(), **extra}
    response = browser(user).get(reverse("reports:dashboard"), query)
    assert response.status_code == 200
    return response.content.decode()


def panel_of(html: str) -> str:
    start = html.index('aria-labelledby="oversight-heading"')
    return html[start : html.index("</section>", start)]


def list_url(**query) -> str:
    from django.utils.http import urlencode

    return f"{reverse('oversight:recommendations')}?{urlencode(query)}".replace("&", "&amp;")


def test_the_panel_counts_the_recommendations_of_the_area_by_state_with_the_money_formula(people, tree):
    panel = panel_of(dashboard(people["leader"], tree["province"]))
    assert "4 recommendations of inspections, audits and supervisions led by" in panel
    for count, label in (("1", "implemented"), ("1", "partly implemented"), ("2", "not yet implemented")):
        assert f'<span class="dash-count__number">{count}</span> {label}' in panel
    assert '<span class="dash-count__number">2</span> overdue' in panel
    assert "25.0%" in panel
    assert "200,000,000 VND recovered ÷ 800,000,000 VND to recover = 25.0%" in panel
    area = tree["province"].pk
    assert list_url(as_of="2024-10-15", area=area, overdue="on") in panel
    assert list_url(as_of="2024-10-15", area=area, state="implemented") in panel


def test_the_busiest_bodies_link_to_their_recommendations(people, tree):
    panel = panel_of(dashboard(people["leader"], tree["province"]))
    inspectorate = panel.index("Provincial Inspectorate")
    assert inspectorate < panel.index(STATE_AUDIT)  # 3 recommendations before 1
    area = tree["province"].pk
    assert list_url(as_of="2024-10-15", area=area, body=people["inspectorate_unit"].pk) in panel
    assert list_url(as_of="2024-10-15", area=area, body=STATE_AUDIT) in panel
    assert f"{reverse('oversight:ledger')}?unit={area}&amp;as_of=2024-10-15" in panel


def test_a_district_reads_its_own_recommendations_only(people, tree):
    panel = panel_of(dashboard(people["leader"], tree["district_a"]))
    assert "3 recommendations of inspections, audits and supervisions led by" in panel
    assert "200,000,000 VND recovered ÷ 500,000,000 VND to recover = 40.0%" in panel
    assert STATE_AUDIT not in panel


def test_an_area_without_recommendations_shows_no_panel(people, tree):
    assert 'aria-labelledby="oversight-heading"' not in dashboard(people["leader"], tree["commune_b1"])


def test_the_panel_counts_what_stood_on_the_pages_day(people, tree):
    panel = panel_of(dashboard(people["leader"], tree["province"], as_of="2024-04-01"))
    # Only the inspectorate's three were assigned by then; nothing recovered, nothing completed.
    assert "3 recommendations of inspections" in panel
    assert "0 VND recovered ÷ 500,000,000 VND to recover = 0.0%" in panel


def test_the_workbook_has_the_ledger_by_body_with_its_total(people, tree):
    response = browser(people["leader"]).get(
        reverse("reports:dashboard"),
        {"unit": tree["province"].pk, "as_of": "2024-10-15", "format": "xlsx", "table": "oversight"},
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook["Oversight findings"].iter_rows(values_only=True))
    assert rows[1][:6] == (
        "Inspecting body",
        "Implemented",
        "Partly implemented",
        "Not yet implemented",
        "Overdue",
        "Total",
    )
    assert rows[2][0] == "Provincial Inspectorate" and rows[2][5] == 3
    assert rows[3][0] == STATE_AUDIT and rows[3][6] == 300 * MILLION
    assert rows[4][:9] == ("Total", 1, 1, 2, 2, 4, 800 * MILLION, 200 * MILLION, 0.25)


def _dashboard_queries(user, unit) -> int:
    client = browser(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard"), {"unit": unit.pk, "as_of": "2024-10-15"})
        assert response.status_code == 200
    return len(queries)


def test_the_panel_reads_as_many_queries_for_many_recommendations_as_for_a_few(people, tree, recommend):
    few = _dashboard_queries(people["leader"], tree["province"])
    for number in range(10):
        money = recommend(
            f"Thu hồi khoản {number}", kind=RecommendationKind.RECOVER_MONEY, label=f"9.{number}"
        )
        actions.record_recovery(
            acting_user=people["hoian"], recommendation=money, recovered_on=READ_ON, amount=MILLION
        )
    assert _dashboard_queries(people["leader"], tree["province"]) == few


def test_the_unit_page_shows_the_state_of_the_recommendations_led_there(people, tree):
    html = browser(people["leader"]).get(tree["district_a"].get_absolute_url()).content.decode()
    assert "3 recommendations of inspections, audits and supervisions led by it or the units under it" in html
    assert "200,000,000 VND recovered ÷ 500,000,000 VND to recover = 40.0%" in html
    assert f"{reverse('oversight:ledger')}?unit={tree['district_a'].pk}" in html
    html = browser(people["leader"]).get(tree["commune_b1"].get_absolute_url()).content.decode()
    assert 'id="oversight-panel-heading"' not in html


def test_the_recent_activity_lists_recommendations_and_money_recovered_with_their_pages(
    findings, people, tree
):
    with translation.override("en"):
        activity = recent_activity(people["leader"], tree["district_a"], limit=50)
    urls = {entry.url for entry in activity}
    assert findings["money"].get_absolute_url() in urls
    assert f"{findings['money'].get_absolute_url()}#recoveries" in urls
    assert findings["conclusion"].get_absolute_url() in urls
    # The audit of Đại Lộc is no activity of Hội An.
    assert findings["audit"].get_absolute_url() not in urls


def test_the_task_of_a_recommendation_shows_its_conclusion_and_the_money_recovered(findings, people):
    money = findings["money"]
    html = browser(people["hoian"]).get(money.task.get_absolute_url()).content.decode()
    assert "Recommendation 1 of 12/KL-TTr" in html
    assert money.get_absolute_url() in html
    assert "200,000,000 VND recovered. Document PT-15." in html
