"""What every app's forms share: the base classes that store text and numbers as typed, running an
action from a form, putting the action's errors next to the fields they name, the message for a form
someone else saved first, and the date input.

Every form of the platform is a `Form` or `ModelForm` from here (a filter's form too, through
`core.filters.FilterSet`): each text typed into it is read in NFC with bidirectional control
characters removed (`core.text.normalise_text`), so "Tiến" typed on a Mac is stored, searched and
compared as the same word typed on Windows. Passwords are left exactly as typed. A NUL character
is refused by Django's own check, next to the field. Every decimal field is an `ExactDecimalField`
(`model_form_fields` makes the fields of a model's decimal columns so), which refuses a number the
column would store changed (`core.numbers.exact_decimal`), next to the field it was typed in.
`core/tests/test_house_rules.py` checks both.

Forms check the shape of the input; actions enforce the rules and raise `ValidationError` keyed by
field. `run_action` joins the two, so every page that writes answers a broken rule and a stale form
the same way."""

from contextlib import contextmanager

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import fields_for_model
from django.utils.formats import date_format
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext

from .exceptions import StaleObjectError
from .numbers import DECIMAL_PLACES, MAX_DIGITS, exact_decimal
from .text import NulCharacterError, normalise_text


def _stored_text(value):
    if not isinstance(value, str):
        return value
    try:
        return normalise_text(value)
    except NulCharacterError:
        return value  # the field's own check refuses it, next to the field


def _is_typed_text(field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class StoredTextMixin:
    """Reads every text field of the form as it will be stored (NFC, no bidirectional controls),
    before any field, `clean_<name>` or action sees it; passwords are left as typed. Runs when the
    form is cleaned, so fields added in `__init__` are covered too. The form shows the text back as
    it was read."""

    def full_clean(self):
        if self.is_bound:
            self.data = self._with_stored_text(self.data)
        super().full_clean()

    def _with_stored_text(self, data):
        names = [self.add_prefix(name) for name, field in self.fields.items() if _is_typed_text(field)]
        names = [name for name in names if name in data]
        if not names:
            return data
        copy = data.copy()
        for name in names:
            if hasattr(data, "getlist"):
                copy.setlist(name, [_stored_text(value) for value in data.getlist(name)])
            elif isinstance(data[name], list | tuple):
                copy[name] = [_stored_text(value) for value in data[name]]
            else:
                copy[name] = _stored_text(data[name])
        return copy


class Form(StoredTextMixin, forms.Form):
    """The base of every form: text as it will be stored."""


class ModelForm(StoredTextMixin, forms.ModelForm):
    """The base of every model form: text as it will be stored. A model with decimal columns needs
    `formfield_callback = exact_formfield` in the form's Meta (the house rules check it)."""


class ExactDecimalField(forms.DecimalField):
    """A number stored exactly or refused, with the message next to the field: a value with more
    digits after the point than the column keeps (1e-30 would be stored as 0), more before it
    than fit (a 29-digit number, 1e309), or not a finite number. Trailing zeros are no loss:
    "1.50000000" is 1.5. The defaults are the size of every measured value's column."""

    def __init__(self, *, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        # exact_decimal judges the digits by the value, not by how it was written.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, validators.DecimalValidator)
        ]

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        return exact_decimal(number, self.max_digits, self.decimal_places)

    def validate(self, value):
        forms.Field.validate(self, value)  # the finite check is exact_decimal's, with its message


def exact_formfield(db_field, **kwargs):
    """The form field of a model column, with an `ExactDecimalField` for a decimal column."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", ExactDecimalField)
    return db_field.formfield(**kwargs)


def model_form_fields(model, fields, **kwargs) -> dict:
    """The form fields of `model`'s columns named in `fields` (as `fields_for_model` makes them),
    with every decimal column an `ExactDecimalField`."""
    return fields_for_model(model, fields=fields, formfield_callback=exact_formfield, **kwargs)


def iso_date_input():
    # A browser date picker sends and expects YYYY-MM-DD whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def renamed_error(error: ValidationError, renames: dict[str, str]) -> ValidationError:
    """The same error with the action's field names replaced by the form's (or the API's)."""
    if not renames or not hasattr(error, "error_dict"):
        return error
    return ValidationError({renames.get(name, name): errors for name, errors in error.error_dict.items()})


@contextmanager
def errors_renamed(renames: dict[str, str]):
    """Inside it, an action's `ValidationError` is raised again keyed by the names in `renames` (the
    API's `unit_id` for the action's `unit`), so every entry point names the field its caller sent."""
    try:
        yield
    except ValidationError as error:
        raise renamed_error(error, renames) from None


def form_errors(form) -> ValidationError:
    """A bound form's errors as one `ValidationError` keyed by field: what the API answers as a 422."""
    return ValidationError(
        {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    )


def saved_meanwhile_message(error: StaleObjectError) -> str:
    """A stale form on any record: who saved it since the form was opened, and what to do."""
    changed_at = localtime(error.changed_at) if is_aware(error.changed_at) else error.changed_at
    return gettext(
        "Someone else saved this in the meantime: %(person)s at %(time)s. "
        "Reload the page to see their changes, then make yours again."
    ) % {"person": error.changed_by, "time": date_format(changed_at, "SHORT_DATETIME_FORMAT")}


def run_action(form, write):
    """Run `write` (which calls an action) in one transaction. Returns (result, status): the result,
    or None with the error put on the form — 200 for a broken rule, 409 for a stale form."""
    try:
        with transaction.atomic():
            return write(), 200
    except ValidationError as error:
        form.add_action_error(error)
        return None, 200
    except StaleObjectError as error:
        form.add_error(None, saved_meanwhile_message(error))
        return None, 409


class ActionErrorsMixin:
    """For a form whose input goes to an action: `add_action_error` shows what the action refused."""

    # action field name -> this form's field name, where they differ
    action_field_names: dict[str, str] = {}

    def add_action_error(self, error: ValidationError) -> None:
        """Show an error raised by an action next to the field it names."""
        error = renamed_error(error, self.action_field_names)
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)
