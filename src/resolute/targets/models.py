"""Indicators, the targets documents commit to, and the values units report, with their vintages.

Nothing here stores a status: whether a target is achieved, on track, at risk or off track is
derived from its values and its trajectory (see `status.py`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.languages import ReaderText, in_reader_language
from resolute.core.models import BackgroundJobFields, TimeStampedModel, VersionedModel
from resolute.core.periods import PeriodType

from .querysets import DataValueQuerySet, IndicatorQuerySet, TargetBreakdownQuerySet, TargetQuerySet


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("higher is better")
    LOWER_IS_BETTER = "lower", _("lower is better")
    WITHIN_RANGE = "range", _("within a range")


class AcrossUnits(models.TextChoices):
    """How the values of the units below combine into their parent's value."""

    SUM = "sum", _("sum")
    AVERAGE = "average", _("average")
    WEIGHTED_AVERAGE = "weighted_average", _("weighted average")
    RATIO = "ratio", _("ratio of two summed indicators")
    NONE = "none", _("not combinable")


class OverTime(models.TextChoices):
    """How the periods of a year combine into the year's value."""

    CUMULATIVE = "cumulative", _("cumulative (sum of the periods)")
    LATEST = "latest", _("the latest value")
    AVERAGE = "average", _("average of the periods")


class Indicator(VersionedModel):
    """A measure the organisation follows: its unit of measure, direction and how it aggregates."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    unit_of_measure = models.CharField(
        _("unit of measure"),
        max_length=60,
        help_text=_("For example %, billion VND, households, houses, persons."),
    )
    unit_of_measure_en = models.CharField(
        _("unit of measure in English"),
        max_length=60,
        blank=True,
        help_text=_("For example billion VND, households, houses; empty for a symbol such as %."),
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    across_units = models.CharField(
        _("combines across units by"), max_length=20, choices=AcrossUnits.choices, default=AcrossUnits.SUM
    )
    weight = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("weight indicator"),
        help_text=_("For a weighted average: the indicator whose values weigh each unit."),
    )
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("numerator")
    )
    denominator = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("denominator"),
    )
    ratio_scale = models.DecimalField(
        _("ratio multiplied by"),
        max_digits=12,
        decimal_places=2,
        default=100,
        help_text=_("100 for a percentage."),
    )
    over_time = models.CharField(
        _("combines over a year by"), max_length=16, choices=OverTime.choices, default=OverTime.LATEST
    )
    periodicity = models.CharField(_("periodicity"), max_length=16, choices=PeriodType.choices)
    minimum = models.DecimalField(
        _("lowest valid value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("highest valid value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    jump_warning_percent = models.DecimalField(
        _("warn when a value changes by more than (%)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def name_in(self, language: str | None = None) -> ReaderText:
        """The name in the reader's language (the active one by default), the other one marked if missing."""
        return in_reader_language(self.name, self.name_en, language)

    def unit_of_measure_in(self, language: str | None = None) -> ReaderText:
        """The unit of measure in the reader's language; a symbol such as % reads the same in both."""
        return in_reader_language(self.unit_of_measure, self.unit_of_measure_en, language)

    display_name = property(name_in)
    display_unit_of_measure = property(unit_of_measure_in)

    def get_absolute_url(self) -> str:
        return reverse("targets:indicator_detail", args=[self.pk])


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    BELOW = "below", _("below")
    ABOVE = "above", _("above")
    EQUAL = "equal", _("equal to")
    RANGE = "range", _("between")
    CHANGE_FROM_BASELINE = "change", _("a change from the baseline of")
    RELATIVE_TO_REFERENCE = "relative", _("relative to a reference")


