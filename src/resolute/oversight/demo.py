"""The demo's oversight findings: two inspections, a State Audit report and the Party inspection the
seed names, each recommendation followed as a task to where it stands "today".

What the seed says: the provincial conclusion of 7 December 2024 directs "the completion of the review,
consideration of responsibilities, disciplinary action against organisations and Party members who
violated, and the correction of shortcomings according to Conclusion Notice No. 581 of the Central
Inspection Committee", reporting to that committee for its written agreement. The notice is among the
demo's documents, without a date; it is followed up here on that document, its recommendations assigned
on 7 December 2024 by the Party Committee Office.

Everything else is simulated and marked as sample data (numbers, dates, amounts, people — named by
their initials, as the press names officials under discipline):
- the provincial inspectorate's conclusion of 20 March 2024 on land management in Đại Lộc district;
- the State Audit (region III) report of 25 July 2024 on the province's local budget of 2023;
- the Government Inspectorate's conclusion of 20 October 2025 on land and construction in the Chu Lai
  Open Economic Zone, when it belonged to Đà Nẵng City.

Each has recommendations of every kind, in every state: implemented and confirmed closed, implemented
and awaiting the inspecting body's confirmation, partly implemented (money partly recovered, a person
disciplined, work reported done in part), not yet implemented within the deadline, and overdue.

Units are those of the conclusion's day: what Quảng Nam concluded before 1 July 2025 names Quảng Nam's
units and is written by `load_oversight` before the reorganisation, whose engine hands the tasks (and
so the recommendations) to Đà Nẵng's units; what happens from 1 July 2025 on is written by
`load_oversight_after`, under the units that hold them then, with the conclusion of October 2025.
A deadline still to come is counted from "today" (`core.clock.today()`), so those recommendations are
within their deadline whatever day the demo is loaded. Loading again adds nothing: a conclusion already
registered is left as it is.

Every write goes through the oversight and task actions, as the system.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from resolute.core import clock
from resolute.tasks import actions as task_actions
from resolute.tasks.models import Task

from . import actions
from .choices import DisciplineOutcome, OversightKind, RecommendationKind
from .models import DisciplineCase, Oversight, Recommendation

MILLION = Decimal(1_000_000)
MONEY, CORRECT, DISCIPLINE, RULES, OTHER = (
    RecommendationKind.RECOVER_MONEY,
    RecommendationKind.CORRECT,
    RecommendationKind.DISCIPLINE,
    RecommendationKind.AMEND_RULES,
    RecommendationKind.OTHER,
)
# The day the provincial conclusion directed the follow-up of Notice 581 (see `demo.documents`).
NOTICE_581_FOLLOWED_FROM = date(2024, 12, 7)


def from_today(days: int) -> Callable[[date], date]:
    """A deadline `days` after the day the demo is loaded: still to come whatever that day."""
    return lambda today: today + timedelta(days=days)


# -- what happens on a recommendation ---------------------------------------------------------------


@dataclass(frozen=True)
class Recover:
    amount: Decimal
    document_number: str
    note: str = ""


@dataclass(frozen=True)
class Report:
    percent: int
    narrative: str


@dataclass(frozen=True)
class Case:
    person: str
    position: str


@dataclass(frozen=True)
class Decide:
    person: str
    outcome: str
    decision_number: str


@dataclass(frozen=True)
class Complete:
    result: str


@dataclass(frozen=True)
class Confirm:
    document_number: str


@dataclass
class Planned:
    """A recommendation and what happens on it, by day."""

    label: str
    kind: str
    text: str
    responsible: str
    deadline: date | Callable[[date], date]
    amount: Decimal | None = None
    coordinating: tuple[str, ...] = ()
    events: list[tuple[date, object]] = field(default_factory=list)


@dataclass
class Conclusion:
    kind: str
    number: str
    issued_on: date | None
    title: str
    subject: str
    inspected: str
    follow_up: str
    recommendations: list[Planned]
    inspecting_unit: str = ""
    inspecting_body_name: str = ""
    period_covered: str = ""
    signer: str = ""
    # A conclusion already among the demo's documents (`demo.documents`), and the day its
    # recommendations were assigned when its own date is not known.
    document: str = ""
    assigned_on: date | None = None


LAND_IN_DAI_LOC = Conclusion(
    kind=OversightKind.INSPECTION,
    number="05/KL-TTT",
    issued_on=date(2024, 3, 20),
    title="Kết luận thanh tra việc chấp hành pháp luật trong quản lý, sử dụng đất đai trên địa bàn "
    "huyện Đại Lộc giai đoạn 2019–2023",
    subject="Quản lý, sử dụng đất đai trên địa bàn huyện Đại Lộc",
    inspected="dai_loc",
    follow_up="committee_office",
    inspecting_unit="inspectorate",
    period_covered="2019–2023",
    signer="Chánh Thanh tra tỉnh",
    recommendations=[
        Planned(
            "1",
            MONEY,
            "Thu hồi nộp ngân sách nhà nước tiền sử dụng đất nộp thiếu của 03 dự án khu dân cư",
            "dai_loc",
            date(2024, 9, 30),
            amount=2450 * MILLION,
            events=[
                (date(2024, 6, 14), Recover(1200 * MILLION, "GNT 1125")),
                (date(2024, 9, 25), Recover(1250 * MILLION, "GNT 1840")),
                (date(2024, 10, 10), Complete("Đã nộp đủ 2.450 triệu đồng vào ngân sách nhà nước.")),
                (date(2024, 11, 15), Confirm("125/TTT-NV2")),
            ],
        ),
        Planned(
            "2",
            CORRECT,
            "Rà soát, đính chính 126 giấy chứng nhận quyền sử dụng đất cấp sai diện tích, mục đích sử dụng",
            "dai_loc",
            date(2024, 12, 31),
            coordinating=("environment",),
            events=[
                (date(2024, 9, 30), Report(60, "Đã đính chính 76/126 giấy chứng nhận.")),
                (date(2025, 3, 20), Complete("Đã đính chính đủ 126 giấy chứng nhận.")),
            ],
        ),
        Planned(
            "3",
            DISCIPLINE,
            "Tổ chức kiểm điểm, xem xét xử lý trách nhiệm tập thể, cá nhân có sai phạm trong giao đất, "
            "cho thuê đất",
            "dai_loc",
            date(2024, 8, 31),
            events=[
                (date(2024, 5, 10), Case("Ông N.V.H.", "Trưởng phòng Tài nguyên và Môi trường huyện")),
                (date(2024, 5, 10), Case("Bà L.T.M.", "Công chức địa chính – xây dựng xã Đại Hiệp")),
                (date(2024, 8, 20), Decide("Ông N.V.H.", DisciplineOutcome.REPRIMAND, "1520/QĐ-UBND")),
            ],
        ),
        Planned(
            "4",
            RULES,
            "Ban hành quy định về trình tự giao đất, cho thuê đất không qua đấu giá trên địa bàn huyện",
            "dai_loc",
            date(2025, 6, 30),
        ),
        Planned(
            "5",
            MONEY,
            "Thu hồi tiền bồi thường, hỗ trợ chi sai tại dự án Khu dân cư Ái Nghĩa mở rộng",
            "dai_loc",
            date(2025, 3, 31),
            amount=860 * MILLION,
            events=[
                (date(2024, 12, 20), Recover(300 * MILLION, "GNT 2410")),
                (date(2025, 10, 15), Recover(200 * MILLION, "GNT 0915")),
            ],
        ),
    ],
)

BUDGET_2023 = Conclusion(
    kind=OversightKind.AUDIT,
    number="215/BC-KVIII",
    issued_on=date(2024, 7, 25),
    title="Báo cáo kiểm toán ngân sách địa phương năm 2023 của tỉnh Quảng Nam",
    subject="Ngân sách địa phương năm 2023",
    inspected="province",
    follow_up="committee_office",
    inspecting_body_name="Kiểm toán nhà nước khu vực III",
    period_covered="2023",
    signer="Kiểm toán trưởng",
    recommendations=[
        Planned(
            "1",
            MONEY,
            "Nộp ngân sách nhà nước các khoản chi sai chế độ, định mức",
            "finance",
            date(2024, 12, 31),
            amount=3150 * MILLION,
            events=[
                (date(2024, 10, 15), Recover(3150 * MILLION, "GNT 3015")),
                (date(2024, 11, 5), Complete("Đã nộp đủ vào ngân sách nhà nước.")),
                (date(2025, 1, 20), Confirm("18/KVIII-TH")),
            ],
        ),
        Planned(
            "2",
            MONEY,
            "Thu hồi các khoản tạm ứng ngân sách quá hạn",
            "finance",
            date(2025, 6, 30),
            amount=5800 * MILLION,
            coordinating=("planning",),
            events=[
                (date(2024, 12, 10), Recover(2000 * MILLION, "GNT 3310")),
                (date(2025, 5, 15), Recover(1500 * MILLION, "GNT 1402")),
                (date(2025, 9, 30), Recover(800 * MILLION, "GNT 2207")),
            ],
        ),
        Planned(
            "3",
            CORRECT,
            "Điều chỉnh giảm dự toán và quyết toán chi ngân sách các khoản chi không đúng quy định",
            "finance",
            date(2024, 12, 31),
            events=[(date(2024, 12, 20), Complete("Đã điều chỉnh trong quyết toán ngân sách năm 2023."))],
        ),
        Planned(
            "4",
            DISCIPLINE,
            "Kiểm điểm trách nhiệm tổ chức, cá nhân để tồn đọng tạm ứng quá hạn kéo dài",
            "finance",
            date(2025, 3, 31),
            events=[
                (date(2025, 1, 15), Case("Phòng Quản lý ngân sách, Sở Tài chính", "")),
                (date(2025, 1, 15), Case("Ông T.Q.P.", "Phó Giám đốc Sở Tài chính")),
                (
                    date(2025, 3, 10),
                    Decide("Phòng Quản lý ngân sách, Sở Tài chính", DisciplineOutcome.REPRIMAND, "45/QĐ-STC"),
                ),
            ],
        ),
        Planned(
            "5",
            RULES,
            "Sửa đổi quy định phân cấp nguồn thu, nhiệm vụ chi giữa các cấp ngân sách "
            "cho thời kỳ ổn định mới",
            "finance",
            date(2025, 12, 31),
            events=[(date(2025, 4, 30), Report(30, "Đã xây dựng dự thảo, đang lấy ý kiến các sở, ngành."))],
        ),
    ],
)

NOTICE_581 = Conclusion(
    kind=OversightKind.PARTY_INSPECTION,
    number="",
    issued_on=None,
    title="",
    subject="Thực hiện Thông báo kết luận số 581 của Ủy ban Kiểm tra Trung ương",
    inspected="standing",
    follow_up="party_office",
    inspecting_body_name="Ủy ban Kiểm tra Trung ương",
    document="notice_581",
    assigned_on=NOTICE_581_FOLLOWED_FROM,
    recommendations=[
        Planned(
            "1",
            DISCIPLINE,
            "Kiểm điểm, xem xét trách nhiệm, xử lý kỷ luật tổ chức đảng và đảng viên vi phạm",
            "inspection",
            date(2025, 3, 31),
            coordinating=("organisation_board",),
            events=[
                (date(2024, 12, 20), Case("Đảng viên N.V.T.", "Nguyên Phó Chủ tịch UBND huyện")),
                (date(2024, 12, 20), Case("Đảng viên P.Q.H.", "Nguyên Giám đốc Ban Quản lý dự án")),
                (date(2025, 2, 20), Decide("Đảng viên N.V.T.", DisciplineOutcome.WARNING, "125-QĐ/UBKTTU")),
                (date(2025, 3, 15), Decide("Đảng viên P.Q.H.", DisciplineOutcome.REPRIMAND, "131-QĐ/UBKTTU")),
                (date(2025, 3, 28), Complete("Đã xem xét, thi hành kỷ luật 02 đảng viên.")),
            ],
        ),
        Planned(
            "2",
            CORRECT,
            "Khắc phục những hạn chế, vi phạm đã được Ủy ban Kiểm tra Trung ương chỉ ra",
            "standing",
            date(2025, 6, 30),
            events=[(date(2025, 5, 30), Report(50, "Đã khắc phục 6/12 nội dung hạn chế, vi phạm."))],
        ),
        Planned(
            "3",
            OTHER,
            "Báo cáo kết quả thực hiện Thông báo kết luận số 581 và đề nghị Ủy ban Kiểm tra Trung ương "
            "có ý kiến bằng văn bản",
            "party_office",
            date(2025, 4, 30),
            events=[(date(2025, 4, 25), Complete("Đã gửi báo cáo kết quả thực hiện."))],
        ),
    ],
)

CHU_LAI_ZONE = Conclusion(
    kind=OversightKind.INSPECTION,
    number="89/KL-TTCP",
    issued_on=date(2025, 10, 20),
    title="Kết luận thanh tra việc quản lý, sử dụng đất đai, đầu tư xây dựng tại Khu kinh tế mở Chu Lai",
    subject="Quản lý đất đai, đầu tư xây dựng tại Khu kinh tế mở Chu Lai",
    inspected="chu_lai",
    follow_up="dn_committee_office",
    inspecting_body_name="Thanh tra Chính phủ",
    period_covered="2020–2024",
    signer="Phó Tổng Thanh tra Chính phủ",
    recommendations=[
        Planned(
            "1",
            MONEY,
            "Thu hồi tiền thuê đất được miễn, giảm không đúng quy định của 04 dự án",
            "chu_lai",
            from_today(90),
            amount=12500 * MILLION,
            events=[(date(2026, 1, 15), Recover(4000 * MILLION, "GNT 0112"))],
        ),
        Planned(
            "2",
            CORRECT,
            "Rà soát, xử lý dứt điểm các dự án chậm triển khai quá 24 tháng",
            "chu_lai",
            from_today(60),
        ),
        Planned(
            "3",
            DISCIPLINE,
            "Kiểm điểm trách nhiệm tập thể, cá nhân Ban Quản lý Khu kinh tế mở Chu Lai thời kỳ 2020–2024",
            "chu_lai",
            date(2026, 3, 31),
            events=[(date(2025, 11, 10), Case("Ông T.V.D.", "Nguyên Phó Trưởng ban"))],
        ),
        Planned(
            "4",
            RULES,
            "Ban hành quy chế phối hợp quản lý đất đai, trật tự xây dựng trong Khu kinh tế mở Chu Lai",
            "dn_agriculture",
            date(2026, 6, 30),
            events=[
                (date(2026, 5, 20), Complete("UBND thành phố đã ban hành quy chế phối hợp.")),
                (date(2026, 7, 10), Confirm("1245/TTCP-C.III")),
            ],
        ),
    ],
)

CONCLUSIONS = [LAND_IN_DAI_LOC, BUDGET_2023, NOTICE_581, CHU_LAI_ZONE]


# -- writing them -----------------------------------------------------------------------------------


class OversightWriter:
    """Registers the demo's conclusions and plans what happens on their recommendations."""

    def __init__(self, demo, today: date):
        self.demo = demo
        self.today = today

    def unit(self, key):
        return self.demo.units[key]

    def document_of(self, conclusion: Conclusion):
        return self.demo.documents[conclusion.document] if conclusion.document else None

    def registered(self, conclusion: Conclusion) -> bool:
        document = self.document_of(conclusion)
        if document is not None:
            return Oversight.objects.filter(document=document).exists()
        return Oversight.objects.filter(
            document__number=conclusion.number, document__title=conclusion.title
        ).exists()

    def register(self, conclusion: Conclusion) -> list[tuple[date, int, Callable[[], None]]]:
        """Register the conclusion and its recommendations; returns the events of their history that
        happened by today, to be written in order."""
        oversight = actions.register_oversight(
            acting_user=None,
            kind=conclusion.kind,
            subject=conclusion.subject,
            inspected_unit=self.unit(conclusion.inspected),
            follow_up_unit=self.unit(conclusion.follow_up),
            number=conclusion.number,
            issued_on=conclusion.issued_on,
            title=conclusion.title,
            signer=conclusion.signer,
            inspecting_unit=self.unit(conclusion.inspecting_unit) if conclusion.inspecting_unit else None,
            inspecting_body_name=conclusion.inspecting_body_name,
            period_covered=conclusion.period_covered,
            document=self.document_of(conclusion),
            is_sample=True,
        )
        events = []
        for planned in conclusion.recommendations:
            deadline = planned.deadline(self.today) if callable(planned.deadline) else planned.deadline
            recommendation = actions.add_recommendation(
                acting_user=None,
                oversight=oversight,
                text=planned.text,
                kind=planned.kind,
                responsible_unit=self.unit(planned.responsible),
                deadline=deadline,
                label=planned.label,
                amount_required=planned.amount,
                coordinating_units=[self.unit(key) for key in planned.coordinating],
                assigned_on=conclusion.assigned_on,
                is_sample=True,
            )
            for day, event in planned.events:
                if day <= self.today:
                    events.append((day, len(events), self.writer(recommendation.pk, day, event)))
        return events

    def writer(self, pk: int, day: date, event) -> Callable[[], None]:
        """The write of `event` on the recommendation `pk` on `day`, by whichever unit holds its task
        when it is written."""

        def write():
            recommendation = Recommendation.objects.select_related("oversight__document", "task").get(pk=pk)
            task = Task.objects.get(pk=recommendation.task_id)
            if isinstance(event, Recover):
                actions.record_recovery(
                    acting_user=None,
                    recommendation=recommendation,
                    recovered_on=day,
                    amount=event.amount,
                    document_number=event.document_number,
                    note=event.note,
                    is_sample=True,
                )
            elif isinstance(event, Report):
                task_actions.report_progress(
                    acting_user=None,
                    task=task,
                    unit=task.lead_unit,
                    reported_on=day,
                    narrative=event.narrative,
                    percent_complete=event.percent,
                    is_sample=True,
                )
            elif isinstance(event, Case):
                actions.add_discipline_case(
                    acting_user=None,
                    recommendation=recommendation,
                    person=event.person,
                    position=event.position,
                    is_sample=True,
                )
            elif isinstance(event, Decide):
                case = DisciplineCase.objects.get(recommendation=recommendation, person=event.person)
                actions.decide_discipline_case(
                    acting_user=None,
                    case=case,
                    outcome=event.outcome,
                    decided_on=day,
                    decision_number=event.decision_number,
                )
            elif isinstance(event, Complete):
                proposal = task_actions.propose_completion(
                    acting_user=None, task=task, proposed_on=day, result=event.result, is_sample=True
                )
                task_actions.decide_request(acting_user=None, request=proposal, approve=True, decided_on=day)
            elif isinstance(event, Confirm):
                actions.confirm_closure(
                    acting_user=None,
                    recommendation=recommendation,
                    confirmed_on=day,
                    document_number=event.document_number,
                )

        return write

    def run(self, conclusions, *, until: date | None) -> int:
        """Register the conclusions not registered yet and write their history up to `until` (all of it
        when None); what comes later waits in `demo.pending` for `load_oversight_after`."""
        events = []
        registered = 0
        for conclusion in conclusions:
            if self.registered(conclusion):
                continue
            events.extend(self.register(conclusion))
            registered += 1
        events.sort(key=lambda event: (event[0], event[1]))
        for day, _order, write in events:
            if until is None or day <= until:
                write()
        self.demo.pending.setdefault("oversight", []).extend(
            event for event in events if until is not None and event[0] > until
        )
        return registered


