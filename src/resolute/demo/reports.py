"""The demo's year-end report on the seed conclusion: drafted from the demo's figures as they stood at
the end of 2025, in the Party format, ready for the office to edit and for anyone to download."""

from datetime import date

from resolute.reports import actions as report_actions
from resolute.reports.models import ImplementationReport

REPORT_NUMBER = "125-BC/TU"


def load_implementation_report(demo) -> None:
    conclusion = demo.documents["conclusion"]
    if ImplementationReport.objects.filter(document=conclusion).exists():
        demo.log("implementation reports: already there")
        return
    report_actions.create_report(
        acting_user=demo.users["office"],
        document=conclusion,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        as_of=date(2025, 12, 31),
        language="vi",
        format="party",
        number=REPORT_NUMBER,
        signer=demo.users["leader"].full_name,
        place="Quảng Nam",
    )
    demo.log("implementation reports: 1 drafted")
