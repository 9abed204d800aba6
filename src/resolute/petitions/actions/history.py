"""Recording many past petitions at once: a unit's register of earlier years, taken over when it starts
using Resolute (and the demo's history of 2023–2024).

Each past petition comes with its whole timeline. Writing it through the other actions, step by step,
re-reads and locks the petition and the working calendar at every step: about 15 seconds for the
demo's 450 petitions and 2,700 steps on SQLite. Here the petitions, their petitioners, steps,
extensions and handlers are written in a few statements, with every date of their clocks computed by
the same rules the other actions use (`common.refresh_clock`, the deadlines module), and each
creation logged as those actions log it (the petitioner without any value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resolute.core import clock
from resolute.core.calendar import WorkingCalendar
from resolute.core.changelog import record_creations, record_stated_changes
from resolute.core.models import ChangeLogEntry

from ..choices import Channel, Complexity, Outcome, PetitionKind, Stage, StepKind
from ..deadlines import extended_deadline, settlement_limit
from ..models import Petition, Petitioner, PetitionExtension, PetitionHandler, PetitionStep
from .common import LOGGED_FIELDS, refresh_clock
from .intake import lookup_secret_hash, new_code_number, new_lookup_secret

PERSON_FIELDS = ("full_name", "id_number", "address", "phone", "email")

# The steps a past petition may have, in the order the law has them.
STEP_NAMES = (
    "route",
    "assign",
    "forward",
    "accept",
    "refuse",
    "verify",
    "dialogue",
    "extend",
    "decide",
    "publish",
    "enforce",
    "withdraw",
)


@dataclass
class PastStep:
    """One step of a past petition: `name` is one of `STEP_NAMES`; `unit` the competent unit (route),
    `user` the person assigned (assign), `text` the body forwarded to or the step's note, `days` an
    extension's days, `outcome` a decision's."""

    day: date
    name: str
    document_number: str = ""
    unit: object = None
    user: object = None
    text: str = ""
    days: int = 0
    outcome: str = ""


@dataclass
class PastPetition:
    """A petition of an earlier year with its timeline (`duplicate_of`: the past petition it repeats)."""

    kind: str
    channel: str
    received_on: date
    received_by_unit: object
    petitioner: dict
    subject: str
    content: str
    complexity: str = Complexity.ORDINARY
    instance: str = ""
    is_remote_area: bool = False
    at_competent_unit: bool = False
    duplicate_of: PastPetition | None = None
    steps: list[PastStep] = field(default_factory=list)
    # Set once written.
    petition: Petition | None = None


def _check(past: list[PastPetition], until: date) -> None:
    """Refuse a register whose rows break the rules the step-by-step actions enforce on their own."""
    errors = []
    for number, row in enumerate(past, start=1):
        problems = []
        if row.kind not in PetitionKind.values or row.channel not in Channel.values:
            problems.append(_("its kind or channel is unknown"))
        if row.complexity not in Complexity.values:
            problems.append(_("its complexity is unknown"))
        if row.received_on > until or not row.received_by_unit.is_open_on(row.received_on):
            problems.append(_("its receiving unit was not open that day, or the day is to come"))
        if not (row.petitioner.get("full_name") or "").strip():
            problems.append(_("its petitioner has no name"))
        if row.duplicate_of is not None and row.duplicate_of.petitioner != row.petitioner:
            problems.append(_("it repeats another person's petition"))
        previous = row.received_on
        for step in row.steps:
            if step.name not in STEP_NAMES:
                problems.append(_("a step is unknown"))
            if step.day < previous:
                problems.append(_("a step comes before the one before it"))
            if step.name == "decide" and step.outcome not in Outcome.values:
                problems.append(_("a decision has no outcome"))
            previous = step.day
        if problems:
            errors.append(
                _("Petition %(number)s received on %(day)s: %(problems)s.")
                % {"number": number, "day": row.received_on.isoformat(), "problems": "; ".join(problems)}
            )
    if errors:
        raise ValidationError({"petitions": errors})


@transaction.atomic
def record_past_petitions(
    *, acting_user, petitions: list[PastPetition], until: date | None = None, is_sample: bool = False
) -> list[Petition]:
    """Record past petitions with their timelines up to `until` (today when None; later steps are left
    out), coded in the order they were received. Only the system (an import, the demo) records a
    register: a person enters petitions one by one."""
    if acting_user is not None:
        raise PermissionDenied(_("Past petitions are recorded by an import, not by hand."))
    until = min(until or clock.today(), clock.today())
    _check(petitions, until)
    calendar = WorkingCalendar()
    petitioners = _petitioners(acting_user, petitions, is_sample)
    codes = _codes(petitions)
    steps, extensions, handlers, written = [], [], [], []
    # Originals first, so each duplicate can name its petition.
    for wave in (
        [row for row in petitions if row.duplicate_of is None],
        [row for row in petitions if row.duplicate_of],
    ):
        rows = []
        for row in wave:
            petition, row_steps, row_extensions, row_handlers = _state_of(
                row, codes[id(row)], petitioners[id(row)], until, calendar, is_sample
            )
            row.petition = petition
            rows.append(petition)
            steps.append((petition, row_steps))
            extensions.append((petition, row_extensions))
            handlers.append((petition, row_handlers))
        Petition.objects.bulk_create(rows)
        record_creations(actor=acting_user, instances=rows, fields=LOGGED_FIELDS)
        written.extend(rows)
    for petition, rows in steps:
        for step in rows:
            step.petition = petition
    PetitionStep.objects.bulk_create([step for _petition, rows in steps for step in rows], batch_size=1000)
    for petition, rows in extensions:
        for extension in rows:
            extension.petition = petition
    PetitionExtension.objects.bulk_create([row for _petition, rows in extensions for row in rows])
    PetitionHandler.objects.bulk_create(
        [
            PetitionHandler(petition=petition, user=user, assigned_on=day)
            for petition, rows in handlers
            for user, day in rows
        ],
        ignore_conflicts=True,
    )
    return written


def _petitioners(acting_user, petitions: list[PastPetition], is_sample: bool) -> dict[int, Petitioner]:
    """One record per person (by identity card number, else by name and address), known ones reused."""
    known = {
        person.id_number: person
        for person in Petitioner.objects.filter(
            id_number__in=[
                row.petitioner.get("id_number") for row in petitions if row.petitioner.get("id_number")
            ]
        )
    }
    by_key: dict[str, Petitioner] = {}
    new = []
    for row in petitions:
        key = _person_key(row.petitioner)
        if key not in by_key:
            id_number = str(row.petitioner.get("id_number") or "").strip()
            person = known.get(id_number) if id_number else None
            if person is None:
                person = Petitioner(
                    **{name: str(row.petitioner.get(name) or "").strip() for name in PERSON_FIELDS},
                    is_organisation=bool(row.petitioner.get("is_organisation")),
                    is_sample=is_sample,
                )
                new.append(person)
            by_key[key] = person
    Petitioner.objects.bulk_create(new)
    record_stated_changes(
        actor=acting_user,
        changes=[(person, {}, _("Identity recorded.")) for person in new],
        action=ChangeLogEntry.Action.CREATE,
    )
    return {id(row): by_key[_person_key(row.petitioner)] for row in petitions}


def _person_key(petitioner: dict) -> str:
    """The same person: the same identity card number, else the same name and address."""
    id_number = str(petitioner.get("id_number") or "").strip()
    if id_number:
        return id_number
    return f"{str(petitioner.get('full_name') or '').strip()}|{str(petitioner.get('address') or '').strip()}"


def _codes(petitions: list[PastPetition]) -> dict[int, str]:
    """The codes of each receiving year, after those already given, in the order of receipt."""
    next_number: dict[int, int] = {}
    codes = {}
    for row in sorted(petitions, key=lambda past: past.received_on):
        year = row.received_on.year
        if year not in next_number:
            next_number[year] = new_code_number(year)
        codes[id(row)] = f"{year}-{next_number[year]:05d}"
        next_number[year] += 1
    return codes


def _document_step(kind: str, step: PastStep, note: str = "") -> PetitionStep:
    return PetitionStep(
        kind=kind, day=step.day, document_number=step.document_number, document_date=step.day, note=note
    )


def _state_of(row: PastPetition, code: str, petitioner, until: date, calendar, is_sample: bool):
    """The petition as the step-by-step actions would leave it after its steps up to `until`, with
    those steps, its extensions and its handlers."""
    petition = Petition(
        code=code,
        # The register hands no receipt: a secret nobody knows, so the public page opens none of these.
        lookup_secret_hash=lookup_secret_hash(code, new_lookup_secret()),
        kind=row.kind,
        channel=row.channel,
        received_on=row.received_on,
        received_by_unit=row.received_by_unit,
        petitioner=petitioner,
        subject=row.subject,
        content=row.content,
        instance=row.instance or ("first" if row.kind == PetitionKind.COMPLAINT else ""),
        complexity=row.complexity,
        is_remote_area=row.is_remote_area,
        handling_unit=row.received_by_unit if row.at_competent_unit else None,
        routed_on=row.received_on if row.at_competent_unit else None,
        stage=Stage.CLASSIFIED,
        duplicate_of=row.duplicate_of.petition if row.duplicate_of else None,
        is_sample=is_sample,
    )
    steps = [
        PetitionStep(kind=StepKind.RECEIVED, day=row.received_on),
        PetitionStep(kind=StepKind.CLASSIFIED, day=row.received_on, note=str(PetitionKind(row.kind).label)),
    ]
    if petition.duplicate_of is not None:
        steps.append(PetitionStep(kind=StepKind.LINKED, day=row.received_on, note=petition.duplicate_of.code))
    extensions, handlers, added = [], [], 0
    refresh_clock(petition, calendar, 0)
    for step in row.steps:
        if step.day > until:
            break
        if step.name == "route":
            petition.handling_unit, petition.routed_on = step.unit, step.day
            steps.append(PetitionStep(kind=StepKind.ROUTED, day=step.day))
        elif step.name == "assign":
            handlers.append((step.user, step.day))
        elif step.name == "forward":
            petition.forwarded_to, petition.forwarded_on = step.text, step.day
            petition.forward_letter_number, petition.stage = step.document_number, Stage.FORWARDED
            steps.append(_document_step(StepKind.FORWARDED, step, step.text))
        elif step.name == "accept":
            petition.accepted_on, petition.stage = step.day, Stage.ACCEPTED
            steps.append(_document_step(StepKind.ACCEPTED, step))
        elif step.name == "refuse":
            petition.refused_on, petition.refusal_reason, petition.stage = step.day, step.text, Stage.REFUSED
            steps.append(_document_step(StepKind.REFUSED, step, step.text))
        elif step.name in ("verify", "dialogue"):
            kind = StepKind.VERIFICATION if step.name == "verify" else StepKind.DIALOGUE
            petition.stage = Stage(kind)
            steps.append(_document_step(kind, step, step.text))
        elif step.name == "extend":
            added += step.days
            limit = settlement_limit(
                petition.kind,
                instance=petition.instance,
                complexity=petition.complexity,
                remote_area=petition.is_remote_area,
            )
            extensions.append(
                PetitionExtension(
                    number=len(extensions) + 1,
                    decided_on=step.day,
                    decision_number=step.document_number,
                    days=step.days,
                    previous_deadline=petition.settlement_deadline,
                    new_deadline=extended_deadline(petition.accepted_on, limit, added, calendar),
                    reason=step.text,
                )
            )
            steps.append(_document_step(StepKind.EXTENDED, step, step.text))
        elif step.name == "decide":
            petition.decided_on, petition.decision_number = step.day, step.document_number
            petition.outcome, petition.stage = step.outcome, Stage.DECIDED
            steps.append(_document_step(StepKind.DECIDED, step))
        elif step.name == "publish":
            petition.published_on, petition.stage = step.day, Stage.PUBLISHED
            steps.append(PetitionStep(kind=StepKind.PUBLISHED, day=step.day))
        elif step.name == "enforce":
            petition.enforced_on, petition.stage = step.day, Stage.ENFORCED
            steps.append(PetitionStep(kind=StepKind.ENFORCED, day=step.day))
        elif step.name == "withdraw":
            petition.withdrawn_on, petition.stage = step.day, Stage.WITHDRAWN
            steps.append(PetitionStep(kind=StepKind.WITHDRAWN, day=step.day, note=step.text))
        refresh_clock(petition, calendar, added)
    return petition, steps, extensions, handlers
