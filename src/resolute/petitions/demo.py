"""The demo's petitions: what Quảng Nam received in 2023 and 2024, and the year before "today".

What the seed says, reproduced by counting: the number of petitions received from 1 January to 30
November 2024 is **7.5% higher** than in the same period of 2023 (215 against 200, duplicates of the
same person on the same matter not counted: a few are there, linked to the petition they repeat).
They were received by the province's citizen-reception office, its departments, its districts and
communes, and were almost all settled before the reorganisation of 1 July 2025 (some late, some
refused, forwarded to another body or withdrawn).

The year before "today" (from the reorganisation's first day when that is closer) is Đà Nẵng's: the
city's reception office, departments, inspectorate, wards and communes, with every kind and every
stage — petitions just received and not yet sent on, some accepted late or settling late, others due
within days, denunciations handled by the city's inspectorate (its deputy chief inspector, `inspector`,
handles them and reads their denouncers; no one else does), complex ones whose time limit was
extended once or twice. A reception clerk (`reception`) takes petitions in at the reception office.

Everything is simulated and marked as sample data; the people are fictional, their identity card
numbers follow the national format but belong to no one, and their e-mail addresses are on the
reserved example.com domain.

The recent year goes through the petition actions, as the system, so every petition passed the rules
a clerk's passes. The 2023–2024 history is recorded as a register of past petitions
(`actions.history.record_past_petitions`), in bulk: step by step through the other actions its ≈ 450
petitions and ≈ 2,700 steps took about 15 seconds on SQLite, where the whole demo of petitions must load
in a few. Loading again adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from resolute.accounts import actions as account_actions
from resolute.accounts.models import User
from resolute.core import clock
from resolute.core.calendar import WorkingCalendar
from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit
from resolute.reporting.actions.notifications import save_preferences
from resolute.reporting.models import NotificationKind
from resolute.reporting.selectors.notifications import Preference

from .actions import history, intake, routing, settlement
from .choices import Channel, Complexity, Instance, Outcome, PetitionKind, StepKind
from .deadlines import acceptance_limit, settlement_limit
from .models import Petition, Petitioner

PASSWORD = "resolute-demo"

# What the seed says: petitions received from 1 January to 30 November, counted once each.
COUNTED = {2023: 200, 2024: 215}
DECEMBER = {2023: 17, 2024: 19}
DUPLICATES = {2023: 6, 2024: 9}
PERIOD_END = (11, 30)

# (username, full name, job title, e-mail, unit key, role)
USERS = [
    (
        "reception",
        "Hồ Thị Mai",
        "Chuyên viên Ban Tiếp công dân tỉnh",
        "tiepcongdan.demo@example.com",
        "reception",
        Role.REPORTER,
    ),
    (
        "inspector",
        "Đoàn Văn Hải",
        "Phó Chánh Thanh tra tỉnh",
        "thanhtra.demo@example.com",
        "inspectorate",
        Role.MANAGER,
    ),
]

# -- who petitions, about what ---------------------------------------------------------------------------

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Trương", "Đoàn", "Lương", "Châu",
]  # fmt: skip
MIDDLE_NAMES = {
    "male": ["Văn", "Đức", "Minh", "Công", "Quang", "Hữu"],
    "female": ["Thị", "Ngọc", "Thu", "Kim"],
}
GIVEN_NAMES = {
    "male": ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn",
             "Tài", "Thắng", "Tuấn", "Vinh", "Lộc", "Trung"],
    "female": ["Hoa", "Lan", "Mai", "Hương", "Hằng", "Liên", "Nga", "Nhung", "Oanh", "Phương", "Thảo",
               "Trang", "Vân", "Yến"],
}  # fmt: skip
ORGANISATIONS = [
    "Công ty TNHH Xây dựng Thành Đạt",
    "Hợp tác xã Nông nghiệp Đại Hiệp",
    "Công ty Cổ phần Du lịch Phố Cổ Xanh",
    "Công ty TNHH Khai thác đá Sơn Phước",
    "Hội Nông dân xã Duy Thành",
]
# Villages of the demo's places, for the petitioners' addresses.
PLACES = [
    "xã Đại Hiệp, huyện Đại Lộc",
    "thị trấn Ái Nghĩa, huyện Đại Lộc",
    "xã Đại Quang, huyện Đại Lộc",
    "phường Minh An, thành phố Hội An",
    "phường Cẩm Phô, thành phố Hội An",
    "xã Cẩm Thanh, thành phố Hội An",
    "phường An Mỹ, thành phố Tam Kỳ",
    "xã Tam Phú, thành phố Tam Kỳ",
    "xã Tam Thành, huyện Phú Ninh",
    "thị trấn Khâm Đức, huyện Phước Sơn",
    "xã Điện Phước, thị xã Điện Bàn",
    "xã Duy Thành, huyện Duy Xuyên",
    "xã Bình Minh, huyện Thăng Bình",
    "xã Tam Hiệp, huyện Núi Thành",
]

# (subject, content) by kind: what Quảng Nam's people wrote about in those years (land, compensation
# and resettlement, sand and gold mining, forests, slow projects — the issues the seed names).
SUBJECTS = {
    PetitionKind.COMPLAINT: [
        ("Khiếu nại Quyết định thu hồi đất để thực hiện dự án khu dân cư",
         "Đề nghị xem xét lại quyết định thu hồi đất vì diện tích thu hồi không đúng với thực tế sử dụng."),
        ("Khiếu nại phương án bồi thường, hỗ trợ và tái định cư",
         "Giá bồi thường đất nông nghiệp thấp hơn giá thị trường; đề nghị điều chỉnh phương án."),
        ("Khiếu nại việc không cấp giấy chứng nhận quyền sử dụng đất",
         "Hộ gia đình sử dụng đất ổn định từ năm 1995 nhưng bị từ chối cấp giấy chứng nhận."),
        ("Khiếu nại Quyết định xử phạt vi phạm hành chính trong lĩnh vực đất đai",
         "Đề nghị hủy quyết định xử phạt vì hành vi không thuộc trường hợp vi phạm."),
        ("Khiếu nại việc chậm chi trả tiền bồi thường giải phóng mặt bằng",
         "Đã bàn giao mặt bằng hơn một năm nhưng chưa nhận đủ tiền bồi thường."),
        ("Khiếu nại quyết định giải quyết tranh chấp đất đai",
         "Không đồng ý với kết quả giải quyết tranh chấp ranh giới thửa đất với hộ liền kề."),
    ],
    PetitionKind.DENUNCIATION: [
        ("Tố cáo việc khai thác cát trái phép trên sông Vu Gia",
         "Tàu hút cát hoạt động ban đêm, gây sạt lở bờ sông; đề nghị kiểm tra, xử lý."),
        ("Tố cáo việc khai thác vàng trái phép trong rừng phòng hộ",
         "Nhiều điểm đào đãi vàng trái phép, sử dụng hóa chất gây ô nhiễm nguồn nước."),
        ("Tố cáo cán bộ địa chính xã có dấu hiệu sai phạm khi đo đạc, cấp giấy chứng nhận",
         "Đo đạc sai diện tích và yêu cầu người dân nộp thêm tiền ngoài quy định."),
        ("Tố cáo sai phạm trong quản lý, bảo vệ rừng",
         "Rừng sản xuất bị chặt phá, lấn chiếm trái phép nhưng không được xử lý kịp thời."),
        ("Tố cáo vi phạm trong đấu thầu xây dựng công trình trường học",
         "Nhà thầu trúng thầu không đủ năng lực, có dấu hiệu thông thầu."),
        ("Tố cáo việc lập hồ sơ khống để nhận tiền hỗ trợ",
         "Một số hộ không bị ảnh hưởng vẫn có tên trong danh sách nhận hỗ trợ."),
    ],
    PetitionKind.RECOMMENDATION: [
        ("Kiến nghị sửa chữa tuyến đường ĐT609 bị sạt lở",
         "Đoạn đường qua thôn bị sạt lở sau mưa lũ, gây nguy hiểm cho người đi đường."),
        ("Kiến nghị đẩy nhanh tiến độ xây dựng khu tái định cư",
         "Các hộ dân đã bàn giao mặt bằng nhưng khu tái định cư chưa hoàn thành."),
        ("Kiến nghị điều chỉnh quy hoạch sử dụng đất của xã",
         "Quy hoạch treo nhiều năm khiến người dân không thể xây dựng, sửa chữa nhà."),
        ("Kiến nghị hỗ trợ người dân bị thiệt hại do lũ lụt",
         "Nhiều hộ bị hư hỏng nhà cửa, hoa màu nhưng chưa được hỗ trợ."),
        ("Kiến nghị xây dựng cầu dân sinh qua suối",
         "Mùa mưa học sinh phải lội suối đến trường, đề nghị đầu tư cầu dân sinh."),
    ],
    PetitionKind.REFLECTION: [
        ("Phản ánh tình trạng ô nhiễm môi trường tại cụm công nghiệp",
         "Nước thải chưa qua xử lý chảy ra kênh tưới tiêu, bốc mùi hôi."),
        ("Phản ánh việc chậm giải quyết hồ sơ đất đai tại bộ phận một cửa",
         "Hồ sơ nộp đã quá hạn trả kết quả nhưng chưa được giải quyết."),
        ("Phản ánh rác thải sinh hoạt không được thu gom",
         "Rác tồn đọng nhiều ngày tại điểm tập kết gần chợ."),
        ("Phản ánh việc thu các khoản đóng góp không đúng quy định",
         "Thôn thu tiền đóng góp xây dựng nhưng không công khai."),
        ("Phản ánh tình trạng xe quá tải làm hư hỏng đường giao thông nông thôn",
         "Xe chở vật liệu quá tải lưu thông thường xuyên làm hư hỏng đường."),
    ],
}  # fmt: skip

FORWARDED_TO = [
    "Tòa án nhân dân tỉnh Quảng Nam",
    "Công an tỉnh Quảng Nam",
    "Ủy ban Kiểm tra Tỉnh ủy Quảng Nam",
    "Viện Kiểm sát nhân dân tỉnh Quảng Nam",
]
FORWARDED_TO_CITY = [
    "Tòa án nhân dân thành phố Đà Nẵng",
    "Công an thành phố Đà Nẵng",
    "Ủy ban Kiểm tra Thành ủy Đà Nẵng",
]

# -- the units, before and after the reorganisation ------------------------------------------------------


@dataclass(frozen=True)
class Places:
    """The demo's unit keys of one period: where petitions are received and who settles them."""

    reception: str
    inspectorate: str
    departments: tuple[str, ...]
    localities: tuple[str, ...]
    remote: tuple[str, ...]
    forwarded_to: tuple[str, ...]


