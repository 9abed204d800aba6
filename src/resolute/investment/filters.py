"""The filters of the public-investment lists, shared by the pages, their Excel files and the API.

Every list is read for one annual capital plan and one day (`?plan=`, `?as_of=`; by default the plan of
the day's year the user sees, and today), so a figure on a past day reads as it stood then. The
filters that are columns (sector, group, status, words in the code or the name, the investor, the
locality or the area of the day) narrow the projects in SQL; the ones that are judgements of the day
(slow, at risk of lapsing, an obstacle, a source, an extension) are read from the rate engine's
figures of the projects kept, so the list and the overview agree to the project.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import django_filters
from django import forms
from django.db.models import BigIntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.asof import day_validators
from resolute.core.filters import FilterSet
from resolute.core.forms import iso_date_input
from resolute.core.pagination import year_in
from resolute.orgunits.filters import UnitFilter
from resolute.orgunits.models import OrgUnit

from .choices import CapitalSource, ExtensionStatus, ObstacleCategory, ProjectGroup, ProjectStatus, Sector
from .models import (
    CapitalPlan,
    InvestmentProject,
    PlanDecision,
    PlanEntry,
    PlanExtension,
    ProjectObstacle,
)
from .selectors import at_risk as at_risk_rows
from .selectors import in_area, lapse_summary, plan_for, project_figures, units_on


def capitalised(choices) -> list[tuple[str, str]]:
    """Choice labels as a picker shows them: the model's labels are written for mid-sentence use."""
    return [(value, capfirst(label)) for value, label in choices]


# -- what a picker offers ----------------------------------------------------------------------------


def visible_plans(user):
    """The plans the user may read, newest first."""
    return CapitalPlan.objects.visible_to(user).select_related("issuer").order_by("-year", "issuer__path")


class PlanChoiceField(django_filters.fields.ModelChoiceField):
    """A plan as a picker names it: its year, then whose plan it is."""

    def label_from_instance(self, plan):
        return f"{plan.year} · {plan.issuer}"


class PlanFilter(django_filters.ModelChoiceFilter):
    field_class = PlanChoiceField


def area_units(user):
    """The units whose projects a user may pick out: the units they see, and the investors and
    localities of the projects they see with the units right above those (the district of a commune).
    The public-investment desk sees every project of its province while its own unit is a department:
    this is how it names a district. Nobody is offered a unit none of whose projects they see."""
    projects = InvestmentProject.objects.visible_to(user)
    localities = projects.values("locality_id")
    involved = (
        Q(pk__in=projects.values("investor_id"))
        | Q(pk__in=localities)
        | Q(pk__in=OrgUnit.objects.filter(pk__in=localities).values("parent_id"))
    )
    visible = OrgUnit.objects.visible_to(user)
    return (visible | OrgUnit.objects.filter(involved)).distinct().order_by("path")


def _visible_plans_of(request):
    return visible_plans(request.user) if request is not None else CapitalPlan.objects.none()


def _area_units_of(request):
    return area_units(request.user) if request is not None else OrgUnit.objects.none()


def _responsible_units_of(request):
    """The units named to remove an obstacle on a project the user sees."""
    if request is None:
        return OrgUnit.objects.none()
    named = ProjectObstacle.objects.filter(project__in=InvestmentProject.objects.visible_to(request.user))
    return OrgUnit.objects.filter(pk__in=named.values("responsible_unit_id")).order_by("path")


class Show:
    """Which projects a list of a plan holds."""

    PLANNED = "planned"
    ALL = "all"

    choices = [
        (PLANNED, _("Projects with a plan this year")),
        (ALL, _("Every project")),
    ]


SORT_CHOICES = [
    ("code", _("Code")),
    ("rate", _("Rate, lowest first")),
    ("gap", _("Behind schedule, furthest first")),
    ("plan", _("Plan, largest first")),
    ("remaining", _("Still to disburse, largest first")),
]
DEFAULT_SORT = "code"
# Sorts read from the day's figures rather than from columns.
SORTS_BY_FIGURES = {"rate", "gap", "remaining"}


# -- the projects ------------------------------------------------------------------------------------


@dataclass
class ProjectRow:
    """A line of the project list: the project, the units that held it on the day, and its figures
    of the plan on that day (None when it has none: no plan and no report)."""

    project: InvestmentProject
    figures: object | None
    investor: OrgUnit | None = None
    locality: OrgUnit | None = None

    @property
    def plan(self) -> Decimal:
        return self.figures.total.plan if self.figures else Decimal(0)

    @property
    def disbursed(self) -> Decimal:
        return self.figures.total.disbursed if self.figures else Decimal(0)

    @property
    def rate(self):
        return self.figures.total.rate if self.figures else None

    @property
    def expected_rate(self):
        return self.figures.expected_rate if self.figures else None

    @property
    def gap(self):
        return self.figures.gap if self.figures else None

    @property
    def remaining(self) -> Decimal:
        return self.figures.total.remaining if self.figures else Decimal(0)

    @property
    def obstacles(self) -> list:
        return list(self.figures.obstacles) if self.figures else []

    @property
    def reported_on(self):
        return self.figures.reported_on if self.figures else None

    @property
    def extension(self):
        return self.figures.extension if self.figures else None