def dated_by(conclusion: Conclusion, day: date) -> bool:
    """Whether the conclusion (or, undated, the follow-up of it) is dated on or before `day`."""
    return (conclusion.issued_on or conclusion.assigned_on) <= day


def load_oversight(demo) -> None:
    """The conclusions dated before the reorganisation (all those dated by today when the demo runs
    before it), with their history up to its eve; the rest waits for `load_oversight_after`."""
    today = clock.today()
    last_day = demo.history_split or today
    writer = OversightWriter(demo, today)
    registered = writer.run([c for c in CONCLUSIONS if dated_by(c, last_day)], until=demo.history_split)
    demo.log(f"oversight: {registered} conclusions registered" if registered else "oversight: already there")


def load_oversight_after(demo) -> None:
    """From the reorganisation's first day: the later history of the earlier conclusions, under the
    units that hold their recommendations, and the conclusions dated since."""
    if demo.history_split is None:
        return
    pending = sorted(demo.pending.pop("oversight", []), key=lambda event: (event[0], event[1]))
    for _day, _order, write in pending:
        write()
    today = clock.today()
    later = [c for c in CONCLUSIONS if not dated_by(c, demo.history_split) and dated_by(c, today)]
    registered = OversightWriter(demo, today).run(later, until=None)
    if pending or registered:
        demo.log(f"oversight: {len(pending)} later events written, {registered} conclusions registered")
