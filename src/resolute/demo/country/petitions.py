"""The country's petitions: per province, complaints, denunciations, recommendations and reflections
received over the last two years by the citizen-reception office, the departments and the communes,
each with its timeline up to the day of the history — routed, forwarded, accepted or refused (some
late), verified, talked over, extended, decided (some late), published, enforced or withdrawn — and a
few people writing again on the same matter, linked to their first petition.

The petitions are planned as `petitions.demo` plans the demo's and written as the register of past
petitions writes them (`petitions.actions.history`): the stage is the last step's, and every date of
the legal clock — the acceptance deadline, the settlement deadline with its extensions, the deadline
owed now (`next_deadline`) — is computed after each step by the actions' own `refresh_clock`, on the
database's working calendar, so a list filtered on them finds what the actions would have left.
"""

import random
from datetime import date, timedelta

from resolute.petitions.actions.common import refresh_clock
from resolute.petitions.actions.intake import lookup_secret_hash
from resolute.petitions.choices import Complexity, Instance, Outcome, PetitionKind, Stage, StepKind
from resolute.petitions.deadlines import acceptance_limit, extended_deadline, settlement_limit
from resolute.petitions.demo import (
    CHANNELS,
    DOCUMENT_KINDS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    KINDS,
    MIDDLE_NAMES,
    NOTES,
    SUBJECTS,
    decision_kind,
)
from resolute.petitions.models import Petition, Petitioner, PetitionExtension, PetitionStep

from .common import RememberingCalendar, Weighted, between, one_of
from .tables import Table

HISTORY_DAYS = 730
KIND = Weighted(list(KINDS.items()))
CHANNEL = Weighted(list(CHANNELS.items()))
COMPLEXITY = Weighted(
    [(Complexity.ORDINARY, 72), (Complexity.COMPLEX, 20), (Complexity.PARTICULARLY_COMPLEX, 8)]
)
WHERE = Weighted([("reception", 45), ("department", 15), ("locality", 40)])
# What becomes of a petition, by how long ago it came in (days).
FATES = [
    (10, Weighted([("received", 30), ("routed", 25), ("accepted", 30), ("refused", 5), ("forwarded", 10)])),
    (
        90,
        Weighted(
            [
                ("routed", 7),
                ("accepted", 20),
                ("verification", 25),
                ("dialogue", 5),
                ("decided", 15),
                ("published", 15),
                ("refused", 5),
                ("forwarded", 5),
                ("withdrawn", 3),
            ]
        ),
    ),
    (
        HISTORY_DAYS + 1,
        Weighted(
            [
                ("settled", 80),
                ("refused", 6),
                ("forwarded", 5),
                ("withdrawn", 3),
                ("accepted", 2),
                ("verification", 3),
                ("dialogue", 1),
            ]
        ),
    ),
]
DEPARTMENT_KEYS = ("agriculture", "construction", "home_affairs", "finance")
FORWARDED_TO = ("Tòa án nhân dân {province}", "Công an {province}", "Viện Kiểm sát nhân dân {province}")
DUPLICATE_PERCENT = 2
# The columns of a petition, read from the unsaved `Petition` the timeline leaves.
PETITION_COLUMNS = (
    "id", "code", "lookup_secret_hash", "kind", "channel", "received_on", "received_by_unit", "petitioner",
    "signatories", "subject", "content", "concerned_unit", "concerned_act", "handling_unit", "routed_on",
    "forwarded_to", "forwarded_on", "forward_letter_number", "instance", "complexity", "is_remote_area",
    "acceptance_deadline", "accepted_on", "refused_on", "refusal_reason", "original_settlement_deadline",
    "settlement_deadline", "decided_on", "decision_number", "outcome", "published_on", "enforced_on",
    "withdrawn_on", "stage", "next_deadline", "duplicate_of",
)  # fmt: skip
ATTRIBUTES = tuple(
    Petition._meta.get_field(name).attname if name != "id" else "pk" for name in PETITION_COLUMNS
)
DEFAULTS = {
    attribute: Petition._meta.get_field(name).get_default() if name != "id" else None
    for name, attribute in zip(PETITION_COLUMNS, ATTRIBUTES, strict=True)
}


