"""The public lookup: a petitioner follows their petition with the code and the secret printed on
their receipt, without signing in. Nothing else is reachable: a wrong code and a wrong secret get the
same answer in the same time, and what is shown is the petition's progress, never its content, its
petitioner, its notes or its documents."""

from dataclasses import dataclass
from datetime import date

from ..actions.intake import lookup_secret_matches
from ..choices import Stage, StepKind
from ..models import Petition, PetitionStep

# Compared against when no petition has the code, so a wrong code costs the same time as a wrong secret.
_NO_HASH = "0" * 64


def find_for_petitioner(code: str, secret: str) -> Petition | None:
    """The petition with `code` whose lookup secret is `secret`, else None."""
    code = (code or "").strip().upper()
    petition = (
        Petition.objects.select_related("handling_unit", "received_by_unit").filter(code=code).first()
        if code
        else None
    )
    stored = petition.lookup_secret_hash if petition is not None else _NO_HASH
    if not lookup_secret_matches(code, secret, stored) or petition is None:
        return None
    return petition


@dataclass(frozen=True)
class PublicStep:
    kind: str
    label: str
    day: date
    document_number: str


@dataclass(frozen=True)
class PublicStatus:
    """What the petitioner sees of their petition: its progress and deadlines, who settles it."""

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
    steps: list[PublicStep]


# The steps a petitioner is told of; the internal ones (classification, handlers' notes) are not.
PUBLIC_STEPS = (
    StepKind.RECEIVED,
    StepKind.ROUTED,
    StepKind.FORWARDED,
    StepKind.ACCEPTED,
    StepKind.REFUSED,
    StepKind.EXTENDED,
    StepKind.DECIDED,
    StepKind.PUBLISHED,
    StepKind.ENFORCED,
    StepKind.WITHDRAWN,
)


def public_status(petition: Petition) -> PublicStatus:
    """The progress of the petition `find_for_petitioner` found, and nothing more."""
    steps = PetitionStep.objects.filter(petition=petition, kind__in=PUBLIC_STEPS).order_by("day", "pk")
    handling = petition.handling_unit
    return PublicStatus(
        code=petition.code,
        kind_label=str(petition.get_kind_display()),
        received_on=petition.received_on,
        received_by=str(petition.received_by_unit),
        handling_unit=str(handling) if handling is not None else (petition.forwarded_to or ""),
        stage=petition.stage,
        stage_label=str(Stage(petition.stage).label),
        next_deadline=petition.next_deadline,
        decided_on=petition.decided_on,
        decision_number=petition.decision_number,
        steps=[
            PublicStep(
                kind=step.kind,
                label=str(StepKind(step.kind).label),
                day=step.day,
                document_number=step.document_number,
            )
            for step in steps
        ],
    )
