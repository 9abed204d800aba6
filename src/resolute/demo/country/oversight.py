"""The country's oversight: per province, conclusions of inspections, State Audit reports, People's
Council supervisions and Party inspections, each with its recommendations followed up as tasks.

As `oversight.actions.add_recommendation` leaves them: a recommendation's task is led by the unit
responsible, assigned by the unit that follows the conclusion up (the People's Committee's office, or
the Party Committee's office for a Party inspection) on the day the conclusion was issued, from the
conclusion's document, with a deadline on or after that day; a recommendation to recover money says how
much, the others do not; the amounts recovered never add up to less than nothing nor to more than was
to be recovered, each dated between the conclusion and the day of the history; the people to discipline
are decided once the task has moved on; a closure is confirmed only after the task was completed.
"""

import random
from datetime import timedelta

from resolute.directives.models import DocumentStatus
from resolute.oversight.actions.oversights import DOCUMENT_KINDS
from resolute.oversight.choices import DisciplineOutcome, OversightKind, RecommendationKind
from resolute.oversight.models import DisciplineCase, Oversight, Recommendation, Recovery

from .common import Weighted, between, one_of
from .tables import Table
from .tasks import OUTCOMES

TEN_MILLION = 10_000_000
KINDS = Weighted(
    [
        (OversightKind.INSPECTION, 45),
        (OversightKind.AUDIT, 20),
        (OversightKind.SUPERVISION, 20),
        (OversightKind.PARTY_INSPECTION, 15),
    ]
)
RECOMMENDATION_KINDS = Weighted(
    [
        (RecommendationKind.RECOVER_MONEY, 30),
        (RecommendationKind.CORRECT, 30),
        (RecommendationKind.DISCIPLINE, 15),
        (RecommendationKind.AMEND_RULES, 15),
        (RecommendationKind.OTHER, 10),
    ]
)
# A recommendation's task has a deadline: every outcome but the standing ones.
TASK_OUTCOMES = Weighted(
    [(outcome, weight) for outcome, weight in OUTCOMES if outcome not in ("standing", "silent")]
)
DECIDED = Weighted(
    [
        (DisciplineOutcome.REPRIMAND, 40),
        (DisciplineOutcome.WARNING, 25),
        (DisciplineOutcome.DEMOTION, 5),
        (DisciplineOutcome.REMOVAL, 3),
        (DisciplineOutcome.NOT_DISCIPLINED, 27),
    ]
)
SUBJECTS = {
    OversightKind.INSPECTION: ("Thanh tra việc quản lý, sử dụng đất đai và đầu tư xây dựng", "KL-TTr"),
    OversightKind.AUDIT: ("Kiểm toán ngân sách địa phương", "BC-KTNN"),
    OversightKind.SUPERVISION: ("Giám sát việc thực hiện chính sách giảm nghèo", "BC-HĐND"),
    OversightKind.PARTY_INSPECTION: ("Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát", "TB-UBKT"),
}
TEXTS = {
    RecommendationKind.RECOVER_MONEY: "Thu hồi số tiền chi sai quy định nộp ngân sách nhà nước",
    RecommendationKind.CORRECT: "Chấn chỉnh công tác quản lý, khắc phục các tồn tại đã nêu",
    RecommendationKind.DISCIPLINE: "Kiểm điểm, xử lý trách nhiệm các tập thể, cá nhân có sai phạm",
    RecommendationKind.AMEND_RULES: "Rà soát, sửa đổi quy chế nội bộ cho phù hợp quy định",
    RecommendationKind.OTHER: "Báo cáo kết quả thực hiện kết luận về cơ quan kiểm tra",
}
POSITIONS = ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Công chức địa chính", "Kế toán", "Trưởng phòng"]


def oversight_tables(stamp) -> dict[str, Table]:
    stamped = {"created_at": stamp, "updated_at": stamp}
    return {
        "oversights": Table(
            Oversight,
            (
                "id",
                "document",
                "kind",
                "inspecting_unit",
                "inspecting_body_name",
                "inspected_unit",
                "follow_up_unit",
                "subject",
                "period_covered",
            ),
            {**stamped, "is_sample": True, "version": 1},
        ),  # fmt: skip
        "recommendations": Table(
            Recommendation,
            (
                "id",
                "oversight",
                "task",
                "label",
                "kind",
                "amount_required",
                "closure_confirmed_on",
                "closure_document_number",
            ),
            {**stamped, "is_sample": True, "version": 1},
        ),
        "recoveries": Table(
            Recovery,
            ("id", "recommendation", "recovered_on", "amount", "document_number"),
            {**stamped, "is_sample": True},
        ),
        "discipline": Table(
            DisciplineCase,
            ("id", "recommendation", "person", "position", "outcome", "decided_on", "decision_number"),
            {**stamped, "is_sample": True},
        ),
    }


