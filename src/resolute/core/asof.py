"""The day a page judges everything on: `?as_of=YYYY-MM-DD`, today when it is missing or not a date,
the nearest day the platform keeps (1 January 1900 to 31 December 2100) when it is outside them.

Every page and endpoint that shows statuses "as of" a day reads it here, so they agree on what an
empty or malformed day means, and "today" always comes from the one clock (`core.clock`). A form's
day field refuses a day out of range with a message instead (`day_validators`)."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import clock
from .forms import Form, iso_date_input
from .periods import FIRST_YEAR, LAST_YEAR

AS_OF_PARAMETER = "as_of"
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


def day_validators() -> list:
    """For a form's day field: the day falls within the years the platform keeps."""
    # Filters build their fields once, at import: the message is put together in the reader's language.
    message = lazy(
        lambda: (
            gettext("Enter a day from %(first)s to %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        ),
        str,
    )()
    return [MinValueValidator(FIRST_DAY, message=message), MaxValueValidator(LAST_DAY, message=message)]


def day_or_today(value) -> date:
    """`value` (a date, an ISO date string, or nothing) as a day; today when none or not a date, the
    nearest day kept when it is out of range."""
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(value) if value else clock.today()
        except (TypeError, ValueError):
            return clock.today()
    return min(max(value, FIRST_DAY), LAST_DAY)


def as_of_from(request) -> date:
    """The day asked for in the request's query string, or today."""
    return day_or_today(request.GET.get(AS_OF_PARAMETER))


AS_OF_HELP = _("Count every task as it stood on this day.")


def as_of_field(help_text=AS_OF_HELP) -> forms.DateField:
    """The form field for the day, with the date picker and a message that says what to type."""
    return forms.DateField(
        label=_("As of"),
        required=False,
        widget=iso_date_input(),
        validators=day_validators(),
        help_text=help_text,
        error_messages={"invalid": _("Enter a date such as 2025-12-31.")},
    )


class AsOfForm(Form):
    """The day every status is judged on; today when none is given, shown filled in."""

    as_of = as_of_field()

    def __init__(self, data, **kwargs):
        data = data.copy()
        if not data.get(AS_OF_PARAMETER):
            data[AS_OF_PARAMETER] = clock.today().isoformat()
        super().__init__(data, **kwargs)

    def day(self) -> date:
        """The chosen day; today when the one given is not a date."""
        if self.is_valid() and self.cleaned_data[AS_OF_PARAMETER]:
            return self.cleaned_data[AS_OF_PARAMETER]
        return clock.today()