QUANG_NAM = Places(
    reception="reception",
    inspectorate="inspectorate",
    departments=("environment", "construction", "agriculture", "labour"),
    localities=("dai_loc", "hoi_an", "tam_ky", "phu_ninh", "dien_ban", "duy_xuyen", "thang_binh", "nui_thanh",
                "phuoc_son", "tay_giang", "minh_an", "ai_nghia", "dai_hiep", "an_my"),
    remote=("phuoc_son", "tay_giang"),
    forwarded_to=tuple(FORWARDED_TO),
)  # fmt: skip
DA_NANG = Places(
    reception="dn_reception",
    inspectorate="dn_inspectorate",
    departments=("dn_agriculture", "dn_construction", "dn_home_affairs", "dn_finance"),
    localities=("dn:Hội An", "dn:Đại Lộc", "dn:Tam Kỳ", "dn:Bàn Thạch", "dn:Hà Nha", "dn:Điện Bàn",
                "dn:Phú Ninh", "dn:Thăng Bình", "dn:Khâm Đức", "dn:Tây Giang"),
    remote=("dn:Khâm Đức", "dn:Tây Giang"),
    forwarded_to=tuple(FORWARDED_TO_CITY),
)  # fmt: skip

# -- a petition's life, planned ----------------------------------------------------------------------------


