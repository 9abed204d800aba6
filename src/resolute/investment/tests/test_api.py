"""The public-investment API at /api/investment, used with personal tokens: what each reader sees of the
projects, plans, reports and extensions, who may write what, the version a change is based on, and the
rates and the lapse as the rate engine reads them.

The province's 2024 plan (see conftest): road DT-01 (Department of Construction, in Minh An ward of Hội
An) 100 bn central + 20 bn local, school HA-02 (Hội An, in Minh An) 10 bn local, dyke DL-03
(Construction, in Ái Nghĩa of Đại Lộc) 30 bn central + 40 bn foreign. Hội An sees the road and the
school, Đại Lộc the dyke, the Department of Finance (the desk) all three."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from resolute.api.tests.test_generated import api_schema  # noqa: F401 - the fixture
from resolute.investment.choices import ExtensionStatus, ObstacleCategory, ReportSource
from resolute.investment.models import CapitalPlan, DisbursementReport, InvestmentProject, PlanExtension
from resolute.investment.selectors import disbursement_by, lapse_summary, province_total
from resolute.tasks.tests.factories import api_for

from .conftest import CENTRAL, LOCAL, billions
from .figures import more_projects, report

JUNE_END = date(2024, 6, 30)
PROJECTS = "/api/investment/projects"
PLANS = "/api/investment/plans"


@pytest.fixture(autouse=True)
def in_march_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def june(investment):
    """Reports to 30 June 2024: the road 50 bn central and 5 bn local, the school 9 bn, the dyke 3 bn
    central, held back by site clearance in Ái Nghĩa."""
    report(investment, "road", JUNE_END, {CENTRAL: billions(50), LOCAL: billions(5)})
    report(investment, "school", JUNE_END, {LOCAL: billions(9)})
    report(
        investment,
        "dyke",
        JUNE_END,
        {CENTRAL: billions(3)},
        obstacles=[
            {
                "category": ObstacleCategory.SITE_CLEARANCE,
                "description": "47 households not yet compensated",
                "responsible_unit": investment["commune_b1"],
            }
        ],
    )
    return investment


@pytest.fixture
def clients(investment):
    people = investment["people"]
    return {
        name: api_for(people[name]) for name in ("desk", "hoian", "dailoc", "builder", "office", "leader")
    }


def send(client, method, url, payload, **headers):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json", **headers)


def codes(body) -> list[str]:
    return [item["code"] for item in body["items"]]


# -- what each reader sees ----------------------------------------------------------------------------


def test_each_reader_lists_only_the_projects_of_its_area(june, clients):
    assert codes(clients["desk"].get(PROJECTS).json()) == ["DL-03", "DT-01", "HA-02"]
    assert codes(clients["hoian"].get(PROJECTS).json()) == ["DT-01", "HA-02"]
    assert codes(clients["dailoc"].get(PROJECTS).json()) == ["DL-03"]
    assert codes(clients["builder"].get(PROJECTS).json()) == ["DL-03", "DT-01"]


def test_a_project_outside_ones_area_is_not_found_anywhere(june, clients):
    road = june["road"].pk
    dailoc = clients["dailoc"]
    assert dailoc.get(f"{PROJECTS}/{road}").status_code == 404
    assert dailoc.get(f"{PROJECTS}/{road}/reports").status_code == 404
    refused = send(
        dailoc,
        "post",
        f"{PROJECTS}/{road}/reports",
        {"year": 2024, "reported_on": "2024-07-31", "figures": {}},
    )
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    assert (
        send(dailoc, "patch", f"{PROJECTS}/{road}", {"version": 1, "status": "completed"}).status_code == 404
    )
    assert dailoc.get(f"{PROJECTS}/999999").status_code == 404


def test_the_list_gives_each_projects_figures_in_the_plan_as_of_the_day(june, clients):
    body = clients["desk"].get(PROJECTS, {"plan": june["plan"].pk, "as_of": "2024-06-30"}).json()
    road = next(item for item in body["items"] if item["code"] == "DT-01")
    assert road["figures"]["total"] == {
        "plan": "120000000000",
        "disbursed": "55000000000",
        "rate": "45.8",
        "remaining": "65000000000",
    }
    assert [(row["source"], row["rate"]) for row in road["figures"]["by_source"]] == [
        ("central", "50.0"),
        ("local", "25.0"),
    ]
    assert road["investor_on"]["name"] == "Sở Xây dựng"
    in_may = clients["desk"].get(PROJECTS, {"plan": june["plan"].pk, "as_of": "2024-05-31"}).json()
    assert next(i for i in in_may["items"] if i["code"] == "DT-01")["figures"]["total"]["disbursed"] == "0"


def test_the_list_filters_like_the_page(june, clients):
    desk = clients["desk"]
    plan = june["plan"].pk
    assert codes(desk.get(PROJECTS, {"plan": plan, "sector": "education"}).json()) == ["HA-02"]
    assert codes(desk.get(PROJECTS, {"plan": plan, "q": "Vu Gia"}).json()) == ["DL-03"]
    assert codes(desk.get(PROJECTS, {"plan": plan, "area": june["district_b"].pk}).json()) == ["DL-03"]
    slow = desk.get(PROJECTS, {"plan": plan, "as_of": "2024-06-30", "slow": True}).json()
    assert codes(slow) == ["DL-03"]  # 4.3 % against the 40 % expected by 30 June; the road is at 45.8 %
    assert codes(desk.get(PROJECTS, {"plan": plan, "source": "foreign"}).json()) == ["DL-03"]
    refused = desk.get(PROJECTS, {"plan": plan, "sort": "colour"})
    assert refused.status_code == 422
    assert "sort" in refused.json()["errors"]


def test_the_list_reads_the_same_queries_for_few_or_many_projects(
    june, clients, django_assert_max_num_queries
):
    desk = clients["desk"]
    more_projects(june, 2)
    query = {"plan": june["plan"].pk, "as_of": "2024-06-30"}
    desk.get(PROJECTS, query)  # the token's first use is stamped once
    with django_assert_max_num_queries(30) as few:
        assert desk.get(PROJECTS, query).json()["count"] == 5
    more_projects(june, 12, first=200)
    with django_assert_max_num_queries(30) as many:
        assert desk.get(PROJECTS, query).json()["count"] == 17
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(30) as judged:
        desk.get(PROJECTS, {**query, "slow": True})
    more_projects(june, 5, first=300)
    with django_assert_max_num_queries(30) as judged_more:
        desk.get(PROJECTS, {**query, "slow": True})
    assert len(judged_more.captured_queries) == len(judged.captured_queries)


def test_a_project_reads_with_its_funding_and_its_figures_as_of_a_day(june, clients):
    response = clients["hoian"].get(f"{PROJECTS}/{june['road'].pk}", {"year": 2024, "as_of": "2024-06-30"})
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    body = response.json()
    assert [(row["source"], row["amount"]) for row in body["funding"]] == [
        ("central", "300000000000"),
        ("local", "100000000000"),
    ]
    assert body["total_investment"] == "400000000000"
    assert body["figures"]["year"] == 2024
    assert body["figures"]["expected_rate"] == "40.0"
    assert body["figures"]["gap"] is None  # 45.8 % is ahead of the schedule
    dyke = (
        clients["dailoc"].get(f"{PROJECTS}/{june['dyke'].pk}", {"year": 2024, "as_of": "2024-06-30"}).json()
    )
    assert [(o["category"], o["responsible_unit"]["name"]) for o in dyke["figures"]["obstacles"]] == [
        ("site_clearance", "Thị trấn Ái Nghĩa")
    ]


def test_a_year_without_a_plan_gives_a_project_without_figures(june, clients):
    body = clients["desk"].get(f"{PROJECTS}/{june['road'].pk}", {"year": 2030}).json()
    assert body["figures"] is None


# -- registering and changing projects ----------------------------------------------------------------


def new_project(investment, **changes) -> dict:
    return {
        "code": "HA-09",
        "name": "Cầu Cửa Đại",
        "group": "B",
        "jurisdiction_id": investment["province"].pk,
        "investor_id": investment["district_a"].pk,
        "locality_id": investment["commune_a1"].pk,
        "sector": "transport",
        "start_year": 2025,
        "end_year": 2027,
        "funding": {"local": "60000000000"},
    } | changes


def test_the_desk_registers_a_project_naming_a_district_it_does_not_belong_to(investment, clients):
    response = send(clients["desk"], "post", PROJECTS, new_project(investment))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["investor"]["name"], body["version"]) == ("HA-09", "Thành phố Hội An", 1)
    assert body["funding"] == [{"source": "local", "source_label": "local budget", "amount": "60000000000"}]
    assert response["ETag"] == '"1"'


def test_only_the_books_keepers_register_projects(investment, clients):
    refused = send(clients["hoian"], "post", PROJECTS, new_project(investment))
    assert refused.status_code == 403
    assert not InvestmentProject.objects.filter(code="HA-09").exists()


def test_a_bad_project_is_refused_naming_each_field(investment, clients):
    response = send(
        clients["desk"],
        "post",
        PROJECTS,
        new_project(investment, code="DT-01", end_year=2020, funding={"local": "1.5"}),
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"funding.local"}
    response = send(clients["desk"], "post", PROJECTS, new_project(investment, code="DT-01", end_year=2020))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"code", "end_year"}
    unknown = send(clients["desk"], "post", PROJECTS, new_project(investment, investor_id=999_999))
    assert unknown.json()["errors"] == {"investor_id": ["No unit you can name has the id 999999."]}


def test_a_change_needs_the_version_it_read_and_a_stale_one_is_a_409(investment, clients):
    desk, url = clients["desk"], f"{PROJECTS}/{investment['road'].pk}"
    without = send(desk, "patch", url, {"status": "suspended"})
    assert without.status_code == 428
    assert "version" in without.json()["errors"]
    changed = send(
        desk,
        "patch",
        url,
        {"status": "suspended", "funding": {"central": "310000000000"}},
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["status"], changed["ETag"]) == ("suspended", '"2"')
    assert changed.json()["total_investment"] == "310000000000"
    stale = send(desk, "patch", url, {"version": 1, "status": "completed"})
    assert stale.status_code == 409
    assert "version" in stale.json()["errors"]
    assert InvestmentProject.objects.get(pk=investment["road"].pk).status == "suspended"


def test_an_investor_may_not_change_what_is_registered_of_its_project(investment, clients):
    response = send(
        clients["builder"], "patch", f"{PROJECTS}/{investment['road'].pk}", {"version": 1, "name": "X"}
    )
    assert response.status_code == 403


# -- plans --------------------------------------------------------------------------------------------


def test_a_district_reads_the_provinces_plan_with_only_its_own_projects_lines(june, clients):
    plans = clients["dailoc"].get(PLANS).json()
    assert [(plan["year"], plan["issuer"]["name"]) for plan in plans["items"]] == [(2024, "Tỉnh Quảng Nam")]
    response = clients["dailoc"].get(f"{PLANS}/{june['plan'].pk}")
    assert response["ETag"] == '"1"'
    body = response.json()
    assert [(m["day"], m["rate"]) for m in body["milestones"]][0] == ("2024-06-30", "40.00")
    [original] = body["decisions"]
    assert (original["kind"], original["number"]) == ("original", "3012/QĐ-UBND")
    assert [(e["project"]["code"], e["source"], e["amount"]) for e in original["entries"]] == [
        ("DL-03", "central", "30000000000"),
        ("DL-03", "foreign", "40000000000"),
    ]
    assert len(clients["desk"].get(f"{PLANS}/{june['plan'].pk}").json()["decisions"][0]["entries"]) == 5


def test_the_desk_assigns_next_years_plan_and_a_district_may_not(investment, clients):
    payload = {
        "issuer_id": investment["province"].pk,
        "year": 2025,
        "title": "Kế hoạch đầu tư công năm 2025",
        "number": "2950/QĐ-UBND",
        "decided_on": "2024-12-18",
        "entries": [
            {"project_id": investment["road"].pk, "source": "central", "amount": "90000000000"},
            {"project_id": investment["school"].pk, "source": "local", "amount": 15000000000},
        ],
        "milestones": [{"day": "2025-09-30", "rate": "60", "label": "UBND tỉnh"}],
    }
    assert send(clients["hoian"], "post", PLANS, payload).status_code == 403
    response = send(clients["desk"], "post", PLANS, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["year"], body["lapses_on"]) == (2025, "2026-01-31")
    assert len(body["decisions"][0]["entries"]) == 2
    again = send(clients["desk"], "post", PLANS, payload)
    assert again.status_code == 422
    assert "year" in again.json()["errors"]
    unknown = send(
        clients["desk"],
        "post",
        PLANS,
        payload | {"entries": [{"project_id": 999_999, "source": "local", "amount": 1}]},
    )
    assert unknown.json()["errors"] == {
        "entries[0].project_id": ["No project you can see has the id 999999."]
    }


def test_the_desk_adjusts_and_transfers_by_decision_and_the_original_stays(june, clients):
    plan, desk = june["plan"], clients["desk"]
    adjusted = send(
        desk,
        "post",
        f"{PLANS}/{plan.pk}/adjustments",
        {
            "number": "1400/QĐ-UBND",
            "decided_on": "2024-07-10",
            "changes": [{"project_id": june["school"].pk, "source": "local", "amount": "5000000000"}],
        },
    )
    assert adjusted.status_code == 201, adjusted.content
    assert (adjusted.json()["kind"], adjusted.json()["entries"][0]["amount"]) == ("adjustment", "5000000000")
    moved = send(
        desk,
        "post",
        f"{PLANS}/{plan.pk}/transfers",
        {
            "number": "1500/QĐ-UBND",
            "decided_on": "2024-08-01",
            "from_project_id": june["dyke"].pk,
            "to_project_id": june["road"].pk,
            "source": "central",
            "amount": "10000000000",
        },
    )
    assert moved.status_code == 201, moved.content
    assert sorted((e["project"]["code"], e["amount"]) for e in moved.json()["entries"]) == [
        ("DL-03", "-10000000000"),
        ("DT-01", "10000000000"),
    ]
    kinds = [d["kind"] for d in desk.get(f"{PLANS}/{plan.pk}").json()["decisions"]]
    assert kinds == ["original", "adjustment", "transfer"]
    too_much = send(
        desk,
        "post",
        f"{PLANS}/{plan.pk}/adjustments",
        {
            "number": "1600/QĐ-UBND",
            "decided_on": "2024-08-02",
            "changes": [{"project_id": june["road"].pk, "source": "central", "amount": "-100000000000"}],
        },
    )
    assert too_much.status_code == 422
    assert "already disbursed" in too_much.json()["errors"]["changes"][0]
    assert (
        send(
            clients["builder"],
            "post",
            f"{PLANS}/{plan.pk}/adjustments",
            {"number": "1", "decided_on": "2024-08-02", "changes": []},
        ).status_code
        == 403
    )


def test_a_plan_reads_in_the_same_queries_however_many_decisions(
    june, clients, django_assert_max_num_queries
):
    desk, url = clients["desk"], f"{PLANS}/{june['plan'].pk}"
    desk.get(url)
    with django_assert_max_num_queries(15) as few:
        desk.get(url)
    more_projects(june, 6)
    with django_assert_max_num_queries(15) as many:
        assert len(desk.get(url).json()["decisions"]) == 2
    assert len(many.captured_queries) == len(few.captured_queries)


# -- disbursement reports ---------------------------------------------------------------------------


def test_an_investors_system_posts_its_monthly_figures(june, clients):
    payload = {
        "year": 2024,
        "reported_on": "2024-07-31",
        "figures": {"central": "61000000000", "local": 6500000000},
        "work_done_percent": "35.5",
        "obstacles": [
            {
                "category": "materials",
                "description": "Cát san lấp thiếu",
                "responsible_unit_id": june["committee"].pk,
            }
        ],
    }
    response = send(clients["builder"], "post", f"{PROJECTS}/{june['road'].pk}/reports", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["source"], body["disbursed"], body["reported_on"]) == ("api", "67500000000", "2024-07-31")
    assert body["obstacles"][0]["responsible_unit"]["name"] == "UBND tỉnh"
    listed = clients["hoian"].get(f"{PROJECTS}/{june['road'].pk}/reports").json()
    assert [item["reported_on"] for item in listed["items"]] == ["2024-07-31", "2024-06-30"]
    report_row = DisbursementReport.objects.get(pk=body["id"])
    assert (report_row.source, report_row.submitted_by) == (ReportSource.API, june["people"]["builder"])


def test_only_the_investors_reporters_and_the_desk_report_a_project(june, clients):
    payload = {"plan_id": june["plan"].pk, "reported_on": "2024-07-31", "figures": {"local": "9500000000"}}
    url = f"{PROJECTS}/{june['road'].pk}/reports"
    assert send(clients["hoian"], "post", url, payload).status_code == 403  # its locality, not its investor
    assert (
        send(
            clients["desk"],
            "post",
            url,
            payload | {"figures": {"central": "50000000000", "local": "5000000000"}},
        ).status_code
        == 201
    )


def test_the_laws_rules_refuse_a_report_naming_the_field(june, clients):
    url = f"{PROJECTS}/{june['road'].pk}/reports"
    lower = send(
        clients["builder"],
        "post",
        url,
        {
            "year": 2024,
            "reported_on": "2024-07-31",
            "figures": {"central": "40000000000", "local": "5000000000"},
        },
    )
    assert lower.status_code == 422
    assert "less than" in lower.json()["errors"]["figures"][0]
    lapsed = send(
        clients["builder"],
        "post",
        url,
        {
            "year": 2024,
            "reported_on": "2025-02-15",
            "figures": {"central": "60000000000", "local": "5000000000"},
        },
    )
    assert lapsed.status_code == 422
    assert "lapsed on" in lapsed.json()["errors"]["reported_on"][0]
    fraction = send(
        clients["builder"],
        "post",
        url,
        {"year": 2024, "reported_on": "2024-07-31", "figures": {"central": "6.5"}},
    )
    assert fraction.json()["errors"] == {
        "figures.central": ["Enter a whole number of VND: the đồng has no smaller unit."]
    }
    no_plan = send(
        clients["builder"], "post", url, {"reported_on": "2024-07-31", "figures": {"central": "1"}}
    )
    assert "plan_id" in no_plan.json()["errors"]
    assert DisbursementReport.objects.filter(project=june["road"]).count() == 1


def test_the_reports_read_in_the_same_queries_however_many(june, clients, django_assert_max_num_queries):
    url = f"{PROJECTS}/{june['road'].pk}/reports"
    desk = clients["desk"]
    desk.get(url)
    with django_assert_max_num_queries(12) as few:
        desk.get(url)
    for month in (7, 8, 9, 10):
        report(june, "road", date(2024, month, 28), {CENTRAL: billions(50 + month), LOCAL: billions(5)})
    with django_assert_max_num_queries(12) as many:
        assert desk.get(url).json()["count"] == 5
    assert len(many.captured_queries) == len(few.captured_queries)


# -- extensions ---------------------------------------------------------------------------------------


def test_the_desk_proposes_an_extension_and_records_its_decision(june, clients):
    plan, desk = june["plan"], clients["desk"]
    proposed = send(
        desk,
        "post",
        f"{PLANS}/{plan.pk}/extensions",
        {"project_id": june["dyke"].pk, "amount": "20000000000", "reason": "site_clearance"},
    )
    assert proposed.status_code == 201, proposed.content
    extension = proposed.json()
    assert (extension["status"], extension["year"], extension["project"]["code"]) == (
        "proposed",
        2024,
        "DL-03",
    )
    assert [item["id"] for item in clients["dailoc"].get("/api/investment/extensions").json()["items"]] == [
        extension["id"]
    ]
    assert clients["hoian"].get("/api/investment/extensions").json()["count"] == 0
    decision = {
        "approved": True,
        "decision_number": "88/QĐ-TTg",
        "decided_on": "2025-01-20",
        "decided_by": "Thủ tướng Chính phủ",
        "approved_amount": "15000000000",
        "extended_until": "2025-09-30",
    }
    url = f"/api/investment/extensions/{extension['id']}/decision"
    assert send(clients["dailoc"], "post", url, decision).status_code == 403
    assert send(clients["hoian"], "post", url, decision).status_code == 404
    decided = send(desk, "post", url, decision)
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["approved_amount"]) == ("approved", "15000000000")
    assert PlanExtension.objects.get(pk=extension["id"]).status == ExtensionStatus.APPROVED
    again = send(desk, "post", url, decision)
    assert again.status_code == 422 and "approved" in again.json()["errors"]


# -- rates and the lapse ------------------------------------------------------------------------------


def test_the_rates_by_source_are_the_engines(june, clients):
    body = (
        clients["desk"]
        .get("/api/investment/rates", {"year": 2024, "as_of": "2024-06-30", "by": "source"})
        .json()
    )
    engine = disbursement_by(june["people"]["desk"], plan=june["plan"], as_of=JUNE_END, by="source")
    assert [
        (row["key"], row["plan"], row["disbursed"], row["rate"], row["count"]) for row in body["rows"]
    ] == [
        (row.key, str(row.money.plan), str(row.money.disbursed), str(row.money.rate), row.count)
        for row in engine
    ]
    assert [row["label"] for row in body["rows"]] == [
        "central budget",
        "local budget",
        "ODA and foreign loans",
    ]
    total = province_total(june["people"]["desk"], plan=june["plan"], as_of=JUNE_END)
    assert (body["total"]["plan"], body["total"]["rate"]) == (str(total.plan), str(total.rate))
    assert body["total"]["rate"] == "33.5"


@pytest.mark.parametrize("by", ["investor", "locality", "project", "sector", "group"])
def test_each_breakdown_counts_only_what_the_reader_sees(june, clients, by):
    body = (
        clients["hoian"].get("/api/investment/rates", {"year": 2024, "as_of": "2024-06-30", "by": by}).json()
    )
    engine = disbursement_by(june["people"]["hoian"], plan=june["plan"], as_of=JUNE_END, by=by)
    assert [(row["key"], row["disbursed"]) for row in body["rows"]] == [
        (str(r.key), str(r.money.disbursed)) for r in engine
    ]
    assert body["total"]["plan"] == "130000000000"  # the road and the school


def test_the_rates_of_an_area_and_their_refusals(june, clients):
    area = (
        clients["desk"]
        .get("/api/investment/rates", {"year": 2024, "as_of": "2024-06-30", "unit": june["district_b"].pk})
        .json()
    )
    assert (area["unit"]["name"], area["total"]["plan"]) == ("Huyện Đại Lộc", "70000000000")
    assert clients["desk"].get("/api/investment/rates", {"year": 2031}).status_code == 404
    assert clients["desk"].get("/api/investment/rates", {"year": 2024, "by": "colour"}).status_code == 422
    assert (
        clients["dailoc"]
        .get("/api/investment/rates", {"year": 2024, "unit": june["district_a"].pk})
        .status_code
        == 404
    )


def test_the_lapse_summary_is_the_engines(june, clients):
    report(june, "road", date(2025, 1, 31), {CENTRAL: billions(90), LOCAL: billions(20)})
    body = clients["desk"].get("/api/investment/lapse", {"year": 2024, "as_of": "2025-02-15"}).json()
    summary = lapse_summary(june["people"]["desk"], plan=june["plan"], as_of=date(2025, 2, 15))
    assert body["has_lapsed"] is True
    assert (body["balance"], body["lapsed"]) == (str(summary.balance), str(summary.lapsed))
    assert body["balance"] == str(billions(10) + billions(1) + billions(67))
    assert [row["project"]["code"] for row in body["rows"]] == [row.project.code for row in summary.rows]
    dailoc = clients["dailoc"].get("/api/investment/lapse", {"year": 2024, "as_of": "2025-02-15"}).json()
    assert [row["project"]["code"] for row in dailoc["rows"]] == ["DL-03"]
    assert dailoc["balance"] == str(billions(67))  # the dyke's 70 bn less the 3 bn disbursed


def test_a_plan_nobody_sees_is_not_found(june, clients):
    assert clients["dailoc"].get(f"{PLANS}/999999").status_code == 404
    assert CapitalPlan.objects.count() == 1


# -- generated requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["desk", "hoian"])
def test_no_generated_request_gets_a_server_error_or_an_undeclared_answer(
    api_schema,  # noqa: F811
    june,
    role,
):
    """Requests generated from the OpenAPI, valid and not, against the investment operations with the
    fixture's plan, projects and reports behind the small ids (see api/tests/test_generated.py)."""
    from resolute.accounts import actions as account_actions
    from resolute.api.tests.test_generated import failures_of

    report(june, "road", date(2024, 7, 31), {CENTRAL: billions(60), LOCAL: billions(5)})
    _, raw = account_actions.create_api_token(acting_user=june["people"][role], name="Generated tests")
    headers = {"Authorization": f"Bearer {raw}"}
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/investment"):
            failures.extend(failures_of(operation, headers))
    assert not failures, "\n\n".join(failures)
