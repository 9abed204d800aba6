"""The country's tasks and their histories, as `demo.synthetic` makes a province's: each task has an
outcome (done on time or late, overdue by 1–30, 31–120 or more days, in progress, extended, extension
refused, standing and reporting, standing and silent, cancelled, returned then done), and its history
is written to lead there — progress reports, obstacles, extension requests approved, rejected or
pending, completion proposals accepted, returned or pending, coordinating units.

The columns the task actions keep on the task are written as those actions would leave them, computed
here rather than by `tasks.actions.status_columns.refresh_status_columns` (a correlated UPDATE over a
million tasks): `deadline` is the proposed deadline of the approved extension decided last (the later
recorded on a tie), else the original one; `completed_on` the day proposed in the accepted completion;
`last_reported_on` the latest day a report speaks of; `deadline_changed_on` and `completion_decided_on` the
days that extension and that completion were decided. Every decision is taken on or before the day the
history leads up to, so the status on that day read from the history (`Task.objects.as_of`) is the one
these columns give.

Reports are fewer than the demo's monthly ones: each task keeps its last few report days (three on
average), so a million tasks carry about three million reports.
"""

import functools
import random
from datetime import date, timedelta
from typing import NamedTuple

from resolute.directives.models import Document, DocumentKind, DocumentStatus
from resolute.directives.search import document_search_text
from resolute.tasks.models import (
    CompletionProposal,
    Decision,
    ExtensionRequest,
    Obstacle,
    ProgressReport,
    ReportingFrequency,
    Task,
    TaskArea,
    TaskCoordination,
    TaskPriority,
)

from ..synthetic import AREAS, NARRATIVES, OBSTACLE_CATEGORIES, OUTCOMES
from .common import Weighted, between, one_of
from .places import DEPARTMENTS
from .tables import Table

TASKS_PER_DOCUMENT = 65  # as many as the demo's conclusion has
MONTHLY, QUARTERLY = ReportingFrequency.MONTHLY, ReportingFrequency.QUARTERLY
# How many of its report days a task keeps (its last ones), with their weights: three on average.
REPORTS_KEPT = Weighted([(0, 6), (1, 16), (2, 24), (3, 24), (4, 16), (5, 9), (6, 5)])
# Who leads a province's tasks: communes and departments mostly.
LEADS = Weighted([("commune", 55), ("department", 32), ("party", 8), ("other", 5)])
OUTCOME = Weighted(OUTCOMES)
AREA = Weighted(AREAS)
OBSTACLE_CATEGORY = Weighted(OBSTACLE_CATEGORIES)
PRIORITY = Weighted([(TaskPriority.NORMAL, 87), (TaskPriority.HIGH, 10), (TaskPriority.URGENT, 3)])
# A department's task comes from its ministry this often (per cent); the others from the office.
FROM_MINISTRY = 15
SPLIT_PERCENT = 8  # a department splits a task between communes this often

TITLES = {
    TaskArea.SOCIO_ECONOMICS: [
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
        "Tháo gỡ vướng mắc giải phóng mặt bằng các dự án trọng điểm",
        "Triển khai chương trình xóa nhà tạm, nhà dột nát",
        "Phát triển sản phẩm OCOP và du lịch cộng đồng",
        "Nâng cao hiệu quả thu ngân sách trên địa bàn",
        "Thực hiện chương trình mục tiêu quốc gia giảm nghèo bền vững",
    ],
    TaskArea.PARTY_BUILDING: [
        "Kiện toàn tổ chức bộ máy sau sắp xếp",
        "Tổ chức đại hội đảng bộ các cấp",
        "Rà soát, bổ sung quy hoạch cán bộ",
        "Triển khai học tập, quán triệt nghị quyết",
    ],
    TaskArea.ADMINISTRATION: [
        "Chuyển đổi số trong giải quyết thủ tục hành chính",
        "Vận hành chính quyền địa phương hai cấp",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    ],
    TaskArea.DEFENCE_SECURITY: [
        "Bảo đảm an ninh trật tự trên địa bàn",
        "Tổ chức diễn tập khu vực phòng thủ",
        "Phòng, chống buôn lậu, gian lận thương mại",
    ],
    TaskArea.OTHER: [
        "Thực hiện các nhiệm vụ khác được giao",
        "Tổng kết, đánh giá kết quả thực hiện",
    ],
}