@dataclass
class Event:
    """One step of a planned petition: `name` is the action ("route", "accept", "verify" …)."""

    day: date
    name: str
    values: dict = field(default_factory=dict)


@dataclass
class Plan:
    """A petition as the demo will write it: what it is, who sent it, and its steps in order."""

    kind: str
    channel: str
    received_on: date
    receiving: str  # a unit key
    petitioner: dict
    subject: str
    content: str
    complexity: str = Complexity.ORDINARY
    instance: str = ""
    remote: bool = False
    at_competent_unit: bool = False
    duplicate_of: Plan | None = None
    events: list[Event] = field(default_factory=list)
    # Filled when written.
    petition: Petition | None = None
    petitioner_record: Petitioner | None = None
    code: str = ""


class People:
    """Fictional petitioners, each with a unique identity card number."""

    def __init__(self, rng: random.Random, province_code: str):
        self.rng = rng
        self.province_code = province_code
        self.numbers: set[str] = set()

    def next(self) -> dict:
        rng = self.rng
        if rng.random() < 0.05:
            return {
                "full_name": rng.choice(ORGANISATIONS),
                "id_number": "",
                "address": f"Lô {rng.randint(1, 40)}, {rng.choice(PLACES)}",
                "phone": f"0235{rng.randint(3_000_000, 3_999_999)}",
                "email": "",
                "is_organisation": True,
            }
        sex = rng.choice(["male", "female"])
        year = rng.randint(1950, 2000)
        name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"
        while True:
            # Identity card numbers: province of birth, sex and century, year, then six digits.
            century_sex = ("0" if sex == "male" else "1") if year < 2000 else ("2" if sex == "male" else "3")
            number = f"{self.province_code}{century_sex}{year % 100:02d}{rng.randint(0, 999_999):06d}"
            if number not in self.numbers:
                self.numbers.add(number)
                break
        return {
            "full_name": name,
            "id_number": number,
            "address": f"Thôn {rng.randint(1, 9)}, {rng.choice(PLACES)}",
            "phone": f"09{rng.randint(0, 99_999_999):08d}",
            "email": f"nguoidan{len(self.numbers)}@example.com" if rng.random() < 0.2 else "",
            "is_organisation": False,
        }


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


