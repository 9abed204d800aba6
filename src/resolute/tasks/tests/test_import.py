"""Bringing task lists in from Excel: the template, the check that previews the file or lists every
error by row and column, and the confirmation that creates every task in one transaction, once."""

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from resolute.conftest import make_unit, make_user
from resolute.core.changelog import history_of
from resolute.core.models import ChangeLogEntry
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind
from resolute.tasks.models import Task, TaskImport, TaskStatusTally

from .factories import api_for, browser_for

TODAY = date(2025, 3, 3)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENGLISH_HEADER = [
    "Task title",
    "Lead unit",
    "Coordinating units",
    "Deadline",
    "Source document",
    "Clause",
    "Description",
]
VIETNAMESE_HEADER = [
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Văn bản giao nhiệm vụ",
    "Điều khoản",
    "Mô tả",
]

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def conclusion(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Conclusion of the provincial conference",
        number="08-NQ/TU",
        issued_on=date(2024, 12, 20),
        text=(
            "II. Tasks\n1. Finish the coastal road by the end of the year.\n2. Replace the temporary houses."
        ),
    )


def workbook_bytes(rows, header=ENGLISH_HEADER) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("tasks")
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(browser, content: bytes, capture, *, assigned_by, name="tasks.xlsx"):
    with capture(execute=True):
        return browser.post(
            reverse("tasks:import"),
            {"file": SimpleUploadedFile(name, content, XLSX), "assigned_by_unit": assigned_by.pk},
        )


def confirm(browser, task_import, capture):
    with capture(execute=True):
        return browser.post(reverse("tasks:import_confirm", args=[task_import.pk]))


def test_a_checked_file_shows_what_it_will_create_and_creates_it_with_coordinators_and_clause_once_confirmed(
    tree, users, conclusion, django_capture_on_commit_callbacks
):
    office = browser_for(users["office"])
    content = workbook_bytes(
        [
            [
                "Finish the coastal road",
                "503",
                "Sở Tài chính; 506",
                "31/12/2025",
                "08-NQ/TU",
                "1",
                "Both lanes",
            ],
            ["Replace the temporary houses", "Huyện Đại Lộc", "", date(2025, 10, 31), "", "", ""],
        ]
    )

    response = upload(office, content, django_capture_on_commit_callbacks, assigned_by=tree["party"])

    task_import = TaskImport.objects.get()
    assert response.status_code == 302 and response.url == task_import.get_absolute_url()
    assert task_import.status == TaskImport.Status.READY, task_import.errors
    assert not Task.objects.exists()
    page = office.get(task_import.get_absolute_url()).content.decode()
    assert "The file is correct: 2 tasks will be created." in page
    assert "Finish the coastal road" in page and "Department of Finance; Dai Loc District" in page

    confirm(office, task_import, django_capture_on_commit_callbacks)

    task_import.refresh_from_db()
    assert task_import.status == TaskImport.Status.DONE and task_import.tasks_created == 2
    road = Task.objects.get(title="Finish the coastal road")
    assert road.lead_unit == tree["district_a"] and road.assigned_by_unit == tree["party"]
    assert {unit.pk for unit in road.coordinating_units.all()} == {tree["finance"].pk, tree["district_b"].pk}
    assert road.deadline == road.original_deadline == date(2025, 12, 31)
    assert road.source_document == conclusion and road.source_clause.text.startswith("1. Finish")
    assert road.description == "Both lanes" and road.assigned_on == TODAY
    assert road.assigned_by == users["office"]
    houses = Task.objects.get(title="Replace the temporary houses")
    assert houses.lead_unit == tree["district_b"] and houses.deadline == date(2025, 10, 31)
    assert [entry.action for entry in history_of(road)] == [ChangeLogEntry.Action.CREATE]
    assert road.coordinations.get(unit=tree["finance"]).deadline == date(2025, 12, 31)
    assert TaskStatusTally.objects.filter(lead_unit=tree["district_b"]).exists()
    assert "2 tasks were created." in office.get(task_import.get_absolute_url()).content.decode()

    again = confirm(office, task_import, django_capture_on_commit_callbacks)

    assert again.status_code == 302
    assert Task.objects.count() == 2
    recent = office.get(reverse("tasks:import")).content.decode()
    assert "Your recent imports" in recent and task_import.get_absolute_url() in recent


