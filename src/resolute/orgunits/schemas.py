"""What the units API reads and writes. Input is checked by the same forms as the web pages, so
the schemas here describe shapes; the rules (codes free, parents open, no cycles) live once."""

from datetime import date

from ninja import Field, Schema

from .models import OrgUnit, OrgUnitKind, UnitSuccession


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


class UnitFilters(Schema):
    q: str | None = Field(
        None, description="Words of the name, English name, short name or code; accents optional."
    )
    kind: OrgUnitKind | None = None
    parent: int | None = Field(None, description="Only the direct sub-units of this unit.")
    under: int | None = Field(None, description="Only units in the subtree of this unit (itself included).")
    include_closed: bool = False


class UnitCreateIn(Schema):
    parent: int | None = Field(None, description="Empty for a top-level unit (superusers only).")
    name: str
    kind: OrgUnitKind = OrgUnitKind.OTHER
    code: str = ""
    name_en: str = ""
    short_name: str = ""
    effective_from: date | None = None
    email: str = ""
    document_symbol: str = ""


class UnitPatchIn(Schema):
    version: int = Field(description="The version the change is based on, as last read.")
    name: str | None = None
    kind: OrgUnitKind | None = None
    code: str | None = None
    name_en: str | None = None
    short_name: str | None = None
    effective_from: date | None = None
    email: str | None = None
    document_symbol: str | None = None


class UnitMoveIn(Schema):
    parent: int | None = Field(description="The new parent unit; empty for the top level (superusers only).")


class UnitCloseIn(Schema):
    closed_on: date = Field(description="The last day the unit existed.")
    successors: list[int] = []
    kind: UnitSuccession.Kind = UnitSuccession.Kind.MERGER
    note: str = ""
