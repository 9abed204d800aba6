"""The implementation report pages: who may read, draft, edit and download, and what they cost."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.conftest import make_unit, make_user
from resolute.core.models import ChangeLogEntry
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnitKind
from resolute.reports import actions
from resolute.reports.models import ImplementationReport, ReportFormat
from resolute.tasks import actions as task_actions
from resolute.tasks.models import TaskArea

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Kết luận về phát triển kinh tế - xã hội năm 2026",
        number="15-KL/TU",
        issued_on=date(2026, 1, 10),
        issuer=tree["party"],
    )


def _tasks(tree, document, count, start=0):
    for index in range(start, start + count):
        task_actions.create_task(
            acting_user=None,
            title=f"Nhiệm vụ {index}",
            lead_unit=tree["finance"] if index % 2 else tree["district_a"],
            assigned_by_unit=tree["party"],
            assigned_on=date(2026, 2, 1),
            source_document=document,
            area=TaskArea.SOCIO_ECONOMICS,
            deadline=date(2026, 6, 30) if index % 3 else date(2026, 12, 31),
        )


def _client(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _report(users, document):
    return actions.create_report(
        acting_user=users["office"],
        document=document,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        as_of=TODAY,
        language="en",
        format=ReportFormat.PARTY,
    )


def test_the_office_drafts_a_report_from_the_document_page(tree, users, document):
    _tasks(tree, document, 3)
    client = _client(users["office"])
    page = client.get(document.get_absolute_url()).content.decode()
    assert reverse("reports:report_list", args=[document.pk]) in page

    response = client.post(
        reverse("reports:report_new", args=[document.pk]),
        {"year": "2026", "as_of": "2026-11-25", "language": "en", "format": "party", "number": "125-BC/TU"},
    )

    report = ImplementationReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert (report.period_start, report.period_end, report.as_of) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        TODAY,
    )
    assert "Of 3 tasks" in report.results
    assert ChangeLogEntry.objects.filter(object_id=str(report.pk), action="create").exists()


def test_the_format_defaults_to_the_party_format_for_a_party_committee(tree, users, document):
    response = _client(users["office"]).get(reverse("reports:report_new", args=[document.pk]))
    assert response.context["form"].fields["format"].initial == ReportFormat.PARTY


def test_the_office_edits_the_drafted_text_and_a_stale_form_is_refused(users, document):
    report = _report(users, document)
    client = _client(users["office"])
    fields = {
        "leadership_and_direction": "Edited.",
        "results": "R",
        "shortcomings": "S",
        "signer": "N. V. Minh",
    }

    response = client.post(report.get_absolute_url(), {**fields, "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.leadership_and_direction, report.version) == ("Edited.", 2)

    stale = client.post(report.get_absolute_url(), {**fields, "results": "Other", "version": 1})
    assert stale.status_code == 409
    report.refresh_from_db()
    assert report.results == "R"


def test_a_reader_of_the_document_reads_and_downloads_but_may_not_edit(users, document):
    report = _report(users, document)
    client = _client(users["leader"])

    page = client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert "<textarea" not in page.content.decode()
    assert "Figures as of" in page.content.decode()
    assert client.get(reverse("reports:report_docx", args=[report.pk])).status_code == 200
    pdf = client.get(reverse("reports:report_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    assert client.post(report.get_absolute_url(), {"results": "Mine", "version": 1}).status_code == 403
    assert client.get(reverse("reports:report_new", args=[document.pk])).status_code == 403
    assert client.post(reverse("reports:report_redraft", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.results != "Mine"


def test_a_user_who_cannot_read_the_document_cannot_see_its_reports(users, document):
    report = _report(users, document)
    elsewhere = make_unit("Tỉnh khác", kind=OrgUnitKind.PROVINCE)
    stranger = make_user("stranger", (elsewhere, Role.OFFICE))
    client = _client(stranger)

    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:report_pdf", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:report_list", args=[document.pk])).status_code == 404
    assert client.post(reverse("reports:report_new", args=[document.pk]), {"year": "2026"}).status_code == 404


def test_the_preview_costs_the_same_number_of_queries_however_many_tasks(tree, users, document):
    report = _report(users, document)
    client = _client(users["office"])
    _tasks(tree, document, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(report.get_absolute_url()).status_code == 200
    _tasks(tree, document, 12, start=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(report.get_absolute_url()).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 40


def test_without_a_vietnamese_font_the_pdf_download_says_which_packages_to_install(
    users, document, monkeypatch
):
    from resolute.reports import pdf_report

    def no_font():
        raise pdf_report.FontNotFoundError("none")

    monkeypatch.setattr(pdf_report, "report_font", no_font)
    report = _report(users, document)
    response = _client(users["leader"]).get(reverse("reports:report_pdf", args=[report.pk]), follow=True)
    assert "fonts-liberation2" in response.content.decode()


def test_the_pdf_font_found_on_this_machine_writes_every_vietnamese_letter():
    from resolute.reports.pdf_report import covers_vietnamese, report_font

    family, files = report_font()
    assert family in ("LiberationSerif", "DejaVuSerif")
    assert covers_vietnamese(files[""]) and covers_vietnamese(files["B"])


def test_the_documents_issued_to_implement_it_open_the_leadership_section(tree, users, document):
    plan = document_actions.create_document(
        acting_user=None,
        owner=tree["committee"],
        kind=DocumentKind.PLAN,
        title="Kế hoạch thực hiện Kết luận 15-KL/TU",
        number="42/KH-UBND",
        issued_on=date(2026, 2, 3),
        issuer=tree["committee"],
    )
    document_actions.add_relation(acting_user=None, source=plan, target=document, kind="implements")

    report = actions.create_report(
        acting_user=users["office"],
        document=document,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        as_of=TODAY,
        language="vi",
        format=ReportFormat.PARTY,
    )

    assert report.leadership_and_direction == (
        "Để triển khai thực hiện Kết luận số 15-KL/TU, đã ban hành 1 văn bản: "
        "42/KH-UBND ngày 03 tháng 02 năm 2026 của UBND tỉnh."
    )
    page = _client(users["leader"]).get(report.get_absolute_url()).content.decode()
    assert f'href="{plan.get_absolute_url()}"' in page


def test_drafting_again_takes_the_new_figures_and_logs_the_replaced_text(tree, users, document):
    _tasks(tree, document, 2)
    report = _report(users, document)
    assert "Of 2 tasks" in report.results
    _tasks(tree, document, 3, start=2)

    response = _client(users["office"]).post(
        reverse("reports:report_redraft", args=[report.pk]), {"version": report.version}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert "Of 5 tasks" in report.results
    change = ChangeLogEntry.objects.filter(object_id=str(report.pk), action="update").get()
    assert "Of 2 tasks" in change.changes["results"]["old"]


def test_a_period_is_a_year_or_two_days_in_order(users, document):
    client = _client(users["office"])
    url = reverse("reports:report_new", args=[document.pk])
    base = {"language": "en", "format": "state"}

    neither = client.post(url, base)
    assert neither.status_code == 200 and neither.context["form"].errors["year"]
    backwards = client.post(url, {**base, "period_start": "2026-06-30", "period_end": "2026-01-01"})
    assert backwards.context["form"].errors["period_end"]

    client.post(url, {**base, "period_start": "2026-01-01", "period_end": "2026-06-30"})
    report = ImplementationReport.objects.get()
    assert (report.period_start, report.period_end, report.as_of) == (
        date(2026, 1, 1),
        date(2026, 6, 30),
        date(2026, 6, 30),
    )
    assert not report.period_is_a_year


def test_the_docx_is_laid_out_as_decree_30_asks(users, document):
    import io

    from docx import Document as WordDocument
    from docx.shared import Pt

    report = _report(users, document)
    response = _client(users["leader"]).get(reverse("reports:report_docx", args=[report.pk]))
    word = WordDocument(io.BytesIO(response.content))
    section = word.sections[0]

    def mm(length):
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Normal"].font.size == Pt(14)
    assert section.different_first_page_header_footer
    assert response["Content-Disposition"].startswith('attachment; filename="report-')
