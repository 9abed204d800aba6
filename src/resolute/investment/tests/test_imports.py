"""The State Treasury's monthly reconciliation, imported from its spreadsheet on the plan's import page
and through the API: a good file imports every project, a file with one bad row imports nothing and
says which row and column, every rule of the law is named where it is broken, and the template the
page gives, filled in, imports.

The province's 2024 plan (see conftest): road DT-01 100 bn central + 20 bn local, school HA-02 10 bn
local, dyke DL-03 30 bn central + 40 bn foreign. In the sheets below row 1 gives the day, row 3 the
header, and the projects start on row 4: A code, B name, C source, D plan, E disbursed, F why above."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resolute.investment import actions
from resolute.investment.choices import ReportSource
from resolute.investment.models import DisbursementReport
from resolute.tasks.tests.factories import api_for, browser_for

from .conftest import CENTRAL, FOREIGN, LOCAL, billions
from .figures import report

HEADER = [
    "Project code",
    "Project name",
    "Capital source",
    "Plan of the year (VND)",
    "Disbursed to date (VND)",
]
JUNE = [
    ["DT-01", "Đường ven biển", "NSTW", 100_000_000_000, 50_000_000_000],
    ["DT-01", "Đường ven biển", "NSĐP", 20_000_000_000, 5_000_000_000],
    ["HA-02", "Trường tiểu học Minh An", "Ngân sách địa phương", 10_000_000_000, 9_000_000_000],
    ["DL-03", "Kè sông Vu Gia", "Ngân sách trung ương", 30_000_000_000, 3_000_000_000],
    ["DL-03", "Kè sông Vu Gia", "ODA", 40_000_000_000, 0],
]


@pytest.fixture(autouse=True)
def in_march_2025(time_machine):
    time_machine.move_to(datetime(2025, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)


def sheet(rows, *, as_of="30/06/2024", header=HEADER, label="Figures as of", name="kho-bac-06-2024.xlsx"):
    """A Treasury sheet: the day on row 1, the header on row 3, the rows from row 4."""
    book = openpyxl.Workbook()
    page = book.active
    page.append([label, as_of])
    page.append([])
    page.append(header)
    for row in rows:
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def replaced(rows, index, column, value):
    rows = [list(row) for row in rows]
    rows[index][column] = value
    return rows


def import_url(plan, dry_run=False) -> str:
    return f"/api/investment/plans/{plan.pk}/treasury-import" + ("?dry_run=true" if dry_run else "")


def post_sheet(client, plan, upload, dry_run=False):
    return client.post(import_url(plan, dry_run), {"file": upload})


def figures(project) -> dict:
    latest = DisbursementReport.objects.filter(project=project).order_by("-reported_on", "-pk").first()
    return {figure.source: figure.disbursed for figure in latest.figures.all()} if latest else {}


def problems(response) -> list[str]:
    return response.json()["errors"]["file"]


# -- a good file, on the page ------------------------------------------------------------------------


def test_a_good_workbook_imports_every_project_after_its_preview(investment):
    desk = browser_for(investment["people"]["desk"])
    page = reverse("investment:treasury_import", args=[investment["plan"].pk])
    assert desk.get(page).status_code == 200
    preview = desk.post(page, {"file": sheet(JUNE)})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "figures as of 30/06/2024" in text
    assert "Import the reports of 3 projects" in text
    assert DisbursementReport.objects.count() == 0  # nothing before the confirmation
    done = desk.post(page, {"confirm": preview.context["confirmation"]})
    assert done.status_code == 302
    assert figures(investment["road"]) == {CENTRAL: billions(50), LOCAL: billions(5)}
    assert figures(investment["school"]) == {LOCAL: billions(9)}
    assert figures(investment["dyke"]) == {CENTRAL: billions(3), FOREIGN: 0}
    reports = DisbursementReport.objects.all()
    assert {(r.source, r.reported_on, r.submitted_by) for r in reports} == {
        (ReportSource.TREASURY, date(2024, 6, 30), investment["people"]["desk"])
    }
    assert done.url == investment["plan"].get_absolute_url()
    assert "3 projects reported" in desk.get(done.url).content.decode()


def test_a_changed_preview_is_refused_and_imports_nothing(investment):
    desk = browser_for(investment["people"]["desk"])
    page = reverse("investment:treasury_import", args=[investment["plan"].pk])
    confirmation = desk.post(page, {"file": sheet(JUNE)}).context["confirmation"]
    refused = desk.post(page, {"confirm": confirmation[:-2] + "xx"}, follow=True)
    assert "too old or was changed" in refused.content.decode()
    someone_else = browser_for(investment["people"]["office"])
    someone_else.post(page, {"confirm": confirmation})
    assert DisbursementReport.objects.count() == 0


def test_the_confirmation_checks_the_books_again(investment):
    desk = browser_for(investment["people"]["desk"])
    page = reverse("investment:treasury_import", args=[investment["plan"].pk])
    confirmation = desk.post(page, {"file": sheet(JUNE)}).context["confirmation"]
    report(investment, "school", date(2024, 6, 30), {LOCAL: billions(9)})
    report(investment, "school", date(2024, 7, 31), {LOCAL: billions(9)})
    report(investment, "road", date(2024, 5, 31), {CENTRAL: billions(70), LOCAL: billions(5)})
    refused = desk.post(page, {"confirm": confirmation})
    assert refused.status_code == 422
    [problem] = refused.context["preview"].problems
    assert (problem.row, problem.column) == (4, "E")
    assert "less than" in problem.message
    assert DisbursementReport.objects.filter(source=ReportSource.TREASURY).count() == 0


# -- a file with problems -----------------------------------------------------------------------------


def test_a_workbook_with_one_bad_row_imports_nothing_and_names_its_row_and_column(investment):
    desk = api_for(investment["people"]["desk"])
    response = post_sheet(desk, investment["plan"], sheet(replaced(JUNE, 3, 4, -3_000_000_000)))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert problems(response) == ["Row 7, column E: -3000000000 is negative; an amount is never below 0."]
    assert DisbursementReport.objects.count() == 0
    page = browser_for(investment["people"]["desk"]).post(
        reverse("investment:treasury_import", args=[investment["plan"].pk]),
        {"file": sheet(replaced(JUNE, 3, 4, -3_000_000_000))},
    )
    assert page.status_code == 422
    assert page.context["confirmation"] == ""
    assert [(p.row, p.column) for p in page.context["preview"].problems] == [(7, "E")]


def test_every_problem_of_the_file_is_named_by_row_and_column(investment):
    rows = [
        ["DT-01", "", "NSTW", None, 50_000_000_000],
        ["XX-99", "", "NSTW", None, 1],  # row 5: no such project
        ["HA-02", "", "Trái phiếu", None, 1],  # row 6: no such source
        ["DL-03", "", "ODA", None, 1.5],  # row 7: a fraction of a đồng
        ["DL-03", "", "NSTW", None, "ba tỷ"],  # row 8: not a number
        ["DT-01", "", "Ngân sách trung ương", None, 1],  # row 9: DT-01's central again
        ["", "", "NSTW", None, 1],  # row 10: no code
    ]
    response = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], sheet(rows))
    assert problems(response) == [
        "Row 5, column A: No project you can see has the code XX-99.",
        "Row 6, column C: Trái phiếu is not a capital source: "
        "write NSTW, ODA, NSĐP or a name of the guide sheet.",
        "Row 7, column E: 1.5 is not a whole number of VND: the đồng has no smaller unit.",
        "Row 8, column E: ba tỷ is not a number.",
        "Row 9, column C: DT-01, central budget is already on row 4.",
        "Row 10, column A: Enter the project's code.",
    ]
    assert DisbursementReport.objects.count() == 0


def test_the_laws_rules_are_named_at_the_figure_that_breaks_them(investment):
    report(investment, "road", date(2024, 7, 31), {CENTRAL: billions(60), LOCAL: billions(5)})
    rows = [
        ["DT-01", "", "NSTW", None, 55_000_000_000],  # row 4: below the 60 bn of 31 July
        ["DT-01", "", "NSĐP", None, 6_000_000_000],
        ["HA-02", "", "NSĐP", None, 12_000_000_000],  # row 6: above the 10 bn plan, unexplained
        ["DL-03", "", "NSTW", None, 9_000_000_000],
    ]
    response = post_sheet(
        api_for(investment["people"]["desk"]), investment["plan"], sheet(rows, as_of="31/08/2024")
    )
    assert problems(response) == [
        "Row 4, column E: central budget: 55,000,000,000 VND disbursed to date "
        "is less than the 60,000,000,000 VND reported as of 31/07/2024.",
        "Row 6, column E: local budget: 12,000,000,000 VND disbursed is more than the plan of 10,000,000,000 "
        "VND. Explain why, or correct the figures.",
    ]
    assert DisbursementReport.objects.filter(source=ReportSource.TREASURY).count() == 0


def test_a_figure_above_the_plan_imports_with_its_explanation(investment):
    rows = [
        ["HA-02", "", "NSĐP", None, 12_000_000_000, "Ứng trước kế hoạch năm sau theo Quyết định 77/QĐ-UBND"]
    ]
    response = post_sheet(
        api_for(investment["people"]["desk"]),
        investment["plan"],
        sheet(rows, header=[*HEADER, "Why above the plan"]),
    )
    assert response.status_code == 201, response.content
    school = DisbursementReport.objects.get(project=investment["school"])
    assert school.over_plan_explanation == "Ứng trước kế hoạch năm sau theo Quyết định 77/QĐ-UBND"


def test_a_report_after_the_plan_lapsed_is_refused_unless_capital_was_carried_over(investment):
    desk = investment["people"]["desk"]
    extension = actions.propose_extension(
        acting_user=desk,
        plan=investment["plan"],
        project=investment["dyke"],
        amount=billions(20),
        reason="site_clearance",
    )
    actions.decide_extension(
        acting_user=desk,
        extension=extension,
        approved=True,
        decision_number="88/QĐ-TTg",
        decided_on=date(2025, 1, 20),
        decided_by="Thủ tướng Chính phủ",
        extended_until=date(2025, 9, 30),
    )
    rows = [["DT-01", "", "NSTW", None, 95_000_000_000], ["DL-03", "", "NSTW", None, 20_000_000_000]]
    response = post_sheet(api_for(desk), investment["plan"], sheet(rows, as_of="15/02/2025"))
    [problem] = problems(response)
    assert problem.startswith("Row 4, column E: The 2024 capital plan lapsed on ")
    assert "(Public Investment Law 2024, Art. 72) and no extension of this project was approved." in problem
    carried = post_sheet(api_for(desk), investment["plan"], sheet(rows[1:], as_of="15/02/2025"))
    assert carried.status_code == 201


def test_projects_whose_books_are_kept_elsewhere_are_refused(investment):
    district = investment["district_a"]
    actions.set_desk(acting_user=None, unit=district, jurisdiction=district)
    ward_school = actions.register_project(
        acting_user=None,
        code="HA-L1",
        name="Trường mầm non Cẩm Phô",
        group="C",
        jurisdiction=district,
        investor=investment["finance"],  # the desk sees it, but its books are Hội An's
        locality=investment["commune_a1"],
        sector="education",
        start_year=2024,
        end_year=2025,
        funding={LOCAL: billions(5)},
    )
    rows = [["HA-L1", "", "NSĐP", None, 1_000_000_000]]
    desk = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], sheet(rows))
    assert problems(desk) == ["Row 4, column A: You do not keep the books of HA-L1: they are Hoi An City's."]
    office = post_sheet(api_for(investment["people"]["office"]), investment["plan"], sheet(rows))
    assert problems(office) == ["Row 4, column A: HA-L1 is not funded by the plans of Quang Nam Province."]
    assert not DisbursementReport.objects.filter(project=ward_school).exists()


def test_a_sheet_without_its_day_or_its_columns_is_refused(investment):
    desk = api_for(investment["people"]["desk"])
    no_day = post_sheet(desk, investment["plan"], sheet(JUNE, label="Tháng"))
    assert problems(no_day) == [
        "Row 1, column B: Give the day the figures are as of: "
        "“Figures as of” in column A, the day in column B."
    ]
    bad_day = post_sheet(desk, investment["plan"], sheet(JUNE, as_of="giữa năm"))
    assert problems(bad_day) == ["Row 1, column B: giữa năm is not a day: write it as 30/06/2025."]
    no_columns = post_sheet(desk, investment["plan"], sheet(JUNE, header=["A", "B", "C", "D", "E"]))
    assert problems(no_columns)[0].startswith("Row 1: No sheet has the columns")
    empty = post_sheet(desk, investment["plan"], sheet([]))
    assert problems(empty) == ["Row 1: The sheet has no figure to import."]


def test_a_plan_that_differs_from_ours_is_a_warning_and_the_file_imports(investment):
    rows = replaced(JUNE, 2, 3, 12_000_000_000)
    response = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], sheet(rows))
    assert response.status_code == 201, response.content
    [warning] = response.json()["warnings"]
    assert (warning["row"], warning["column"]) == (6, "D")
    assert "12,000,000,000 VND" in warning["message"] and "10,000,000,000 VND" in warning["message"]


# -- the file itself ----------------------------------------------------------------------------------


def test_a_damaged_or_other_file_is_refused_by_its_name(investment):
    damaged = SimpleUploadedFile("kho-bac.xlsx", b"PK\x03\x04 not really a workbook")
    response = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], damaged)
    assert response.status_code == 422
    assert (
        "“kho-bac.xlsx” is not an Excel workbook (.xlsx) that can be opened"
        in response.json()["errors"]["file"][0]
    )
    page = browser_for(investment["people"]["desk"]).post(
        reverse("investment:treasury_import", args=[investment["plan"].pk]),
        {"file": SimpleUploadedFile("so-lieu.pdf", b"%PDF-1.4 a letter")},
    )
    assert page.status_code == 422
    assert "“so-lieu.pdf” is not an Excel workbook" in page.content.decode()


def test_the_treasurys_own_vietnamese_sheet_is_read(investment):
    header = ["Mã dự án", "Tên dự án", "Nguồn vốn", "Kế hoạch vốn năm (đồng)", "Lũy kế giải ngân (đồng)"]
    rows = [
        ["DT-01", "Đường ven biển", "Vốn ngân sách trung ương", "100.000.000.000", "50.000.000.000"],
        ["HA-02", "Trường tiểu học", "NSĐP", "10.000.000.000", "9.000.000.000"],
    ]
    upload = sheet(rows, header=header, label="Số liệu đến ngày", as_of=datetime(2024, 6, 30))
    response = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], upload)
    assert response.status_code == 201, response.content
    assert response.json()["as_of"] == "2024-06-30"
    assert figures(investment["road"]) == {CENTRAL: billions(50)}
    assert figures(investment["school"]) == {LOCAL: billions(9)}


def test_the_template_filled_in_imports(investment):
    desk = browser_for(investment["people"]["desk"])
    url = reverse("investment:treasury_template", args=[investment["plan"].pk])
    response = desk.get(url, {"as_of": "2024-06-30"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    page = book.worksheets[0]
    lines = list(page.iter_rows(values_only=True))
    assert lines[0][0] == "Figures as of" and lines[0][1].date() == date(2024, 6, 30)
    assert lines[3][:5] == tuple(HEADER)
    assert [line[:4] for line in lines[4:]] == [
        ("DL-03", "Kè sông Vu Gia", "central budget", 30_000_000_000),
        ("DL-03", "Kè sông Vu Gia", "ODA and foreign loans", 40_000_000_000),
        ("DT-01", "Đường ven biển", "central budget", 100_000_000_000),
        ("DT-01", "Đường ven biển", "local budget", 20_000_000_000),
        ("HA-02", "Trường tiểu học Minh An", "local budget", 10_000_000_000),
    ]
    for number, amount in zip(range(5, 10), [3, 0, 50, 5, 9], strict=True):
        page.cell(row=number, column=5, value=amount * 1_000_000_000)
    buffer = io.BytesIO()
    book.save(buffer)
    filled = SimpleUploadedFile("filled.xlsx", buffer.getvalue())
    imported = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], filled)
    assert imported.status_code == 201, imported.content
    assert imported.json()["warnings"] == []
    assert figures(investment["road"]) == {CENTRAL: billions(50), LOCAL: billions(5)}
    assert figures(investment["dyke"]) == {CENTRAL: billions(3), FOREIGN: Decimal(0)}


def test_a_dry_run_answers_what_would_be_imported_and_writes_nothing(investment):
    response = post_sheet(
        api_for(investment["people"]["desk"]), investment["plan"], sheet(JUNE), dry_run=True
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["dry_run"], body["imported"], body["as_of"]) == (True, False, "2024-06-30")
    assert [(p["project"]["code"], p["figures"]) for p in body["projects"]] == [
        ("DT-01", {"central": "50000000000", "local": "5000000000"}),
        ("HA-02", {"local": "9000000000"}),
        ("DL-03", {"central": "3000000000", "foreign": "0"}),
    ]
    assert DisbursementReport.objects.count() == 0


# -- who may import -----------------------------------------------------------------------------------


def test_only_the_desk_or_the_office_of_the_plans_jurisdiction_imports(investment):
    plan = investment["plan"]
    page = reverse("investment:treasury_import", args=[plan.pk])
    template = reverse("investment:treasury_template", args=[plan.pk])
    for name in ("hoian", "builder", "leader", "desk_viewer"):
        person = investment["people"][name]
        assert browser_for(person).get(page).status_code == 403
        assert browser_for(person).get(template).status_code == 403
        assert post_sheet(api_for(person), plan, sheet(JUNE)).status_code == 403
    office = post_sheet(api_for(investment["people"]["office"]), plan, sheet(JUNE))
    assert office.status_code == 201
    assert (
        browser_for(investment["people"]["desk"])
        .get(reverse("investment:treasury_import", args=[999_999]))
        .status_code
        == 404
    )
    assert (
        api_for(investment["people"]["desk"])
        .post("/api/investment/plans/999999/treasury-import", {"file": sheet(JUNE)})
        .status_code
        == 404
    )


def test_the_template_in_vietnamese_filled_in_imports(investment):
    desk = browser_for(investment["people"]["desk"])
    desk.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    response = desk.get(
        reverse("investment:treasury_template", args=[investment["plan"].pk]), {"as_of": "2024-06-30"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    page = book.worksheets[0]
    lines = list(page.iter_rows(values_only=True))
    assert lines[3][:5] == (
        "Mã dự án",
        "Tên dự án",
        "Nguồn vốn",
        "Kế hoạch vốn năm (đồng)",
        "Lũy kế giải ngân (đồng)",
    )
    assert [line[2] for line in lines[4:]] == [
        "Ngân sách trung ương",
        "Vốn nước ngoài",
        "Ngân sách trung ương",
        "Ngân sách địa phương",
        "Ngân sách địa phương",
    ]
    for number in range(5, 10):
        page.cell(row=number, column=5, value=1_000_000_000)
    buffer = io.BytesIO()
    book.save(buffer)
    imported = post_sheet(
        api_for(investment["people"]["desk"]),
        investment["plan"],
        SimpleUploadedFile("da-dien.xlsx", buffer.getvalue()),
    )
    assert imported.status_code == 201, imported.content
    assert figures(investment["dyke"]) == {CENTRAL: billions(1), FOREIGN: billions(1)}


def test_a_file_larger_than_any_upload_is_refused_before_it_is_read(investment, settings):
    settings.RESOLUTE_MAX_UPLOAD_BYTES = 1000
    response = post_sheet(api_for(investment["people"]["desk"]), investment["plan"], sheet(JUNE))
    assert response.status_code == 422
    assert "the largest file accepted is" in response.json()["errors"]["file"][0]
