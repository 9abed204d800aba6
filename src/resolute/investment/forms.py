"""Forms of the public-investment pages. They check the shape of what is typed (a whole number of VND,
a known project code, a complete row) and put it in the words the actions take; the actions enforce
the rules of the Public Investment Law and raise errors keyed by field, which `add_action_error` puts
next to the field — or, for a rule about a table of rows (the plan's entries, a report's figures or
obstacles), above that table.

Tables of rows (a plan's entries, an adjustment's changes, milestones, obstacles) are formsets with
empty rows to spare; **Add rows** posts what was typed back with more empty rows, so no script is needed.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.asof import as_of_field, day_validators
from resolute.core.forms import ActionErrorsMixin, ExactDecimalField, Form, iso_date_input
from resolute.core.widgets import FastSelect
from resolute.directives.forms import DocumentChoiceField
from resolute.directives.models import Document
from resolute.orgunits.forms import UnitChoiceField
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import ADMINISTRATIVE_LEVELS

from .choices import CapitalSource, ExtensionReason, ObstacleCategory, ProjectGroup, ProjectStatus, Sector
from .filters import PlanChoiceField, area_units, capitalised, visible_plans
from .models import MONEY_DIGITS, CapitalPlan, InvestmentDesk, InvestmentProject
from .permissions import managed_jurisdiction_ids

# How many empty rows a table of rows shows, and how many **Add rows** adds.
EMPTY_ROWS = 8
ROWS_ADDED = 10
# A formset never takes more rows than this in one post.
MAX_ROWS = 2000

# Thousands grouped by a dot, a comma, a space or a thin space, as people write VND: "1.250.000.000".
GROUPED_THOUSANDS = re.compile(r"^-?\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+$")


class MoneyField(ExactDecimalField):
    """A whole number of VND (VND has no smaller unit), typed with or without thousands separators.

    "1.250.000.000", "1,250,000,000" and "1 250 000 000" are one billion two hundred and fifty
    million; a number that is not grouped by thousands and has a point or a comma ("1.5") is refused,
    never read as a whole number it does not say."""

    def __init__(self, *, signed=False, **kwargs):
        kwargs.setdefault("min_value", None if signed else Decimal(0))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(max_digits=MONEY_DIGITS, decimal_places=0, **kwargs)
        self.error_messages["min_value"] = _("An amount cannot be negative.")

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip()
            if GROUPED_THOUSANDS.match(text):
                value = re.sub(r"[.,\u00a0\u202f ]", "", text)
        try:
            return super().to_python(value)
        except ValidationError as error:
            if getattr(error, "code", "") == "max_decimal_places":
                raise ValidationError(
                    _("Enter a whole number of VND: VND has no smaller unit."), code="max_decimal_places"
                ) from None
            raise


class RowsFormMixin(ActionErrorsMixin):
    """A form with tables of rows (`tables`: {action field: formset}) or groups of fields an action
    names as one (`grouped`: the action's field names): an action's error about one of them is shown
    above it (`table_errors`), and the form is valid when it and every table are."""

    tables: dict = {}
    grouped: tuple[str, ...] = ()

    @property
    def table_errors(self) -> dict[str, list[str]]:
        return self.__dict__.setdefault("_table_errors", {})

    def is_valid(self):
        own = super().is_valid()
        tables = [formset.is_valid() for formset in self.tables.values()]
        return own and all(tables)

    def add_action_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            names = set(self.tables) | set(self.grouped)
            rest = {}
            for name, errors in error.error_dict.items():
                if name in names:
                    self.table_errors.setdefault(name, []).extend(
                        message for item in errors for message in item.messages
                    )
                else:
                    rest[name] = errors
            if not rest:
                return
            error = ValidationError(rest)
        super().add_action_error(error)


def day_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=iso_date_input(),
        validators=day_validators(),
        error_messages={"invalid": _("Enter a date such as 2025-12-31.")},
        **kwargs,
    )


# -- units and projects a form offers -----------------------------------------------------------------


def managed_jurisdictions(user):
    """The jurisdictions whose books the user keeps and that have a public-investment desk."""
    ids = managed_jurisdiction_ids(user)
    desks = (
        InvestmentDesk.objects.all()
        if ids is None
        else InvestmentDesk.objects.filter(jurisdiction_id__in=ids)
    )
    return OrgUnit.objects.filter(pk__in=desks.values("jurisdiction_id")).order_by("path")


def units_under(jurisdictions, *, keep=()):
    """The open units of the jurisdictions' areas (investors and localities are chosen among them),
    and the units in `keep` (those a project already names, even closed since)."""
    condition = Q(pk__in=[unit.pk for unit in keep if unit is not None])
    open_units = Q()
    for jurisdiction in jurisdictions:
        open_units |= subtree_q(jurisdiction.path)
    if open_units:
        condition |= open_units & ~Q(effective_to__lt=clock.today())
    return OrgUnit.objects.filter(condition).order_by("path")


def responsible_units(user, project):
    """The units an obstacle may be given to: those the user sees, and the bodies of the project's
    jurisdiction itself (its People's Committee and departments, two levels down, administrative
    levels left out) — an investor names the department that must act without seeing other districts."""
    jurisdiction = project.jurisdiction
    bodies = (
        subtree_q(jurisdiction.path)
        & Q(depth__lte=jurisdiction.depth + 2)
        & ~Q(kind__in=ADMINISTRATIVE_LEVELS)
    )
    visible = OrgUnit.objects.visible_to(user)
    return (
        (visible | OrgUnit.objects.filter(bodies))
        .exclude(effective_to__lt=clock.today())
        .distinct()
        .order_by("path")
    )


class ProjectCodeField(forms.CharField):
    """A project named by its code (a list of the codes is offered as the user types), among the
    projects of `queryset`."""

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"list": "project-codes", "autocomplete": "off", "class": "input--code"}),
        )
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else InvestmentProject.objects.none()

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        project = self.queryset.filter(code__iexact=code.strip()).first()
        if project is None:
            raise ValidationError(
                gettext("No project of this plan has the code %(code)s.") % {"code": code.strip()},
                code="unknown_project",
            )
        return project


def project_code_choices(queryset) -> list[tuple[str, str]]:
    """(code, name) of the projects a table of rows may name, for the list offered as one types."""
    return [(project.code, str(project.display_name)) for project in queryset.order_by("code")]


# -- the overview's picker ---------------------------------------------------------------------------


class PlanViewForm(Form):
    """The plan, the unit whose area is read, and the day: the picker of the overview and its lists."""

    plan = PlanChoiceField(
        label=_("Plan"), queryset=CapitalPlan.objects.none(), required=False, empty_label=None
    )
    unit = UnitChoiceField(
        label=_("In the area of"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Every project I see"),
        error_messages={"invalid_choice": _("Choose a unit whose projects you can see.")},
    )
    as_of = as_of_field(help_text=_("Show the figures as they stood on this day."))

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["plan"].queryset = visible_plans(user)
        self.fields["plan"].error_messages["invalid_choice"] = _("Choose a plan you can see.")
        self.fields["unit"].queryset = area_units(user)


# -- projects ----------------------------------------------------------------------------------------

PROJECT_FIELDS = [
    "code",
    "name",
    "name_en",
    "group",
    "jurisdiction",
    "investor",
    "locality",
    "location",
    "sector",
    "start_year",
    "end_year",
    "status",
    "approval",
]


def funding_field_name(source: str) -> str:
    return f"funding_{source}"


class ProjectForm(RowsFormMixin, Form):
    """Register a project (with `project` None) or change one, with its approved total investment by
    capital source. Investors and localities are chosen in the areas of the jurisdictions whose books
    the user keeps."""

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=300)
    name_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    group = forms.ChoiceField(label=_("Group"), choices=capitalised(ProjectGroup.choices))
    jurisdiction = UnitChoiceField(
        label=_("Funded by the plans of"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("Choose a jurisdiction whose books you keep.")},
    )
    investor = UnitChoiceField(
        label=_("Investor"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("Choose an open unit of the jurisdiction.")},
    )
    locality = UnitChoiceField(
        label=_("Locality"),
        queryset=OrgUnit.objects.none(),
        help_text=_("The ward or commune the project lies in, or the province for a project across several."),
        error_messages={"invalid_choice": _("Choose an open unit of the jurisdiction.")},
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=capitalised(Sector.choices))
    start_year = forms.IntegerField(label=_("From year"), min_value=1900, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=1900, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), choices=capitalised(ProjectStatus.choices))
    approval = forms.CharField(
        label=_("Investment decision"),
        max_length=300,
        required=False,
        help_text=_("The decision that approved the project, e.g. 1234/QĐ-UBND of 12/05/2023."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    grouped = ("funding",)

    def __init__(self, data=None, *, user, project: InvestmentProject | None = None, **kwargs):
        self.project = project
        if project is not None:
            initial = {name: getattr(project, name) for name in PROJECT_FIELDS}
            initial.update(
                jurisdiction=project.jurisdiction_id,
                investor=project.investor_id,
                locality=project.locality_id,
                version=project.version,
            )
            initial.update({funding_field_name(row.source): row.amount for row in project.funding.all()})
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(data, **kwargs)
        jurisdictions = list(managed_jurisdictions(user))
        if project is not None and all(unit.pk != project.jurisdiction_id for unit in jurisdictions):
            jurisdictions.append(project.jurisdiction)
        self.fields["jurisdiction"].queryset = OrgUnit.objects.filter(
            pk__in=[unit.pk for unit in jurisdictions]
        )
        if len(jurisdictions) == 1 and project is None:
            self.initial.setdefault("jurisdiction", jurisdictions[0].pk)
        keep = (project.investor, project.locality) if project is not None else ()
        units = units_under(jurisdictions, keep=keep)
        self.fields["investor"].queryset = units
        self.fields["locality"].queryset = units
        self.funding_fields = []
        for source, label in CapitalSource.choices:
            name = funding_field_name(source)
            self.fields[name] = MoneyField(
                label=_("%(source)s (VND)") % {"source": str(label)[:1].upper() + str(label)[1:]},
                required=False,
            )
            self.funding_fields.append(name)
        self.order_fields([*PROJECT_FIELDS, *self.funding_fields, "version"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", gettext("The implementation period ends before it starts."))
        return cleaned

    def funding(self) -> dict[str, Decimal]:
        return {
            source: self.cleaned_data[funding_field_name(source)]
            for source in CapitalSource.values
            if self.cleaned_data.get(funding_field_name(source))
        }

    def action_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in PROJECT_FIELDS}
        for name in ("name_en", "location", "approval"):
            fields[name] = fields[name] or ""
        return {**fields, "funding": self.funding()}

    @property
    def main_fields(self):
        return [self[name] for name in PROJECT_FIELDS]

    @property
    def funding_bound_fields(self):
        return [self[name] for name in self.funding_fields]


# -- tables of rows ----------------------------------------------------------------------------------


class RowForm(Form):
    """A row of a table: every field may be left empty, and an empty row is no row; a row begun must be
    complete."""

    required_in_row: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in self.fields)

    def clean(self):
        cleaned = super().clean()
        if self.is_blank() and not self.errors:
            return cleaned
        for name in self.required_in_row:
            if cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, gettext("This row needs it."))
        return cleaned


class BaseRowFormSet(forms.BaseFormSet):
    """Rows that may be left empty; `rows()` gives the cleaned data of those filled in."""

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if not form.is_blank()]


def rows_formset(form_class, *, extra=EMPTY_ROWS, max_rows=MAX_ROWS):
    return forms.formset_factory(
        form_class,
        formset=BaseRowFormSet,
        extra=extra,
        max_num=max_rows,
        absolute_max=max_rows,
        validate_max=True,
    )


def table_of(form_class, data, *, prefix, initial_rows, extra, max_rows=MAX_ROWS, **form_kwargs):
    """A table of rows: bound to `data`, or showing `initial_rows[prefix]` (what was typed before
    **Add rows**) and `extra` empty rows."""
    formset = rows_formset(form_class, extra=extra, max_rows=max_rows)
    return formset(data, prefix=prefix, initial=(initial_rows or {}).get(prefix), form_kwargs=form_kwargs)


def rows_posted(data, prefix: str, fields) -> list[dict]:
    """The rows of a posted table with something typed in them, as initial values for a new table."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_ROWS)
    except (TypeError, ValueError):
        total = 0
    rows = []
    for index in range(total):
        row = {name: data.get(f"{prefix}-{index}-{name}", "") for name in fields}
        if any(str(value).strip() for value in row.values()):
            rows.append(row)
    return rows


class EntryRowForm(RowForm):
    """A project, a capital source and an amount."""

    required_in_row = ("project", "source", "amount")

    project = ProjectCodeField(label=_("Project code"), required=False)
    source = forms.ChoiceField(
        label=_("Capital source"), required=False, choices=[("", "—"), *capitalised(CapitalSource.choices)]
    )
    amount = MoneyField(label=_("Amount (VND)"), required=False)

    def __init__(self, *args, projects=None, signed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            projects if projects is not None else InvestmentProject.objects.none()
        )
        if signed:
            self.fields["amount"] = MoneyField(
                label=_("Change (VND)"),
                required=False,
                signed=True,
                help_text=_("Negative to take capital away."),
            )


class MilestoneRowForm(RowForm):
    required_in_row = ("day", "rate")

    day = day_field(_("Day"), required=False)
    rate = ExactDecimalField(
        label=_("Share disbursed (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
    )
    label = forms.CharField(label=_("Set by"), max_length=200, required=False)


class ObstacleRowForm(RowForm):
    required_in_row = ("category", "responsible_unit")

    category = forms.ChoiceField(
        label=_("Obstacle"), required=False, choices=[("", "—"), *capitalised(ObstacleCategory.choices)]
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_unit = UnitChoiceField(
        label=_("To be removed by"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Choose a unit from the list.")},
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["responsible_unit"].queryset = units


def _decision_fields(form):
    form.fields["number"] = forms.CharField(
        label=_("Decision number"), max_length=100, help_text=_("e.g. 3012/QĐ-UBND")
    )
    form.fields["decided_on"] = day_field(_("Decided on"))
    form.fields["document"] = DocumentChoiceField(
        label=_("Document"),
        queryset=Document.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("The registered document that carries the decision, if it is in Resolute."),
    )


class PlanForm(RowsFormMixin, Form):
    """A new annual capital plan: whose plan and for which year, the decision that assigns it, the
    milestones of disbursement and the capital of each project by source."""

    issuer = UnitChoiceField(
        label=_("Plan of"),
        queryset=OrgUnit.objects.none(),
        error_messages={"invalid_choice": _("Choose a jurisdiction whose books you keep.")},
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, data=None, *, user, initial_rows=None, extra_rows=0, **kwargs):
        super().__init__(data, **kwargs)
        _decision_fields(self)
        self.fields["document"].queryset = Document.objects.visible_to(user).order_by("-issued_on", "pk")
        jurisdictions = managed_jurisdictions(user)
        self.fields["issuer"].queryset = jurisdictions
        if len(list(jurisdictions[:2])) == 1:
            self.initial.setdefault("issuer", jurisdictions.first().pk)
        self.projects = InvestmentProject.objects.filter(jurisdiction__in=jurisdictions)
        self.entries = table_of(
            EntryRowForm,
            data,
            prefix="entries",
            initial_rows=initial_rows,
            extra=EMPTY_ROWS + extra_rows,
            projects=self.projects,
        )
        self.milestones = table_of(
            MilestoneRowForm, data, prefix="milestones", initial_rows=initial_rows, extra=5, max_rows=50
        )
        self.tables = {"entries": self.entries, "milestones": self.milestones}
        self.order_fields(["issuer", "year", "title", "number", "decided_on", "document"])

    def clean(self):
        cleaned = super().clean()
        issuer = cleaned.get("issuer")
        if issuer is not None and self.entries.is_valid():
            for row in self.entries.rows():
                project = row.get("project")
                if project is not None and project.jurisdiction_id != issuer.pk:
                    self.add_error(
                        None,
                        gettext("%(project)s is not funded by the plans of %(unit)s.")
                        % {"project": project.code, "unit": issuer},
                    )
        return cleaned

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "issuer": data["issuer"],
            "year": data["year"],
            "title": data["title"],
            "number": data["number"],
            "decided_on": data["decided_on"],
            "document": data.get("document"),
            "entries": [(row["project"], row["source"], row["amount"]) for row in self.entries.rows()],
            "milestones": [
                (row["day"], row["rate"], row.get("label") or "") for row in self.milestones.rows()
            ],
        }


class AdjustmentForm(RowsFormMixin, Form):
    """An adjustment of a plan by decision: rows of signed changes per project and source."""

    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, user, plan, initial_rows=None, extra_rows=0, **kwargs):
        super().__init__(data, **kwargs)
        _decision_fields(self)
        self.fields["document"].queryset = Document.objects.visible_to(user).order_by("-issued_on", "pk")
        self.projects = InvestmentProject.objects.filter(jurisdiction=plan.issuer)
        self.changes = table_of(
            EntryRowForm,
            data,
            prefix="changes",
            initial_rows=initial_rows,
            extra=EMPTY_ROWS + extra_rows,
            projects=self.projects,
            signed=True,
        )
        self.tables = {"changes": self.changes}
        self.order_fields(["number", "decided_on", "document", "note"])

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "decided_on": data["decided_on"],
            "document": data.get("document"),
            "note": data.get("note") or "",
            "changes": [(row["project"], row["source"], row["amount"]) for row in self.changes.rows()],
        }


class TransferForm(ActionErrorsMixin, Form):
    """Capital moved by decision from one project of the plan to another, from one source."""

    from_project = ProjectCodeField(label=_("From the project (code)"))
    to_project = ProjectCodeField(label=_("To the project (code)"))
    source = forms.ChoiceField(label=_("Capital source"), choices=capitalised(CapitalSource.choices))
    amount = MoneyField(label=_("Amount (VND)"))
    note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *, user, plan, **kwargs):
        super().__init__(data, **kwargs)
        _decision_fields(self)
        self.fields["document"].queryset = Document.objects.visible_to(user).order_by("-issued_on", "pk")
        self.projects = InvestmentProject.objects.filter(jurisdiction=plan.issuer)
        self.fields["from_project"].queryset = self.projects
        self.fields["to_project"].queryset = self.projects
        self.order_fields(
            ["number", "decided_on", "document", "from_project", "to_project", "source", "amount"]
        )

    def clean(self):
        cleaned = super().clean()
        origin, destination = cleaned.get("from_project"), cleaned.get("to_project")
        if origin is not None and destination is not None and origin.pk == destination.pk:
            self.add_error("to_project", gettext("Capital moves to another project."))
        return cleaned

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in ("number", "decided_on", "document", "from_project", "to_project", "source", "amount")
        } | {"note": data.get("note") or ""}


