"""The pages of public investment: each renders for the people who use it, in Vietnamese and English;
each list holds what its reader may see and nothing else; the denials (a project of another investor
is not found, registering a project or adjusting a plan is refused); forms put their errors next to
the field; the lists and the overview read in a number of queries that does not grow with the projects;
and reading a page never writes.

The province's 2024 plan (see conftest): road DT-01 100 bn central + 20 bn local (Department of
Construction, in Minh An ward of Hội An), school HA-02 10 bn local (Hội An, in Minh An), dyke DL-03
30 bn central + 40 bn foreign (Construction, in Ái Nghĩa of Đại Lộc); milestones 40 % on 30/6, 60 % on
30/9, 80 % on 31/12 and 95 % on 31/01/2025. "Today" is 15 November 2024, inside the last months of the
plan when the capital at risk of lapsing is followed."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from resolute.conftest import make_unit, make_user
from resolute.core.models import ChangeLogEntry
from resolute.investment import actions
from resolute.investment.choices import ExtensionStatus, ObstacleCategory, PlanChangeKind
from resolute.investment.models import (
    CapitalPlan,
    DisbursementReport,
    InvestmentProject,
    PlanDecision,
    PlanExtension,
)
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import adjust, more_projects, report

TODAY = date(2024, 11, 15)
LANGUAGES = {"en": {"HTTP_ACCEPT_LANGUAGE": "en"}, "vi": {"HTTP_ACCEPT_LANGUAGE": "vi"}}


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(datetime(2024, 11, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def reported(investment):
    """The road reported 50 bn central and 5 bn local by 30 June, then 60 bn and 6 bn by 31 October,
    held back by site clearance that Minh An ward must finish; the dyke reported 3 bn central by 30
    June, its foreign loan held back by the compensation prices Ái Nghĩa must settle; the school has
    not reported."""
    report(investment, "road", date(2024, 6, 30), {CENTRAL: billions(50), LOCAL: billions(5)})
    report(
        investment,
        "road",
        date(2024, 10, 31),
        {CENTRAL: billions(60), LOCAL: billions(6)},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "12 households not yet moved",
                "responsible_unit": investment["commune_a1"],
            }
        ],
    )
    report(
        investment,
        "dyke",
        date(2024, 6, 30),
        {CENTRAL: billions(3)},
        obstacles=[
            {
                "category": ObstacleCategory.LAND_PRICES,
                "description": "Compensation prices not approved",
                "responsible_unit": investment["commune_b1"],
            }
        ],
    )
    return investment


def browser_for(user, language: str = "en") -> Client:
    browser = Client(**LANGUAGES[language])
    browser.force_login(user)
    return browser


def page(user, url: str, language: str = "en", **query):
    response = browser_for(user, language).get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response


def codes(response) -> list[str]:
    return [row.project.code for row in response.context["rows"]]


def every_page(investment) -> list[str]:
    plan, road = investment["plan"], investment["road"]
    return [
        "/investment/",
        "/investment/league/",
        "/investment/obstacles/",
        "/investment/at-risk/",
        "/investment/projects/",
        f"/investment/projects/{road.pk}/",
        "/investment/projects/new/",
        f"/investment/projects/{road.pk}/edit/",
        f"/investment/projects/{road.pk}/reports/new/",
        f"/investment/reports/{road.reports.order_by('pk').first().pk}/",
        "/investment/plans/",
        f"/investment/plans/{plan.pk}/",
        "/investment/plans/new/",
        f"/investment/plans/{plan.pk}/adjust/",
        f"/investment/plans/{plan.pk}/transfer/",
        f"/investment/plans/{plan.pk}/extensions/",
        f"/investment/plans/{plan.pk}/extensions/new/",
    ]


# -- every page, for its people, in both languages ------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_renders_for_the_desk_in_both_languages(reported, language):
    desk = reported["people"]["desk"]
    for url in every_page(reported):
        response = page(desk, url, language)
        assert b'<html lang="' + language.encode() in response.content


def test_the_pages_speak_vietnamese_to_a_vietnamese_reader(reported):
    desk = reported["people"]["desk"]
    overview = page(desk, "/investment/", "vi").content.decode()
    assert "Đầu tư công: kế hoạch năm 2024" in overview
    assert "Σ giải ngân ÷ Σ kế hoạch = 69.000.000.000 ÷ 200.000.000.000 VND = 34,5%" in overview
    assert "Public investment" not in overview
    projects = page(desk, "/investment/projects/", "vi").content.decode()
    assert "Dự án đầu tư" in projects and "Lọc" in projects


def test_the_people_of_an_investor_and_of_a_locality_open_the_pages_of_their_projects(reported):
    people = reported["people"]
    road, dyke = reported["road"], reported["dyke"]
    for person in ("builder", "hoian", "dailoc", "office", "leader", "desk_viewer"):
        for url in ("/investment/", "/investment/projects/", "/investment/plans/", "/investment/league/"):
            page(people[person], url)
    page(people["builder"], f"/investment/projects/{road.pk}/reports/new/")
    page(people["dailoc"], f"/investment/projects/{dyke.pk}/")


def test_everyone_finds_public_investment_in_the_navigation_and_a_reader_without_projects_is_told_so(
    reported,
):
    def entries(user):
        return [str(item["label"]) for item in browser_for(user).get("/").context["navigation"]]

    assert "Public investment" in entries(reported["people"]["hoian"])
    assert "Public investment" in entries(reported["people"]["desk"])
    party_viewer = make_user("party_viewer", (reported["party"], Role.VIEWER))
    assert "Public investment" in entries(party_viewer)
    assert "No investor has a plan in this area yet." in page(party_viewer, "/investment/").content.decode()


# -- what each reader sees -------------------------------------------------------------------------------


def test_an_investor_reads_the_rate_of_its_own_projects_only(reported):
    overview = page(reported["people"]["builder"], "/investment/")
    total = overview.context["figures"]["total"]
    assert (total.plan, total.disbursed) == (billions(190), billions(69))
    assert "Σ disbursed ÷ Σ plan = 69,000,000,000 ÷ 190,000,000,000 VND = 36.3%" in overview.content.decode()


def test_the_desk_reads_the_whole_province_with_its_formula(reported):
    overview = page(reported["people"]["desk"], "/investment/")
    assert overview.context["view"].unit == reported["province"]
    assert not overview.context["view"].sees_part_only
    content = overview.content.decode()
    assert "Σ disbursed ÷ Σ plan = 69,000,000,000 ÷ 200,000,000,000 VND = 34.5%" in content
    assert "Expected by the schedule on this day: 70.0%." in content


def test_a_locality_lists_the_projects_in_its_area_and_no_other(reported):
    assert codes(page(reported["people"]["dailoc"], "/investment/projects/")) == ["DL-03"]
    assert codes(page(reported["people"]["hoian"], "/investment/projects/")) == ["DT-01", "HA-02"]
    assert codes(page(reported["people"]["office"], "/investment/projects/")) == ["DL-03", "DT-01", "HA-02"]


def test_a_district_reads_no_sibling_district_on_the_overview(reported):
    content = page(reported["people"]["hoian"], "/investment/").content.decode()
    assert "Ái Nghĩa" not in content and "Đại Lộc" not in content and "DL-03" not in content


# -- the denials -------------------------------------------------------------------------------------------


def test_a_reporter_of_one_investor_cannot_open_another_investors_project(reported):
    builder, hoian = reported["people"]["builder"], reported["people"]["hoian"]
    assert browser_for(builder).get(f"/investment/projects/{reported['school'].pk}/").status_code == 404
    assert browser_for(hoian).get(f"/investment/projects/{reported['dyke'].pk}/").status_code == 404
    assert (
        browser_for(hoian).get(f"/investment/projects/{reported['dyke'].pk}/reports/new/").status_code == 404
    )
    dyke_report = reported["dyke"].reports.get()
    assert browser_for(hoian).get(f"/investment/reports/{dyke_report.pk}/").status_code == 404


def test_a_reporter_cannot_register_a_project(reported):
    hoian = browser_for(reported["people"]["hoian"])
    assert hoian.get("/investment/projects/new/").status_code == 403
    assert hoian.post("/investment/projects/new/", {"code": "X-1"}).status_code == 403
    assert hoian.get(f"/investment/projects/{reported['school'].pk}/edit/").status_code == 403
    assert not InvestmentProject.objects.filter(code="X-1").exists()


def test_a_reporter_cannot_adjust_a_plan_nor_move_its_capital(reported):
    hoian = browser_for(reported["people"]["hoian"])
    plan = reported["plan"]
    assert hoian.get(f"/investment/plans/{plan.pk}/").status_code == 200, "the plan is read"
    assert hoian.get(f"/investment/plans/{plan.pk}/adjust/").status_code == 403
    assert hoian.post(f"/investment/plans/{plan.pk}/adjust/", {"number": "1/QĐ"}).status_code == 403
    assert hoian.get(f"/investment/plans/{plan.pk}/transfer/").status_code == 403
    assert hoian.get("/investment/plans/new/").status_code == 403
    assert hoian.post(f"/investment/plans/{plan.pk}/extensions/", {"as_of": "2024-11-15"}).status_code == 403
    assert PlanDecision.objects.count() == 1


def test_a_locality_reads_a_project_but_does_not_report_for_its_investor(reported):
    dailoc = browser_for(reported["people"]["dailoc"])
    assert dailoc.get(f"/investment/projects/{reported['dyke'].pk}/").status_code == 200
    assert dailoc.get(f"/investment/projects/{reported['dyke'].pk}/reports/new/").status_code == 403


def test_a_plan_or_a_project_that_does_not_exist_is_not_found(reported):
    desk = browser_for(reported["people"]["desk"])
    for url in ("/investment/projects/999999/", "/investment/plans/999999/", "/investment/reports/999999/"):
        assert desk.get(url).status_code == 404
    assert desk.get("/investment/extensions/999999/decide/").status_code == 404


# -- the overview and the lists behind it ---------------------------------------------------------------


def test_every_figure_of_the_overview_opens_the_projects_behind_it(reported):
    desk = reported["people"]["desk"]
    overview = page(desk, "/investment/")
    figures = overview.context["figures"]
    by_source = {item["row"].key: item["url"] for item in figures["by_source"]}
    assert codes(browser_for(desk).get(by_source[FOREIGN])) == ["DL-03"]
    assert codes(browser_for(desk).get(by_source[LOCAL])) == ["DT-01", "HA-02"]
    by_locality = {item["row"].key: item["url"] for item in figures["by_locality"]}
    assert codes(browser_for(desk).get(by_locality[reported["commune_b1"].pk])) == ["DL-03"]
    league = {item["row"].label: item["url"] for item in figures["league"]}
    assert codes(browser_for(desk).get(league["Hoi An City"])) == ["HA-02"]
    assert codes(browser_for(desk).get(overview.context["all_url"])) == ["DL-03", "DT-01", "HA-02"]
    slow = browser_for(desk).get(overview.context["slow_url"])
    assert codes(slow) == ["HA-02", "DL-03", "DT-01"], "the furthest behind first: 70.0, 65.7, 15.0 points"
    obstacle = next(
        item for item in figures["obstacles"] if item["row"].category == ObstacleCategory.LAND_PRICES
    )
    assert codes(browser_for(desk).get(obstacle["url"])) == ["DL-03"]


def test_the_overview_draws_the_year_against_the_schedule_with_a_table_behind_it(reported):
    overview = page(reported["people"]["desk"], "/investment/")
    content = overview.content.decode()
    assert "<svg" in content and 'role="img"' in content
    points = {point.day: point for point in overview.context["figures"]["curve"]}
    assert points[date(2024, 6, 30)].rate == Decimal("29.0")
    assert points[date(2024, 6, 30)].expected == Decimal("40.0")
    assert (
        '<caption class="visually-hidden">Disbursement at the end of each month and the schedule' in content
    )


def test_the_overview_compares_the_same_day_last_year(reported):
    previous = actions.create_plan(
        acting_user=None,
        issuer=reported["province"],
        year=2023,
        title="Kế hoạch đầu tư công năm 2023",
        number="2900/QĐ-UBND",
        decided_on=date(2022, 12, 15),
        entries=[(reported["road"], CENTRAL, billions(80))],
    )
    report(reported, "road", date(2023, 11, 10), {CENTRAL: billions(40)}, plan=previous)
    overview = page(reported["people"]["desk"], "/investment/")
    last_year = overview.context["figures"]["last_year"]
    assert last_year.rate == Decimal("50.0")
    assert f"plan={previous.pk}" in overview.context["figures"]["last_year_url"]
    assert "as_of=2023-11-15" in overview.context["figures"]["last_year_url"]


def test_the_capital_at_risk_is_followed_from_november_only(reported):
    desk = reported["people"]["desk"]
    november = page(desk, "/investment/at-risk/")
    assert [row.project.code for row in november.context["rows"]][0] == "DL-03"
    september = page(desk, "/investment/at-risk/", as_of="2024-09-30")
    assert september.context["rows"] == []
    assert "is followed from 01/11/2024 to 31/01/2025" in september.content.decode()
    assert "Capital at risk of lapsing" not in page(desk, "/investment/", as_of="2024-09-30").content.decode()


def test_after_the_lapse_the_overview_sums_up_what_was_extended_and_what_lapsed(reported, time_machine):
    time_machine.move_to(datetime(2025, 2, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    desk = reported["people"]["desk"]
    extension = actions.propose_extension(
        acting_user=desk,
        plan=reported["plan"],
        project=reported["dyke"],
        amount=billions(40),
        reason="site_clearance",
    )
    actions.decide_extension(
        acting_user=desk,
        extension=extension,
        approved=True,
        decision_number="88/QĐ-UBND",
        decided_on=date(2025, 1, 20),
        decided_by="Chủ tịch UBND tỉnh",
        approved_amount=billions(30),
    )
    overview = page(desk, "/investment/", plan=reported["plan"].pk)
    lapse = overview.context["figures"]["lapse"]
    assert lapse.extended == billions(30)
    assert lapse.lapsed == lapse.balance - billions(30)
    assert "Lapsed" in overview.content.decode()
    assert codes(browser_for(desk).get(overview.context["extended_url"])) == ["DL-03"]
    assert codes(browser_for(desk).get(overview.context["lapsed_url"])) == ["DL-03", "DT-01", "HA-02"]


def test_the_league_puts_the_slowest_investor_first(reported):
    league = page(reported["people"]["desk"], "/investment/league/")
    assert [item["row"].label for item in league.context["rows"]] == [
        "Hoi An City",
        "Department of Construction",
    ]


def test_the_obstacles_list_names_who_must_remove_them_the_most_capital_blocked_first(reported):
    rows = page(reported["people"]["desk"], "/investment/obstacles/").context["rows"]
    assert [(item["row"].category, item["row"].responsible_unit) for item in rows] == [
        (ObstacleCategory.LAND_PRICES, reported["commune_b1"]),
        (ObstacleCategory.SITE_CLEARANCE, reported["commune_a1"]),
    ]
    assert rows[0]["row"].blocked == billions(67)


def test_empty_pages_say_what_to_do(investment):
    hoian = investment["people"]["hoian"]
    assert (
        "Investors name them in their monthly report."
        in page(hoian, "/investment/obstacles/").content.decode()
    )
    assert (
        "No project matches these filters."
        in page(hoian, "/investment/projects/", q="nothing").content.decode()
    )
    party_viewer = make_user("party_viewer", (investment["party"], Role.VIEWER))
    assert (
        "No project you can see has capital in this plan yet."
        in page(party_viewer, "/investment/projects/").content.decode()
    )
    elsewhere = make_user("elsewhere", (make_unit("Tỉnh khác", kind=OrgUnitKind.PROVINCE), Role.VIEWER))
    assert "There is no capital plan you can see yet." in page(elsewhere, "/investment/").content.decode()
    assert (
        "There is no capital plan you can see yet." in page(elsewhere, "/investment/plans/").content.decode()
    )


def test_a_past_day_reads_the_figures_as_they_stood(reported):
    overview = page(reported["people"]["desk"], "/investment/", as_of="2024-07-01")
    assert overview.context["figures"]["total"].disbursed == billions(58)
    assert "as they stood on 01/07/2024" in overview.content.decode()


# -- the project list -----------------------------------------------------------------------------------


def test_the_project_list_filters_by_investor_locality_sector_words_and_schedule(reported):
    desk = reported["people"]["desk"]
    assert codes(page(desk, "/investment/projects/", investor=reported["district_a"].pk)) == ["HA-02"]
    assert codes(page(desk, "/investment/projects/", area=reported["district_b"].pk)) == ["DL-03"]
    assert codes(page(desk, "/investment/projects/", locality=reported["commune_a1"].pk)) == [
        "DT-01",
        "HA-02",
    ]
    assert codes(page(desk, "/investment/projects/", sector="education")) == ["HA-02"]
    assert codes(page(desk, "/investment/projects/", q="ven biển")) == ["DT-01"]
    assert codes(page(desk, "/investment/projects/", q="dl-03")) == ["DL-03"]
    assert codes(page(desk, "/investment/projects/", slow="on", sort="rate")) == ["HA-02", "DL-03", "DT-01"]
    assert codes(page(desk, "/investment/projects/", obstacle=ObstacleCategory.SITE_CLEARANCE)) == ["DT-01"]
    assert codes(page(desk, "/investment/projects/", at_risk="on")) == ["DL-03", "DT-01", "HA-02"]


def test_the_project_list_shows_plan_disbursed_rate_expected_report_and_obstacles(reported):
    response = page(reported["people"]["desk"], "/investment/projects/")
    road = next(row for row in response.context["rows"] if row.project.code == "DT-01")
    assert (road.plan, road.disbursed, road.rate, road.expected_rate) == (
        billions(120),
        billions(66),
        Decimal("55.0"),
        Decimal("70.0"),
    )
    assert road.reported_on == date(2024, 10, 31)
    assert [obstacle.category for obstacle in road.obstacles] == [ObstacleCategory.SITE_CLEARANCE]
    content = response.content.decode()
    assert "66,000,000,000" in content and "55.0%" in content


def test_a_project_without_capital_this_year_is_listed_when_every_project_is_asked_for(reported):
    actions.register_project(
        acting_user=None,
        code="NEW-1",
        name="Dự án chưa có vốn",
        group="C",
        jurisdiction=reported["province"],
        investor=reported["construction"],
        locality=reported["commune_a1"],
        sector="transport",
        start_year=2025,
        end_year=2026,
        funding={},
    )
    desk = reported["people"]["desk"]
    assert "NEW-1" not in codes(page(desk, "/investment/projects/"))
    assert "NEW-1" in codes(page(desk, "/investment/projects/", show="all"))


def test_the_list_answers_an_htmx_request_with_its_results_only(reported):
    browser = browser_for(reported["people"]["desk"])
    response = browser.get("/investment/projects/", {"q": "DT"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="project-results">')
    assert "<html" not in content


# -- a project --------------------------------------------------------------------------------------------


def test_a_project_page_shows_the_original_plan_each_change_and_the_figures_of_the_day(reported):
    adjust(reported, date(2024, 8, 1), [("road", CENTRAL, -billions(20))], number="1500/QĐ-UBND")
    response = page(reported["people"]["builder"], f"/investment/projects/{reported['road'].pk}/")
    history = response.context["history"]
    assert [(line["number"], line["kind"], line["amount"], line["plan_after"]) for line in history] == [
        ("3012/QĐ-UBND", PlanChangeKind.ORIGINAL, billions(100), billions(100)),
        ("3012/QĐ-UBND", PlanChangeKind.ORIGINAL, billions(20), billions(20)),
        ("1500/QĐ-UBND", PlanChangeKind.ADJUSTMENT, -billions(20), billions(80)),
    ]
    figures = response.context["figures"]
    assert (figures.original_plan, figures.total.plan) == (billions(120), billions(100))
    assert [report.reported_on for report in response.context["reports"]] == [
        date(2024, 10, 31),
        date(2024, 6, 30),
    ]
    content = response.content.decode()
    assert "12 households not yet moved" in content and "Report disbursement" in content


# -- forms: success, and errors next to the field ---------------------------------------------------------


def project_post(investment, **changes) -> dict:
    data = {
        "code": "QN-77",
        "name": "Cầu Cửa Đại",
        "name_en": "Cua Dai bridge",
        "group": "B",
        "jurisdiction": investment["province"].pk,
        "investor": investment["construction"].pk,
        "locality": investment["commune_a1"].pk,
        "sector": "transport",
        "start_year": "2024",
        "end_year": "2027",
        "status": "in_progress",
        "funding_central": "1.250.000.000.000",
        "funding_local": "250,000,000,000",
    }
    return {**data, **changes}


def test_the_desk_registers_a_project_with_its_funding_by_source(investment):
    response = browser_for(investment["people"]["desk"]).post(
        "/investment/projects/new/", project_post(investment)
    )
    project = InvestmentProject.objects.get(code="QN-77")
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assert {row.source: row.amount for row in project.funding.all()} == {
        CENTRAL: Decimal("1250000000000"),
        LOCAL: Decimal("250000000000"),
    }


def test_registering_a_project_puts_each_error_next_to_its_field(investment):
    browser = browser_for(investment["people"]["desk"])
    response = browser.post(
        "/investment/projects/new/",
        project_post(investment, code="DT-01", end_year="2020", funding_central="1.5"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "end_year" in errors and "funding_central" in errors
    assert "Enter a whole number of VND" in errors["funding_central"][0]
    content = response.content.decode()
    assert 'id="id_end_year_error"' in content and 'id="id_funding_central_error"' in content
    response = browser.post("/investment/projects/new/", project_post(investment, code="DT-01"))
    assert response.context["form"].errors["code"] == ["Another project has the code DT-01."]
    assert 'id="id_code_error"' in response.content.decode()


def test_the_desk_edits_a_project_and_a_stale_form_is_refused(reported):
    desk = browser_for(reported["people"]["desk"])
    road = reported["road"]
    form = page(reported["people"]["desk"], f"/investment/projects/{road.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(name="Đường ven biển Việt Hàn", funding_central="300000000000", funding_local="100000000000")
    assert desk.post(f"/investment/projects/{road.pk}/edit/", data).status_code == 302
    road.refresh_from_db()
    assert road.name == "Đường ven biển Việt Hàn"
    stale = desk.post(f"/investment/projects/{road.pk}/edit/", {**data, "name": "Other"})
    assert stale.status_code == 409


def plan_post(investment, entries, milestones=(), **changes) -> dict:
    data = {
        "issuer": investment["province"].pk,
        "year": "2025",
        "title": "Kế hoạch đầu tư công năm 2025",
        "number": "2800/QĐ-UBND",
        "decided_on": "2024-11-10",
        "entries-TOTAL_FORMS": str(max(len(entries), 1)),
        "entries-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": str(max(len(milestones), 1)),
        "milestones-INITIAL_FORMS": "0",
    }
    for index, (code, source, amount) in enumerate(entries):
        data.update(
            {
                f"entries-{index}-project": code,
                f"entries-{index}-source": source,
                f"entries-{index}-amount": amount,
            }
        )
    for index, (day, rate, label) in enumerate(milestones):
        data.update(
            {
                f"milestones-{index}-day": day,
                f"milestones-{index}-rate": rate,
                f"milestones-{index}-label": label,
            }
        )
    return {**data, **changes}


def test_the_desk_assigns_a_plan_from_rows_of_project_source_and_amount(investment):
    data = plan_post(
        investment,
        [("dt-01", CENTRAL, "80.000.000.000"), ("HA-02", LOCAL, "5000000000"), ("", "", "")],
        [("2025-06-30", "40", "UBND tỉnh"), ("2025-12-31", "80", "")],
    )
    response = browser_for(investment["people"]["desk"]).post("/investment/plans/new/", data)
    plan = CapitalPlan.objects.get(year=2025)
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    entries = {
        (entry.project.code, entry.source): entry.amount for entry in plan.decisions.get().entries.all()
    }
    assert entries == {("DT-01", CENTRAL): billions(80), ("HA-02", LOCAL): billions(5)}
    assert [(milestone.day, milestone.rate) for milestone in plan.milestones.all()] == [
        (date(2025, 6, 30), Decimal(40)),
        (date(2025, 12, 31), Decimal(80)),
    ]


def test_a_row_of_the_plan_with_an_unknown_project_or_half_filled_is_refused_at_the_row(investment):
    data = plan_post(investment, [("ZZ-9", CENTRAL, "1000"), ("DT-01", "", "5000")])
    response = browser_for(investment["people"]["desk"]).post("/investment/plans/new/", data)
    assert response.status_code == 200
    rows = response.context["form"].entries.forms
    assert rows[0].errors["project"] == ["No project of this plan has the code ZZ-9."]
    assert rows[1].errors["source"] == ["This row needs it."]
    assert 'id="id_entries-0-project_error"' in response.content.decode()
    assert not CapitalPlan.objects.filter(year=2025).exists()


def test_add_rows_keeps_what_was_typed_and_adds_empty_rows_without_a_script(investment):
    data = plan_post(investment, [("DT-01", CENTRAL, "1000")], add_rows="1")
    response = browser_for(investment["people"]["desk"]).post("/investment/plans/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and form.initial["title"] == "Kế hoạch đầu tư công năm 2025"
    assert len(form.entries.forms) == 1 + 8 + 10
    assert form.entries.forms[0].initial == {"project": "DT-01", "source": CENTRAL, "amount": "1000"}
    assert not CapitalPlan.objects.filter(year=2025).exists()
    content = response.content.decode()
    assert 'name="entries-TOTAL_FORMS" value="19"' in content and 'value="DT-01"' in content


def adjust_post(rows, **changes) -> dict:
    data = {
        "number": "1700/QĐ-UBND",
        "decided_on": "2024-11-10",
        "changes-TOTAL_FORMS": str(len(rows)),
        "changes-INITIAL_FORMS": "0",
    }
    for index, (code, source, amount) in enumerate(rows):
        data.update(
            {
                f"changes-{index}-project": code,
                f"changes-{index}-source": source,
                f"changes-{index}-amount": amount,
            }
        )
    return {**data, **changes}


def test_the_desk_adjusts_a_plan_with_signed_changes_and_the_rule_shows_above_the_rows(reported):
    desk = browser_for(reported["people"]["desk"])
    url = f"/investment/plans/{reported['plan'].pk}/adjust/"
    refused = desk.post(url, adjust_post([("HA-02", LOCAL, "-11.000.000.000")]))
    assert refused.status_code == 200
    assert "negative" in refused.context["form"].table_errors["changes"][0]
    assert "would leave it negative" in refused.content.decode()
    accepted = desk.post(
        url, adjust_post([("HA-02", LOCAL, "-4.000.000.000"), ("DT-01", CENTRAL, "4000000000")])
    )
    assert accepted.status_code == 302
    decision = PlanDecision.objects.get(number="1700/QĐ-UBND")
    assert decision.kind == PlanChangeKind.ADJUSTMENT
    assert sorted(entry.amount for entry in decision.entries.all()) == [-billions(4), billions(4)]


def test_moving_capital_to_the_same_project_is_refused_next_to_the_field(reported):
    desk = browser_for(reported["people"]["desk"])
    url = f"/investment/plans/{reported['plan'].pk}/transfer/"
    data = {
        "number": "1800/QĐ-UBND",
        "decided_on": "2024-11-10",
        "from_project": "DL-03",
        "to_project": "DL-03",
        "source": CENTRAL,
        "amount": "1.000.000.000",
    }
    refused = desk.post(url, data)
    assert refused.context["form"].errors["to_project"] == ["Capital moves to another project."]
    accepted = desk.post(url, {**data, "to_project": "DT-01"})
    assert accepted.status_code == 302
    assert PlanDecision.objects.get(number="1800/QĐ-UBND").kind == PlanChangeKind.TRANSFER


def report_post(**changes) -> dict:
    data = {"reported_on": "2024-11-10", "obstacles-TOTAL_FORMS": "3", "obstacles-INITIAL_FORMS": "0"}
    return {**data, **changes}


def test_the_investor_reports_its_figures_with_the_plan_beside_each(reported):
    builder = reported["people"]["builder"]
    url = f"/investment/projects/{reported['road'].pk}/reports/new/"
    form = page(builder, url).context["form"]
    assert [(row["source"], row["plan"], row["last"]) for row in form.figure_rows] == [
        (CENTRAL, billions(100), billions(60)),
        (LOCAL, billions(20), billions(6)),
    ]
    response = browser_for(builder).post(
        url,
        report_post(
            figure_central="70.000.000.000",
            figure_local="7000000000",
            work_done_percent="45",
            **{
                "obstacles-0-category": ObstacleCategory.MATERIALS,
                "obstacles-0-description": "Sand from the river is short",
                "obstacles-0-responsible_unit": str(reported["construction"].pk),
            },
        ),
    )
    latest = DisbursementReport.objects.filter(project=reported["road"]).latest("pk")
    assert response.status_code == 302 and response.url == f"/investment/reports/{latest.pk}/"
    assert {figure.source: figure.disbursed for figure in latest.figures.all()} == {
        CENTRAL: billions(70),
        LOCAL: billions(7),
    }
    assert [obstacle.category for obstacle in latest.obstacles.all()] == [ObstacleCategory.MATERIALS]
    assert "Sand from the river is short" in page(builder, response.url).content.decode()


def test_a_figure_above_the_plan_asks_for_an_explanation_next_to_its_field(reported):
    builder = browser_for(reported["people"]["builder"])
    url = f"/investment/projects/{reported['road'].pk}/reports/new/"
    refused = builder.post(url, report_post(figure_central="120000000000", figure_local="7000000000"))
    assert refused.status_code == 200
    errors = refused.context["form"].errors["over_plan_explanation"]
    assert (
        errors[0]
        == "central budget: 120,000,000,000 VND disbursed is more than the plan of 100,000,000,000 VND."
    )
    assert 'id="id_over_plan_explanation_error"' in refused.content.decode()
    explained = builder.post(
        url,
        report_post(
            figure_central="120000000000",
            figure_local="7000000000",
            over_plan_explanation="Advance recovered.",
        ),
    )
    assert explained.status_code == 302


def test_a_figure_below_an_earlier_report_is_refused_above_the_figures(reported):
    builder = browser_for(reported["people"]["builder"])
    url = f"/investment/projects/{reported['road'].pk}/reports/new/"
    refused = builder.post(url, report_post(figure_central="10000000000", figure_local="7000000000"))
    assert "reported as of 31/10/2024" in refused.context["form"].table_errors["figures"][0]
    refused = builder.post(url, report_post(reported_on="2024-12-01", figure_central="70000000000"))
    assert refused.context["form"].errors["reported_on"] == [
        "Figures cannot be counted to a day still to come."
    ]


def test_an_obstacle_row_without_who_must_remove_it_is_refused_at_the_row(reported):
    builder = browser_for(reported["people"]["builder"])
    url = f"/investment/projects/{reported['road'].pk}/reports/new/"
    refused = builder.post(
        url,
        report_post(
            figure_central="70000000000", figure_local="7000000000", **{"obstacles-0-category": "materials"}
        ),
    )
    assert refused.context["form"].obstacles.forms[0].errors["responsible_unit"] == ["This row needs it."]


def test_the_desk_prepares_requests_for_every_project_at_risk_and_records_a_decision(reported):
    desk = browser_for(reported["people"]["desk"])
    plan = reported["plan"]
    response = desk.post(f"/investment/plans/{plan.pk}/extensions/", {"as_of": "2024-11-15"})
    assert response.status_code == 302
    assert sorted(PlanExtension.objects.values_list("project__code", flat=True)) == [
        "DL-03",
        "DT-01",
        "HA-02",
    ]
    extension = PlanExtension.objects.get(project=reported["dyke"])
    url = f"/investment/extensions/{extension.pk}/decide/"
    refused = desk.post(
        url,
        {
            "decision": "approve",
            "approved_amount": str(extension.amount + 1),
            "decision_number": "90/QĐ-UBND",
            "decided_on": "2024-11-14",
            "decided_by": "Chủ tịch UBND tỉnh",
        },
    )
    assert "cannot be approved" in refused.context["form"].errors["approved_amount"][0]
    approved = desk.post(
        url,
        {
            "decision": "approve",
            "approved_amount": "30.000.000.000",
            "extended_until": "2025-06-30",
            "decision_number": "90/QĐ-UBND",
            "decided_on": "2024-11-14",
            "decided_by": "Chủ tịch UBND tỉnh",
        },
    )
    assert approved.status_code == 302
    extension.refresh_from_db()
    assert (extension.status, extension.approved_amount) == (ExtensionStatus.APPROVED, billions(30))
    listed = page(reported["people"]["desk"], f"/investment/plans/{plan.pk}/extensions/", status="approved")
    assert [item.project.code for item in listed.context["extensions"]] == ["DL-03"]


def test_the_desk_requests_an_extension_for_one_project(reported):
    desk = browser_for(reported["people"]["desk"])
    plan = reported["plan"]
    response = desk.post(
        f"/investment/plans/{plan.pk}/extensions/new/",
        {
            "project": "DL-03",
            "amount": "40.000.000.000",
            "reason": "site_clearance",
            "explanation": "Ái Nghĩa",
        },
    )
    assert response.status_code == 302
    assert PlanExtension.objects.get().amount == billions(40)


# -- a fixed number of queries -------------------------------------------------------------------------


def queries(user, url: str, **query) -> int:
    browser = browser_for(user)
    browser.get(url, query)  # the session and the caches are warm
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url, query).status_code == 200
    return len(captured.captured_queries)


LISTS = [
    ("/investment/", {}),
    ("/investment/projects/", {}),
    ("/investment/projects/", {"slow": "on"}),
    ("/investment/projects/", {"format": "xlsx"}),
    ("/investment/league/", {}),
    ("/investment/obstacles/", {}),
    ("/investment/at-risk/", {}),
    ("/investment/plans/", {}),
]


def test_the_lists_and_the_overview_read_a_fixed_number_of_queries_whatever_the_number_of_projects(reported):
    desk = reported["people"]["desk"]
    few = {url + str(query): queries(desk, url, **query) for url, query in LISTS}
    more_projects(reported, 12)
    many = {url + str(query): queries(desk, url, **query) for url, query in LISTS}
    assert many == few


def test_the_extensions_read_a_fixed_number_of_queries_whatever_their_number(reported):
    desk = reported["people"]["desk"]
    url = f"/investment/plans/{reported['plan'].pk}/extensions/"
    actions.propose_extension(
        acting_user=desk, plan=reported["plan"], project=reported["road"], amount=billions(1), reason="other"
    )
    few = queries(desk, url)
    extra = more_projects(reported, 6)
    for project in extra:
        actions.propose_extension(
            acting_user=desk, plan=reported["plan"], project=project, amount=billions(1), reason="other"
        )
    assert queries(desk, url) == few


# -- reading never writes ---------------------------------------------------------------------------------


def test_no_page_writes_anything_when_it_is_read(reported):
    desk = reported["people"]["desk"]
    urls = [*every_page(reported), *[url for url, _query in LISTS]]
    browser = browser_for(desk)
    browser.get("/investment/")
    changes = ChangeLogEntry.objects.count()
    with CaptureQueriesContext(connection) as captured:
        for url in urls:
            assert browser.get(url).status_code == 200
            assert browser.get(url, {"format": "xlsx"}).status_code == 200
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert ChangeLogEntry.objects.count() == changes
