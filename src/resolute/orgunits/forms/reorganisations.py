"""Forms of a reorganisation's draft: its facts, the units it creates, its operations and the choice
of successor for an open item. They check the shape; the actions check the rules and name the field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from resolute.core.forms import ActionErrorsMixin, Form, iso_date_input
from resolute.core.widgets import FastSelect

from .. import selectors
from ..models import OrgUnit, OrgUnitKind, PlannedUnit, Reorganisation, ReorganisationStepKind
from ..reorganisation import unit_choices_in
from .units import UnitChoiceField, UnitMultipleChoiceField, unit_choice_label


class ReorganisationForm(ActionErrorsMixin, Form):
    """A draft's title, legal basis, day, area (when it is created) and note."""

    title = forms.CharField(label=_("Title"), max_length=255)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        help_text=_("The decision or resolution that orders it, e.g. Resolution 1659/NQ-UBTVQH15."),
    )
    effective_on = forms.DateField(
        label=_("Effective on"),
        widget=iso_date_input(),
        help_text=_("The first day of the new organisation; the old units' last day is the day before."),
        error_messages={"invalid": _("Enter a date such as 2025-07-01.")},
    )
    area = UnitChoiceField(
        label=_("Part of the tree"),
        queryset=OrgUnit.objects.none(),
        help_text=_("Every unit it changes lies under this one; you must administer it."),
        error_messages={"invalid_choice": _("Choose an open unit that you administer.")},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, instance: Reorganisation | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {
                "title": instance.title,
                "legal_basis": instance.legal_basis,
                "effective_on": instance.effective_on,
                "note": instance.note,
                "version": instance.version,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["area"]
            self.fields["version"].required = True
        else:
            del self.fields["version"]
            self.fields["area"].queryset = selectors.parent_choices(user).order_by("path")

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "legal_basis", "effective_on", "note")}


def planned_label(planned: PlannedUnit) -> str:
    label = str(planned.display_name)
    return f"{label} ({planned.code})" if planned.code else label


class PlannedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, planned):
        return planned_label(planned)


class PlannedUnitForm(ActionErrorsMixin, Form):
    """A unit the reorganisation creates: its names, kind, code and parent (existing or new)."""

    name = forms.CharField(label=_("Name"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnitKind.choices)
    code = forms.CharField(label=_("Official code"), max_length=32, required=False)
    parent = UnitChoiceField(
        label=_("Parent unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose an open unit of the part of the tree reorganised.")},
    )
    planned_parent = PlannedChoiceField(
        label=_("…or a new unit as parent"), queryset=PlannedUnit.objects.none(), required=False
    )
    document_symbol = forms.CharField(label=_("Document symbol"), max_length=30, required=False)

    def __init__(self, *args, reorganisation: Reorganisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = unit_choices_in(reorganisation).order_by("path")
        self.fields["planned_parent"].queryset = reorganisation.planned_units.order_by("id")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parent") is not None and cleaned.get("planned_parent") is not None:
            self.add_error("planned_parent", _("Choose an existing parent unit or a new one, not both."))
        return cleaned

    def planned_fields(self) -> dict:
        return dict(self.cleaned_data)


class SuccessorChoiceField(forms.ChoiceField):
    """An existing unit ("unit:12") or a unit the reorganisation creates ("planned:3")."""

    widget = FastSelect


def successor_choices(reorganisation: Reorganisation, *, include_blank: bool = True) -> list[tuple[str, str]]:
    """The units that may take over work or receive moved units: the new units first, then the open
    units of the area, as "planned:<id>" / "unit:<id>" choices."""
    choices = [("", "---------")] if include_blank else []
    new_units = [(f"planned:{p.pk}", planned_label(p)) for p in reorganisation.planned_units.order_by("id")]
    if new_units:
        choices.append((_("New units"), new_units))
    existing = [
        (f"unit:{u.pk}", unit_choice_label(u))
        for u in unit_choices_in(reorganisation)
        .only("id", "name", "name_en", "code", "depth")
        .order_by("path")
    ]
    choices.append((_("Existing units"), existing))
    return choices


def resolve_successor(reorganisation: Reorganisation, key: str):
    """The OrgUnit or PlannedUnit a "unit:<id>" / "planned:<id>" key names, or None."""
    kind, _sep, pk = (key or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "planned":
        return reorganisation.planned_units.filter(pk=int(pk)).first()
    if kind == "unit":
        return OrgUnit.objects.filter(pk=int(pk)).first()
    return None


class StepForm(ActionErrorsMixin, Form):
    """One operation: its kind, the units it changes, who takes over, and the new name, code or parent."""

    action_field_names = {"successors": "successor"}

    kind = forms.ChoiceField(label=_("Operation"), choices=ReorganisationStepKind.choices)
    sources = UnitMultipleChoiceField(
        label=_("Units changed"),
        queryset=OrgUnit.objects.none(),
        help_text=_("Several units only for a merger."),
        error_messages={"invalid_choice": _("Choose open units of the part of the tree reorganised.")},
    )
    successor = SuccessorChoiceField(
        label=_("Successor"),
        required=False,
        help_text=_("Takes over the work (for a split: every item no choice sends elsewhere)."),
    )
    other_successors = forms.MultipleChoiceField(
        label=_("Other successors (split)"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    new_name = forms.CharField(label=_("New name"), max_length=255, required=False)
    new_name_en = forms.CharField(label=_("New name in English"), max_length=255, required=False)
    new_short_name = forms.CharField(label=_("New short name"), max_length=60, required=False)
    new_code = forms.CharField(label=_("New code"), max_length=32, required=False)
    new_parent = SuccessorChoiceField(
        label=_("New parent unit"),
        required=False,
        help_text=_("For a move; for an abolished level, where its sub-units go (its parent when empty)."),
    )

    def __init__(self, *args, reorganisation: Reorganisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.reorganisation = reorganisation
        self.fields["sources"].queryset = unit_choices_in(reorganisation).order_by("path")
        choices = successor_choices(reorganisation)
        self.fields["successor"].choices = choices
        self.fields["new_parent"].choices = choices
        self.fields["other_successors"].choices = successor_choices(reorganisation, include_blank=False)

    def _resolved(self, name, key):
        value = resolve_successor(self.reorganisation, key)
        if value is None:
            raise ValidationError(_("Choose a unit from the list."), code="invalid_choice")
        return value

    def clean_successor(self):
        key = self.cleaned_data["successor"]
        return self._resolved("successor", key) if key else None

    def clean_other_successors(self):
        return [self._resolved("other_successors", key) for key in self.cleaned_data["other_successors"]]

    def clean_new_parent(self):
        key = self.cleaned_data["new_parent"]
        return self._resolved("new_parent", key) if key else None

    def step_fields(self) -> dict:
        data = self.cleaned_data
        successors = [data["successor"]] if data.get("successor") is not None else []
        successors += [s for s in data.get("other_successors", []) if s not in successors]
        return {
            "kind": data["kind"],
            "sources": list(data["sources"]),
            "successors": successors,
            "new_name": data["new_name"],
            "new_name_en": data["new_name_en"],
            "new_short_name": data["new_short_name"],
            "new_code": data["new_code"],
            "new_parent": data["new_parent"],
        }


class ApplyForm(ActionErrorsMixin, Form):
    """Applying needs a tick and the version of the draft the preview showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked the preview: apply this reorganisation now."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ImportForm(Form):
    file = forms.FileField(label=_("Filled-in template (.xlsx)"))
