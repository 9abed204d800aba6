"""The shapes the petitions API reads and writes (`api.py`, mounted at /api/v1/petitions).

Related records are named by id (`received_by_unit_id`, `handling_unit_id`); an error about one names
that field. Kinds, channels, stages and outcomes are the codes of `choices`, each answered with its
label in the reader's language beside it.

A petitioner's identity (`petitioner`) is answered on a petition's own detail only, and only to those
the one rule lets read it (`permissions.can_read_identity`: for a denunciation, the people handling
it); everyone else, and every list, gets null. The lookup answers a petitioner's own progress, never
anything else.
"""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from resolute.core.schemas import Day, Id, InputSchema, Text, Version, model_text
from resolute.orgunits.schemas import UnitRef

from .choices import Channel, Complexity, Instance, Outcome, PetitionKind, Stage, StepKind
from .deadlines import EXTENSION_DAYS_AT_MOST
from .filters import STANDING_CHOICES, DeadlineState
from .models import Petition, Petitioner

# -- reading ----------------------------------------------------------------------------------------


class PetitionListQuery(InputSchema):
    """The filters of the petition list (`filters.PetitionFilter`), with the same names and meaning."""

    q: Text(200) | None = Field(None, description="Words of the code or the subject.")
    kind: PetitionKind | None = None
    stage: Stage | None = None
    deadline_state: Literal[tuple(value for value, _label in DeadlineState.choices)] | None = Field(
        None, description="Where the next deadline stands on `as_of`: late, due_soon, on_track, closed."
    )
    received_by_unit: Id | None = Field(None, description="Id of the unit that received it.")
    handling_unit: Id | None = Field(None, description="Id of its competent unit.")
    received_from: Day | None = None
    received_to: Day | None = None
    year: int | None = Field(None, description="The year it was received.")
    area: Id | None = Field(None, description="Id of a unit: received by or handled in it or below it.")
    alone: bool | None = Field(None, description="With `area`: that unit only, not the units below it.")
    under: Id | None = Field(None, description="Id of a unit: counted under it in the breakdown of `area`.")
    standing: Literal[tuple(value for value, _label in STANDING_CHOICES)] | None = Field(
        None, description="Settled on time or late, closed otherwise, open within the deadline or overdue."
    )
    as_of: Day | None = Field(
        None, description="The day deadlines and standings are judged on. Default: today."
    )
    sort: str | None = Field(None, description="next_deadline (default), -next_deadline, received_on, …")


class PetitionListItem(Schema):
    id: int
    code: str
    kind: PetitionKind
    kind_label: str
    channel: Channel
    subject: str
    received_on: date
    received_by: UnitRef
    handling_unit: UnitRef | None
    forwarded_to: str
    stage: Stage
    stage_label: str
    next_deadline: date | None
    deadline_state: str = Field(description="late, due_soon, on_track or closed, on `as_of`.")
    duplicate_of: str | None = Field(description="The code of the petition it duplicates, if any.")

    @staticmethod
    def resolve_kind_label(petition) -> str:
        return str(petition.get_kind_display())

    @staticmethod
    def resolve_stage_label(petition) -> str:
        return str(petition.get_stage_display())

    @staticmethod
    def resolve_received_by(petition):
        return petition.received_by_unit

    @staticmethod
    def resolve_duplicate_of(petition) -> str | None:
        return petition.duplicate_of.code if petition.duplicate_of_id else None

    @staticmethod
    def resolve_deadline_state(petition) -> str:
        return getattr(petition, "deadline_state", "")


class PetitionerOut(Schema):
    full_name: str
    id_number: str
    address: str
    phone: str
    email: str
    is_organisation: bool


class StepOut(Schema):
    kind: StepKind
    label: str
    day: date
    document_number: str
    note: str

    @staticmethod
    def resolve_label(step) -> str:
        return str(step.get_kind_display())


