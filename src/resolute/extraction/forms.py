"""The forms of the text-to-plan flow: what to read, and one proposal's decision with its fields."""

from decimal import Decimal

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from resolute.core.forms import ActionErrorsMixin, ExactDecimalField, Form, iso_date_input
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField, unit_choice_label
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import coverage_root
from resolute.targets.models import Comparator, Indicator

from .models import Decision, ItemKind, ProposedItem
from .uploads import ensure_within_reading_limits, reading_limits, text_of_upload


def _reading_limits_help() -> str:
    limits = reading_limits()
    return _("At most %(characters)s characters and %(paragraphs)s paragraphs.") % {
        "characters": intcomma(limits["characters"]),
        "paragraphs": intcomma(limits["paragraphs"]),
    }


# Read lazily, so the help states the limits of the moment's settings in the reader's language.
reading_limits_help = lazy(_reading_limits_help, str)

LANGUAGES = [("", _("Recognise it from the text")), ("vi", _("Vietnamese")), ("en", _("English"))]


class ProposalForm(Form):
    """Paste the text or upload the file; the document's own text is offered when it has one."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=format_lazy(
            "{} {}",
            _("Paste the text of the resolution, conclusion or programme, or upload its file below."),
            reading_limits_help(),
        ),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("A Word file (DOCX), a PDF with a text layer, or plain text."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("file")
        text = (cleaned.get("text") or "").strip()
        if uploaded and text:
            raise ValidationError(_("Paste the text or upload a file, not both."))
        if uploaded:
            try:
                cleaned["text"] = text_of_upload(uploaded)
            except ValidationError as error:
                self.add_error("file", error.message_dict["file"])
            cleaned["source_name"] = uploaded.name
        elif not text:
            self.add_error("text", _("Paste the text to read, or upload its file."))
        else:
            cleaned["source_name"] = ""
        if cleaned.get("text") and not self.errors:
            try:
                ensure_within_reading_limits(cleaned["text"], field="file" if uploaded else "text")
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return cleaned


def _without_trailing_zeros(value):
    """10945 rather than 10945.000000 (shown in the reader's number format by the localized field)."""
    if not isinstance(value, Decimal):
        return value
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _decimal_field(label):
    return ExactDecimalField(label=label, required=False, localize=True)


class ItemChoices:
    """The choices of every card of one review screen, read once: the units under the office that
    keeps the document, the indicator registry, and the units a target can be compared with (the
    top two levels of the tree: the country and the provinces)."""

    def __init__(self, document):
        root = coverage_root(document.owner, Role.OFFICE)
        self._querysets = {
            "unit": OrgUnit.objects.filter(subtree_q(root.path)).order_by("path"),
            "indicator": Indicator.objects.order_by("code"),
            "reference_unit": OrgUnit.objects.filter(depth__lte=1).order_by("path"),
        }
        self._listed: dict[str, list] = {}

    def querysets(self) -> dict:
        return self._querysets

    def listed(self, name: str) -> list[tuple]:
        if name not in self._listed:
            label = str if name == "indicator" else unit_choice_label
            self._listed[name] = [("", "---------")] + [
                (choice.pk, label(choice)) for choice in self._querysets[name]
            ]
        return self._listed[name]


class ItemForm(ActionErrorsMixin, Form):
    """One proposal as the person settles it. Accepting checks that what it needs is there; the
    rules of tasks and targets themselves are checked again when the plan is created."""

    title = forms.CharField(
        label=_("Title"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    new_indicator_name = forms.CharField(
        label=_("Or a new indicator"),
        required=False,
        max_length=300,
        help_text=_("Its name, when none fits."),
    )
    new_indicator_unit = forms.CharField(label=_("Its unit of measure"), required=False, max_length=60)
    comparator = forms.ChoiceField(
        label=_("Comparator"), required=False, choices=[("", "—"), *Comparator.choices]
    )
    value = _decimal_field(_("Value"))
    value_max = _decimal_field(_("Upper value"))
    baseline_value = _decimal_field(_("Baseline value"))
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1900, max_value=2100
    )
    reference_unit = UnitChoiceField(
        label=_("Reference unit"), queryset=OrgUnit.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=iso_date_input())
    decision = forms.ChoiceField(choices=Decision.choices)

    TASK_FIELDS = ("title", "unit", "deadline")
    TARGET_FIELDS = (
        "unit",
        "indicator",
        "new_indicator_name",
        "new_indicator_unit",
        "comparator",
        "value",
        "value_max",
        "baseline_value",
        "baseline_year",
        "reference_unit",
        "year",
        "deadline",
    )

    def __init__(self, *args, item: ProposedItem, choices: "ItemChoices | None" = None, **kwargs):
        self.item = item
        kwargs.setdefault("prefix", f"item-{item.pk}")
        initial = kwargs.setdefault("initial", {})
        for name in self.TARGET_FIELDS + self.TASK_FIELDS:
            initial.setdefault(
                name, getattr(item, f"{name}_id" if name in ("unit", "indicator", "reference_unit") else name)
            )
        for name in ("value", "value_max", "baseline_value"):
            initial[name] = _without_trailing_zeros(initial.get(name))
        super().__init__(*args, **kwargs)
        keep = self.TARGET_FIELDS if item.kind == ItemKind.TARGET else self.TASK_FIELDS
        for name in list(self.fields):
            if name not in keep and name != "decision":
                del self.fields[name]
        choices = choices or ItemChoices(item.proposal.document)
        for name, queryset in choices.querysets().items():
            if name in self.fields:
                self.fields[name].queryset = queryset
                # Read once for every card of the review screen, not once a card.
                self.fields[name].choices = choices.listed(name)
        if item.kind == ItemKind.TASK:
            self.fields["unit"].label = _("Lead unit")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") != Decision.ACCEPTED:
            return cleaned
        if self.item.kind == ItemKind.TASK:
            if not (cleaned.get("title") or "").strip():
                self.add_error("title", _("Enter the title of the task."))
            if not cleaned.get("unit"):
                self.add_error("unit", _("Choose the lead unit."))
            return cleaned
        if not cleaned.get("unit"):
            self.add_error("unit", _("Choose the unit the target is set for."))
        if not cleaned.get("indicator") and not (cleaned.get("new_indicator_name") or "").strip():
            self.add_error("indicator", _("Choose an indicator, or name a new one."))
        naming_a_new_one = not cleaned.get("indicator") and (cleaned.get("new_indicator_name") or "").strip()
        if naming_a_new_one and not (cleaned.get("new_indicator_unit") or "").strip():
            self.add_error("new_indicator_unit", _("Give the new indicator's unit of measure."))
        if not cleaned.get("comparator"):
            self.add_error("comparator", _("Choose how the value is compared."))
        for name, message in (
            ("year", _("Enter the target's year.")),
            ("deadline", _("Enter the deadline.")),
        ):
            if not cleaned.get(name):
                self.add_error(name, message)
        return cleaned

    def decision_fields(self) -> dict:
        """The fields for `actions.decide_item`."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "decision"} | {
            name: (self.cleaned_data.get(name) or "").strip()
            for name in ("title", "new_indicator_name", "new_indicator_unit", "comparator")
            if name in self.fields
        }
