"""The Excel export of the task list: the same filters and order as the page, real dates, labels in
the reader's language, and an About sheet that says what was exported."""

from datetime import date, datetime

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from resolute.tasks.models import ReportingFrequency, TaskArea
from resolute.tasks.status import TaskStatus

from .factories import (
    ENGLISH,
    TODAY,
    api_for,
    assign,
    at_noon,
    browser_for,
    complete,
    extend,
    read_workbook,
    report,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(at_noon(TODAY), tick=False)


@pytest.fixture
def tasks(tree):
    office = tree["office"]
    ring_road = assign(
        tree["district_a"],
        assigned_by_unit=office,
        title="Clear the site of the ring road",
        deadline=date(2025, 3, 31),
        coordinating=[tree["finance"], tree["commune_a1"]],
        area=TaskArea.SOCIO_ECONOMICS,
    )
    extend(ring_road, decided_on=date(2025, 3, 20), new_deadline=date(2025, 5, 31))
    report(ring_road, reported_on=date(2025, 6, 2))
    school = assign(
        tree["district_b"], assigned_by_unit=office, title="Open the new school", deadline=date(2025, 5, 31)
    )
    complete(school, proposed_on=date(2025, 5, 20), decided_on=date(2025, 5, 25))
    flood = assign(
        tree["district_b"],
        assigned_by_unit=office,
        title="Report on flood damage",
        reporting_frequency=ReportingFrequency.MONTHLY,
    )
    return {"ring_road": ring_road, "school": school, "flood": flood}


def export(user, **filters):
    response = browser_for(user).get("/tasks/export.xlsx", filters)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return read_workbook(response)


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_the_export_round_trips_through_excel_with_real_dates(tasks, users):
    workbook = export(users["office"])
    assert workbook.sheetnames == ["Tasks", "About"]
    by_title = {row["Title"]: row for row in rows(workbook["Tasks"])}
    assert list(by_title) == [
        "Clear the site of the ring road",
        "Open the new school",
        "Report on flood damage",
    ], "both are due on 31 May: the older task comes first"
    ring_road = by_title["Clear the site of the ring road"]
    assert ring_road["Id"] == tasks["ring_road"].pk
    assert ring_road["Lead unit"] == "Hoi An City"
    # A unit without an English name: its Vietnamese name, marked, for an English reader.
    assert ring_road["Coordinating units"] == "Department of Finance; Phường Minh An (Vietnamese)"
    assert ring_road["Assigned by"] == "Party Committee Office"
    assert ring_road["Assigned on"] == datetime(2025, 1, 6)
    assert ring_road["Original deadline"] == datetime(2025, 3, 31)
    assert ring_road["Deadline"] == datetime(2025, 5, 31)
    assert ring_road["Status"] == "overdue"
    assert ring_road["Overdue by"] == "31–120 days"
    assert ring_road["Last report"] == datetime(2025, 6, 2)
    assert ring_road["Area"] == "socio-economics"
    assert ring_road["Page"] == f"http://testserver/tasks/{tasks['ring_road'].pk}/"
    school = by_title["Open the new school"]
    assert (school["Status"], school["Completed on"]) == ("completed on time", datetime(2025, 5, 20))
    assert by_title["Report on flood damage"]["Deadline"] is None


def test_dates_are_formatted_as_dates_in_excel(tasks, users):
    sheet = export(users["office"])["Tasks"]
    header = [cell.value for cell in sheet[1]]
    deadline_cell = sheet.cell(row=2, column=header.index("Deadline") + 1)
    assert deadline_cell.is_date
    assert sheet.cell(row=1, column=1).font.bold


def test_the_export_keeps_the_filters_and_the_order_of_the_list(tree, tasks, users):
    workbook = export(users["office"], unit=tree["district_b"].pk, sort="-deadline")
    assert [row["Title"] for row in rows(workbook["Tasks"])] == [
        "Open the new school",
        "Report on flood damage",
    ]
    assert [row["Title"] for row in rows(export(users["office"], status="overdue")["Tasks"])] == [
        "Clear the site of the ring road"
    ]


def test_the_export_judges_status_as_of_the_chosen_day(tasks, users):
    workbook = export(users["office"], as_of="2025-03-25")
    by_title = {row["Title"]: row for row in rows(workbook["Tasks"])}
    ring_road = by_title["Clear the site of the ring road"]
    assert (ring_road["Status"], ring_road["Deadline"]) == (
        "in progress within the deadline",
        datetime(2025, 5, 31),
    )
    assert ring_road["Last report"] is None, "the June report had not been made"
    assert by_title["Open the new school"]["Completed on"] is None


def test_the_about_sheet_names_the_day_the_filters_and_the_count(tree, tasks, users):
    about = list(
        export(users["office"], as_of="2025-06-30", unit=tree["district_b"].pk, q="school")[
            "About"
        ].iter_rows(values_only=True)
    )
    as_rows = {row[0]: row[1] for row in about if row and row[0]}
    assert as_rows["Tasks you can see, as they stood on"] == datetime(2025, 6, 30)
    assert as_rows["Exported by"] == "office"
    assert as_rows["Number of tasks"] == 1
    assert as_rows["Sorted by"] == "Deadline, soonest first"
    assert as_rows["Unit"] == "Dai Loc District"
    assert as_rows["Search"] == "school"
    assert "Status" not in as_rows


def test_the_about_sheet_says_when_nothing_was_filtered(tasks, users):
    about = [row[0] for row in export(users["office"])["About"].iter_rows(values_only=True) if row]
    assert "None: every task you can see." in about


def test_the_export_holds_only_what_the_user_can_see(tasks, users):
    titles = [row["Title"] for row in rows(export(users["district_b_reporter"])["Tasks"])]
    assert titles == ["Open the new school", "Report on flood damage"]


def test_labels_and_sheet_names_follow_the_readers_language(tasks, users):
    browser = Client(HTTP_ACCEPT_LANGUAGE="vi")
    browser.force_login(users["office"])
    workbook = read_workbook(browser.get("/tasks/export.xlsx", {"status": "overdue"}))
    with translation.override("vi"):
        sheet_names = [gettext("Tasks"), gettext("About")]
        header = gettext("Status")
        overdue = str(TaskStatus.OVERDUE.label)
    assert workbook.sheetnames == sheet_names
    assert rows(workbook.worksheets[0])[0][header] == overdue
    assert workbook.worksheets[0].cell(row=2, column=6).number_format == "dd/mm/yyyy"


def test_a_bad_filter_sends_the_reader_back_to_the_list_with_the_error(tasks, users):
    response = browser_for(users["office"]).get("/tasks/export.xlsx", {"as_of": "soon"})
    assert response.status_code == 302
    assert response.url == "/tasks/?as_of=soon"


def test_a_visitor_cannot_export(tasks):
    response = Client(**ENGLISH).get("/tasks/export.xlsx")
    assert response.status_code == 302
    assert "login" in response.url


def test_the_export_reads_many_tasks_in_a_fixed_number_of_queries(tree, users, django_assert_max_num_queries):
    browser = browser_for(users["office"])

    def add(count):
        for number in range(count):
            assign(
                tree["district_a"],
                assigned_by_unit=tree["office"],
                title=f"Task {number}",
                deadline=date(2025, 9, 30),
                coordinating=[tree["finance"]],
            )

    add(3)
    browser.get("/tasks/export.xlsx")
    with django_assert_max_num_queries(20) as few:
        browser.get("/tasks/export.xlsx")
    add(30)
    with django_assert_max_num_queries(20) as many:
        response = browser.get("/tasks/export.xlsx")
    assert len(rows(read_workbook(response)["Tasks"])) == 33
    assert len(many.captured_queries) == len(few.captured_queries)


# -- the same export through the API (GET /api/v1/tasks/export.xlsx) -------------------------------


def test_the_api_exports_the_same_workbook_with_the_lists_filters(tasks, users):
    response = api_for(users["office"]).get("/api/v1/tasks/export.xlsx", {"status": "overdue"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="tasks-' in response["Content-Disposition"]
    titles = [row["Title"] for row in rows(read_workbook(response)["Tasks"])]
    assert titles == [row["Title"] for row in rows(export(users["office"], status="overdue")["Tasks"])]
    assert titles == ["Clear the site of the ring road"]


def test_the_api_exports_only_what_the_reader_can_see(tasks, users):
    response = api_for(users["district_b_reporter"]).get("/api/v1/tasks/export.xlsx")
    titles = [row["Title"] for row in rows(read_workbook(response)["Tasks"])]
    assert titles == ["Open the new school", "Report on flood damage"]


def test_a_bad_filter_of_the_api_export_is_a_422_naming_it(tasks, users):
    response = api_for(users["office"]).get("/api/v1/tasks/export.xlsx", {"sort": "colour"})
    assert response.status_code == 422
    assert "sort" in response.json()["errors"]


def test_the_api_export_wants_a_token(tasks):
    assert Client(**ENGLISH).get("/api/v1/tasks/export.xlsx").status_code == 401


def test_the_api_export_reads_many_tasks_in_a_fixed_number_of_queries(
    tree, users, django_assert_max_num_queries
):
    api = api_for(users["office"])
    for number in range(3):
        assign(tree["district_a"], assigned_by_unit=tree["office"], title=f"Task {number}")
    api.get("/api/v1/tasks/export.xlsx")
    with django_assert_max_num_queries(25) as few:
        api.get("/api/v1/tasks/export.xlsx")
    for number in range(30):
        assign(tree["district_a"], assigned_by_unit=tree["office"], title=f"More {number}")
    with django_assert_max_num_queries(25) as many:
        response = api.get("/api/v1/tasks/export.xlsx")
    assert len(rows(read_workbook(response)["Tasks"])) == 33
    assert len(many.captured_queries) == len(few.captured_queries)
