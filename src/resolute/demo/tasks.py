"""The demo's tasks: every directive of part II of the seed conclusion becomes a task created from its
clause, with a plausible lead unit, coordinating units and deadline, and a deterministic simulated
history from January 2025 to today (reports, obstacles, extensions, completions, returns), so every
status and age bucket appears and the units' rates differ. Everything simulated is marked as sample data.
"""

import json
import random
from collections.abc import Callable
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

# The Vietnamese title of each seed task, in the answer key's order. The seed is an English translation of a
# Vietnamese speech; these are the titles a provincial office would write, so the Vietnamese pages and the
# Vietnamese report read in Vietnamese, and the seed's English stays as the English title.
TITLES_VI = [
    "Tiếp tục đổi mới tư duy, cách nghĩ, cách làm theo lời dạy của Chủ tịch Hồ Chí Minh",
    "Chủ đề năm 2025 xác định 5 nhiệm vụ trọng tâm",
    "Tập trung thực hiện tốt các nhiệm vụ cụ thể sau",
    "Tập trung lãnh đạo, chỉ đạo chuẩn bị và tổ chức thành công đại hội đảng bộ các cấp, tiến tới Đại "
    "hội Đảng bộ tỉnh lần thứ XXIII",
    "Tập trung hoàn thiện, sắp xếp nhân sự chuẩn bị cho đại hội",
    "Tập trung kiểm tra, giám sát phục vụ đại hội đảng bộ các cấp",
    "Tập trung tổng kết Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII về "
    "tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
    "Kiên quyết thực hiện việc sắp xếp, bố trí cán bộ hệ thống chính trị ở các địa phương thực hiện sắp "
    "xếp đơn vị hành chính",
    "Quan tâm thực hiện chế độ, chính sách đối với cán bộ thuộc diện sắp xếp, bảo đảm ổn định tình hình "
    "chuẩn bị đại hội đảng các cấp",
    "Công tác tuyên truyền, dân vận và hoạt động của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội, "
    "hội quần chúng phải quan tâm hơn nữa",
    "Chủ động nắm tình hình nhân dân, tâm tư, nguyện vọng, ý kiến đóng góp của các tầng lớp nhân dân "
    "trước, trong và sau đại hội đảng các cấp",
    "Thực hiện hiệu quả Chương trình kiểm tra, giám sát của Tỉnh ủy và Ban Thường vụ Tỉnh ủy",
    "Tiếp tục tổ chức tốt hoạt động của Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực và lãng phí của tỉnh",
    "Tập trung tổ chức các hoạt động kỷ niệm 50 năm Ngày giải phóng tỉnh Quảng Nam và các ngày lễ lớn "
    "năm 2025 theo kế hoạch",
    "Rà soát, quyết tâm xây dựng hệ thống chỉ tiêu phát triển kinh tế - xã hội, phấn đấu tăng trưởng từ "
    "9,5 - 10%",
    "Tích cực huy động các nguồn lực cho đầu tư phát triển",
    "Thực hiện các giải pháp hỗ trợ doanh nghiệp ổn định và phát triển sản xuất, nhất là nhóm doanh "
    "nghiệp phục hồi nhanh",
    "Thực hiện hiệu quả Đề án chống thất thu ngân sách trên địa bàn tỉnh",
    "Tập trung phát triển các lĩnh vực sau",
    "Chỉ đạo tốt việc thực hiện kế hoạch đầu tư công, quyết liệt thúc đẩy giải ngân vốn đầu tư công ngay "
    "từ đầu năm",
    "Tập trung tháo gỡ khó khăn, vướng mắc liên quan đến bồi thường, giải phóng mặt bằng",
    "Đẩy nhanh tiến độ các dự án trọng điểm, động lực, nhất là các dự án giao thông kết nối, dự án của "
    "THACO, dự án đầu tư cảng biển",
    "Đẩy nhanh tiến độ và chú trọng chất lượng quy hoạch cấp huyện, quy hoạch phân khu và quy hoạch Khu "
    "kinh tế mở Chu Lai",
    "Quan tâm sớm triển khai các dự án quan trọng trong quy hoạch tỉnh (Trung tâm công nghiệp dược liệu, "
    "chế biến sâu sản phẩm silicat…)",
    "Tiếp tục rà soát các dự án chậm triển khai (kể cả dự án đầu tư tư nhân), quy hoạch treo, đất đai, "
    "tài sản công không sử dụng hoặc sử dụng không hiệu quả",
    "Rà soát các dự án không thể triển khai do vi phạm Luật Đất đai, Luật Đầu tư và các dự án tương tự "
    "theo Kết luận số 77-KL/TW",
    "Tăng cường thu hút đầu tư, tổ chức các hoạt động xúc tiến đầu tư trên địa bàn tỉnh bài bản, hiệu "
    "quả hơn",
    "Xây dựng kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 phù hợp, hiệu quả",
    "Rà soát, theo dõi hiệu quả sử dụng đất tại các khu công nghiệp, đề xuất phương án và điều chỉnh phù hợp",
    "Tiếp tục nghiên cứu, quy hoạch các khu công nghiệp mới, phù hợp định hướng phát triển của tỉnh "
    "trong thời gian tới",
    "Chuẩn bị quỹ đất sạch để thu hút đầu tư",
    "Chỉ đạo quyết liệt nâng cao hiệu quả thực hiện các chương trình mục tiêu quốc gia",
    "Tăng cường vận động nhân dân hưởng ứng, tích cực thực hiện các chương trình mục tiêu quốc gia",
    "Phân bổ vốn phù hợp với khả năng giải ngân",
    "Xem xét điều chuyển nguồn vốn hợp lý, khả thi để đẩy nhanh tiến độ giải ngân",
    "Quan tâm bố trí bổ sung nguồn kinh phí của tỉnh để đẩy nhanh hoàn thành mục tiêu xây dựng xã, huyện "
    "nông thôn mới",
    "Phấn đấu giảm tỷ lệ hộ nghèo toàn tỉnh xuống dưới 4% vào cuối năm 2025",
    "Tập trung các giải pháp phát triển các loại hình du lịch, đa dạng hóa sản phẩm, dịch vụ du lịch "
    "trên địa bàn",
    "Gắn phát triển du lịch với phát triển tiểu thủ công nghiệp, làng nghề, du lịch văn hóa, du lịch "
    "xanh, du lịch cộng đồng",
    "Quan tâm phát triển kinh tế biển, nhất là lĩnh vực nuôi trồng thủy sản",
    "Kiên quyết rà soát, xử lý tình trạng phát triển lồng bè nuôi cá trái phép",
    "Kiên quyết chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định (IUU)",
    "Có giải pháp quyết liệt, đồng bộ nâng cao hiệu quả quản lý nhà nước về đầu tư, khai thác, sử dụng "
    "tài nguyên, khoáng sản",
    "Thực hiện hiệu quả nhiệm vụ đổi mới căn bản, toàn diện giáo dục và đào tạo",
    "Xây dựng đề án sửa chữa, xây mới trường học trên địa bàn tỉnh",
    "Tăng cường đầu tư mua sắm trang thiết bị y tế, nâng cao chất lượng khám, chữa bệnh",
    "Xây dựng kế hoạch thực hiện Chương trình mục tiêu quốc gia về bảo tồn và phát triển văn hóa phù hợp "
    "với nhu cầu và nguồn lực của tỉnh",
    "Tổ chức tổng kết Chiến lược phát triển khoa học và công nghệ tỉnh Quảng Nam đến năm 2025, tầm nhìn 2030",
    "Tiếp tục thực hiện tốt công tác an sinh xã hội",
    "Chăm lo tốt cho người có công với cách mạng",
    "Nghiên cứu hỗ trợ tu sửa, chăm sóc mộ liệt sĩ và người có công ngoài nghĩa trang (khoảng 250 tỷ đồng)",
    "Cơ bản hoàn thành việc xóa nhà tạm, nhà dột nát trên địa bàn tỉnh",
    "Tăng cường tổ chức các hoạt động dân vận hỗ trợ nhân lực thực hiện chương trình xóa nhà tạm, nhà "
    "dột nát",
    "Đẩy mạnh cải cách hành chính, nhất là cải cách thủ tục hành chính và chuyển đổi số",
    "Cập nhật, bám sát chỉ đạo của Trung ương để quyết liệt thực hiện các nhiệm vụ chuyển đổi số đúng "
    "tiến độ",
    "Tiếp tục xóa bỏ cơ chế xin - cho trên địa bàn",
    "Khẩn trương xây dựng đề án phát triển ứng dụng công nghệ thông tin, xây dựng chính quyền số tỉnh "
    "Quảng Nam giai đoạn 2025 - 2030",
    "Nghiên cứu phân cấp, phân quyền mạnh mẽ trên các lĩnh vực gắn với đào tạo, bồi dưỡng cán bộ theo "
    "tinh thần địa phương quyết, địa phương làm, địa phương chịu trách nhiệm",
    "Tăng cường công tác bảo đảm an ninh, trật tự, sẵn sàng chiến đấu, kéo giảm tội phạm, vi phạm trật "
    "tự xã hội, giảm mạnh tai nạn giao thông trên 3 tiêu chí",
    "Thực hiện quyết liệt, đồng bộ, hiệu quả công tác phòng, chống lãng phí",
    "Chỉ đạo khắc phục kịp thời tồn tại, hạn chế, thiếu sót mà các đoàn thanh tra, kiểm tra và Kiểm toán "
    "Nhà nước đã chỉ ra",
    "Rà soát, chỉ đạo xử lý các vụ việc tồn đọng, kéo dài trên địa bàn tỉnh và các địa phương",
    "Tăng cường công tác tiếp công dân, xử lý đơn thư kiến nghị, khiếu nại, tố cáo",
    "Yêu cầu, nhiệm vụ của Đảng bộ tỉnh trong thời gian tới hết sức nặng nề, khó khăn, cấp bách",
    "Trước mắt, đề nghị các đồng chí tập trung lãnh đạo, chỉ đạo chủ động tiếp tục triển khai các phương "
    "án ứng phó thiên tai",
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

    def run(self, until: date | None = None) -> int:
        """Create the tasks and write their history up to `until` (all of it when None); what comes
        later waits in `demo.pending` for `run_rest`, so it is written by whichever units hold the
        tasks then."""
        conclusion = self.demo.documents["conclusion"]
        if Task.objects.filter(source_document=conclusion).exists():
            return 0
        self.events: list[tuple[date, int, Callable[[], None]]] = []
        office_unit = self.unit("party_office")
        leader = self.demo.users["leader"]
        rows = zip(seed_tasks(), PLAN, TITLES_VI, strict=True)
        for index, (seed, (lead, coordinating, due), title_vi) in enumerate(rows):
            clause = clause_for(conclusion, seed["text"])
            deadline = due if isinstance(due, date) else None
            task = task_actions.create_task(
                acting_user=None,
                title=title_vi,
                title_en=title_of(seed["text"]),
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
        self.events.sort(key=lambda event: (event[0], event[1]))
        now = [event for event in self.events if until is None or event[0] <= until]
        later = [event for event in self.events if until is not None and event[0] > until]
        for _day, _order, write in now:
            write()
        self.demo.pending.setdefault("tasks", []).extend(later)
        return len(PLAN)

    def at(self, day: date, write: Callable[[], None]) -> None:
        """Write `write` as of `day`, in the order the history was planned within a day."""
        self.events.append((day, len(self.events), write))

    # -- the history --------------------------------------------------------------------------

    def report(self, task, unit, day, percent, rng, obstacle=None, coordinating_index=None):
        """Plan a progress report by the task's lead unit on `day` (or, with `coordinating_index`, by
        one of its coordinating units), whichever unit holds that part of the task when it is written. A
        coordinating unit that merged into the lead's successor has no part of its own left: no report."""
        narrative_seed = rng.random()

        def write():
            current = Task.objects.get(pk=task.pk)
            by = current.lead_unit
            if coordinating_index is not None:
                coordinating = list(current.coordinating_units.order_by("id"))
                if not coordinating:
                    return
                by = coordinating[coordinating_index % len(coordinating)]
            self.write_report(current, by, day, percent, random.Random(narrative_seed), obstacle)

        self.at(day, write)

    def write_report(self, task, unit, day, percent, rng, obstacle=None):
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
            self.at(
                date(2025, 1, 20),
                lambda: task_actions.cancel_task(
                    acting_user=None,
                    task=Task.objects.get(pk=task.pk),
                    cancelled_on=date(2025, 1, 20),
                    reason=CANCELLED[index],
                ),
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
        has_coordinating = task.coordinating_units.exists()
        for number, day in enumerate(report_days, start=1):
            percent = (
                min(95, round(100 * number / (len(report_days) + 1)))
                if not open_ended
                else min(90, 8 * number)
            )
            obstacle = OBSTACLES.get(index) if number == 2 else None
            self.report(task, None, day, percent, rng, obstacle)
            if has_coordinating and number % 3 == 0:
                self.report(task, None, day, None, rng, coordinating_index=number)
        if open_ended or finish > self.today:
            return
        if index in RETURNED_THEN_DONE:
            self.at(finish - timedelta(days=25), lambda: self.return_completion(task, finish))
        self.at(finish, lambda: self.complete(task, finish))

    def return_completion(self, task: Task, finish: date) -> None:
        proposal = task_actions.propose_completion(
            acting_user=None,
            task=Task.objects.get(pk=task.pk),
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

    def complete(self, task: Task, finish: date) -> None:
        proposal = task_actions.propose_completion(
            acting_user=None,
            task=Task.objects.get(pk=task.pk),
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
        self.at(asked_on, lambda: self.write_extension(task, asked_on, new_deadline, approve))

    def write_extension(self, task, asked_on, new_deadline, approve):
        request = task_actions.request_extension(
            acting_user=None,
            task=Task.objects.get(pk=task.pk),
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
            self.report(task, None, day, None, rng)

    def split_hoi_an_task(self) -> None:
        """Hoi An's manager splits its tourism task between two communes, one with a late deadline."""
        parent = Task.objects.get(
            source_document=self.demo.documents["conclusion"], lead_unit=self.unit("hoi_an")
        )
        task_actions.create_subtask(
            acting_user=None,
            parent=parent,
            title="Phát triển du lịch cộng đồng gắn với làng rau Trà Quế",
            title_en="Develop community tourism around the Tra Que vegetable village",
            lead_unit=self.unit("cam_thanh"),
            assigned_on=date(2025, 2, 10),
            deadline=date(2025, 9, 30),
            is_sample=True,
        )
        task_actions.create_subtask(
            acting_user=None,
            parent=parent,
            title="Kết nối tuyến du lịch sinh thái Cù Lao Chàm",
            title_en="Connect the Cu Lao Cham eco-tourism route",
            lead_unit=self.unit("tan_hiep"),
            assigned_on=date(2025, 2, 10),
            deadline=self.today + timedelta(days=60),
            deadline_after_parent_reason="Phụ thuộc mùa du lịch biển năm sau.",
            is_sample=True,
        )


def load_tasks(demo) -> None:
    """The tasks and their history up to the day before the reorganisation (all of it when the demo
    runs on an earlier day); the rest waits for `load_tasks_after`."""
    created = TaskHistoryWriter(demo, clock.today()).run(until=demo.history_split)
    demo.log(f"tasks: {created} created with their history" if created else "tasks: already there")


def load_tasks_after(demo) -> None:
    """The tasks' history from the reorganisation's first day on, under the units that carry them."""
    pending = sorted(demo.pending.pop("tasks", []), key=lambda event: (event[0], event[1]))
    for _day, _order, write in pending:
        write()
    if pending:
        demo.log(f"tasks: {len(pending)} later events of their history written")
