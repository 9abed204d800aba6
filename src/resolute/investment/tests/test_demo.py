"""The demo's public investment: the seed's figures come out of the demo's rows through the rate engine,
the projects pass to Đà Nẵng's units on 1 July 2025, and loading again changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from resolute.accounts.models import User
from resolute.core.models import ChangeLogEntry
from resolute.investment.choices import ExtensionStatus
from resolute.investment.models import (
    CapitalPlan,
    DisbursementReport,
    InvestmentProject,
    PlanDecision,
    PlanExtension,
    ProjectHandover,
)
from resolute.investment.selectors import lapse_summary, province_total
from resolute.orgunits.models import OrgUnit
from resolute.reporting.models import ReportingRegime

DEMO_TODAY = date(2026, 11, 25)
FIRST_DAY_OF_DA_NANG = date(2025, 7, 1)
DA_NANG = "48"


def plan_of(year: int) -> CapitalPlan:
    return CapitalPlan.objects.get(year=year)


@pytest.mark.parametrize("reader", ["leader", "finance_manager"])
def test_the_province_disbursed_58_3_percent_of_its_2024_plan_by_31_december_and_86_3_by_31_january(
    demo, reader
):
    # The city's desk inherited the province's books: it reads the whole 2024 plan, completed projects too.
    reader = User.objects.get(username=reader)
    plan = plan_of(2024)

    assert province_total(reader, plan=plan, as_of=date(2024, 12, 31)).rate == Decimal("58.3")
    assert province_total(reader, plan=plan, as_of=date(2025, 1, 31)).rate == Decimal("86.3")
    assert InvestmentProject.objects.filter(plan_entries__decision__plan=plan).distinct().count() >= 280
    assert not InvestmentProject.objects.filter(is_sample=False).exists()


@pytest.mark.parametrize("reader", ["leader", "finance_manager"])
def test_94_projects_had_their_2024_capital_extended_by_the_provincial_council_and_the_rest_lapsed(
    demo, reader
):
    plan = plan_of(2024)

    lapse = lapse_summary(User.objects.get(username=reader), plan=plan, as_of=date(2025, 2, 1))

    assert lapse.projects_extended == 94
    assert lapse.lapsed > 0 and lapse.extended > 0
    assert lapse.balance == lapse.extended + lapse.late_capital + lapse.lapsed
    extensions = PlanExtension.objects.filter(plan=plan, status=ExtensionStatus.APPROVED)
    assert extensions.count() == 94
    assert {(e.decided_by, e.decided_on.year, e.decided_on.month) for e in extensions} == {
        ("Hội đồng nhân dân tỉnh Quảng Nam", 2025, 1)
    }


def test_the_2025_reports_after_1_july_are_sent_by_da_nang_s_units_which_took_the_projects_over(demo):
    city = OrgUnit.objects.get(code=DA_NANG)
    plan = plan_of(2025)
    later = DisbursementReport.objects.filter(plan=plan, reported_on__gte=FIRST_DAY_OF_DA_NANG)
    earlier = DisbursementReport.objects.filter(plan=plan, reported_on__lt=FIRST_DAY_OF_DA_NANG)

    assert plan.issuer == city
    assert later.count() > 300 and earlier.count() > 300
    for report in later.select_related("investor"):
        assert report.investor.path.startswith(city.path) and report.investor.effective_to is None, report
    handed_over = ProjectHandover.objects.filter(effective_on=FIRST_DAY_OF_DA_NANG, role="investor")
    assert handed_over.count() > 50
    moved = handed_over.first()
    assert earlier.filter(project=moved.project, investor=moved.from_unit).exists()
    assert later.filter(project=moved.project, investor=moved.to_unit).exists()
    assert plan_of(2026).issuer == city
    regime = ReportingRegime.objects.get(kind="disbursement")
    assert regime.issuer == city and regime.period_type == "monthly"
    assert {unit.name for unit in regime.units.all()} >= {
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông"
    }


def test_loading_the_demo_again_changes_nothing_in_public_investment(demo):
    def counts():
        return (
            InvestmentProject.objects.count(),
            CapitalPlan.objects.count(),
            PlanDecision.objects.count(),
            DisbursementReport.objects.count(),
            PlanExtension.objects.count(),
            ChangeLogEntry.objects.count(),
        )

    before = counts()
    with time_machine.travel(DEMO_TODAY, tick=False):
        call_command("load_demo", verbosity=0)

    assert counts() == before
