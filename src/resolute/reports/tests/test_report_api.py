"""Implementation reports through the API (/api/v1/reports): read and downloaded by whoever may read
the document, drafted and drafted again only by the office that keeps it, hidden (404) from others."""

from datetime import date

import pytest
import time_machine
from django.test import Client

from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.reports import actions
from resolute.reports.models import ImplementationReport, ReportFormat
from resolute.tasks.tests.factories import ENGLISH, api_for

from .test_report_views import _report, _tasks

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


def test_the_office_drafts_a_report_for_a_year(tree, users, document):
    _tasks(tree, document, 3)
    response = api_for(users["office"]).post(
        f"/api/v1/reports/documents/{document.pk}",
        {"year": 2026, "language": "en", "number": "125-BC/TU"},
        content_type="application/json",
    )
    assert response.status_code == 201
    report = ImplementationReport.objects.get()
    body = response.json()
    assert (body["id"], body["period_start"], body["period_end"], body["as_of"]) == (
        report.pk,
        "2026-01-01",
        "2026-12-31",
        "2026-11-25",
    )
    assert body["format"] == "party", "a Party committee's document is reported on in the Party format"
    assert "Of 3 tasks" in body["results"]
    assert response["ETag"] == '"1"'
    assert response["Location"] == report.get_absolute_url()


def test_a_report_without_a_period_is_a_422_naming_year(users, document):
    response = api_for(users["office"]).post(
        f"/api/v1/reports/documents/{document.pk}", {"language": "en"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "year" in response.json()["errors"]
    assert not ImplementationReport.objects.exists()


def test_a_reader_of_the_document_reads_and_downloads_but_may_not_draft(users, document):
    report = _report(users, document)
    api = api_for(users["leader"])
    detail = api.get(f"/api/v1/reports/{report.pk}")
    assert detail.status_code == 200
    assert (detail.json()["may_edit"], detail["ETag"]) == (False, '"1"')
    assert [item["id"] for item in api.get(f"/api/v1/reports/documents/{document.pk}").json()["items"]] == [
        report.pk
    ]
    docx = api.get(f"/api/v1/reports/{report.pk}/report.docx")
    assert (docx.status_code, docx["Content-Type"]) == (200, DOCX)
    assert 'filename="report-15-kltu-2026.docx"' in docx["Content-Disposition"]
    pdf = api.get(f"/api/v1/reports/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    refused = [
        api.post(f"/api/v1/reports/documents/{document.pk}", {"year": 2026}, content_type="application/json"),
        api.post(f"/api/v1/reports/{report.pk}/redraft", {}, content_type="application/json"),
    ]
    assert [response.status_code for response in refused] == [403, 403]


def test_a_unit_that_cannot_read_the_document_finds_nothing(tree, users):
    hidden = document_actions.create_document(
        acting_user=None, owner=tree["district_b"], kind=DocumentKind.PLAN, title="Kế hoạch của huyện"
    )
    report = actions.create_report(
        acting_user=None,
        document=hidden,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        as_of=TODAY,
        language="en",
        format=ReportFormat.STATE,
    )
    api = api_for(users["district_a_reporter"])
    assert api.get(f"/api/v1/reports/documents/{hidden.pk}").status_code == 404
    assert api.get(f"/api/v1/reports/{report.pk}").status_code == 404
    assert api.get(f"/api/v1/reports/{report.pk}/report.docx").status_code == 404
    assert (
        api.post(f"/api/v1/reports/{report.pk}/redraft", {}, content_type="application/json").status_code
        == 404
    )


def test_the_api_wants_a_token(users, document):
    report = _report(users, document)
    assert Client(**ENGLISH).get(f"/api/v1/reports/{report.pk}").status_code == 401


def test_the_office_drafts_the_text_again_and_a_stale_version_is_a_409(tree, users, document):
    report = _report(users, document)
    ImplementationReport.objects.filter(pk=report.pk).update(results="Edited by hand.", version=2)
    api = api_for(users["office"])
    stale = api.post(f"/api/v1/reports/{report.pk}/redraft", {"version": 1}, content_type="application/json")
    assert stale.status_code == 409
    response = api.post(
        f"/api/v1/reports/{report.pk}/redraft", {"version": 2}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["results"] != "Edited by hand." and response.json()["version"] == 3


def test_the_list_costs_the_same_queries_for_few_or_many_reports(
    users, document, django_assert_max_num_queries
):
    api = api_for(users["office"])
    _report(users, document)
    api.get(f"/api/v1/reports/documents/{document.pk}")
    with django_assert_max_num_queries(30) as few:
        api.get(f"/api/v1/reports/documents/{document.pk}")
    for _number in range(5):
        _report(users, document)
    with django_assert_max_num_queries(30) as many:
        response = api.get(f"/api/v1/reports/documents/{document.pk}")
    assert response.json()["count"] == 6
    assert len(many.captured_queries) == len(few.captured_queries)
