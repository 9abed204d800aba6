"""A synthetic province `scale` times the size of the demo, for measuring pages at scale.

`generate_province(scale=10, seed=1)` adds, beside whatever the database holds, a province named
“Tỉnh Mô phỏng ×10 (seed 1)” with about ten times the demo's units (party bodies, 6×N departments
besides the demo's other agencies, 18×N districts, one to three communes each), tasks (65×N from N
conclusions, plus sub-tasks) with simulated histories like the demo's (monthly progress reports,
obstacles, extensions approved and rejected, completions accepted and returned, cancellations,
standing tasks that fell silent), and 12×N indicators, 15×N targets and their approved values,
mirroring the demo's targets with figures drawn around the demo's. The same seed and the same `today`
give the same province.

What goes through the actions and what does not:
- The province itself, the documents, the indicators and the targets are written by the same actions
  people use (`create_unit`, `create_document`, `create_indicator`, `create_target`): they are few,
  and the actions' checks keep them valid.
- The units below the province, the tasks and their whole history (coordinations, progress reports,
  obstacles, extension requests, completion proposals) and the data values are bulk-inserted: going
  through the actions would take tens of thousands of transactions and change-log entries, minutes
  where a bulk load takes seconds. This data exists to be measured, so it has no change log. It is
  written as the actions would leave it: unit paths and depths computed as `orgunits.actions` does,
  `Task.deadline` moved by approved extensions and `Task.completed_on` set by accepted completions,
  values approved. Every record with a sample-data flag has it set.

Running it twice with the same scale and seed refuses (`AlreadyGenerated`) and adds nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from resolute.core import clock
from resolute.core.periods import Period, PeriodType
from resolute.directives import actions as document_actions
from resolute.directives.models import DocumentKind, DocumentRelation, DocumentStatus
from resolute.orgunits import actions as unit_actions
from resolute.orgunits.models import OrgUnit, OrgUnitKind
from resolute.orgunits.querysets import path_segment
from resolute.orgunits.search import search_text_for
from resolute.targets.actions import indicators as indicator_actions
from resolute.targets.actions import targets as target_actions
from resolute.targets.models import Comparator, DataValue, Indicator, ValueState, Vintage
from resolute.tasks.actions.status_columns import refresh_status_columns
from resolute.tasks.models import (
    CompletionProposal,
    Decision,
    ExtensionRequest,
    Obstacle,
    ObstacleCategory,
    ProgressReport,
    ReportingFrequency,
    Task,
    TaskArea,
    TaskCoordination,
)

from . import data
from . import targets as demo_targets

K = OrgUnitKind
BATCH = 2000
TASKS_PER_CONCLUSION = 65  # as many as the demo's conclusion has
SAMPLE_COMMENT = "Số liệu mô phỏng để đo hiệu năng."

PARTY_BODIES = [
    ("Ban Thường vụ", "Standing Committee", K.PARTY_COMMITTEE),
    ("Ủy ban Kiểm tra", "Inspection Committee", K.AGENCY),
    ("Văn phòng Tỉnh ủy", "Party Committee Office", K.AGENCY),
    ("Ban Tổ chức", "Organisation Board", K.AGENCY),
    ("Ban Tuyên giáo", "Propaganda and Education Board", K.AGENCY),
    ("Ban Dân vận", "Mass Mobilisation Board", K.AGENCY),
    ("Ban Nội chính", "Internal Affairs Board", K.AGENCY),
]
# The demo's departments and agencies under the people's committee, reused as the pattern for names.
DEPARTMENTS = [
    (name, name_en, kind)
    for _key, parent, name, name_en, kind, _code in data.UNITS
    if parent == "committee" and kind in (K.DEPARTMENT, K.AGENCY) and _key != "committee_office"
]

# What happens to a task, with its weight. The first tasks take each outcome once, in this order, so even
# the smallest province shows every status and every overdue age.
OUTCOMES = [
    ("on_time", 30),
    ("late", 12),
    ("overdue_recent", 5),
    ("overdue_middle", 6),
    ("overdue_long", 8),
    ("in_progress", 18),
    ("extended_open", 6),
    ("extension_rejected", 2),
    ("standing", 8),
    ("silent", 3),
    ("cancelled", 1),
    ("returned_then_done", 2),
]
AREAS = [
    (TaskArea.SOCIO_ECONOMICS, 50),
    (TaskArea.PARTY_BUILDING, 20),
    (TaskArea.ADMINISTRATION, 12),
    (TaskArea.DEFENCE_SECURITY, 10),
    (TaskArea.OTHER, 8),
]
OBSTACLE_CATEGORIES = [
    (ObstacleCategory.SITE_CLEARANCE, 30),
    (ObstacleCategory.CAPITAL, 22),
    (ObstacleCategory.PROCEDURES, 18),
    (ObstacleCategory.LAND_PRICE, 12),
    (ObstacleCategory.COORDINATION, 10),
    (ObstacleCategory.MATERIALS, 5),
    (ObstacleCategory.OTHER, 3),
]
NARRATIVES = [
    "Đã xây dựng kế hoạch triển khai và phân công cụ thể cho các phòng, đơn vị.",
    "Đang tổ chức thực hiện theo kế hoạch; đã làm việc với các đơn vị liên quan.",
    "Đã hoàn thành phần lớn khối lượng công việc, đang tổng hợp kết quả.",
    "Tiếp tục theo dõi, đôn đốc thực hiện; kết quả cụ thể đã báo cáo kèm theo.",
]


class AlreadyGenerated(Exception):
    """A synthetic province with this scale and seed is already in the database."""


def province_name(scale: int, seed: int) -> str:
    return f"Tỉnh Mô phỏng ×{scale} (seed {seed})"


@dataclass
class GeneratedProvince:
    """What was written, for the log and the tests."""

    province: OrgUnit
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


def generate_province(
    *, scale: int = 10, seed: int = 1, today: date | None = None, log=lambda message: None
) -> GeneratedProvince:
    """Create the synthetic province `scale` times the demo (see the module's docstring).

    Raises AlreadyGenerated, writing nothing, when the province of this scale and seed exists."""
    if scale < 1:
        raise ValueError("The scale is a whole number of demos, 1 or more.")
    return ProvinceGenerator(scale=scale, seed=seed, today=today or clock.today(), log=log).run()


def weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def fourteenths(start: date, end: date, step_months: int = 1) -> list[date]:
    """The 14th of each month (the monthly reporting cut-off) after `start`, up to `end`."""
    days = []
    year, month = start.year, start.month
    while True:
        month += step_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        day = date(year, month, 14)
        if day > end:
            return days
        days.append(day)


class ProvinceGenerator:
    """Writes one synthetic province: its units, documents, tasks with their history, then its
    indicators, targets and values, all in one transaction, every random choice from one seeded
    generator so that the same scale, seed and day give the same province."""

    def __init__(self, *, scale: int, seed: int, today: date, log):
        self.scale = scale
        self.seed = seed
        self.today = today
        self.log = log
        self.rng = random.Random(f"{scale}:{seed}")
        self.counts: dict[str, int] = {}

    @transaction.atomic
    def run(self) -> GeneratedProvince:
        name = province_name(self.scale, self.seed)
        existing = OrgUnit.objects.filter(parent=None, name=name).first()
        if existing is not None:
            raise AlreadyGenerated(
                f"{name} already exists (unit #{existing.pk}); nothing was added. "
                "Use another --seed or --scale for a second province."
            )
        self.build_units(name)
        self.build_documents()
        self.build_tasks()
        self.build_targets()
        generated = GeneratedProvince(province=self.province, counts=dict(self.counts))
        self.log(f"{name}: {generated.summary()}")
        return generated

    # -- units --------------------------------------------------------------------------------

    def build_units(self, name: str) -> None:
        n = self.scale
        self.province = unit_actions.create_unit(
            acting_user=None,
            parent=None,
            name=name,
            name_en=f"Synthetic Province ×{n} (seed {self.seed})",
            kind=K.PROVINCE,
            is_sample=True,
        )
        top = self.insert_level(
            self.province,
            [
                ("Tỉnh ủy", "Provincial Party Committee", K.PARTY_COMMITTEE),
                ("Hội đồng nhân dân tỉnh", "Provincial People's Council", K.PEOPLES_COUNCIL),
                ("Ủy ban nhân dân tỉnh", "Provincial People's Committee", K.PEOPLES_COMMITTEE),
                ("Ủy ban MTTQ Việt Nam tỉnh", "Provincial Fatherland Front Committee", K.FRONT),
                ("Tỉnh đoàn", "Provincial Youth Union", K.FRONT),
            ],
        )
        self.party, _council, self.committee, self.front, _youth = top
        self.party_bodies = self.insert_level(self.party, PARTY_BODIES)
        self.party_office = self.party_bodies[2]
        departments = [
            (f"{vi} ({number})" if number else vi, f"{en} ({number})" if number else en, kind)
            for number in range(n)
            for vi, en, kind in DEPARTMENTS[:6]
        ]
        # Six departments per scale step (the demo's first six, numbered), then the demo's other ones once.
        departments += DEPARTMENTS[6:]
        office, *self.departments = self.insert_level(
            self.committee,
            [("Văn phòng UBND tỉnh", "Office of the Provincial People's Committee", K.AGENCY), *departments],
        )
        self.committee_office = office
        self.districts = self.insert_level(
            self.province,
            [(f"Huyện Mô phỏng {i}", f"Synthetic District {i}", K.DISTRICT) for i in range(1, 18 * n + 1)],
        )
        commune_rows, parents = [], []
        for district in self.districts:
            for number in range(1, self.rng.randint(1, 3) + 1):
                commune_rows.append(
                    (f"Xã {number} {district.name}", f"Commune {number} of {district.name_en}", K.COMMUNE)
                )
                parents.append(district)
        self.communes = self.insert_children(parents, commune_rows)
        self.communes_of: dict[int, list[OrgUnit]] = {}
        for commune in self.communes:
            self.communes_of.setdefault(commune.parent_id, []).append(commune)
        self.counts["units"] = OrgUnit.objects.subtree_of(self.province).count()

    def insert_level(self, parent: OrgUnit, rows) -> list[OrgUnit]:
        return self.insert_children([parent] * len(rows), rows)

    def insert_children(self, parents: list[OrgUnit], rows) -> list[OrgUnit]:
        """Bulk-insert units, then give each the path and depth `create_unit` would: the parent's path
        and the unit's own zero-padded id, which is known only after the insert."""
        units = []
        for parent, (name, name_en, kind) in zip(parents, rows, strict=True):
            unit = OrgUnit(parent=parent, name=name, name_en=name_en, kind=kind, is_sample=True)
            unit.search_text = search_text_for(name=name, name_en=name_en, short_name="", code="")
            units.append(unit)
        OrgUnit.objects.bulk_create(units, batch_size=BATCH)
        for unit, parent in zip(units, parents, strict=True):
            unit.path = parent.path + path_segment(unit.pk)
            unit.depth = parent.depth + 1
        OrgUnit.objects.bulk_update(units, ["path", "depth"], batch_size=BATCH)
        unit_actions.place_new_units(units)
        return units

    # -- documents ----------------------------------------------------------------------------

    def build_documents(self) -> None:
        """One conclusion, one resolution and one plan implementing it per scale step, as the demo has."""
        self.conclusions, self.resolutions, self.plans = [], [], []
        year = self.today.year - 1
        for number in range(1, self.scale + 1):
            common = dict(acting_user=None, owner=self.party_office, is_sample=True)
            self.conclusions.append(
                document_actions.create_document(
                    **common,
                    kind=DocumentKind.CONCLUSION,
                    title=f"Kết luận mô phỏng số {number} của Tỉnh ủy về nhiệm vụ năm {year}",
                    number=f"{number}-KL/TU",
                    issued_on=date(year - 1, 12, 7),
                    issuer=self.party,
                    status=DocumentStatus.IN_IMPLEMENTATION,
                )
            )
            resolution = document_actions.create_document(
                **common,
                kind=DocumentKind.RESOLUTION,
                title=f"Nghị quyết mô phỏng số {number} về phương hướng, nhiệm vụ năm {year}",
                number=f"{100 + number}-NQ/TU",
                issued_on=date(year - 1, 12, 7),
                issuer=self.party,
                status=DocumentStatus.IN_IMPLEMENTATION,
            )
            plan = document_actions.create_document(
                **common,
                kind=DocumentKind.PLAN,
                title=f"Kế hoạch mô phỏng số {number} thực hiện Nghị quyết số {100 + number}-NQ/TU",
                number=f"{200 + number}-KH/TU",
                issued_on=date(year, 1, 10),
                issuer=self.party,
                status=DocumentStatus.IN_IMPLEMENTATION,
            )
            document_actions.add_relation(
                acting_user=None, source=plan, target=resolution, kind=DocumentRelation.Kind.IMPLEMENTS
            )
            self.resolutions.append(resolution)
            self.plans.append(plan)
        self.counts["documents"] = 3 * self.scale

    # -- tasks --------------------------------------------------------------------------------

    def build_tasks(self) -> None:
        rng = self.rng
        leads = self.departments * 3 + self.party_bodies + self.districts + self.communes
        coordinators = self.departments + self.districts
        plans: list[dict] = []
        for index in range(TASKS_PER_CONCLUSION * self.scale):
            outcome = OUTCOMES[index][0] if index < len(OUTCOMES) else weighted(rng, OUTCOMES)
            lead = rng.choice(leads)
            plan = self.plan_task(index, outcome, lead, rng)
            plan["coordinating"] = {unit.pk for unit in rng.sample(coordinators, rng.randint(0, 3))} - {
                lead.pk
            }
            plans.append(plan)
        tasks = [plan["task"] for plan in plans]
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        # A district splits some of its tasks between its communes, as Hoi An does in the demo.
        subplans = []
        for plan in plans:
            task = plan["task"]
            communes = self.communes_of.get(task.lead_unit_id)
            if communes and task.original_deadline and rng.random() < 0.4:
                outcome = "in_progress" if task.deadline >= self.today else rng.choice(["on_time", "late"])
                subplan = self.plan_task(len(plans) + len(subplans), outcome, rng.choice(communes), rng)
                sub = subplan["task"]
                sub.parent = task
                sub.assigned_by_unit = task.lead_unit
                sub.source_document = task.source_document
                if sub.assigned_on < task.assigned_on:
                    continue  # its story starts before its parent's: no split for this task
                if sub.original_deadline > task.deadline:
                    sub.deadline_after_parent_reason = "Phụ thuộc tiến độ của các dự án trên địa bàn."
                subplan["coordinating"] = set()
                subplans.append(subplan)
        Task.objects.bulk_create([plan["task"] for plan in subplans], batch_size=BATCH)
        plans += subplans
        self.write_histories(plans)

    def plan_task(self, index: int, outcome: str, lead: OrgUnit, rng: random.Random) -> dict:
        """A task and the story of its year: its dates, the day it stops reporting, and what happens."""
        today = self.today
        deadline = None
        finish = None  # the day its completion is proposed (and accepted)
        frequency = ""
        extension = None  # (requested on, proposed deadline, approved)
        if outcome in ("standing", "silent"):
            assigned_on = today - timedelta(days=rng.randint(300, 650))
            # A standing task that keeps reporting does so monthly; a silent one may have been quarterly.
            frequency = ReportingFrequency.MONTHLY
            if outcome == "silent" and rng.random() < 0.5:
                frequency = ReportingFrequency.QUARTERLY
        else:
            if outcome in ("on_time", "returned_then_done"):
                deadline = today + timedelta(days=rng.randint(-300, 60))
                finish = deadline - timedelta(days=rng.randint(0, 25))
            elif outcome == "late":
                deadline = today - timedelta(days=rng.randint(45, 330))
                finish = deadline + timedelta(days=rng.randint(5, 40))
            elif outcome == "overdue_recent":
                deadline = today - timedelta(days=rng.randint(1, 30))
            elif outcome == "overdue_middle":
                deadline = today - timedelta(days=rng.randint(31, 120))
            elif outcome == "overdue_long":
                deadline = today - timedelta(days=rng.randint(121, 330))
            elif outcome == "in_progress":
                deadline = today + timedelta(days=rng.randint(0, 240))
            elif outcome == "extended_open":
                deadline = today - timedelta(days=rng.randint(20, 150))
                new_deadline = today + timedelta(days=rng.randint(-60, 150))
                extension = (deadline - timedelta(days=rng.randint(5, 15)), new_deadline, True)
            elif outcome == "extension_rejected":
                deadline = today - timedelta(days=rng.randint(20, 200))
                extension = (
                    deadline - timedelta(days=rng.randint(5, 15)),
                    deadline + timedelta(days=90),
                    False,
                )
            elif outcome == "cancelled":
                deadline = today + timedelta(days=rng.randint(-100, 100))
            assigned_on = min(today - timedelta(days=rng.randint(90, 650)), deadline - timedelta(days=30))
            if finish is not None:
                finish = min(max(finish, assigned_on + timedelta(days=7)), today - timedelta(days=1))
                if finish <= assigned_on:  # a task assigned days ago cannot be done yet
                    finish = None
            if extension is not None:
                asked_on = max(extension[0], assigned_on + timedelta(days=1))
                extension = (asked_on, max(extension[1], asked_on + timedelta(days=8)), extension[2])
        document = self.conclusions[min(index // TASKS_PER_CONCLUSION, self.scale - 1)]
        task = Task(
            title=f"Nhiệm vụ mô phỏng {index + 1}: {NARRATIVES[index % 4][:60].rstrip(' ,;.')}",
            title_en=f"Simulated task {index + 1}",
            area=weighted(rng, AREAS),
            source_document=document,
            lead_unit=lead,
            assigned_by_unit=self.party_office if index % 2 else self.committee_office,
            assigned_on=assigned_on,
            original_deadline=deadline,
            deadline=deadline,
            reporting_frequency=frequency,
            is_sample=True,
        )
        if extension is not None and extension[2]:
            task.deadline = extension[1]
        if finish is not None:
            task.completed_on = finish
        if outcome == "cancelled":
            task.cancelled_on = min(today, assigned_on + timedelta(days=rng.randint(5, 60)))
            task.cancel_reason = "Nội dung đã được giao thành nhiệm vụ khác."
        # The day it last reports: the completion, a while ago for a silent one, recently otherwise.
        if outcome == "silent":
            last_report = today - timedelta(days=rng.randint(100, 200))
        elif outcome == "cancelled":
            last_report = task.cancelled_on
        elif finish is not None:
            last_report = finish
        else:
            last_report = today - timedelta(days=rng.randint(0, 40))
        return {
            "task": task,
            "outcome": outcome,
            "finish": finish,
            "extension": extension,
            "last_report": last_report,
        }

    def write_histories(self, plans: list[dict]) -> None:
        rng = self.rng
        coordinations, extensions, completions, reports, blocked = [], [], [], [], []
        for plan in plans:
            task = plan["task"]
            for unit_id in sorted(plan["coordinating"]):
                coordinations.append(TaskCoordination(task=task, unit_id=unit_id))
            if plan["extension"] is not None:
                asked_on, new_deadline, approved = plan["extension"]
                extensions.append(
                    ExtensionRequest(
                        task=task,
                        requested_on=asked_on,
                        current_deadline=task.original_deadline,
                        proposed_deadline=new_deadline,
                        reason="Khối lượng công việc lớn, phụ thuộc tiến độ của các đơn vị phối hợp.",
                        decision=Decision.APPROVED if approved else Decision.REJECTED,
                        decided_on=min(self.today, asked_on + timedelta(days=7)),
                        is_sample=True,
                    )
                )
            finish = plan["finish"]
            if finish is not None:
                if plan["outcome"] == "returned_then_done" and finish - task.assigned_on > timedelta(days=30):
                    completions.append(
                        CompletionProposal(
                            task=task,
                            proposed_on=finish - timedelta(days=25),
                            result="Đã cơ bản hoàn thành.",
                            decision=Decision.REJECTED,
                            decided_on=finish - timedelta(days=20),
                            decision_comment="Chưa có báo cáo kết quả kèm số liệu; đề nghị bổ sung.",
                            is_sample=True,
                        )
                    )
                completions.append(
                    CompletionProposal(
                        task=task,
                        proposed_on=finish,
                        result="Đã hoàn thành nhiệm vụ; báo cáo kết quả gửi kèm.",
                        decision=Decision.APPROVED,
                        decided_on=min(self.today, finish + timedelta(days=rng.randint(0, 6))),
                        is_sample=True,
                    )
                )
            step = 3 if task.reporting_frequency == ReportingFrequency.QUARTERLY else 1
            days = fourteenths(task.assigned_on, min(plan["last_report"], self.today), step)
            open_ended = finish is None and plan["outcome"] != "cancelled"
            may_be_blocked = open_ended and rng.random() < 0.3
            blocked_at = rng.randrange(len(days)) if may_be_blocked and days else None
            coordinating = sorted(plan["coordinating"])
            for number, day in enumerate(days, start=1):
                percent = (
                    None if task.original_deadline is None else min(95, round(100 * number / (len(days) + 1)))
                )
                report = ProgressReport(
                    task=task,
                    unit=task.lead_unit,
                    reported_on=day,
                    narrative=NARRATIVES[min(3, (percent or 0) // 30)],
                    percent_complete=percent,
                    is_sample=True,
                )
                reports.append(report)
                if number - 1 == blocked_at:
                    blocked.append(report)
                if coordinating and number % 3 == 0:
                    reports.append(
                        ProgressReport(
                            task=task,
                            unit_id=coordinating[number % len(coordinating)],
                            reported_on=day,
                            narrative=rng.choice(NARRATIVES),
                            is_sample=True,
                        )
                    )
        TaskCoordination.objects.bulk_create(coordinations, batch_size=BATCH)
        ExtensionRequest.objects.bulk_create(extensions, batch_size=BATCH)
        CompletionProposal.objects.bulk_create(completions, batch_size=BATCH)
        ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
        obstacles = []
        for report in blocked:
            for _ in range(rng.choice([1, 1, 1, 2])):
                obstacles.append(
                    Obstacle(
                        report=report,
                        category=weighted(rng, OBSTACLE_CATEGORIES),
                        description="Vướng mắc mô phỏng: chờ các cơ quan liên quan tháo gỡ.",
                    )
                )
        Obstacle.objects.bulk_create(obstacles, batch_size=BATCH)
        refresh_status_columns(Task.objects.filter(pk__in=[plan["task"].pk for plan in plans]))
        self.counts.update(
            tasks=len(plans),
            coordinations=len(coordinations),
            reports=len(reports),
            obstacles=len(obstacles),
            extensions=len(extensions),
            completions=len(completions),
        )

    # -- indicators, targets and values ---------------------------------------------------------

    def build_targets(self) -> None:
        """Per scale step, a copy of the demo's indicators and targets: last year's (closed, judged on
        their final value), this year's (judged against their trajectory) and one not measurable yet,
        with the demo's figures, some scaled so that statuses differ between copies."""
        self.values: list[DataValue] = []
        targets = indicators = 0
        for copy in range(1, self.scale + 1):
            created = self.indicator_copy(copy)
            indicators += len(created)
            targets += self.target_copy(copy, created)
        DataValue.objects.bulk_create(self.values, batch_size=BATCH)
        self.counts.update(indicators=indicators, targets=targets, values=len(self.values))

    def indicator_copy(self, copy: int) -> dict[str, Indicator]:
        created = {}
        for code, fields in demo_targets.INDICATORS.items():
            name, name_en, measure, decimals, direction, across, over_time, periodicity, low, high, jump = (
                fields
            )
            created[code] = indicator_actions.create_indicator(
                acting_user=None,
                code=f"SYN{self.scale}S{self.seed}C{copy}_{code}",
                name=f"{name} (mô phỏng {copy})",
                name_en=f"{name_en} (synthetic {copy})",
                unit_of_measure=measure,
                unit_of_measure_en=demo_targets.UNITS_OF_MEASURE_EN.get(measure, ""),
                decimals=decimals,
                direction=direction,
                across_units=across,
                over_time=over_time,
                periodicity=periodicity,
                minimum=None if low is None else Decimal(low),
                maximum=None if high is None else Decimal(high),
                jump_warning_percent=Decimal(jump),
                source=demo_targets.STATISTICS,
                is_sample=True,
            )
        return created

    def target_copy(self, copy: int, indicators: dict[str, Indicator]) -> int:
        last_year, this_year = self.today.year - 1, self.today.year
        conclusion, resolution = self.conclusions[copy - 1], self.resolutions[copy - 1]
        districts = self.districts[18 * (copy - 1) : 18 * copy]
        shares = list(zip(districts, demo_targets.HOUSE_SHARES.values(), strict=True))
        rows = [
            # (indicator code, document, year, comparator, value, upper value, baseline, extra)
            ("GRDP_GROWTH", conclusion, last_year, Comparator.RANGE, "9.5", "10", "7.1", {}),
            ("POVERTY_RATE", conclusion, last_year, Comparator.BELOW, "4", None, "4.56", {}),
            # The demo judges this one against the national series; here against its last value.
            ("NEAR_POOR_RATE", conclusion, last_year, Comparator.BELOW, "3.71", None, None, {}),
            (
                "HOUSES_REPLACED",
                conclusion,
                last_year,
                Comparator.AT_LEAST,
                str(demo_targets.HOUSES_TOTAL),
                None,
                str(demo_targets.HOUSES_DONE_2024),
                {"breakdown": [(unit, Decimal(share)) for unit, (share, _pace) in shares]},
            ),
        ]
        rows += [
            (code, resolution, last_year, comparator, value, None, baseline, {})
            for code, _quote, comparator, value, baseline in demo_targets.RESOLUTION_TARGETS
        ]
        rows += [
            (code, resolution, this_year, Comparator.AT_LEAST, value, None, None, {})
            for code, _quote, value in demo_targets.TARGETS_2026
        ]
        for code, document, year, comparator, value, value_max, baseline, extra in rows:
            target_actions.create_target(
                acting_user=None,
                document=document,
                source_text=f"Chỉ tiêu mô phỏng: {indicators[code].name}.",
                area=demo_targets.AREA_OF_INDICATOR.get(code, "Về kinh tế - xã hội"),
                indicator=indicators[code],
                unit=self.province,
                year=year,
                deadline=date(year, 12, 31),
                comparator=comparator,
                value=Decimal(value),
                value_max=None if value_max is None else Decimal(value_max),
                baseline_value=None if baseline is None else Decimal(baseline),
                baseline_year=None if baseline is None else year - 1,
                is_sample=True,
                **extra,
            )
        self.copy_values(indicators, shares, last_year, this_year)
        return len(rows)

    def copy_values(self, indicators, shares, last_year: int, this_year: int) -> None:
        """The demo's figures, moved to last year and this year. Half the series keep the demo's
        figures; the others are scaled by a factor near 1, so the copies' statuses differ."""
        province = self.province
        factors: dict[str, Decimal] = {}

        def factor_of(code: str) -> Decimal:
            if code not in factors:
                scaled = self.rng.random() < 0.5
                factors[code] = Decimal(str(round(self.rng.uniform(0.92, 1.08), 3))) if scaled else Decimal(1)
            return factors[code]

        def add(code, unit, period: str, value, vintage=Vintage.ESTIMATE):
            indicator = indicators[code]
            amount = (Decimal(str(value)) * factor_of(code)).quantize(Decimal(1).scaleb(-indicator.decimals))
            self.values.append(
                DataValue(
                    indicator=indicator,
                    unit=unit,
                    period=period,
                    vintage=vintage,
                    value=amount,
                    comment=SAMPLE_COMMENT,
                    state=ValueState.APPROVED,
                    decided_at=timezone.now(),
                    is_sample=True,
                )
            )

        for unit, (share, pace) in shares:
            for month, done in enumerate(demo_targets.houses_done_by_month(share, pace), start=1):
                add("HOUSES_REPLACED", unit, f"{last_year}{month:02d}", done)
        for month in range(12):
            add("BUDGET_REVENUE", province, f"{last_year}{month + 1:02d}", demo_targets.REVENUE_2025[month])
            add("JOBS", province, f"{last_year}{month + 1:02d}", demo_targets.JOBS_2025[month])
        for month in Period.all_in_year(this_year, PeriodType.MONTHLY):
            if month.last_day < self.today:
                add("BUDGET_REVENUE", province, month.code, demo_targets.REVENUE_2026[month.index - 1])
                add("JOBS", province, month.code, demo_targets.JOBS_2026[month.index - 1])
        for quarter, growth in enumerate(demo_targets.GRDP_2025.values(), start=1):
            add("GRDP_GROWTH", province, f"{last_year}Q{quarter}", growth, Vintage.PRELIMINARY)
        for code, value in demo_targets.YEARLY_2025.items():
            add(code, province, str(last_year), value, Vintage.OFFICIAL)
