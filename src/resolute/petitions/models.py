"""Petitions: complaints, denunciations, recommendations and reflections, from the day they are
received to the enforcement of the decision that settles them, on the legal clock of their kind.

A petition is received by a unit (its citizen-reception office, or its clerks from the post, e-mail
or the public portal), routed to the unit competent to settle it (or forwarded to another body), and
then accepted or refused, verified, settled by a decision, published and enforced — each a
`PetitionStep` on its timeline, with its document. The legal time limits (`deadlines.py`) give the
petition two dates: by when it must be accepted or refused, and, once accepted, by when it must be
settled. `next_deadline` is whichever of them the unit owes now (none once it is closed), kept
current by every action, so lists filter and sort on an index instead of recomputing the clock.

The petitioner is a separate record (`Petitioner`) so that the same person's petitions on the same
matter link as duplicates, and so that the identity of a denouncer is never read by a page, export,
search, notification or log that does not ask for it by name: only `selectors.identity_for` reads it,
and it answers only the people handling that denunciation (Law on Denunciations 2018, Art. 47).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.files import StoredFile
from resolute.core.models import TimeStampedModel, VersionedModel

from .choices import Channel, Complexity, Instance, Outcome, PetitionKind, Stage, StepKind
from .querysets import PetitionerQuerySet, PetitionQuerySet


class Petitioner(TimeStampedModel):
    """A person or organisation who petitions. Personal data: shown only to those who handle their
    petitions, and for a denunciation only to the people handling it. `str()` never names them, so
    nothing that prints a record by default (the change log, an error page) can leak the name."""

    full_name = models.CharField(_("full name"), max_length=200)
    id_number = models.CharField(_("identity card number"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_organisation = models.BooleanField(_("an organisation"), default=False)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = PetitionerQuerySet.as_manager()

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Petition(VersionedModel):
    """One petition, from receipt to enforcement. See the module's docstring."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    # The petitioner follows their petition on the public page with the code and a secret printed on
    # their receipt; only its hash is kept (`actions.lookup_secret_hash`).
    lookup_secret_hash = models.CharField(max_length=64, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=PetitionKind.choices)
    channel = models.CharField(_("received"), max_length=16, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    received_by_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="petitions_received",
        verbose_name=_("received by"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    petitioner = models.ForeignKey(
        Petitioner, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("petitioner")
    )
    # Several people signing one denunciation or complaint make it complex (Decree 31/2019/NĐ-CP).
    signatories = models.PositiveSmallIntegerField(_("number of signatories"), default=1)
    subject = models.CharField(_("subject"), max_length=500)
    content = models.TextField(_("content"))
    concerned_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions_concerning",
        verbose_name=_("unit whose act or decision it concerns"),
    )
    concerned_act = models.CharField(_("act or decision concerned"), max_length=500, blank=True)
    # Routing: the unit competent to settle it, or another body it was forwarded to with a letter.
    handling_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions_handled",
        verbose_name=_("competent unit"),
    )
    routed_on = models.DateField(_("sent to the competent unit on"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_letter_number = models.CharField(_("number of the forwarding letter"), max_length=50, blank=True)
    # What lengthens the settlement time limit.
    instance = models.CharField(_("instance"), max_length=8, choices=Instance.choices, blank=True)
    complexity = models.CharField(
        _("complexity"), max_length=24, choices=Complexity.choices, default=Complexity.ORDINARY
    )
    is_remote_area = models.BooleanField(_("remote or disadvantaged area"), default=False)
    # The clock: the acceptance time limit runs from receipt, the settlement one from acceptance.
    acceptance_deadline = models.DateField(_("accept or refuse by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    original_settlement_deadline = models.DateField(_("original settlement deadline"), null=True, blank=True)
    settlement_deadline = models.DateField(_("settle by"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("number of the decision"), max_length=50, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    enforced_on = models.DateField(_("enforced on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.RECEIVED)
    # The deadline the unit owes now: the acceptance one before acceptance, the settlement one after,
    # none once the petition is closed (refused, forwarded, withdrawn or settled).
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # The people handling it: for a denunciation, the only ones who may read the denouncer's identity.
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="PetitionHandler",
        through_fields=("petition", "user"),
        related_name="petitions_handled",
        blank=True,
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["handling_unit", "stage"]),
            models.Index(fields=["received_by_unit", "received_on"]),
            models.Index(fields=["kind", "received_on"]),
        ]

    def __str__(self) -> str:
        # The code only: never the petitioner, never the subject (which may name people).
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", args=[self.pk])

    @property
    def identity_is_confidential(self) -> bool:
        return self.kind == PetitionKind.DENUNCIATION

    @property
    def is_closed(self) -> bool:
        from .choices import CLOSED

        return self.stage in CLOSED


class PetitionHandler(models.Model):
    """A person handling a petition (the clerk who registered it, whoever accepted it, and those the
    competent unit assigned)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="handler_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_on = models.DateField(_("assigned on"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("person handling a petition")
        verbose_name_plural = _("people handling petitions")
        constraints = [models.UniqueConstraint(fields=["petition", "user"], name="petition_handler_once")]

    def __str__(self) -> str:
        return f"{self.petition} · {self.user}"


class PetitionStep(TimeStampedModel):
    """A step on a petition's timeline, with the document that records it where there is one (the
    notice of acceptance or refusal, the minutes of dialogue, the decision, the forwarding letter)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    day = models.DateField(_("day"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("step of a petition")
        verbose_name_plural = _("steps of petitions")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.petition} · {self.get_kind_display()} · {self.day:%d/%m/%Y}"


class PetitionExtension(TimeStampedModel):
    """A written decision extending a denunciation's settlement time limit (Law on Denunciations 2018,
    Art. 30): once for a complex matter, twice for a particularly complex one, by up to 30 days each."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    number = models.PositiveSmallIntegerField(_("extension number"))
    decided_on = models.DateField(_("decided on"))
    decision_number = models.CharField(_("number of the decision"), max_length=50)
    days = models.PositiveSmallIntegerField(_("days added"))
    previous_deadline = models.DateField(_("deadline before"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("extension of a petition's time limit")
        verbose_name_plural = _("extensions of petitions' time limits")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "number"], name="petition_extension_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.petition} · {self.number}"


def petition_file_path(instance, filename: str) -> str:
    return f"petitions/{instance.petition_id}/{filename}"


class PetitionFile(StoredFile):
    """A file of a petition: the letter itself, evidence the petitioner gave, or a step's document."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="files")
    step = models.ForeignKey(
        PetitionStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=petition_file_path)

    class Meta:
        verbose_name = _("file of a petition")
        verbose_name_plural = _("files of petitions")
