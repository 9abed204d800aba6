"""What the extractor proposed for a document, and what a person decided.

The extractor itself (`extract`) reads text and writes nothing. A `PlanProposal` keeps one reading
of a document — the text read, the extractor's whole output, and its progress while a background
job works — and a `ProposedItem` per target, task, result, shortcoming or reference proposed, with
the person's edits and decision. Confirming creates what was accepted — tasks, targets, values of
indicators (or baselines of the new targets), findings of the document, relations to registered
documents or registrations of new ones — and links each item to what it became, so the document
keeps both what was proposed and what was decided.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.models import BackgroundJobFields, TimeStampedModel
from resolute.directives.models import DocumentKind

from .querysets import PlanProposalQuerySet, ProposedItemQuerySet


class ProposalStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be read")
    RUNNING = "running", _("being read")
    READY = "ready", _("ready for review")
    FAILED = "failed", _("failed")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class PlanProposal(BackgroundJobFields, TimeStampedModel):
    """One reading of a document's text into proposed targets and tasks."""

    document = models.ForeignKey(
        "directives.Document",
        on_delete=models.CASCADE,
        related_name="plan_proposals",
        verbose_name=_("document"),
    )
    text = models.TextField(_("text read"))
    source_name = models.CharField(_("file read"), max_length=255, blank=True)
    language = models.CharField(
        _("language"), max_length=2, blank=True, help_text=_("Empty: recognised from the text.")
    )
    detected_language = models.CharField(_("language read"), max_length=2, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.QUEUED
    )
    paragraphs_done = models.PositiveIntegerField(default=0)
    paragraphs_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(_("what was found"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = PlanProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan proposal")
        verbose_name_plural = _("plan proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Proposal %(number)s for %(document)s") % {"number": self.pk, "document": self.document})

    def get_absolute_url(self) -> str:
        return reverse("extraction:proposal", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status not in (ProposalStatus.QUEUED, ProposalStatus.RUNNING)

    @property
    def may_be_cancelled(self) -> bool:
        return self.status in (ProposalStatus.QUEUED, ProposalStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        if not self.paragraphs_total:
            return 0
        return min(100, self.paragraphs_done * 100 // self.paragraphs_total)


class ItemKind(models.TextChoices):
    TARGET = "target", _("target")
    TASK = "task", _("task")
    RESULT = "result", _("result")
    SHORTCOMING = "shortcoming", _("shortcoming")
    REFERENCE = "reference", _("reference")


class ItemUse(models.TextChoices):
    """What an accepted result or reference becomes."""

    VALUE = "value", _("a value of the indicator")
    BASELINE = "baseline", _("the baseline of a target of this document")
    RELATION = "relation", _("a relation to the registered document")
    REGISTRATION = "registration", _("a registration of the document, and a relation to it")


RESULT_USES = [ItemUse.VALUE, ItemUse.BASELINE]
REFERENCE_USES = [ItemUse.RELATION, ItemUse.REGISTRATION]


class Decision(models.TextChoices):
    PENDING = "pending", _("not decided")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class ProposedItem(models.Model):
    """A target, task, result, shortcoming or reference the extractor proposed, the sentence it came
    from, and what a person made of it: the fields as edited, accepted or rejected, and the record it
    became. A shortcoming's `title` is the finding as the office words it; a reference's `title` is
    the title of the document to register."""

    proposal = models.ForeignKey(PlanProposal, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    position = models.PositiveIntegerField()
    text = models.TextField(_("sentence"))
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    line = models.PositiveIntegerField(_("line"), default=0)
    area = models.CharField(_("area"), max_length=500, blank=True)
    extracted = models.JSONField(_("as read"), default=dict)
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )

    # The fields as the person settles them (proposed from what was read).
    title = models.TextField(_("title"), blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The lead unit of a task; the unit a target is set for."),
    )
    indicator = models.ForeignKey(
        "targets.Indicator", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_indicator_name = models.CharField(_("new indicator"), max_length=300, blank=True)
    new_indicator_unit = models.CharField(_("its unit of measure"), max_length=60, blank=True)
    comparator = models.CharField(_("comparator"), max_length=16, blank=True)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    value_max = models.DecimalField(_("upper value"), max_digits=24, decimal_places=6, null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    reference_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reference unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    # A result's period and use; a reference's document and relation.
    becomes = models.CharField(_("becomes"), max_length=16, choices=ItemUse.choices, blank=True)
    period = models.CharField(_("period"), max_length=8, blank=True)
    baseline_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="baselines",
        verbose_name=_("baseline of the target"),
    )
    referenced_document = models.ForeignKey(
        "directives.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered document"),
    )
    relation_kind = models.CharField(_("relation"), max_length=16, blank=True)
    reference_number = models.CharField(_("number"), max_length=64, blank=True)
    reference_kind = models.CharField(
        _("kind of document"), max_length=32, choices=DocumentKind.choices, blank=True
    )
    reference_issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    reference_issued_on = models.DateField(_("issued on"), null=True, blank=True)

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    clause = models.ForeignKey(
        "directives.Clause", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_target = models.ForeignKey(
        "targets.Target", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_value = models.ForeignKey(
        "targets.DataValue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_finding = models.ForeignKey(
        "directives.DocumentFinding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_relation = models.ForeignKey(
        "directives.DocumentRelation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_document = models.ForeignKey(
        "directives.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProposedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed item")
        verbose_name_plural = _("proposed items")
        ordering = ["proposal", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    @property
    def anchor(self) -> str:
        """The id of its sentence in the review screen's text."""
        return f"sentence-{self.position}"
