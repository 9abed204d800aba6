"""Plans proposed from a document's text, mounted at /api/v1/plans: what the pages under /plans/ do,
with their selectors, permissions, forms and actions. Whoever may read the document reads its
proposals (else 404); only the office that keeps it starts a reading, decides, confirms (403 for
anyone else); only the person who started a reading cancels it (403). A reading runs as a background
job, as on the page: the create answers 202 with the proposal `queued`; poll its detail until it is
`ready` (or `failed`)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from resolute.core.jobs import may_cancel_job
from resolute.core.pagination import CursorPagination
from resolute.core.schemas import Amount, Day, Id, InputSchema, Text, Year
from resolute.directives import selectors as document_selectors

from . import actions, selectors
from .forms import ItemForm, ProposalForm
from .models import Decision, ItemKind, ItemUse, PlanProposal, ProposalStatus
from .permissions import can_propose

# A literal rather than the model's choices: the OpenAPI names an enum after its class, and tasks have a
# `Decision` of their own that would take this one's place.
ItemDecision = Literal[tuple(Decision.values)]

router = Router(tags=["plans"])


def _may_not_propose() -> PermissionDenied:
    return PermissionDenied(_("Only the office that keeps this document may turn it into a plan."))


# The form names related records by the model's field; the API by id.
API_FIELD_NAMES = {
    "unit": "unit_id",
    "indicator": "indicator_id",
    "reference_unit": "reference_unit_id",
    "baseline_for": "baseline_for_id",
}
FORM_FIELD_NAMES = {api: form for form, api in API_FIELD_NAMES.items()}


# -- schemas ---------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return str(user)


class ProposalOut(Schema):
    id: int
    document_id: int
    status: ProposalStatus
    status_label: str = Field(description="The status in the reader's language.")
    source_name: str = Field(description="The file read, empty when the text was pasted.")
    language: str = Field(description="The language asked for; empty: recognised from the text.")
    detected_language: str
    paragraphs_done: int
    paragraphs_total: int
    percent_done: int
    failure_reason: str = Field(description="Why the reading failed or stopped, empty otherwise.")
    created_by: PersonRef | None
    created_at: datetime
    finished_at: datetime | None
    confirmed_by: PersonRef | None
    confirmed_at: datetime | None

    @staticmethod
    def resolve_status_label(proposal) -> str:
        if isinstance(proposal, dict):
            return proposal["status_label"]
        return str(proposal.get_status_display())

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "document_id": 12,
                    "status": "ready",
                    "status_label": "ready for review",
                    "source_name": "",
                    "language": "",
                    "detected_language": "vi",
                    "paragraphs_done": 3,
                    "paragraphs_total": 3,
                    "percent_done": 100,
                    "failure_reason": "",
                    "created_by": {"id": 4, "name": "Nguyễn Văn An"},
                    "created_at": "2026-12-05T09:30:00+07:00",
                    "finished_at": "2026-12-05T09:30:04+07:00",
                    "confirmed_by": None,
                    "confirmed_at": None,
                }
            ]
        }
    )


class ItemOut(Schema):
    id: int
    position: int = Field(description="Its number in the text, as the review screen shows it.")
    kind: ItemKind
    text: str = Field(description="The sentence it was read from.")
    start: int
    end: int
    line: int
    area: str
    decision: ItemDecision
    title: str
    unit_id: int | None
    indicator_id: int | None
    new_indicator_name: str
    new_indicator_unit: str
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    baseline_value: Decimal | None
    baseline_year: int | None
    reference_unit_id: int | None
    year: int | None
    deadline: date | None
    becomes: str
    period: str
    baseline_for_id: int | None
    referenced_document_id: int | None
    relation_kind: str
    reference_number: str
    reference_kind: str
    reference_issuer: str
    reference_issued_on: date | None
    decided_by: PersonRef | None
    decided_at: datetime | None
    clause_id: int | None
    created_task_id: int | None
    created_target_id: int | None
    created_value_id: int | None
    created_finding_id: int | None
    created_relation_id: int | None
    created_document_id: int | None


class ProposalDetail(ProposalOut):
    text: str = Field(description="The text read.")
    may_decide: bool = Field(description="Whether you may decide its items and confirm it now.")
    may_cancel: bool = Field(description="Whether you may cancel the reading now.")
    items: list[ItemOut] = Field(
        description="The proposed items in the text's order; empty until it is ready."
    )


class ProposalCreate(InputSchema):
    text: Text() | None = Field(
        None,
        description="The text to read. Default: the document's own text (422 naming `text` if it has none).",
    )
    language: Literal["", "vi", "en"] = Field("", description="Empty: recognised from the text.")
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "1. Phấn đấu đến cuối năm 2025 tỷ lệ hộ nghèo toàn tỉnh giảm xuống dưới 4%.",
                    "language": "vi",
                }
            ]
        }
    )


class ItemDecisionIn(InputSchema):
    """The decision and, to edit the item, the fields it takes (a field of another kind of item is a 422
    naming it). A field not sent keeps its value."""

    decision: ItemDecision
    title: Text() | None = None
    unit_id: Id | None = Field(None, description="A task's lead unit; the unit of a target or a result.")
    indicator_id: Id | None = None
    new_indicator_name: Text(300) | None = None
    new_indicator_unit: Text(60) | None = None
    comparator: Text(16) | None = None
    value: Amount() | None = None
    value_max: Amount() | None = None
    baseline_value: Amount() | None = None
    baseline_year: Year | None = None
    reference_unit_id: Id | None = None
    year: Year | None = None
    deadline: Day | None = None
    period: Text(8) | None = Field(None, description="A result's period: 2024, or 2024Q2, 2024S1, 202406.")
    becomes: ItemUse | None = None
    baseline_for_id: Id | None = Field(None, description="A result's target, proposed in the same text.")
    reference_number: Text(64) | None = None
    relation_kind: Text(16) | None = None
    reference_kind: Text(32) | None = None
    reference_issuer: Text(255) | None = None
    reference_issued_on: Day | None = None
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "decision": "accepted",
                    "title": "Phân bổ vốn đầu tư công",
                    "unit_id": 5,
                    "deadline": "2025-06-30",
                },
                {"decision": "rejected"},
            ]
        }
    )


# -- reads -----------------------------------------------------------------------------------------


def _detail(user, proposal: PlanProposal) -> dict:
    items = selectors.items_of(proposal) if proposal.status != ProposalStatus.QUEUED else []
    return {
        **{name: getattr(proposal, name) for name in ProposalOut.model_fields if name != "status_label"},
        "status_label": str(proposal.get_status_display()),
        "text": proposal.text,
        "may_decide": can_propose(user, proposal.document) and proposal.status == ProposalStatus.READY,
        "may_cancel": may_cancel_job(user, proposal),
        "items": items,
    }


@router.get(
    "/documents/{int:document_id}",
    response=list[ProposalOut],
    summary="The plans proposed from a document's text, the latest first",
)
@paginate(CursorPagination, page_size=25, max_page_size=100)
def list_proposals(request, document_id: Id):
    document = document_selectors.get_visible_document(request.user, document_id)
    return selectors.proposals_of(document)


@router.get("/{int:proposal_id}", response=ProposalDetail, summary="A proposal with its proposed items")
def read_proposal(request, proposal_id: Id):
    return _detail(request.user, selectors.get_visible_proposal(request.user, proposal_id))


# -- writes ----------------------------------------------------------------------------------------


@router.post(
    "/documents/{int:document_id}",
    response={202: ProposalDetail},
    summary="Read a text into a proposed plan for the document (in the background)",
)
def create_proposal(request, document_id: Id, payload: ProposalCreate, response: HttpResponse):
    """Queue a reading of the text sent (or the document's own text). The answer is 202 with the
    proposal `queued`; `GET /api/v1/plans/{id}` shows its progress, then its items."""
    document = document_selectors.get_visible_document(request.user, document_id)
    if not can_propose(request.user, document):
        raise _may_not_propose()
    text = payload.text if payload.text is not None else document.text
    form = ProposalForm(data={"text": text, "language": payload.language})
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    proposal = actions.start_proposal(
        acting_user=request.user,
        document=document,
        text=form.cleaned_data["text"],
        language=form.cleaned_data["language"],
        source_name="",
    )
    response["Location"] = proposal.get_absolute_url()
    return Status(202, _detail(request.user, selectors.get_visible_proposal(request.user, proposal.pk)))


def _form_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return formats.localize_input(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _renamed(errors: dict) -> dict:
    return {API_FIELD_NAMES.get(name, name): messages for name, messages in errors.items()}


@router.post(
    "/{int:proposal_id}/items/{int:item_id}/decide",
    response=ItemOut,
    summary="Accept (with the fields as edited), reject or set back one proposed item",
)
def decide_item(request, proposal_id: Id, item_id: Id, payload: ItemDecisionIn):
    proposal = selectors.get_visible_proposal(request.user, proposal_id)
    item = selectors.get_visible_item(proposal, item_id)
    if not can_propose(request.user, proposal.document):
        raise _may_not_propose()
    sent = {
        FORM_FIELD_NAMES.get(name, name): value for name, value in payload.dict(exclude_unset=True).items()
    }
    sent.pop("decision")
    taken = ItemForm.fields_of(item.kind)
    foreign = [name for name in sent if name not in taken]
    if foreign:
        raise ValidationError(
            {
                API_FIELD_NAMES.get(name, name): [
                    _("A %(kind)s does not take this field.") % {"kind": item.get_kind_display()}
                ]
                for name in foreign
            }
        )
    prefix = f"item-{item.pk}"
    data = {f"{prefix}-decision": payload.decision}
    for name in taken:
        current = getattr(item, f"{name}_id" if name in ItemForm.FOREIGN_KEYS else name)
        data[f"{prefix}-{name}"] = _form_value(sent.get(name, current))
    form = ItemForm(data, item=item, user=request.user)
    if not form.is_valid():
        raise ValidationError(
            _renamed({name: list(errors) for name, errors in form.errors.as_data().items()})
        )
    try:
        decided = actions.decide_item(
            acting_user=request.user,
            item=item,
            decision=form.cleaned_data["decision"],
            **form.decision_fields(),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(_renamed(error.error_dict)) from error
        raise
    return selectors.item_for_display(proposal, decided.pk)


@router.post(
    "/{int:proposal_id}/confirm",
    response=ProposalDetail,
    summary="Create the plan: what was accepted becomes tasks, targets, values, findings and relations",
)
def confirm_proposal(request, proposal_id: Id):
    """All or nothing: a refusal is a 422 naming each item (`item-3`) with its field's message, and
    nothing is created."""
    proposal = selectors.get_visible_proposal(request.user, proposal_id)
    if not can_propose(request.user, proposal.document):
        raise _may_not_propose()
    actions.confirm_proposal(acting_user=request.user, proposal=proposal)
    return _detail(request.user, selectors.get_visible_proposal(request.user, proposal_id))


@router.post(
    "/{int:proposal_id}/cancel", response=ProposalDetail, summary="Stop a waiting or running reading"
)
def cancel_proposal(request, proposal_id: Id):
    """Only the person who started it (403 for anyone else); a reading that already ended is
    answered as it stands, unchanged."""
    proposal = selectors.get_visible_proposal(request.user, proposal_id)
    actions.cancel_proposal(acting_user=request.user, proposal=proposal)
    return _detail(request.user, selectors.get_visible_proposal(request.user, proposal_id))
