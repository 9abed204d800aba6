"""The country's public investment: per province, its desk (the Department of Finance), its projects,
last year's and this year's capital plans with their decisions, entries and milestones, the extensions
that carry last year's capital on, and the investors' disbursement reports with their figures and
obstacles, as `investment.demo` has them for the demo's province.

Everything is written as the investment actions would leave it: a project's plan on a day is the sum of
the entries of the decisions taken by then (the plan assigned in December, capital added in July); each
report's figures are cumulative, never fall from one report to the next, never exceed the plan of their
source on their day, and are dated between 1 January of the plan's year and its lapse on 31 January of
the next, or, for a project whose extension was approved, until the day the extension runs to; each
report keeps the investor of its day. The boards and the industrial zones authority report every month,
the other investors at each quarter's end and on 31 January.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from resolute.core import clock
from resolute.investment.choices import (
    CapitalSource,
    ExtensionReason,
    ExtensionStatus,
    ObstacleCategory,
    PlanChangeKind,
    ProjectGroup,
    ProjectStatus,
    Sector,
)
from resolute.investment.models import (
    CapitalPlan,
    DisbursementFigure,
    DisbursementReport,
    InvestmentDesk,
    InvestmentProject,
    PlanDecision,
    PlanEntry,
    PlanExtension,
    PlanMilestone,
    ProjectFunding,
    ProjectObstacle,
)

from .common import Weighted, between, one_of
from .tables import Table

MILLION = 1_000_000
MONTHLY_INVESTORS = ("board_transport", "board_civil", "board_agriculture", "industrial_zones")
INVESTORS = Weighted(
    [
        ("board_transport", 14),
        ("board_civil", 12),
        ("board_agriculture", 9),
        ("industrial_zones", 4),
        ("land_fund", 4),
        ("construction", 5),
        ("agriculture", 4),
        ("health", 4),
        ("education", 4),
        ("commune", 40),
    ]
)
GROUPS = Weighted([(ProjectGroup.C, 80), (ProjectGroup.B, 17), (ProjectGroup.A, 3)])
STATUSES = Weighted(
    [
        (ProjectStatus.IN_PROGRESS, 85),
        (ProjectStatus.COMPLETED, 8),
        (ProjectStatus.PREPARING, 5),
        (ProjectStatus.SUSPENDED, 2),
    ]
)
SOURCES = Weighted(
    [
        (CapitalSource.LOCAL, 40),
        (CapitalSource.CENTRAL, 30),
        (CapitalSource.LAND_USE, 20),
        (CapitalSource.FOREIGN, 6),
        (CapitalSource.LOTTERY, 4),
    ]
)
OBSTACLES = Weighted(
    [
        (ObstacleCategory.SITE_CLEARANCE, 35),
        (ObstacleCategory.LAND_PRICES, 18),
        (ObstacleCategory.PROCEDURES, 15),
        (ObstacleCategory.MATERIALS, 12),
        (ObstacleCategory.CONTRACTOR, 10),
        (ObstacleCategory.CAPITAL_ALLOCATION, 7),
        (ObstacleCategory.OTHER, 3),
    ]
)
# What a project builds, by sector: (sector, Vietnamese works, English works).
WORKS = [
    (Sector.TRANSPORT, "Đường giao thông liên thôn", "Inter-village road"),
    (Sector.TRANSPORT, "Cầu dân sinh", "Footbridge"),
    (Sector.TRANSPORT, "Nâng cấp, mở rộng tuyến đường trung tâm", "Upgrade of the main road"),
    (Sector.IRRIGATION, "Kiên cố hóa kênh mương nội đồng", "Lining of irrigation canals"),
    (Sector.IRRIGATION, "Sửa chữa, nâng cấp hồ chứa nước", "Repair of the reservoir"),
    (Sector.URBAN, "Hạ tầng kỹ thuật khu dân cư", "Infrastructure of the residential area"),
    (Sector.URBAN, "Chỉnh trang đô thị và hệ thống thoát nước", "Urban upgrading and drainage"),
    (Sector.EDUCATION, "Trường tiểu học", "Primary school"),
    (Sector.EDUCATION, "Trường trung học cơ sở", "Lower secondary school"),
    (Sector.HEALTH, "Trạm y tế", "Health station"),
    (Sector.CULTURE, "Nhà văn hóa và khu thể thao", "Cultural house and sports ground"),
    (Sector.ENVIRONMENT, "Kè chống sạt lở bờ sông", "Riverbank erosion embankment"),
    (Sector.ENVIRONMENT, "Khu xử lý chất thải rắn", "Solid waste treatment site"),
    (Sector.ADMINISTRATION, "Trụ sở làm việc", "Office building"),
    (Sector.OTHER, "Khu tái định cư", "Resettlement area"),
]
# How much of what a project disburses in the year is disbursed by the end of each month (per mille):
# slowly in spring, most in the last quarter, all of it by 31 January.
PROGRESS = [0, 30, 70, 120, 180, 250, 330, 420, 520, 630, 750, 870, 950]
MILESTONES = [
    ((6, 30), 0, Decimal(40)),
    ((9, 30), 0, Decimal(60)),
    ((12, 31), 0, Decimal(80)),
    ((1, 31), 1, Decimal(95)),
]


def investment_tables(stamp) -> dict[str, Table]:
    common = {"is_sample": True}
    stamped = {"created_at": stamp, "updated_at": stamp}
    return {
        "desks": Table(InvestmentDesk, ("id", "unit", "jurisdiction")),
        "projects": Table(
            InvestmentProject,
            (
                "id",
                "code",
                "name",
                "name_en",
                "group",
                "jurisdiction",
                "investor",
                "locality",
                "sector",
                "start_year",
                "end_year",
                "status",
                "approval",
            ),
            {**common, **stamped, "version": 1},
        ),  # fmt: skip
        "funding": Table(ProjectFunding, ("id", "project", "source", "amount")),
        "plans": Table(CapitalPlan, ("id", "year", "issuer", "title"), {**common, **stamped, "version": 1}),
        "milestones": Table(PlanMilestone, ("id", "plan", "day", "rate", "label")),
        "decisions": Table(
            PlanDecision, ("id", "plan", "kind", "number", "decided_on", "note"), {"created_at": stamp}
        ),
        "entries": Table(PlanEntry, ("id", "decision", "project", "source", "amount")),
        "extensions": Table(
            PlanExtension,
            (
                "id",
                "plan",
                "project",
                "amount",
                "reason",
                "status",
                "approved_amount",
                "extended_until",
                "decision_number",
                "decided_on",
                "decided_by",
            ),
            {**common, "created_at": stamp},
        ),  # fmt: skip
        "reports": Table(
            DisbursementReport,
            ("id", "project", "plan", "reported_on", "work_done_percent", "submitted_at", "investor"),
            {**common, **stamped},
        ),
        "figures": Table(DisbursementFigure, ("id", "report", "source", "disbursed")),
        "obstacles": Table(
            ProjectObstacle, ("id", "report", "project", "category", "description", "responsible_unit")
        ),
    }


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


class ProvinceInvestment:
    """Writes one province's public investment (see the module's docstring)."""

    def __init__(self, generator, province, rng: random.Random):
        self.generator = generator
        self.province = province
        self.rng = rng
        self.seed = generator.options.seed
        self.today = generator.options.today
        self.ids = generator.ids
        self.sink = generator.sink
        self.tables = generator.tables["investment"]
        self.last_year, self.this_year = self.today.year - 1, self.today.year
        zone = clock.local_zone()
        self.latest_submission = datetime.combine(self.today, time(8, 0), zone)
        self.zone = zone

    def write(self, count: int) -> None:
        if count <= 0:
            return
        province, tables, ids = self.province, self.tables, self.ids
        finance = province.departments["finance"]
        self.sink.write(tables["desks"], [(ids.take(tables["desks"]), finance.id, province.unit.id)])
        projects = [self.project(number) for number in range(1, count + 1)]
        self.sink.write(tables["projects"], [project["row"] for project in projects])
        for year in (self.last_year, self.this_year):
            self.write_plan(
                year, [project for project in projects if project["start"] <= year <= project["end"]]
            )
        funding = tables["funding"]
        rows = [
            (ids.take(funding), project["id"], source, total * between(self.rng, 15, 30) // 10)
            for project in projects
            for source, total in sorted(project["planned"].items())
        ]
        self.sink.write(funding, rows)

    def project(self, number: int) -> dict:
        rng, province = self.rng, self.province
        key = INVESTORS.pick(rng)
        if key == "commune" and province.communes:
            investor = locality = one_of(rng, province.communes)
        else:
            investor = province.departments[key if key != "commune" else "board_civil"]
            locality = (
                one_of(rng, province.communes) if province.communes and rng.random() < 0.9 else province.unit
            )
        sector, works, works_en = one_of(rng, WORKS)
        place = locality.name if locality is not province.unit else province.shape.full_name
        start = between(rng, self.last_year - 2, self.this_year)
        end = between(rng, max(start, self.last_year), self.this_year + 2)
        sources = [SOURCES.pick(rng)]
        if rng.random() < 0.3:
            other = SOURCES.pick(rng)
            if other != sources[0]:
                sources.append(other)
        project_id = self.ids.take(self.tables["projects"])
        row = (
            project_id,
            f"M{self.seed}-{province.shape.code}-DA{number:05d}",
            f"{works} {place}",
            f"{works_en}, {place}",
            GROUPS.pick(rng),
            province.unit.id,
            investor.id,
            locality.id,
            sector,
            start,
            end,
            STATUSES.pick(rng),
            f"Quyết định số {number}/QĐ-UBND phê duyệt chủ trương đầu tư (mô phỏng)",
        )
        return {
            "id": project_id,
            "row": row,
            "start": start,
            "end": end,
            "sources": sources,
            "investor": investor,
            "locality": locality,
            "monthly": key in MONTHLY_INVESTORS,
            "planned": {},
        }

    def write_plan(self, year: int, projects: list[dict]) -> None:
        """The year's plan: assigned on 10 December before, with the province's milestones; capital
        added in July to one project in ten; then each project's reports and last year's extensions."""
        rng, ids, tables, sink, province = self.rng, self.ids, self.tables, self.sink, self.province
        plan_id = ids.take(tables["plans"])
        title = f"Kế hoạch đầu tư công năm {year} của {province.shape.full_name} (mô phỏng)"
        sink.write(tables["plans"], [(plan_id, year, province.unit.id, title)])
        milestones = tables["milestones"]
        sink.write(
            milestones,
            [
                (ids.take(milestones), plan_id, date(year + next_year, month, day), rate, "")
                for (month, day), next_year, rate in MILESTONES
            ],
        )
        decisions = tables["decisions"]
        original_id = ids.take(decisions)
        assigned_on = date(year - 1, 12, 10)
        decision_rows = [
            (original_id, plan_id, PlanChangeKind.ORIGINAL, f"{year - 2000}01/QĐ-UBND", assigned_on, "")
        ]
        adjusted_on = date(year, 7, 15)
        adjustment_id = None
        if adjusted_on <= self.today:
            adjustment_id = ids.take(decisions)
            decision_rows.append(
                (
                    adjustment_id,
                    plan_id,
                    PlanChangeKind.ADJUSTMENT,
                    f"{year - 2000}07/QĐ-UBND",
                    adjusted_on,
                    "Bổ sung vốn cho các dự án có khả năng giải ngân.",
                )
            )
        sink.write(decisions, decision_rows)
        entries_table = tables["entries"]
        entries = []
        for project in projects:
            original, added = {}, {}
            for source in project["sources"]:
                amount = between(rng, 5, 300) * 100 * MILLION
                original[source] = amount
                entries.append((ids.take(entries_table), original_id, project["id"], source, amount))
            if adjustment_id is not None and rng.random() < 0.1:
                source = project["sources"][0]
                added[source] = original[source] // 10
                entries.append((ids.take(entries_table), adjustment_id, project["id"], source, added[source]))
            project["plan"] = (original, added, adjusted_on if adjustment_id else None)
            for source in project["sources"]:
                total = original[source] + added.get(source, 0)
                project["planned"][source] = project["planned"].get(source, 0) + total
        sink.write(entries_table, entries)
        for project in projects:
            self.write_reports(year, plan_id, project)

    def plan_on(self, project: dict, day: date) -> dict[str, int]:
        original, added, added_on = project["plan"]
        if added_on is None or day < added_on:
            return original
        return {source: amount + added.get(source, 0) for source, amount in original.items()}

    def report_days(self, year: int, monthly: bool) -> list[date]:
        months = range(1, 13) if monthly else (3, 6, 9, 12)
        days = [month_end(year, month) for month in months] + [date(year + 1, 1, 31)]
        return [day for day in days if day < self.today]

    def write_reports(self, year: int, plan_id: int, project: dict) -> None:
        """The project's reports on the year's plan: cumulative, a share of the plan of their day that
        grows to what the project disbursed by 31 January; for last year's plan, an extension of what
        was left for one project in four, and the reports on the carried capital when it was approved."""
        rng = self.rng
        share = between(rng, 200, 1000)  # per mille of the plan disbursed by 31 January
        days = self.report_days(year, project["monthly"])
        reports = []
        disbursed = {}
        for day in days:
            progress = 1000 if day.year > year else PROGRESS[day.month]
            plan = self.plan_on(project, day)
            disbursed = {source: amount * share * progress // 1_000_000 for source, amount in plan.items()}
            reports.append((day, disbursed, progress * share // 10_000))
        if (
            year == self.last_year
            and days
            and days[-1] == date(year + 1, 1, 31)
            and share < 1000
            and rng.random() < 0.25
        ):
            plan = self.plan_on(project, days[-1])
            left = sum(plan.values()) - sum(disbursed.values())
            reports += self.write_extension(plan_id, project, plan, disbursed, left)
        self.write_report_rows(plan_id, project, reports)

    def write_extension(self, plan_id: int, project: dict, plan: dict, disbursed: dict, left: int) -> list:
        """Ask to carry the undisbursed capital to the end of this year, decided on 20 January: approved
        four times in five, and then reported on each quarter while the carried capital runs."""
        rng, tables, ids = self.rng, self.tables, self.ids
        decided_on = date(self.this_year, 1, 20)
        if left <= 0 or decided_on > self.today:
            return []
        approved = rng.random() < 0.8
        extended_until = date(self.this_year, 12, 31)
        table = tables["extensions"]
        self.sink.write(
            table,
            [
                (
                    ids.take(table),
                    plan_id,
                    project["id"],
                    left,
                    ExtensionReason.SITE_CLEARANCE if rng.random() < 0.6 else ExtensionReason.FINISHING,
                    ExtensionStatus.APPROVED if approved else ExtensionStatus.REFUSED,
                    left if approved else None,
                    extended_until if approved else None,
                    f"{between(rng, 1, 400)}/QĐ-UBND",
                    decided_on,
                    f"Chủ tịch UBND {self.province.shape.level_word}",
                )
            ],
        )
        if not approved:
            return []
        reports = []
        for month in (3, 6, 9, 12):
            day = month_end(self.this_year, month)
            if day >= self.today or day > extended_until:
                break
            carried = {
                source: disbursed.get(source, 0) + (amount - disbursed.get(source, 0)) * month * 75 // 1200
                for source, amount in plan.items()
            }
            reports.append((day, carried, 100))
        return reports

    def write_report_rows(self, plan_id: int, project: dict, reports: list) -> None:
        rng, ids, tables = self.rng, self.ids, self.tables
        report_rows, figure_rows, obstacle_rows = [], [], []
        figures_table, obstacles_table = tables["figures"], tables["obstacles"]
        province = self.province
        for day, disbursed, work_done in reports:
            report_id = ids.take(tables["reports"])
            submitted = datetime.combine(day + timedelta(days=between(rng, 1, 5)), time(9, 0), self.zone)
            report_rows.append(
                (
                    report_id,
                    project["id"],
                    plan_id,
                    day,
                    Decimal(min(100, work_done)),
                    min(submitted, self.latest_submission),
                    project["investor"].id,
                )
            )
            for source, amount in sorted(disbursed.items()):
                figure_rows.append((ids.take(figures_table), report_id, source, amount))
            if rng.random() < 0.12:
                responsible = (
                    project["locality"] if rng.random() < 0.6 else province.departments["agriculture"]
                )
                obstacle_rows.append(
                    (
                        ids.take(obstacles_table),
                        report_id,
                        project["id"],
                        OBSTACLES.pick(rng),
                        "Vướng mắc mô phỏng: chờ địa phương và các sở tháo gỡ.",
                        responsible.id,
                    )
                )
        if report_rows:
            self.sink.write(tables["reports"], report_rows)
            self.sink.write(figures_table, figure_rows)
        if obstacle_rows:
            self.sink.write(obstacles_table, obstacle_rows)
