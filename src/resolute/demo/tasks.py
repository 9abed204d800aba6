"""The demo's tasks: every directive of part II of the seed conclusion becomes a task created from its
clause, with a plausible lead unit, coordinating units and deadline, and a deterministic simulated
history from January 2025 to today (reports, obstacles, extensions, completions, returns), so every
status and age bucket appears and the units' rates differ. Everything simulated is marked as sample data.
"""

import json
import random
from datetime import date, timedelta

from resolute.core import clock
from resolute.tasks import actions as task_actions
from resolute.tasks.models import ObstacleCategory, ReportingFrequency, Task, TaskArea, TaskPriority

from .documents import SEED_DIR

ASSIGNED_ON = date(2025, 1, 6)
M, Q, H = ReportingFrequency.MONTHLY, ReportingFrequency.QUARTERLY, ReportingFrequency.SIX_MONTHLY

# One row per seed task, in the answer key's order: (lead unit, coordinating units, deadline or frequency).
PLAN = [
    ("standing", [], M),
    ("standing", ["committee"], Q),
    ("party_office", [], Q),
    ("organisation_board", ["party_office"], date(2025, 9, 30)),
    ("organisation_board", [], date(2025, 5, 31)),
    ("inspection", ["organisation_board"], date(2025, 9, 30)),
    ("organisation_board", ["home_affairs"], date(2025, 3, 31)),
    ("organisation_board", ["home_affairs", "hoi_an", "dai_loc"], date(2025, 6, 30)),
    ("home_affairs", ["finance"], date(2025, 7, 31)),
    ("mobilisation_board", ["front", "youth_union"], M),
    ("mobilisation_board", ["front"], Q),
    ("inspection", [], date(2025, 12, 31)),
    ("internal_affairs_board", ["inspection"], Q),
    ("propaganda_board", ["culture"], date(2025, 3, 24)),
    ("planning", ["finance"], date(2025, 2, 28)),
    ("planning", ["finance"], M),
    ("industry", ["planning"], date(2025, 12, 31)),
    ("finance", ["inspectorate"], date(2025, 12, 31)),
    ("planning", ["environment", "agriculture"], date(2025, 9, 30)),
    ("planning", ["finance", "construction"], date(2026, 1, 31)),
    ("land_fund", ["environment", "construction", "dai_loc", "hoi_an"], date(2025, 6, 30)),
    ("transport", ["chu_lai", "planning"], date(2025, 12, 31)),
    ("construction", ["chu_lai", "tam_ky"], date(2025, 9, 30)),
    ("planning", ["industry"], date(2025, 12, 31)),
    ("planning", ["environment", "finance"], date(2025, 8, 31)),
    ("environment", ["planning", "inspectorate"], date(2025, 10, 31)),
    ("planning", ["chu_lai"], Q),
    ("planning", ["finance"], date(2025, 10, 31)),
    ("chu_lai", ["environment"], date(2025, 7, 31)),
    ("industry", ["construction"], date(2025, 11, 30)),
    ("land_fund", ["environment"], date(2025, 12, 31)),
    ("agriculture", ["labour"], Q),
    ("front", ["mobilisation_board"], Q),
    ("finance", ["planning"], date(2025, 4, 30)),
    ("finance", ["planning"], date(2025, 9, 30)),
    ("agriculture", ["finance"], date(2025, 12, 31)),
    ("labour", ["agriculture", "hoi_an", "dai_loc"], date(2025, 12, 31)),
    ("culture", ["hoi_an"], date(2025, 12, 31)),
    ("hoi_an", ["culture", "agriculture"], date(2025, 12, 31)),
    ("agriculture", ["nui_thanh"], date(2025, 12, 31)),
    ("agriculture", ["nui_thanh"], date(2025, 6, 30)),
    ("agriculture", ["police"], M),
    ("environment", ["industry"], date(2025, 12, 31)),
    ("education", [], H),
    ("education", ["finance", "construction"], date(2025, 9, 30)),
    ("health", ["finance"], date(2025, 12, 31)),
    ("culture", ["finance"], date(2025, 6, 30)),
    ("science", [], date(2025, 10, 31)),
    ("labour", [], Q),
    ("labour", ["hoi_an"], Q),
    ("labour", ["finance"], date(2025, 8, 31)),
    ("labour", ["construction", "front", "hoi_an", "dai_loc"], date(2025, 12, 31)),
    ("front", ["labour", "youth_union"], date(2025, 12, 31)),
    ("home_affairs", ["information"], Q),
    ("information", ["police"], M),
    ("home_affairs", [], date(2025, 12, 31)),
    ("information", ["planning", "finance"], date(2025, 6, 30)),
    ("home_affairs", ["organisation_board"], date(2025, 9, 30)),
    ("police", [], M),
    ("internal_affairs_board", ["inspection", "inspectorate"], Q),
    ("inspectorate", ["finance"], date(2025, 9, 30)),
    ("internal_affairs_board", ["police", "inspectorate"], date(2025, 12, 31)),
    ("inspectorate", ["hoi_an", "dai_loc"], M),
    ("party_office", [], Q),
    ("committee_office", ["agriculture"], M),
]

