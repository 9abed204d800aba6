"""The documents API, mounted at /api/v1/documents. It validates through the same forms and writes
through the same actions as the pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from resolute.core.concurrency import entity_tag, required_version
from resolute.core.files import download_response
from resolute.core.pagination import CursorPagination
from resolute.core.schemas import Id
from resolute.core.sparse import sparse_fields

from . import actions, selectors
from .filters import DocumentFilter
from .forms import AttachmentForm, DocumentForm, RelationForm
from .models import Document
from .permissions import can_register_documents
from .schemas import (
    AttachmentOut,
    DocumentCreate,
    DocumentDetail,
    DocumentListQuery,
    DocumentPatch,
    DocumentSummary,
    RelationCreate,
    RelationOut,
    attachment_payload,
    relation_payload,
)

router = Router(tags=["documents"])

# Form fields hold related records; the API names them by id.
API_FIELD_NAMES = {"issuer": "issuer_id", "owner": "owner_id", "target": "target_id"}
FORM_FIELD_NAMES = {api: form for form, api in API_FIELD_NAMES.items()}


def form_errors(form) -> ValidationError:
    """A form's errors as a ValidationError keyed by the API's field names (422 naming the field)."""
    return ValidationError(
        {
            API_FIELD_NAMES.get(field, field): [str(message) for message in messages]
            for field, messages in form.errors.items()
        }
    )


def form_data(values: dict) -> dict:
    data = {}
    for name, value in values.items():
        if value is None:
            value = ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "value"):
            value = value.value
        data[FORM_FIELD_NAMES.get(name, name)] = value
    return data


def document_form_data(document: Document) -> dict:
    return form_data(
        {
            "kind": document.kind,
            "number": document.number,
            "issued_on": document.issued_on,
            "status": document.status,
            "title": document.title,
            "issuer_id": document.issuer_id,
            "issuer_name": document.issuer_name,
            "signer": document.signer,
            "owner_id": document.owner_id,
            "text": document.text,
        }
    )


def with_details(document: Document, user, response: HttpResponse | None = None) -> Document:
    document.api_clauses = selectors.clauses_of(document)
    document.api_relations = [
        *selectors.relations_from(document, user),
        *selectors.relations_to(document, user),
    ]
    document.api_attachments = selectors.attachments_of(document)
    if response is not None:
        response["ETag"] = entity_tag(document.version)
    return document


@router.get("/", response=list[DocumentSummary], summary="List the documents you can see")
@sparse_fields(DocumentSummary)
@paginate(CursorPagination, page_size=25, max_page_size=100)
def list_documents(request, filters: Query[DocumentListQuery]):
    data = form_data(filters.dict(exclude_none=True))
    filterset = DocumentFilter(
        data=data, queryset=selectors.documents_for_list(request.user), request=request
    )
    if not filterset.is_valid():
        raise form_errors(filterset.form)
    return filterset.qs


@router.post("/", response={201: DocumentDetail}, summary="Register a document")
def create_document(request, payload: DocumentCreate, response: HttpResponse):
    if not can_register_documents(request.user):
        raise PermissionDenied(_("Only an office or an administrator may register documents."))
    values = payload.dict()
    if values.get("owner_id") is None:
        default_owner = selectors.default_owner_for(request.user)
        values["owner_id"] = default_owner.pk if default_owner else None
    form = DocumentForm(data=form_data(values), user=request.user)
    if not form.is_valid():
        raise form_errors(form)
    document = actions.create_document(acting_user=request.user, **form.action_fields())
    return Status(
        201, with_details(selectors.get_visible_document(request.user, document.pk), request.user, response)
    )


@router.get(
    "/{int:document_id}", response=DocumentDetail, summary="Read a document with its clauses and relations"
)
@sparse_fields(DocumentDetail)
def read_document(request, document_id: Id, response: HttpResponse):
    return with_details(selectors.get_visible_document(request.user, document_id), request.user, response)


@router.patch("/{int:document_id}", response=DocumentDetail, summary="Change a document")
def update_document(request, document_id: Id, payload: DocumentPatch, response: HttpResponse):
    """Change some of a document's fields. Send the `version` you read (or its ETag in If-Match):
    without it nothing is written (428); if someone saved the document since, 409."""
    document = selectors.get_document_for_edit(request.user, document_id)
    changes = payload.dict(exclude_unset=True)
    version = required_version(changes.pop("version", None), request.headers.get("If-Match"))
    data = document_form_data(document)
    data.update(form_data(changes))
    form = DocumentForm(data=data, user=request.user, instance=document)
    if not form.is_valid():
        raise form_errors(form)
    changed_fields = {FORM_FIELD_NAMES.get(name, name) for name in changes}
    document = actions.update_document(
        acting_user=request.user,
        document=document,
        expected_version=version,
        **{name: value for name, value in form.action_fields().items() if name in changed_fields},
    )
    return with_details(selectors.get_visible_document(request.user, document.pk), request.user, response)


@router.get(
    "/{int:document_id}/relations", response=list[RelationOut], summary="Relations of a document, both ways"
)
def list_relations(request, document_id: Id):
    document = selectors.get_visible_document(request.user, document_id)
    relations = [
        *selectors.relations_from(document, request.user),
        *selectors.relations_to(document, request.user),
    ]
    return [relation_payload(relation, document_id=document.pk) for relation in relations]


@router.post(
    "/{int:document_id}/relations", response={201: RelationOut}, summary="Relate this document to another"
)
def add_relation(request, document_id: Id, payload: RelationCreate):
    document = selectors.get_document_for_edit(request.user, document_id)
    form = RelationForm(data=form_data(payload.dict()), source=document, user=request.user)
    if not form.is_valid():
        raise form_errors(form)
    relation = actions.add_relation(
        acting_user=request.user,
        source=document,
        target=form.cleaned_data["target"],
        kind=form.cleaned_data["kind"],
        note=form.cleaned_data["note"],
    )
    return Status(201, relation_payload(relation, document_id=document.pk))


@router.delete(
    "/{int:document_id}/relations/{int:relation_id}", response={204: None}, summary="Remove a relation"
)
def remove_relation(request, document_id: Id, relation_id: Id):
    document = selectors.get_document_for_edit(request.user, document_id)
    relation = selectors.relations_from(document, request.user).filter(pk=relation_id).first()
    if relation is None:
        raise Http404
    actions.remove_relation(acting_user=request.user, relation=relation)
    return Status(204, None)


@router.post("/{int:document_id}/attachments", response={201: AttachmentOut}, summary="Attach a file")
def add_attachment(request, document_id: Id, file: File[UploadedFile]):
    document = selectors.get_document_for_edit(request.user, document_id)
    form = AttachmentForm(files={"file": file})
    if not form.is_valid():
        raise form_errors(form)
    attachment = actions.add_attachment(
        acting_user=request.user, document=document, uploaded_file=form.cleaned_data["file"]
    )
    return Status(201, attachment_payload(attachment))


@router.get("/{int:document_id}/attachments/{int:attachment_id}", summary="Download an attached file")
def download_attachment(request, document_id: Id, attachment_id: Id):
    attachment = selectors.get_visible_attachment(request.user, document_id, attachment_id)
    return download_response(attachment)


@router.delete(
    "/{int:document_id}/attachments/{int:attachment_id}", response={204: None}, summary="Remove a file"
)
def remove_attachment(request, document_id: Id, attachment_id: Id):
    selectors.get_document_for_edit(request.user, document_id)
    attachment = selectors.get_visible_attachment(request.user, document_id, attachment_id)
    actions.remove_attachment(acting_user=request.user, attachment=attachment)
    return Status(204, None)
