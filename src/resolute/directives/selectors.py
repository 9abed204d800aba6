"""Named reads of documents used by the pages, the API and other apps. Every read starts from
what the user may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from resolute.orgunits.choices import Role
from resolute.orgunits.models import OrgUnit

from .models import Attachment, Clause, Document, DocumentFinding, DocumentRelation, DocumentStatus
from .permissions import can_edit_document


def documents_for_list(user):
    """Visible documents with what a list row shows, newest first. The full text (often tens of
    kilobytes) stays in the database: searching it happens there, rows never show it."""
    return (
        Document.objects.visible_to(user)
        .select_related("issuer", "owner")
        .defer("text")
        .order_by("-issued_on", "-id")
    )


def documents_for_lookup(user):
    """Every document the user may read, without its full text: what a filter's box may suggest
    (`core.lookups`); the filter narrows it further."""
    return Document.objects.visible_to(user).defer("text")


def get_visible_document(user, pk) -> Document:
    """The document, or 404 when it does not exist or the user may not see it."""
    document = (
        Document.objects.visible_to(user)
        .select_related("issuer", "owner", "created_by")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404(_("No such document."))
    return document


def get_document_for_edit(user, pk) -> Document:
    """The document for a write: 404 when the user may not see it, 403 when they may only read it."""
    document = get_visible_document(user, pk)
    if not can_edit_document(user, document):
        raise PermissionDenied(_("Only the office that keeps this document may change it."))
    return document


def clauses_of(document: Document):
    return Clause.objects.filter(document=document).order_by("position")


def attachments_of(document: Document):
    return (
        Attachment.objects.filter(document=document)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "id")
    )


def relations_from(document: Document, user):
    """What this document does to others ("this document implements X"), others the user can see."""
    return (
        DocumentRelation.objects.visible_to(user)
        .filter(source=document)
        .select_related("target")
        .order_by("kind", "target__issued_on", "target_id")
    )


def relations_to(document: Document, user):
    """What other documents the user can see do to this one ("Y reviews this document")."""
    return (
        DocumentRelation.objects.visible_to(user)
        .filter(target=document)
        .select_related("source")
        .order_by("kind", "source__issued_on", "source_id")
    )


def findings_of(document: Document, user):
    """What the document finds, in its order, with the clause each is written in."""
    return (
        DocumentFinding.objects.visible_to(user)
        .filter(document=document)
        .select_related("clause")
        .order_by("position", "id")
    )


def get_visible_attachment(user, document_pk, attachment_pk) -> Attachment:
    document = get_visible_document(user, document_pk)
    attachment = Attachment.objects.filter(document=document, pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    return attachment


def units_that_may_keep_documents(user):
    """Open units the user may register documents for (the office power covers them)."""
    from resolute.orgunits.scope import scope_for

    condition = scope_for(user).unit_q(Role.OFFICE)
    units = OrgUnit.objects.open_on()
    return units if condition is None else units.filter(condition)


def default_owner_for(user) -> OrgUnit | None:
    """The body whose office the user works in (the parent of the office unit); failing that,
    the unit of the user's first administrator membership."""
    memberships = list(user.memberships.select_related("unit__parent").order_by("unit__depth", "pk"))
    for membership in memberships:
        if membership.role == Role.OFFICE:
            return membership.unit.parent or membership.unit
    for membership in memberships:
        if membership.role == Role.ADMIN:
            return membership.unit
    return None


# -- a reorganisation ----------------------------------------------------------------------------


def documents_kept_open(units, day):
    """The documents the units keep that are not closed: their successor keeps them from the
    reorganisation's day, so its office goes on editing them and turning them into plans. One query."""
    from resolute.core.contributions import HeldItem

    by_pk = {unit.pk: unit for unit in units}
    documents = (
        Document.objects.filter(owner_id__in=list(by_pk))
        .exclude(status=DocumentStatus.CLOSED)
        .only("id", "number", "title", "owner_id")
        .order_by("owner_id", "id")
    )
    return [
        HeldItem(
            key=f"directives.document:{document.pk}",
            unit=by_pk[document.owner_id],
            title=str(document),
            url=document.get_absolute_url(),
        )
        for document in documents
    ]


def closed_documents_kept(units, day) -> int:
    """The closed documents the units keep: they stay in their record."""
    return Document.objects.filter(owner__in=list(units), status=DocumentStatus.CLOSED).count()