# What becomes of each task with a deadline, by its index. Tasks not named here are completed on time.
LATE = {4, 8, 16, 22, 27, 35, 44, 50}
OVERDUE_LONG = {17, 20, 21, 25, 30, 45}  # no completion; the 2025 deadline passed long ago
RETURNED_THEN_DONE = {11, 23, 36}
EXTENDED_INTO_NEXT_YEAR = {18, 42, 51, 56}  # extension approved to a day still ahead: in progress
EXTENDED_RECENTLY_OVERDUE = {24, 47}  # extension approved to a day less than 30 days ago
EXTENDED_MIDDLE_OVERDUE = {28, 38}  # extension approved to a day 31–120 days ago
EXTENSION_REJECTED = {17, 29}
CANCELLED = {
    2: "Một câu dẫn, không phải nhiệm vụ: các nội dung cụ thể đã được giao thành các nhiệm vụ riêng."
}
SILENT = {1, 26, 53, 63}  # standing tasks that stopped reporting months ago
HIGH_PRIORITY = {3, 19, 20, 36, 51}

OBSTACLES = {
    19: (ObstacleCategory.CAPITAL, "Một số dự án chưa đủ thủ tục để giải ngân vốn kế hoạch."),
    20: (
        ObstacleCategory.SITE_CLEARANCE,
        "Người dân chưa đồng thuận với phương án bồi thường tại một số dự án.",
    ),
    21: (ObstacleCategory.MATERIALS, "Thiếu đất đắp nền, giá vật liệu xây dựng tăng."),
    24: (ObstacleCategory.PROCEDURES, "Vướng quy định chuyển tiếp của Luật Đất đai năm 2024."),
    25: (ObstacleCategory.LAND_PRICE, "Chưa xác định được giá đất cụ thể để xử lý dự án."),
    30: (ObstacleCategory.SITE_CLEARANCE, "Chậm bàn giao mặt bằng sạch do vướng nguồn gốc đất."),
    45: (ObstacleCategory.CAPITAL, "Nguồn vốn mua sắm thiết bị y tế chưa được bố trí đủ."),
    51: (ObstacleCategory.COORDINATION, "Một số địa phương chậm rà soát danh sách hộ được hỗ trợ."),
}


def seed_tasks() -> list[dict]:
    return json.loads((SEED_DIR / "conclusion-2024.expected.json").read_text())["tasks"]


def area_of(index: int) -> str:
    if index <= 2 or index >= 63:
        return TaskArea.OTHER
    if index <= 13:
        return TaskArea.PARTY_BUILDING
    if 53 <= index <= 57:
        return TaskArea.ADMINISTRATION
    if index >= 58:
        return TaskArea.DEFENCE_SECURITY
    return TaskArea.SOCIO_ECONOMICS


def title_of(text: str) -> str:
    first = text.split(";")[0].split(": ")[0].strip().rstrip(".")
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"


