"""The shapes the documents API reads and writes."""

from datetime import date, datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from resolute.core.schemas import Day, Id, InputSchema, Text, Version, Year, model_text

from .models import Document, DocumentKind, DocumentRelation, DocumentStatus

# A literal rather than the model's choices: the OpenAPI names an enum after its class, and unit successions
# have a `Kind` of their own that would take this one's place.
DocumentRelationKind = Literal[tuple(DocumentRelation.Kind.values)]

Title = model_text(Document, "title", min_length=1)
Number = model_text(Document, "number")
IssuerName = model_text(Document, "issuer_name")
Signer = model_text(Document, "signer")
FullText = model_text(Document, "text")


class DocumentListQuery(InputSchema):
    """The list filters; the same FilterSet serves the HTML list."""

    q: Text(200) | None = Field(None, description="Words to find in the number, the title or the full text.")
    kind: DocumentKind | None = None
    issuer: Id | None = Field(None, description="Id of the issuing unit.")
    year: Year | None = Field(None, description="Year of issue.")
    status: DocumentStatus | None = None
    sort: Text(20) | None = Field(
        None,
        description="issued_on, number, title or kind; prefix with - for descending. Default: newest first.",
    )


class DocumentSummary(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    issued_on: date | None
    title: str
    status: str
    status_label: str
    issuer_id: int | None
    issuer: str = Field(
        description="The issuing unit's name, or the name of a body outside the organisation."
    )
    owner_id: int
    version: int
    is_sample: bool
    url: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_issuer(obj) -> str:
        return obj.issuer_display

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class ClauseOut(Schema):
    id: int
    anchor: str
    kind: str
    level: int
    label: str
    line: int
    text: str
    parent_id: int | None


class RelatedDocument(Schema):
    id: int
    number: str
    title: str
    issued_on: date | None
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class RelationOut(Schema):
    id: int
    kind: str
    kind_label: str
    direction: str = Field(
        description="outgoing: this document does it to the other; incoming: the other does it to this one."
    )
    sentence: str
    source_id: int
    target_id: int
    document: RelatedDocument = Field(description="The document at the other end of the relation.")
    note: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    uploaded_at: datetime
    download_url: str


class DocumentDetail(DocumentSummary):
    signer: str
    issuer_name: str
    owner: str
    text: str
    clauses: list[ClauseOut]
    relations: list[RelationOut]
    attachments: list[AttachmentOut]

    # The view puts the related rows on the document (read through the user's scope) before
    # the schema reads it.
    @staticmethod
    def resolve_owner(obj) -> str:
        return str(obj.owner)

    @staticmethod
    def resolve_clauses(obj) -> list:
        return list(obj.api_clauses)

    @staticmethod
    def resolve_relations(obj) -> list:
        return [relation_payload(relation, document_id=obj.pk) for relation in obj.api_relations]

    @staticmethod
    def resolve_attachments(obj) -> list:
        return [attachment_payload(attachment) for attachment in obj.api_attachments]


class DocumentCreate(InputSchema):
    kind: DocumentKind
    title: Title
    number: Number = ""
    issued_on: Day | None = None
    status: DocumentStatus = DocumentStatus.ISSUED
    issuer_id: Id | None = Field(
        None, description="A unit of the organisation; or leave empty and give issuer_name."
    )
    issuer_name: IssuerName = Field(
        "", description="A body outside the organisation, for example the Politburo."
    )
    signer: Signer = ""
    owner_id: Id | None = Field(
        None, description="The unit that keeps the document. Default: the body your office serves."
    )
    text: FullText = ""


class DocumentPatch(InputSchema):
    version: Version = None
    kind: DocumentKind | None = None
    title: Title | None = None
    number: Number | None = None
    issued_on: Day | None = None
    status: DocumentStatus | None = None
    issuer_id: Id | None = None
    issuer_name: IssuerName | None = None
    signer: Signer | None = None
    owner_id: Id | None = None
    text: FullText | None = None


class RelationCreate(InputSchema):
    kind: DocumentRelationKind
    target_id: Id
    note: model_text(DocumentRelation, "note") = ""


def relation_payload(relation: DocumentRelation, *, document_id: int) -> dict:
    outgoing = relation.source_id == document_id
    other = relation.target if outgoing else relation.source
    sentence = relation.outgoing_sentence if outgoing else relation.incoming_sentence
    return {
        "id": relation.pk,
        "kind": relation.kind,
        "kind_label": str(relation.get_kind_display()),
        "direction": "outgoing" if outgoing else "incoming",
        "sentence": sentence % {"document": other},
        "source_id": relation.source_id,
        "target_id": relation.target_id,
        "document": other,
        "note": relation.note,
    }


def attachment_payload(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "uploaded_at": attachment.uploaded_at,
        "download_url": reverse(
            "directives:attachment_download", args=[attachment.document_id, attachment.pk]
        ),
    }