def test_a_file_with_errors_lists_each_by_row_and_column_and_creates_nothing(
    tree, users, conclusion, django_capture_on_commit_callbacks
):
    office = browser_for(users["office"])
    content = workbook_bytes(
        [
            ["Finish the coastal road", "503", "", "31/12/2025", "08-NQ/TU", "1", ""],
            ["", "Nowhere District", "503; Ghost", "31/02/2025", "99-NQ/TU", "", ""],
            ["Repair the dykes", "503", "503", "01/01/2024", "08-NQ/TU", "7", ""],
            ["x" * 501, "503", "", "soon", "", "3", ""],
        ]
    )

    upload(office, content, django_capture_on_commit_callbacks, assigned_by=tree["party"])

    task_import = TaskImport.objects.get()
    assert task_import.status == TaskImport.Status.FAILED
    found = {(error["row"], error["header"]) for error in task_import.errors}
    assert found == {
        (3, "Task title"),
        (3, "Lead unit"),
        (3, "Coordinating units"),
        (3, "Deadline"),
        (3, "Source document"),
        (4, "Clause"),
        (4, "Deadline"),
        (4, "Coordinating units"),
        (5, "Task title"),
        (5, "Deadline"),
        (5, "Clause"),
    }
    page = browser_for(users["office"]).get(task_import.get_absolute_url()).content.decode()
    assert "The file has 11 errors; nothing was created." in page
    assert "Lead unit (B)" in page
    assert "No unit you may assign tasks to has the code or name Nowhere District." in page
    assert "08-NQ/TU has no clause numbered 7." in page
    assert "The title has 501 characters; at most 500 fit." in page
    assert not Task.objects.exists()
    assert confirm(office, task_import, django_capture_on_commit_callbacks).status_code == 302
    assert not Task.objects.exists()


def test_vietnamese_headers_and_names_typed_without_tone_marks_are_read(
    tree, users, django_capture_on_commit_callbacks
):
    office = browser_for(users["office"])
    content = workbook_bytes(
        [["Thay nhà tạm", "thanh pho hoi an", "SỞ TÀI CHÍNH", "30/06/2025", "", "", ""]],
        header=VIETNAMESE_HEADER,
    )

    upload(office, content, django_capture_on_commit_callbacks, assigned_by=tree["party"])
    task_import = TaskImport.objects.get()
    assert task_import.status == TaskImport.Status.READY, task_import.errors
    confirm(office, task_import, django_capture_on_commit_callbacks)

    task = Task.objects.get()
    assert task.lead_unit == tree["district_a"]
    assert list(task.coordinating_units.all()) == [tree["finance"]]


def test_a_name_two_units_share_is_an_error_naming_both(tree, users, django_capture_on_commit_callbacks):
    make_unit("Phường Minh An", tree["district_b"], OrgUnitKind.COMMUNE, code="20999")
    office = browser_for(users["office"])

    upload(
        office,
        workbook_bytes([["Clear the market", "phuong minh an", "", "30/06/2025", "", "", ""]]),
        django_capture_on_commit_callbacks,
        assigned_by=tree["party"],
    )

    [error] = TaskImport.objects.get().errors
    assert error["row"] == 2 and error["header"] == "Lead unit"
    assert "2 units are named phuong minh an" in error["message"]
    assert "20335" in error["message"] and "20999" in error["message"]
    assert not Task.objects.exists()


def test_units_outside_the_office_s_jurisdiction_are_errors_and_never_created(
    tree, django_capture_on_commit_callbacks
):
    district_office = make_unit("Văn phòng Hội An", tree["district_a"], OrgUnitKind.AGENCY)
    clerk = make_user("hoian_office", (district_office, Role.OFFICE))
    browser = browser_for(clerk)

    upload(
        browser,
        workbook_bytes(
            [
                ["Clean the old town", "20335", "", "30/06/2025", "", "", ""],
                ["Widen the provincial road", "49", "506", "30/06/2025", "", "", ""],
            ]
        ),
        django_capture_on_commit_callbacks,
        assigned_by=tree["district_a"],
    )

    task_import = TaskImport.objects.get()
    messages = {(error["row"], error["message"]) for error in task_import.errors}
    assert messages == {
        (3, "You may not assign tasks to Quang Nam Province."),
        (3, "No unit you may assign tasks to has the code or name 506."),
    }
    assert not Task.objects.exists()


def test_a_file_that_is_no_workbook_is_refused_at_the_upload_naming_it(tree, users):
    response = browser_for(users["office"]).post(
        reverse("tasks:import"),
        {
            "file": SimpleUploadedFile("tasks.xlsx", b"this is not a workbook", XLSX),
            "assigned_by_unit": tree["party"].pk,
        },
    )

    assert response.status_code == 422
    assert "“tasks.xlsx” is not an Excel workbook (.xlsx) that can be opened" in response.content.decode()
    assert not TaskImport.objects.exists()


