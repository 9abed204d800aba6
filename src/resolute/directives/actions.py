"""Every write to documents, their clauses, files and relations.

Each action takes the acting user (None for the system: the demo loader, an import), runs in
one transaction, checks that the user may make the change, and records it in the change log.
Input is validated at the edge (forms, API schemas); the checks here guard what the database
or the permission policy would otherwise get wrong.
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resolute.core.actions.bulk import set_by_value
from resolute.core.changelog import record_change, record_stated_changes, snapshot
from resolute.core.concurrency import lock_for_update
from resolute.core.contributions import successors_by_record
from resolute.core.files import check_upload, kept_only_if_saved
from resolute.core.models import ChangeLogEntry
from resolute.orgunits.models import OrgUnit

from .models import Attachment, Clause, Document, DocumentFinding, DocumentRelation, DocumentStatus
from .permissions import can_edit_document, can_keep_documents_for, can_view_document
from .search import document_search_text
from .splitting import split_text

EDITABLE_FIELDS = [
    "kind",
    "number",
    "issued_on",
    "issuer",
    "issuer_name",
    "owner",
    "signer",
    "title",
    "status",
    "text",
]
# The full text is the document itself and is shown on its page; its first version is not
# copied into the log. Later changes to it are logged with the old and new text.
LOGGED_ON_CREATE = [name for name in EDITABLE_FIELDS if name != "text"]
CLAUSE_FIELDS = ["parent", "position", "level", "kind", "label", "text", "line"]
NOTE_MAX_LENGTH = 500


def _is_system(acting_user) -> bool:
    return acting_user is None


def _ensure_may_edit(acting_user, document: Document) -> None:
    if not _is_system(acting_user) and not can_edit_document(acting_user, document):
        raise PermissionDenied(_("Only the office that keeps this document may change it."))


def _ensure_may_keep(acting_user, owner: OrgUnit) -> None:
    if not _is_system(acting_user) and not can_keep_documents_for(acting_user, owner):
        raise PermissionDenied(_("You may not keep documents for %(unit)s.") % {"unit": owner})


def _note(text: str) -> str:
    return text if len(text) <= NOTE_MAX_LENGTH else text[: NOTE_MAX_LENGTH - 1] + "…"


@transaction.atomic
def create_document(
    *,
    acting_user,
    owner: OrgUnit,
    kind: str,
    title: str,
    number: str = "",
    issued_on: date | None = None,
    issuer: OrgUnit | None = None,
    issuer_name: str = "",
    signer: str = "",
    status: str = DocumentStatus.ISSUED,
    text: str = "",
    is_sample: bool = False,
    attachments=(),
    relations=(),
) -> Document:
    """Register a document, split its text into clauses, and attach its files and relations.

    `attachments` are uploaded files; `relations` are (kind, target document) pairs. Every file
    is checked before anything is written, so a bad file leaves nothing behind."""
    _ensure_may_keep(acting_user, owner)
    for uploaded_file in attachments:
        check_upload(uploaded_file, field="attachments")
    document = Document(
        owner=owner,
        kind=kind,
        title=title,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        issuer_name=issuer_name,
        signer=signer,
        status=status,
        text=text,
        is_sample=is_sample,
        search_text=document_search_text(number=number, title=title),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    document.save()
    replace_clauses(document)
    record_change(
        actor=acting_user, instance=document, action=ChangeLogEntry.Action.CREATE, fields=LOGGED_ON_CREATE
    )
    # Relations first: they can still be refused, and a refusal must not leave stored files behind.
    for relation_kind, target in relations:
        add_relation(acting_user=acting_user, source=document, target=target, kind=relation_kind)
    for uploaded_file in attachments:
        add_attachment(
            acting_user=acting_user, document=document, uploaded_file=uploaded_file, field="attachments"
        )
    return document


@transaction.atomic
def update_document(
    *, acting_user, document: Document, expected_version: int | None = None, **changes
) -> Document:
    """Change a document's fields. A stale `expected_version` raises StaleObjectError naming who
    changed it since; a changed text is split again into clauses, keeping the anchors that remain."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    document = lock_for_update(document, expected_version)
    _ensure_may_edit(acting_user, document)
    new_owner = changes.get("owner")
    if new_owner is not None and new_owner.pk != document.owner_id:
        _ensure_may_keep(acting_user, new_owner)
    before = snapshot(document, EDITABLE_FIELDS)
    text_changed = "text" in changes and changes["text"] != document.text
    for field, value in changes.items():
        setattr(document, field, value)
    if snapshot(document, EDITABLE_FIELDS) == before:
        return document
    document.version += 1
    document.search_text = document_search_text(number=document.number, title=document.title)
    document.save()
    if text_changed:
        replace_clauses(document)
    record_change(actor=acting_user, instance=document, action=ChangeLogEntry.Action.UPDATE, before=before)
    return document


