"""The generated files: their text carries the same figures as the dashboard on the same day, the PDF
has a text layer with Vietnamese letters, and LibreOffice reads the DOCX when it is installed."""

import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
import time_machine
from docx import Document as WordDocument
from pypdf import PdfReader

from resolute.accounts.models import User
from resolute.core.documents import format_number
from resolute.directives.models import Document
from resolute.reports import actions
from resolute.reports.docx_report import render_docx
from resolute.reports.pdf_report import render_pdf
from resolute.reports.report_data import build_report_data
from resolute.targets import selectors as target_selectors
from resolute.tasks import selectors as task_selectors
from resolute.tasks.models import Task

pytestmark = pytest.mark.django_db

DEMO_DAY = date(2026, 11, 25)
AS_OF = date(2025, 12, 31)


@pytest.fixture
def demo(demo):
    """The demo (see the shared fixture), with each test run on the demo's day."""
    with time_machine.travel(DEMO_DAY, tick=False):
        yield


def _conclusion():
    return Document.objects.get(title__startswith="Kết luận của Bí thư")


def _report(language, report_format="party"):
    return actions.create_report(
        acting_user=User.objects.get(username="office"),
        document=_conclusion(),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        as_of=AS_OF,
        language=language,
        format=report_format,
        number="125-BC/TU",
        signer="Nguyễn Văn Minh",
        place="Quảng Nam",
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


def _dashboard_figures(user, document):
    tasks = task_selectors.scoped_tasks(user, document=document)
    return (
        task_selectors.task_figures(tasks, AS_OF),
        target_selectors.target_figures(target_selectors.scoped_targets(user, document=document), AS_OF),
    )


def test_the_vietnamese_docx_carries_the_dashboard_figures_for_the_same_day(demo):
    leader = User.objects.get(username="leader")
    report = _report("vi")
    task_counts, target_counts = _dashboard_figures(leader, report.document)
    text = _docx_text(render_docx(report, _data(report, leader)))

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 125-BC/TU" in text
    assert "Quảng Nam, ngày 25 tháng 11 năm 2026" in text  # made today; figures as of 2025
    assert "Số liệu tính đến ngày 31 tháng 12 năm 2025." in text
    assert "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO" in text and "III. HẠN CHẾ, YẾU KÉM" in text
    # The drafted sentence on tasks states the dashboard's counts.
    assert (
        f"Trong tổng số {task_counts.total} nhiệm vụ, đã hoàn thành {task_counts.completed} nhiệm vụ"
        in report.results
    )
    assert f"{task_counts.overdue} nhiệm vụ quá hạn" in report.results
    assert report.results.split("\n\n")[0] in text
    # Every target's result, written the Vietnamese way, and its reference.
    assert target_counts.rows
    for row in target_counts.rows:
        assert f"T-{row.target.pk}" in text
        if row.evaluation.actual is not None:
            assert format_number(row.evaluation.actual, row.target.indicator.decimals, "vi") in text


def test_the_narrative_numbers_equal_the_dashboard_numbers_on_the_same_day(demo):
    office = User.objects.get(username="office")
    report = _report("en")
    task_counts, target_counts = _dashboard_figures(office, report.document)
    data = _data(report, office)
    tasks, targets = data.figures("tasks"), data.figures("targets")

    assert tasks.task_figures.by_status == task_counts.by_status
    assert targets.by_status == target_counts.by_status
    assert [row.actual for row in targets.rows] == [row.evaluation.actual for row in target_counts.rows]
    assert (
        f"Of {task_counts.total} tasks, {task_counts.completed} were completed "
        f"({task_counts.by_status['completed_on_time']} on time) and {task_counts.overdue} are overdue"
    ) in report.results
    overdue_units = task_selectors.overdue_by_lead_unit(
        task_selectors.scoped_tasks(office, document=report.document), AS_OF
    )
    assert [row.count for row in tasks.overdue_by_unit] == [row.count for row in overdue_units]


def test_the_english_docx_uses_english_words_and_number_format(demo):
    office = User.objects.get(username="office")
    report = _report("en", report_format="state")
    text = _docx_text(render_docx(report, _data(report, office)))

    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Independence - Freedom - Happiness" in text
    assert "Figures as of 31 December 2025." in text
    assert "II. RESULTS" in text
    assert "GRDP growth reached" in text
    assert "BÁO CÁO" not in text


def test_a_vietnamese_report_shows_vietnamese_task_titles_and_an_english_one_english_titles(demo):
    office = User.objects.get(username="office")
    vietnamese = _report("vi")
    text_vi = _docx_text(render_docx(vietnamese, _data(vietnamese, office)))
    english = _report("en", report_format="state")
    text_en = _docx_text(render_docx(english, _data(english, office)))
    listed = [task for task in Task.objects.filter(source_document=_conclusion()) if task.title in text_vi]

    assert listed, "the Vietnamese report lists the tasks by their Vietnamese titles"
    for task in Task.objects.filter(source_document=_conclusion()).exclude(title_en=""):
        assert task.title_en not in text_vi
    assert any(task.title_en in text_en for task in listed)
    assert not any(task.title in text_en for task in listed)
    # Indicators and their units too: the houses target reads in each report's own words.
    assert "căn nhà" in text_vi and "houses" not in text_vi
    assert "houses" in text_en and "căn nhà" not in text_en


def test_the_pdf_has_a_text_layer_with_vietnamese_letters_and_the_figures(demo):
    leader = User.objects.get(username="leader")
    report = _report("vi")
    task_counts, target_counts = _dashboard_figures(leader, report.document)
    reader = PdfReader(io.BytesIO(render_pdf(report, _data(report, leader))))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert "Tăng trưởng" in text or "tăng trưởng" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số liệu tính đến ngày 31 tháng 12 năm 2025." in text
    assert f"Trong tổng số {task_counts.total} nhiệm vụ" in text
    measured = [row for row in target_counts.rows if row.evaluation.actual is not None]
    assert measured
    for row in measured:
        assert format_number(row.evaluation.actual, row.target.indicator.decimals, "vi") in text


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
def test_libreoffice_opens_the_docx_and_reads_its_figures(demo):
    leader = User.objects.get(username="leader")
    report = _report("vi")
    task_counts, _targets = _dashboard_figures(leader, report.document)
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "report.docx"
        source.write_bytes(render_docx(report, _data(report, leader)))
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8"]
            + ["--outdir", directory, str(source)],
            check=True,
            timeout=120,
            capture_output=True,
            env={"HOME": directory, "PATH": "/usr/bin:/bin"},
        )
        text = (Path(directory) / "report.txt").read_text(encoding="utf-8-sig")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert f"Trong tổng số {task_counts.total} nhiệm vụ" in text