class ExtensionOut(Schema):
    number: int
    decided_on: date
    decision_number: str
    days: int
    previous_deadline: date
    new_deadline: date


class FileOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int


class PetitionDetail(PetitionListItem):
    version: int
    content: str
    signatories: int
    concerned_unit: UnitRef | None
    concerned_act: str
    instance: str
    complexity: Complexity
    is_remote_area: bool
    acceptance_deadline: date
    accepted_on: date | None
    refused_on: date | None
    refusal_reason: str
    original_settlement_deadline: date | None
    settlement_deadline: date | None
    decided_on: date | None
    decision_number: str
    outcome: str
    published_on: date | None
    enforced_on: date | None
    withdrawn_on: date | None
    forwarded_on: date | None
    forward_letter_number: str
    steps: list[StepOut]
    extensions: list[ExtensionOut]
    files: list[FileOut] = Field(
        description="Its files (GET /{id}/files/{file_id}); a denunciation's only to who reads its author."
    )
    petitioner: PetitionerOut | None = Field(
        description="Who petitioned: only to those who may read it (for a denunciation, the people "
        "handling it); null for everyone else."
    )

    @staticmethod
    def resolve_steps(petition) -> list:
        return petition.steps_shown

    @staticmethod
    def resolve_files(petition) -> list:
        return petition.files_shown

    @staticmethod
    def resolve_extensions(petition) -> list:
        return list(petition.extensions.all())

    @staticmethod
    def resolve_petitioner(petition):
        return petition.identity_shown


class CreatedPetition(Schema):
    petition: PetitionDetail
    secret: str = Field(
        description="The lookup secret for the petitioner's receipt: shown this once, only its hash is kept."
    )


# -- the figures ------------------------------------------------------------------------------------


class StatisticsQuery(InputSchema):
    unit: Id | None = Field(None, description="Id of a unit: the petitions received by or handled in it.")
    start: Day | None = Field(None, description="The first day counted. Default: 1 January of `end`'s year.")
    end: Day | None = Field(
        None, description="The last day counted, the day figures are judged on. Default: today."
    )
    include_subtree: bool = Field(True, description="Count the units below `unit` too.")
    carried_over: bool = Field(
        False, description="Count the petitions brought forward from before `start` too (the inspectorate's)."
    )


class CountsOut(Schema):
    received: int
    carried_over: int
    duplicates: int
    several_signatories: int
    accepted: int
    in_competence: int
    settled: int
    settled_on_time: int
    settled_late: int
    upheld: int
    partly_upheld: int
    rejected: int
    answered: int
    refused: int
    forwarded: int
    withdrawn: int
    open: int
    open_within: int
    open_overdue: int
    extended: int
    extensions: int


class KindCountsOut(Schema):
    kind: PetitionKind
    label: str
    counts: CountsOut


class UnitCountsOut(Schema):
    unit: UnitRef
    counts: CountsOut


class PeriodOut(Schema):
    start: date
    end: date
    total: CountsOut
    by_kind: list[KindCountsOut]
    by_unit: list[UnitCountsOut]


class StatisticsOut(Schema):
    unit: UnitRef | None
    include_subtree: bool
    carried_over: bool
    current: PeriodOut
    last_year: PeriodOut
    change: str | None = Field(
        description="(received − received a year earlier) ÷ received a year earlier × 100, one decimal; "
        "null when nothing was received a year earlier."
    )
    change_formula: str


# -- the public lookup ------------------------------------------------------------------------------


class LookupIn(InputSchema):
    code: Text(20, min_length=1)
    secret: Text(64, min_length=1)


class PublicStepOut(Schema):
    kind: str
    label: str
    day: date
    document_number: str


class LookupOut(Schema):
    code: str
    kind_label: str
    received_on: date
    received_by: str
    handling_unit: str
    stage: str
    stage_label: str
    next_deadline: date | None
    decided_on: date | None
    decision_number: str
    steps: list[PublicStepOut]


