"""The Excel files of the public-investment lists: each holds exactly the rows of its page — the same
filters, the same order, every page of it — with amounts as numbers, rates as percentages, dates as
dates, the reader's language, and an About sheet saying what was exported."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.test import Client

from resolute.investment import actions
from resolute.investment.choices import ObstacleCategory

from .conftest import CENTRAL, LOCAL, billions
from .figures import more_projects, report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(datetime(2024, 11, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


@pytest.fixture
def reported(investment):
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
    report(investment, "dyke", date(2024, 6, 30), {CENTRAL: billions(3)})
    return investment


def browser_for(user, language="en") -> Client:
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    browser.force_login(user)
    return browser


def workbook(user, url, language="en", **query):
    response = browser_for(user, language).get(url, {**query, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def listed(user, url, **query) -> list:
    response = browser_for(user).get(url, query)
    assert response.status_code == 200
    return response


def all_pages(user, url, key, **query) -> list:
    """Every row of a paged list, page after page, as `key(row)`."""
    found, number = [], 1
    while True:
        response = listed(user, url, **query, page=number)
        found += [key(row) for row in response.context["rows"]]
        if not response.context["page_obj"].has_next():
            return found
        number += 1


def test_the_project_file_holds_exactly_the_rows_of_the_list_with_numbers_as_numbers(reported):
    desk = reported["people"]["desk"]
    book = workbook(desk, "/investment/projects/")
    assert book.sheetnames == ["Projects", "About"]
    lines = rows(book["Projects"])
    assert [line["Code"] for line in lines] == ["DL-03", "DT-01", "HA-02"]
    road = next(line for line in lines if line["Code"] == "DT-01")
    assert road["Plan (VND)"] == 120_000_000_000 and road["Disbursed (VND)"] == 66_000_000_000
    assert road["Rate"] == pytest.approx(0.55) and road["Expected"] == pytest.approx(0.70)
    assert road["Latest report"] == datetime(2024, 10, 31)
    assert road["Obstacles"] == "site clearance (Phường Minh An (Vietnamese))"
    assert road["Investor"] == "Department of Construction"
    header = [cell.value for cell in book["Projects"][1]]
    rate_cell = book["Projects"].cell(row=3, column=header.index("Rate") + 1)
    assert rate_cell.number_format == "0.0%"
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row and row[0]}
    assert about["As of"] == datetime(2024, 11, 15) and about["Rows"] == 3


def test_the_project_file_keeps_the_filters_and_the_order_of_the_page(reported):
    desk = reported["people"]["desk"]
    for query in ({"slow": "on", "sort": "gap"}, {"investor": reported["construction"].pk}, {"q": "ha"}):
        page_codes = [
            row.project.code for row in listed(desk, "/investment/projects/", **query).context["rows"]
        ]
        file_codes = [
            line["Code"] for line in rows(workbook(desk, "/investment/projects/", **query)["Projects"])
        ]
        assert file_codes == page_codes, query
    about = {
        row[0]: row[1]
        for row in workbook(desk, "/investment/projects/", q="ha")["About"].iter_rows(values_only=True)
    }
    assert about["Code or name"] == "ha"


def test_the_project_file_holds_every_page_of_the_list(reported):
    more_projects(reported, 30)
    desk = reported["people"]["desk"]
    paged = all_pages(desk, "/investment/projects/", lambda row: row.project.code)
    assert len(paged) == 33
    assert [line["Code"] for line in rows(workbook(desk, "/investment/projects/")["Projects"])] == paged
    slow = all_pages(desk, "/investment/projects/", lambda row: row.project.code, slow="on", sort="rate")
    assert [
        line["Code"]
        for line in rows(workbook(desk, "/investment/projects/", slow="on", sort="rate")["Projects"])
    ] == slow


def test_a_reader_exports_only_the_projects_they_see(reported):
    lines = rows(workbook(reported["people"]["dailoc"], "/investment/projects/")["Projects"])
    assert [line["Code"] for line in lines] == ["DL-03"]


def test_the_league_obstacles_and_at_risk_files_hold_the_rows_of_their_pages(reported):
    desk = reported["people"]["desk"]
    league = [item["row"].label for item in listed(desk, "/investment/league/").context["rows"]]
    assert [line["Investor"] for line in rows(workbook(desk, "/investment/league/")["Investors"])] == league
    obstacles = [
        (item["row"].label, str(item["row"].responsible_unit), item["row"].blocked)
        for item in listed(desk, "/investment/obstacles/").context["rows"]
    ]
    lines = rows(workbook(desk, "/investment/obstacles/")["Obstacles"])
    assert [
        (line["Obstacle"], line["To be removed by"], Decimal(line["Capital blocked (VND)"])) for line in lines
    ] == obstacles
    at_risk = [
        (row.project.code, row.at_risk) for row in listed(desk, "/investment/at-risk/").context["rows"]
    ]
    lines = rows(workbook(desk, "/investment/at-risk/")["At risk of lapsing"])
    assert [(line["Code"], Decimal(line["At risk (VND)"])) for line in lines] == at_risk
    assert [code for code, _amount in at_risk] == ["DL-03", "HA-02"]


def test_the_plans_and_extensions_files_hold_the_rows_of_their_pages(reported):
    desk = reported["people"]["desk"]
    plans = [row["plan"].title for row in listed(desk, "/investment/plans/").context["rows"]]
    assert [line["Title"] for line in rows(workbook(desk, "/investment/plans/")["Capital plans"])] == plans
    lines = rows(workbook(desk, "/investment/plans/")["Capital plans"])
    assert lines[0]["Plan (VND)"] == 200_000_000_000 and lines[0]["Disbursed (VND)"] == 69_000_000_000
    actions.propose_extensions_at_risk(acting_user=desk, plan=reported["plan"], as_of=date(2024, 11, 15))
    url = f"/investment/plans/{reported['plan'].pk}/extensions/"
    extensions = [item.project.code for item in listed(desk, url).context["extensions"]]
    assert (
        [line["Code"] for line in rows(workbook(desk, url)["Extensions"])] == extensions == ["DL-03", "HA-02"]
    )


def test_the_overview_file_holds_its_tables(reported):
    book = workbook(reported["people"]["desk"], "/investment/")
    assert book.sheetnames == ["By source", "By locality", "Through the year", "About"]
    sources = {line["Capital source"]: line for line in rows(book["By source"])}
    assert sources["central budget"]["Plan (VND)"] == 130_000_000_000
    assert sources["central budget"]["Disbursed (VND)"] == 63_000_000_000
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row and row[0]}
    assert about["Rate"] == "Σ disbursed ÷ Σ plan = 69,000,000,000 ÷ 200,000,000,000 VND = 34.5%"


def test_a_vietnamese_reader_gets_a_vietnamese_file(reported):
    book = workbook(reported["people"]["desk"], "/investment/projects/", "vi")
    assert book.sheetnames == ["Dự án", "Thông tin"]
    header = [cell.value for cell in book["Dự án"][1]]
    assert header[:3] == ["Mã", "Dự án", "Chủ đầu tư"]


def test_text_that_looks_like_a_formula_is_written_as_text(reported):
    actions.update_project(
        acting_user=None,
        project=reported["road"],
        version=reported["road"].version,
        name='=HYPERLINK("x","y")',
        name_en='=HYPERLINK("x","y")',
    )
    lines = rows(workbook(reported["people"]["desk"], "/investment/projects/")["Projects"])
    assert next(line for line in lines if line["Code"] == "DT-01")["Project"] == '=HYPERLINK("x","y")'