class PetitionState:
    """A petition as its timeline leaves it, with the attributes `refresh_clock` reads and sets: a
    `Petition` without the cost of a model instance, made a hundred thousand times."""

    __slots__ = ATTRIBUTES

    def __init__(self, **values):
        unknown = set(values) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"A petition has no {sorted(unknown)}")
        for attribute, default in DEFAULTS.items():
            setattr(self, attribute, values.get(attribute, default))


def petition_tables(stamp) -> dict[str, Table]:
    stamped = {"created_at": stamp, "updated_at": stamp}
    return {
        "petitioners": Table(
            Petitioner,
            ("id", "full_name", "id_number", "address", "phone", "email", "is_organisation"),
            {**stamped, "is_sample": True},
        ),
        "petitions": Table(Petition, PETITION_COLUMNS, {**stamped, "is_sample": True, "version": 1}),
        "steps": Table(
            PetitionStep,
            ("id", "petition", "kind", "day", "document_number", "document_date", "note"),
            stamped,
        ),
        "extensions": Table(
            PetitionExtension,
            (
                "id",
                "petition",
                "number",
                "decided_on",
                "decision_number",
                "days",
                "previous_deadline",
                "new_deadline",
                "reason",
            ),
            stamped,
        ),
    }


class ProvincePetitions:
    """Writes one province's petitions (see the module's docstring)."""

    def __init__(self, generator, province, rng: random.Random):
        self.generator = generator
        self.province = province
        self.rng = rng
        self.seed = generator.options.seed
        self.today = generator.options.today
        self.calendar = RememberingCalendar(generator.calendar)
        self.ids = generator.ids
        self.sink = generator.sink
        self.tables = generator.tables["petitions"]
        self.next_id = {name: generator.ids.counter(table) for name, table in self.tables.items()}
        self.departments = [province.departments[key] for key in DEPARTMENT_KEYS]
        self.inspectorate = province.departments["inspectorate"]
        self.localities = province.communes or [province.committee]
        self.forwarded_to = [name.format(province=province.shape.full_name) for name in FORWARDED_TO]
        self.numbers: dict[tuple[str, int], int] = {}
        self.codes: dict[int, int] = {}
        self.id_numbers: set[str] = set()
        self.rows = {name: [] for name in ("petitioners", "petitions", "steps", "extensions")}

    def write(self, count: int) -> None:
        rng, today = self.rng, self.today
        received = sorted(
            self.calendar.add_working_days(today - timedelta(days=between(rng, 0, HISTORY_DAYS)), 0)
            for _count in range(count)
        )
        earlier: list[tuple] = []
        for received_on in received:
            if received_on > today:
                received_on = self.calendar.add_working_days(today, -1)
            if earlier and rng.randrange(100) < DUPLICATE_PERCENT:
                original = earlier[rng.randrange(len(earlier))]
                self.write_duplicate(original, max(received_on, original[1]))
            else:
                original = self.write_petition(received_on)
                if original is not None and len(earlier) < 500:
                    earlier.append(original)
            if len(self.rows["steps"]) >= 20_000:
                self.flush()
        self.flush()

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.sink.write(self.tables[name], rows)
                rows.clear()

    # -- one petition --------------------------------------------------------------------------------

    def petitioner(self) -> int:
        rng, shape = self.rng, self.province.shape
        commune = one_of(rng, self.localities)
        address = f"Thôn {between(rng, 1, 12)}, {commune.name}, {shape.full_name}"
        if rng.random() < 0.05:
            row = (
                f"Hợp tác xã {commune.name.split(' ', 1)[-1]}",
                "",
                address,
                f"02{between(rng, 10_000_000, 99_999_999)}",
                "",
                True,
            )
        else:
            sex = one_of(rng, ["male", "female"])
            year = between(rng, 1950, 2003)
            family, middle, given = (
                one_of(rng, FAMILY_NAMES),
                one_of(rng, MIDDLE_NAMES[sex]),
                one_of(rng, GIVEN_NAMES[sex]),
            )
            name = f"{family} {middle} {given}"
            century_sex = ("0" if sex == "male" else "1") if year < 2000 else ("2" if sex == "male" else "3")
            while True:
                number = f"0{shape.code}{century_sex}{year % 100:02d}{between(rng, 0, 999_999):06d}"
                if number not in self.id_numbers:
                    self.id_numbers.add(number)
                    break
            email = f"nguoidan.m{self.seed}.{len(self.id_numbers)}@example.com" if rng.random() < 0.2 else ""
            row = (name, number, address, f"09{between(rng, 0, 99_999_999):08d}", email, False)
        petitioner_id = self.next_id["petitioners"]()
        self.rows["petitioners"].append((petitioner_id, *row))
        return petitioner_id

    def code(self, received_on: date) -> str:
        year = received_on.year
        self.codes[year] = self.codes.get(year, 0) + 1
        return f"M{self.seed}-{self.province.shape.code}-{year}-{self.codes[year]:05d}"

    def document_number(self, name: str, kind: str, day: date) -> str:
        symbol = DOCUMENT_KINDS.get(name) or decision_kind(kind)
        key = (symbol, day.year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{self.numbers[key]}/{symbol}"

    def new(
        self, received_on: date, kind: str, petitioner_id: int, receiving, at_competent_unit: bool
    ) -> PetitionState:
        rng = self.rng
        subject, content = one_of(rng, SUBJECTS[kind])
        complexity = (
            COMPLEXITY.pick(rng)
            if kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION)
            else Complexity.ORDINARY
        )
        code = self.code(received_on)
        petition = PetitionState(
            pk=self.next_id["petitions"](),
            code=code,
            lookup_secret_hash=lookup_secret_hash(code, f"{rng.getrandbits(64):016x}"),
            kind=kind,
            channel=CHANNEL.pick(rng),
            received_on=received_on,
            received_by_unit_id=receiving.id,
            petitioner_id=petitioner_id,
            signatories=between(rng, 2, 6) if complexity != Complexity.ORDINARY and rng.random() < 0.3 else 1,
            subject=subject,
            content=content,
            instance=(Instance.SECOND if rng.random() < 0.1 else Instance.FIRST)
            if kind == PetitionKind.COMPLAINT
            else "",
            complexity=complexity,
            handling_unit_id=receiving.id if at_competent_unit else None,
            routed_on=received_on if at_competent_unit else None,
            stage=Stage.CLASSIFIED,
        )
        if kind == PetitionKind.COMPLAINT:
            petition.concerned_unit_id = one_of(rng, self.localities).id
            petition.concerned_act = "Quyết định hành chính về đất đai"
        return petition

    def write_petition(self, received_on: date):
        """Plan a petition's life (as `petitions.demo.Planner.live` does) and write it with its timeline
        up to the day of the history. Returns what a duplicate needs of it."""
        rng, today = self.rng, self.today
        kind = KIND.pick(rng)
        where = WHERE.pick(rng)
        if where == "reception":
            receiving, at_competent_unit = self.province.reception, False
        elif where == "department" and kind != PetitionKind.DENUNCIATION:
            receiving, at_competent_unit = one_of(rng, self.departments), True
        else:
            receiving, at_competent_unit = one_of(rng, self.localities), True
        age = (today - received_on).days
        fate = next(weights for limit, weights in FATES if age < limit).pick(rng)
        if fate == "forwarded" and at_competent_unit:
            fate = "settled"
        petitioner_id = self.petitioner()
        petition = self.new(received_on, kind, petitioner_id, receiving, at_competent_unit)
        events = self.live(
            petition,
            fate,
            at_competent_unit,
            late_acceptance=rng.random() < 0.08,
            late_settlement=rng.random() < 0.12,
        )
        self.write_timeline(petition, events)
        return (petition.pk, received_on, kind, petitioner_id, receiving)

    def write_duplicate(self, original: tuple, received_on: date) -> None:
        """The same person writing again on the same matter: registered, classified and linked to the
        first petition, whose settlement answers both (no deadline of its own)."""
        original_id, _first_received, kind, petitioner_id, receiving = original
        petition = self.new(received_on, kind, petitioner_id, receiving, False)
        petition.duplicate_of_id = original_id
        steps = [
            (StepKind.RECEIVED, received_on, "", None, ""),
            (StepKind.CLASSIFIED, received_on, "", None, str(PetitionKind(kind).label)),
            (StepKind.LINKED, received_on, "", None, "Trùng nội dung với đơn đã nhận."),
        ]
        refresh_clock(petition, self.calendar, 0)
        self.add(petition, steps, [])

    def live(
        self,
        petition: PetitionState,
        fate: str,
        at_competent_unit: bool,
        *,
        late_acceptance: bool,
        late_settlement: bool,
    ):
        """The planned events of the petition, to its fate: [(day, name, values)]."""
        rng, calendar = self.rng, self.calendar
        events = []
        day = petition.received_on
        kind = petition.kind

        def after(start: date, working_days: int) -> date:
            return calendar.add_working_days(start, max(working_days, 1))

        handling = None
        if not at_competent_unit:
            if fate == "received":
                return events
            day = after(day, between(rng, 1, 3))
            if fate == "forwarded":
                events.append((day, "forward", {"to": one_of(rng, self.forwarded_to)}))
                return events
            handling = self.competent_unit(kind)
            events.append((day, "route", {"unit": handling}))
        else:
            handling = petition.handling_unit_id
        remote = kind == PetitionKind.COMPLAINT and handling in self.province.remote_communes
        petition.is_remote_area = remote
        if fate == "routed":
            return events
        limit = acceptance_limit(kind).deadline(petition.received_on, calendar)
        if late_acceptance:
            accept_on = after(limit, between(rng, 2, 8))
        else:
            accept_on = min(after(day, between(rng, 1, 4)), limit)
        accept_on = max(accept_on, day)
        if fate == "refused":
            events.append((accept_on, "refuse", {}))
            return events
        if fate == "withdrawn" and rng.random() < 0.5:
            events.append((accept_on, "withdraw", {}))
            return events
        events.append((accept_on, "accept", {}))
        if fate == "accepted":
            return events
        limit_days = settlement_limit(
            kind, instance=petition.instance, complexity=petition.complexity, remote_area=remote
        ).days
        deadline = accept_on + timedelta(days=limit_days)
        extensions = 0
        if kind == PetitionKind.DENUNCIATION and petition.complexity != Complexity.ORDINARY:
            extensions = 2 if petition.complexity == Complexity.PARTICULARLY_COMPLEX else 1
            if rng.random() < 0.3:
                extensions -= 1
        if kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION):
            verify_on = calendar.add_working_days(
                accept_on + timedelta(days=between(rng, 5, max(6, limit_days // 2))), 0
            )
            events.append((verify_on, "verify", {}))
        if fate == "withdrawn":
            events.append((after(events[-1][0], between(rng, 2, 10)), "withdraw", {}))
            return events
        for _number in range(extensions):
            decided_on = max(calendar.add_working_days(deadline, -between(rng, 1, 3)), events[-1][0])
            events.append((decided_on, "extend", {"days": 30}))
            deadline += timedelta(days=30)
        if fate == "verification":
            return events
        if kind == PetitionKind.COMPLAINT and (fate == "dialogue" or rng.random() < 0.6):
            talk_on = calendar.add_working_days(deadline - timedelta(days=between(rng, 8, 15)), 0)
            events.append((max(talk_on, events[-1][0]), "dialogue", {}))
        if fate == "dialogue":
            return events
        if late_settlement:
            decide_on = calendar.add_working_days(deadline + timedelta(days=between(rng, 3, 25)), 0)
        else:
            decide_on = calendar.add_working_days(
                deadline - timedelta(days=between(rng, 1, max(2, limit_days // 3))), 0
            )
            if decide_on > deadline:
                decide_on = calendar.add_working_days(decide_on, -1)
        decide_on = max(decide_on, events[-1][0])
        outcome = Outcome.ANSWERED
        if kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION):
            outcome = rng.choices(
                [Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.REJECTED], weights=[22, 28, 50]
            )[0]
        events.append((decide_on, "decide", {"outcome": outcome}))
        if fate == "decided":
            return events
        if rng.random() < 0.9:
            events.append((after(decide_on, between(rng, 1, 5)), "publish", {}))
        if fate == "published":
            return events
        if kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) and (
            outcome != Outcome.REJECTED or rng.random() < 0.4
        ):
            events.append((after(events[-1][0], between(rng, 8, 30)), "enforce", {}))
        return events

    def competent_unit(self, kind: str) -> int:
        rng = self.rng
        if kind == PetitionKind.DENUNCIATION:
            return self.inspectorate.id if rng.random() < 0.7 else one_of(rng, self.localities).id
        if kind == PetitionKind.COMPLAINT:
            return one_of(rng, self.localities).id if rng.random() < 0.6 else one_of(rng, self.departments).id
        return one_of(rng, self.departments).id if rng.random() < 0.5 else one_of(rng, self.localities).id

    def write_timeline(self, petition: PetitionState, events: list) -> None:
        """Fold the events up to the day of the history into the petition, its steps and its extensions,
        as `petitions.actions.history` does, the clock refreshed after each."""
        calendar, today = self.calendar, self.today
        kind = petition.kind
        steps = [
            (StepKind.RECEIVED, petition.received_on, "", None, ""),
            (StepKind.CLASSIFIED, petition.received_on, "", None, str(PetitionKind(kind).label)),
        ]
        extensions, added = [], 0
        refresh_clock(petition, calendar, 0)
        for day, name, values in events:
            if day > today:
                break
            number = self.document_number(name, kind, day)
            if name == "route":
                petition.handling_unit_id, petition.routed_on = values["unit"], day
                steps.append((StepKind.ROUTED, day, "", None, ""))
            elif name == "forward":
                petition.forwarded_to, petition.forwarded_on = values["to"], day
                petition.forward_letter_number, petition.stage = number, Stage.FORWARDED
                steps.append((StepKind.FORWARDED, day, number, day, values["to"]))
            elif name == "accept":
                petition.accepted_on, petition.stage = day, Stage.ACCEPTED
                steps.append((StepKind.ACCEPTED, day, number, day, ""))
            elif name == "refuse":
                petition.refused_on, petition.refusal_reason, petition.stage = (
                    day,
                    NOTES["refuse"],
                    Stage.REFUSED,
                )
                steps.append((StepKind.REFUSED, day, number, day, NOTES["refuse"]))
            elif name in ("verify", "dialogue"):
                step_kind = StepKind.VERIFICATION if name == "verify" else StepKind.DIALOGUE
                petition.stage = Stage(step_kind)
                steps.append((step_kind, day, number, day, NOTES[name]))
            elif name == "extend":
                added += values["days"]
                limit = settlement_limit(
                    kind,
                    instance=petition.instance,
                    complexity=petition.complexity,
                    remote_area=petition.is_remote_area,
                )
                extensions.append(
                    (
                        len(extensions) + 1,
                        day,
                        number,
                        values["days"],
                        petition.settlement_deadline,
                        extended_deadline(petition.accepted_on, limit, added, calendar),
                        NOTES["extend"],
                    )
                )
                steps.append((StepKind.EXTENDED, day, number, day, NOTES["extend"]))
            elif name == "decide":
                petition.decided_on, petition.decision_number = day, number
                petition.outcome, petition.stage = values["outcome"], Stage.DECIDED
                steps.append((StepKind.DECIDED, day, number, day, ""))
            elif name == "publish":
                petition.published_on, petition.stage = day, Stage.PUBLISHED
                steps.append((StepKind.PUBLISHED, day, "", None, ""))
            elif name == "enforce":
                petition.enforced_on, petition.stage = day, Stage.ENFORCED
                steps.append((StepKind.ENFORCED, day, "", None, ""))
            elif name == "withdraw":
                petition.withdrawn_on, petition.stage = day, Stage.WITHDRAWN
                steps.append((StepKind.WITHDRAWN, day, "", None, NOTES["withdraw"]))
            refresh_clock(petition, calendar, added)
        self.add(petition, steps, extensions)

    def add(self, petition: PetitionState, steps: list, extensions: list) -> None:
        rows = self.rows
        rows["petitions"].append(tuple(getattr(petition, attribute) for attribute in ATTRIBUTES))
        rows["steps"].extend(
            (self.next_id["steps"](), petition.pk, step_kind, day, number, document_date, note)
            for step_kind, day, number, document_date, note in steps
        )
        rows["extensions"].extend(
            (self.next_id["extensions"](), petition.pk, *extension) for extension in extensions
        )