class ProvinceOversight:
    """Writes one province's conclusions and their recommendations; returns how many tasks they took."""

    def __init__(self, generator, province, writer, rng: random.Random):
        self.generator = generator
        self.province = province
        self.writer = writer
        self.rng = rng
        self.today = generator.options.today
        self.ids = generator.ids
        self.sink = generator.sink
        self.tables = generator.tables["oversight"]
        self.inspected = list(province.departments.values())[:12] + province.communes

    def write(self, count: int, tasks_left: int) -> int:
        """Write up to `count` conclusions while their recommendations fit in `tasks_left` tasks."""
        used = 0
        for number in range(1, count + 1):
            recommendations = between(self.rng, 2, 6)
            if used + recommendations > tasks_left:
                break
            self.write_oversight(number, recommendations)
            used += recommendations
        return used

    def write_oversight(self, number: int, recommendations: int) -> None:
        rng, province, today = self.rng, self.province, self.today
        kind = KINDS.pick(rng)
        subject, symbol = SUBJECTS[kind]
        inspected = one_of(rng, self.inspected)
        follow_up = (
            province.party_office if kind == OversightKind.PARTY_INSPECTION else province.committee_office
        )
        inspecting = {
            OversightKind.INSPECTION: province.departments["inspectorate"],
            OversightKind.SUPERVISION: province.council,
            OversightKind.PARTY_INSPECTION: province.party_bodies["party_inspection"],
        }.get(kind)
        body_name = "" if inspecting else f"Kiểm toán Nhà nước khu vực {int(province.shape.code) % 13 + 1}"
        issued_on = today - timedelta(days=between(rng, 30, 700))
        document = self.writer.write_document(
            kind=DOCUMENT_KINDS[kind],
            number=f"{number}/{symbol}",
            title=f"{subject} tại {inspected.name} (mô phỏng)",
            issuer=inspecting,
            issuer_name=body_name,
            owner=follow_up,
            issued_on=issued_on,
            status=DocumentStatus.ISSUED,
        )
        oversight_id = self.ids.take(self.tables["oversights"])
        self.sink.write(
            self.tables["oversights"],
            [
                (
                    oversight_id,
                    document,
                    kind,
                    inspecting.id if inspecting else None,
                    body_name,
                    inspected.id,
                    follow_up.id,
                    f"{subject} tại {inspected.name}",
                    f"{issued_on.year - 2}–{issued_on.year - 1}",
                )
            ],
        )
        for label in range(1, recommendations + 1):
            self.write_recommendation(oversight_id, document, issued_on, str(label), inspected, follow_up)

    def write_recommendation(self, oversight_id, document, issued_on, label, inspected, follow_up) -> None:
        rng, today, ids, tables, writer = self.rng, self.today, self.ids, self.tables, self.writer
        kind = RECOMMENDATION_KINDS.pick(rng)
        lead = inspected if rng.random() < 0.8 else one_of(rng, self.inspected)
        plan = writer.plan(TASK_OUTCOMES.pick(rng), lead, follow_up, document, assigned_on=issued_on)
        amount = between(rng, 5, 2000) * TEN_MILLION if kind == RecommendationKind.RECOVER_MONEY else None
        plan.full_title = f"{TEXTS[kind]}{f' ({amount:,} đồng)'.replace(',', '.') if amount else ''}."
        task_id = writer.write(plan)
        completed_on = plan.finish
        closed_on = None
        if completed_on is not None and rng.random() < 0.6:
            closed_on = min(today, completed_on + timedelta(days=between(rng, 5, 40)))
        recommendation_id = ids.take(tables["recommendations"])
        self.sink.write(
            tables["recommendations"],
            [
                (
                    recommendation_id,
                    oversight_id,
                    task_id,
                    label,
                    kind,
                    amount,
                    closed_on,
                    f"{between(rng, 1, 300)}/TB-KL" if closed_on else "",
                )
            ],
        )
        until = completed_on or today
        if amount is not None:
            self.write_recoveries(recommendation_id, amount, issued_on, until, completed_on is not None)
        if kind == RecommendationKind.DISCIPLINE:
            self.write_discipline(recommendation_id, issued_on, until, completed_on is not None)

    def write_recoveries(self, recommendation_id, amount, issued_on, until, completed: bool) -> None:
        """One to three amounts recovered in order, all of it when the task was completed, part of it
        (or nothing yet) otherwise."""
        rng, ids, table = self.rng, self.ids, self.tables["recoveries"]
        entries = between(rng, 1, 3) if completed else between(rng, 0, 2)
        share = 1000 if completed else between(rng, 100, 800)
        total = amount * share // 1000
        span = max((until - issued_on).days, 0)
        days = sorted(issued_on + timedelta(days=between(rng, 0, span)) for _entry in range(entries))
        rows, given = [], 0
        for index, day in enumerate(days):
            part = total - given if index == entries - 1 else total * between(rng, 20, 60) // 100
            part = min(part, total - given)
            if part <= 0:
                continue
            given += part
            rows.append((ids.take(table), recommendation_id, day, part, f"{between(rng, 1, 900)}/GNT"))
        if rows:
            self.sink.write(table, rows)

    def write_discipline(self, recommendation_id, issued_on, until, completed: bool) -> None:
        rng, ids, table = self.rng, self.ids, self.tables["discipline"]
        rows = []
        for _person in range(between(rng, 1, 3)):
            decided = completed or rng.random() < 0.4
            day = (
                issued_on + timedelta(days=between(rng, 0, max((until - issued_on).days, 0)))
                if decided
                else None
            )
            rows.append(
                (
                    ids.take(table),
                    recommendation_id,
                    f"Cán bộ mô phỏng {between(rng, 1, 9999)}",
                    one_of(rng, POSITIONS),
                    DECIDED.pick(rng) if decided else DisciplineOutcome.PENDING,
                    day,
                    f"{between(rng, 1, 500)}/QĐ-KL" if decided else "",
                )
            )
        self.sink.write(table, rows)
