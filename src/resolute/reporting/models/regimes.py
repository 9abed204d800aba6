"""Reporting regimes (what is owed, by whom, how often) and the reports units submit under them.

A regime follows Decree 09/2019: each period's data are cut off on a day of its last month (the 14th
by default, so a month runs from the 15th of the month before to the 14th), and the report is due a
number of working days after the cut-off (at least one). The unit that issues the regime — the
province, a district — sets it; the units that owe it are named by kind and/or one by one.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.models import TimeStampedModel, VersionedModel
from resolute.core.periods import PeriodType

from ..querysets import ReportingRegimeQuerySet, ReportSubmissionQuerySet

__all__ = ["RegimeKind", "ReportSubmission", "ReportingRegime", "regime_kind_choices"]


class RegimeKind(models.TextChoices):
    """The kinds of regime reporting itself knows; a domain adds its own (`core.contributions.
    ReportedWork`), so `regime_kind_choices` lists both."""

    TASK_PROGRESS = "task_progress", _("progress on the tasks the unit leads")
    INDICATOR_VALUES = "indicator_values", _("values of indicators")
    NARRATIVE = "narrative", _("narrative report")


def regime_kind_choices() -> list[tuple[str, object]]:
    """What a regime may ask units to report: the built-in kinds, then those the installed domains
    contribute, in their order. A callable, so the choices follow the installed apps."""
    from resolute.core.contributions import ReportedWork, contributed

    return [*RegimeKind.choices, *((work.key, work.label) for work in contributed(ReportedWork))]


class ReportingRegime(VersionedModel):
    """Who reports what, how often, with which cut-off and deadline.

    The units that owe it are those inside the issuer's subtree whose kind is in `unit_kinds`, plus
    the units named in `units` (which may also be outside those kinds).
    """

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("what is reported"), max_length=24, choices=regime_kind_choices)
    issuer = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="issued_reporting_regimes",
        verbose_name=_("issued by"),
        help_text=_("The unit that sets the regime and receives the reports."),
    )
    period_type = models.CharField(_("period"), max_length=16, choices=PeriodType.choices)
    cutoff_day = models.PositiveSmallIntegerField(
        _("cut-off day"),
        default=14,
        help_text=_(
            "Data are counted up to this day of the period's last month, from the day after it in the "
            "month before the period (Decree 09/2019, Art. 12: the 14th)."
        ),
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline, working days after the cut-off"),
        default=1,
        help_text=_("At least one working day between the cut-off and the deadline (Decree 09, Art. 8)."),
    )
    unit_kinds = models.JSONField(_("kinds of units that report"), default=list, blank=True)
    units = models.ManyToManyField(
        "orgunits.OrgUnit", blank=True, related_name="reporting_regimes", verbose_name=_("units that report")
    )
    indicators = models.ManyToManyField(
        "targets.Indicator",
        blank=True,
        related_name="reporting_regimes",
        verbose_name=_("indicators"),
        help_text=_("For a regime of indicator values: the indicators each unit reports."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = ReportingRegimeQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting regime")
        verbose_name_plural = _("reporting regimes")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cutoff_day__gte=1, cutoff_day__lte=31), name="regime_cutoff_day_1_31"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline_working_days__gte=1), name="regime_deadline_at_least_one_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reporting:regime_edit", args=[self.pk])


def submission_path(instance, filename: str) -> str:
    return f"reporting/{instance.regime_id}/{instance.period}/{filename}"


class ReportSubmission(TimeStampedModel):
    """A report a unit sent under a regime for a period: the text or the file, who sent it and when.

    Progress on tasks and indicator values are received through their own records; a submission is
    how a narrative report arrives."""

    regime = models.ForeignKey(
        ReportingRegime, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("regime")
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="report_submissions",
        verbose_name=_("unit"),
    )
    period = models.CharField(_("period"), max_length=8)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    text = models.TextField(_("report"), blank=True)
    file = models.FileField(_("file"), upload_to=submission_path, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["regime", "period", "unit", "submitted_at"]
        indexes = [
            models.Index(fields=["regime", "unit", "period"], name="submission_regime_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.regime} · {self.unit} · {self.period}"
