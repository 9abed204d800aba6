"""A reorganisation of the tree: merging, splitting, renaming, re-coding, moving units and abolishing a
level, prepared as a draft, previewed, and applied on its effective day as one change.

A draft changes nothing. It names existing units and the units it will create (`PlannedUnit`), and
its steps say what happens to each. `orgunits.reorganisation.plan_reorganisation` turns a draft into
the plan the preview shows — units created, closed, renamed, moved, and every open item that passes
to a successor — and `orgunits.actions.reorganisations.apply_reorganisation` carries out that same
plan, so what the preview shows is what applying does."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.languages import ReaderText, in_reader_language
from resolute.core.models import BackgroundJobFields, TimeStampedModel, VersionedModel

from .units import OrgUnit, OrgUnitKind, document_symbol_validator


class ReorganisationStepKind(models.TextChoices):
    MERGE = "merge", _("merge")
    SPLIT = "split", _("split")
    RENAME = "rename", _("rename")
    RECODE = "recode", _("re-code")
    MOVE = "move", _("move")
    ABOLISH = "abolish", _("abolish a level")


class Reorganisation(BackgroundJobFields, VersionedModel):
    """A set of changes to the tree that take effect together on one day, under one legal basis.

    Applied from a page it is a background job (`core.jobs`): queued, applying, then applied — or
    failed with the reason, and editable again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        QUEUED = "queued", _("waiting to be applied")
        APPLYING = "applying", _("being applied")
        APPLIED = "applied", _("applied")
        FAILED = "failed", _("not applied")
        CANCELLED = "cancelled", _("application cancelled")

    # The statuses in which the draft may still be edited, previewed and applied.
    EDITABLE = (Status.DRAFT, Status.FAILED, Status.CANCELLED)

    title = models.CharField(_("title"), max_length=255)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        help_text=_("The decision or resolution that orders it, e.g. Resolution 1659/NQ-UBTVQH15."),
    )
    effective_on = models.DateField(
        _("effective on"),
        help_text=_("The first day of the new organisation; the old units' last day is the day before."),
    )
    area = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="reorganisations",
        verbose_name=_("part of the tree"),
        help_text=_("Every unit it changes lies under this one; its administrators prepare and apply it."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # What applying did, in numbers, for the page and the change log ("12 units created, 40 tasks…").
    outcome = models.JSONField(default=dict, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("orgunits:reorganisation", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_pending(self) -> bool:
        """Waiting for or being applied by a background job."""
        return self.status in (self.Status.QUEUED, self.Status.APPLYING)


class PlannedUnit(TimeStampedModel):
    """A unit the reorganisation creates on its effective day (a merged ward, the new city's department).

    Its parent is an existing unit or another planned one. After applying, `created` is the real unit."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="planned_units")
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    code = models.CharField(_("official code"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgUnitKind.choices, default=OrgUnitKind.OTHER)
    document_symbol = models.CharField(
        _("document symbol"), max_length=30, blank=True, validators=[document_symbol_validator]
    )
    parent = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("parent unit"),
    )
    planned_parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="planned_children",
        verbose_name=_("new parent unit"),
    )
    created = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("new unit")
        verbose_name_plural = _("new units")
        ordering = ["reorganisation", "id"]

    def __str__(self) -> str:
        return str(self.display_name)

    def name_in(self, language: str | None = None) -> ReaderText:
        return in_reader_language(self.name, self.name_en, language)

    display_name = property(name_in)


class ReorganisationStep(TimeStampedModel):
    """One operation of a reorganisation.

    - merge: `sources` (one or more units) close and their work passes to the one successor;
    - split: the one source closes and its work is shared among the successors, item by item
      (`ReorganisationChoice`), the first successor taking what no choice sends elsewhere;
    - rename / re-code: the one source keeps its identity under `new_name…` / `new_code`;
    - move: the one source, with its subtree, goes under `new_parent`;
    - abolish a level: the one source closes, its open sub-units go under `new_parent` (its own parent
      when empty) and its own work passes to the successor.
    """

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("operation"), max_length=16, choices=ReorganisationStepKind.choices)
    sources = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("units changed"))
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    new_name_en = models.CharField(_("new name in English"), max_length=255, blank=True)
    new_short_name = models.CharField(_("new short name"), max_length=60, blank=True)
    new_code = models.CharField(_("new code"), max_length=32, blank=True)
    new_parent = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new parent unit"),
    )
    new_planned_parent = models.ForeignKey(
        PlannedUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("new parent unit (created by this reorganisation)"),
    )

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["reorganisation", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.position}"


class StepSuccessor(models.Model):
    """A unit that takes over work in a merge, split or abolition: an existing one or a planned one.
    The first (lowest position) is the default for every item no choice sends elsewhere."""

    step = models.ForeignKey(ReorganisationStep, on_delete=models.CASCADE, related_name="successor_rows")
    position = models.PositiveIntegerField(default=0)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    planned = models.ForeignKey(
        PlannedUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("successor")
        verbose_name_plural = _("successors")
        ordering = ["step", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, planned__isnull=True)
                | models.Q(unit__isnull=True, planned__isnull=False),
                name="step_successor_one_unit",
            )
        ]

    def __str__(self) -> str:
        return str(self.unit or self.planned)


class ReorganisationChoice(TimeStampedModel):
    """Where one open item goes in a split (or any step with several successors), when not to the
    first successor. `item_key` is the item's stable key from its app ("tasks.lead:12")."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="choices")
    item_key = models.CharField(max_length=80)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    planned = models.ForeignKey(
        PlannedUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("choice of successor")
        verbose_name_plural = _("choices of successor")
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "item_key"], name="reorganisation_choice_unique_item"
            ),
        ]
