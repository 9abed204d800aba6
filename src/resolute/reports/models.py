"""Implementation reports: a draft report on how a document is being carried out, kept so the office
can edit its narrative before the final DOCX or PDF is generated."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.models import VersionedModel

from .querysets import ImplementationReportQuerySet


class ReportLanguage(models.TextChoices):
    VIETNAMESE = "vi", _("Vietnamese")
    ENGLISH = "en", _("English")


class ReportFormat(models.TextChoices):
    STATE = "state", _("State body (Decree 30/2020)")
    PARTY = "party", _("Party body (Guideline 36-HD/VPTW)")


def default_format_for(document) -> str:
    """A document kept or issued by a Party committee (or a body under one) is reported on in the Party
    format; any other in the state format of Decree 30/2020 (the rule is `OrgUnit.is_party_body`)."""
    if any(unit is not None and unit.is_party_body for unit in (document.owner, document.issuer)):
        return ReportFormat.PARTY
    return ReportFormat.STATE


class ImplementationReport(VersionedModel):
    """A report on the implementation of `document` over a period, with its figures taken as of a day.

    The figures are always read from the data when the report is shown or generated; what is stored
    is the frame (period, as-of day, language, format, number, signer) and the narrative sections,
    drafted from the data when the report is created and then edited by the office.
    """

    document = models.ForeignKey(
        "directives.Document",
        on_delete=models.CASCADE,
        related_name="implementation_reports",
        verbose_name=_("document"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    as_of = models.DateField(_("figures as of"))
    language = models.CharField(
        _("language"), max_length=2, choices=ReportLanguage.choices, default=ReportLanguage.VIETNAMESE
    )
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    number = models.CharField(
        _("number"), max_length=64, blank=True, help_text=_("For example 125-BC/TU or 123/BC-UBND.")
    )
    signer = models.CharField(_("signer"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("For example Quảng Nam."))
    leadership_and_direction = models.TextField(_("I. Leadership and direction"), blank=True)
    results = models.TextField(_("II. Results"), blank=True)
    shortcomings = models.TextField(_("III. Shortcomings and limitations"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImplementationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["document", "-created_at"], name="impl_report_document_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="impl_report_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def period_is_a_year(self) -> bool:
        return (
            self.period_start.month,
            self.period_start.day,
            self.period_end.month,
            self.period_end.day,
        ) == (
            1,
            1,
            12,
            31,
        ) and self.period_start.year == self.period_end.year

    @property
    def period_label(self) -> str:
        if self.period_is_a_year:
            return str(self.period_start.year)
        return f"{self.period_start.isoformat()} – {self.period_end.isoformat()}"


def year_period(year: int) -> tuple[date, date]:
    """The first and last day of a calendar year."""
    return date(year, 1, 1), date(year, 12, 31)
