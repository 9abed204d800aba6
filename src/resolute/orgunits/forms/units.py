"""Forms for administering units. They check the shape of the input; the actions check the rules
of the tree and raise errors keyed by field, which `add_action_error` puts next to that field.
The API validates its input with the same forms, so a rule is written once."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from resolute.core.asof import AsOfForm, as_of_field
from resolute.core.forms import ActionErrorsMixin, Form, iso_date_input, model_form_fields
from resolute.core.widgets import FastSelect, FastSelectMultiple

from .. import selectors
from ..actions import EDITABLE_FIELDS
from ..models import OrgUnit, UnitSuccession, document_symbol_validator


class UnitForm(ActionErrorsMixin, Form):
    """A unit's names, code, kind, start date and e-mail, with the model's labels and limits.

    With `instance` it edits that unit and carries the version it was loaded at, so a save over
    someone else's newer one is refused. A plain form rather than a ModelForm: the instance is
    never changed in memory, and the code's uniqueness is left to the action, which names the
    unit that holds it (the model's conditional constraint could only say "violated")."""

    def __init__(self, *args, instance: OrgUnit | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs["initial"] = {**model_to_dict(instance, EDITABLE_FIELDS), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields.update(
            model_form_fields(OrgUnit, fields=EDITABLE_FIELDS, widgets={"effective_from": iso_date_input()})
        )
        # A plain form does not run the model's validators: the symbol's shape is checked here.
        self.fields["document_symbol"].validators.append(document_symbol_validator)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=instance is not None,
            initial=instance.version if instance else None,
        )

    def unit_fields(self) -> dict:
        """The cleaned values, ready to pass to create_unit / update_unit."""
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class UnitWithParentForm(UnitForm):
    """A new unit and the parent it goes under (for the API, where the parent is part of the input)."""

    parent = forms.ModelChoiceField(
        label=_("parent unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose an open unit that you can see.")},
    )

    def __init__(self, *args, user, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = selectors.successor_choices(user, day)


def unit_choice_label(unit) -> str:
    """A unit in a list of choices: indented by its depth (lists come ordered by path), with its code."""
    label = f"{'— ' * unit.depth}{unit.display_name}"
    return f"{label} ({unit.code})" if unit.code else label


def unit_lookup_text(unit) -> str:
    """A unit in a box that suggests units as the user types: its name and code, not indented."""
    return f"{unit.display_name} ({unit.code})" if unit.code else str(unit.display_name)


class UnitChoiceField(forms.ModelChoiceField):
    """One unit, from a list that may hold thousands of them."""

    widget = FastSelect

    def label_from_instance(self, unit):
        return unit_choice_label(unit)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = FastSelectMultiple

    def label_from_instance(self, unit):
        return unit_choice_label(unit)


class MoveUnitForm(ActionErrorsMixin, Form):
    """A new parent for a unit: an open unit the user administers, outside the unit's own subtree."""

    parent = UnitChoiceField(
        label=_("New parent unit"),
        queryset=OrgUnit.objects.none(),
        error_messages={
            "invalid_choice": _("Choose an open unit that you administer."),
            "required": _("Choose the unit to move it under."),
        },
    )

    def __init__(self, *args, user, unit: OrgUnit, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        field = self.fields["parent"]
        field.queryset = selectors.parent_choices(user, day).order_by("path")
        # Only a superuser may make a unit a top-level one.
        field.required = not user.is_superuser
        field.empty_label = _("(top level: no parent)") if user.is_superuser else "---------"
        if unit.parent_id:
            field.initial = unit.parent_id

    def narrow_parent_choices(self, query: str) -> None:
        """List only the parents whose names or code match `query`."""
        self.fields["parent"].queryset = self.fields["parent"].queryset.matching(query)

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is not None and (parent.pk == self.unit.pk or parent.is_descendant_of(self.unit)):
            raise ValidationError(
                _("%(unit)s cannot go under itself or one of its own sub-units; choose a unit outside it.")
                % {"unit": self.unit},
                code="inside_own_subtree",
            )
        if (parent.pk if parent else None) == self.unit.parent_id:
            raise ValidationError(
                _("The unit is already there; choose a different parent unit."), code="unchanged"
            )
        return parent


class CloseUnitForm(ActionErrorsMixin, Form):
    """Close a unit on a date, naming the units that take over its work."""

    action_field_names = {"effective_to": "closed_on"}

    closed_on = forms.DateField(
        label=_("Closing date"),
        help_text=_("The last day the unit existed."),
        widget=iso_date_input(),
        error_messages={"required": _("Enter the last day the unit existed.")},
    )
    successors = UnitMultipleChoiceField(
        label=_("Successor units"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("The open units that take over its work and history."),
        error_messages={"invalid_choice": _("Choose open units that you can see, other than this one.")},
    )
    kind = forms.ChoiceField(label=_("Kind of change"), choices=UnitSuccession.Kind.choices, initial="merger")
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, unit: OrgUnit, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["successors"].queryset = (
            selectors.successor_choices(user, day).exclude(pk=unit.pk).order_by("path")
        )

    def clean_successors(self):
        # ModelMultipleChoiceField gives back a queryset; the action wants a list.
        return list(self.cleaned_data["successors"])


class TreeDayForm(AsOfForm):
    """The day whose tree the tree page shows; today when none is given."""

    as_of = as_of_field(help_text=_("Show the tree as it stood on this day: its units, places and names."))