def replace_clauses(document: Document) -> list[Clause]:
    """Make the document's clauses match its text.

    Clauses whose anchor survives keep their row (and so whatever points at them); new anchors
    get new rows; clauses whose anchor is gone are deleted. Call inside the write's transaction."""
    pieces = split_text(document.text)
    existing = {clause.anchor: clause for clause in Clause.objects.filter(document=document)}
    by_anchor: dict[str, Clause] = {}
    depth_of: dict[str, int] = {}
    new_by_depth: dict[int, list[tuple[Clause, str | None]]] = defaultdict(list)
    kept: list[tuple[Clause, str | None]] = []
    for piece in pieces:
        depth = depth_of[piece.parent_anchor] + 1 if piece.parent_anchor else 0
        depth_of[piece.anchor] = depth
        clause = existing.get(piece.anchor) or Clause(document=document, anchor=piece.anchor)
        clause.position = piece.position
        clause.level = piece.level
        clause.kind = piece.kind
        clause.label = piece.label
        clause.text = piece.text
        clause.line = piece.line
        by_anchor[piece.anchor] = clause
        if clause.pk:
            kept.append((clause, piece.parent_anchor))
        else:
            new_by_depth[depth].append((clause, piece.parent_anchor))
    # Parents are created before their children, one insert per depth.
    for depth in sorted(new_by_depth):
        batch = new_by_depth[depth]
        for clause, parent_anchor in batch:
            clause.parent = by_anchor[parent_anchor] if parent_anchor else None
        Clause.objects.bulk_create([clause for clause, _parent in batch], batch_size=500)
    for clause, parent_anchor in kept:
        clause.parent = by_anchor[parent_anchor] if parent_anchor else None
    if kept:
        Clause.objects.bulk_update([clause for clause, _parent in kept], CLAUSE_FIELDS, batch_size=500)
    gone = [clause.pk for anchor, clause in existing.items() if anchor not in by_anchor]
    if gone:
        Clause.objects.filter(pk__in=gone).delete()
    return [by_anchor[piece.anchor] for piece in pieces]


@transaction.atomic
def add_attachment(*, acting_user, document: Document, uploaded_file, field: str = "file") -> Attachment:
    """Attach a file whose content is a PDF, DOCX, XLSX, PNG or JPEG within the size limit.

    The file is stored under a generated name; the name the user gave is kept for downloads."""
    _ensure_may_edit(acting_user, document)
    file_type = check_upload(uploaded_file, field=field)
    attachment = Attachment(document=document)
    attachment.take(
        uploaded_file,
        file_type,
        uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        default_stem="attachment",
    )
    with kept_only_if_saved(attachment):
        attachment.save()
    record_change(
        actor=acting_user,
        instance=document,
        action=ChangeLogEntry.Action.UPDATE,
        fields=[],
        note=_note(_("Attached the file “%(name)s”.") % {"name": attachment.original_name}),
    )
    return attachment


@transaction.atomic
def remove_attachment(*, acting_user, attachment: Attachment) -> None:
    document = attachment.document
    _ensure_may_edit(acting_user, document)
    storage, stored_name, original_name = (
        attachment.file.storage,
        attachment.file.name,
        attachment.original_name,
    )
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(
        lambda: storage.delete(stored_name) if stored_name and storage.exists(stored_name) else None
    )
    record_change(
        actor=acting_user,
        instance=document,
        action=ChangeLogEntry.Action.UPDATE,
        fields=[],
        note=_note(_("Removed the file “%(name)s”.") % {"name": original_name}),
    )