def test_the_template_filled_in_comes_back_as_tasks(
    tree, users, conclusion, django_capture_on_commit_callbacks
):
    office = browser_for(users["office"])
    response = office.get(reverse("tasks:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == ENGLISH_HEADER
    assert workbook.worksheets[1].title == "instructions"
    units = [row[:2] for row in workbook["units"].iter_rows(min_row=2, values_only=True)]
    assert ("503", "Thành phố Hội An") in units
    workbook.worksheets[0].append(["Fix the road", "503", "", date(2025, 9, 30), "08-NQ/TU", "2", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(office, buffer.getvalue(), django_capture_on_commit_callbacks, assigned_by=tree["party"])
    task_import = TaskImport.objects.get()
    assert task_import.status == TaskImport.Status.READY, task_import.errors
    confirm(office, task_import, django_capture_on_commit_callbacks)

    task = Task.objects.get()
    assert task.title == "Fix the road" and task.source_clause.text.startswith("2. Replace")


def test_the_template_headers_are_in_the_reader_s_language(users):
    browser = browser_for(users["office"])
    response = browser.get(reverse("tasks:import_template"), HTTP_ACCEPT_LANGUAGE="vi")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == VIETNAMESE_HEADER


def test_only_those_who_may_create_tasks_reach_the_import(tree, users, django_capture_on_commit_callbacks):
    reporter = browser_for(users["district_a_reporter"])
    assert reporter.get(reverse("tasks:import")).status_code == 403
    assert reporter.get(reverse("tasks:import_template")).status_code == 403
    assert "Import from Excel" not in reporter.get(reverse("tasks:list")).content.decode()
    office = browser_for(users["office"])
    upload(
        office,
        workbook_bytes([["Clean the old town", "503", "", "30/06/2025", "", "", ""]]),
        django_capture_on_commit_callbacks,
        assigned_by=tree["party"],
    )
    task_import = TaskImport.objects.get()
    assert task_import.status == TaskImport.Status.READY
    other_office = browser_for(make_user("office2", (tree["office"], Role.OFFICE)))
    assert other_office.get(task_import.get_absolute_url()).status_code == 404
    assert other_office.post(reverse("tasks:import_confirm", args=[task_import.pk])).status_code == 404
    assert reporter.post(reverse("tasks:import_confirm", args=[task_import.pk])).status_code == 403
    assert not Task.objects.exists()


def test_the_list_shows_the_office_the_way_to_import(users):
    assert "Import from Excel" in browser_for(users["office"]).get(reverse("tasks:list")).content.decode()


def test_the_preview_page_reads_the_same_few_rows_however_long_the_file(
    tree, users, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    office = browser_for(users["office"])
    rows = [[f"Task {n}", "503", "506", "30/06/2025", "", "", ""] for n in range(60)]
    upload(office, workbook_bytes(rows), django_capture_on_commit_callbacks, assigned_by=tree["party"])
    task_import = TaskImport.objects.get()
    assert task_import.status == TaskImport.Status.READY and task_import.tasks_to_create == 60

    with django_assert_max_num_queries(8):
        page = office.get(task_import.get_absolute_url())

    assert page.status_code == 200
    assert "The first 20 rows of the file" in page.content.decode()


def test_the_api_checks_a_file_then_creates_its_tasks_once_on_confirmation(
    tree, users, django_capture_on_commit_callbacks
):
    api = api_for(users["office"])
    content = workbook_bytes([["Clean the old town", "503", "506", "30/06/2025", "", "", ""]])

    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(
            "/api/tasks/import",
            {
                "file": SimpleUploadedFile("tasks.xlsx", content, XLSX),
                "assigned_by_unit_id": tree["party"].pk,
            },
        )

    assert started.status_code == 202, started.content
    import_id = started.json()["id"]
    status = api.get(f"/api/tasks/import/{import_id}").json()
    assert status["status"] == "ready" and status["tasks_to_create"] == 1 and status["errors"] == []
    for _attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            api.post(f"/api/tasks/import/{import_id}/confirm")
    assert api.get(f"/api/tasks/import/{import_id}").json()["tasks_created"] == 1
    assert Task.objects.get().lead_unit == tree["district_a"]


def test_the_api_gives_the_errors_by_row_and_column_and_refuses_those_who_may_not_create_tasks(
    tree, users, django_capture_on_commit_callbacks
):
    api = api_for(users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(
            "/api/tasks/import",
            {
                "file": SimpleUploadedFile(
                    "tasks.xlsx", workbook_bytes([["Clean", "Ghost", "", "x", "", "", ""]])
                )
            },
        )
    body = api.get(f"/api/tasks/import/{started.json()['id']}").json()
    assert body["status"] == "failed"
    assert [(error["row"], error["column"]) for error in body["errors"]] == [(2, "B"), (2, "D")]
    reporter = api_for(users["district_a_reporter"])
    assert reporter.get(f"/api/tasks/import/{started.json()['id']}").status_code == 403
    refused = reporter.post(
        "/api/tasks/import", {"file": SimpleUploadedFile("tasks.xlsx", workbook_bytes([]), XLSX)}
    )
    assert refused.status_code == 403
