"""A domain added later touches only its own folder: once installed, its panel is on the dashboard (and
its sheet in the dashboard's workbook) and its section in the implementation report; without it,
neither is."""

import io
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.test import override_settings

from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind
from resolute.reports.models import ImplementationReport
from resolute.reports.narrative import outline
from resolute.reports.views.report import report_data_of

from .test_report_views import _client, _report

EXAMPLE = "resolute.reports.tests.example_domain"

with_the_example_domain = override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, EXAMPLE])


@pytest.fixture
def document(tree):
    return document_actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        title="Kết luận về nước sạch nông thôn",
        number="16-KL/TU",
        issued_on=date(2026, 1, 10),
        issuer=tree["party"],
    )


def _dashboard(client) -> str:
    return client.get("/reports/").content.decode()


def _sheets(client) -> list[str]:
    response = client.get("/reports/", {"format": "xlsx"})
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).sheetnames


@pytest.mark.django_db
def test_an_installed_domain_shows_its_panel_on_the_dashboard_and_its_sheet_in_the_workbook(users):
    client = _client(users["leader"])
    with with_the_example_domain:
        html = _dashboard(client)
        assert "1,234 wells dug under" in html
        assert "Wells" in _sheets(client)
    assert "wells dug" not in _dashboard(client)
    assert "Wells" not in _sheets(client)


@pytest.mark.django_db
def test_an_installed_domain_adds_its_section_to_the_report(users, document):
    office = users["office"]
    with with_the_example_domain:
        report = _report(users, document)
        assert "Wells dug: 1,234." in report.results  # drafted from the section's figures
        page = _client(office).get(report.get_absolute_url()).content.decode()
        assert "1,234 wells in the section" in page
        blocks = outline(report, report_data_of(report, office))
        assert any(getattr(block, "headers", None) == ["Wells dug"] for block in blocks)

    report = ImplementationReport.objects.get(pk=report.pk)
    page = _client(office).get(report.get_absolute_url()).content.decode()
    assert "wells in the section" not in page
    blocks = outline(report, report_data_of(report, office))
    assert not any(getattr(block, "headers", None) == ["Wells dug"] for block in blocks)
    assert "Wells dug" not in _report(users, document).results
