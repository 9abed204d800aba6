"""Documents (resolutions, conclusions, directives...), their numbered clauses, files and relations."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.files import StoredFile
from resolute.core.models import VersionedModel

from .querysets import DocumentFindingQuerySet, DocumentQuerySet, DocumentRelationQuerySet


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    CONCLUSION = "conclusion", _("conclusion")
    CONCLUSION_NOTICE = "conclusion_notice", _("conclusion notice")
    DIRECTIVE = "directive", _("directive")
    PLAN = "plan", _("plan")
    PROGRAM = "program", _("program")
    SCHEME = "scheme", _("project / scheme")
    INSPECTION_CONCLUSION = "inspection_conclusion", _("inspection conclusion")
    AUDIT_REPORT = "audit_report", _("audit report")
    SUPERVISION_REPORT = "supervision_report", _("supervision report")
    OFFICIAL_LETTER = "official_letter", _("official letter")
    REPORT = "report", _("report")
    OTHER = "other", _("other")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")
    IN_IMPLEMENTATION = "in_implementation", _("in implementation")
    CLOSED = "closed", _("closed")


class Document(VersionedModel):
    """A document that commits the organisation to something, or reports on it.

    `owner` is the unit whose office keeps the record: it decides who may edit it. `issuer` is
    the unit that signed it when that unit is in the tree; bodies outside the tree (the
    Politburo, a ministry) are named in `issuer_name`.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(
        _("number"), max_length=64, blank=True, help_text=_("For example 123/TB-TU or 08-NQ/TU.")
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("issuer"),
    )
    issuer_name = models.CharField(
        _("issuer outside the organisation"),
        max_length=255,
        blank=True,
        help_text=_("For example the Politburo."),
    )
    owner = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="owned_documents",
        verbose_name=_("kept by"),
    )
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(
        _("status"), max_length=32, choices=DocumentStatus.choices, default=DocumentStatus.ISSUED
    )
    text = models.TextField(_("full text"), blank=True)
    # Number and title folded for search (lower case, no tone marks, đ → d); kept up to date by the actions.
    search_text = models.CharField(max_length=600, editable=False, blank=True, default="")
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["kind", "issued_on"], name="document_kind_date_idx"),
            models.Index(fields=["owner", "issued_on"], name="document_owner_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("directives:detail", args=[self.pk])

    @property
    def issuer_display(self) -> str:
        return str(self.issuer) if self.issuer_id else self.issuer_name

    @property
    def status_badge_class(self) -> str:
        """The badge colour of the status: drafts and closed documents recede, live ones stand out."""
        return STATUS_BADGE_CLASSES.get(self.status, "badge")


STATUS_BADGE_CLASSES = {
    DocumentStatus.DRAFT: "badge badge--muted",
    DocumentStatus.ISSUED: "badge",
    DocumentStatus.IN_IMPLEMENTATION: "badge badge--ok",
    DocumentStatus.CLOSED: "badge badge--muted",
}


class Clause(models.Model):
    """A numbered section, heading or paragraph of a document's text.

    `anchor` is stable: it is built from the numbering (`II-B-3`), so tasks and targets that
    point at a clause keep pointing at the same words when the text is split again.
    """

    class Kind(models.TextChoices):
        HEADING = "heading", _("heading")
        PARAGRAPH = "paragraph", _("paragraph")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    label = models.CharField(_("number"), max_length=32, blank=True)
    anchor = models.CharField(max_length=120)
    text = models.TextField()
    line = models.PositiveIntegerField(_("line"), default=0)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "anchor"], name="clause_unique_anchor")]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:80]}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"


class DocumentRelation(models.Model):
    """`source` implements / amends / supersedes / reviews / continues `target`."""

    class Kind(models.TextChoices):
        IMPLEMENTS = "implements", _("implements")
        AMENDS = "amends", _("amends")
        SUPERSEDES = "supersedes", _("supersedes")
        REVIEWS = "reviews", _("reviews")
        CONTINUES = "continues", _("continues")
        REFERS_TO = "refers_to", _("refers to")

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DocumentRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relation between documents")
        verbose_name_plural = _("relations between documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="document_relation_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="document_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def outgoing_sentence(self) -> str:
        """How the source document reads it: "This document implements %(document)s."."""
        return str(OUTGOING_SENTENCES[self.kind])

    @property
    def incoming_sentence(self) -> str:
        """How the target document reads it: "%(document)s reviews this document."."""
        return str(INCOMING_SENTENCES[self.kind])


OUTGOING_SENTENCES = {
    DocumentRelation.Kind.IMPLEMENTS: _("This document implements %(document)s."),
    DocumentRelation.Kind.AMENDS: _("This document amends %(document)s."),
    DocumentRelation.Kind.SUPERSEDES: _("This document supersedes %(document)s."),
    DocumentRelation.Kind.REVIEWS: _("This document reviews %(document)s."),
    DocumentRelation.Kind.CONTINUES: _("This document continues %(document)s."),
    DocumentRelation.Kind.REFERS_TO: _("This document refers to %(document)s."),
}
INCOMING_SENTENCES = {
    DocumentRelation.Kind.IMPLEMENTS: _("%(document)s implements this document."),
    DocumentRelation.Kind.AMENDS: _("%(document)s amends this document."),
    DocumentRelation.Kind.SUPERSEDES: _("%(document)s supersedes this document."),
    DocumentRelation.Kind.REVIEWS: _("%(document)s reviews this document."),
    DocumentRelation.Kind.CONTINUES: _("%(document)s continues this document."),
    DocumentRelation.Kind.REFERS_TO: _("%(document)s refers to this document."),
}


class DocumentFinding(models.Model):
    """What a document itself finds: a shortcoming it records (a target missed, disbursement too
    slow), kept with the clause it is written in, so that a report that covers the document can
    cite it. Read by whoever may read the document."""

    class Kind(models.TextChoices):
        SHORTCOMING = "shortcoming", _("shortcoming")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="findings", verbose_name=_("document")
    )
    clause = models.ForeignKey(
        Clause,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
        verbose_name=_("clause"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SHORTCOMING)
    text = models.TextField(_("finding"))
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding of a document")
        verbose_name_plural = _("findings of documents")
        ordering = ["document", "position", "id"]

    def __str__(self) -> str:
        return f"{self.document.number or self.document.title}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#finding-{self.pk}"


def attachment_path(instance, filename: str) -> str:
    return f"documents/{instance.document_id}/{filename}"


class Attachment(StoredFile):
    """A file attached to a document: PDF, DOCX, XLSX or an image, its type checked by content."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
