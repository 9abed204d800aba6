"""What the tests of the disbursement engine share: reports, changes of the plan and more projects, all
made through the actions, and a count of the queries a read takes."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolute.investment import actions
from resolute.investment.choices import ProjectGroup, Sector

from .conftest import CENTRAL, LOCAL, billions


def report(investment, project, day: date, figures: dict, **extra):
    """The desk reports `project` (a key of the fixture or a project) of the fixture's plan to `day`."""
    return actions.submit_disbursement(
        acting_user=investment["people"]["desk"],
        project=investment[project] if isinstance(project, str) else project,
        plan=extra.pop("plan", investment["plan"]),
        reported_on=day,
        figures=figures,
        **extra,
    )


def adjust(investment, day: date, changes, number="1200/QĐ-UBND", plan=None):
    """The desk adjusts the plan by (project key, source, signed VND) rows."""
    return actions.adjust_plan(
        acting_user=investment["people"]["desk"],
        plan=plan or investment["plan"],
        number=number,
        decided_on=day,
        changes=[
            (investment[project] if isinstance(project, str) else project, source, amount)
            for project, source, amount in changes
        ],
    )


def project(investment, code, *, investor=None, locality=None, funding=None, sector=Sector.TRANSPORT):
    """Another project of the province, invested by the Department of Construction unless told."""
    return actions.register_project(
        acting_user=None,
        code=code,
        name=f"Dự án {code}",
        group=ProjectGroup.C,
        jurisdiction=investment["province"],
        investor=investor or investment["construction"],
        locality=locality or investment["commune_a1"],
        sector=sector,
        start_year=2023,
        end_year=2026,
        funding=funding or {CENTRAL: billions(50), LOCAL: billions(10)},
    )


def more_projects(investment, count: int, *, first: int = 100) -> list:
    """`count` more projects, each with 10 billion of central capital from 1 February 2024 and two
    reports (one with an obstacle), spread over both districts' communes and both investors."""
    projects = []
    for number in range(first, first + count):
        locality = investment["commune_a1"] if number % 2 else investment["commune_b1"]
        investor = investment["construction"] if number % 3 else investment["district_a"]
        projects.append(project(investment, f"X-{number}", investor=investor, locality=locality))
    adjust(investment, date(2024, 2, 1), [(p, CENTRAL, billions(10)) for p in projects], number="150/QĐ-UBND")
    for number, extra in enumerate(projects):
        report(investment, extra, date(2024, 3, 31), {CENTRAL: billions(1)})
        report(
            investment,
            extra,
            date(2024, 6, 30),
            {CENTRAL: billions(2) + Decimal(number)},
            obstacles=[
                {
                    "category": "site_clearance",
                    "description": "",
                    "responsible_unit": extra.locality,
                }
            ],
        )
    return projects


def queries_of(read) -> int:
    """How many queries `read()` takes."""
    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured.captured_queries)
