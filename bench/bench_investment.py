"""Public investment at scale: a province's rate by capital source as of a day, its total, and the projects
list page, for 5,000 projects with twelve monthly reports each, against the raw SQL they need.

The province (20 districts of 10 communes, 10 departments and boards) and its desk are made through the
actions, and so is the 2024 plan (one decision with 7,500 entries, its milestones and an adjustment).
The projects and their 60,000 reports are bulk-inserted: through `submit_disbursement` they would take
minutes, and what is measured is reading them. They are written as the actions would leave them —
cumulative figures that never fall, never above the plan of their day, the investor of the day kept on
each report, one report in ten naming an obstacle — but with no change log.

What is timed, as the province's leader (a viewer of the province), as of 30 September 2024 (nine of each
project's twelve reports are on or before that day, so "the latest report of the day" has to choose):

- `selectors.disbursement_by(by="source")` and `selectors.province_total`: the rate engine. The baseline
  is the SQL such a figure cannot do without, written by hand: the plan summed by source over the
  decisions taken by the day, and the figures of each project's latest report by the day summed by source
  (the latest found by `NOT EXISTS` a later one, as the engine does);
- the projects list page (`/investment/projects/?plan=…&as_of=…`) through Django's test client, signed
  in: its first page, and the slow projects only (a filter that needs every project's figures). The
  baseline is the page's own SQL, captured and replayed through `connection.cursor()`: what Django,
  Python and the templates add to the database's work.

`ANALYZE` runs after the load, as autovacuum would. See docs/dev/performance.md for the figures.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resolute.accounts.models import User
from resolute.core import clock
from resolute.investment import actions
from resolute.investment.choices import CapitalSource, ObstacleCategory, ProjectGroup, Sector
from resolute.investment.models import (
    CapitalPlan,
    DisbursementFigure,
    DisbursementReport,
    InvestmentProject,
    PlanDecision,
    PlanEntry,
    ProjectFunding,
    ProjectObstacle,
)
from resolute.investment.selectors import disbursement_by, province_total
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.choices import Role
from resolute.orgunits.models import Membership, OrgUnitKind

PROJECTS = 5_000
MONTHS = 12
DISTRICTS = 20
COMMUNES_PER_DISTRICT = 10
DEPARTMENTS = 10
YEAR = 2024
AS_OF = date(2024, 9, 30)
MILLION = Decimal(1_000_000)
SOURCES = [CapitalSource.CENTRAL, CapitalSource.LOCAL, CapitalSource.LAND_USE, CapitalSource.FOREIGN]


def month_end(month: int) -> date:
    return date(YEAR + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def build_province():
    """A province with its People's Committee, the Department of Finance as its desk, departments and
    boards that invest, and districts of communes where the projects lie."""

    def unit(name, parent, kind):
        return unit_actions.create_unit(acting_user=None, parent=parent, name=name, kind=kind)

    province = unit("Tỉnh Đo hiệu năng đầu tư", None, OrgUnitKind.PROVINCE)
    committee = unit("UBND tỉnh (đo hiệu năng)", province, OrgUnitKind.PEOPLES_COMMITTEE)
    finance = unit("Sở Tài chính (đo hiệu năng)", committee, OrgUnitKind.DEPARTMENT)
    actions.set_desk(acting_user=None, unit=finance, jurisdiction=province)
    investors = [unit(f"Ban QLDA {number}", committee, OrgUnitKind.AGENCY) for number in range(DEPARTMENTS)]
    communes = []
    for number in range(DISTRICTS):
        district = unit(f"Huyện {number}", province, OrgUnitKind.DISTRICT)
        investors.append(district)
        for commune in range(COMMUNES_PER_DISTRICT):
            communes.append(unit(f"Xã {number}.{commune}", district, OrgUnitKind.COMMUNE))
    return province, investors, communes


@transaction.atomic
def build_projects(province, investors, communes, rng) -> list[tuple[InvestmentProject, dict]]:
    """The projects, each with its plan of the year by source (one or two sources)."""
    projects = [
        InvestmentProject(
            code=f"BENCH-{number:05d}",
            name=f"Dự án đo hiệu năng {number}",
            group=ProjectGroup.C if number % 5 else ProjectGroup.B,
            jurisdiction=province,
            investor=investors[number % len(investors)],
            locality=communes[rng.randrange(len(communes))],
            sector=list(Sector.values)[number % len(Sector.values)],
            start_year=YEAR - 1,
            end_year=YEAR + 1,
            is_sample=True,
        )
        for number in range(PROJECTS)
    ]
    InvestmentProject.objects.bulk_create(projects, batch_size=2000)
    projects = list(InvestmentProject.objects.filter(jurisdiction=province).order_by("pk"))
    planned, funding = [], []
    for project in projects:
        sources = rng.sample(SOURCES, rng.choice([1, 1, 2]))
        plan = {source: Decimal(rng.randint(5, 300) * 100) * MILLION for source in sources}
        planned.append((project, plan))
        funding += [ProjectFunding(project=project, source=s, amount=a * 3) for s, a in plan.items()]
    ProjectFunding.objects.bulk_create(funding, batch_size=2000)
    return planned


def build_plan(province, planned) -> CapitalPlan:
    """The year's plan through the actions: assigned in December, adjusted in July."""
    plan = actions.create_plan(
        acting_user=None,
        issuer=province,
        year=YEAR,
        title=f"Kế hoạch đầu tư công năm {YEAR} (đo hiệu năng)",
        number="1/QĐ-UBND",
        decided_on=date(YEAR - 1, 12, 10),
        entries=[(project, source, amount) for project, plan in planned for source, amount in plan.items()],
        milestones=[
            (date(YEAR, 6, 30), Decimal(40), ""),
            (date(YEAR, 9, 30), Decimal(60), ""),
            (date(YEAR, 12, 31), Decimal(80), ""),
            (date(YEAR + 1, 1, 31), Decimal(95), ""),
        ],
    )
    additions = [(project, next(iter(plan)), 10 * MILLION) for project, plan in planned[::10]]
    actions.adjust_plan(
        acting_user=None, plan=plan, number="2/QĐ-UBND", decided_on=date(YEAR, 7, 15), changes=additions
    )
    return plan


