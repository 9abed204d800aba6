"""The implementation report on the demo's conclusion: reading its figures, then the whole DOCX and
PDF, against the raw queries that read the rows it prints (its tasks with their units, its targets
with their indicators) as the baseline. The aim is well under 5 seconds for the whole file."""

from datetime import date

from django.core.management import call_command
from django.db import connection

from resolute.accounts.models import User
from resolute.directives.models import Document
from resolute.reports.docx_report import render_docx
from resolute.reports.models import ImplementationReport, ReportFormat
from resolute.reports.narrative import draft_sections
from resolute.reports.pdf_report import render_pdf, report_font
from resolute.reports.report_data import build_report_data
from resolute.targets.models import Indicator, Target
from resolute.tasks.models import Task

AS_OF = date(2025, 12, 31)


def run(best_of):
    # Loading the demo again adds nothing when another suite has loaded it already.
    call_command("load_demo", verbosity=0)
    document = Document.objects.filter(title__startswith="Kết luận của Bí thư").order_by("pk").first()
    office = User.objects.get(username="office")
    report = ImplementationReport(
        document=document,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        as_of=AS_OF,
        language="vi",
        format=ReportFormat.PARTY,
        number="125-BC/TU",
        signer="Nguyễn Văn Minh",
        place="Quảng Nam",
    )
    report_font()  # the font lookup is cached for the life of the process; keep it out of the timings

    def data():
        return build_report_data(
            office,
            document,
            period_start=report.period_start,
            period_end=report.period_end,
            as_of=AS_OF,
            language="vi",
        )

    for name, text in draft_sections(data()).items():
        setattr(report, name, text)

    def raw_rows():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.id, t.title, t.deadline, t.completed_on, t.lead_unit_id "
                f"FROM {Task._meta.db_table} t WHERE t.source_document_id = %s",
                [document.pk],
            )
            tasks = cursor.fetchall()
            cursor.execute(
                f"SELECT g.id, g.value, g.value_max, i.name FROM {Target._meta.db_table} g "
                f"JOIN {Indicator._meta.db_table} i ON i.id = g.indicator_id WHERE g.document_id = %s",
                [document.pk],
            )
            return tasks, cursor.fetchall()

    baseline = best_of(raw_rows)
    label = "reading the rows it prints (raw SQL)"
    return [
        ("report: figures of the demo conclusion", best_of(data), baseline, label),
        (
            "report: DOCX of the demo conclusion",
            best_of(lambda: render_docx(report, data())),
            baseline,
            label,
        ),
        ("report: PDF of the demo conclusion", best_of(lambda: render_pdf(report, data())), baseline, label),
    ]
