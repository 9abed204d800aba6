"""What the units API reads and writes. Input is checked by the same forms as the web pages, so
the schemas here describe shapes; the rules (codes free, parents open, no cycles) live once."""

from datetime import date

from ninja import Field, Schema

from resolute.core.schemas import Day, Id, InputSchema, Text, Version, model_text

from .models import OrgUnit, OrgUnitKind, UnitSuccession

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