class Target(VersionedModel):
    """A document's commitment: an indicator, for a unit, by a deadline, compared with a value.

    `value` (and `value_max` for a range) is the committed figure; for a change from the baseline
    it is the signed change (-1 for "reduce by 1 percentage point"). For a target relative to a
    reference series, `reference_unit`'s values of `reference_indicator` (or the same indicator)
    are the moving bar and `comparator_of_reference` says which side is good.
    """

    document = models.ForeignKey(
        "directives.Document", on_delete=models.PROTECT, related_name="targets", verbose_name=_("document")
    )
    clause = models.ForeignKey(
        "directives.Clause",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
        verbose_name=_("clause"),
    )
    source_text = models.TextField(_("quoted clause"), blank=True)
    area = models.CharField(
        _("area"),
        max_length=200,
        blank=True,
        help_text=_(
            "The part of the document or the field the target belongs to, such as “Economy”. "
            "Left empty, the heading of the section its clause sits in."
        ),
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    comparator = models.CharField(_("comparator"), max_length=16, choices=Comparator.choices)
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
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reference unit"),
        help_text=_("For a target relative to a reference: whose values are the bar (e.g. the country)."),
    )
    reference_comparator = models.CharField(
        _("compared with the reference"),
        max_length=16,
        choices=[(Comparator.BELOW, _("below")), (Comparator.ABOVE, _("above"))],
        blank=True,
    )
    tolerance_percent = models.DecimalField(
        _("tolerance band (%)"),
        max_digits=6,
        decimal_places=2,
        default=10,
        help_text=_("How far behind the planned change a target may be and still be on track."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["document", "indicator__code", "id"]

    def __str__(self) -> str:
        return f"{self.indicator.display_name} · {self.unit} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("targets:target_detail", args=[self.pk])


class TrajectoryPoint(models.Model):
    """The value planned for a period on the way to the target (a curve the office enters).
    Without points, the trajectory is linear from the baseline to the target value."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="trajectory")
    period = models.CharField(_("period"), max_length=8)
    planned_value = models.DecimalField(_("planned value"), max_digits=24, decimal_places=6)

    class Meta:
        verbose_name = _("planned value")
        verbose_name_plural = _("trajectory")
        ordering = ["target", "period"]
        constraints = [models.UniqueConstraint(fields=["target", "period"], name="trajectory_unique_period")]

    def __str__(self) -> str:
        return f"{self.period}: {self.planned_value}"


class TargetBreakdown(models.Model):
    """A target's share for one unit below (e.g. the 10,945 houses by district)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="breakdown")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)

    objects = TargetBreakdownQuerySet.as_manager()

    class Meta:
        verbose_name = _("share of a target")
        verbose_name_plural = _("breakdown by unit")
        constraints = [models.UniqueConstraint(fields=["target", "unit"], name="breakdown_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.value}"


class Vintage(models.IntegerChoices):
    """How final a figure is. A later vintage supersedes an earlier one and never erases it."""

    ESTIMATE = 1, _("estimate")
    PRELIMINARY = 2, _("preliminary")
    OFFICIAL = 3, _("official")


class ValueState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class DataValue(TimeStampedModel):
    """One figure: an indicator, a unit, a period and a vintage. A correction or a later vintage is a
    new row; `superseded_by` chains the older one to it, so the history stays readable."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="indicator_values")
    period = models.CharField(_("period"), max_length=8)
    vintage = models.PositiveSmallIntegerField(
        _("vintage"), choices=Vintage.choices, default=Vintage.ESTIMATE
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    comment = models.TextField(_("comment"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ValueState.choices, default=ValueState.DRAFT)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["indicator", "unit", "period", "-vintage", "-id"]
        indexes = [
            models.Index(fields=["indicator", "unit", "period"], name="value_indicator_unit_period"),
            models.Index(fields=["unit", "period", "state"], name="value_unit_period_state"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.unit} · {self.period}: {self.value}"


class PeriodLock(TimeStampedModel):
    """A period's data entry closes a set number of days after its deadline; an approver may open it
    again for one unit. Each exception is a row, so who opened what and when is on record."""

    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=8)
    opened_until = models.DateField(_("open until"))
    reason = models.CharField(_("reason"), max_length=300)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} → {self.opened_until}"


class ValidationRule(TimeStampedModel):
    """A relation between two indicators that values must respect, e.g. disbursed ≤ allocated."""

    class Operator(models.TextChoices):
        LESS_OR_EQUAL = "lte", "≤"
        LESS = "lt", "<"
        EQUAL = "eq", "="
        GREATER_OR_EQUAL = "gte", "≥"
        GREATER = "gt", ">"

    name = models.CharField(_("name"), max_length=200)
    left = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("left"))
    operator = models.CharField(_("operator"), max_length=4, choices=Operator.choices)
    right = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("right"))

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self) -> str:
        return self.name


class ValueImport(BackgroundJobFields, TimeStampedModel):
    """An XLSX file of values, checked as a whole and saved in one transaction by a background job.
    A file with any error writes nothing; `errors` lists each one by sheet, row and column."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        CHECKING = "checking", _("checking the file")
        SAVING = "saving", _("saving the values")
        DONE = "done", _("done")
        FAILED = "failed", _("refused: nothing was saved")
        CANCELLED = "cancelled", _("cancelled: nothing was saved")

    file = models.FileField(_("file"), upload_to="imports/values/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    values_saved = models.PositiveIntegerField(_("values saved"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of values")
        verbose_name_plural = _("imports of values")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name

    def get_absolute_url(self) -> str:
        return reverse("targets:import_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def may_be_cancelled(self) -> bool:
        """Waiting or checking; once saving has begun the values are saved whole or not at all."""
        return self.status in (self.Status.QUEUED, self.Status.CHECKING)

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.rows_done * 100 / self.rows_total) if self.rows_total else 0


class TargetHandover(TimeStampedModel):
    """A record that a target, or a unit's share of one, passed from a closing unit to its successor
    in a reorganisation: what the target's page shows as "Share taken over from X on 01/07/2025
    under …". Written by `contributions` when a reorganisation is applied; never edited."""

    class Role(models.TextChoices):
        OWNER = "owner", _("the target")
        SHARE = "share", _("a share of the target")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="handovers")
    role = models.CharField(_("what passed"), max_length=16, choices=Role.choices)
    from_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("handed over by")
    )
    to_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("taken over by")
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    effective_on = models.DateField(_("effective on"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    reorganisation = models.ForeignKey(
        "orgunits.Reorganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reorganisation"),
    )

    class Meta:
        verbose_name = _("handover of a target")
        verbose_name_plural = _("handovers of targets")
        ordering = ["target", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.from_unit_id} → {self.to_unit_id} ({self.effective_on})"

    @property
    def sentence(self) -> str:
        """The trace in the reader's language, the date as the locale writes it."""
        from django.utils.formats import date_format
        from django.utils.translation import gettext

        values = {
            "unit": self.from_unit,
            "date": date_format(self.effective_on, "SHORT_DATE_FORMAT"),
            "basis": self.legal_basis,
        }
        if self.role == self.Role.SHARE:
            if self.legal_basis:
                return gettext("Share taken over from %(unit)s on %(date)s under %(basis)s") % values
            return gettext("Share taken over from %(unit)s on %(date)s") % values
        if self.legal_basis:
            return gettext("Target taken over from %(unit)s on %(date)s under %(basis)s") % values
        return gettext("Target taken over from %(unit)s on %(date)s") % values


class StoredEvaluation(models.Model):
    """A target's evaluation (`status.evaluate`) on one day, computed ahead so that the dashboard, the
    report and the target list read it instead of rolling every target's values up on each page.

    Only today's row is ever read, and only while it is current: every write a target's evaluation
    rests on (a value entered, approved or imported, the target, its indicator, the unit tree) marks
    the affected rows `stale` in its own transaction and queues their refresh, so a page never shows a
    status older than the data; a stale or missing row is evaluated live instead (`actions.evaluations`).
    `changes` grows with each such mark, so a refresh that read the data before a change never writes
    over it. The figures keep their exact `Decimal` text (`figures`); the sentence and the formula are
    kept in every language of the site (`texts`), as `evaluate` words them under that language."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="stored_evaluations")
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=16, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    texts = models.JSONField(_("sentences"), default=dict, blank=True)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    includes_submitted = models.BooleanField(_("includes submitted figures"), default=False)
    final = models.BooleanField(_("judged on the final value"), default=False)
    # Whether submitted figures counted (RESOLUTE_COUNT_SUBMITTED_VALUES) when it was computed: a
    # row computed under the other setting is not read.
    counts_submitted = models.BooleanField(_("submitted figures counted"), default=False)
    stale = models.BooleanField(_("stale"), default=False)
    changes = models.PositiveIntegerField(_("changes since created"), default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored evaluation")
        verbose_name_plural = _("stored evaluations")
        ordering = ["-day", "target"]
        constraints = [
            models.UniqueConstraint(fields=["target", "day"], name="stored_evaluation_unique_day"),
        ]
        indexes = [models.Index(fields=["day", "status"], name="stored_evaluation_day_status")]

    def __str__(self) -> str:
        return f"{self.target_id} · {self.day}: {self.status or '—'}"
