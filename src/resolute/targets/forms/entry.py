"""Forms of the data-entry grid, the approval decisions and the opening of a locked period.

The grid has one number and one comment per owed indicator (named by the indicator's id) and one
vintage for the whole save, because `actions.save_values` saves one vintage at a time.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from resolute.core.forms import ExactDecimalField, Form
from resolute.core.xlsx import NOT_A_WORKBOOK, open_for_reading

from ..models import Vintage
from ..workbook import not_a_workbook


def value_field_name(indicator) -> str:
    return f"value_{indicator.pk}"


def comment_field_name(indicator) -> str:
    return f"comment_{indicator.pk}"


class EntryGridForm(Form):
    """One row per indicator: a number and a comment. Blank numbers are left alone."""

    vintage = forms.TypedChoiceField(
        label=_("Vintage"), choices=Vintage.choices, coerce=int, initial=Vintage.ESTIMATE
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[value_field_name(indicator)] = ExactDecimalField(
                label=indicator.display_name,
                required=False,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "num", "size": 10}),
            )
            self.fields[comment_field_name(indicator)] = forms.CharField(
                label=_("Comment on %(indicator)s") % {"indicator": indicator.code},
                required=False,
                max_length=2000,
                widget=forms.TextInput(attrs={"size": 24}),
            )

    def entries(self) -> list[tuple]:
        """(indicator, value, comment) for every row with a number."""
        rows = []
        for indicator in self.indicators:
            value = self.cleaned_data.get(value_field_name(indicator))
            if value is not None:
                rows.append((indicator, value, self.cleaned_data.get(comment_field_name(indicator), "")))
        return rows

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.entries():
            raise ValidationError(_("Enter at least one value."))
        return cleaned

    def add_action_error(self, error: ValidationError, by_code: dict) -> None:
        """Put each message of the action's error at the cell of the indicator it names."""
        for key, messages in error.message_dict.items():
            indicator = by_code.get(key)
            target = value_field_name(indicator) if indicator is not None else None
            for message in messages:
                self.add_error(target, message)

    def rows(self, previous: dict, current: dict, warnings: dict) -> list[dict]:
        """What the template draws for each indicator: its fields, the previous period's figure,
        the figure entered so far for this period, and any warning."""
        return [
            {
                "indicator": indicator,
                "value": self[value_field_name(indicator)],
                "comment": self[comment_field_name(indicator)],
                "previous": previous.get(indicator.pk),
                "current": current.get(indicator.pk),
                "warnings": warnings.get(indicator.code, []),
            }
            for indicator in self.indicators
        ]


class OpenPeriodForm(Form):
    until = forms.DateField(label=_("Open until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def add_action_error(self, error: ValidationError) -> None:
        for key, messages in error.message_dict.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


class DecisionForm(Form):
    """Approve or return the submitted values of one unit and period."""

    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return"))], widget=forms.HiddenInput
    )
    values = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=2000)

    def clean_values(self) -> list[int]:
        try:
            ids = [int(part) for part in self.cleaned_data["values"].split(",") if part.strip()]
        except ValueError as error:
            raise ValidationError(_("Choose the values to decide on.")) from error
        if not ids:
            raise ValidationError(_("Choose the values to decide on."))
        return ids

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the values are returned."))
        return cleaned


class ValueImportForm(Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_(
            "One value a row: indicator, unit, period, value, vintage, comment — as in the template."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an .xlsx file, such as the template."))
        # Opening the workbook reads only its index: a damaged file is refused here, at once.
        try:
            open_for_reading(uploaded).close()
        except NOT_A_WORKBOOK as error:
            raise ValidationError(not_a_workbook(uploaded.name)) from error
        finally:
            uploaded.seek(0)
        return uploaded