# -- writing ----------------------------------------------------------------------------------------


class PetitionerIn(InputSchema):
    full_name: model_text(Petitioner, "full_name", min_length=1)
    id_number: model_text(Petitioner, "id_number") = ""
    address: model_text(Petitioner, "address") = ""
    phone: model_text(Petitioner, "phone") = ""
    email: model_text(Petitioner, "email") = ""
    is_organisation: bool = False


class PetitionCreate(InputSchema):
    kind: PetitionKind
    channel: Channel
    received_on: Day
    received_by_unit_id: Id
    petitioner: PetitionerIn
    subject: model_text(Petition, "subject", min_length=1)
    content: Text(20000, min_length=1)
    signatories: int = Field(1, ge=1, le=10000)
    concerned_unit_id: Id | None = None
    concerned_act: model_text(Petition, "concerned_act") = ""
    instance: Instance | Literal[""] = ""
    complexity: Complexity = Complexity.ORDINARY
    is_remote_area: bool = False
    duplicate_of_id: Id | None = Field(None, description="Id of the petition of the same person it repeats.")
    handling_unit_id: Id | None = Field(
        None, description="When received at the competent unit itself: that unit (the receiving one)."
    )


class RouteIn(InputSchema):
    handling_unit_id: Id
    day: Day
    note: Text(2000) = ""
    version: Version = None


class AcceptIn(InputSchema):
    day: Day
    document_number: model_text(Petition, "decision_number", min_length=1)
    complexity: Complexity | None = None
    instance: Instance | None = None
    is_remote_area: bool | None = None
    version: Version = None


class RefuseIn(InputSchema):
    day: Day
    reason: Text(5000, min_length=1)
    document_number: model_text(Petition, "decision_number", min_length=1)
    version: Version = None


class DecideIn(InputSchema):
    day: Day
    decision_number: model_text(Petition, "decision_number", min_length=1)
    outcome: Outcome
    note: Text(5000) = ""
    version: Version = None


class PetitionStepIn(InputSchema):
    kind: Literal["verification", "dialogue"]
    day: Day
    note: Text(5000, min_length=1) = Field(description="What was done.")
    document_number: model_text(Petition, "decision_number") = ""
    document_date: Day | None = None
    version: Version = None


class ExtendIn(InputSchema):
    decided_on: Day
    decision_number: model_text(Petition, "decision_number", min_length=1)
    days: int = Field(ge=1, le=EXTENSION_DAYS_AT_MOST, description="Up to 30 days each time.")
    reason: Text(5000, min_length=1)
    version: Version = None


class PublishIn(InputSchema):
    day: Day
    document_number: model_text(Petition, "decision_number") = ""
    note: Text(5000) = ""
    version: Version = None


class WithdrawIn(InputSchema):
    day: Day
    note: Text(5000) = Field("", description="The petitioner's request to withdraw.")
    version: Version = None


class HandlerIn(InputSchema):
    user_id: Id = Field(description="Id of a person of the competent unit.")


class EnforceIn(PublishIn):
    pass


class ComplexityIn(InputSchema):
    complexity: Complexity
    reason: Text(5000, min_length=1) = Field(description="Why it changes.")
    instance: Instance | None = Field(None, description="A complaint's instance; a denunciation has none.")
    is_remote_area: bool | None = Field(None, description="A complaint only.")
    version: Version = None


class ReclassifyIn(InputSchema):
    kind: PetitionKind
    reason: Text(5000, min_length=1) = Field(description="Why it is of this kind.")
    version: Version = None


class ForwardIn(InputSchema):
    forwarded_to: Text(300, min_length=1) = Field(description="The body competent to settle it.")
    day: Day
    letter_number: model_text(Petition, "forward_letter_number", min_length=1)
    note: Text(5000) = ""
    version: Version = None


class LinkIn(InputSchema):
    original_id: Id = Field(description="Id of the same person's earlier petition on the same matter.")
    version: Version = None