@transaction.atomic
def build_reports(plan, planned, communes, rng) -> int:
    """Twelve monthly reports per project, cumulative, below the plan of their day; an obstacle in one
    report in ten."""
    reports, shares = [], []
    for project, sources in planned:
        final_share = Decimal(rng.randint(20, 100)) / 100
        for month in range(1, MONTHS + 1):
            day = month_end(month)
            reports.append(
                DisbursementReport(
                    project=project,
                    plan=plan,
                    reported_on=day,
                    submitted_at=datetime.combine(day + timedelta(days=5), time(9), clock.local_zone()),
                    investor_id=project.investor_id,
                    is_sample=True,
                )
            )
            shares.append((project, sources, final_share * month / MONTHS))
    DisbursementReport.objects.bulk_create(reports, batch_size=2000)
    figures, obstacles = [], []
    categories = list(ObstacleCategory.values)
    for report, (project, sources, share) in zip(reports, shares, strict=True):
        for source, amount in sources.items():
            disbursed = (amount * share).to_integral_value()
            figures.append(DisbursementFigure(report=report, source=source, disbursed=disbursed))
        if rng.random() < 0.1:
            obstacles.append(
                ProjectObstacle(
                    report=report,
                    project=project,
                    category=rng.choice(categories),
                    responsible_unit=communes[rng.randrange(len(communes))],
                )
            )
    DisbursementFigure.objects.bulk_create(figures, batch_size=4000)
    ProjectObstacle.objects.bulk_create(obstacles, batch_size=4000)
    return len(reports)


