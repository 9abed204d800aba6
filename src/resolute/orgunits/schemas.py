"""What the units API reads and writes. Input is checked by the same forms as the web pages, so
the schemas here describe shapes; the rules (codes free, parents open, no cycles) live once."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from resolute.core.schemas import Day, Id, InputSchema, Text, Version, model_text

from .models import (
    OrgUnit,
    OrgUnitKind,
    PlannedUnit,
    Reorganisation,
    ReorganisationStep,
    ReorganisationStepKind,
    UnitSuccession,
)

Name = model_text(OrgUnit, "name", min_length=1)
NameEn = model_text(OrgUnit, "name_en")
ShortName = model_text(OrgUnit, "short_name")
Code = model_text(OrgUnit, "code")
Email = model_text(OrgUnit, "email")
DocumentSymbol = model_text(OrgUnit, "document_symbol")


class UnitRef(Schema):
    id: int
    name: str
    code: str


class SuccessionOut(Schema):
    unit: UnitRef
    kind: UnitSuccession.Kind
    effective_on: date
    note: str


class UnitOut(Schema):
    id: int
    name: str
    name_en: str
    short_name: str
    code: str
    kind: OrgUnitKind
    parent: UnitRef | None
    depth: int
    effective_from: date | None
    effective_to: date | None = Field(description="The last day the unit existed; empty while it exists.")
    is_closed: bool
    email: str
    document_symbol: str = Field(
        description="The unit's part of its documents' numbers (VPTU, UBND-TH); unique, empty if none."
    )
    version: int = Field(description="Send it back with PATCH; a newer version on the server means a 409.")
    url: str

    @staticmethod
    def resolve_url(unit: OrgUnit) -> str:
        return unit.get_absolute_url()


class UnitDetailOut(UnitOut):
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]

    @staticmethod
    def resolve_predecessors(unit: OrgUnit) -> list[dict]:
        return [
            {"unit": s.predecessor, "kind": s.kind, "effective_on": s.effective_on, "note": s.note}
            for s in unit.succession_in.select_related("predecessor").order_by("effective_on", "id")
        ]

    @staticmethod
    def resolve_successors(unit: OrgUnit) -> list[dict]:
        return [
            {"unit": s.successor, "kind": s.kind, "effective_on": s.effective_on, "note": s.note}
            for s in unit.succession_out.select_related("successor").order_by("effective_on", "id")
        ]


class UnitPickOut(Schema):
    """A unit as a picker lists it: enough to tell namesakes apart."""

    id: int
    name: str
    code: str
    parent: UnitRef | None

    @staticmethod
    def resolve_name(unit: OrgUnit) -> str:
        return unit.display_name


class UnitFilters(InputSchema):
    q: Text(200) | None = Field(
        None, description="Words of the name, English name, short name or code; accents optional."
    )
    kind: OrgUnitKind | None = None
    parent: Id | None = Field(None, description="Only the direct sub-units of this unit.")
    under: Id | None = Field(None, description="Only units in the subtree of this unit (itself included).")
    include_closed: bool = False
    as_of: Day | None = Field(
        None,
        description="The units open on this day, where they sat and as they were named then, in that "
        "day's tree order (the tree page's day). The filters apply to today's units. Default: today.",
    )


class UnitSearchQuery(InputSchema):
    q: Text(200) = Field("", description="Words of the name or code; accents optional.")
    administered: bool = Field(False, description="Only units you administer.")
    limit: int = Field(20, ge=1, le=100)


class UnitCreateIn(InputSchema):
    parent: Id | None = Field(None, description="Empty for a top-level unit (superusers only).")
    name: Name
    kind: OrgUnitKind = OrgUnitKind.OTHER
    code: Code = ""
    name_en: NameEn = ""
    short_name: ShortName = ""
    effective_from: Day | None = None
    email: Email = ""
    document_symbol: DocumentSymbol = ""


class UnitPatchIn(InputSchema):
    version: Version = None
    name: Name | None = None
    kind: OrgUnitKind | None = None
    code: Code | None = None
    name_en: NameEn | None = None
    short_name: ShortName | None = None
    effective_from: Day | None = None
    email: Email | None = None
    document_symbol: DocumentSymbol | None = None


class UnitMoveIn(InputSchema):
    parent: Id | None = Field(description="The new parent unit; empty for the top level (superusers only).")


class UnitCloseIn(InputSchema):
    closed_on: Day = Field(description="The last day the unit existed.")
    successors: list[Id] = []
    kind: UnitSuccession.Kind = UnitSuccession.Kind.MERGER
    note: model_text(UnitSuccession, "note") = ""


# -- reorganisations -------------------------------------------------------------------------------

# A unit that exists ("unit:12") or one a reorganisation creates ("planned:3"), as the preview names them.
SuccessorKey = Annotated[
    str,
    StringConstraints(pattern=r"^(unit|planned):[1-9][0-9]{0,17}$"),
    Field(description='An existing unit, "unit:<id>", or a new unit of this reorganisation, "planned:<id>".'),
]


class ReferenceOut(Schema):
    """A unit that exists or one the reorganisation creates."""

    key: str = Field(description='"unit:<id>" or "planned:<id>", as successors are named in requests.')
    id: int
    name: str
    code: str
    is_new: bool = Field(description="True for a unit the reorganisation creates.")


class ReorganisationOut(Schema):
    id: int
    title: str
    legal_basis: str
    effective_on: date = Field(description="The first day of the new organisation.")
    area: UnitRef
    note: str
    status: Reorganisation.Status
    status_label: str
    failure_reason: str = Field(description="Why applying failed, when the status is `failed`.")
    applied_at: datetime | None
    outcome: dict[str, int] = Field(description="What applying did, in numbers, once applied.")
    version: int = Field(description="Send it back with PATCH and apply; a newer one on the server is a 409.")
    url: str

    @staticmethod
    def resolve_status_label(reorganisation: Reorganisation) -> str:
        return str(reorganisation.get_status_display())

    @staticmethod
    def resolve_url(reorganisation: Reorganisation) -> str:
        return reorganisation.get_absolute_url()


class PlannedUnitOut(Schema):
    id: int
    key: str
    name: str
    name_en: str
    short_name: str
    code: str
    kind: OrgUnitKind
    document_symbol: str
    parent: UnitRef | None = Field(description="Its existing parent unit, if any.")
    planned_parent: ReferenceOut | None = Field(description="Its parent among the new units, if any.")
    created: UnitRef | None = Field(description="The unit created from it, once applied.")


class ReorganisationStepOut(Schema):
    id: int
    position: int
    kind: ReorganisationStepKind
    sources: list[UnitRef]
    successors: list[ReferenceOut]
    new_name: str
    new_name_en: str
    new_short_name: str
    new_code: str
    new_parent: ReferenceOut | None


class ReorganisationDetailOut(ReorganisationOut):
    planned_units: list[PlannedUnitOut]
    steps: list[ReorganisationStepOut]

    @staticmethod
    def resolve_planned_units(reorganisation) -> list[dict]:
        return reorganisation.planned_units_out

    @staticmethod
    def resolve_steps(reorganisation) -> list[dict]:
        return reorganisation.steps_out


class ReorganisationFilters(InputSchema):
    status: Reorganisation.Status | None = None
    area: Id | None = Field(None, description="Only reorganisations of this area.")


class ReorganisationCreateIn(InputSchema):
    area: Id = Field(description="The unit under which every changed unit lies; you must administer it.")
    title: model_text(Reorganisation, "title", min_length=1)
    legal_basis: model_text(Reorganisation, "legal_basis", min_length=1)
    effective_on: Day = Field(description="The first day of the new organisation.")
    note: Text(5000) = ""


class ReorganisationPatchIn(InputSchema):
    version: Version = None
    title: model_text(Reorganisation, "title", min_length=1) | None = None
    legal_basis: model_text(Reorganisation, "legal_basis", min_length=1) | None = None
    effective_on: Day | None = None
    note: Text(5000) | None = None


class PlannedUnitIn(InputSchema):
    name: model_text(PlannedUnit, "name", min_length=1)
    kind: OrgUnitKind
    code: model_text(PlannedUnit, "code") = ""
    name_en: model_text(PlannedUnit, "name_en") = ""
    short_name: model_text(PlannedUnit, "short_name") = ""
    document_symbol: model_text(PlannedUnit, "document_symbol") = ""
    parent: Id | None = Field(None, description="An existing open unit of the area.")
    planned_parent: Id | None = Field(None, description="Or a new unit of this reorganisation.")


class StepIn(InputSchema):
    kind: ReorganisationStepKind
    sources: list[Id] = Field(description="The ids of the units changed (several only for a merger).")
    successors: list[SuccessorKey] = Field(
        [], description="Who takes over the work; the first takes what no choice sends elsewhere."
    )
    new_name: model_text(ReorganisationStep, "new_name") = ""
    new_name_en: model_text(ReorganisationStep, "new_name_en") = ""
    new_short_name: model_text(ReorganisationStep, "new_short_name") = ""
    new_code: model_text(ReorganisationStep, "new_code") = ""
    new_parent: SuccessorKey | None = Field(
        None, description="For a move; for an abolished level, where its sub-units go."
    )


class ChoiceIn(InputSchema):
    item_key: Text(80) = Field(description='An open item of the preview, e.g. "tasks.lead:12".')
    successor: SuccessorKey | None = Field(
        description="One of the item's options; empty sends it back to its step's first successor."
    )


class ApplyIn(InputSchema):
    version: Version = None


class ApplyOut(Schema):
    id: int
    status: Reorganisation.Status
    status_label: str
    version: int
    url: str


class ClosureOut(Schema):
    unit: UnitRef
    step: int = Field(description="The position of the operation.")
    kind: UnitSuccession.Kind
    successors: list[ReferenceOut]


class RenameOut(Schema):
    unit: UnitRef
    step: int
    name: str = Field(description="The new name; empty if unchanged.")
    name_en: str
    short_name: str
    code: str = Field(description="The new code; empty if unchanged.")


class MoveOut(Schema):
    unit: UnitRef
    step: int
    old_parent: UnitRef | None
    new_parent: ReferenceOut | None


class HandoverOut(Schema):
    key: str = Field(description="The item's key, for choices.")
    unit: UnitRef = Field(description="The closing unit that holds it.")
    title: str
    role: str
    url: str
    successor: ReferenceOut
    options: list[ReferenceOut] = Field(description="Where it may go; a choice is possible with two or more.")
    chosen: bool = Field(description="True when a choice sends it elsewhere than the first successor.")


class WorkOut(Schema):
    key: str
    label: str
    items: list[HandoverOut]
    kept: int = Field(description="What stays with the old units as history.")
    kept_label: str


class ConflictOut(Schema):
    message: str
    step: int | None = Field(description="The position of the operation concerned, if one.")


class PreviewOut(Schema):
    version: int = Field(description="The version the preview shows; send it when applying.")
    is_applicable: bool
    counts: dict[str, int]
    created: list[PlannedUnitOut]
    closures: list[ClosureOut]
    renames: list[RenameOut]
    moves: list[MoveOut]
    work: list[WorkOut]
    conflicts: list[ConflictOut]


class ImportOut(Schema):
    units: int
    steps: int