def task_tables(stamp) -> dict[str, Table]:
    common = {"is_sample": True, "created_at": stamp, "updated_at": stamp}
    return {
        "documents": Table(
            Document,
            (
                "id",
                "kind",
                "number",
                "issued_on",
                "issuer",
                "issuer_name",
                "owner",
                "title",
                "status",
                "search_text",
            ),
            {**common, "version": 1},
        ),
        "tasks": Table(
            Task,
            (
                "id",
                "title",
                "title_en",
                "area",
                "source_document",
                "parent",
                "lead_unit",
                "assigned_by_unit",
                "assigned_on",
                "priority",
                "original_deadline",
                "deadline",
                "reporting_frequency",
                "deadline_after_parent_reason",
                "completed_on",
                "cancelled_on",
                "cancel_reason",
                "last_reported_on",
                "deadline_changed_on",
                "completion_decided_on",
            ),
            {**common, "version": 1},
        ),  # fmt: skip
        # With the copies of the task's columns the task actions keep on each coordination.
        "coordinations": Table(
            TaskCoordination,
            (
                "id",
                "task",
                "unit",
                "lead_unit",
                "assigned_on",
                "original_deadline",
                "deadline",
                "completed_on",
                "cancelled_on",
                "last_reported_on",
            ),
        ),  # fmt: skip
        "reports": Table(
            ProgressReport,
            ("id", "task", "unit", "reported_on", "narrative", "percent_complete"),
            common,
        ),
        "obstacles": Table(Obstacle, ("id", "report", "category", "description")),
        "extensions": Table(
            ExtensionRequest,
            ("id", "task", "requested_on", "current_deadline", "proposed_deadline", "decision", "decided_on"),
            {**common, "reason": "Khối lượng công việc lớn, phụ thuộc tiến độ của các đơn vị phối hợp."},
        ),
        "completions": Table(
            CompletionProposal,
            ("id", "task", "proposed_on", "result", "decision", "decided_on", "decision_comment"),
            common,
        ),
    }


def report_days(first: date, last: date, step: int) -> tuple[date, ...]:
    """The 14th of each month (the monthly cut-off), every `step` months after `first`'s month, up to
    `last` (as `synthetic.fourteenths`)."""
    last_month = last.year * 12 + last.month - 1 - (0 if last.day >= 14 else 1)
    return _fourteenths(first.year * 12 + first.month - 1, last_month, step)