def plan_total_on(plan: CapitalPlan, day: date):
    """A project's plan of `plan` on `day` (rule 1), as a subquery over projects."""
    entries = (
        PlanEntry.objects.filter(project=OuterRef("pk"), decision__plan=plan, decision__decided_on__lte=day)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount", output_field=BigIntegerField()))
        .values("total")
    )
    # Read as a whole number (an integer on SQLite, a numeric on PostgreSQL), never through the
    # decimal converter, which rounds on SQLite; only compared and ordered here.
    whole = BigIntegerField()
    return Coalesce(Subquery(entries, output_field=whole), Value(0), output_field=whole)


class ProjectFilter(FilterSet):
    """The project list's filters, for the page, its Excel file and the API.

    Always bound: with no data it shows the projects with a plan in the default plan, as of today, by
    code. `plan` and `as_of_day` are the plan and the day read; `rows()` gives every project kept, with
    its figures, and `page_rows(projects)` the figures of a page of `qs` when no filter needs them all."""

    plan = PlanFilter(
        label=_("Plan"),
        queryset=_visible_plans_of,
        method="applied_in_filter_queryset",
        empty_label=_("The plan of this year"),
    )
    as_of = django_filters.DateFilter(
        label=_("As of"),
        method="applied_in_filter_queryset",
        widget=iso_date_input(),
        validators=day_validators(),
        help_text=_("Show the figures as they stood on this day."),
    )
    show = django_filters.ChoiceFilter(
        label=_("Projects"), choices=Show.choices, method="applied_in_filter_queryset", empty_label=None
    )
    area = UnitFilter(
        label=_("In the area of"),
        queryset=_area_units_of,
        method="applied_in_filter_queryset",
        empty_label=_("Anywhere"),
        help_text=_("Projects located in the unit's area, or invested by a unit of it, on the day."),
    )
    investor = UnitFilter(
        label=_("Investor"),
        queryset=_area_units_of,
        method="applied_in_filter_queryset",
        empty_label=_("Any investor"),
    )
    locality = UnitFilter(
        label=_("Locality"),
        queryset=_area_units_of,
        method="applied_in_filter_queryset",
        empty_label=_("Any locality"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=capitalised(Sector.choices), empty_label=_("Any sector")
    )
    group = django_filters.ChoiceFilter(
        label=_("Group"), choices=capitalised(ProjectGroup.choices), empty_label=_("Any group")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=capitalised(ProjectStatus.choices), empty_label=_("Any status")
    )
    source = django_filters.ChoiceFilter(
        label=_("Capital source"),
        choices=capitalised(CapitalSource.choices),
        method="applied_in_filter_queryset",
        empty_label=_("Any source"),
    )
    obstacle = django_filters.ChoiceFilter(
        label=_("Obstacle"),
        choices=capitalised(ObstacleCategory.choices),
        method="applied_in_filter_queryset",
        empty_label=_("Any obstacle or none"),
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Obstacle to be removed by"),
        queryset=_responsible_units_of,
        method="applied_in_filter_queryset",
        empty_label=_("Any unit"),
    )
    extension = django_filters.ChoiceFilter(
        label=_("Extension"),
        choices=capitalised(ExtensionStatus.choices),
        method="applied_in_filter_queryset",
        empty_label=_("With or without"),
    )
    slow = django_filters.BooleanFilter(
        label=_("Behind schedule only"), method="applied_in_filter_queryset", widget=forms.CheckboxInput
    )
    at_risk = django_filters.BooleanFilter(
        label=_("At risk of lapsing only"),
        method="applied_in_filter_queryset",
        widget=forms.CheckboxInput,
    )
    lapsed = django_filters.BooleanFilter(
        label=_("Lapsed capital only"),
        method="applied_in_filter_queryset",
        widget=forms.CheckboxInput,
        help_text=_("Projects whose capital of the plan lapsed, in part or whole, by the day."),
    )
    q = django_filters.CharFilter(
        label=_("Code or name"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. DT-01, ven biển")}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="applied_in_filter_queryset", empty_label=None
    )

    # Filters read from the figures of the day, not from columns.
    BY_FIGURES = ("source", "obstacle", "responsible", "extension", "slow", "at_risk", "lapsed")

    class Meta:
        model = InvestmentProject
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        self.user = request.user if request is not None else None
        if queryset is None and request is not None:
            queryset = InvestmentProject.objects.visible_to(request.user)
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)

    # -- the plan and the day -------------------------------------------------------------------------

    @property
    def cleaned(self) -> dict:
        self.errors  # noqa: B018 — cleans the form once
        return getattr(self.form, "cleaned_data", {})

    @property
    def as_of_day(self) -> date:
        return self.cleaned.get("as_of") or clock.today()

    @property
    def is_today(self) -> bool:
        return self.as_of_day == clock.today()

    @property
    def current_plan(self) -> CapitalPlan | None:
        """The plan asked for, else the plan of the day's year the user sees, else their newest."""
        if not hasattr(self, "_plan"):
            chosen = self.cleaned.get("plan")
            self._plan = chosen or default_plan(self.user, self.as_of_day)
        return self._plan

    @property
    def current_sort(self) -> str:
        return self.cleaned.get("sort") or DEFAULT_SORT

    @property
    def needs_every_figure(self) -> bool:
        """Whether keeping or ordering the projects needs the figures of every one of them."""
        return (
            any(self.cleaned.get(name) for name in self.BY_FIGURES) or self.current_sort in SORTS_BY_FIGURES
        )

    # -- filtering in SQL -----------------------------------------------------------------------------

    def applied_in_filter_queryset(self, queryset, name, value):
        # The plan, the day, the units of the day and the order apply together below; the judgements of
        # the day are read from the figures (`rows`).
        return queryset

    def search(self, queryset, name, value):
        """Every word in the code or a name."""
        for word in value.split():
            queryset = queryset.filter(
                Q(code__icontains=word) | Q(name__icontains=word) | Q(name_en__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset):
        data = self.cleaned
        day = self.as_of_day
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        plan = self.current_plan
        if plan is None:
            queryset = queryset.none()
        else:
            queryset = queryset.annotate(plan_total=plan_total_on(plan, day))
            if (data.get("show") or Show.PLANNED) == Show.PLANNED:
                queryset = queryset.filter(plan_total__gt=0)
        if data.get("area") is not None:
            queryset = in_area(queryset, data["area"], day)  # annotates the units of the day too
        else:
            queryset = units_on(queryset, day)
        if data.get("investor") is not None:
            queryset = queryset.filter(investor_on_id=data["investor"].pk)
        if data.get("locality") is not None:
            queryset = queryset.filter(locality_on_id=data["locality"].pk)
        if self.current_sort == "plan" and plan is not None:
            return queryset.order_by("-plan_total", "code", "pk")
        return queryset.order_by("code", "pk")

    # -- the rows -------------------------------------------------------------------------------------

    def figures_of(self, projects) -> dict:
        """{project id: figures} of `projects` (a queryset) for the plan on the day."""
        if self.current_plan is None:
            return {}
        # The engine keeps, of the projects it is given, those the user sees.
        chosen = InvestmentProject.objects.filter(pk__in=projects.values("pk"))
        return project_figures(self.user, plan=self.current_plan, as_of=self.as_of_day, projects=chosen)

    def _rows(self, projects: list, figures: dict) -> list[ProjectRow]:
        units = {}
        wanted = set()
        for project in projects:
            wanted.update(
                unit_id
                for unit_id in (
                    getattr(project, "investor_on_id", None),
                    getattr(project, "locality_on_id", None),
                )
                if unit_id
            )
        known = {project.investor_id: project.investor for project in projects} | {
            project.locality_id: project.locality for project in projects
        }
        missing = wanted - set(known)
        if missing:
            units = {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=missing)}
        units.update(known)
        return [
            ProjectRow(
                project=project,
                figures=figures.get(project.pk),
                investor=units.get(getattr(project, "investor_on_id", None) or project.investor_id),
                locality=units.get(getattr(project, "locality_on_id", None) or project.locality_id),
            )
            for project in projects
        ]

    def _kept(self, row: ProjectRow, risky: set[int], lapsed: set[int]) -> bool:
        data = self.cleaned
        figures = row.figures
        if data.get("source"):
            money = figures.by_source.get(data["source"]) if figures else None
            if money is None or money.plan <= 0:
                return False
        if data.get("obstacle") and not any(o.category == data["obstacle"] for o in row.obstacles):
            return False
        if data.get("responsible") is not None and not any(
            o.responsible_unit_id == data["responsible"].pk for o in row.obstacles
        ):
            return False
        if data.get("extension") and (row.extension is None or row.extension.status != data["extension"]):
            return False
        if data.get("slow") and row.gap is None:
            return False
        if data.get("lapsed") and row.project.pk not in lapsed:
            return False
        return not (data.get("at_risk") and row.project.pk not in risky)

    def _sorted(self, rows: list[ProjectRow]) -> list[ProjectRow]:
        sort = self.current_sort
        if sort == "rate":
            return sorted(rows, key=lambda row: (row.rate is None, row.rate or 0, row.project.code))
        if sort == "gap":
            return sorted(rows, key=lambda row: (row.gap is None, -(row.gap or 0), row.project.code))
        if sort == "remaining":
            return sorted(rows, key=lambda row: (-row.remaining, row.project.code))
        return rows

    def rows(self) -> list[ProjectRow]:
        """Every project the filters keep, with its figures, in the list's order."""
        projects = list(self.qs.select_related("investor", "locality"))
        rows = self._rows(projects, self.figures_of(self.qs.order_by()))
        if self.needs_every_figure:
            plan, day = self.current_plan, self.as_of_day
            risky, lapsed = set(), set()
            if self.cleaned.get("at_risk") and plan is not None:
                risky = {row.project.pk for row in at_risk_rows(self.user, plan=plan, as_of=day)}
            if self.cleaned.get("lapsed") and plan is not None:
                summary = lapse_summary(self.user, plan=plan, as_of=day)
                lapsed = {row.project.pk for row in summary.rows if row.lapsed > 0}
            rows = self._sorted([row for row in rows if self._kept(row, risky, lapsed)])
        return rows

    def page_rows(self, projects) -> list[ProjectRow]:
        """The rows of a page of `qs` (when `needs_every_figure` is false): the figures of those only."""
        projects = list(projects)
        ids = [project.pk for project in projects]
        return self._rows(projects, self.figures_of(InvestmentProject.objects.filter(pk__in=ids)))

    def applied(self) -> list[tuple[str, str]]:
        """(label, value as the user reads it) of every filter in use but the plan and the day, for the
        Excel file's About sheet."""
        rows = []
        for name, field in self.form.fields.items():
            value = self.cleaned.get(name)
            if value in (None, "", False) or name in ("as_of", "plan", "sort"):
                continue
            if hasattr(value, "pk"):
                value = str(value)
            elif hasattr(field, "choices"):
                value = str(dict(field.choices).get(value, value))
            elif value is True:
                value = str(_("yes"))
            rows.append((str(field.label), str(value)))
        return rows


def default_plan(user, day: date) -> CapitalPlan | None:
    """The plan a page opens on: the plan of `day`'s year the user sees (their jurisdiction's first),
    else the newest plan they see."""
    if user is None:
        return None
    plan = plan_for(user, day.year)
    if plan is None:
        plan = visible_plans(user).first()
    return plan


# -- the plans ---------------------------------------------------------------------------------------


class CapitalPlanFilter(FilterSet):
    """The list of plans: by year, by whose plan it is, and words in the title or a decision's number."""

    year = django_filters.CharFilter(
        label=_("Year"), method="by_year", widget=forms.NumberInput(attrs={"min": 1900, "max": 2100})
    )
    issuer = UnitFilter(label=_("Plan of"), queryset=_area_units_of, empty_label=_("Any unit"))
    q = django_filters.CharFilter(
        label=_("Title or decision"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 3012/QĐ-UBND")}),
    )

    class Meta:
        model = CapitalPlan
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if queryset is None and request is not None:
            queryset = visible_plans(request.user)
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)

    def by_year(self, queryset, name, value):
        year = year_in(value, default=0)
        return queryset.filter(year=year) if year else queryset

    def search(self, queryset, name, value):
        for word in value.split():
            decided = PlanDecision.objects.filter(number__icontains=word).values("plan_id")
            queryset = queryset.filter(Q(title__icontains=word) | Q(pk__in=decided))
        return queryset


# -- the extensions ----------------------------------------------------------------------------------


class ExtensionFilter(FilterSet):
    """The extensions of a plan: by status and words in the project's code or name."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=capitalised(ExtensionStatus.choices), empty_label=_("Any status")
    )
    q = django_filters.CharFilter(
        label=_("Project"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code or name")}),
    )

    class Meta:
        model = PlanExtension
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, plan=None, **kwargs):
        if queryset is None and request is not None:
            queryset = PlanExtension.objects.visible_to(request.user)
            if plan is not None:
                queryset = queryset.filter(plan=plan)
        super().__init__(data if data is not None else {}, queryset, request=request, **kwargs)

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(project__code__icontains=word)
                | Q(project__name__icontains=word)
                | Q(project__name_en__icontains=word)
            )
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.select_related("project", "project__investor", "plan").order_by("project__code", "pk")


__all__ = [
    "DEFAULT_SORT",
    "SORT_CHOICES",
    "CapitalPlanFilter",
    "ExtensionFilter",
    "PlanChoiceField",
    "ProjectFilter",
    "ProjectRow",
    "Show",
    "area_units",
    "default_plan",
    "plan_total_on",
    "visible_plans",
]
