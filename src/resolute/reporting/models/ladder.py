"""The urging ladder: its configured steps, the events it has fired, and the urging letters it drafts.

A step fires once per subject: `LadderEvent` is unique on (subject, step), so a second run of the
ladder, or a second worker running it at the same moment, cannot fire it again — the database
refuses the duplicate row. A subject is a task under one deadline ("task:12:2026-11-30", so an
approved extension starts the ladder again for the new deadline) or a reporting obligation.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.decree30 import document_number
from resolute.core.models import TimeStampedModel

from ..querysets import (
    LadderEventQuerySet,
    LadderStepQuerySet,
    LetterCounterQuerySet,
    UrgingLetterQuerySet,
)

__all__ = [
    "LadderEvent",
    "LadderStep",
    "LetterCounter",
    "LetterStatus",
    "ScheduledRun",
    "StepKind",
    "UrgingLetter",
]


class StepKind(models.TextChoices):
    REMINDER = "reminder", _("reminder")
    OVERDUE_NOTICE = "overdue_notice", _("overdue notice")
    LETTER = "letter", _("urging letter")
    ESCALATION = "escalation", _("escalation")


class LadderStep(models.Model):
    """One rung of the ladder. `delay_working_days` counts from the deadline: negative is before it
    (a reminder three working days ahead is -3); zero is the day the subject becomes overdue (the
    day after the deadline); positive is that many working days after the deadline."""

    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    delay_working_days = models.SmallIntegerField(
        _("working days from the deadline"),
        help_text=_("Negative: before the deadline. 0: the day it becomes overdue. Positive: days overdue."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = LadderStepQuerySet.as_manager()

    class Meta:
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["kind"], name="ladder_step_unique_kind")]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_kind_display()} ({self.delay_working_days:+d})"


class LadderEvent(models.Model):
    """A step fired for a subject on a day. Never fired twice: the unique constraint decides."""

    subject_key = models.CharField(_("subject"), max_length=120)
    step = models.ForeignKey(
        LadderStep, on_delete=models.PROTECT, related_name="events", verbose_name=_("step")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="ladder_events"
    )
    # For a reporting obligation: what is owed and for which period (no task).
    obligation_label = models.CharField(_("report owed"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="ladder_events", verbose_name=_("unit")
    )
    issuer = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("urged by")
    )
    deadline = models.DateField(_("deadline"))
    fired_on = models.DateField(_("fired on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    letter = models.ForeignKey(
        "UrgingLetter", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    # Escalations stay on the leadership meeting's list until the office takes them off.
    resolved_on = models.DateField(_("taken off the list on"), null=True, blank=True)

    objects = LadderEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("ladder event")
        verbose_name_plural = _("ladder events")
        ordering = ["fired_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subject_key", "step"], name="ladder_event_once_per_step"),
        ]
        indexes = [models.Index(fields=["kind", "resolved_on"], name="ladder_event_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.subject_key}"


class LetterStatus(models.TextChoices):
    DRAFTED = "drafted", _("drafted, waiting for signature")
    SIGNED = "signed", _("signed")
    SENT = "sent", _("sent")


class LetterCounter(models.Model):
    """The last number an issuer gave a letter in a year; locked while the next one is taken."""

    issuer = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    objects = LetterCounterQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="letter_counter_unique")]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last_number}"


def _letter_path(letter, filename: str) -> str:
    return f"urging-letters/{letter.year}/{filename}"


class UrgingLetter(TimeStampedModel):
    """A formal letter urging a unit about its overdue tasks and missing reports, numbered per issuer
    per year from 01 on 1 January, in the issuer's form: "15/UBND-TH" from a state body, "15-CV/VPTU"
    from a Party body. The symbol and the form are the issuer's when the letter was drafted, kept on
    the letter so a later change to the unit does not renumber what was sent. The office reviews the
    draft, uploads the signed scan and sends it."""

    issuer = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="urging_letters_issued",
        verbose_name=_("issuer"),
    )
    recipient = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="urging_letters_received",
        verbose_name=_("recipient"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=40)
    party_form = models.BooleanField(
        _("in the Party's form"),
        default=False,
        help_text=_("Issued by a Party body: “ĐẢNG CỘNG SẢN VIỆT NAM” at the head, numbered “15-CV/VPTU”."),
    )
    issued_on = models.DateField(_("date"))
    # What the letter lists, as it stood when drafted: [{"kind", "title", "deadline", "source", "days"}].
    items = models.JSONField(_("items"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFTED
    )
    docx = models.FileField(_("letter (DOCX)"), upload_to=_letter_path, blank=True)
    signed_scan = models.FileField(_("signed scan"), upload_to=_letter_path, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UrgingLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("urging letter")
        verbose_name_plural = _("urging letters")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"], name="urging_letter_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return document_number(self.sequence, self.symbol, party=self.party_form)

    def get_absolute_url(self) -> str:
        return reverse("reporting:letter_detail", args=[self.pk])


class ScheduledRun(models.Model):
    """The last day a daily job was enqueued, so a restarted scheduler neither repeats nor skips it."""

    name = models.CharField(max_length=100, unique=True)
    last_run_on = models.DateField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} · {self.last_run_on}"
