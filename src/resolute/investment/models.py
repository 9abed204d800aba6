"""Public investment: projects, the annual capital plans that fund them, the disbursement investors
report, the obstacles that slow it, and the extensions that keep capital from lapsing.

Money is exact: every amount is a whole number of VND (`Money`, a `Decimal` with no fractional part;
VND has no minor unit), never a float. Nothing here stores a rate or a pace: the disbursement rate
(disbursed ÷ assigned plan, per capital source; Public Investment Law 2024, Art. 72 and the rules in
docs/user/investment.md) is derived in `selectors.py` from the plan's decisions and the latest
report on or before the day asked for.

The plan is a ledger. A `PlanDecision` (the plan as assigned, an adjustment, a transfer) carries
`PlanEntry` lines of signed amounts per project and source; the plan of a project on a day is the sum
of the lines of the decisions taken by then, and the original plan the sum of the first decision's
lines — so a change never overwrites the plan it changed, as a task keeps its original deadline.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resolute.core.languages import in_reader_language
from resolute.core.models import TimeStampedModel, VersionedModel

from .choices import (
    CapitalSource,
    ExtensionReason,
    ExtensionStatus,
    HandoverRole,
    ObstacleCategory,
    PlanChangeKind,
    ProjectGroup,
    ProjectStatus,
    ReportSource,
    Sector,
)
from .querysets import (
    CapitalPlanQuerySet,
    DisbursementReportQuerySet,
    InvestmentProjectQuerySet,
    PlanExtensionQuerySet,
)

# A whole number of VND, up to 18 digits (a quintillion VND): stored exactly on SQLite (an integer)
# and on PostgreSQL (numeric).
MONEY_DIGITS = 18


def Money(verbose_name, **options):  # noqa: N802 - reads as a field type
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=0, **options)


class InvestmentDesk(models.Model):
    """The department that keeps a jurisdiction's public-investment books (the Department of Finance
    for the province): its members see every project of the jurisdiction, and its managers register
    projects, plans and their changes."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    jurisdiction = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="investment_desks",
        verbose_name=_("for the projects of"),
    )

    class Meta:
        verbose_name = _("public-investment desk")
        verbose_name_plural = _("public-investment desks")
        constraints = [
            models.UniqueConstraint(fields=["unit", "jurisdiction"], name="investment_desk_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.jurisdiction}"


class InvestmentProject(VersionedModel):
    """A public investment project: who invests, where, in what, with how much approved by source.

    `jurisdiction` is the level whose capital plans fund it (the province); `investor` the unit that
    carries it out and reports its disbursement; `locality` the unit whose area it lies in (a ward, a
    commune, or the province for a project across several)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    group = models.CharField(_("group"), max_length=12, choices=ProjectGroup.choices)
    jurisdiction = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("funded by the plans of"),
    )
    investor = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="invested_projects",
        verbose_name=_("investor"),
    )
    locality = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="located_projects",
        verbose_name=_("locality"),
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.IN_PROGRESS
    )
    approval = models.CharField(_("investment decision"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = InvestmentProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="project_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def display_name(self):
        return in_reader_language(self.name, self.name_en)

    def get_absolute_url(self) -> str:
        return reverse("investment:project", args=[self.pk])


class ProjectFunding(models.Model):
    """The approved total investment of a project from one capital source."""

    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("capital source"), max_length=12, choices=CapitalSource.choices)
    amount = Money(_("approved total investment (VND)"))

    class Meta:
        verbose_name = _("approved funding")
        verbose_name_plural = _("approved funding")
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="funding_one_per_source"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.source}: {self.amount}"


class CapitalPlan(VersionedModel):
    """A jurisdiction's annual public-investment capital plan for `year`.

    It may be disbursed until `lapses_on` (31 January of the next year); past that day what was not
    disbursed lapses, except capital an approved `PlanExtension` carries to 31 December of the next
    year at most, and capital added after 30 September, which runs to that day by law (Law 2024,
    Art. 72). `milestones` are the disbursement the province set itself (and the Government's target
    for 31 January) that the pace of each project is measured against."""

    year = models.PositiveSmallIntegerField(_("year"))
    issuer = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="capital_plans",
        verbose_name=_("plan of"),
    )
    title = models.CharField(_("title"), max_length=300)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = CapitalPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual capital plan")
        verbose_name_plural = _("annual capital plans")
        ordering = ["-year", "issuer__path"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="capital_plan_one_a_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("investment:plan", args=[self.pk])

    @property
    def lapses_on(self) -> date:
        """The last day the plan may be disbursed without an extension."""
        return date(self.year + 1, 1, 31)

    @property
    def late_capital_after(self) -> date:
        """Capital added after this day runs to `extended_until_at_most` by law."""
        return date(self.year, 9, 30)

    @property
    def extended_until_at_most(self) -> date:
        return date(self.year + 1, 12, 31)


class PlanMilestone(models.Model):
    """A share of the plan that should be disbursed by a day (a province's milestone, the
    Government's target for 31 January)."""

    plan = models.ForeignKey(CapitalPlan, on_delete=models.CASCADE, related_name="milestones")
    day = models.DateField(_("by"))
    rate = models.DecimalField(_("share disbursed (%)"), max_digits=5, decimal_places=2)
    label = models.CharField(_("set by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["plan", "day"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "day"], name="milestone_one_a_day"),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100), name="milestone_rate_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.rate}%"


class PlanDecision(models.Model):
    """A decision that assigns or changes a capital plan, with its number and day; its `entries`
    are the amounts it adds to (or, negative, takes from) each project and source. Never edited: a
    correction is another decision."""

    plan = models.ForeignKey(CapitalPlan, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=12, choices=PlanChangeKind.choices)
    number = models.CharField(_("decision"), max_length=100)
    decided_on = models.DateField(_("decided on"))
    document = models.ForeignKey(
        "directives.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    note = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan decision")
        verbose_name_plural = _("plan decisions")
        ordering = ["plan", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"


class PlanEntry(models.Model):
    """What a decision assigns to one project from one source: positive adds, negative takes away."""

    decision = models.ForeignKey(PlanDecision, on_delete=models.PROTECT, related_name="entries")
    project = models.ForeignKey(InvestmentProject, on_delete=models.PROTECT, related_name="plan_entries")
    source = models.CharField(_("capital source"), max_length=12, choices=CapitalSource.choices)
    amount = Money(_("amount (VND)"))

    class Meta:
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")
        ordering = ["decision", "project", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "project", "source"], name="plan_entry_one_per_source"
            ),
        ]
        indexes = [models.Index(fields=["project", "source"], name="plan_entry_project_source")]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.source}: {self.amount}"


class PlanExtension(models.Model):
    """A request to let a project's undisbursed capital of a plan run past 31 January, prepared by
    the office and decided by the competent authority (the Prime Minister for central capital, the
    People's Committee chair — before 2025 the People's Council — for local capital)."""

    plan = models.ForeignKey(CapitalPlan, on_delete=models.PROTECT, related_name="extensions")
    project = models.ForeignKey(InvestmentProject, on_delete=models.PROTECT, related_name="extensions")
    amount = Money(_("amount requested (VND)"))
    reason = models.CharField(_("reason"), max_length=20, choices=ExtensionReason.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PROPOSED
    )
    approved_amount = Money(_("amount approved (VND)"), null=True, blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    decision_number = models.CharField(_("decision"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = PlanExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("extension of a plan")
        verbose_name_plural = _("extensions of plans")
        ordering = ["plan", "project"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "project"], name="extension_one_per_project"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="extension_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gte=0),
                name="extension_approved_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.plan.year}"


class DisbursementReport(TimeStampedModel):
    """An investor's report on one project and one plan: what was disbursed from each source in
    total by `reported_on` (cumulative, so the latest report on or before a day gives that day's
    figures), the work done, and what holds it back. A correction is a new report."""

    project = models.ForeignKey(InvestmentProject, on_delete=models.PROTECT, related_name="reports")
    plan = models.ForeignKey(CapitalPlan, on_delete=models.PROTECT, related_name="reports")
    reported_on = models.DateField(_("disbursed as of"))
    work_done_percent = models.DecimalField(
        _("work done (% of the project)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    work_done = models.TextField(_("work done"), blank=True)
    over_plan_explanation = models.TextField(_("why disbursement exceeds the plan"), blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("received through"), max_length=10, choices=ReportSource.choices, default=ReportSource.FORM
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # The investor that reported, kept as it was: a reorganisation hands the project on, not its past.
    investor = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("investor")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)

    objects = DisbursementReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("disbursement report")
        verbose_name_plural = _("disbursement reports")
        ordering = ["project", "plan", "reported_on", "id"]
        indexes = [
            models.Index(fields=["plan", "project", "reported_on"], name="disbursement_plan_project_day"),
            models.Index(fields=["investor", "submitted_at"], name="disbursement_investor_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.reported_on}"


class DisbursementFigure(models.Model):
    """The cumulative amount a report says was disbursed from one source."""

    report = models.ForeignKey(DisbursementReport, on_delete=models.CASCADE, related_name="figures")
    source = models.CharField(_("capital source"), max_length=12, choices=CapitalSource.choices)
    disbursed = Money(_("disbursed to date (VND)"))

    class Meta:
        verbose_name = _("disbursement figure")
        verbose_name_plural = _("disbursement figures")
        ordering = ["report", "source"]
        constraints = [
            models.UniqueConstraint(fields=["report", "source"], name="figure_one_per_source"),
            models.CheckConstraint(condition=models.Q(disbursed__gte=0), name="figure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.disbursed}"


class ProjectObstacle(models.Model):
    """Something a report says holds the project back, and the unit that must remove it. The
    obstacles of a project on a day are those of its latest report by then."""

    report = models.ForeignKey(DisbursementReport, on_delete=models.CASCADE, related_name="obstacles")
    project = models.ForeignKey(InvestmentProject, on_delete=models.PROTECT, related_name="obstacles")
    category = models.CharField(_("obstacle"), max_length=20, choices=ObstacleCategory.choices)
    description = models.TextField(_("description"), blank=True)
    responsible_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to be removed by"),
    )

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["report", "category", "id"]

    def __str__(self) -> str:
        return self.get_category_display()


class ProjectHandover(models.Model):
    """A project's investor or locality passed to a successor in a reorganisation: from
    `effective_on`, `to_unit` holds what `from_unit` held. A view of a past day reads the `from_unit`
    of the earliest handover after that day (else today's unit), so a closed province's figures of
    2024 stay its own."""

    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="handovers")
    role = models.CharField(_("role"), max_length=10, choices=HandoverRole.choices)
    from_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("from unit")
    )
    to_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to unit")
    )
    effective_on = models.DateField(_("effective on"))
    reorganisation = models.ForeignKey(
        "orgunits.Reorganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reorganisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("project handover")
        verbose_name_plural = _("project handovers")
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["project", "role", "effective_on"], name="project_handover_day")]

    def __str__(self) -> str:
        moved = f"{self.from_unit_id} → {self.to_unit_id}"
        return f"{self.project_id} · {self.role}: {moved} ({self.effective_on})"