@transaction.atomic
def add_relation(
    *, acting_user, source: Document, target: Document, kind: str, note: str = ""
) -> DocumentRelation:
    """Record that `source` implements / amends / supersedes / reviews / continues / refers to `target`."""
    _ensure_may_edit(acting_user, source)
    if source.pk == target.pk:
        raise ValidationError({"target": _("A document cannot be related to itself.")})
    if not _is_system(acting_user) and not can_view_document(acting_user, target):
        raise ValidationError({"target": _("Choose a document you can see.")})
    if DocumentRelation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": _("This relation is already recorded.")})
    relation = DocumentRelation.objects.create(source=source, target=target, kind=kind, note=note)
    record_change(
        actor=acting_user,
        instance=source,
        action=ChangeLogEntry.Action.UPDATE,
        fields=[],
        note=_note(
            _("Relation added. %(relation)s")
            % {"relation": relation.outgoing_sentence % {"document": target}}
        ),
    )
    return relation


@transaction.atomic
def remove_relation(*, acting_user, relation: DocumentRelation) -> None:
    source, target = relation.source, relation.target
    _ensure_may_edit(acting_user, source)
    sentence = relation.outgoing_sentence % {"document": target}
    relation.delete()
    record_change(
        actor=acting_user,
        instance=source,
        action=ChangeLogEntry.Action.UPDATE,
        fields=[],
        note=_note(_("Relation removed. %(relation)s") % {"relation": sentence}),
    )


FINDING_FIELDS = ["document", "clause", "kind", "text", "position"]


@transaction.atomic
def record_finding(
    *,
    acting_user,
    document: Document,
    text: str,
    clause: Clause | None = None,
    kind: str = DocumentFinding.Kind.SHORTCOMING,
) -> DocumentFinding:
    """Keep what the document finds (a shortcoming it records), after the findings it already has."""
    _ensure_may_edit(acting_user, document)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the finding.")})
    if clause is not None and clause.document_id != document.pk:
        raise ValidationError({"clause": _("The clause belongs to another document.")})
    last = DocumentFinding.objects.filter(document=document).order_by("-position").first()
    finding = DocumentFinding.objects.create(
        document=document,
        clause=clause,
        kind=kind,
        text=text,
        position=(last.position + 1) if last else 1,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    record_change(
        actor=acting_user, instance=finding, action=ChangeLogEntry.Action.CREATE, fields=FINDING_FIELDS
    )
    record_change(
        actor=acting_user,
        instance=document,
        action=ChangeLogEntry.Action.UPDATE,
        fields=[],
        note=_note(_("Finding recorded: %(text)s") % {"text": text}),
    )
    return finding


@transaction.atomic
def carry_documents(handovers, reorganisation, acting_user) -> int:
    """A closing unit's open documents are kept by its successor from the reorganisation's day (the
    signer, `issuer`, stays as it was). One UPDATE per successor; each document's log names the
    reorganisation."""
    wanted = successors_by_record(handovers)
    documents = Document.objects.select_for_update().filter(pk__in=list(wanted)).select_related("owner")
    moves = {
        document.pk: wanted[document.pk]
        for document in documents
        if document.owner_id != wanted[document.pk].pk
    }
    changes = [
        (document, {"owner": {"old": str(document.owner), "new": str(moves[document.pk])}})
        for document in documents
        if document.pk in moves
    ]
    set_by_value(
        Document,
        "owner",
        {pk: successor.pk for pk, successor in moves.items()},
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    record_stated_changes(
        actor=acting_user,
        changes=changes,
        note=_("Kept by %(unit)s from %(date)s under %(basis)s.")
        % {
            "unit": ", ".join(sorted({str(successor) for successor in moves.values()})),
            "date": date_format(reorganisation.effective_on, "SHORT_DATE_FORMAT"),
            "basis": reorganisation.legal_basis,
        },
    )
    return len(moves)