# -- disbursement reports ------------------------------------------------------------------------------


def figure_field_name(source: str) -> str:
    return f"figure_{source}"


class DisbursementReportForm(RowsFormMixin, Form):
    """The investor's report: disbursed to date from each source the project has a plan from (with the
    plan beside it), the work done, what holds the project back and who must remove it, and — when a
    figure exceeds its plan — why. The action's errors about the figures name their source and show
    above them."""

    grouped = ("figures",)

    reported_on = day_field(_("Disbursed as of"))
    work_done_percent = ExactDecimalField(
        label=_("Work done (% of the project)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
    )
    work_done = forms.CharField(
        label=_("Work done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    over_plan_explanation = forms.CharField(
        label=_("Why disbursement exceeds the plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when a figure is above the plan of its source."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        data=None,
        *,
        user,
        project,
        plan,
        planned: dict,
        last: dict,
        initial_rows=None,
        extra_rows=0,
        **kwargs,
    ):
        kwargs.setdefault("initial", {}).setdefault("reported_on", clock.today())
        super().__init__(data, **kwargs)
        self.project, self.plan = project, plan
        # The sources the project has a plan from, and those an earlier report gave a figure for.
        sources = [source for source in CapitalSource.values if planned.get(source) or last.get(source)]
        self.figure_rows = []
        for source in sources:
            name = figure_field_name(source)
            label = CapitalSource(source).label
            self.fields[name] = MoneyField(
                label=_("%(source)s: disbursed to date (VND)")
                % {"source": str(label)[:1].upper() + str(label)[1:]},
                required=False,
            )
            self.figure_rows.append(
                {
                    "source": source,
                    "label": label,
                    "name": name,
                    "plan": planned.get(source),
                    "last": last.get(source),
                }
            )
        self.order_fields(
            ["reported_on", *(row["name"] for row in self.figure_rows), "work_done_percent", "work_done"]
        )
        self.obstacles = table_of(
            ObstacleRowForm,
            data,
            prefix="obstacles",
            initial_rows=initial_rows,
            extra=3 + extra_rows,
            max_rows=100,
            units=responsible_units(user, project),
        )
        self.tables = {"obstacles": self.obstacles}

    @property
    def figure_fields(self):
        return [(row, self[row["name"]]) for row in self.figure_rows]

    def figures(self) -> dict[str, Decimal]:
        return {
            row["source"]: self.cleaned_data[row["name"]]
            for row in self.figure_rows
            if self.cleaned_data.get(row["name"]) is not None
        }

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "reported_on": data["reported_on"],
            "figures": self.figures(),
            "obstacles": [
                {
                    "category": row["category"],
                    "description": row.get("description") or "",
                    "responsible_unit": row["responsible_unit"],
                }
                for row in self.obstacles.rows()
            ],
            "work_done_percent": data.get("work_done_percent"),
            "work_done": data.get("work_done") or "",
            "note": data.get("note") or "",
            "over_plan_explanation": data.get("over_plan_explanation") or "",
        }


# -- extensions ----------------------------------------------------------------------------------------


class ExtensionDecisionForm(ActionErrorsMixin, Form):
    """The authority's decision on an extension request, as the desk records it."""

    DECISIONS = [("approve", _("Approved")), ("refuse", _("Refused"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    approved_amount = MoneyField(
        label=_("Amount approved (VND)"), required=False, help_text=_("Left empty: the amount requested.")
    )
    extended_until = day_field(_("Extended until"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    decided_on = day_field(_("Decided on"))
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_(
            "The Prime Minister for central capital, the chair of the People's Committee for local capital."
        ),
    )

    action_field_names = {"approved": "decision"}

    def __init__(self, data=None, *, extension, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("extended_until", extension.plan.extended_until_at_most)
        initial.setdefault("approved_amount", extension.amount)
        super().__init__(data, **kwargs)
        self.extension = extension
        self.fields["extended_until"].help_text = _(
            "At most %(day)s (Public Investment Law 2024, Art. 72)."
        ) % {"day": date_format(extension.plan.extended_until_at_most, "SHORT_DATE_FORMAT")}

    def action_fields(self) -> dict:
        data = self.cleaned_data
        approved = data["decision"] == "approve"
        return {
            "approved": approved,
            "decision_number": data["decision_number"],
            "decided_on": data["decided_on"],
            "decided_by": data["decided_by"],
            "approved_amount": data.get("approved_amount") if approved else None,
            "extended_until": data.get("extended_until") if approved else None,
        }


class ExtensionProposalForm(ActionErrorsMixin, Form):
    """A request to extend a project's capital of a plan past 31 January."""

    project = ProjectCodeField(label=_("Project code"))
    amount = MoneyField(label=_("Amount requested (VND)"))
    reason = forms.ChoiceField(label=_("Reason"), choices=capitalised(ExtensionReason.choices))
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, data=None, *, plan, **kwargs):
        super().__init__(data, **kwargs)
        self.projects = InvestmentProject.objects.filter(jurisdiction=plan.issuer)
        self.fields["project"].queryset = self.projects

    def action_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "project": data["project"],
            "amount": data["amount"],
            "reason": data["reason"],
            "explanation": data.get("explanation") or "",
        }


class AtRiskProposalForm(Form):
    """ "Prepare requests for every project at risk": the day the risk is read on."""

    as_of = day_field(_("At risk as of"))


__all__ = [
    "AdjustmentForm",
    "AtRiskProposalForm",
    "DisbursementReportForm",
    "ExtensionDecisionForm",
    "ExtensionProposalForm",
    "MoneyField",
    "PlanForm",
    "PlanViewForm",
    "ProjectForm",
    "TransferForm",
    "project_code_choices",
    "rows_posted",
]
