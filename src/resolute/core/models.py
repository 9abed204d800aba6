"""Base models shared by every app, and the change log that records every write."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import ChangeLogEntryQuerySet


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by several people: `version` grows on every write so a stale form is caught."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class ChangeLogEntry(models.Model):
    """One write made through the application: who, when, what, and the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record"))
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # {"field": {"old": ..., "new": ...}} with values as the user saw them (labels, not ids).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ChangeLogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="changelog_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class CalendarAdjustment(TimeStampedModel):
    """A change the office makes to the working calendar for one day: a day off that the law alone
    does not give (the Government's Tết schedule, a compensatory day for a holiday on a weekend, a
    swapped day) or a working day on what would be a day off (the Saturday worked in exchange).

    The entry decides that day outright: it overrides both the weekend and the statutory holidays."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        WORKING_DAY = "working_day", _("working day")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("calendar adjustment")
        verbose_name_plural = _("calendar adjustments")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()}: {self.get_kind_display()}"


class BackgroundJobFields(models.Model):
    """What every record a background job works on keeps so the job always ends (see `core.jobs`):
    when its worker last reported (`heartbeat_at`), when the current attempt started, how many
    attempts were made, and why it failed or was stopped (`failure_reason`, in its owner's language)."""

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failure_reason = models.TextField(_("why it stopped"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True