def leader_of(province) -> User:
    user = User.objects.create_user("bench-investment-leader", password="x")
    Membership.objects.create(user=user, unit=province, role=Role.VIEWER)
    return user


def raw_rate_by_source(plan: CapitalPlan, day: date):
    """The two sums a rate by source needs, written by hand."""
    entries, decisions = PlanEntry._meta.db_table, PlanDecision._meta.db_table
    reports, figures = DisbursementReport._meta.db_table, DisbursementFigure._meta.db_table

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.source, SUM(e.amount) FROM {entries} e JOIN {decisions} d ON d.id = e.decision_id "
                "WHERE d.plan_id = %s AND d.decided_on <= %s GROUP BY e.source",
                [plan.pk, day],
            )
            cursor.fetchall()
            cursor.execute(
                f"SELECT f.source, SUM(f.disbursed) FROM {figures} f JOIN {reports} r ON r.id = f.report_id "
                "WHERE r.plan_id = %s AND r.reported_on <= %s AND NOT EXISTS ("
                f"SELECT 1 FROM {reports} later WHERE later.plan_id = r.plan_id "
                "AND later.project_id = r.project_id AND later.reported_on <= %s "
                "AND (later.reported_on > r.reported_on "
                "OR (later.reported_on = r.reported_on AND later.id > r.id))) GROUP BY f.source",
                [plan.pk, day, day],
            )
            cursor.fetchall()

    return run


def captured_sql(function) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        function()
    return [query["sql"] for query in context.captured_queries]


def replay(statements: list[str]):
    """Run captured statements as raw SQL, reading every row. A query the ORM read through a server-side
    cursor (PostgreSQL, `.iterator()`) was captured as its `DECLARE … CURSOR … FOR <query>`: its query is
    run as it is."""
    queries = []
    for sql in statements:
        if sql.startswith("DECLARE "):
            sql = sql[sql.index(" FOR ") + len(" FOR ") :]
        elif sql.startswith(("FETCH ", "CLOSE ")):
            continue
        queries.append(sql)

    def run():
        with connection.cursor() as cursor:
            for sql in queries:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()

    return run


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(best_of):
    rng = random.Random(2024)
    province, investors, communes = build_province()
    planned = build_projects(province, investors, communes, rng)
    plan = build_plan(province, planned)
    count = build_reports(plan, planned, communes, rng)
    analyze()
    leader = leader_of(province)

    def by_source():
        rows = disbursement_by(leader, plan=plan, as_of=AS_OF, by="source")
        assert rows and all(row.money.plan > 0 for row in rows)

    def total():
        assert province_total(leader, plan=plan, as_of=AS_OF).plan > 0

    client = Client()
    client.force_login(leader)
    url = reverse("investment:projects")

    def page(**extra):
        def get():
            response = client.get(url, {"plan": plan.pk, "as_of": AS_OF.isoformat(), **extra})
            assert response.status_code == 200, response.status_code

        return get

    first_page, slow_only = page(), page(slow="on")
    raw = raw_rate_by_source(plan, AS_OF)
    scale = f"{PROJECTS} projects, {count} reports"
    return [
        (
            f"rate by source as of a day ({scale}, {len(captured_sql(by_source))} queries)",
            best_of(by_source),
            best_of(raw),
            "hand-written SQL of its two sums",
        ),
        (
            f"province total as of a day ({len(captured_sql(total))} queries)",
            best_of(total),
            best_of(raw),
            "hand-written SQL of its two sums",
        ),
        (
            f"projects list page, first page ({len(captured_sql(first_page))} queries)",
            best_of(first_page, repeat=5),
            best_of(replay(captured_sql(first_page))),
            "its SQL replayed raw",
        ),
        (
            f"projects list page, slow projects ({len(captured_sql(slow_only))} queries)",
            best_of(slow_only, repeat=3),
            best_of(replay(captured_sql(slow_only)), repeat=3),
            "its SQL replayed raw",
        ),
    ]