def clause_for(conclusion, text: str):
    probe = text[:60]
    return next((clause for clause in conclusion.clauses.all() if probe in clause.text), None)


def month_ends(start: date, end: date, step_months: int = 1):
    """The 14th of each month (the monthly data cut-off) from `start` to `end`."""
    year, month = start.year, start.month
    while True:
        month += step_months
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        day = date(year, month, 14)
        if day > end:
            return
        yield day


class TaskHistoryWriter:
    """Writes one task's simulated history through the same actions people use."""

    def __init__(self, demo, today: date):
        self.demo = demo
        self.today = today

    def unit(self, key):
        return self.demo.units[key]

    def run(self) -> int:
        conclusion = self.demo.documents["conclusion"]
        if Task.objects.filter(source_document=conclusion).exists():
            return 0
        office_unit = self.unit("party_office")
        leader = self.demo.users["leader"]
        for index, (seed, (lead, coordinating, due)) in enumerate(zip(seed_tasks(), PLAN, strict=True)):
            clause = clause_for(conclusion, seed["text"])
            deadline = due if isinstance(due, date) else None
            task = task_actions.create_task(
                acting_user=None,
                title=title_of(seed["text"]),
                description=seed["text"],
                lead_unit=self.unit(lead),
                assigned_by_unit=office_unit,
                assigned_on=ASSIGNED_ON,
                area=area_of(index),
                coordinating_units=[self.unit(key) for key in coordinating],
                source_clause=clause,
                source_document=conclusion,
                supervising_leader=leader if index % 3 == 0 else None,
                priority=TaskPriority.HIGH if index in HIGH_PRIORITY else TaskPriority.NORMAL,
                deadline=deadline,
                reporting_frequency="" if deadline else due,
                is_sample=True,
            )
            self.simulate(index, task, random.Random(index))
        self.split_hoi_an_task()
        return len(PLAN)

    # -- the history --------------------------------------------------------------------------

    def report(self, task, unit, day, percent, rng, obstacle=None):
        narratives = [
            "Đã xây dựng kế hoạch triển khai và phân công cụ thể cho các phòng, đơn vị.",
            "Đang tổ chức thực hiện theo kế hoạch; đã làm việc với các đơn vị liên quan.",
            "Đã hoàn thành phần lớn khối lượng công việc, đang tổng hợp kết quả.",
            "Tiếp tục theo dõi, đôn đốc thực hiện; kết quả cụ thể đã báo cáo kèm theo.",
        ]
        task_actions.report_progress(
            acting_user=None,
            task=task,
            unit=unit,
            reported_on=day,
            narrative=narratives[min(3, (percent or 0) // 30)]
            if percent is not None
            else rng.choice(narratives),
            percent_complete=percent,
            obstacles=[obstacle] if obstacle else (),
            is_sample=True,
        )

    def simulate(self, index: int, task: Task, rng: random.Random) -> None:
        if index in CANCELLED:
            task_actions.cancel_task(
                acting_user=None, task=task, cancelled_on=date(2025, 1, 20), reason=CANCELLED[index]
            )
            return
        if task.original_deadline is None:
            self.simulate_standing(index, task, rng)
            return
        deadline = task.original_deadline
        finish = deadline - timedelta(days=rng.randint(3, 20))
        if index in LATE:
            finish = deadline + timedelta(days=rng.randint(10, 75))
        if index in EXTENSION_REJECTED:
            self.extension(task, deadline - timedelta(days=20), deadline + timedelta(days=90), approve=False)
        if index in EXTENDED_INTO_NEXT_YEAR:
            self.extension(
                task, deadline - timedelta(days=15), self.today + timedelta(days=30 + 20 * (index % 4))
            )
        elif index in EXTENDED_RECENTLY_OVERDUE:
            self.extension(task, deadline - timedelta(days=10), self.today - timedelta(days=5 + index % 20))
        elif index in EXTENDED_MIDDLE_OVERDUE:
            self.extension(task, deadline - timedelta(days=10), self.today - timedelta(days=45 + index))
        open_ended = index in OVERDUE_LONG or index in EXTENDED_INTO_NEXT_YEAR
        open_ended |= index in EXTENDED_RECENTLY_OVERDUE or index in EXTENDED_MIDDLE_OVERDUE
        last_day = self.today - timedelta(days=rng.randint(20, 70)) if open_ended else min(finish, self.today)
        report_days = list(month_ends(ASSIGNED_ON, last_day))
        for number, day in enumerate(report_days, start=1):
            percent = (
                min(95, round(100 * number / (len(report_days) + 1)))
                if not open_ended
                else min(90, 8 * number)
            )
            obstacle = OBSTACLES.get(index) if number == 2 else None
            self.report(task, task.lead_unit, day, percent, rng, obstacle)
            coordinating = list(task.coordinating_units.all())
            if coordinating and number % 3 == 0:
                self.report(task, coordinating[number % len(coordinating)], day, None, rng)
        if open_ended or finish > self.today:
            return
        if index in RETURNED_THEN_DONE:
            proposal = task_actions.propose_completion(
                acting_user=None,
                task=task,
                proposed_on=finish - timedelta(days=25),
                result="Đã cơ bản hoàn thành.",
                is_sample=True,
            )
            task_actions.decide_request(
                acting_user=None,
                request=proposal,
                approve=False,
                decided_on=finish - timedelta(days=20),
                comment="Chưa có văn bản báo cáo kết quả kèm số liệu; đề nghị bổ sung.",
            )
        proposal = task_actions.propose_completion(
            acting_user=None,
            task=task,
            proposed_on=finish,
            result="Đã hoàn thành nhiệm vụ; báo cáo kết quả gửi kèm.",
            is_sample=True,
        )
        task_actions.decide_request(
            acting_user=None,
            request=proposal,
            approve=True,
            decided_on=min(self.today, finish + timedelta(days=5)),
        )

    def extension(self, task, asked_on, new_deadline, approve=True):
        request = task_actions.request_extension(
            acting_user=None,
            task=task,
            requested_on=asked_on,
            proposed_deadline=new_deadline,
            reason="Khối lượng công việc lớn, phụ thuộc tiến độ của các đơn vị phối hợp.",
            is_sample=True,
        )
        task_actions.decide_request(
            acting_user=None,
            request=request,
            approve=approve,
            decided_on=asked_on + timedelta(days=7),
            comment="" if approve else "Đề nghị tập trung hoàn thành đúng thời hạn đã giao.",
        )

    def simulate_standing(self, index: int, task: Task, rng: random.Random) -> None:
        step = {M: 1, Q: 3, H: 6}.get(task.reporting_frequency, 1)
        stop = date(2026, 4, 30) if index in SILENT else self.today
        for day in month_ends(ASSIGNED_ON, stop, step):
            self.report(task, task.lead_unit, day, None, rng)

    def split_hoi_an_task(self) -> None:
        """Hoi An's manager splits its tourism task between two communes, one with a late deadline."""
        parent = Task.objects.get(
            source_document=self.demo.documents["conclusion"], lead_unit=self.unit("hoi_an")
        )
        task_actions.create_subtask(
            acting_user=None,
            parent=parent,
            title="Phát triển du lịch cộng đồng gắn với làng rau Trà Quế",
            lead_unit=self.unit("cam_thanh"),
            assigned_on=date(2025, 2, 10),
            deadline=date(2025, 9, 30),
            is_sample=True,
        )
        task_actions.create_subtask(
            acting_user=None,
            parent=parent,
            title="Kết nối tuyến du lịch sinh thái Cù Lao Chàm",
            lead_unit=self.unit("tan_hiep"),
            assigned_on=date(2025, 2, 10),
            deadline=self.today + timedelta(days=60),
            deadline_after_parent_reason="Phụ thuộc mùa du lịch biển năm sau.",
            is_sample=True,
        )


def load_tasks(demo) -> None:
    created = TaskHistoryWriter(demo, clock.today()).run()
    demo.log(f"tasks: {created} created with their history" if created else "tasks: already there")
