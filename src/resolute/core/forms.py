"""What every app's forms share: running an action from a form, putting the action's errors next to
the fields they name, the message for a form someone else saved first, and the date input.

Forms check the shape of the input; actions enforce the rules and raise `ValidationError` keyed by
field. `run_action` joins the two, so every page that writes answers a broken rule and a stale form
the same way."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext

from .exceptions import StaleObjectError


def iso_date_input():
    # A browser date picker sends and expects YYYY-MM-DD whatever the interface language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def renamed_error(error: ValidationError, renames: dict[str, str]) -> ValidationError:
    """The same error with the action's field names replaced by the form's (or the API's)."""
    if not renames or not hasattr(error, "error_dict"):
        return error
    return ValidationError({renames.get(name, name): errors for name, errors in error.error_dict.items()})


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
