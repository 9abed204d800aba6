"""The forms of the text-to-plan flow: what to read, and one proposal's decision with its fields (those
of a target, a task, a result, a shortcoming or a reference)."""

from decimal import Decimal

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from resolute.core.forms import ActionErrorsMixin, ExactDecimalField, Form, iso_date_input
from resolute.core.periods import Period
from resolute.directives.models import Document, DocumentKind, DocumentRelation
from resolute.orgunits.choices import Role
from resolute.orgunits.forms import UnitChoiceField, unit_choice_label
from resolute.orgunits.models import OrgUnit
from resolute.orgunits.querysets import subtree_q
from resolute.orgunits.scope import coverage_root
from resolute.targets.models import Comparator, Indicator

from .models import REFERENCE_USES, RESULT_USES, Decision, ItemKind, ItemUse, ProposedItem
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

    def __init__(self, document, proposal=None, items=None):
        root = coverage_root(document.owner, Role.OFFICE)
        self._querysets = {
            "unit": OrgUnit.objects.filter(subtree_q(root.path)).order_by("path"),
            "indicator": Indicator.objects.order_by("code"),
            "reference_unit": OrgUnit.objects.filter(depth__lte=1).order_by("path"),
        }
        if proposal is not None:
            # The targets proposed in the same text, which a result may be the baseline of.
            self._querysets["baseline_for"] = proposal.items.filter(kind=ItemKind.TARGET).order_by("position")
        self._items = items
        self._listed: dict[str, list] = {}

    def querysets(self) -> dict:
        return self._querysets

    def listed(self, name: str) -> list[tuple]:
        if name not in self._listed:
            if name == "baseline_for":
                targets = (
                    [item for item in self._items if item.kind == ItemKind.TARGET]
                    if self._items is not None
                    else list(self._querysets[name])
                )
                choices = [(target.pk, target_choice_label(target)) for target in targets]
            else:
                label = str if name == "indicator" else unit_choice_label
                choices = [(choice.pk, label(choice)) for choice in self._querysets[name]]
            self._listed[name] = [("", "---------"), *choices]
        return self._listed[name]


