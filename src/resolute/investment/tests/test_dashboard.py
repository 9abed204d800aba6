"""Public investment on the leadership dashboard, the scorecards, the unit page and the dashboard's
workbook: the rate of the year's plan in the page's area with its formula, by source, against the
schedule and last year, the slowest investors and what holds the capital back, each linking to the
investment pages; nothing where no plan funds the area.

The province's 2024 plan (see conftest) on 15 July 2024, with reports to 30 June: the road 50 bn
central and 5 bn local of 120 bn, the school 9 of 10 bn, the dyke 3 bn central of 70 bn with its site
not cleared by Ái Nghĩa — 67 of 200 bn, 33.5%; 43.3% expected."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.investment.choices import ObstacleCategory

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import more_projects, report

JULY_15 = date(2024, 7, 15)
JUNE_END = date(2024, 6, 30)


@pytest.fixture(autouse=True)
def mid_july(time_machine):
    time_machine.move_to(datetime(2024, 7, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def june(investment):
    report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)})
    report(investment, "school", JUNE_END, {LOCAL: billions(9)})
    report(
        investment,
        "dyke",
        JUNE_END,
        {CENTRAL: billions(3), FOREIGN: 0},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "47 hộ chưa nhận bồi thường",
                "responsible_unit": investment["commune_b1"],
            }
        ],
    )
    return investment


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def dashboard(user, unit, day=JULY_15, **extra) -> str:
    query = {"unit": unit.pk, "as_of": day.isoformat(), **extra}
    return browser(user).get(reverse("reports:dashboard"), query).content.decode()


def test_the_dashboard_shows_the_rate_of_the_years_plan_with_its_formula_by_source_and_the_schedule(
    june, users
):
    html = dashboard(users["leader"], june["province"])
    assert "Public investment: disbursement of the 2024 plan" in html
    assert "33.5%" in html
    assert "67,000,000,000 VND disbursed ÷ 200,000,000,000 VND planned = 33.5%" in html
    assert "The schedule expects 43.3% by this day." in html
    # By source: central 53 of 130 bn, local 14 of 30 bn, foreign nothing of 40 bn.
    for rate in ("40.8%", "46.7%", "0.0%"):
        assert rate in html
    plan = june["plan"]
    projects = reverse("investment:projects")
    assert (
        f'href="{projects}?plan={plan.pk}&amp;as_of=2024-07-15&amp;area={june["province"].pk}&amp;source=central"'
        in html
    )
    assert "<svg" in html and "investment-curve" in html


def test_the_slowest_investors_and_the_capital_each_obstacle_holds_back_link_to_the_projects(june, users):
    html = dashboard(users["leader"], june["province"])
    construction = html.index("Department of Construction")
    assert construction < html.index("Hoi An City", construction)  # 30.5% before 90.0%
    assert "30.5%" in html and "90.0%" in html
    # The dyke's site clearance holds back its 67 bn still to disburse; Ái Nghĩa must clear it.
    assert "Thị trấn Ái Nghĩa" in html and "67,000,000,000" in html
    assert f"obstacle=site_clearance&amp;responsible={june['commune_b1'].pk}" in html
    assert (
        f"{reverse('investment:projects')}?plan={june['plan'].pk}&amp;as_of=2024-07-15&amp;investor={june['construction'].pk}"
        in html
    )


def test_a_district_reads_the_projects_of_its_area_under_the_provinces_plan(june, users):
    # Đại Lộc holds the dyke's commune: 3 of 70 bn.
    html = dashboard(users["leader"], june["district_b"])
    assert "Public investment: disbursement of the 2024 plan" in html
    assert "3,000,000,000 VND disbursed ÷ 70,000,000,000 VND planned = 4.3%" in html


def test_a_year_without_a_plan_shows_no_investment_panel(june, users):
    html = dashboard(users["leader"], june["province"], day=date(2023, 12, 31))
    assert "Public investment: disbursement" not in html


def test_same_day_last_year_is_shown_when_last_years_plan_exists(june, users):
    from resolute.investment import actions

    actions.create_plan(
        acting_user=None,
        issuer=june["province"],
        year=2023,
        title="Kế hoạch đầu tư công năm 2023",
        number="2900/QĐ-UBND",
        decided_on=date(2022, 12, 15),
        entries=[(june["road"], CENTRAL, billions(50))],
    )
    report(
        june,
        "road",
        date(2023, 7, 10),
        {CENTRAL: billions(10)},
        plan=june["plan"].__class__.objects.get(year=2023),
    )
    html = dashboard(users["leader"], june["province"])
    assert "Same day last year: 20.0%." in html


def test_the_workbook_has_the_disbursement_the_investors_and_the_obstacles(june, users):
    response = browser(users["leader"]).get(
        reverse("reports:dashboard"), {"unit": june["province"].pk, "as_of": "2024-07-15", "format": "xlsx"}
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Disbursement", "Investors", "Capital held back"} <= set(workbook.sheetnames)
    rows = list(workbook["Disbursement"].iter_rows(values_only=True))
    total = next(row for row in rows if row[0] == "Total")
    assert (total[1], total[2], round(total[3], 3)) == (200_000_000_000, 67_000_000_000, 0.335)
    investors = list(workbook["Investors"].iter_rows(values_only=True))
    assert [row[0] for row in investors[1:]] == ["Department of Construction", "Hoi An City"]


def test_a_units_scorecard_shows_the_rate_of_the_projects_it_invests_in(june, users):
    url = reverse("reports:scorecard", args=[june["construction"].pk])
    html = browser(users["leader"]).get(url, {"as_of": "2024-07-15"}).content.decode()
    assert "Disbursement of its projects, 2024 plans" in html
    assert "58,000,000,000 VND disbursed ÷ 190,000,000,000 VND planned = 30.5%" in html
    # A unit that invests in nothing shows no such rate.
    url = reverse("reports:scorecard", args=[june["district_b"].pk])
    assert "Disbursement of its projects" not in browser(users["leader"]).get(url).content.decode()


def test_the_unit_page_shows_the_rate_of_the_projects_a_unit_invests_in_or_hosts(june, users):
    html = browser(users["leader"]).get(june["commune_b1"].get_absolute_url()).content.decode()
    assert "Public investment" in html and "4.3%" in html
    assert f"{reverse('investment:overview')}?unit={june['commune_b1'].pk}" in html


def _dashboard_queries(user, unit) -> int:
    client = browser(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard"), {"unit": unit.pk, "as_of": "2024-07-15"})
        assert response.status_code == 200
    return len(queries)


def test_the_panel_reads_as_many_queries_for_many_projects_as_for_a_few(june, users):
    few = _dashboard_queries(users["leader"], june["province"])
    more_projects(june, 12)
    assert _dashboard_queries(users["leader"], june["province"]) == few
