"""The shortcomings a document records are kept as its findings, read by whoever reads the document,
and cited by the implementation report on it and on the documents it covers."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document as WordDocument

from resolute.core.changelog import history_of
from resolute.directives import actions
from resolute.directives.models import DocumentFinding, DocumentKind, DocumentRelation
from resolute.reports import actions as report_actions
from resolute.reports.docx_report import render_docx
from resolute.reports.report_data import build_report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(tree):
    return actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.RESOLUTION,
        number="45-NQ/TU",
        title="Nghị quyết về nhiệm vụ năm 2025",
        issued_on=date(2024, 12, 10),
        text="I. ĐÁNH GIÁ\n1. Giải ngân vốn đầu tư công chậm.\n2. Chuyển đổi số chưa đáp ứng yêu cầu.\n",
    )


@pytest.fixture
def review(tree, resolution):
    """A mid-year conclusion that reviews the resolution, with a shortcoming of its own."""
    conclusion = actions.create_document(
        acting_user=None,
        owner=tree["party"],
        kind=DocumentKind.CONCLUSION,
        number="12-KL/TU",
        title="Kết luận sơ kết 6 tháng",
        issued_on=date(2025, 7, 10),
        relations=[(DocumentRelation.Kind.REVIEWS, resolution)],
    )
    actions.record_finding(acting_user=None, document=conclusion, text="Thu ngân sách một số huyện đạt thấp.")
    return conclusion


def record_findings(office, resolution):
    clauses = {clause.label: clause for clause in resolution.clauses.all()}
    return [
        actions.record_finding(
            acting_user=office,
            document=resolution,
            clause=clauses["I.1"],
            text="Giải ngân vốn đầu tư công chậm.",
        ),
        actions.record_finding(
            acting_user=office,
            document=resolution,
            clause=clauses["I.2"],
            text="Chuyển đổi số chưa đáp ứng yêu cầu.",
        ),
    ]


def test_the_office_records_a_finding_after_those_the_document_has_and_it_is_logged(users, resolution):
    first, second = record_findings(users["office"], resolution)
    assert (first.position, second.position) == (1, 2)
    assert first.clause.label == "I.1"
    assert history_of(first).get().actor == users["office"]
    assert history_of(resolution).filter(note__contains="Giải ngân vốn đầu tư công chậm.").exists()


def test_a_finding_needs_its_words_and_a_clause_of_its_own_document(tree, users, resolution):
    other = actions.create_document(
        acting_user=None, owner=tree["party"], kind=DocumentKind.PLAN, title="Kế hoạch", text="1. Một việc.\n"
    )
    with pytest.raises(ValidationError) as refused:
        actions.record_finding(acting_user=users["office"], document=resolution, text="  ")
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.record_finding(
            acting_user=users["office"], document=resolution, text="Chậm.", clause=other.clauses.first()
        )
    assert "clause" in refused.value.message_dict
    assert not DocumentFinding.objects.exists()


def test_only_the_office_that_keeps_the_document_records_its_findings(users, resolution):
    for name in ("finance", "leader", "district_a_manager"):
        with pytest.raises(PermissionDenied):
            actions.record_finding(acting_user=users[name], document=resolution, text="Chậm.")
    assert not DocumentFinding.objects.exists()


def test_findings_are_read_by_whoever_reads_the_document_and_by_nobody_else(client, tree, users):
    district_plan = actions.create_document(
        acting_user=None, owner=tree["district_b"], kind=DocumentKind.PLAN, title="Kế hoạch của huyện"
    )
    finding = actions.record_finding(acting_user=None, document=district_plan, text="Thu ngân sách đạt thấp.")
    assert DocumentFinding.objects.visible_to(users["district_b_reporter"]).get() == finding
    assert not DocumentFinding.objects.visible_to(users["district_a_reporter"]).exists()
    client.force_login(users["district_b_reporter"])
    page = client.get(district_plan.get_absolute_url()).content.decode()
    assert "Thu ngân sách đạt thấp." in page


def test_the_document_page_says_when_no_shortcoming_is_recorded(client, users, resolution):
    client.force_login(users["leader"])
    page = client.get(resolution.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No shortcoming of this document is recorded." in page


def _report(office, resolution, language):
    return report_actions.create_report(
        acting_user=office,
        document=resolution,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        as_of=date(2025, 12, 31),
        language=language,
        format="party",
    )


def _data(report, user):
    return build_report_data(
        user,
        report.document,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=report.as_of,
        language=report.language,
    )


def _docx_text(content: bytes) -> str:
    document = WordDocument(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The documents under review record 3 shortcomings: "),
        ("vi", "Các văn bản được đánh giá ghi nhận 3 hạn chế, yếu kém: "),
    ],
)
def test_the_report_cites_the_findings_of_the_documents_it_covers_in_its_sentence_and_its_list(
    users, resolution, review, language, sentence
):
    office = users["office"]
    record_findings(office, resolution)
    report = _report(office, resolution, language)
    data = _data(report, office)

    findings = data.figures("directives.findings")
    # The sentence's count is the number of rows of the list, and it names the list's first rows.
    assert len(findings.lines) == DocumentFinding.objects.count() == 3
    assert sentence in report.shortcomings
    for line in findings.lines:
        assert f"{line.text.rstrip('.')} ({line.document})" in report.shortcomings
    section = next(section for section in data.sections if section.section.key == "directives.findings")
    title, table = section.blocks.appendix
    assert [row[3] for row in table.rows] == [line.text for line in findings.lines]
    assert [row[1].split(" (")[0] for row in table.rows] == ["45-NQ/TU", "45-NQ/TU", "12-KL/TU"]

    text = _docx_text(render_docx(report, data))
    assert title in text
    assert "Giải ngân vốn đầu tư công chậm." in text and "Thu ngân sách một số huyện đạt thấp." in text


def test_the_report_page_lists_the_findings_it_cites(client, users, resolution, review):
    office = users["office"]
    findings = record_findings(office, resolution)
    report = _report(office, resolution, "en")
    client.force_login(office)
    page = client.get(reverse("reports:report_detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en")
    content = page.content.decode()
    assert "Shortcomings recorded in the documents" in content
    assert f'href="{findings[0].get_absolute_url()}"' in content
    assert "The documents under review record 3 shortcomings" in content


def test_a_report_on_documents_that_record_no_shortcoming_has_no_findings_section(users, resolution):
    report = _report(users["office"], resolution, "en")
    data = _data(report, users["office"])
    section = next(section for section in data.sections if section.section.key == "directives.findings")
    assert section.blocks.appendix is None and not section.blocks.shortcomings
    assert "shortcomings recorded" not in report.shortcomings.casefold()