@functools.lru_cache(maxsize=10_000)
def _fourteenths(first_month: int, last_month: int, step: int) -> tuple[date, ...]:
    """The 14th of the months first_month + step, + 2·step… up to last_month (months counted from
    year 0)."""
    return tuple(
        date(month // 12, month % 12 + 1, 14) for month in range(first_month + step, last_month + 1, step)
    )


class Decided(NamedTuple):
    """What the decisions on a task leave on it."""

    completed_on: date | None
    deadline_changed_on: date | None
    completion_decided_on: date | None


class Plan:
    """A task and the story of its year, before it is written."""

    id = parent = parent_reason = finish = extension = cancelled_on = full_title = None
    coordinating = ()

    def __init__(self, **values):
        self.__dict__.update(values)


class TaskWriter:
    """Plans tasks and writes each with its whole history (see the module's docstring). One writer per
    province (and one for the national level), each with its own random generator, so a province's
    tasks do not depend on what was generated before it."""

    def __init__(self, generator, rng: random.Random, label: str):
        self.generator = generator
        self.today = generator.options.today
        self.ids = generator.ids
        self.sink = generator.sink
        self.tables = generator.tables["tasks"]
        self.next_id = {name: generator.ids.counter(table) for name, table in self.tables.items()}
        self.rng = rng
        self.label = label
        self.written = 0

    # -- documents --------------------------------------------------------------------------------------

    def write_document(
        self, *, kind, number, title, issuer, owner, issued_on, status=None, issuer_name=""
    ) -> int:
        table = self.tables["documents"]
        document_id = self.ids.take(table)
        self.sink.write(
            table,
            [
                (
                    document_id,
                    kind,
                    number,
                    issued_on,
                    issuer.id if issuer else None,
                    issuer_name,
                    owner.id,
                    title,
                    status or DocumentStatus.IN_IMPLEMENTATION,
                    document_search_text(number=number, title=title),
                )
            ],
        )
        return document_id

    # -- planning ---------------------------------------------------------------------------------------

    def plan(self, outcome: str, lead, assigner, document: int, assigned_on: date | None = None) -> Plan:
        """A task of `outcome`, its dates drawn as `synthetic.ProvinceGenerator.plan_task` draws them; a
        given `assigned_on` (a recommendation, assigned the day its conclusion was issued) is kept, and
        the deadline then follows from it."""
        rng, today = self.rng, self.today
        deadline = finish = extension = None
        frequency = ""
        if outcome in ("standing", "silent"):
            assigned_on = assigned_on or today - timedelta(days=between(rng, 300, 650))
            frequency = MONTHLY if outcome == "standing" or rng.random() < 0.5 else QUARTERLY
        else:
            if outcome in ("on_time", "returned_then_done"):
                deadline = today + timedelta(days=between(rng, -300, 60))
                finish = deadline - timedelta(days=between(rng, 0, 25))
            elif outcome == "late":
                deadline = today - timedelta(days=between(rng, 45, 330))
                finish = deadline + timedelta(days=between(rng, 5, 40))
            elif outcome == "overdue_recent":
                deadline = today - timedelta(days=between(rng, 1, 30))
            elif outcome == "overdue_middle":
                deadline = today - timedelta(days=between(rng, 31, 120))
            elif outcome == "overdue_long":
                deadline = today - timedelta(days=between(rng, 121, 330))
            elif outcome == "in_progress":
                deadline = today + timedelta(days=between(rng, 0, 240))
            elif outcome == "extended_open":
                deadline = today - timedelta(days=between(rng, 20, 150))
                new_deadline = today + timedelta(days=between(rng, -60, 150))
                extension = (deadline - timedelta(days=between(rng, 5, 15)), new_deadline, True)
            elif outcome == "extension_rejected":
                deadline = today - timedelta(days=between(rng, 20, 200))
                extension = (
                    deadline - timedelta(days=between(rng, 5, 15)),
                    deadline + timedelta(days=90),
                    False,
                )
            else:  # cancelled
                deadline = today + timedelta(days=between(rng, -100, 100))
            if assigned_on is None:
                assigned_on = min(
                    today - timedelta(days=between(rng, 90, 650)), deadline - timedelta(days=30)
                )
            elif deadline < assigned_on + timedelta(days=14):
                # A conclusion's deadline comes after it: the story keeps its outcome where it can.
                deadline = assigned_on + timedelta(days=14 + between(rng, 0, 60))
                if finish is not None:
                    finish = deadline - timedelta(days=between(rng, 0, 10))
            if finish is not None:
                finish = min(max(finish, assigned_on + timedelta(days=7)), today - timedelta(days=1))
                if finish <= assigned_on:  # a task assigned days ago cannot be done yet
                    finish = None
            if extension is not None:
                asked_on = max(extension[0], assigned_on + timedelta(days=1))
                # A new deadline is after the one it replaces (`request_extension` refuses any other).
                new_deadline = max(extension[1], asked_on + timedelta(days=8), deadline + timedelta(days=1))
                extension = (asked_on, new_deadline, extension[2])
                if asked_on >= today:
                    extension = None
        cancelled_on = None
        if outcome == "cancelled":
            cancelled_on = min(today, assigned_on + timedelta(days=between(rng, 5, 60)))
        if outcome == "silent":
            last_report = today - timedelta(days=between(rng, 100, 200))
        elif cancelled_on is not None:
            last_report = cancelled_on
        elif finish is not None:
            last_report = finish
        else:
            last_report = today - timedelta(days=between(rng, 0, 40))
        area = AREA.pick(rng)
        return Plan(
            outcome=outcome,
            lead=lead,
            assigner=assigner,
            document=document,
            assigned_on=assigned_on,
            original_deadline=deadline,
            deadline=extension[1] if extension is not None and extension[2] else deadline,
            frequency=frequency,
            finish=finish,
            extension=extension,
            cancelled_on=cancelled_on,
            last_report=last_report,
            coordinating=(),
            area=area,
            priority=PRIORITY.pick(rng),
            title=one_of(rng, TITLES[area]),
        )

    def subtask(self, parent: Plan, lead, rng) -> Plan | None:
        """A part of a department's task handed to a commune, as the demo's Hội An splits its tasks: it
        ends with its parent's story, and a deadline after its parent's is explained."""
        outcome = "in_progress" if parent.deadline >= self.today else one_of(rng, ["on_time", "late"])
        sub = self.plan(outcome, lead, parent.lead, parent.document)
        if sub.assigned_on < parent.assigned_on:
            return None  # its story starts before its parent's: no split for this task
        sub.parent = parent.id
        if sub.original_deadline > parent.deadline:
            sub.parent_reason = "Phụ thuộc tiến độ của các dự án trên địa bàn."
        return sub

    # -- writing ----------------------------------------------------------------------------------------

    def write(self, plan: Plan) -> int:
        """Write the task and its history; returns its id."""
        rng, today, tables, sink = self.rng, self.today, self.tables, self.sink
        task_id = plan.id or self.next_id["tasks"]()
        plan.id = task_id
        self.written += 1
        number = self.written
        kept = 0
        step = 3 if plan.frequency == QUARTERLY else 1
        days = report_days(plan.assigned_on, min(plan.last_report, today), step)
        if days:
            kept = min(len(days), REPORTS_KEPT.pick(rng))
            if plan.outcome == "standing":
                kept = max(kept, 1)
        open_ended = plan.finish is None and plan.outcome != "cancelled"
        reports, obstacles = [], []
        blocked_at = rng.randrange(kept) if kept and open_ended and rng.random() < 0.3 else None
        coordinating = plan.coordinating
        first = len(days) - kept
        for position in range(kept):
            number_in_year = first + position + 1
            day = days[first + position]
            percent = (
                None
                if plan.original_deadline is None
                else min(95, round(100 * number_in_year / (len(days) + 1)))
            )
            report_id = self.next_id["reports"]()
            reports.append(
                (report_id, task_id, plan.lead.id, day, NARRATIVES[min(3, (percent or 0) // 30)], percent)
            )
            if position == blocked_at:
                for _ in range(one_of(rng, (1, 1, 1, 2))):
                    obstacles.append(
                        (
                            self.next_id["obstacles"](),
                            report_id,
                            OBSTACLE_CATEGORY.pick(rng),
                            "Vướng mắc mô phỏng: chờ các cơ quan liên quan tháo gỡ.",
                        )
                    )
            if coordinating and number_in_year % 3 == 0:
                unit_id = coordinating[number_in_year % len(coordinating)]
                reports.append(
                    (self.next_id["reports"](), task_id, unit_id, day, NARRATIVES[number_in_year % 4], None)
                )
        last_reported_on = days[-1] if kept else None
        decided = self.write_decisions(plan, task_id)
        sink.write(
            tables["tasks"],
            [
                (
                    task_id,
                    plan.full_title or f"{plan.title} ({self.label}, nhiệm vụ mô phỏng số {number})",
                    "" if plan.full_title else f"Simulated task {number} of {self.label}",
                    plan.area,
                    plan.document,
                    plan.parent,
                    plan.lead.id,
                    plan.assigner.id,
                    plan.assigned_on,
                    plan.priority,
                    plan.original_deadline,
                    plan.deadline,
                    plan.frequency,
                    plan.parent_reason or "",
                    decided.completed_on,
                    plan.cancelled_on,
                    "Nội dung đã được giao thành nhiệm vụ khác." if plan.cancelled_on else "",
                    last_reported_on,
                    decided.deadline_changed_on,
                    decided.completion_decided_on,
                )
            ],
        )
        if coordinating:
            table = tables["coordinations"]
            next_coordination = self.next_id["coordinations"]
            copies = (
                plan.lead.id,
                plan.assigned_on,
                plan.original_deadline,
                plan.deadline,
                decided.completed_on,
                plan.cancelled_on,
                last_reported_on,
            )
            sink.write(table, [(next_coordination(), task_id, unit_id, *copies) for unit_id in coordinating])
        if reports:
            sink.write(tables["reports"], reports)
        if obstacles:
            sink.write(tables["obstacles"], obstacles)
        return task_id

    def write_decisions(self, plan: Plan, task_id: int) -> Decided:
        """The extension requests and completion proposals of the task; returns the columns
        `decide_request` would leave on the task: the day it is completed on (the accepted proposal's)
        and the days the deadline and the completion were decided."""
        rng, today, tables, sink = self.rng, self.today, self.tables, self.sink
        extensions, completions = [], []
        deadline_changed_on = completion_decided_on = None
        if plan.extension is not None:
            asked_on, new_deadline, approved = plan.extension
            if approved:
                deadline_changed_on = min(today, asked_on + timedelta(days=7))
            extensions.append(
                (
                    self.next_id["extensions"](),
                    task_id,
                    asked_on,
                    plan.original_deadline,
                    new_deadline,
                    Decision.APPROVED if approved else Decision.REJECTED,
                    min(today, asked_on + timedelta(days=7)),
                )
            )
        completed_on = None
        if plan.finish is not None:
            finish = plan.finish
            if plan.outcome == "returned_then_done" and finish - plan.assigned_on > timedelta(days=30):
                completions.append(
                    (
                        self.next_id["completions"](),
                        task_id,
                        finish - timedelta(days=25),
                        "Đã cơ bản hoàn thành.",
                        Decision.REJECTED,
                        finish - timedelta(days=20),
                        "Chưa có báo cáo kết quả kèm số liệu; đề nghị bổ sung.",
                    )
                )
            completion_decided_on = min(today, finish + timedelta(days=between(rng, 0, 6)))
            completions.append(
                (
                    self.next_id["completions"](),
                    task_id,
                    finish,
                    "Đã hoàn thành nhiệm vụ; báo cáo kết quả gửi kèm.",
                    Decision.APPROVED,
                    completion_decided_on,
                    "",
                )
            )
            completed_on = finish
        elif plan.outcome == "in_progress" and plan.deadline is not None:
            # A few open tasks wait for the assigning unit: a new deadline asked, or the work said done.
            draw = rng.random()
            asked_on = max(plan.assigned_on, today - timedelta(days=between(rng, 0, 10)))
            if draw < 0.03:
                extensions.append(
                    (
                        self.next_id["extensions"](),
                        task_id,
                        asked_on,
                        plan.deadline,
                        plan.deadline + timedelta(days=between(rng, 30, 90)),
                        Decision.PENDING,
                        None,
                    )
                )
            elif draw < 0.06:
                completions.append(
                    (
                        self.next_id["completions"](),
                        task_id,
                        asked_on,
                        "Đã hoàn thành nhiệm vụ; đề nghị xem xét, công nhận.",
                        Decision.PENDING,
                        None,
                        "",
                    )
                )
        if extensions:
            sink.write(tables["extensions"], extensions)
        if completions:
            sink.write(tables["completions"], completions)
        return Decided(completed_on, deadline_changed_on, completion_decided_on)


class ProvinceTasks:
    """A province's share of the tasks: led by its communes, departments and Party bodies, assigned by
    the People's Committee's office, the Party Committee's office or a department's ministry, from the
    province's conclusions and plans (one per 65 tasks)."""

    def __init__(self, generator, province, writer: TaskWriter):
        self.generator = generator
        self.province = province
        self.writer = writer
        self.rng = writer.rng
        self.today = generator.options.today
        self.ministries = generator.country.ministries
        departments = list(province.departments.items())
        self.departments = [unit for _key, unit in departments]
        ministry_of = {key: ministry for key, _name, _en, _kind, ministry in DEPARTMENTS}
        self.ministry_of = {unit.id: self.ministries.get(ministry_of[key]) for key, unit in departments}
        self.department_ids = {unit.id for unit in self.departments}
        self.party_leads = [unit for key, unit in province.party_bodies.items() if key != "party_office"]
        self.other_leads = [province.council, province.front, province.youth_union, province.reception]
        self.documents: list[int] = []

    def document_for(self, index: int) -> int:
        """The conclusion or plan the task of this index comes from: the Party Committee's conclusions
        and the People's Committee's plans in turn, each the source of 65 tasks."""
        number = index // TASKS_PER_DOCUMENT
        while len(self.documents) <= number:
            count = len(self.documents) + 1
            province = self.province
            issued_on = self.today - timedelta(days=700 + between(self.rng, 0, 60))
            if count % 2:
                self.documents.append(
                    self.writer.write_document(
                        kind=DocumentKind.CONCLUSION,
                        number=f"{count}-KL/TU",
                        title=f"Kết luận mô phỏng số {count} của {province.party.name} về nhiệm vụ trọng tâm",
                        issuer=province.party,
                        owner=province.party_office,
                        issued_on=issued_on,
                    )
                )
            else:
                self.documents.append(
                    self.writer.write_document(
                        kind=DocumentKind.PLAN,
                        number=f"{count}/KH-UBND",
                        title=f"Kế hoạch mô phỏng số {count} của UBND {province.shape.full_name}",
                        issuer=province.committee,
                        owner=province.committee_office,
                        issued_on=issued_on,
                    )
                )
        return self.documents[number]

    def write(self, count: int) -> None:
        """Write `count` tasks (sub-tasks included). The first twelve take each outcome once, in the order
        of `synthetic.OUTCOMES`, so every province shows every status and every overdue age."""
        rng, writer, province = self.rng, self.writer, self.province
        index = 0
        while index < count:
            outcome = OUTCOMES[index][0] if index < len(OUTCOMES) else OUTCOME.pick(rng)
            lead, assigner = self.lead_and_assigner()
            plan = writer.plan(outcome, lead, assigner, self.document_for(index))
            plan.id = writer.next_id["tasks"]()
            plan.coordinating = self.coordinating(lead)
            writer.write(plan)
            index += 1
            if (
                plan.original_deadline is not None
                and lead.id in self.department_ids
                and index < count
                and rng.randrange(100) < SPLIT_PERCENT
            ):
                for _ in range(between(rng, 1, 2)):
                    if index >= count:
                        break
                    sub = writer.subtask(plan, one_of(rng, province.communes), rng)
                    if sub is not None:
                        sub.id = writer.next_id["tasks"]()
                        writer.write(sub)
                        index += 1

    def lead_and_assigner(self):
        rng, province = self.rng, self.province
        kind = LEADS.pick(rng)
        if kind == "commune" and province.communes:
            return one_of(rng, province.communes), province.committee_office
        if kind == "party":
            return one_of(rng, self.party_leads), province.party_office
        if kind == "other":
            return one_of(rng, self.other_leads), province.party_office
        department = one_of(rng, self.departments)
        ministry = self.ministry_of.get(department.id)
        if ministry is not None and rng.randrange(100) < FROM_MINISTRY:
            return department, ministry
        return department, province.committee_office

    def coordinating(self, lead) -> tuple[int, ...]:
        rng = self.rng
        units = rng.sample(self.departments, between(rng, 0, 3))
        if self.province.communes and rng.random() < 0.2:
            units.append(one_of(rng, self.province.communes))
        return tuple(sorted({unit.id for unit in units} - {lead.id}))


class NationalTasks:
    """The Government's tasks: led by the ministries, assigned by the Government Office from the
    Government's resolutions."""

    def __init__(self, generator, writer: TaskWriter):
        self.generator = generator
        self.writer = writer
        self.country = generator.country
        self.documents: list[int] = []

    def write(self, count: int) -> None:
        rng, writer, country = self.writer.rng, self.writer, self.country
        ministries = list(country.ministries.values())
        today = self.generator.options.today
        for index in range(count):
            number = index // TASKS_PER_DOCUMENT
            while len(self.documents) <= number:
                self.documents.append(
                    writer.write_document(
                        kind=DocumentKind.RESOLUTION,
                        number=f"{len(self.documents) + 1}/NQ-CP",
                        title=f"Nghị quyết mô phỏng số {len(self.documents) + 1} của Chính phủ",
                        issuer=country.government,
                        owner=country.government_office,
                        issued_on=today - timedelta(days=700 + between(rng, 0, 60)),
                    )
                )
            outcome = OUTCOMES[index][0] if index < len(OUTCOMES) else OUTCOME.pick(rng)
            lead = one_of(rng, ministries)
            plan = writer.plan(outcome, lead, country.government_office, self.documents[number])
            others = [
                ministry.id for ministry in rng.sample(ministries, between(rng, 0, 2)) if ministry is not lead
            ]
            plan.coordinating = tuple(sorted(others))
            writer.write(plan)
