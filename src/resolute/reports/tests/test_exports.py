"""The dashboard's and the scorecards' tables in Excel: a sheet a table, a header row, numbers as
numbers, dates as dates, and the same figures as the page."""

import io
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.test import Client

from resolute.conftest import make_unit
from resolute.core.periods import PeriodType
from resolute.directives.models import Document
from resolute.reports.views.dashboard import dashboard_context
from resolute.targets import dashboard as target_panels
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.models import Comparator, Direction
from resolute.tasks import dashboard as task_panels
from resolute.tasks.models import Task
from resolute.tasks.tests.factories import assign

from .test_dashboard import work

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 20)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


def browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_dashboard_workbook_has_a_sheet_for_every_table(tree, users):
    work(tree)
    book = workbook(browser(users["leader"]).get("/reports/", {"format": "xlsx"}))
    assert book.sheetnames == [
        "Targets",
        "Tasks",
        "Overdue by unit",
        "Reports missing",
        "Obstacles",
        "Recent activity",
        "About",
    ]
    for name in book.sheetnames[:-1]:
        header = book[name][1]
        assert all(cell.font.bold for cell in header if cell.value is not None), name


def test_dashboard_figures_in_the_workbook_are_those_on_the_page(tree, users):
    work(tree)
    client = browser(users["leader"])
    context = dashboard_context(users["leader"], tree["province"], TODAY)
    page = client.get("/reports/").content.decode()
    book = workbook(client.get("/reports/", {"format": "xlsx"}))

    overdue = next(row for row in rows_of(book["Tasks"]) if row[0] == "Overdue" and row[1] is None)
    assert overdue[2] == task_panels.figures_of(context["view"]).overdue == 3
    assert f"{overdue[2]}</span> Overdue" in page

    league = rows_of(book["Overdue by unit"])
    assert league[0][:2] == ("Lead unit", "Overdue tasks")
    assert league[1][:2] == ("Dai Loc District", 2)
    assert isinstance(league[1][1], int)

    late = rows_of(book["Reports missing"])
    assert late[0] == ("Unit", "Period", "Due by", "Figures missing", "Indicators")
    assert {row[0] for row in late[1:]} == {"Quang Nam Province", "Dai Loc District"}
    assert all(row[2] == datetime(2025, 7, 15) for row in late[1:])  # dates come back as dates

    targets = rows_of(book["Targets"])
    assert targets[1][4] == 2025 and targets[1][5] == datetime(2025, 12, 31)
    assert targets[1][7] == 10000
    assert targets[1][12] == str(target_panels.figures_of(context["view"]).rows[0].evaluation.status).replace(
        "_", " "
    )

    about = dict(row[:2] for row in rows_of(book["About"]) if row[0])
    assert about["As of"] == datetime(2025, 7, 20)
    assert about["Dashboard of"] == "Quang Nam Province"


def test_one_table_can_be_downloaded_alone_with_the_same_filters(tree, users):
    work(tree)
    client = browser(users["leader"])
    response = client.get(
        "/reports/",
        {"format": "xlsx", "table": "obstacles", "unit": tree["district_a"].pk, "as_of": "2025-07-01"},
    )
    book = workbook(response)
    assert book.sheetnames == ["Obstacles", "About"]
    assert rows_of(book["Obstacles"])[1][:2] == ("capital", 1)
    assert f"dashboard-{tree['district_a'].pk}-2025-07-01.xlsx" in response["Content-Disposition"]
    assert client.get("/reports/", {"format": "xlsx", "table": "nonsense"}).status_code == 404


def test_the_scorecard_workbook_holds_its_rates_targets_and_trend(tree, users):
    work(tree)
    client = browser(users["leader"])
    unit = tree["district_a"]
    book = workbook(client.get(f"/reports/units/{unit.pk}/", {"format": "xlsx", "subtree": "1"}))
    assert book.sheetnames == ["Tasks", "Reporting timeliness", "Targets", "Month by month", "About"]
    tasks = rows_of(book["Tasks"])
    completion = next(row for row in tasks if row[0] == "Completion rate")
    assert completion[2] == pytest.approx(1 / 2)  # one completed, one overdue (in commune A1)
    assert book["Tasks"].cell(row=tasks.index(completion) + 1, column=3).number_format == "0.0%"
    trend = rows_of(book["Month by month"])
    assert trend[0] == ("As of", "Completed", "Overdue")
    assert len(trend) == 13
    assert trend[-1] == (datetime(2025, 7, 20), 1, 1)
    targets = rows_of(book["Targets"])
    assert targets[1][3] == "Hoi An City" and targets[1][9] == 6000


def test_a_user_cannot_export_a_unit_they_cannot_see(tree, users):
    client = browser(users["district_b_reporter"])
    assert client.get("/reports/", {"format": "xlsx", "unit": tree["district_a"].pk}).status_code == 404
    assert client.get(f"/reports/units/{tree['district_a'].pk}/", {"format": "xlsx"}).status_code == 404


# -- text that looks like a formula --------------------------------------------------------------------

FORMULA_LIKE = [
    '=HYPERLINK("http://example.com/steal","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def formula_like_work(tree):
    """A unit, tasks, an indicator and a target whose names start like formulas."""
    work(tree)
    unit = make_unit('=HYPERLINK("http://example.com","unit")', tree["district_a"], name_en="=1+2")
    for title in FORMULA_LIKE:
        assign(unit, assigned_by_unit=tree["province"], title=title, deadline=date(2025, 6, 1))
    indicator = indicator_actions.create_indicator(
        acting_user=None,
        code="@ROADS",
        name="=ROADS()",
        name_en="-roads",
        unit_of_measure="km",
        direction=Direction.HIGHER_IS_BETTER,
        periodicity=PeriodType.YEARLY,
    )
    target_actions.create_target(
        acting_user=None,
        document=Document.objects.get(number="1/KL-TU"),
        indicator=indicator,
        unit=tree["province"],
        year=2025,
        deadline=date(2025, 12, 31),
        comparator=Comparator.AT_LEAST,
        value=-5,
    )
    return unit


def every_cell(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_export_writes_a_formula_and_every_text_is_shown_as_typed(tree, users):
    unit = formula_like_work(tree)
    client = browser(users["leader"])
    books = {
        "tasks": workbook(client.get("/tasks/export.xlsx")),
        "dashboard": workbook(client.get("/reports/", {"format": "xlsx"})),
        "scorecard": workbook(client.get(f"/reports/units/{unit.pk}/", {"format": "xlsx", "subtree": "1"})),
        "province": workbook(client.get(f"/reports/units/{tree['province'].pk}/", {"format": "xlsx"})),
    }
    for name, book in books.items():
        formulas = [cell.coordinate for cell in every_cell(book) if cell.data_type == "f"]
        assert formulas == [], name
        for cell in every_cell(book):
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert cell.quotePrefix, (name, cell.coordinate, cell.value)

    titles = [row[1] for row in rows_of(books["tasks"]["Tasks"])]
    stored = list(Task.objects.filter(lead_unit=unit).values_list("title", flat=True))
    assert len(stored) == len(FORMULA_LIKE)
    assert set(stored) <= set(titles)
    assert '=HYPERLINK("http://example.com/steal","click")' in titles
    assert ("=1+2", 6) in [row[:2] for row in rows_of(books["dashboard"]["Overdue by unit"])]
    targets = rows_of(books["dashboard"]["Targets"])
    assert any("-roads" in row and -5 in row for row in targets)
