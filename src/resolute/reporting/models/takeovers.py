"""What a reorganisation handed from a closing unit to its successor in reporting, kept as a trace.

When a unit closes in a reorganisation (`orgunits.reorganisation`), the reporting work it holds
passes on (`reporting.contributions`): the regimes it issued, the duties that name it, the
escalations waiting for its answer, and the letters not yet sent to or from it. Each hand-over is one
`ReportingTakeover` row: what passed, from whom, to whom, from which day, under which legal basis. The
pages read it to say "Taken over from <old unit> on 01/07/2025 under <legal basis>", and the compliance
table reads the regimes' rows to know who issued a regime on a day before the change.
"""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

__all__ = ["ReportingTakeover", "TakeoverKind"]


class TakeoverKind(models.TextChoices):
    REGIME_ISSUER = "regime_issuer", _("issuer of a reporting regime")
    NAMED_UNIT = "named_unit", _("unit named by a reporting regime")
    ESCALATION = "escalation", _("escalation about a task")
    ESCALATION_CLOSED = "escalation_closed", _("escalation closed: unit reorganised")
    LETTER_RECIPIENT = "letter_recipient", _("recipient of an urging letter not yet sent")
    LETTER_ISSUER = "letter_issuer", _("issuer of an urging letter not yet sent")


class ReportingTakeover(models.Model):
    """One item of reporting work that passed from a closing unit to its successor on a day."""

    kind = models.CharField(_("what passed"), max_length=24, choices=TakeoverKind.choices)
    regime = models.ForeignKey(
        "ReportingRegime",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="takeovers",
        verbose_name=_("regime"),
    )
    letter = models.ForeignKey(
        "UrgingLetter",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="takeovers",
        verbose_name=_("letter"),
    )
    event = models.ForeignKey(
        "LadderEvent",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="takeovers",
        verbose_name=_("escalation"),
    )
    from_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("taken over from")
    )
    # Empty for an escalation closed because the unit was reorganised: nobody took it over.
    to_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taken over by"),
    )
    effective_on = models.DateField(_("from"))
    reorganisation = models.ForeignKey(
        "orgunits.Reorganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_takeovers",
        verbose_name=_("reorganisation"),
    )
    # Kept on the row: the reorganisation's basis as it stood when the work passed.
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting work taken over")
        verbose_name_plural = _("reporting work taken over")
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["kind", "regime", "effective_on"], name="takeover_regime_day")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The trace the pages show, in the active language, with the date in its format."""
        values = {
            "unit": self.from_unit,
            "date": date_format(self.effective_on, "SHORT_DATE_FORMAT"),
            "basis": self.legal_basis,
        }
        if self.kind == TakeoverKind.ESCALATION_CLOSED:
            if self.legal_basis:
                return gettext("Closed on %(date)s: %(unit)s was reorganised under %(basis)s.") % values
            return gettext("Closed on %(date)s: %(unit)s was reorganised.") % values
        if self.legal_basis:
            return gettext("Taken over from %(unit)s on %(date)s under %(basis)s.") % values
        return gettext("Taken over from %(unit)s on %(date)s.") % values