KINDS = {
    PetitionKind.COMPLAINT: 42,
    PetitionKind.DENUNCIATION: 16,
    PetitionKind.RECOMMENDATION: 26,
    PetitionKind.REFLECTION: 16,
}
CHANNELS = {Channel.RECEPTION: 45, Channel.POST: 30, Channel.EMAIL: 10, Channel.PORTAL: 15}


class Planner:
    """Plans petitions of one period with the demo's calendar: every day a working day, every step
    after the one before."""

    def __init__(self, rng: random.Random, places: Places, calendar: WorkingCalendar, people: People):
        self.rng = rng
        self.places = places
        self.calendar = calendar
        self.people = people

    def working(self, day: date) -> date:
        return self.calendar.add_working_days(day, 0)

    def after(self, day: date, working_days: int) -> date:
        return self.calendar.add_working_days(day, max(working_days, 1))

    def receiving_unit(self, kind: str) -> tuple[str, bool]:
        """Where a petition is received, and whether that unit settles it itself."""
        rng, places = self.rng, self.places
        where = pick(rng, {"reception": 45, "department": 15, "locality": 40})
        if where == "reception":
            return places.reception, False
        if where == "department" and kind != PetitionKind.DENUNCIATION:
            return rng.choice(places.departments), True
        return rng.choice(places.localities), True

    def competent_unit(self, kind: str) -> str:
        rng, places = self.rng, self.places
        if kind == PetitionKind.DENUNCIATION:
            return places.inspectorate if rng.random() < 0.7 else rng.choice(places.localities)
        if kind == PetitionKind.COMPLAINT:
            return rng.choice(places.localities) if rng.random() < 0.6 else rng.choice(places.departments)
        return rng.choice(places.departments) if rng.random() < 0.5 else rng.choice(places.localities)

    def new(self, received_on: date, kind: str | None = None) -> Plan:
        rng = self.rng
        kind = kind or pick(rng, KINDS)
        receiving, at_competent_unit = self.receiving_unit(kind)
        subject, content = rng.choice(SUBJECTS[kind])
        plan = Plan(
            kind=kind,
            channel=pick(rng, CHANNELS),
            received_on=self.working(received_on),
            receiving=receiving,
            petitioner=self.people.next(),
            subject=subject,
            content=content,
            at_competent_unit=at_competent_unit,
        )
        if kind == PetitionKind.COMPLAINT:
            plan.instance = Instance.SECOND if rng.random() < 0.1 else Instance.FIRST
        if kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION):
            plan.complexity = pick(
                rng, {Complexity.ORDINARY: 72, Complexity.COMPLEX: 20, Complexity.PARTICULARLY_COMPLEX: 8}
            )
        return plan

    def duplicate(self, original: Plan, received_on: date) -> Plan:
        """The same person writing again on the same matter, maybe to another unit."""
        receiving, _competent = self.receiving_unit(original.kind)
        return Plan(
            kind=original.kind,
            channel=pick(self.rng, CHANNELS),
            received_on=self.working(received_on),
            receiving=receiving,
            petitioner=original.petitioner,
            subject=original.subject,
            content=original.content,
            instance=original.instance,
            complexity=original.complexity,
            duplicate_of=original,
        )

    # -- the steps -----------------------------------------------------------------------------------

    def live(
        self, plan: Plan, fate: str, *, late_acceptance=False, late_settlement=False, extend_fully=False
    ) -> Plan:
        """Plan the steps of `plan` to its `fate`: settled (decided, published, enforced), refused,
        forwarded, withdrawn, or left at a stage ("routed", "accepted", "verification", "received")."""
        rng = self.rng
        day = plan.received_on
        handling = plan.receiving
        if not plan.at_competent_unit:
            if fate == "received":
                return plan
            day = self.after(day, rng.randint(1, 3))
            if fate == "forwarded":
                plan.events.append(
                    Event(day, "forward", {"to": rng.choice(self.places.forwarded_to), "letter": "CV-TCD"})
                )
                return plan
            handling = self.competent_unit(plan.kind)
            plan.events.append(Event(day, "route", {"unit": handling}))
        plan.remote = plan.kind == PetitionKind.COMPLAINT and handling in self.places.remote
        if plan.kind == PetitionKind.DENUNCIATION and handling == self.places.inspectorate:
            plan.events.append(Event(day, "assign", {"username": "inspector"}))
        if fate == "routed":
            return plan
        limit = acceptance_limit(plan.kind).deadline(plan.received_on, self.calendar)
        if late_acceptance:
            accept_on = self.after(limit, rng.randint(2, 8))
        else:
            accept_on = min(self.after(day, rng.randint(1, 4)), limit)
        accept_on = max(accept_on, day)
        if fate == "refused":
            plan.events.append(Event(accept_on, "refuse", {}))
            return plan
        if fate == "withdrawn" and rng.random() < 0.5:
            plan.events.append(Event(accept_on, "withdraw", {}))
            return plan
        plan.events.append(Event(accept_on, "accept", {}))
        if fate == "accepted":
            return plan
        limit_days = settlement_limit(
            plan.kind, instance=plan.instance, complexity=plan.complexity, remote_area=plan.remote
        ).days
        deadline = accept_on + timedelta(days=limit_days)
        extensions = 0
        if plan.kind == PetitionKind.DENUNCIATION and plan.complexity != Complexity.ORDINARY:
            extensions = 2 if plan.complexity == Complexity.PARTICULARLY_COMPLEX else 1
            if not extend_fully and rng.random() < 0.3:
                extensions -= 1
        if plan.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION):
            verify_on = self.working(accept_on + timedelta(days=rng.randint(5, max(6, limit_days // 2))))
            plan.events.append(Event(verify_on, "verify", {}))
        if fate == "withdrawn":
            plan.events.append(Event(self.after(plan.events[-1].day, rng.randint(2, 10)), "withdraw", {}))
            return plan
        for number in range(extensions):
            # Each extension is decided in the last days of the time limit it extends.
            decided_on = self.calendar.add_working_days(deadline, -rng.randint(1, 3))
            decided_on = max(decided_on, plan.events[-1].day)
            plan.events.append(Event(decided_on, "extend", {"days": 30, "number": number + 1}))
            deadline += timedelta(days=30)
        if fate == "verification":
            return plan
        if plan.kind == PetitionKind.COMPLAINT and (fate == "dialogue" or rng.random() < 0.6):
            talk_on = self.working(deadline - timedelta(days=rng.randint(8, 15)))
            plan.events.append(Event(max(talk_on, plan.events[-1].day), "dialogue", {}))
        if fate == "dialogue":
            return plan
        if late_settlement:
            decide_on = self.working(deadline + timedelta(days=rng.randint(3, 25)))
        else:
            decide_on = self.working(deadline - timedelta(days=rng.randint(1, max(2, limit_days // 3))))
            decide_on = self.calendar.add_working_days(decide_on, -1) if decide_on > deadline else decide_on
        decide_on = max(decide_on, plan.events[-1].day)
        outcome = self.outcome(plan.kind)
        plan.events.append(Event(decide_on, "decide", {"outcome": outcome}))
        if fate == "decided":
            return plan
        if rng.random() < 0.9:
            plan.events.append(Event(self.after(decide_on, rng.randint(1, 5)), "publish", {}))
        if fate == "published":
            return plan
        if plan.kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) and (
            outcome != Outcome.REJECTED or rng.random() < 0.4
        ):
            plan.events.append(Event(self.after(plan.events[-1].day, rng.randint(8, 30)), "enforce", {}))
        return plan

    def outcome(self, kind: str) -> str:
        if kind in (PetitionKind.RECOMMENDATION, PetitionKind.REFLECTION):
            return Outcome.ANSWERED
        weights = {Outcome.UPHELD: 22, Outcome.PARTLY_UPHELD: 28, Outcome.REJECTED: 50}
        return pick(self.rng, weights)


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def history_plans(calendar: WorkingCalendar) -> list[Plan]:
    """Quảng Nam's petitions of 2023 and 2024: the counted ones of January–November, the duplicates
    among them, and December's; almost all settled."""
    rng = random.Random(20241130)
    planner = Planner(rng, QUANG_NAM, calendar, People(rng, "049"))
    plans = []
    for year in (2023, 2024):
        period = working_days_between(calendar, date(year, 1, 1), date(year, *PERIOD_END))
        december = working_days_between(calendar, date(year, 12, 1), date(year, 12, 31))
        received = sorted(rng.choice(period) for _count in range(COUNTED[year]))
        received += sorted(rng.choice(december) for _count in range(DECEMBER[year]))
        year_plans = []
        for day in received:
            fate = pick(rng, {"settled": 80, "refused": 7, "forwarded": 8, "withdrawn": 5})
            plan = planner.new(day)
            if fate == "forwarded" and plan.at_competent_unit:
                fate = "settled"
            planner.live(
                plan,
                fate,
                late_acceptance=rng.random() < 0.06,
                late_settlement=rng.random() < 0.14,
            )
            year_plans.append(plan)
        # Duplicates: the same person again, within the same period, linked rather than counted.
        originals = [plan for plan in year_plans[: COUNTED[year]] if plan.received_on < date(year, 10, 1)]
        for original in rng.sample(originals, DUPLICATES[year]):
            later = original.received_on + timedelta(days=rng.randint(5, 40))
            year_plans.append(planner.duplicate(original, min(later, date(year, *PERIOD_END))))
        plans.extend(year_plans)
    return plans


# The showcase of the recent year: (days before today it was received, kind, fate, options), so every
# stage and every state of the clock is there whatever the random draw.
SHOWCASE = [
    (2, PetitionKind.COMPLAINT, "received", {}),
    (4, PetitionKind.REFLECTION, "routed", {}),
    (25, PetitionKind.COMPLAINT, "routed", {}),  # not accepted in time: late
    (27, PetitionKind.COMPLAINT, "accepted", {"due_in": 3}),  # due within days
    (40, PetitionKind.RECOMMENDATION, "accepted", {"due_in": 2}),
    (70, PetitionKind.DENUNCIATION, "verification", {"complexity": Complexity.ORDINARY}),  # late
    (95, PetitionKind.DENUNCIATION, "verification", {"complexity": Complexity.PARTICULARLY_COMPLEX}),
    (150, PetitionKind.DENUNCIATION, "enforced", {"complexity": Complexity.COMPLEX}),
    (60, PetitionKind.COMPLAINT, "dialogue", {"complexity": Complexity.COMPLEX}),
    (120, PetitionKind.COMPLAINT, "enforced", {}),
    (110, PetitionKind.REFLECTION, "published", {}),
    (100, PetitionKind.RECOMMENDATION, "decided", {}),
    (80, PetitionKind.COMPLAINT, "refused", {}),
    (75, PetitionKind.DENUNCIATION, "forwarded", {}),
    (65, PetitionKind.RECOMMENDATION, "withdrawn", {}),
    (200, PetitionKind.COMPLAINT, "enforced", {"late_settlement": True}),
]
RECENT_COUNT = 110


def recent_plans(calendar: WorkingCalendar, places: Places, start: date, today: date) -> list[Plan]:
    """The petitions received from `start` to `today`: the showcase and a random draw, the older ones
    mostly settled, the newer ones at every stage; steps after today are not written (yet)."""
    rng = random.Random(today.toordinal())
    planner = Planner(rng, places, calendar, People(rng, "048"))
    plans = []
    for days_ago, kind, fate, options in SHOWCASE:
        received_on = today - timedelta(days=days_ago)
        if received_on < start:
            continue
        plan = planner.new(received_on, kind)
        if plan.received_on > today:  # rolled past today over a holiday
            continue
        # Taken in at the reception office, so the showcase has every step from receipt.
        plan.receiving, plan.at_competent_unit = places.reception, False
        if "complexity" in options:
            plan.complexity = options["complexity"]
        if "due_in" in options:
            _due_in(planner, plan, options["due_in"], today)
            if plan.received_on < start:
                continue
        else:
            planner.live(plan, fate, late_settlement=options.get("late_settlement", False), extend_fully=True)
            if kind == PetitionKind.DENUNCIATION and fate != "forwarded":
                _to_inspectorate(plan, places)
        plans.append(plan)
    span = max((today - start).days, 1)
    for _count in range(max(RECENT_COUNT - len(plans), 0)):
        received_on = start + timedelta(days=rng.randint(0, span))
        plan = planner.new(min(received_on, today))
        if plan.received_on > today:
            continue
        fate = pick(
            rng,
            {
                "settled": 70,
                "refused": 6,
                "forwarded": 5,
                "withdrawn": 3,
                "accepted": 8,
                "verification": 5,
                "routed": 3,
            },
        )
        if fate == "forwarded" and plan.at_competent_unit:
            fate = "settled"
        planner.live(plan, fate, late_acceptance=rng.random() < 0.08, late_settlement=rng.random() < 0.15)
        plans.append(plan)
    # A few people write again about the same matter.
    originals = [plan for plan in plans if plan.received_on < today - timedelta(days=30)]
    for original in rng.sample(originals, min(4, len(originals))):
        later = original.received_on + timedelta(days=rng.randint(5, 25))
        duplicate = planner.duplicate(original, later)
        if duplicate.received_on <= today:
            plans.append(duplicate)
    return sorted(plans, key=lambda plan: plan.received_on)


def _to_inspectorate(plan: Plan, places: Places) -> None:
    """Send a showcase denunciation to the inspectorate, with its inspector handling it."""
    for index, event in enumerate(plan.events):
        if event.name == "route":
            event.values["unit"] = places.inspectorate
            if not any(other.name == "assign" for other in plan.events):
                plan.events.insert(index + 1, Event(event.day, "assign", {"username": "inspector"}))
            return


def _due_in(planner: Planner, plan: Plan, working_days: int, today: date) -> None:
    """Plan `plan` so that it is accepted with its settlement deadline `working_days` after today:
    received two working days before that acceptance and routed the day before it."""
    calendar = planner.calendar
    plan.complexity = Complexity.ORDINARY
    limit = settlement_limit(plan.kind, instance=plan.instance, complexity=plan.complexity, remote_area=False)
    target = calendar.add_working_days(today, working_days)
    accept_on = target - timedelta(days=limit.days)
    while not calendar.is_working_day(accept_on) or limit.deadline(accept_on, calendar) > target:
        accept_on -= timedelta(days=1)
    plan.received_on = calendar.add_working_days(accept_on, -2)
    plan.events.append(
        Event(calendar.add_working_days(accept_on, -1), "route", {"unit": planner.competent_unit(plan.kind)})
    )
    plan.events.append(Event(accept_on, "accept", {}))


# -- writing -------------------------------------------------------------------------------------------------


class Numbers:
    """Document numbers, from 1 in each year for each kind of document."""

    def __init__(self):
        self.counters: dict[tuple[str, int], int] = {}

    def next(self, kind: str, day: date) -> str:
        key = (kind, day.year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{self.counters[key]}/{kind}"


DOCUMENT_KINDS = {
    "accept": "TB-TL",
    "refuse": "TB-KTL",
    "forward": "CV-CĐ",
    "extend": "QĐ-GH",
    "dialogue": "BB-ĐT",
    "verify": "BB-XM",
}


def decision_kind(kind: str) -> str:
    return {
        PetitionKind.COMPLAINT: "QĐ-GQKN",
        PetitionKind.DENUNCIATION: "KL-GQTC",
    }.get(kind, "CV-TL")


NOTES = {
    "verify": "Làm việc với các bên liên quan, xác minh tại thực địa.",
    "dialogue": "Tổ chức đối thoại với người khiếu nại và người bị khiếu nại.",
    "refuse": "Nội dung đã được giải quyết đúng quy định, không có tình tiết mới.",
    "withdraw": "Người gửi đơn rút đơn.",
    "extend": "Vụ việc phức tạp, cần thêm thời gian xác minh.",
}


class ActionWriter:
    """Writes planned petitions through the actions, as the system, up to `until`."""

    def __init__(self, demo, places: Places, until: date):
        self.demo = demo
        self.places = places
        self.until = until
        self.numbers = Numbers()
        self.secret = None

    def unit(self, key: str) -> OrgUnit:
        return self.demo.units[key]

    def write(self, plan: Plan) -> None:
        receiving = self.unit(plan.receiving)
        petition, secret = intake.register_petition(
            acting_user=None,
            kind=plan.kind,
            channel=plan.channel,
            received_on=plan.received_on,
            received_by_unit=receiving,
            petitioner=plan.petitioner,
            subject=plan.subject,
            content=plan.content,
            instance=plan.instance,
            complexity=plan.complexity,
            is_remote_area=plan.remote,
            duplicate_of=plan.duplicate_of.petition if plan.duplicate_of else None,
            handling_unit=receiving if plan.at_competent_unit else None,
            is_sample=True,
        )
        plan.petition = petition
        if self.secret is None:
            self.secret = (petition.code, secret)
        for event in plan.events:
            if event.day > self.until:
                break
            petition = self.step(petition, plan, event)
            plan.petition = petition

    def step(self, petition: Petition, plan: Plan, event: Event) -> Petition:
        day, values = event.day, event.values
        number = self.numbers.next(DOCUMENT_KINDS.get(event.name, decision_kind(plan.kind)), day)
        if event.name == "route":
            return routing.route_petition(
                acting_user=None, petition=petition, handling_unit=self.unit(values["unit"]), day=day
            )
        if event.name == "assign":
            routing.assign_handler(
                acting_user=None, petition=petition, user=self.demo.users[values["username"]]
            )
            return Petition.objects.get(pk=petition.pk)
        if event.name == "forward":
            return routing.forward_petition(
                acting_user=None, petition=petition, forwarded_to=values["to"], day=day, letter_number=number
            )
        if event.name == "accept":
            return settlement.accept_petition(
                acting_user=None, petition=petition, day=day, document_number=number
            )
        if event.name == "refuse":
            return settlement.refuse_petition(
                acting_user=None, petition=petition, day=day, reason=NOTES["refuse"], document_number=number
            )
        if event.name in ("verify", "dialogue"):
            return settlement.record_step(
                acting_user=None,
                petition=petition,
                kind=StepKind.VERIFICATION if event.name == "verify" else StepKind.DIALOGUE,
                day=day,
                note=NOTES[event.name],
                document_number=number,
                document_date=day,
            )
        if event.name == "extend":
            settlement.extend_settlement(
                acting_user=None,
                petition=petition,
                decided_on=day,
                decision_number=number,
                days=values["days"],
                reason=NOTES["extend"],
            )
            return Petition.objects.get(pk=petition.pk)
        if event.name == "decide":
            return settlement.decide_petition(
                acting_user=None,
                petition=petition,
                day=day,
                decision_number=number,
                outcome=values["outcome"],
            )
        if event.name == "publish":
            return settlement.publish_decision(acting_user=None, petition=petition, day=day)
        if event.name == "enforce":
            return settlement.record_enforcement(acting_user=None, petition=petition, day=day)
        if event.name == "withdraw":
            return settlement.withdraw_petition(
                acting_user=None, petition=petition, day=day, note=NOTES["withdraw"]
            )
        raise ValueError(event.name)


def past_petitions(demo, plans: list[Plan]) -> list[history.PastPetition]:
    """The planned history as the register `history.record_past_petitions` records, units and people
    found by their demo keys and every document numbered."""
    numbers = Numbers()
    past: dict[int, history.PastPetition] = {}
    for plan in plans:
        steps = []
        for event in plan.events:
            values = event.values
            steps.append(
                history.PastStep(
                    day=event.day,
                    name=event.name,
                    document_number=numbers.next(
                        DOCUMENT_KINDS.get(event.name, decision_kind(plan.kind)), event.day
                    ),
                    unit=demo.units[values["unit"]] if "unit" in values else None,
                    user=demo.users[values["username"]] if "username" in values else None,
                    text=values.get("to") or NOTES.get(event.name, ""),
                    days=values.get("days", 0),
                    outcome=values.get("outcome", ""),
                )
            )
        past[id(plan)] = history.PastPetition(
            kind=plan.kind,
            channel=plan.channel,
            received_on=plan.received_on,
            received_by_unit=demo.units[plan.receiving],
            petitioner=plan.petitioner,
            subject=plan.subject,
            content=plan.content,
            complexity=plan.complexity,
            instance=plan.instance,
            is_remote_area=plan.remote,
            at_competent_unit=plan.at_competent_unit,
            duplicate_of=past[id(plan.duplicate_of)] if plan.duplicate_of else None,
            steps=steps,
        )
    return list(past.values())


# -- the loaders ------------------------------------------------------------------------------------------


def load_people(demo) -> int:
    """The reception clerk and the inspector, who read the news of their petitions in the app."""
    created = 0
    for username, full_name, job_title, email, unit_key, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _password = account_actions.create_user(
                acting_user=None,
                username=username,
                full_name=full_name,
                job_title=job_title,
                email=email,
                language="vi",
                password=PASSWORD,
                memberships=[(demo.units[unit_key], role)],
            )
            # The demo sends no e-mail: its people read the news of their petitions in the app.
            save_preferences(user=user, preferences={NotificationKind.ASSIGNMENT: Preference(by_email=False)})
            created += 1
        demo.users[username] = user
    return created


def _write_recent(demo, places: Places, start: date, today: date) -> tuple[int, tuple | None]:
    calendar = WorkingCalendar()
    writer = ActionWriter(demo, places, until=today)
    plans = recent_plans(calendar, places, start, today)
    for plan in plans:
        writer.write(plan)
    return len(plans), writer.secret


@transaction.atomic
def load_petitions(demo) -> None:
    """The reception office's clerk, the inspector, and Quảng Nam's petitions: 2023 and 2024 in bulk,
    and — when the demo runs before the reorganisation — the year before today through the actions."""
    people = load_people(demo)
    today = clock.today()
    until = min(demo.history_split or today, today)
    written, secret = 0, None
    if not Petition.objects.filter(is_sample=True, received_on__lt=date(2025, 1, 1)).exists():
        # Written in bulk: see `actions.history` for why.
        register = past_petitions(demo, history_plans(WorkingCalendar()))
        written += len(
            history.record_past_petitions(acting_user=None, petitions=register, until=until, is_sample=True)
        )
    if demo.history_split is None and not _recent_written(today):
        # The recent year starts after the history of 2023–2024 at the earliest.
        start = max(today - timedelta(days=365), date(2025, 1, 1))
        count, secret = _write_recent(demo, QUANG_NAM, start, today)
        written += count
    _report(demo, people, written, secret)


@transaction.atomic
def load_petitions_after(demo) -> None:
    """Đà Nẵng's petitions of the year before today (from the reorganisation's first day at the
    earliest), through the actions, by the city's units."""
    if demo.history_split is None:
        return
    people = load_people(demo)
    today = clock.today()
    if _recent_written(today):
        demo.log("petitions: the recent year is there")
        return
    start = max(today - timedelta(days=365), demo.history_split + timedelta(days=1))
    written, secret = _write_recent(demo, DA_NANG, start, today)
    _report(demo, people, written, secret)


def _recent_written(today: date) -> bool:
    return Petition.objects.filter(
        is_sample=True, received_on__gt=today - timedelta(days=366), received_on__gte=date(2025, 1, 1)
    ).exists()


def _report(demo, people: int, written: int, secret) -> None:
    if not (people or written):
        demo.log("petitions: already there")
        return
    message = f"petitions: {people} users, {written} petitions written"
    if secret:
        message += f"; follow {secret[0]} on the public lookup page with the secret {secret[1]}"
    demo.log(message)
