"""Forms of the oversight pages. They check the shape of what is typed (a day, a whole number of VND,
a unit the user may name) and put it in the words the actions take; the actions enforce the rules
and raise errors keyed by field, which `add_action_error` puts next to the field.

Several forms share the recommendation's page, so each has its own prefix (`recovery-amount`,
`closure-document_number`): a label always points at its own field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from resolute.core import clock
from resolute.core.asof import day_validators
from resolute.core.files import check_upload
from resolute.core.forms import ActionErrorsMixin, Form, iso_date_input
from resolute.directives.forms import MultipleFileField
from resolute.investment.forms import MoneyField
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField, UnitMultipleChoiceField
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.scope import scope_for

from .choices import DisciplineOutcome, OversightKind, RecommendationKind
from .filters import capitalised


def day_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=iso_date_input(),
        validators=day_validators(),
        error_messages={"invalid": _("Enter a date such as 2025-12-31.")},
        **kwargs,
    )


def open_units(queryset):
    """The units of `queryset` that have not closed (a closed unit is history: it takes no new work)."""
    return queryset.exclude(effective_to__lt=clock.today()).order_by("path")


def follow_up_units(user):
    """The units whose office the user is: where they may register an oversight to follow up."""
    condition = scope_for(user).unit_q(Role.OFFICE)
    return OrgUnit.objects.all() if condition is None else OrgUnit.objects.filter(condition)


class ActionForm(ActionErrorsMixin, Form):
    """A form whose cleaned values are the keyword arguments of one action."""

    def action_fields(self) -> dict:
        return dict(self.cleaned_data)


# -- a conclusion -------------------------------------------------------------------------------------


class OversightForm(ActionForm):
    """The conclusion of an inspection, an audit report, a supervision report or a Party inspection's
    notice: the document (kind, number, date, title, signer, files) and who looked at whom. The
    recommendations are added on the conclusion's page afterwards."""

    kind = forms.ChoiceField(label=_("Kind of oversight"), choices=capitalised(OversightKind.choices))
    number = forms.CharField(
        label=_("Number of the conclusion"),
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 15/KL-TTr")}),
    )
    issued_on = day_field(_("Issued on"))
    title = forms.CharField(label=_("Title"), max_length=500)
    signer = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    inspecting_unit = UnitChoiceField(
        label=_("Inspecting body, when it is a unit of the tree"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("The provincial inspectorate, the People's Council, the Party's inspection committee…"),
    )
    inspecting_body_name = forms.CharField(
        label=_("Inspecting body, when it is not"),
        max_length=300,
        required=False,
        help_text=_("e.g. Kiểm toán nhà nước khu vực III"),
    )
    inspected_unit = UnitChoiceField(label=_("Unit inspected"), queryset=OrgUnit.objects.none())
    follow_up_unit = UnitChoiceField(
        label=_("Followed up by"),
        queryset=OrgUnit.objects.none(),
        help_text=_("The office that assigns the recommendations as tasks and follows them up."),
    )
    subject = forms.CharField(
        label=_("What was inspected"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    period_covered = forms.CharField(
        label=_("Period covered"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 2022–2024")}),
    )
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PNG or JPEG. You can choose several files."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = OrgUnit.objects.visible_to(user)
        self.fields["inspecting_unit"].queryset = open_units(visible)
        self.fields["inspected_unit"].queryset = open_units(visible)
        self.fields["follow_up_unit"].queryset = open_units(follow_up_units(user))

    DOCUMENT_FIELDS = ("kind", "number", "issued_on", "title", "signer", "attachments")

    @property
    def document_fields(self):
        """The fields of the conclusion as a document; the others say who looked at whom."""
        return [self[name] for name in self.DOCUMENT_FIELDS]

    @property
    def oversight_fields(self):
        return [field for field in self if field.name not in self.DOCUMENT_FIELDS]

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        label = str(self.fields["attachments"].label)
        for uploaded_file in files:
            try:
                check_upload(uploaded_file, field="attachments", field_label=label)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["attachments"]) from None
        return files

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("inspecting_unit") and not cleaned.get("inspecting_body_name"):
            self.add_error(
                "inspecting_body_name", _("Name the inspecting body, or choose it among the units.")
            )
        return cleaned

    def action_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["inspecting_unit"] = fields.get("inspecting_unit") or None
        return fields


# -- a recommendation ---------------------------------------------------------------------------------


class RecommendationForm(ActionForm):
    """A recommendation of the conclusion: what it asks, of whom, by when, and the money to recover."""

    label = forms.CharField(
        label=_("Number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 1.2")}),
    )
    text = forms.CharField(label=_("What it asks"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Asks for"), choices=capitalised(RecommendationKind.choices))
    responsible_unit = UnitChoiceField(label=_("Unit responsible"), queryset=OrgUnit.objects.none())
    coordinating_units = UnitMultipleChoiceField(
        label=_("Coordinating units"), queryset=OrgUnit.objects.none(), required=False
    )
    deadline = day_field(_("Deadline"))
    amount_required = MoneyField(
        label=_("Amount to recover (VND)"),
        required=False,
        help_text=_(
            "Only for a recommendation to recover money: whole VND, with or without thousands "
            "separators (1.250.000.000)."
        ),
    )

    def __init__(self, *args, user, oversight, **kwargs):
        kwargs.setdefault("prefix", "recommendation")
        super().__init__(*args, **kwargs)
        self.oversight = oversight
        units = open_units(OrgUnit.objects.visible_to(user))
        self.fields["responsible_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units


# -- what is done on a recommendation -----------------------------------------------------------------


class RecoveryForm(ActionForm):
    """An amount recovered on a day; a negative amount corrects an earlier entry (the ledger keeps both)."""

    recovered_on = day_field(_("Recovered on"))
    amount = MoneyField(
        label=_("Amount recovered (VND)"),
        signed=True,
        help_text=_("Whole VND. A negative amount corrects an earlier entry, which stays in the ledger."),
    )
    document_number = forms.CharField(label=_("Receipt or document number"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "recovery")
        kwargs.setdefault("initial", {}).setdefault("recovered_on", clock.today())
        super().__init__(*args, **kwargs)


class DisciplineCaseForm(ActionForm):
    """A person (or an organisation) the recommendation asks to discipline."""

    person = forms.CharField(label=_("Person or organisation"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "case")
        super().__init__(*args, **kwargs)


class DisciplineDecisionForm(ActionForm):
    """What became of a person: the outcome, the decision and its day."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=capitalised(
            [
                (value, label)
                for value, label in DisciplineOutcome.choices
                if value != DisciplineOutcome.PENDING
            ]
        ),
    )
    decided_on = day_field(_("Decided on"))
    decision_number = forms.CharField(label=_("Number of the decision"), max_length=50)

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault("prefix", f"decision-{case.pk}")
        kwargs.setdefault("initial", {}).setdefault("decided_on", clock.today())
        super().__init__(*args, **kwargs)
        self.case = case


class ClosureForm(ActionForm):
    """The inspecting body's confirmation that the recommendation is closed."""

    confirmed_on = day_field(_("Confirmed on"))
    document_number = forms.CharField(label=_("Number of the confirming document"), max_length=50)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "closure")
        kwargs.setdefault("initial", {}).setdefault("confirmed_on", clock.today())
        super().__init__(*args, **kwargs)


# -- the ledger ---------------------------------------------------------------------------------------


class LedgerForm(Form):
    """What the ledger is read for: by inspecting body or by unit, the day, and the unit whose
    recommendations it counts (with the units below it)."""

    BY_CHOICES = [
        ("body", _("By inspecting body")),
        ("unit", _("By unit responsible")),
        ("oversight", _("By conclusion")),
        ("kind", _("By what is asked")),
    ]

    by = forms.ChoiceField(label=_("Rows"), choices=BY_CHOICES, required=False)
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=iso_date_input(),
        validators=day_validators(),
        help_text=_("Where each recommendation stood on this day."),
        error_messages={"invalid": _("Enter a date such as 2025-12-31.")},
    )
    unit = UnitChoiceField(
        label=_("Recommendations led by"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Every unit you see"),
        help_text=_("The unit responsible, with the units below it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).order_by("path")

    def value(self, name, default=None):
        """The cleaned value of `name`, or `default` when it is empty or was refused (shown on the form)."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get(name) or default
