"""Oversight findings: the conclusions of inspections, State Audit reports, People's Council
supervisions and Party inspections, and each recommendation in them followed to the end.

The conclusion itself is a `directives.Document` (an inspection conclusion, an audit report…), so it
is found, read and cited like any other document; `Oversight` adds who looked at whom. Each
recommendation is a task (`tasks.Task`): the unit responsible leads it, it has its deadline, and it
is reported on, extended, completed and urged with the task machinery, on the board and the ladder
like every task. `Recommendation` adds only what is specific: its kind, the money to recover and the
amounts recovered over time (`Recovery`, a ledger: an amount is never overwritten), the people to
discipline and what became of them (`DisciplineCase`), and the inspecting body's confirmation that
the recommendation is closed.

Money is exact: whole VND in a `Decimal` (VND has no minor unit), as in public investment.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.models import TimeStampedModel, VersionedModel

from .choices import DisciplineOutcome, OversightKind, RecommendationKind
from .querysets import OversightQuerySet, RecommendationQuerySet

MONEY_DIGITS = 18


def Money(verbose_name, **options):  # noqa: N802 - reads as a field type
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=0, **options)


class Oversight(VersionedModel):
    """One inspection, audit, supervision or Party inspection, known by its concluding document."""

    document = models.OneToOneField(
        "directives.Document",
        on_delete=models.PROTECT,
        related_name="oversight",
        verbose_name=_("conclusion"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OversightKind.choices)
    # The body that looked: a unit of the tree when it is one (the provincial inspectorate), else named.
    inspecting_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oversights_conducted",
        verbose_name=_("inspecting body"),
    )
    inspecting_body_name = models.CharField(_("inspecting body"), max_length=300, blank=True)
    inspected_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="oversights_undergone",
        verbose_name=_("unit inspected"),
    )
    # The unit that follows the recommendations up (assigns them as tasks): usually the office of
    # the level the inspected unit belongs to.
    follow_up_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="oversights_followed",
        verbose_name=_("followed up by"),
    )
    subject = models.CharField(_("subject"), max_length=500)
    period_covered = models.CharField(_("period covered"), max_length=100, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = OversightQuerySet.as_manager()

    class Meta:
        verbose_name = _("oversight")
        verbose_name_plural = _("oversights")
        ordering = ["-document__issued_on", "-pk"]

    def __str__(self) -> str:
        return str(self.document)

    def get_absolute_url(self) -> str:
        return reverse("oversight:detail", args=[self.pk])

    @property
    def inspecting_body(self) -> str:
        """The name of the body that looked, from the tree when it is a unit of it."""
        if self.inspecting_unit_id:
            return str(self.inspecting_unit)
        return self.inspecting_body_name


class Recommendation(VersionedModel):
    """One recommendation of a conclusion, followed up as a task. See the module's docstring."""

    oversight = models.ForeignKey(Oversight, on_delete=models.CASCADE, related_name="recommendations")
    task = models.OneToOneField(
        "tasks.Task", on_delete=models.PROTECT, related_name="recommendation", verbose_name=_("task")
    )
    label = models.CharField(_("number"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=RecommendationKind.choices)
    amount_required = Money(_("amount to recover (VND)"), null=True, blank=True)
    closure_confirmed_on = models.DateField(_("closure confirmed on"), null=True, blank=True)
    closure_document_number = models.CharField(
        _("number of the confirming document"), max_length=50, blank=True
    )
    closure_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["oversight", "pk"]

    def __str__(self) -> str:
        return f"{self.oversight} · {self.label}" if self.label else str(self.oversight)

    def get_absolute_url(self) -> str:
        return reverse("oversight:recommendation", args=[self.pk])


class Recovery(TimeStampedModel):
    """An amount recovered on a recommendation on a day (a negative one corrects an earlier entry):
    the amount recovered by a day is the sum of the entries up to it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="recoveries")
    recovered_on = models.DateField(_("recovered on"))
    amount = Money(_("amount (VND)"))
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("amount recovered")
        verbose_name_plural = _("amounts recovered")
        ordering = ["recovered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.recovered_on:%d/%m/%Y}"


class DisciplineCase(TimeStampedModel):
    """A person (an official, or an organisation) the recommendation asks to discipline, and what
    became of it."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="discipline_cases"
    )
    person = models.CharField(_("person or organisation"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=DisciplineOutcome.choices, default=DisciplineOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("number of the decision"), max_length=50, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} · {self.person}"