def target_choice_label(item: ProposedItem) -> str:
    return f"{item.position} · {item.text[:80]}"


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
    period = forms.CharField(
        label=_("Period"), required=False, max_length=8, help_text=_("2024, or 2024Q2, 2024S1, 202406.")
    )
    becomes = forms.ChoiceField(label=_("Becomes"), required=False, choices=ItemUse.choices)
    baseline_for = forms.ModelChoiceField(
        label=_("Baseline of the target"), queryset=ProposedItem.objects.none(), required=False
    )
    reference_number = forms.CharField(label=_("Number"), required=False, max_length=64)
    relation_kind = forms.ChoiceField(
        label=_("Relation"), required=False, choices=DocumentRelation.Kind.choices
    )
    reference_kind = forms.ChoiceField(
        label=_("Kind of document"), required=False, choices=DocumentKind.choices
    )
    reference_issuer = forms.CharField(label=_("Issuer"), required=False, max_length=255)
    reference_issued_on = forms.DateField(label=_("Issued on"), required=False, widget=iso_date_input())
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

    RESULT_FIELDS = (
        "indicator",
        "new_indicator_name",
        "new_indicator_unit",
        "unit",
        "period",
        "value",
        "becomes",
        "baseline_for",
    )
    SHORTCOMING_FIELDS = ("title",)
    REFERENCE_FIELDS = (
        "becomes",
        "relation_kind",
        "reference_number",
        "title",
        "reference_kind",
        "reference_issuer",
        "reference_issued_on",
    )
    FOREIGN_KEYS = ("unit", "indicator", "reference_unit", "baseline_for")

    def __init__(self, *args, item: ProposedItem, choices: "ItemChoices | None" = None, user=None, **kwargs):
        self.item = item
        self.user = user
        kwargs.setdefault("prefix", f"item-{item.pk}")
        initial = kwargs.setdefault("initial", {})
        keep = self.fields_of(item.kind)
        for name in keep:
            initial.setdefault(name, getattr(item, f"{name}_id" if name in self.FOREIGN_KEYS else name))
        for name in ("value", "value_max", "baseline_value"):
            initial[name] = _without_trailing_zeros(initial.get(name))
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in keep and name != "decision":
                del self.fields[name]
        choices = choices or ItemChoices(item.proposal.document, proposal=item.proposal)
        for name, queryset in choices.querysets().items():
            if name in self.fields:
                self.fields[name].queryset = queryset
                # Read once for every card of the review screen, not once a card.
                self.fields[name].choices = choices.listed(name)
        if item.kind == ItemKind.TASK:
            self.fields["unit"].label = _("Lead unit")
        elif item.kind == ItemKind.RESULT:
            self.fields["becomes"].choices = [(use.value, use.label) for use in RESULT_USES]
            self.fields["unit"].label = _("Unit the value is for")
        elif item.kind == ItemKind.SHORTCOMING:
            self.fields["title"].label = _("The shortcoming, as the document records it")
            self.fields["title"].max_length = None
            self.fields["title"].validators = []
            self.fields["title"].widget.attrs.update({"rows": 3, "maxlength": None})
        elif item.kind == ItemKind.REFERENCE:
            self.fields["becomes"].choices = [(use.value, use.label) for use in REFERENCE_USES]
            self.fields["title"].label = _("Title, to register it")

    @classmethod
    def fields_of(cls, kind: str) -> tuple:
        return {
            ItemKind.TARGET: cls.TARGET_FIELDS,
            ItemKind.TASK: cls.TASK_FIELDS,
            ItemKind.RESULT: cls.RESULT_FIELDS,
            ItemKind.SHORTCOMING: cls.SHORTCOMING_FIELDS,
            ItemKind.REFERENCE: cls.REFERENCE_FIELDS,
        }[kind]

    def clean(self):
        cleaned = super().clean()
        if self.item.kind == ItemKind.REFERENCE:
            self._resolve_reference(cleaned)
        if cleaned.get("decision") != Decision.ACCEPTED:
            return cleaned
        if self.item.kind == ItemKind.RESULT:
            return self._clean_result(cleaned)
        if self.item.kind == ItemKind.SHORTCOMING:
            if not (cleaned.get("title") or "").strip():
                self.add_error("title", _("Write the shortcoming."))
            return cleaned
        if self.item.kind == ItemKind.REFERENCE:
            return self._clean_reference(cleaned)
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

    def _clean_result(self, cleaned):
        if not cleaned.get("indicator") and not (cleaned.get("new_indicator_name") or "").strip():
            self.add_error("indicator", _("Choose an indicator, or name a new one."))
        naming_a_new_one = not cleaned.get("indicator") and (cleaned.get("new_indicator_name") or "").strip()
        if naming_a_new_one and not (cleaned.get("new_indicator_unit") or "").strip():
            self.add_error("new_indicator_unit", _("Give the new indicator's unit of measure."))
        if cleaned.get("value") is None:
            self.add_error("value", _("Enter the value."))
        if cleaned.get("becomes") == ItemUse.BASELINE:
            if not cleaned.get("baseline_for"):
                self.add_error("baseline_for", _("Choose the target this result is the baseline of."))
        elif not cleaned.get("unit"):
            self.add_error("unit", _("Choose the unit the value is for."))
        period = (cleaned.get("period") or "").strip()
        try:
            cleaned["period"] = Period.parse(period).code
        except ValueError:
            self.add_error("period", _("Enter a period: 2024, or 2024Q2, 2024S1, 202406."))
        return cleaned

    def _resolve_reference(self, cleaned) -> None:
        """The registered document the number names, among those the user may read."""
        number = (cleaned.get("reference_number") or "").strip()
        cleaned["referenced_document"] = None
        if number and self.user is not None:
            cleaned["referenced_document"] = (
                Document.objects.visible_to(self.user)
                .filter(number__iexact=number)
                .exclude(pk=self.item.proposal.document_id)
                .order_by("-issued_on", "-id")
                .first()
            )

    def _clean_reference(self, cleaned):
        number = (cleaned.get("reference_number") or "").strip()
        registered = cleaned.get("referenced_document")
        if cleaned.get("becomes") == ItemUse.REGISTRATION:
            if registered is not None:
                self.add_error(
                    "reference_number",
                    _("%(document)s is registered with this number already; relate to it instead.")
                    % {"document": registered},
                )
            if not (cleaned.get("title") or "").strip():
                self.add_error("title", _("Enter the title of the document to register."))
            if not cleaned.get("reference_kind"):
                self.add_error("reference_kind", _("Choose the kind of document."))
        elif registered is None:
            self.add_error(
                "reference_number",
                _("No registered document you can read has the number “%(number)s”; register it instead.")
                % {"number": number}
                if number
                else _("Enter the number of the registered document."),
            )
        if not cleaned.get("relation_kind"):
            self.add_error("relation_kind", _("Choose the relation."))
        return cleaned

    def decision_fields(self) -> dict:
        """The fields for `actions.decide_item`."""
        fields = {name: self.cleaned_data.get(name) for name in self.fields if name != "decision"}
        fields |= {
            name: (self.cleaned_data.get(name) or "").strip()
            for name in (
                "title",
                "new_indicator_name",
                "new_indicator_unit",
                "comparator",
                "period",
                "becomes",
                "reference_number",
                "relation_kind",
                "reference_kind",
                "reference_issuer",
            )
            if name in self.fields
        }
        if self.item.kind == ItemKind.REFERENCE:
            fields["referenced_document"] = self.cleaned_data.get("referenced_document")
        return fields
